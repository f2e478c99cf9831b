"""Centre and class pages as a parent, a centre or a search engine meets them."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from browser import chromium, serve
from helpers import Page, build_project


def jsonld(soup: BeautifulSoup) -> dict:
    script = soup.find("script", type="application/ld+json")
    assert script is not None
    return json.loads(script.string)


def test_each_class_has_a_page_with_its_details(page: Page) -> None:
    soup = page("classes/future-class")
    assert soup.h1.get_text(strip=True).startswith("即将开始的亲子活动")
    text = soup.select_one("article").get_text()
    assert "2026年12月5日（星期六） 09:30–11:00" in text
    assert "示例数据" in text
    centre_link = soup.select_one('article a[href="../../centres/zhengding/"]')
    assert centre_link is not None and "正定县" in centre_link.get_text()


def test_a_cancelled_class_is_shown_as_cancelled_not_dropped(page: Page) -> None:
    soup = page("classes/cancelled-class")
    assert "本次课程已取消" in soup.get_text()
    listed = page("classes").select_one(".cg-class--cancelled")
    assert listed is not None and "已取消的讲座" in listed.get_text()


def test_class_pages_carry_schema_org_events(page: Page) -> None:
    event = jsonld(page("classes/future-class"))
    assert event["@type"] == "Event"
    assert event["startDate"] == "2026-12-05T09:30:00+08:00"
    assert event["endDate"] == "2026-12-05T11:00:00+08:00"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["@type"] == "Place"
    assert event["organizer"]["name"] == "正定县婴幼儿养育照护指导中心"
    assert event["url"].endswith("/classes/future-class/")
    online = jsonld(page("classes/past-class"))
    assert online["location"]["@type"] == "VirtualLocation"
    cancelled = jsonld(page("classes/cancelled-class"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_centre_pages_carry_an_organisation(page: Page) -> None:
    organisation = jsonld(page("centres/zhengding"))
    assert organisation["@type"] == "GovernmentOrganization"
    assert organisation["name"] == "正定县婴幼儿养育照护指导中心"
    assert organisation["telephone"] == "0311-0000000"
    assert organisation["areaServed"] == "正定县"


def test_the_qr_code_on_a_centre_page_decodes_to_its_address(page: Page, mini_site: Path) -> None:
    image = page("centres/zhengding").select_one(".cg-qr img")
    png = (mini_site / "centres/zhengding" / image["src"]).resolve()
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == "http://127.0.0.1:8000/centres/zhengding/"


def test_an_old_centre_id_redirects_to_the_new_page(mini_site: Path) -> None:
    old = BeautifulSoup(
        (mini_site / "centres/zhengding-county/index.html").read_text(), "html.parser"
    )
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../zhengding/"
    assert (mini_site / "centres/zhengding-county" / "../zhengding/index.html").resolve().is_file()


def test_topic_pages_list_their_classes(page: Page) -> None:
    play = page("classes/topics/play").select_one("article").get_text()
    assert "即将开始的亲子活动" in play
    assert "已取消的讲座" not in play


def add_classes(
    project: Path, name: str, count: int, start: datetime, every: timedelta, topic: str, title: str
) -> None:
    """``content/classes/<name>.yml`` with ``count`` one-hour live classes, ``every`` apart,
    titled ``<title> 000``, ``<title> 001`` …"""
    lines = ["classes:"]
    for number in range(count):
        day = start + every * number
        lines += [
            f"  - id: {name}-{number:03d}",
            f"    title: {title} {number:03d}",
            f"    topics: [{topic}]",
            "    format: live",
            "    centre: shijiazhuang",
            f"    start: {day:%Y-%m-%d %H:%M}",
            f"    end: {day + timedelta(hours=1):%Y-%m-%d %H:%M}",
            "    audience: parents",
            "    description: 说明。",
        ]
    (project / f"content/classes/{name}.yml").write_text("\n".join(lines) + "\n")


def test_past_classes_are_paginated(mini_project: Path) -> None:
    start = datetime(2026, 6, 1, 9, 0)
    add_classes(mini_project, "old", 120, start, timedelta(days=1), "feeding", "往期课程")
    site = build_project(mini_project)

    def titles(address: str) -> list[str]:
        soup = BeautifulSoup((site / address / "index.html").read_text(), "html.parser")
        return [t.get_text(strip=True) for t in soup.select(".cg-class-title")]

    first, second, third = (
        titles("classes/past"),
        titles("classes/past/2"),
        titles("classes/past/3"),
    )
    assert len(first) == len(second) == 50
    assert len(third) == 21  # 120 generated + the fixture's own past class
    assert first[0] == "已结束的辅食课"  # most recent first
    assert second[0] == "往期课程 070"
    assert not (site / "classes/past/4").exists()


def test_a_topic_lists_its_upcoming_classes_a_hundred_to_a_page(mini_project: Path) -> None:
    start = datetime(2027, 1, 1, 9, 0)
    add_classes(mini_project, "sleep", 150, start, timedelta(hours=2), "sleep", "睡眠课")
    site = build_project(mini_project)

    def read(address: str) -> BeautifulSoup:
        return BeautifulSoup((site / address / "index.html").read_text(), "html.parser")

    first, second = read("classes/topics/sleep"), read("classes/topics/sleep/2")
    titles = [
        [t.get_text(strip=True) for t in page.select(".cg-class-title")] for page in (first, second)
    ]
    assert titles[0][:2] == ["睡眠课 000", "睡眠课 001"] and len(titles[0]) == 100
    assert titles[1] == [f"睡眠课 {number:03d}" for number in range(100, 150)]
    assert first.select_one(".cg-pages a")["href"] == "2/"
    assert second.select_one(".cg-pages a")["href"] == "../"
    assert second.find(id="recent") is None  # recent classes only on the first page
    assert not (site / "classes/topics/sleep/3").exists()
    sections = json.loads(
        (mini_project / ".cache/careguide/search-sections.json").read_text(encoding="utf-8")
    )
    assert sections["classes/topics/sleep/2/index.md"] == []  # its classes are in /classes/ too
    assert sections["classes/topics/sleep/index.md"]


def test_the_poster_prints_on_one_a4_page(mini_site: Path, tmp_path: Path) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "centres/zhengding/poster/")
        assert "扫一扫" in tab.inner_text("article")
        pdf = tmp_path / "poster.pdf"
        tab.pdf(path=str(pdf), format="A4", print_background=True)
    assert len(PdfReader(pdf).pages) == 1


def test_upcoming_lists_hide_classes_that_ended_after_the_build(mini_project: Path) -> None:
    # Built "on" 2026-11-20 at noon (PINNED), a class of that evening is still upcoming in the
    # HTML; the phone, later, hides it.
    add_classes(
        mini_project,
        "evening",
        1,
        datetime(2026, 11, 20, 19, 0),
        timedelta(),
        "feeding",
        "当晚的辅食课",
    )
    site = build_project(mini_project)
    assert "当晚的辅食课 000" in (site / "classes/index.html").read_text()
    with serve(site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "classes/")
        visible = tab.inner_text("article")
    assert "当晚的辅食课" not in visible


def test_the_directory_filter_narrows_the_list_without_a_server(mini_site: Path) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "centres/")
        tab.fill("#cg-centre-filter-input", "正定")
        visible = tab.inner_text("article")
    assert "正定县婴幼儿养育照护指导中心" in visible
    assert "石家庄市婴幼儿养育照护指导中心" not in visible
