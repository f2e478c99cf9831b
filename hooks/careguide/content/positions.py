"""Where a value sits in a content file: a key path resolved to a line and column.

Only problems need positions, so they are found late: the file is parsed again into nodes (kept
for the few files with problems) and the key path walked down to the node.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from careguide.content import sheets
from careguide.content.documents import YamlLoader, read_text
from careguide.content.tables import TABLE_SUFFIXES
from careguide.errors import KeyPath, Origin, Problem


def locate(problem: Problem) -> Problem:
    """Return the problem with its line and column filled in from its origin's key path."""
    if problem.line is not None:
        return problem
    if problem.origin.file.suffix in TABLE_SUFFIXES:
        return sheets.locate(problem)
    line, column = _position(problem.origin.file, problem.origin.keypath, problem.at_key)
    return Problem(problem.origin, problem.message, problem.hint, line, column, problem.at_key)


def _position(file: Path, keypath: KeyPath, at_key: bool) -> tuple[int, int]:
    try:
        node = _node_tree(file, file.stat().st_mtime_ns)
    except OSError:
        return 1, 1
    if node is None:
        return 1, 1
    key_node: yaml.Node | None = None
    for step in keypath:
        child = _child(node, step)
        if child is None:
            break
        key_node, node = child
    mark = (key_node if at_key and key_node is not None else node).start_mark
    return mark.line + 1, mark.column + 1


def _child(node: yaml.Node, step: Any) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and _same_key(key, step):
                return key, value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return None, node.value[step]
    return None


def _same_key(key: yaml.ScalarNode, step: Any) -> bool:
    """Whether a key node is the key ``step``: keys are read as the text typed (``yes``, ``1``
    and ``~`` too, see :mod:`careguide.content.documents`)."""
    return isinstance(step, str) and key.value == step


@functools.lru_cache(maxsize=64)
def _node_tree(file: Path, _mtime_ns: int) -> yaml.Node | None:
    text = read_text(file)
    if isinstance(text, Problem):
        return None
    try:
        return yaml.compose(text, Loader=YamlLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def where(origin: Origin, root: Path, key: KeyPath = ("id",)) -> str:
    """``content/centres/x.yml:12``: the file (relative to ``root``) and the line of ``key``
    (the id) of the record at ``origin`` (of the record itself when it has none); a file that
    is not content (a hand-written page) is named without a line."""
    try:
        shown = origin.file.relative_to(root).as_posix()
    except ValueError:
        shown = origin.file.as_posix()
    if origin.file.suffix in TABLE_SUFFIXES:
        cell = locate(Problem(origin.child(*key), "", ""))
        return cell.place(root) if cell.cell else shown
    if origin.file.suffix != ".yml":
        return shown
    return f"{shown}:{locate(Problem(origin.child(*key), '', '')).line}"
