"""The field types of content records (ids, texts, phone numbers, addresses, dates), each with
its check and its message in Chinese; :class:`Record`, the base of every record.

Records are pydantic models: unknown keys are refused and all errors of a record are collected
at once (:mod:`careguide.content.messages` says them in Chinese).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from careguide.content.markup import markdown_problem

SHANGHAI = ZoneInfo("Asia/Shanghai")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


Inconsistency = tuple[tuple[str | int, ...], str, str]
"""Fields of a valid record that do not fit together: the key path, the message and the hint."""


class Record(BaseModel):
    """Base of every content record: immutable, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    def inconsistencies(self) -> Iterator[Inconsistency]:
        """Fields that are each valid but do not fit together (a class that ends before it
        starts, a table row with more cells than columns), in this record and the records it
        holds. They are reported like validation errors, but the record is kept, so that the
        checks against other records still run and every problem is listed at once.

        A record with checks of its own yields them and then ``super().inconsistencies()``.
        """
        for name in _nested(type(self)):
            value = getattr(self, name)
            items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
            for index, item in items:
                if isinstance(item, Record):
                    at = (name,) if index is None else (name, index)
                    for path, message, hint in item.inconsistencies():
                        yield (*at, *path), message, hint


@functools.cache
def _nested(model: type[Record]) -> tuple[str, ...]:
    """The fields of a record type that can hold records (``sections``, ``table``, …)."""
    return tuple(
        name for name, field in model.model_fields.items() if _holds_record(field.annotation)
    )


def _holds_record(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return True
    return any(_holds_record(arg) for arg in getattr(annotation, "__args__", ()))


def fail(message: str, hint: str, *at: str | int, named: bool = False) -> PydanticCustomError:
    """An error raised from a validator, shown as ``message — hint``.

    ``at`` points a record-level check at one of its fields (e.g. ``"end"``). ``named`` puts the
    field's name in front (``title：只能写一行``), for checks shared by many fields.
    """
    context = {"message": message, "hint": hint, "at": list(at), "named": named}
    return PydanticCustomError("careguide", "{message}", context)


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 60:
        raise fail(
            f"编号 “{show(value)}” 不合规",
            "编号只能用小写英文字母、数字和连字符“-”，60 个字符以内，例如 zhengding、feeding-6-12m",
        )
    return value


def _in_shanghai(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


_TIME_EXAMPLE = "请写成 年-月-日 时:分，例如 2026-12-05 09:30"
_DATE_LIKE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)


def _real_date(value: Any) -> Any:
    """Text written like a date becomes one (``2026-12-5 9:30`` too), unless it is not on the
    calendar (2026-02-30) or the clock (24:30). A number is refused: pydantic would read it as
    seconds since 1970. Other values are left to the field's type."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise fail(
            f"日期应写成 年-月-日，这里是一个数字 {value}",
            "请写成 年-月-日（时间写成 年-月-日 时:分），例如 2026-12-05",
            named=True,
        )
    found = _DATE_LIKE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        return value
    year, month, day, hour, minute, second = (int(part) for part in found.groups(default="0"))
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise fail(
            f"日期或时间 “{value.strip()}” 不存在",
            "检查月份（1–12）、日期（该月的天数）和时刻（00:00–23:59）",
        ) from None
    return moment if found.group(4) is not None else moment.date()


def _real_moment(value: Any) -> Any:
    """As :func:`_real_date`, and a date without a time of day is refused."""
    value = _real_date(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        raise fail("只写了日期，缺少时刻", _TIME_EXAMPLE, named=True)
    return value


YEARS = (2000, 2100)
"""Dates in the content (reviews, editions, checks, classes) fall within these years."""


def _plausible_year(value: date) -> date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise fail(
            f"年份 {value.year} 不对",
            f"请写 {YEARS[0]}–{YEARS[1]} 年间的四位年份，例如 2026-12-05",
            named=True,
        )
    return value


def _markdown(value: str) -> str:
    refused = markdown_problem(value)
    if refused is not None:
        raise fail(*refused, named=True)
    return value


def _one_line(value: str) -> str:
    if value.splitlines() != [value]:  # \n, and \r, \v, \f, U+2028 … too
        raise fail(
            "只能写一行", "删掉换行（不要用 | 或 >）；较长的说明请写进正文或 note", named=True
        )
    return value


_PHONE = re.compile(
    r"0[0-9]{2,3}[- ]?[0-9]{3,4}[- ]?[0-9]{4}(?:(?: ?转 ?|-)[0-9]{1,6})?"  # landline, extension
    r"|1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}"  # mobile
    r"|[48]00[- ]?[0-9]{3}[- ]?[0-9]{4}"  # 400 and 800 numbers
    r"|1[0-9]{2}|12[0-9]{3}|9[56][0-9]{3}"  # service numbers: 120, 12356, 95xxx
)
_EXTENSION = re.compile(r"(0[0-9]{2,3}[- ]?[0-9]{3,4}[- ]?[0-9]{4})(?: ?转 ?|-)([0-9]{1,6})")
"""A landline and its extension: ``0311-86001234 转 801`` or ``0311-86001234-801``."""


def split_extension(phone: str) -> tuple[str, str | None]:
    """A phone number and its extension, if it has one: ``("0311-86001234", "801")``."""
    found = _EXTENSION.fullmatch(phone.strip())
    return (found.group(1), found.group(2)) if found else (phone, None)


_PHONE_FORMS = (
    "请写成 0311-86001234、0311 86001234、13912345678 或 12356；分机写成 0311-86001234 转 801"
)
_FULLWIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")


def _check_phone(value: str) -> str:
    if re.search(r"[、,，;；/]|[0-9] *(?:或|和) *[0-9]", value):
        raise fail("电话只能写一个号码", "只写最常用的一个，其他号码写进 note")
    if _FULLWIDTH.search(value):
        raise fail(
            f"电话号码 “{show(value)}” 里有全角字符",
            "请用半角数字和“-”，例如 0311-86001234",
        )
    if not _PHONE.fullmatch(value):
        raise fail(f"电话号码 “{show(value)}” 格式不对", _PHONE_FORMS)
    return value


_URL_EXAMPLE = "例如 https://www.sjzfybjy.com/"
_HOST = re.compile(
    r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)"  # www.example.com
    r"|[0-9]{1,3}(?:\.[0-9]{1,3}){3}"  # 1.2.3.4
)


def _check_url(value: str) -> str:
    if any(character.isspace() for character in value):
        raise fail("网址里不能有空格或换行", f"网址要连续写在一行里，{_URL_EXAMPLE}")
    found = _FULLWIDTH.search(value)
    if found:
        raise fail(
            f"网址里有全角字符或中文标点“{found.group()}”",
            f"删掉它，网址只用半角字符，{_URL_EXAMPLE}",
        )
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed "[" where the host should be
        raise fail(
            f"网址 “{show(value)}” 格式不对", f"请从浏览器地址栏复制完整的网址，{_URL_EXAMPLE}"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme or ("." in scheme and "://" not in value):  # www.example.com:8080/
            raise fail("网址缺少 http:// 或 https://", f"在前面加上 https://，{_URL_EXAMPLE}")
        raise fail(
            f"网址只能以 http:// 或 https:// 开头（这里是 “{show(scheme)}:”）",
            f"只写网页地址，{_URL_EXAMPLE}" + ("；电话请写在 phone 里" if scheme == "tel" else ""),
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise fail(
            "网址的端口号不对", f"冒号后面的端口只能是数字，或者去掉它，{_URL_EXAMPLE}"
        ) from None
    if not parts.hostname or not _HOST.fullmatch(parts.hostname):
        raise fail(
            f"网址 “{show(value)}” 缺少有效的网站域名",
            f"写完整的地址：http:// 或 https:// 后面紧跟域名，{_URL_EXAMPLE}",
        )
    return value


def _check_division_code(value: str) -> str:
    if not re.fullmatch(r"[0-9]{6}", value):
        raise fail(
            f"区划代码 “{show(value)}” 应是 6 位数字",
            '写国家统计局的统计用区划代码并加引号，例如 code: "130123"',
        )
    return value


Integer = Annotated[int, Strict()]
"""A whole number written as one: not ``true``, ``"30"`` or ``30.0``."""

Flag = Annotated[bool, Strict()]
"""``true`` or ``false``: not ``1``, ``"yes"`` or ``"on"``."""


def _distinct(values: tuple[Any, ...]) -> tuple[Any, ...]:
    first: dict[Any, int] = {}
    for index, value in enumerate(values):
        if value in first:
            raise fail(
                f"“{show(value)}” 列了两次（第 {first[value] + 1} 项已列出）",
                "每一项只列一次：删除重复的这一项",
                index,
                named=True,
            )
        first[value] = index
    return values


Slug = Annotated[str, AfterValidator(_check_slug)]
"""A lowercase ASCII id that becomes part of a stable web address."""

Ids = Annotated[tuple[Slug, ...], AfterValidator(_distinct)]
"""A list of ids (topics, age bands, sources, symptoms, former ids), each listed once: a class
filed twice under one topic would be listed twice on that topic's page."""


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_one_line),
    AfterValidator(_markdown),
]
"""A short single-line text such as a title or a name."""

LongText = Annotated[
    str, StringConstraints(min_length=1, max_length=20000), AfterValidator(_markdown)
]
"""A paragraph or Markdown body."""

Phone = Annotated[str, StringConstraints(min_length=1, max_length=40), AfterValidator(_check_phone)]
"""One telephone number: landline with area code (and extension), mobile, or service number."""

Url = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_check_url)]
"""An http or https address with a host; other schemes (``javascript:``, ``file:``) are refused."""

DivisionCode = Annotated[str, AfterValidator(_check_division_code)]
"""A six-digit statistical division code (统计用区划代码), e.g. 130123."""

Day = Annotated[date, BeforeValidator(_real_date), AfterValidator(_plausible_year)]
"""A calendar date within :data:`YEARS`."""

LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_real_moment),
    AfterValidator(_plausible_year),
    AfterValidator(_in_shanghai),
]
"""A date and time; without an explicit offset it is read as Beijing time (Asia/Shanghai)."""


def show(value: Any) -> str:
    """A value quoted in a message: on one line, and cut short when long."""
    text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"
