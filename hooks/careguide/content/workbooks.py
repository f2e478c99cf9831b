"""Workbooks for staff: a template for classes and an export of the existing ones, in the form
:mod:`careguide.content.sheets` reads back.

Both have the sheet 课程 with the Chinese headers, drop-downs (data validation) for the centre,
format, audience, status, topics and age bands, taken from the current content, and the sheet
说明 explaining each column and listing the ids the drop-downs offer. openpyxl writes them: it
is the library that writes data validation and number formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from careguide.content.catalog import Catalog
from careguide.content.cells import Column
from careguide.content.classes import Class
from careguide.content.sheets import CLASS_SHEET
from careguide.content.tables import INSTRUCTIONS, column_letter

SPARE_ROWS = 500
"""Empty rows below the last class that still have the drop-downs."""

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_FORMATS = {"date": "yyyy-mm-dd", "time": "hh:mm"}
_WIDTHS = {"编号": 30, "标题": 30, "指导中心": 14, "简介": 50, "报名方式": 24, "地点": 20}


def write_classes(catalog: Catalog, path: Path, classes: Sequence[Class]) -> None:
    """Write ``classes`` (none for a template) to the workbook ``path``."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = CLASS_SHEET.sheet
    columns = CLASS_SHEET.columns
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    sheet.freeze_panes = "B2"
    for item in classes:
        sheet.append([_cell(column, item) for column in columns])
    last = len(classes) + 1 + SPARE_ROWS
    for index, column in enumerate(columns):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.header, 12)
        style = sheet.column_dimensions[letter]  # empty rows: the column's style
        wrap = Alignment(wrap_text=True, vertical="top")
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            if column.kind in _FORMATS:
                cell.number_format = _FORMATS[column.kind]
            if column.field == "description":
                cell.alignment = wrap
        if column.kind in _FORMATS:
            style.number_format = _FORMATS[column.kind]
        if column.field == "description":
            style.alignment = wrap
    lists = _instructions(workbook.create_sheet(INSTRUCTIONS), catalog)
    for index, column in enumerate(columns):
        if column.field in lists:
            _drop_down(sheet, index, last, column, lists[column.field])
    workbook.save(path)


def _cell(column: Column, item: Class) -> Any:
    """What the row of ``item`` holds in ``column``: what :mod:`sheets` reads back as it."""
    if column.field == "date":
        return item.start.date()
    if column.field in ("start", "end"):
        moment = getattr(item, column.field).time()
        return "24:00" if column.field == "end" and moment == time() else moment
    value = getattr(item, column.field)
    if column.choices:
        return column.choices[value]
    if column.kind == "ids":
        return "、".join(value) or None
    if column.kind == "flag":
        return "是" if value else None
    if column.field == "revision":
        return value or None
    return value


_ABOUT = (
    "每节课一行，第一行是表头。填好后放进 content/classes/（如 2026-12.xlsx），和 YAML 一样发布。",
    "不要合并单元格、不要用公式、不要隐藏工作表；日期和时间可以用 Excel 的格式，也可以写成文字。",
)


def _instructions(sheet: Worksheet, catalog: Catalog) -> dict[str, str]:
    """Fill the 说明 sheet; return each drop-down's list as a range of it, by field."""
    sheet.append(
        ["每节课一行，第一行是表头。填好后把文件放进 content/classes/，和 YAML 文件一样发布。"]
    )
    sheet.append(
        ["合并单元格、公式和隐藏的工作表会报错；日期和时间可以用 Excel 的格式，也可以写成文字。"]
    )
    sheet.append([])
    sheet.append(["表头", "字段", "必填", "怎么填"])
    for cell in sheet[4]:
        cell.font = _BOLD
    for column in CLASS_SHEET.columns:
        sheet.append([column.header, column.field, "是" if column.required else "", column.note])
    options: dict[str, list[tuple[str, str]]] = {
        "centre": [(centre.id, centre.name) for centre in catalog.centres],
        "format": [(label, key) for key, label in _choices("format").items()],
        "audience": [(label, key) for key, label in _choices("audience").items()],
        "status": [(label, key) for key, label in _choices("status").items()],
        "topics": [(topic.id, topic.name) for topic in catalog.site.topics],
        "age_bands": [(band.id, band.name) for band in catalog.site.age_bands],
    }
    ranges: dict[str, str] = {}
    first = 6  # column G: the lists, two columns each, beside the table of headers
    for offset, (field, values) in enumerate(options.items()):
        left = first + offset * 3
        header = next(c.header for c in CLASS_SHEET.columns if c.field == field)
        for row, pair in enumerate([(f"{header}（下拉选项）", ""), *values], 1):
            for shift, text in enumerate(pair):
                sheet.cell(row, left + shift + 1, text).font = _BOLD if row == 1 else Font()
        letter = column_letter(left)
        where = f"{quote_sheetname(INSTRUCTIONS)}!${letter}$2:${letter}${len(values) + 1}"
        ranges[field] = where
        sheet.column_dimensions[letter].width = 18
        sheet.column_dimensions[column_letter(left + 1)].width = 22
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["D"].width = 60
    return ranges


def _choices(field: str) -> dict[str, str]:
    return dict(next(c.choices for c in CLASS_SHEET.columns if c.field == field))


def _drop_down(sheet: Worksheet, index: int, last: int, column: Column, source: str) -> None:
    """A drop-down on the column; a list column (topics) accepts typed combinations too."""
    several = column.kind == "ids"
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=not column.required,
        showErrorMessage=True,
        errorStyle="information" if several else "stop",
        errorTitle=column.header,
        error=(
            "几个编号用顿号“、”分开，每个都要在下拉列表里"
            if several
            else f"请从下拉列表里选择{column.header}"
        ),
        promptTitle=column.header,
        prompt=column.note,
        showInputMessage=True,
    )
    letter = column_letter(index)
    validation.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(validation)
