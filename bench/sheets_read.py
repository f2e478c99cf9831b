"""Reading a 10,000-row class workbook: python-calamine against openpyxl, and careguide's reader.

    python bench/sheets_read.py --rows 10000 --runs 5

Writes one workbook with ``careguide``'s own writer (the exported form: dates and times typed as
Excel values, the 说明 sheet and the drop-downs), then times, alternating, the medians of:

- ``calamine``: python-calamine reading every cell of the 课程 sheet;
- ``openpyxl-readonly``: openpyxl in read-only mode (streams rows; cannot tell merged cells);
- ``openpyxl``: openpyxl in normal mode (what telling merged cells with openpyxl needs);
- ``careguide``: :func:`careguide.content.sheets.read_rows` (calamine, merged cells and hidden
  sheets, the formula scan, each cell made into a value for validation).

It prints each median and its ratio to calamine's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

import openpyxl  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from careguide.content.catalog import load_catalog  # noqa: E402
from careguide.content.classes import Class  # noqa: E402
from careguide.content.fields import SHANGHAI  # noqa: E402
from careguide.content.sheets import CLASS_SHEET, read_rows  # noqa: E402
from careguide.content.workbooks import write_classes  # noqa: E402


def make_workbook(path: Path, rows: int) -> None:
    catalog = load_catalog(REPO / "tests" / "fixtures" / "mini" / "content",
                           now=datetime(2026, 11, 20, tzinfo=SHANGHAI))  # fmt: skip
    first = datetime(2027, 1, 1, 9, 30, tzinfo=SHANGHAI)
    classes = [
        Class(
            id=f"bench-{number}",
            title=f"示例课程 {number}",
            topics=("feeding", "play"),
            format="in-person",
            centre="zhengding",
            start=first + timedelta(days=number // 20),
            end=first + timedelta(days=number // 20, hours=1, minutes=30),
            audience="parents",
            capacity=30,
            registration="示例：到指导中心现场报名",
            description="示例数据：喂养和游戏。",
            example=True,
        )
        for number in range(rows)
    ]
    write_classes(catalog, path, classes)


def calamine(path: Path) -> int:
    with CalamineWorkbook.from_path(str(path)) as book:
        return len(book.get_sheet_by_name("课程").to_python())


def openpyxl_read(path: Path, *, read_only: bool) -> int:
    book = openpyxl.load_workbook(path, read_only=read_only)
    count = sum(1 for _ in book["课程"].iter_rows(values_only=True))
    book.close()
    return count


def careguide(path: Path) -> int:
    problems: list[object] = []
    rows = read_rows(path, CLASS_SHEET, problems)  # type: ignore[arg-type]
    assert rows is not None and not problems, problems
    for row in rows:
        Class.model_validate(row.data)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    variants: dict[str, Callable[[Path], int]] = {
        "calamine": calamine,
        "openpyxl-readonly": lambda path: openpyxl_read(path, read_only=True),
        "openpyxl": lambda path: openpyxl_read(path, read_only=False),
        "careguide": careguide,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "classes.xlsx"
        make_workbook(path, args.rows)
        print(f"{args.rows} rows, {path.stat().st_size / 1024:.0f} KB")
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, read in variants.items():
                began = time.perf_counter()
                read(path)
                times[name].append(time.perf_counter() - began)
    base = statistics.median(times["calamine"])
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:18} {median:7.3f} s   ×{median / base:5.1f} calamine")


if __name__ == "__main__":
    main()
