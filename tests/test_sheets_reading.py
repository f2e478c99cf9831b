"""Reading classes from spreadsheets and CSV files: encodings, cells Excel and WPS write, and
the message for each thing that cannot be published as typed. Content is loaded as a build
loads it (``load_catalog`` on a copy of the small site)."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from careguide.content.catalog import Catalog, load_catalog
from careguide.content.classes import Class
from careguide.content.documents import ParseCache
from careguide.errors import ContentError
from helpers import MINI, PINNED

HEADER = [
    "编号",
    "标题",
    "指导中心",
    "日期",
    "开始时间",
    "结束时间",
    "形式",
    "对象",
    "主题",
    "简介",
]
ROW = ["sheet-class", "表格里的课程", "zhengding", "2026-12-05", "9:30", "11:00", "线下",
       "家长和照护人", "play、feeding", "从表格读入。"]  # fmt: skip


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(MINI / "content", tmp_path / "content")
    return tmp_path / "content"


def _load(content: Path) -> Catalog:
    return load_catalog(content, now=PINNED)


def _errors(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        _load(content)
    return caught.value.lines()


def _sheet_class(catalog: Catalog) -> Class:
    return next(item for item in catalog.classes if item.id == "sheet-class")


def _workbook(path: Path, rows: list[list[object]]) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "课程"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return workbook


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"], ids=["utf8", "utf8-bom", "gbk", "gb18030"]
)
def test_a_csv_file_in_each_encoding_excel_saves_in_china_reads_the_same(
    content: Path, encoding: str
) -> None:
    text = ",".join(HEADER) + "\r\n" + ",".join(ROW) + "\r\n"
    (content / "classes" / "2026-12.csv").write_bytes(text.encode(encoding))

    item = _sheet_class(_load(content))

    assert item.title == "表格里的课程"
    assert item.topics == ("play", "feeding")
    assert item.start == datetime(2026, 12, 5, 9, 30, tzinfo=PINNED.tzinfo)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("big5", "編號,標題,指導中心,日期\n示例,親子課程,zhengding,2026-12-05\n"),
        ("latin-1", "id,Café,Année\n"),
    ],
)
def test_a_csv_file_in_another_encoding_is_refused_not_garbled(
    content: Path, encoding: str, text: str
) -> None:
    (content / "classes" / "other.csv").write_bytes(text.encode(encoding))

    errors = _errors(content)

    assert len(errors) == 1
    assert errors[0].startswith("content/classes/other.csv:1:1: 文件既不是 UTF-8 编码，也不是 GBK")
    assert "CSV UTF-8" in errors[0]


def test_a_csv_problem_names_the_cell_as_the_spreadsheet_shows_it(content: Path) -> None:
    bad = [*ROW[:2], "nowhere", *ROW[3:]]
    lines = [",".join(HEADER), ",,,,", ",".join(bad)]
    (content / "classes" / "x.csv").write_text("\n".join(lines), encoding="utf-8")

    errors = _errors(content)

    assert errors == [
        "content/classes/x.csv!C3: 找不到指导中心 “nowhere” — " + errors[0].split(" — ", 1)[1]
    ]


def test_excel_dates_and_times_and_text_read_alike_empty_rows_and_blank_columns_ignored(
    content: Path,
) -> None:
    typed = [*ROW[:3], date(2026, 12, 5), time(9, 30), datetime(1899, 12, 30, 11, 0), *ROW[6:]]
    as_text = [*ROW[:3], "2026年12月5日", "09:30", "11:00", *ROW[6:]]
    as_text[0] = "sheet-class-text"
    _workbook(
        content / "classes" / "a.xlsx", [[], [*HEADER, None, None], [], typed, [None] * 12, as_text]
    )

    catalog = _load(content)

    one, two = (
        next(c for c in catalog.classes if c.id == i) for i in ("sheet-class", "sheet-class-text")
    )
    assert one.start == two.start and one.end == two.end
    assert one.end.time() == time(11, 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda book: book["课程"].merge_cells("B2:B3"),
            "content/classes/a.xlsx:课程!B2: B2:B3 是合并单元格",
        ),
        (
            lambda book: (
                book["课程"].__setitem__("K2", None) or book["课程"].__setitem__("J2", "=A2")
            ),
            "content/classes/a.xlsx:课程!J2: 这一格是公式",
        ),
        (
            lambda book: setattr(book.create_sheet("旧的"), "sheet_state", "hidden"),
            "content/classes/a.xlsx:旧的!A1: 工作表 “旧的” 是隐藏的",
        ),
        (
            lambda book: book["课程"].__setitem__("D2", "2026/13/05"),
            "content/classes/a.xlsx:课程!D2: 日期 “2026/13/05” 不存在",
        ),
        (
            lambda book: book["课程"].__setitem__("E2", "25:00"),
            "content/classes/a.xlsx:课程!E2: 时间 “25:00” 不存在",
        ),
        (
            lambda book: book["课程"].__setitem__("F2", "09:00"),
            "content/classes/a.xlsx:课程!F2: 结束时间 2026-12-05 09:00 不晚于开始时间",
        ),
        (
            lambda book: book["课程"].__setitem__("B2", None),
            "content/classes/a.xlsx:课程!B2: “标题”没有填写",
        ),
        (
            lambda book: book["课程"].__setitem__("G2", "面授"),
            "content/classes/a.xlsx:课程!G2: “面授” 不是可选的形式",
        ),
        (
            lambda book: book["课程"].__setitem__("I1", "主提"),
            "content/classes/a.xlsx:课程!I1: 未知的表头 “主提” — 是否想写 “主题”？",
        ),
        (
            lambda book: book["课程"].__setitem__("M2", "多余"),
            "content/classes/a.xlsx:课程!M2: 这一格在表头之外",
        ),
    ],
    ids=[
        "merged",
        "formula",
        "hidden",
        "date",
        "time",
        "end",
        "empty",
        "choice",
        "header",
        "beyond",
    ],
)
def test_what_cannot_be_published_as_typed_is_named_by_sheet_and_cell(
    content: Path, change: object, expected: str
) -> None:
    path = content / "classes" / "a.xlsx"
    book = _workbook(path, [HEADER, ROW])
    change(book)  # type: ignore[operator]
    book.save(path)

    errors = _errors(content)

    assert [line for line in errors if line.startswith(expected)], errors
    assert all(line.startswith("content/classes/a.xlsx:") for line in errors), errors


def test_office_lock_files_beside_a_workbook_are_not_content(content: Path) -> None:
    (content / "classes" / "~$2026-12.xlsx").write_bytes(b"owner file")
    assert _load(content)


def test_centres_contact_details_in_a_sheet_replace_those_of_their_files(content: Path) -> None:
    rows = [
        ["编号", "电话", "开放时间", "核实日期", None],
        ["zhengding", "0311-88001234", "周一至周五 8:30–17:00", date(2026, 11, 18)],
    ]
    book = _workbook(content / "centres" / "contacts.xlsx", rows)
    book["课程"].title = "联系方式"
    book.save(content / "centres" / "contacts.xlsx")

    centre = _load(content).centres_by_id["zhengding"]

    assert centre.phone == "0311-88001234"
    assert centre.hours == "周一至周五 8:30–17:00"
    assert centre.checked == date(2026, 11, 18)
    assert centre.name  # the rest is the file's


def test_a_contact_sheet_names_a_bad_phone_and_an_unknown_centre_by_cell(content: Path) -> None:
    lines = ["编号,电话", "zhengding,0311-8800", "zhengdnig,0311-88001234"]
    (content / "centres" / "contacts.csv").write_text("\n".join(lines), encoding="utf-8-sig")

    errors = _errors(content)

    assert errors[0].startswith("content/centres/contacts.csv!B2: 电话号码 “0311-8800” 格式不对")
    assert errors[1] == (
        "content/centres/contacts.csv!A3: 没有编号为 “zhengdnig” 的指导中心 — "
        "是否想写 “zhengding”？"
    )
    assert len(errors) == 2


def test_with_the_parse_cache_an_edited_workbook_is_read_again(
    content: Path, tmp_path: Path
) -> None:
    cache = ParseCache(tmp_path / "cache")
    path = content / "classes" / "a.xlsx"
    _workbook(path, [HEADER, ROW])
    assert _sheet_class(load_catalog(content, now=PINNED, cache=cache)).title == "表格里的课程"
    assert list((tmp_path / "cache").glob("*.rows.pickle"))

    _workbook(path, [HEADER, ["sheet-class", "改过的标题", *ROW[2:]]])

    assert _sheet_class(load_catalog(content, now=PINNED, cache=cache)).title == "改过的标题"
