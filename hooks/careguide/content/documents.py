"""Reading YAML content files safely, and finding where a value sits in a file.

Loading is the hot path (tens of thousands of records at province scale), so values are built
with PyYAML's C parser and the safe constructor, without keeping positions. Positions are only
needed when something is wrong: :func:`locate` parses the file again into nodes and walks the
key path to the line and column. Duplicate keys, tags, anchors, aliases and merge keys are
refused, and so is a file over :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from careguide.errors import KeyPath, Origin, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest content file read: 5 MB is hundreds of times a big chapter or a year of classes,
and refusing more keeps a pasted dump or a generated file from stalling every build."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"


class _StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys, YAML aliases and merge keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasUsed(node)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                raise _BadValue(
                    key_node,
                    "不支持 YAML 合并键 “<<”",
                    "请把要合并的内容直接写出来",
                )
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise _BadValue(
                    key_node,
                    "键不能是列表或键值对",
                    "键名写成普通文字，例如 name:；以 ? 或 [ 开头的值请加引号",
                )
            if key in seen:
                raise _DuplicateKey(key, seen[key], key_node)
            seen[key] = key_node
        # Keys were constructed above: forget them so they are not mistaken for aliases.
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep=deep)

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


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)
_StrictLoader.add_constructor(_VALUE_TAG, _StrictLoader.construct_yaml_value)


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
    """Read a content file as UTF-8; a leading byte-order mark is accepted and dropped.

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
        return raw.decode("utf-8-sig")
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


class ParseCache:
    """Parsed files kept by the hash of their bytes, so an unchanged file is not parsed again.

    Rebuilds (``mkdocs serve``, the daily build) then spend no time on YAML for files that did
    not change. Only files that parsed without a problem are kept.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, path: Path) -> Document | Problem:
        try:
            raw = path.read_bytes()
        except OSError:
            return load_document(path)
        entry = self.folder / f"{hashlib.sha256(raw).hexdigest()}.pickle"
        try:
            return Document(path, pickle.loads(entry.read_bytes()))
        except (OSError, pickle.UnpicklingError, EOFError):
            pass
        loaded = load_document(path)
        if isinstance(loaded, Document):
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = entry.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(loaded.data, pickle.HIGHEST_PROTOCOL))
            temporary.replace(entry)
        return loaded


def load_document(path: Path) -> Document | Problem:
    """Parse one YAML file, or describe why it cannot be parsed."""
    text = read_text(path)
    if isinstance(text, Problem):
        return text
    refused = _refused_token(path, text)
    if refused is not None:
        return refused
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
        return _problem_at(path, alias.node.start_mark, *_ALIASES)
    except _BadValue as bad:
        return _problem_at(path, bad.node.start_mark, bad.message, bad.hint)
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(path, text, exc)
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
        return Problem(Origin(path), *_TOO_DEEP, 1, 1)
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a position
        return Problem(Origin(path), f"YAML 无法解析：{exc}", "请检查文件格式", 1, 1)
    if data is None:
        return Problem(Origin(path), "文件是空的", "请填写内容，或删除这个文件", 1, 1)
    return Document(path, data)


_ALIASES = ("不支持 YAML 锚点和别名（& 和 *）", "请把要重复的内容直接写出来")
_TAGS = (
    "不允许的 YAML 标签（以 ! 开头）",
    "删除 ! 开头的标签，直接写值；内容文件里不能包含可执行的指令",
)
_TOO_DEEP = ("嵌套层数太多", "检查方括号 [ ] 和花括号 { } 是否成对；内容不需要嵌套这么多层")


def _refused_token(path: Path, text: str) -> Problem | None:
    """A tag (``!…``) or an anchor (``&…``) anywhere in the file.

    Only files that contain ``!`` or ``&`` are scanned, so ordinary content costs nothing.
    A file that does not even scan is left to the parser, which explains what is wrong.
    """
    if "!" not in text and "&" not in text:
        return None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.TagToken):
                return _problem_at(path, token.start_mark, *_TAGS)
            if isinstance(token, yaml.AnchorToken):
                return _problem_at(path, token.start_mark, *_ALIASES)
    except (yaml.YAMLError, RecursionError):
        return None
    return None


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a reader error's offset: libyaml counts UTF-8 bytes, PyYAML's pure
    Python reader counts characters."""
    if _Loader is yaml.SafeLoader:
        before = text[:offset]
    else:
        before = text.encode("utf-8")[:offset].decode("utf-8", "replace")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _problem_at(path: Path, mark: yaml.Mark | None, message: str, hint: str) -> Problem:
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    return Problem(Origin(path), message, hint, line, column)


_SYNTAX_HINTS: tuple[tuple[str, bool, str, str], ...] = (
    # (text in the parser's message, point at where the construct began?, message, hint)
    ("could not determine a constructor", False, *_TAGS),
    ("tag", False, *_TAGS),
    (
        "alias",
        True,
        "值不能以 * 开头",
        "以 * 或 & 开头的值（例如 Markdown 的 **加粗**）要整段加上引号",
    ),
    (
        "anchor",
        True,
        "值不能以 & 开头",
        "以 * 或 & 开头的值要整段加上引号",
    ),
    ("maximum nesting depth", False, *_TOO_DEEP),
    (
        "mapping values are not allowed",
        False,
        "这里不能出现冒号后接值",
        "如果值里含有“: ”，请给整段值加上引号；否则检查上一行的缩进",
    ),
    (
        "could not find expected ':'",
        True,
        "这一行缺少冒号",
        "每行写成“键: 值”：英文冒号，冒号后加一个空格；长文字换行时要用 | 或 >",
    ),
    (
        "while scanning a quoted scalar",
        True,
        "引号没有闭合",
        "从这里开始的引号 \" 或 ' 要在同一段值的末尾再写一个",
    ),
    (
        "did not find expected ',' or ']'",
        True,
        "方括号 [ ] 没有闭合，或两项之间缺少逗号",
        "写成 [甲, 乙]：项之间用英文逗号，最后写 ]",
    ),
    (
        "did not find expected ',' or '}'",
        True,
        "花括号 { } 没有闭合，或两项之间缺少逗号",
        "写成 {id: 甲, name: 乙}：项之间用英文逗号，最后写 }",
    ),
    (
        "found unexpected end of stream",
        True,
        "引号或括号没有闭合",
        "检查这一段里的引号 \" 或 ' 以及 [ ] { } 是否成对",
    ),
    (
        "did not find expected key",
        False,
        "缩进不一致，或值的后面多了内容",
        "同一层的键要左对齐；值里有引号时，整段值都要放进引号里",
    ),
    (
        "expected <block end>",
        False,
        "缩进不一致",
        "同一层的键要左对齐；检查这一行和上一行的空格数",
    ),
    (
        "did not find expected '-' indicator",
        False,
        "列表的缩进不一致",
        "同一列表的每一项都以“- ”开头，并且左对齐",
    ),
    (
        "found unknown escape character",
        False,
        "双引号里的反斜杠 \\ 后面不是有效的转义",
        "把双引号换成单引号，或把 \\ 写成 \\\\",
    ),
    (
        "document",
        False,
        "一个文件里只能有一份内容（这里出现了 --- 或 ...）",
        "删除这一行；另一份内容请放到另一个文件里",
    ),
    (
        "directive",
        False,
        "以 % 开头的行是 YAML 指令",
        "删除这一行；如果这是正文，请给整段值加上引号",
    ),
    (
        "while scanning a block scalar",
        False,
        "| 或 > 后面只能换行",
        "把文字写到下一行，并比键多缩进两个空格",
    ),
    (
        "mapping keys are not allowed",
        False,
        "值不能以 ? 开头",
        '请给整段值加上引号，例如 "?号"',
    ),
    (
        "found unexpected ':'",
        False,
        "这里多了一个冒号",
        "方括号 [ ] 或花括号 { } 里的值含有冒号时，请给这个值加上引号",
    ),
    (
        "block sequence entries are not allowed",
        False,
        "“- ” 不能写在这里",
        "列表的每一项另起一行，以“- ”开头，并比上一级的键多缩进两个空格",
    ),
    (
        "did not find expected node content",
        False,
        "这里缺少值，或多了符号",
        "检查 ] } , 等符号是否多余；值以这些符号开头时请整段加上引号",
    ),
    (
        "found character that cannot start any token",
        False,
        "这里有 YAML 不认识的字符",
        "值以 @ 或 ` 开头时请加引号",
    ),
)

_FULLWIDTH_COLON = re.compile(r"^[ \t]*(?:- +)?[A-Za-z_][A-Za-z0-9_]*[ \t]*：")


def _syntax_problem(path: Path, source: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark
    if mark is not None and "\t" in _indentation(source, mark.line):
        return _problem_at(
            path,
            mark,
            "这一行用了 Tab 制表符缩进",
            "YAML 只能用空格缩进：把 Tab 换成空格（通常每级 2 个空格）",
        )
    if mark is not None:
        colon = _fullwidth_colon(source, mark.line)
        if colon is not None:
            return Problem(
                Origin(path),
                "键后面用了中文冒号“：”",
                "改成英文冒号加空格“: ”，例如 name: 正定县",
                colon[0],
                colon[1],
            )
    text = f"{exc.problem or ''} {exc.context or ''}"
    for needle, at_start, message, hint in _SYNTAX_HINTS:
        if needle in text:
            where = exc.context_mark if at_start and exc.context_mark else exc.problem_mark
            return _problem_at(path, where, message, hint)
    return _problem_at(
        path,
        exc.problem_mark,
        f"YAML 格式错误（{(exc.problem or '').strip()}）",
        "检查这一行及上一行的缩进、冒号和引号",
    )


def _fullwidth_colon(source: str, line_index: int) -> tuple[int, int] | None:
    """A ``key：`` (full-width colon) on the line of a syntax error or the line before."""
    lines = source.splitlines()[: line_index + 1]
    for number in range(len(lines) - 1, max(len(lines) - 3, -1), -1):
        found = _FULLWIDTH_COLON.match(lines[number])
        if found:
            return number + 1, found.end()
    return None


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
    """Whether a key node is the key ``step``; keys such as ``1`` or ``yes`` are not text."""
    if key.tag == "tag:yaml.org,2002:str":
        return key.value == step
    try:
        value = yaml.load(key.value, Loader=_Loader)
    except yaml.YAMLError:
        return False
    return type(value) is type(step) and value == step


@functools.lru_cache(maxsize=64)
def _node_tree(file: Path, _mtime_ns: int) -> yaml.Node | None:
    text = read_text(file)
    if isinstance(text, Problem):
        return None
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
