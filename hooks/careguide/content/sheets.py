"""Records in spreadsheets: Chinese headers mapped to fields, each row made into a record's data
(validated as YAML is), and every problem placed on its cell.

A :class:`Spec` says which headers a kind of table has (:data:`CLASS_SHEET` for classes,
:data:`CONTACT_SHEET` for centres' contact details). Cells become plain values in
:mod:`careguide.content.cells`; what a cell cannot become is reported on that cell. A record's
origin is ``(sheet, row)``, so the loader's checks and the cross-file checks point at rows, and
:func:`locate` turns a field into its cell and its name into the column's header.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from careguide.content.cells import MIDNIGHT, Bad, Column, read_cell
from careguide.content.tables import Table, Value, cell_problem, column_letter, read_tables
from careguide.errors import Origin, Problem


@dataclass(frozen=True, eq=False)
class Spec:
    """The columns of one kind of table and the name of its sheet in a template."""

    sheet: str
    columns: tuple[Column, ...]

    def by_header(self) -> dict[str, Column]:
        return {column.header: column for column in self.columns}


FORMATS = {"in-person": "线下", "live": "直播", "recorded": "录播"}
AUDIENCES = {"parents": "家长和照护人", "staff": "托育机构工作人员", "all": "所有人"}
STATUSES = {"open": "可报名", "full": "已满", "cancelled": "已取消"}
"""Cells hold the labels the pages show (``careguide.templating``; a test keeps them equal)."""

CLASS_SHEET = Spec(
    "课程",
    (
        Column("编号", "id", "text", "小写英文字母、数字和“-”，如 2026-12-05-changan", True),
        Column("标题", "title", "text", "一行，例如 新手爸妈课堂：新生儿护理", True),
        Column("指导中心", "centre", "text", "指导中心的编号（下拉选择）", True),
        Column("日期", "date", "date", "Excel 日期，或写成 2026-12-05", True),
        Column("开始时间", "start", "time", "北京时间，例如 09:30", True),
        Column("结束时间", "end", "time", "当天结束，例如 11:00；到午夜写 24:00", True),
        Column("形式", "format", "choice", "下拉选择", True, FORMATS),
        Column("对象", "audience", "choice", "下拉选择", True, AUDIENCES),
        Column("主题", "topics", "ids", "主题编号；几个主题用顿号“、”或逗号分开", True),
        Column("年龄段", "age_bands", "ids", "年龄段编号；几个用顿号或逗号分开；可不填"),
        Column("名额", "capacity", "int", "整数；可不填"),
        Column("报名方式", "registration", "text", "电话、地点或网址；可不填"),
        Column("状态", "status", "choice", "不填就是“可报名”", False, STATUSES),
        Column("地点", "location", "text", "不在指导中心上课时填写；可不填"),
        Column("简介", "description", "text", "课程内容，可以写几段", True),
        Column("示例", "example", "flag", "示例数据填“是”；真实课程不填"),
        Column("原定日期", "moved_from", "date", "改期的课程填原来宣布的日期；可不填"),
        Column("旧编号", "former_ids", "ids", "改过编号时填写以前的编号；可不填"),
        Column("修订号", "revision", "int", "已发布的课程改了时间、地点或状态时加 1；可不填"),
        Column("系列", "series", "text", "每周重复的课，同一系列的各次课填同一个编号；可不填"),
    ),
)


CONTACT_SHEET = Spec(
    "联系方式",
    (
        Column("编号", "id", "text", "指导中心的编号（content/centres/ 里的文件名）", True),
        Column("依托机构", "host", "text", "例如 正定县妇幼保健院"),
        Column("地址", "address", "text", "例如 正定县恒山路 1 号"),
        Column("电话", "phone", "text", "一个号码，如 0311-86001234（单元格设为文本）"),
        Column("开放时间", "hours", "text", "例如 周一至周五 8:30–17:30"),
        Column("网址", "website", "text", "以 http:// 或 https:// 开头"),
        Column("核实日期", "checked", "date", "最后一次核实这些信息的日期，如 2026-11-29"),
    ),
)
"""Centres' contact details, one row per centre, over what its YAML file says (a blank cell
keeps the file's value): the details that change are kept in one list for all centres, while
what a centre is (level, division, services, notes) stays in its own file."""

SPECS = {"classes": CLASS_SHEET, "centres": CONTACT_SHEET}
"""The tables each folder of ``content/`` may hold."""


@dataclass(frozen=True)
class Row:
    """The data of one row for validation, where it is, and the fields its cells already
    reported (their validation errors would say the same again)."""

    data: dict[str, Any]
    origin: Origin
    reported: frozenset[str]

    def repeats(self, problem: Problem) -> bool:
        """Whether a validation problem only repeats one this row's cells already reported."""
        keys = problem.origin.keypath
        if len(keys) > 2:
            return keys[2] in self.reported
        return any(f"“{name}”" in problem.message for name in self.reported)


def read_rows(path: Path, spec: Spec, problems: list[Problem]) -> list[Row] | None:
    """The rows of every sheet of ``path``; None when the file cannot be read at all."""
    tables = read_tables(path)
    if tables and isinstance(tables[0], Problem):
        problems.extend(tables)
        return None
    rows: list[Row] = []
    readable = True
    for table in tables:
        assert isinstance(table, Table)
        columns = _columns(table, spec, problems)
        if columns is None:
            readable = False
            continue
        rows.extend(_row(table, number, cells, columns, problems) for number, cells in table.rows)
    return rows if readable else None


def _columns(table: Table, spec: Spec, problems: list[Problem]) -> dict[int, Column] | None:
    """The known column at each index of the header, or None when the header is not usable."""
    known = spec.by_header()
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    start = len(problems)

    def bad(index: int, message: str, hint: str) -> None:
        problems.append(
            cell_problem(table.file, table.sheet, table.header_row, index, message, hint)
        )

    for index, header in enumerate(table.header):
        if not header:
            bad(index, "这一列没有表头", "在表头行写上这一列的名字，或删掉这一列")
        elif header in seen:
            first = column_letter(seen[header])
            bad(index, f"表头 “{header}” 重复（{first} 列已经有了）", "每个表头只写一次：删掉一列")
        elif header not in known:
            bad(index, f"未知的表头 “{header}”", _suggest(header, table, spec))
        else:
            found[index] = known[header]
        seen.setdefault(header, index)
    present = {column.header for column in found.values()}
    missing = [c.header for c in spec.columns if c.required and c.header not in present]
    if missing:
        bad(
            0,
            f"缺少必填的列：{'、'.join(missing)}",
            f"在表头行加上这些列（表头依次可为：{'、'.join(c.header for c in spec.columns)}）",
        )
    return None if len(problems) > start else found


def _suggest(header: str, table: Table, spec: Spec) -> str:
    close = difflib.get_close_matches(header, [c.header for c in spec.columns], n=1, cutoff=0.5)
    if close:
        return f"是否想写 “{close[0]}”？"
    hint = f"可用的表头：{'、'.join(c.header for c in spec.columns)}"
    if table.file.suffix == ".csv":
        hint += "；表头若是乱码，请把文件另存为“CSV UTF-8（逗号分隔）”"
    return hint


def _row(
    table: Table,
    number: int,
    cells: tuple[Value, ...],
    columns: dict[int, Column],
    problems: list[Problem],
) -> Row:
    data: dict[str, Any] = {}
    reported: set[str] = set()
    at: dict[str, int] = {}
    for index, column in columns.items():
        value = cells[index]
        at[column.field] = index
        if value is None:
            if column.required:
                problems.append(
                    cell_problem(
                        table.file,
                        table.sheet,
                        number,
                        index,
                        f"“{column.header}”没有填写",
                        f"请在这一格填写：{column.note}",
                    )
                )
                reported.add(column.field)
            continue
        read = read_cell(column, value)
        if isinstance(read, Bad):
            problems.append(
                cell_problem(table.file, table.sheet, number, index, read.message, read.hint)
            )
            reported.add(column.field)
        else:
            data[column.field] = read
    if "date" in at:
        _moments(data, reported)
    return Row(data, Origin(table.file, (table.sheet, number)), frozenset(reported))


def _moments(data: dict[str, Any], reported: set[str]) -> None:
    """日期, 开始时间 and 结束时间 become ``start`` and ``end``; 24:00 (or 00:00) ends the day."""
    day = data.pop("date", None)
    if day is None:
        reported.update(("start", "end"))
        data.pop("start", None), data.pop("end", None)
        return
    for name in ("start", "end"):
        moment = data.get(name)
        if isinstance(moment, time):
            data[name] = datetime.combine(day, moment)
        elif moment == MIDNIGHT:
            data[name] = datetime.combine(day + timedelta(days=1), time())
    if data.get("end") == datetime.combine(day, time()):
        data["end"] = datetime.combine(day + timedelta(days=1), time())


def locate(problem: Problem) -> Problem:
    """A problem of a row's record, placed on the cell of its field and said with its header
    (a field not in the sheet points at the row's first cell)."""
    keys = problem.origin.keypath
    spec = SPECS.get(problem.origin.file.parent.name)
    if problem.cell is not None or len(keys) < 2 or spec is None:
        return problem
    sheet, number = str(keys[0]), int(keys[1])
    field_name = str(keys[2]) if len(keys) > 2 else ""
    try:
        mtime = problem.origin.file.stat().st_mtime_ns
    except OSError:
        mtime = 0
    index = _field_columns(problem.origin.file, mtime, sheet, spec).get(field_name, 0)
    headers = {column.field: column.header for column in spec.columns}
    message, hint = (_said(text, headers) for text in (problem.message, problem.hint))
    return cell_problem(problem.origin.file, sheet, number, index, message, hint)


@functools.lru_cache(maxsize=16)
def _field_columns(file: Path, _mtime: int, sheet: str, spec: Spec) -> dict[str, int]:
    """The column of each field in one sheet of a file, read again (only for a problem)."""
    known = spec.by_header()
    for table in read_tables(file):
        if isinstance(table, Table) and table.sheet == sheet:
            found = {known[h].field: i for i, h in enumerate(table.header) if h in known}
            if "date" in found:
                found.setdefault("start", found["date"])
            return found
    return {}


def _said(text: str, headers: Mapping[str, str]) -> str:
    """Field names in a message replaced by their headers: ``title 不能为空`` → ``标题 不能为空``"""
    for name, header in headers.items():
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z_])", header, text)
    return text
