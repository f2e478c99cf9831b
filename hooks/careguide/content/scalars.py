"""Plain YAML values that YAML 1.1 reads as something other than what the editor typed.

PyYAML follows YAML 1.1: ``yes``, ``on`` and ``off`` are booleans, ``030`` is the octal number
24, ``1:30`` is the sexagesimal 90 and ``1_000`` is 1000. A value written that way is kept as a
:class:`Misread` (the text as typed and what YAML would make of it) instead of the number or
boolean: no field type accepts one, so validation refuses it and
:mod:`careguide.content.messages` says what the editor meant to write. Canonical forms (``true``,
``30``, ``-2``, ``1.5``) are read as usual, so ordinary content pays one regex match per number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CANONICAL_BOOLS = frozenset({"true", "false", "True", "False", "TRUE", "FALSE"})
_CANONICAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_CANONICAL_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")


@dataclass(frozen=True)
class Misread:
    """A plain scalar YAML 1.1 reads differently from how it looks: ``030`` as 24."""

    text: str
    """The value as typed."""
    value: Any
    """What YAML 1.1 makes of it."""

    def __str__(self) -> str:
        return self.text

    @property
    def reading(self) -> str:
        """What YAML makes of the value, in Chinese, e.g. ``数字 24（…按八进制读）``."""
        if isinstance(self.value, bool):
            return "true（是）" if self.value else "false（否）"
        return f"数字 {_number(self.value)}（{_why(self.text)}）"


def bool_value(text: str, value: bool) -> bool | Misread:
    return value if text in CANONICAL_BOOLS else Misread(text, value)


def int_value(text: str, value: int) -> int | Misread:
    return value if _CANONICAL_INT.fullmatch(text) else Misread(text, value)


def float_value(text: str, value: float) -> float | Misread:
    return value if _CANONICAL_FLOAT.fullmatch(text) else Misread(text, value)


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _why(text: str) -> str:
    bare = text.lstrip("+-")
    if ":" in bare:
        return "带冒号的数字按六十进制读，1:30 是 90"
    if bare[:2].lower() == "0x":
        return "0x 开头按十六进制读"
    if bare[:2].lower() == "0b":
        return "0b 开头按二进制读"
    if "_" in bare:
        return "数字里的下划线会被忽略"
    if bare.lower() in (".inf", ".nan"):
        return "这是无穷大或非数字的写法"
    if len(bare) > 1 and bare[0] == "0" and bare[1].isdigit():
        return "以 0 开头的整数按八进制读"
    return "写法不是普通的十进制数"


def meant_number(text: str) -> str:
    """The decimal number an editor most likely meant, e.g. ``30`` for ``030``."""
    digits = text.replace("_", "")
    if re.fullmatch(r"[-+]?[0-9]+", digits):
        return str(int(digits, 10))
    return "30"
