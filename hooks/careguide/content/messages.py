"""Pydantic's validation errors said in Chinese: each becomes a :class:`~careguide.errors.Problem`
that names the field, what was expected and how to fix it.

The key path a problem carries is resolved to a line and column only when it is shown.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from careguide.content.fields import show
from careguide.content.scalars import Misread, meant_number
from careguide.errors import Origin, Problem, Problems

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


def _echo_of_nested(error: ErrorDetails, errors: list[ErrorDetails]) -> bool:
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


def _problem(model: type[BaseModel], error: ErrorDetails, origin: Origin) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = _field_name(loc)
    where = origin.child(*loc)
    if error.get("input", ...) is None and kind in _EMPTY_KINDS:
        if isinstance(loc[-1], int):
            return Problem(where, f"{name} 里有一项是空的", "写上这一项的内容，或删掉这个空的“- ”")
        return Problem(where, f"{name} 没有填写", f"在 “{name}:” 的冒号后面写上内容")
    if isinstance(error.get("input"), Misread) and kind in _SCALAR_KINDS:
        return _misread(error["input"], kind, name, where, item=isinstance(loc[-1], int))
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
    if kind == "extra_forbidden" and loc[-2:] in _RETIRED:
        return Problem(where, f"未知字段 “{name}”", _RETIRED[loc[-2:]], at_key=True)
    if kind == "extra_forbidden":
        return Problem(where, f"未知字段 “{name}”", _suggest(model, loc), at_key=True)
    if kind == "invalid_key":
        return Problem(where, f"未知字段 “{show(loc[-1])}”", _suggest(model, loc), at_key=True)
    if not loc and kind in _NOT_A_MAPPING:
        return Problem(where, *_not_a_mapping(error.get("input"), top=not origin.keypath))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return Problem(
            where,
            f"“{show(error.get('input'))}” 不是 {name} 的可选值",
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
    if kind == "int_type" and isinstance(error.get("input"), float):
        kind = "int_from_float"
    if kind == "int_type" and str(error.get("input")).strip().isdigit():
        return Problem(where, f"{name}：应填整数", f"去掉引号，只写阿拉伯数字，例如 {name}: 30")
    if kind in _FIXED:
        message, hint = _FIXED[kind]
        return Problem(where, f"{name}：{message}", hint)
    return Problem(where, f"{name}：{error['msg']}", "请对照 README 中的内容格式说明修改")


_EMPTY_KINDS = {
    "string_type",
    "literal_error",
    "enum",
    "int_type",
    "bool_type",
    "date_type",
    "datetime_type",
    "list_type",
    "tuple_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
}
"""Errors that, for an empty value (``name:`` with nothing after it), mean it was left out."""

_SCALAR_KINDS = {
    "string_type": "text",
    "literal_error": "text",
    "enum": "text",
    "int_type": "int",
    "bool_type": "bool",
    "date_type": "date",
    "datetime_type": "date",
}
"""Errors of a field that wants one plain value, by what it wants."""


def _misread(value: Misread, kind: str, name: str, where: Origin, *, item: bool) -> Problem:
    """A value YAML 1.1 reads as something else (``yes`` as true, ``030`` as 24)."""
    wanted = _SCALAR_KINDS[kind]
    message = f"{name}：“{value.text}” 会被读成 {value.reading}，不是原样"
    if wanted == "int":
        hint = f"请直接写十进制整数，例如 {name}: {meant_number(value.text)}"
    elif wanted == "bool":
        hint = "写 true（是）或 false（否）"
    elif wanted == "date":
        hint = "请写成 年-月-日（时间写成 年-月-日 时:分），例如 2026-12-05"
    elif item:
        hint = f'要原样保留，请给这一项加引号："{value.text}"'
    else:
        hint = f'要原样保留，请整段加引号：{name}: "{value.text}"'
    return Problem(where, message, hint)


_RETIRED: dict[tuple[str | int, ...], str] = {
    ("alert", "items"): (
        "提示框不再直接写症状：症状写在 content/symptoms/ 的症状表里，这里用 symptoms 列出编号；"
        "要做的事写在 actions"
    ),
}
"""Fields that content written for an earlier version may still have, with what replaced them."""

_NOT_A_MAPPING = ("dict_type", "model_type", "model_attributes_type")


def _not_a_mapping(value: Any, *, top: bool) -> tuple[str, str]:
    message = "文件的内容应是键值对" if top else "这一项应是键值对"
    if isinstance(value, str) and "：" in value:
        return message, "键后面要用英文冒号加空格“: ”，不能用中文冒号“：”"
    return message, "按“键: 值”逐行填写，参考同目录下的其他文件"


def _out_of_range(
    model: type[BaseModel],
    loc: tuple[str | int, ...],
    where: Origin,
    name: str,
    error: ErrorDetails,
) -> Problem:
    """Name both limits of a number when the field has both, e.g. ``capacity`` 1–100000."""
    low = high = None
    for constraint in _field_metadata(model, loc):
        if isinstance(constraint, annotated_types.Ge):
            low = constraint.ge
        elif isinstance(constraint, annotated_types.Le):
            high = constraint.le
    value = show(error.get("input"))
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
