"""Reading YAML content files safely, and finding where a value sits in a file.

Loading is the hot path (tens of thousands of records at province scale), so values are built
with PyYAML's C parser and the safe constructor, without keeping positions. Positions are only
needed when something is wrong: :func:`locate` parses the file again into nodes and walks the
key path to the line and column. Duplicate keys, aliases and any non-standard tag are refused.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from careguide.errors import KeyPath, Origin, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys and YAML aliases."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasUsed(node)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    None, None, "unhashable key", key_node.start_mark
                )
            if key in seen:
                raise _DuplicateKey(key, seen[key], key_node)
            seen[key] = key_node
        # Keys were constructed above: forget them so they are not mistaken for aliases.
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _BadValue(
                node,
                f"日期或时间 “{node.value}” 不存在",
                "检查月份（1–12）、日期（该月的天数）和时刻（00:00–23:59），例如 2026-12-05",
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


class _BadValue(Exception):
    def __init__(self, node: yaml.Node, message: str, hint: str) -> None:
        super().__init__(message)
        self.node, self.message, self.hint = node, message, hint


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first: yaml.Node, second: yaml.Node) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _AliasUsed(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__("alias")
        self.node = node


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: its path and its plain Python data."""

    path: Path
    data: Any

    @property
    def origin(self) -> Origin:
        return Origin(self.path)


def read_text(path: Path) -> str | Problem:
    """Read a content file as UTF-8 (a leading byte-order mark is dropped)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return Problem(
            Origin(path),
            f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法识别）",
            "请用“UTF-8”编码另存此文件（记事本：另存为 → 编码选 UTF-8）",
            line,
            column,
        )


def load_document(path: Path) -> Document | Problem:
    """Parse one YAML file, or describe why it cannot be parsed."""
    text = read_text(path)
    if isinstance(text, Problem):
        return text
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except _DuplicateKey as dup:
        first = dup.first.start_mark
        return _problem_at(
            path,
            dup.second.start_mark,
            f"重复的键 “{dup.key}”（第 {first.line + 1} 行已经写过）",
            "同一层里每个键只能出现一次：删除其中一个，或合并两处内容",
        )
    except _AliasUsed as alias:
        return _problem_at(
            path,
            alias.node.start_mark,
            "不支持 YAML 锚点和别名（& 和 *）",
            "请把要重复的内容直接写出来",
        )
    except _BadValue as bad:
        return _problem_at(path, bad.node.start_mark, bad.message, bad.hint)
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(path, text, exc)
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a position
        return Problem(Origin(path), f"YAML 无法解析：{exc}", "请检查文件格式", 1, 1)
    if data is None:
        return Problem(Origin(path), "文件是空的", "请填写内容，或删除这个文件", 1, 1)
    return Document(path, data)


def _problem_at(path: Path, mark: yaml.Mark | None, message: str, hint: str) -> Problem:
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    return Problem(Origin(path), message, hint, line, column)


_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "could not determine a constructor",
        "不允许的 YAML 标签（以 ! 开头）",
        "删除 ! 开头的标签，直接写值；内容文件里不能包含可执行的指令",
    ),
    (
        "mapping values are not allowed here",
        "这里不能出现冒号后接值",
        "如果值里含有“: ”，请给整段值加上引号；否则检查上一行的缩进",
    ),
    (
        "expected <block end>",
        "缩进不一致",
        "同一层的键要左对齐；检查这一行和上一行的空格数",
    ),
    (
        "found unexpected end of stream",
        "引号或括号没有闭合",
        "检查这一段里的引号 \" 或 ' 以及 [ ] { } 是否成对",
    ),
    (
        "found character that cannot start any token",
        "这里有 YAML 不认识的字符",
        "值以 @ 或 ` 开头时请加引号",
    ),
)


def _syntax_problem(path: Path, source: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark
    if mark is not None and "\t" in _indentation(source, mark.line):
        return _problem_at(
            path,
            mark,
            "这一行用了 Tab 制表符缩进",
            "YAML 只能用空格缩进：把 Tab 换成空格（通常每级 2 个空格）",
        )
    text = f"{exc.problem or ''} {exc.context or ''}"
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in text:
            return _problem_at(path, exc.problem_mark, message, hint)
    return _problem_at(
        path,
        exc.problem_mark,
        f"YAML 格式错误（{(exc.problem or '').strip()}）",
        "检查这一行及上一行的缩进、冒号和引号",
    )


def _indentation(source: str, line_index: int) -> str:
    lines = source.splitlines()
    if not 0 <= line_index < len(lines):
        return ""
    line = lines[line_index]
    return line[: len(line) - len(line.lstrip(" \t"))]


def locate(problem: Problem) -> Problem:
    """Return the problem with its line and column filled in from its origin's key path."""
    if problem.line is not None:
        return problem
    line, column = _position(problem.origin.file, problem.origin.keypath, problem.at_key)
    return Problem(problem.origin, problem.message, problem.hint, line, column, problem.at_key)


def _position(file: Path, keypath: KeyPath, at_key: bool) -> tuple[int, int]:
    node = _node_tree(file, file.stat().st_mtime_ns)
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


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                return key, value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return None, node.value[step]
    return None


@functools.lru_cache(maxsize=64)
def _node_tree(file: Path, _mtime_ns: int) -> yaml.Node | None:
    text = read_text(file)
    if isinstance(text, Problem):
        return None
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
