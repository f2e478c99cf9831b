"""Classes in workbooks, as centre staff use them: ``careguide template`` and ``careguide export``
run as commands, the workbook filled with openpyxl as Excel would save it, real MkDocs builds.
"""

from __future__ import annotations

import shutil
from datetime import date, time
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from careguide import templating
from careguide.content import sheets
from careguide.content.catalog import load_catalog
from careguide.content.workbooks import write_classes
from helpers import (
    DEMO_BUILT_ON,
    MINI,
    PINNED,
    REPO,
    build_project,
    pin_build_date,
    run_careguide,
    site_config,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small site, with its mkdocs.yml, built at the pinned date."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    site_config(root)
    pin_build_date(monkeypatch, PINNED)
    return root


def _pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def test_exported_classes_placed_under_content_build_the_very_same_pages(
    project: Path, mini_site: Path
) -> None:
    result = run_careguide("export", "classes", "out.xlsx", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "3 节课" in result.stdout
    for path in (project / "content" / "classes").glob("*.yml"):
        path.unlink()
    shutil.move(project / "out.xlsx", project / "content" / "classes" / "2026.xlsx")

    before, after = _pages(mini_site), _pages(build_project(project))

    assert sorted(after) == sorted(before)
    assert "classes/future-class/index.html" in after
    assert [name for name in before if before[name] != after[name]] == []


def test_a_template_filled_by_staff_with_a_bad_date_names_the_cell_then_builds(
    project: Path,
) -> None:
    template = project / "template.xlsx"
    made = run_careguide("template", "classes", template, cwd=project)
    assert made.returncode == 0, made.stderr

    workbook = openpyxl.load_workbook(template)
    sheet = workbook["课程"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["编号", "标题", "指导中心", "日期"]
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).rstrip("0123456789:").split(":")[0].rstrip("0123456789")
        listed = workbook["说明"][validation.formula1.split("!")[1].replace("$", "")]
        offered[column] = [cell.value for (cell,) in listed]
    assert offered["C"] == ["shijiazhuang", "zhengding"]  # 指导中心: the centres' ids
    assert offered["G"] == ["线下", "直播", "录播"]  # 形式
    assert offered["H"] == ["家长和照护人", "托育机构工作人员", "所有人"]  # 对象
    assert "sleep" in offered["I"] and "feeding" in offered["I"]  # 主题
    rows = [
        [
            "2026-12-12-zhengding-sleep",
            "宝宝睡眠讲座",
            "zhengding",
            date(2026, 12, 12),
            time(9, 30),
            time(11, 0),
            "线下",
            "家长和照护人",
            "sleep",
            "0-6m、6-12m",
            20,
            "电话报名",
            None,
            None,
            "怎样帮宝宝建立睡眠规律。",
            "是",
        ],
        [
            "2026-12-19-city-feeding-live",
            "辅食直播课",
            "shijiazhuang",
            "2026/13/05",
            "19:30",
            "20:30",
            "直播",
            "家长和照护人",
            "feeding",
            None,
            None,
            None,
            None,
            None,
            "第一口辅食吃什么。",
            "是",
        ],
    ]
    for row in rows:
        sheet.append(row)
    placed = project / "content" / "classes" / "2026-12.xlsx"
    workbook.save(placed)

    failed = run_careguide("build", cwd=project)
    assert failed.returncode == 1
    assert (
        "content/classes/2026-12.xlsx:课程!D3: 日期 “2026/13/05” 不存在 — "
        "检查月份（1–12）和日期（该月的天数），例如 2026-12-05"
    ) in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not (project / "site").exists()

    workbook = openpyxl.load_workbook(placed)
    workbook["课程"]["D3"] = "2026-12-19"
    workbook.save(placed)
    built = run_careguide("build", cwd=project)
    assert built.returncode == 0, built.stderr

    for address, title in (
        ("classes/2026-12-12-zhengding-sleep/index.html", "宝宝睡眠讲座"),
        ("classes/2026-12-19-city-feeding-live/index.html", "辅食直播课"),
    ):
        page = BeautifulSoup(
            (project / "site" / address).read_text(encoding="utf-8"), "html.parser"
        )
        assert title in page.get_text()
    sleep = (project / "site" / "classes/2026-12-12-zhengding-sleep/index.html").read_text(
        encoding="utf-8"
    )
    assert "09:30" in sleep and "线下" in sleep


def test_the_cells_hold_the_labels_the_pages_show() -> None:
    assert sheets.FORMATS == templating.FORMATS
    assert sheets.AUDIENCES == templating.AUDIENCES
    assert sheets.STATUSES == templating.STATUSES


def test_the_demo_classes_series_included_come_back_equal_from_an_export(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = load_catalog(content, now=DEMO_BUILT_ON)
    assert any(item.moved_from for item in before.classes)  # a series' moved meeting
    write_classes(before, tmp_path / "all.xlsx", before.classes)
    for path in (content / "classes").glob("*.yml"):
        path.unlink()
    shutil.move(tmp_path / "all.xlsx", content / "classes" / "all.xlsx")

    after = load_catalog(content, now=DEMO_BUILT_ON)

    assert after.classes == before.classes
