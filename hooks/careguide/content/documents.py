"""Reading YAML content files safely into plain data (a :class:`Document` per file).

Loading is the hot path (tens of thousands of records at province scale), so values are built
with PyYAML's C parser and the safe constructor, without keeping positions: they are found only
when something is wrong (:mod:`careguide.content.positions`). Duplicate keys, tags, anchors,
aliases and merge keys are refused, and so is a file over :data:`MAX_FILE_BYTES`; a file that
does not parse is explained in Chinese (:mod:`careguide.content.syntax`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from careguide.content import scalars
from careguide.content.characters import describe, normal, refused_characters, refused_in_value
from careguide.content.syntax import ALIASES, TAGS, TOO_DEEP, problem_at, syntax_problem
from careguide.errors import Origin, Problem
from careguide.store import read_pickle, write_pickle

YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest content file read: 5 MB is hundreds of times a big chapter or a year of classes,
and refusing more keeps a pasted dump or a generated file from stalling every build."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"


class _StrictYamlLoader(YamlLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys, YAML aliases and merge keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasUsed(node)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Keys are the text as typed: ``yes:``, ``2027:`` and ``~:`` name fields, they are not
        booleans, numbers or nothing (so messages and positions find them as written)."""
        mapping: dict[Any, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise _BadValue(
                    key_node,
                    "不支持 YAML 合并键 “<<”",
                    "请把要合并的内容直接写出来",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _BadValue(
                    key_node,
                    "键不能是列表或键值对",
                    "键名写成普通文字，例如 name:；以 ? 或 [ 开头的值请加引号",
                )
            key = str(key_node.value)
            if key in seen:
                raise _DuplicateKey(key, seen[key], key_node)
            seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        """Text in NFC; an invisible character written as an escape (``"\\u200b"``) is refused
        like one typed directly (:mod:`careguide.content.characters`)."""
        value = normal(self.construct_scalar(node))
        if node.style == '"':
            character = refused_in_value(value)
            if character is not None:
                raise _BadValue(node, *describe(character))
        return value

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:
        """``yes``, ``on``, ``off`` are kept as typed (:mod:`careguide.content.scalars`)."""
        return scalars.bool_value(node.value, super().construct_yaml_bool(node))

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """``030`` (octal), ``1:30`` (sexagesimal), ``1_000``, ``0x1F`` are kept as typed."""
        return scalars.int_value(node.value, super().construct_yaml_int(node))

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        """``1:30.5``, ``.inf``, ``1_0.5`` are kept as typed."""
        return scalars.float_value(node.value, super().construct_yaml_float(node))

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date that does not exist (2026-02-30) stays text: validation then says so, along
        with every other problem of the file."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return str(node.value)

    def construct_yaml_value(self, node: yaml.ScalarNode) -> str:
        """A lone ``=`` is YAML 1.1's "value" key: here it is just the text ``=``."""
        return str(node.value)


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_StrictYamlLoader.add_constructor(_TIMESTAMP_TAG, _StrictYamlLoader.construct_yaml_timestamp)
_StrictYamlLoader.add_constructor(_VALUE_TAG, _StrictYamlLoader.construct_yaml_value)
for _kind in ("str", "bool", "int", "float"):
    _StrictYamlLoader.add_constructor(
        f"tag:yaml.org,2002:{_kind}", getattr(_StrictYamlLoader, f"construct_yaml_{_kind}")
    )


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


_SAVE_AS_UTF8 = "请用“UTF-8”编码另存此文件（记事本：另存为 → 编码选 UTF-8）"


def read_text(path: Path) -> str | Problem:
    """Read a content file as UTF-8, with ``\n`` line endings; a leading byte-order mark is
    accepted and dropped.

    Editors on Windows (Notepad) add the mark when saving as UTF-8; it is invisible, harmless
    and would otherwise be read as part of the first key.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(
                Origin(path),
                f"文件太大（{size / 1024 / 1024:.1f} MB，每个文件最多 "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB）",
                "请把内容拆成几个较小的文件，例如课程每月一个文件",
                1,
                1,
            )
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(
            Origin(path),
            f"无法读取文件（{exc.strerror or exc}）",
            "检查文件是否存在、是否有读取权限，或关闭正在占用它的程序",
            1,
            1,
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(Origin(path), "文件是 UTF-16 编码", _SAVE_AS_UTF8, 1, 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return Problem(
            Origin(path),
            f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法识别）",
            _SAVE_AS_UTF8,
            line,
            column,
        )
    # One kind of line ending (old Mac files end lines with \r alone), so that every line
    # and column counted anywhere is the line and column the editor sees.
    return text.replace("\r\n", "\n").replace("\r", "\n")


_READER_CODE = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("documents.py", "scalars.py", "characters.py", "syntax.py")
    )
).digest()
"""The code that turns bytes into data: a parse kept by an earlier version is not reused."""


class ParseCache:
    """Parsed files kept by the hash of their bytes, so an unchanged file is not parsed again.

    Rebuilds (``mkdocs serve``, the daily build) then spend no time on YAML for files that did
    not change. Only files that parsed without a problem are kept.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, path: Path) -> Document | list[Problem]:
        try:
            raw = path.read_bytes()
        except OSError:
            return load_document(path)
        entry = self.folder / f"{hashlib.sha256(_READER_CODE + raw).hexdigest()}.pickle"
        data = read_pickle(entry)
        if data is not None:
            return Document(path, data)
        loaded = load_document(path)
        if isinstance(loaded, Document):
            write_pickle(entry, loaded.data)
        return loaded


def load_document(path: Path) -> Document | list[Problem]:
    """Parse one YAML file, or describe why it cannot be parsed."""
    text = read_text(path)
    if isinstance(text, Problem):
        return [text]
    characters = refused_characters(path, text)
    if characters:
        return characters
    problem = _parse(path, text)
    return [problem] if isinstance(problem, Problem) else problem


def _parse(path: Path, text: str) -> Document | Problem:
    refused = _refused_token(path, text)
    if refused is not None:
        return refused
    try:
        data = yaml.load(text, Loader=_StrictYamlLoader)
    except _DuplicateKey as dup:
        first = dup.first.start_mark
        return problem_at(
            path,
            dup.second.start_mark,
            f"重复的键 “{dup.key}”（第 {first.line + 1} 行已经写过）",
            "同一层里每个键只能出现一次：删除其中一个，或合并两处内容",
        )
    except _AliasUsed as alias:
        return problem_at(path, alias.node.start_mark, *ALIASES)
    except _BadValue as bad:
        return problem_at(path, bad.node.start_mark, bad.message, bad.hint)
    except yaml.MarkedYAMLError as exc:
        return syntax_problem(path, text, exc)
    except yaml.reader.ReaderError as exc:
        line, column = _byte_position(text, exc.position)
        return Problem(
            Origin(path),
            f"文件里有不可见的控制字符（U+{exc.character:04X}）",
            "删除这个字符（多半是从别处复制时带进来的）；需要换行就直接回车",
            line,
            column,
        )
    except RecursionError:
        return Problem(Origin(path), *TOO_DEEP, 1, 1)
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a position
        return Problem(Origin(path), f"YAML 无法解析：{exc}", "请检查文件格式", 1, 1)
    if data is None:
        return Problem(Origin(path), "文件是空的", "请填写内容，或删除这个文件", 1, 1)
    return Document(path, data)


def _refused_token(path: Path, text: str) -> Problem | None:
    """A tag (``!…``) or an anchor (``&…``) anywhere in the file.

    Only files that contain ``!`` or ``&`` are scanned, so ordinary content costs nothing.
    A file that does not even scan is left to the parser, which explains what is wrong.
    """
    if "!" not in text and "&" not in text:
        return None
    try:
        for token in yaml.scan(text, Loader=YamlLoader):
            if isinstance(token, yaml.TagToken):
                return problem_at(path, token.start_mark, *TAGS)
            if isinstance(token, yaml.AnchorToken):
                return problem_at(path, token.start_mark, *ALIASES)
    except (yaml.YAMLError, RecursionError):
        return None
    return None


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a reader error's offset: libyaml counts UTF-8 bytes, PyYAML's pure
    Python reader counts characters."""
    if YamlLoader is yaml.SafeLoader:
        before = text[:offset]
    else:
        before = text.encode("utf-8")[:offset].decode("utf-8", "replace")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1
