"""Turning plain YAML data into typed, frozen records, with every problem reported in Chinese.

Records are pydantic models: unknown keys are refused and all errors of a record are collected
at once. Each pydantic error is translated into a :class:`~careguide.errors.Problem` that names
the field, what was expected and how to fix it; the key path it carries is resolved to a line
and column only when the problem is shown.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from careguide.errors import Origin, Problem, Problems

SHANGHAI = ZoneInfo("Asia/Shanghai")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Record(BaseModel):
    """Base of every content record: immutable, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def fail(message: str, hint: str, *at: str | int) -> PydanticCustomError:
    """An error raised from a validator, shown as ``message — hint``.

    ``at`` points a record-level check at one of its fields (e.g. ``"end"``).
    """
    context = {"message": message, "hint": hint, "at": list(at)}
    return PydanticCustomError("careguide", "{message}", context)


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 60:
        raise fail(
            f"编号 “{value}” 不合规",
            "编号只能用小写英文字母、数字和连字符“-”，60 个字符以内，例如 zhengding、feeding-6-12m",
        )
    return value


def _in_shanghai(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


Slug = Annotated[str, AfterValidator(_check_slug)]
"""A lowercase ASCII id that becomes part of a stable web address."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A short single-line text such as a title or a name."""

LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
"""A paragraph or Markdown body."""

LocalDateTime = Annotated[datetime, AfterValidator(_in_shanghai)]
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
        return Problem(where.child(*ctx["at"]), ctx["message"], ctx["hint"])
    if kind == "missing":
        return Problem(
            origin.child(*loc[:-1]),
            f"缺少必填字段 “{name}”",
            f"请在这一段里添加一行“{name}: …”",
        )
    if kind == "extra_forbidden":
        return Problem(where, f"未知字段 “{name}”", _suggest(model, loc), at_key=True)
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
        return Problem(where, f"{name} 太长（最多 {limit} 个字）", "请精简文字，详细内容可写进正文")
    if kind == "too_short":
        return Problem(where, f"{name} 至少需要 {ctx.get('min_length')} 项", "请补充列表项")
    if kind == "too_long":
        return Problem(where, f"{name} 最多 {ctx.get('max_length')} 项", "请删减列表项")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return Problem(where, f"{name} 的数值超出范围（{error['msg']}）", "请改成合理的数值")
    if kind in _FIXED:
        message, hint = _FIXED[kind]
        return Problem(where, f"{name}：{message}", hint)
    return Problem(where, f"{name}：{error['msg']}", "请对照 README 中的内容格式说明修改")


def _field_name(loc: tuple[str | int, ...]) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return step
    return "这一项"


def _show(value: Any) -> str:
    text = str(value)
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
