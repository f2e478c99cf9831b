"""Characters an editor cannot see or cannot tell apart, refused wherever they are in a file.

A zero-width space in a name, a right-to-left override in a title, a control character, a
byte-order mark in mid-file or a no-break space where YAML expects a plain one all look like
nothing (or like something else) in an editor, yet change what the site shows or what the
file means. A Cyrillic ``і`` in an id looks like ``i`` but makes another address. Each is named
with its code point and what it is, in plain Chinese, at its line and column.

The whole text of a file is searched once with one regular expression, so a clean file (nearly
every file) costs one pass in C. Text values are also normalised to NFC (:func:`normal`), so that
what looks the same is the same.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from careguide.errors import Origin, Problem

_INVISIBLE: dict[str, str] = {
    "\u00ad": "软连字符",
    "\u061c": "阿拉伯文字方向标记",
    "\u180e": "蒙古文元音分隔符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u202a": "从左到右嵌入，文字方向控制",
    "\u202b": "从右到左嵌入，文字方向控制",
    "\u202c": "文字方向结束标记",
    "\u202d": "从左到右覆盖，文字方向控制",
    "\u202e": "从右到左覆盖，会把文字倒过来显示",
    "\u2060": "零宽不换行空格",
    "\u2061": "不可见的数学符号",
    "\u2062": "不可见的数学符号",
    "\u2063": "不可见的数学符号",
    "\u2064": "不可见的数学符号",
    "\u2066": "从左到右隔离，文字方向控制",
    "\u2067": "从右到左隔离，文字方向控制",
    "\u2068": "文字方向隔离",
    "\u2069": "文字方向隔离结束",
    "\ufeff": "字节顺序标记 BOM，只能出现在文件开头",
    "\ufff9": "不可见的注音标记",
    "\ufffa": "不可见的注音标记",
    "\ufffb": "不可见的注音标记",
    "\u0085": "换行符 NEL",
    "\u2028": "行分隔符",
    "\u2029": "段落分隔符",
}
"""Invisible characters that have no place in content, and what each is."""

_SPACES: dict[str, str] = {
    "\u00a0": "不间断空格",
    "\u1680": "欧甘文空格",
    "\u2000": "特殊宽度的空格",
    "\u2001": "特殊宽度的空格",
    "\u2002": "特殊宽度的空格",
    "\u2003": "特殊宽度的空格",
    "\u2004": "特殊宽度的空格",
    "\u2005": "特殊宽度的空格",
    "\u2006": "特殊宽度的空格",
    "\u2007": "特殊宽度的空格",
    "\u2008": "特殊宽度的空格",
    "\u2009": "特殊宽度的空格",
    "\u200a": "特殊宽度的空格",
    "\u202f": "窄不间断空格",
    "\u205f": "数学空格",
}
"""Spaces that look like a plain space but are not one (YAML and phone numbers tell them apart)."""

_IDEOGRAPHIC = "\u3000"
"""The full-width space: fine inside Chinese text, wrong where YAML expects a plain space."""

_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "к": "k", "м": "m", "н": "h", "т": "t",
    "в": "b", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J",
    "ο": "o", "α": "a", "ν": "v", "ι": "i", "ρ": "p", "κ": "k", "τ": "t", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}  # fmt: skip
"""Cyrillic and Greek letters that look like Latin ones, and the Latin letter they imitate."""

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
_ODD_SPACES = "".join(_SPACES) + _IDEOGRAPHIC
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_LETTERS = "\u0400-\u04ff" + "".join(letter for letter in _LOOKALIKES if letter <= "\u03ff")
"""Cyrillic letters, and the Greek ones that look like Latin letters: ``μ`` in ``μg`` and ``β``
in ``β-胡萝卜素`` are symbols an editor means."""
_REFUSED = re.compile(
    f"[{_CONTROLS}{''.join(_INVISIBLE)}{''.join(_SPACES)}]"
    # a full-width space where YAML expects a plain one: after a key's colon or a list's dash,
    # or as the indentation of a key or a list item
    rf"|^[ \t]*(?:-[ \t]+)*(?:{_KEY}:|-)(?P<after>{_IDEOGRAPHIC})"
    rf"|^[ \t]*(?P<indent>{_IDEOGRAPHIC})[ \t{_IDEOGRAPHIC}]*(?=-[ \t]|{_KEY}:)"
    # a Cyrillic or Greek letter next to a Latin one, as in an id or an abbreviation
    rf"|(?<=[A-Za-z])(?P<before>[{_LETTERS}])|(?P<next>[{_LETTERS}])(?=[A-Za-z])",
    re.MULTILINE,
)
_CANDIDATES = re.compile(
    f"[{_CONTROLS}{''.join(_INVISIBLE)}{''.join(_SPACES)}{_IDEOGRAPHIC}{_LETTERS}]"
)
"""Any character that may be refused: one character class, so a clean file is scanned fast."""
MAX_REPORTED = 20
"""At most this many characters are reported per file: a pasted block may hold hundreds."""


def refused_characters(path: Path, text: str) -> list[Problem]:
    """Every refused character of a file's text, each at its line and column."""
    if not _CANDIDATES.search(text):
        return []
    problems = []
    for found in _REFUSED.finditer(text):
        group = found.lastgroup
        start = found.start(group) if group else found.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(Problem(Origin(path), *describe(text[start]), line, column))
        if len(problems) == MAX_REPORTED:
            break
    return problems


def describe(character: str) -> tuple[str, str]:
    """What a refused character is and how to fix it: the message and the hint."""
    code = f"U+{ord(character):04X}"
    if character in _LOOKALIKES or "\u0370" <= character <= "\u04ff":
        script = "希腊字母" if character <= "\u03ff" else "西里尔字母"
        latin = _LOOKALIKES.get(character)
        looks = f"，看起来像英文字母 {latin}，但不是" if latin else "，混在英文字母中间"
        return (
            f"这里的 “{character}” 是{script}（{code}）{looks}",
            f"删掉它，切换到英文输入法重新输入{f' {latin}' if latin else ''}",
        )
    if character == _IDEOGRAPHIC:
        return (
            f"这里有全角空格（{code}），YAML 要的是半角空格",
            "把它换成普通的半角空格；缩进和冒号后面都只能用半角空格",
        )
    if character in _SPACES:
        return (
            f"这里有看起来像空格的特殊字符 {code}（{_SPACES[character]}）",
            "把它删掉，换成普通的半角空格（多半是从网页或文档里复制时带进来的）",
        )
    if character in _INVISIBLE:
        return (
            f"这里有看不见的字符 {code}（{_INVISIBLE[character]}）",
            "删除这个字符（多半是从网页、聊天软件或文档里复制时带进来的）；编辑器里可能看不出来，"
            "可以删掉前后各一个字再重新输入",
        )
    return (
        f"文件里有不可见的控制字符（{code}）",
        "删除这个字符（多半是从别处复制时带进来的）；需要换行就直接回车",
    )


def refused_in_value(value: str) -> str | None:
    """The first refused character of a text written with escapes (``"\\u200b"``), if any.

    ``\\r`` is a line break like ``\\n``: a one-line field refuses both (:mod:`.fields`)."""
    for character in value:
        if (
            character in _INVISIBLE
            or character in _SPACES
            or (character < " " and character not in "\t\n\r")
            or "\x7f" <= character <= "\x9f"
        ):
            return character
    return None


def normal(value: str) -> str:
    """Text in NFC: a character and its decomposed spelling (e + ◌́) are one and the same."""
    if value.isascii():
        return value
    return unicodedata.normalize("NFC", value)
