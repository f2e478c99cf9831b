"""Cells of a spreadsheet made into values for validation, by the kind of their column:
dates and times typed as Excel values or as text (2026-12-05, 2026/12/5, 2026年12月5日; 9:30,
09：30), lists separated by 、 or commas, 是/否, a choice's Chinese label. A cell that cannot
become a value is :class:`Bad`, with the message and the hint said on that cell.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from careguide.content.fields import YEARS
from careguide.content.tables import Value


@dataclass(frozen=True)
class Column:
    """One column: its header, the field it fills, how its cells are read, and a note for
    the template's 说明 sheet."""

    header: str
    field: str
    kind: str
    """``text``, ``ids`` (a list), ``choice``, ``int``, ``flag``, ``date``, ``time``."""
    note: str
    required: bool = False
    choices: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Value → the Chinese label a cell may hold instead (the drop-down shows the labels)."""
    labels: Mapping[str, str] = dataclasses.field(init=False, repr=False)
    """Label → value."""

    def __post_init__(self) -> None:
        labels = {label: key for key, label in self.choices.items()}
        object.__setattr__(self, "labels", labels)


MIDNIGHT = "24:00"
_LIST = re.compile(r"[、,，;；\s]+")
_YES = {"是", "true", "yes", "y", "1", "✓", "√"}
_NO = {"否", "false", "no", "n", "0"}
_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_TIME = re.compile(r"([0-9]{1,2})\s*[:：点]\s*([0-9]{2})(?:\s*[:：]\s*([0-9]{2}))?\s*分?")


@dataclass(frozen=True)
class Bad:
    """Why a cell cannot be read: the message and the hint."""

    message: str
    hint: str


Read = Any
"""A cell's value for validation, or :class:`Bad`."""


def read_cell(column: Column, value: Value) -> Read:
    return _READERS[column.kind](column, value)


def _text(column: Column, value: Value) -> Read:
    if isinstance(value, bool):
        return Bad("这里应填文字，不是 TRUE/FALSE", f"请填写：{column.note}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def _ids(column: Column, value: Value) -> Read:
    text = _text(column, value)
    return tuple(part for part in _LIST.split(text) if part) if isinstance(text, str) else text


def _choice(column: Column, value: Value) -> Read:
    text = str(value).strip()
    if text in column.labels:
        return column.labels[text]
    if text in column.choices:
        return text
    return Bad(
        f"“{text}” 不是可选的{column.header}",
        f"请从下拉列表里选：{'、'.join(column.choices.values())}",
    )


def _integer(column: Column, value: Value) -> Read:
    if isinstance(value, (bool, date, time)):
        return Bad(f"{column.header}应填整数", "只写阿拉伯数字，例如 30")
    if isinstance(value, float):
        return int(value) if value.is_integer() else Bad(f"{column.header}应填整数", "去掉小数部分")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    return Bad(f"{column.header}应填整数，这里是 “{value}”", "只写阿拉伯数字，例如 30")


def _flag(column: Column, value: Value) -> Read:
    text = str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if text in _YES or text in _NO:
        return text in _YES
    return Bad(f"“{value}” 不是“是”或“否”", f"{column.note}")


def _date(column: Column, value: Value) -> Read:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _in_years(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Bad(
            f"日期这一格是数字 {value:g}，不是日期",
            "把这一格的格式设为“日期”，或写成 2026-12-05",
        )
    found = _DATE.fullmatch(str(value).strip())
    if not found:
        return Bad(f"日期 “{value}” 格式不对", "请用 Excel 的日期格式，或写成 2026-12-05")
    try:
        return _in_years(date(*(int(part) for part in found.groups())))
    except ValueError:
        return Bad(
            f"日期 “{value}” 不存在", "检查月份（1–12）和日期（该月的天数），例如 2026-12-05"
        )


def _in_years(value: date) -> Read:
    if YEARS[0] <= value.year <= YEARS[1]:
        return value
    return Bad(f"年份 {value.year} 不对", "请写四位年份，例如 2026-12-05")


def _time(column: Column, value: Value) -> Read:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, timedelta) and value < timedelta(days=1):
        return (datetime.min + value).time()
    if isinstance(value, timedelta) and value == timedelta(days=1):
        return MIDNIGHT
    found = _TIME.fullmatch(str(value).strip())
    if not found:
        return Bad(f"时间 “{value}” 格式不对", "请用 Excel 的时间格式，或写成 09:30")
    hour, minute, second = (int(part) for part in found.groups(default="0"))
    if (hour, minute, second) == (24, 0, 0) and column.field == "end":
        return MIDNIGHT
    try:
        return time(hour, minute, second)
    except ValueError:
        return Bad(f"时间 “{value}” 不存在", "时刻在 00:00–23:59 之间，例如 09:30")


_READERS = {
    "text": _text,
    "ids": _ids,
    "choice": _choice,
    "int": _integer,
    "flag": _flag,
    "date": _date,
    "time": _time,
}
