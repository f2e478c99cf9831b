"""Turning plain YAML data into typed, frozen records, with every problem reported in Chinese.

Records are pydantic models: unknown keys are refused and all errors of a record are collected
at once. Each pydantic error is translated into a :class:`~careguide.errors.Problem` that names
the field, what was expected and how to fix it; the key path it carries is resolved to a line
and column only when the problem is shown.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import annotated_types
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from careguide.errors import Origin, Problem, Problems

SHANGHAI = ZoneInfo("Asia/Shanghai")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Record(BaseModel):
    """Base of every content record: immutable, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
            f"编号 “{_show(value)}” 不合规",
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
    calendar (2026-02-30) or the clock (24:30). Other values are left to the field's type."""
    found = _DATE_LIKE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        return value
    numbers = [int(part) for part in found.groups(default="0")]
    try:
        moment = datetime(*numbers)
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


def _one_line(value: str) -> str:
    if "\n" in value:
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
_PHONE_FORMS = (
    "请写成 0311-86001234、0311 86001234、13912345678 或 12356；分机写成 0311-86001234 转 801"
)
_FULLWIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")


def _check_phone(value: str) -> str:
    if re.search(r"[、,，;；/]|[0-9] *(?:或|和) *[0-9]", value):
        raise fail("电话只能写一个号码", "只写最常用的一个，其他号码写进 note")
    if _FULLWIDTH.search(value):
        raise fail(
            f"电话号码 “{_show(value)}” 里有全角字符",
            "请用半角数字和“-”，例如 0311-86001234",
        )
    if not _PHONE.fullmatch(value):
        raise fail(f"电话号码 “{_show(value)}” 格式不对", _PHONE_FORMS)
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
            f"网址 “{_show(value)}” 格式不对", f"请从浏览器地址栏复制完整的网址，{_URL_EXAMPLE}"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme or ("." in scheme and "://" not in value):  # www.example.com:8080/
            raise fail("网址缺少 http:// 或 https://", f"在前面加上 https://，{_URL_EXAMPLE}")
        raise fail(
            f"网址只能以 http:// 或 https:// 开头（这里是 “{_show(scheme)}:”）",
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
            f"网址 “{_show(value)}” 缺少有效的网站域名",
            f"写完整的地址：http:// 或 https:// 后面紧跟域名，{_URL_EXAMPLE}",
        )
    return value


def _check_division_code(value: str) -> str:
    if not re.fullmatch(r"[0-9]{6}", value):
        raise fail(
            f"区划代码 “{_show(value)}” 应是 6 位数字",
            '写国家统计局的统计用区划代码并加引号，例如 code: "130123"',
        )
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
"""A lowercase ASCII id that becomes part of a stable web address."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
"""A short single-line text such as a title or a name."""

LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
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

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Any, origin: Origin, problems: Problems) -> M | None:
    """Build ``model`` from ``data``; on failure add one problem per error and return None."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            if not _echo_of_nested(error, errors):
                problems.add(_problem(model, error, origin))
        return None


def _echo_of_nested(error: Any, errors: list[Any]) -> bool:
    """A tuple whose item failed is also reported as too short: keep only the item's error."""
    if error["type"] != "too_short":
        return False
    loc = tuple(error["loc"])
    return any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in errors
    )


_FIXED: dict[str, tuple[str, str]] = {
    "string_type": ("应填文字", '如果内容是数字、日期或 true/false，请加引号，例如 "010"'),
    "int_type": ("应填整数", "只写阿拉伯数字，例如 30"),
    "int_parsing": ("应填整数", "只写阿拉伯数字，例如 30"),
    "int_from_float": ("应填整数", "去掉小数部分，例如 30"),
    "finite_number": ("应填整数", "只写阿拉伯数字，例如 30"),
    "int_parsing_size": ("数字太大", "只写合理大小的整数，例如 30"),
    "bool_type": ("应填 true 或 false", "写 true（是）或 false（否）"),
    "bool_parsing": ("应填 true 或 false", "写 true（是）或 false（否）"),
    "list_type": ("应填列表", "每一项另起一行，以“- ”开头"),
    "tuple_type": ("应填列表", "每一项另起一行，以“- ”开头"),
    "dict_type": ("应填键值对", "按“键: 值”逐行填写，参考同目录下的其他文件"),
    "model_type": ("应填键值对", "按“键: 值”逐行填写，参考同目录下的其他文件"),
    "model_attributes_type": ("应填键值对", "按“键: 值”逐行填写，参考同目录下的其他文件"),
    "date_type": ("日期格式不对", "请写成 年-月-日，例如 2026-12-05"),
    "date_parsing": ("日期格式不对或日期不存在", "请写成 年-月-日，例如 2026-12-05"),
    "date_from_datetime_parsing": ("日期格式不对或日期不存在", "请写成 年-月-日，例如 2026-12-05"),
    "date_from_datetime_inexact": ("这里只要日期，不要时刻", "请写成 年-月-日，例如 2026-12-05"),
    "datetime_type": ("时间格式不对", "请写成 年-月-日 时:分，例如 2026-12-05 09:30"),
    "datetime_parsing": (
        "时间格式不对或日期不存在",
        "请写成 年-月-日 时:分，例如 2026-12-05 09:30",
    ),
    "datetime_from_date_parsing": (
        "时间格式不对或日期不存在",
        "请写成 年-月-日 时:分，例如 2026-12-05 09:30",
    ),
}


def _problem(model: type[BaseModel], error: Any, origin: Origin) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = _field_name(loc)
    where = origin.child(*loc)
    if kind == "careguide":
        message = f"{name}：{ctx['message']}" if ctx.get("named") else ctx["message"]
        return Problem(where.child(*ctx["at"]), message, ctx["hint"])
    if kind == "missing":
        return Problem(
            origin.child(*loc[:-1]),
            f"缺少必填字段 “{name}”",
            f"请在这一段里添加一行“{name}: …”",
        )
    if kind == "extra_forbidden" and name != name.strip():
        return Problem(
            where,
            f"字段名 “{name}” 前后有空白字符",
            "删掉全角空格“　”等空白；缩进只能用半角空格",
            at_key=True,
        )
    if kind == "extra_forbidden":
        return Problem(where, f"未知字段 “{name}”", _suggest(model, loc), at_key=True)
    if kind == "invalid_key":
        return Problem(where, f"未知字段 “{_show(loc[-1])}”", _suggest(model, loc), at_key=True)
    if not loc and kind in _NOT_A_MAPPING:
        return Problem(where, *_not_a_mapping(error.get("input"), top=not origin.keypath))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return Problem(
            where,
            f"“{_show(error.get('input'))}” 不是 {name} 的可选值",
            f"可选值：{expected}",
        )
    if kind == "string_too_short":
        return Problem(where, f"{name} 不能为空", "请填写内容，或删除这一行")
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        length = len(str(error.get("input", "")).strip())
        return Problem(
            where,
            f"{name} 太长（最多 {limit} 个字，现在 {length} 个）",
            "请精简文字，详细内容可写进正文",
        )
    if kind == "too_short":
        return Problem(where, f"{name} 至少需要 {ctx.get('min_length')} 项", "请补充列表项")
    if kind == "too_long":
        return Problem(where, f"{name} 最多 {ctx.get('max_length')} 项", "请删减列表项")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _out_of_range(model, loc, where, name, error)
    if kind == "string_type" and isinstance(error.get("input"), (dict, list)):
        return Problem(where, f"{name}：应填文字", "这里只写一段文字，不要写成列表或“键: 值”")
    if kind in _FIXED:
        message, hint = _FIXED[kind]
        return Problem(where, f"{name}：{message}", hint)
    return Problem(where, f"{name}：{error['msg']}", "请对照 README 中的内容格式说明修改")


_NOT_A_MAPPING = ("dict_type", "model_type", "model_attributes_type")


def _not_a_mapping(value: Any, *, top: bool) -> tuple[str, str]:
    message = "文件的内容应是键值对" if top else "这一项应是键值对"
    if isinstance(value, str) and "：" in value:
        return message, "键后面要用英文冒号加空格“: ”，不能用中文冒号“：”"
    return message, "按“键: 值”逐行填写，参考同目录下的其他文件"


def _out_of_range(
    model: type[BaseModel], loc: tuple[str | int, ...], where: Origin, name: str, error: Any
) -> Problem:
    """Name both limits of a number when the field has both, e.g. ``capacity`` 1–100000."""
    low = high = None
    for constraint in _field_metadata(model, loc):
        if isinstance(constraint, annotated_types.Ge):
            low = constraint.ge
        elif isinstance(constraint, annotated_types.Le):
            high = constraint.le
    value = _show(error.get("input"))
    if low is not None and high is not None:
        message = f"{name} 应在 {low} 到 {high} 之间（现在是 {value}）"
        return Problem(where, message, f"请改成 {low}–{high} 之间的整数")
    return Problem(where, f"{name} 超出范围（现在是 {value}）", "请改成合理的数值")


def _field_metadata(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[Any]:
    """The constraints (``Ge``, ``Le``, …) declared on the field at ``loc``."""
    names = [step for step in loc if isinstance(step, str)]
    if not names:
        return []
    current: Any = model
    for step in names[:-1]:
        field = current.model_fields.get(step) if _is_model(current) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    field = current.model_fields.get(names[-1]) if _is_model(current) else None
    return list(field.metadata) if field is not None else []


def _field_name(loc: tuple[str | int, ...]) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return step
    return "这一项"


def _show(value: Any) -> str:
    """A value quoted in a message: on one line, and cut short when long."""
    text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _suggest(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """Name the closest known field for an unknown key, or list the known ones."""
    known = _fields_at(model, loc[:-1])
    unknown = str(loc[-1])
    close = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
    if close:
        return f"是否想写 “{close[0]}”？"
    listed = "、".join(known) if known else "（无）"
    return f"请删除这一行，或改成可用的字段：{listed}"


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the (possibly nested) model found at ``loc``."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        field = current.model_fields.get(step) if _is_model(current) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _model_in(annotation: Any) -> Any:
    """The model class inside an annotation such as ``list[Section]`` or ``Table | None``."""
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
