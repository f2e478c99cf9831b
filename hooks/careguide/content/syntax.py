"""What a YAML syntax error means, said in Chinese with the fix, at the right line and column."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from careguide.errors import Origin, Problem

ALIASES = ("不支持 YAML 锚点和别名（& 和 *）", "请把要重复的内容直接写出来")
TAGS = (
    "不允许的 YAML 标签（以 ! 开头）",
    "删除 ! 开头的标签，直接写值；内容文件里不能包含可执行的指令",
)
TOO_DEEP = ("嵌套层数太多", "检查方括号 [ ] 和花括号 { } 是否成对；内容不需要嵌套这么多层")


def problem_at(path: Path, mark: yaml.Mark | None, message: str, hint: str) -> Problem:
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    return Problem(Origin(path), message, hint, line, column)


_DOCUMENTS = (
    "一个文件里只能有一份内容（这里出现了 --- 或 ...）",
    "删除这一行；另一份内容请放到另一个文件里",
)

_SYNTAX_HINTS: tuple[tuple[str, bool, str, str], ...] = (
    # (text in the parser's message, point at where the construct began?, message, hint)
    ("could not determine a constructor", False, *TAGS),
    ("tag", False, *TAGS),
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
    ("maximum nesting depth", False, *TOO_DEEP),
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
    ("document", False, *_DOCUMENTS),
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


def syntax_problem(path: Path, source: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark
    if mark is not None and "\t" in _indentation(source, mark.line):
        return problem_at(
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
    if "document" in text and mark is not None:
        marker = _document_marker(source, mark.line)
        if marker is not None:
            return Problem(Origin(path), *_DOCUMENTS, marker, 1)
    for needle, at_start, message, hint in _SYNTAX_HINTS:
        if needle in text:
            where = exc.context_mark if at_start and exc.context_mark else exc.problem_mark
            return problem_at(path, where, message, hint)
    return problem_at(
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


def _document_marker(source: str, line_index: int) -> int | None:
    """The line of the ``---`` or ``...`` that ended the file's one document, at or before the
    line the parser stopped at (it stops at the next content, after comments and blank lines)."""
    lines = source.splitlines()[: line_index + 1]
    for number in range(len(lines) - 1, -1, -1):
        if re.match(r"(?:---|\.\.\.)(?:[ \t]|$)", lines[number]):
            return number + 1
    return None


def _indentation(source: str, line_index: int) -> str:
    lines = source.splitlines()
    if not 0 <= line_index < len(lines):
        return ""
    line = lines[line_index]
    return line[: len(line) - len(line.lstrip(" \t"))]
