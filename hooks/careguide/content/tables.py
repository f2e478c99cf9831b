"""Spreadsheets (``.xlsx``) and CSV files read into plain rows of cells, each with its place.

A workbook is read with python-calamine (fast: a 10,000-row sheet in a fraction of what openpyxl
takes, see ``bench/sheets_read.py``), which also tells hidden sheets and merged cells. Calamine
gives a formula's cached value (or nothing, when the program that wrote it kept none), so a
workbook whose sheets hold formulas is opened again with openpyxl to name those cells. What
cannot be published as typed is refused with a message naming the cell: a merged cell (only its
first cell has a value), a formula (the page would show a stale result), a hidden sheet (nobody
sees what it says). A CSV file is decoded by :mod:`careguide.content.csvfiles`.

The first row that is not empty is the header; empty rows and blank columns after the last
header are ignored. The sheet named :data:`INSTRUCTIONS` (the template's 说明) is not content.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from careguide.content.csvfiles import decode_csv
from careguide.content.documents import MAX_FILE_BYTES
from careguide.errors import Origin, Problem

TABLE_SUFFIXES = (".xlsx", ".csv")
INSTRUCTIONS = "说明"
"""The sheet of a workbook that explains the others: never read as content."""

Value = str | int | float | bool | date | datetime | time | None


@dataclass(frozen=True)
class Table:
    """One sheet (or a CSV file): its header texts and its non-empty rows."""

    file: Path
    sheet: str
    """The sheet's name; empty for a CSV file."""
    header_row: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Value, ...]], ...]
    """Each row's number (1-based, as the spreadsheet shows it) and its cells, one per header."""


def column_letter(index: int) -> str:
    """``A`` for column 0, ``AA`` for column 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_problem(file: Path, sheet: str, row: int, column: int, message: str, hint: str) -> Problem:
    """A problem at a cell (``column`` 0-based, ``row`` 1-based)."""
    cell = f"{column_letter(column)}{row}"
    return Problem(Origin(file, (sheet, row)), message, hint, row, column + 1, False, sheet, cell)


def read_tables(path: Path) -> list[Table] | list[Problem]:
    """The tables of a workbook or CSV file, or why they cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return [_file_problem(path, f"无法读取文件（{error.strerror or error}）", _CLOSE)]
    if size > MAX_FILE_BYTES:
        return [
            _file_problem(
                path,
                f"文件太大（{size / 1024 / 1024:.1f} MB，"
                f"最多 {MAX_FILE_BYTES // 1024 // 1024} MB）",
                "请拆成几个较小的文件，例如课程每月一个文件",
            )
        ]
    if path.suffix == ".csv":
        return _read_csv(path)
    return _read_workbook(path)


_CLOSE = "检查文件是否存在、是否有读取权限，或关闭正在占用它的程序"


def _file_problem(path: Path, message: str, hint: str) -> Problem:
    return Problem(Origin(path), message, hint, 1, 1)


def _read_csv(path: Path) -> list[Table] | list[Problem]:
    text = decode_csv(path)
    if isinstance(text, Problem):
        return [text]
    reader = csv.reader(io.StringIO(text, newline=""))
    table = _table(path, "", [[cell if cell.strip() else None for cell in row] for row in reader])
    if table is None:
        return []
    return table if isinstance(table, list) else [table]


def _read_workbook(path: Path) -> list[Table] | list[Problem]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        return [_unopenable(path, error)]
    problems: list[Problem] = []
    tables: list[Table] = []
    formulas = _formula_cells(path)
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.name == INSTRUCTIONS:
                continue
            if meta.visible != SheetVisibleEnum.Visible:
                problems.append(
                    cell_problem(
                        path,
                        meta.name,
                        1,
                        0,
                        f"工作表 “{meta.name}” 是隐藏的：里面的内容没人看得见，却会被发布",
                        "在 Excel 或 WPS 里右键工作表标签 → 取消隐藏，检查后保留或删除这个工作表",
                    )
                )
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
                span = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
                problems.append(
                    cell_problem(
                        path,
                        meta.name,
                        top + 1,
                        left,
                        f"{span} 是合并单元格：合并后只有第一格有内容，其余各格是空的",
                        "选中它 → 取消合并单元格，再在每一格里填写（每节课一行，每项一格）",
                    )
                )
            for row, column in formulas.get(meta.name, []):
                problems.append(
                    cell_problem(
                        path,
                        meta.name,
                        row,
                        column,
                        "这一格是公式：网站只读写进格子里的内容，公式的结果可能过时或读不到",
                        "复制这一格 → 选择性粘贴 → 只粘贴“值”，把公式换成它的结果",
                    )
                )
            rows = sheet.to_python(skip_empty_area=False)
            table = _table(path, meta.name, [[_value(cell) for cell in row] for row in rows])
            if isinstance(table, list):
                problems.extend(table)
            elif table is not None:
                tables.append(table)
    return problems or tables


def _unopenable(path: Path, error: Exception) -> Problem:
    if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
        return _file_problem(path, "工作簿设置了密码，无法读取", "请取消密码保护后重新保存")
    return _file_problem(
        path,
        "无法打开这个工作簿（文件已损坏，或不是真正的 .xlsx 文件）",
        "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”",
    )


def _value(cell: Any) -> Value:
    if isinstance(cell, str):
        return cell if cell.strip() else None
    return cell


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _formula_cells(path: Path) -> dict[str, list[tuple[int, int]]]:
    """The cells holding formulas, by sheet name (row 1-based, column 0-based).

    The sheets' XML is searched for a formula element first; only a workbook that has one is
    opened with openpyxl (slower, but it names the cells).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            found = any(
                _FORMULA.search(archive.read(name))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    if not found:
        return {}
    import openpyxl

    cells: dict[str, list[tuple[int, int]]] = {}
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        cells.setdefault(sheet.title, []).append((cell.row, cell.column - 1))
    finally:
        workbook.close()
    return cells


def _table(path: Path, sheet: str, cells: list[list[Value]]) -> Table | list[Problem] | None:
    """The header and the non-empty rows of a grid of cells; None for an empty sheet."""
    numbered = [(number, row) for number, row in enumerate(cells, 1) if _filled(row)]
    if not numbered:
        return None
    header_row, header_cells = numbered[0]
    width = max((i + 1 for i, cell in enumerate(header_cells) if cell is not None), default=0)
    header = tuple("" if cell is None else _header_text(cell) for cell in header_cells[:width])
    problems = [
        cell_problem(
            path,
            sheet,
            number,
            column,
            "这一格在表头之外：这一列没有表头，内容不会被读取",
            "在第一行给这一列写上表头，或者删掉这一格的内容",
        )
        for number, row in numbered[1:]
        for column in _beyond(row, width)
    ]
    if problems:
        return problems
    rows = tuple(
        (number, tuple(row[:width]) + (None,) * (width - len(row))) for number, row in numbered[1:]
    )
    return Table(path, sheet, header_row, header, rows)


def _header_text(cell: Value) -> str:
    return "".join(str(cell).split())  # 开始 时间 and 开始时间 are one header


def _filled(row: list[Value]) -> bool:
    return any(cell is not None for cell in row)


def _beyond(row: list[Value], width: int) -> Iterator[int]:
    return (column for column in range(width, len(row)) if row[column] is not None)
