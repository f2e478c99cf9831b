"""Real MkDocs builds of the small test site: what a reader sees on the generated pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpers import Page, build_project, heading_text

NOT_LOADED = {"canonical", "alternate", "prev", "next"}
"""<link> relations that name another address without the browser fetching it."""


def test_each_centre_page_shows_its_name_and_district(page: Page) -> None:
    zhengding = page("centres/zhengding")
    assert zhengding.h1.get_text(strip=True).startswith("正定县婴幼儿养育照护指导中心")
    rows = {
        row.find_all("td")[0].get_text(strip=True): row.find_all("td")[1].get_text(strip=True)
        for row in zhengding.select("article table tbody tr")
    }
    assert rows["所在地"] == "正定县"
    assert rows["级别"] == "县级指导中心"
    assert zhengding.select_one('a[href="tel:03110000000"]') is not None
    city = page("centres/shijiazhuang")
    assert "石家庄市婴幼儿养育照护指导中心" in city.h1.get_text()
    assert "示例数据" in city.get_text()


def test_directory_groups_centres_by_district(page: Page) -> None:
    directory = page("centres")
    headings = [heading_text(h2) for h2 in directory.select("article h2")]
    assert headings == ["市级", "正定县"]
    links = [a["href"] for a in directory.select("article [data-cg-centre] a")]
    assert links == ["shijiazhuang/", "zhengding/"]


def test_classes_are_sorted_into_upcoming_and_past_by_the_pinned_date(page: Page) -> None:
    upcoming = page("classes").select_one("article").get_text()
    past = page("classes/past").select_one("article").get_text()
    assert "即将开始的亲子活动" in upcoming
    assert "已取消的讲座" in upcoming and "已取消" in upcoming
    assert "已结束的辅食课" not in upcoming
    assert "已结束的辅食课" in past
    assert "即将开始的亲子活动" not in past
    centre_classes = page("centres/zhengding").select_one("[data-cg-upcoming]").get_text()
    assert "即将开始的亲子活动" in centre_classes


def test_navigation_leads_to_the_four_areas(page: Page) -> None:
    """And to 宝宝时间表, right after the home page: the site has the immunisation schedule."""
    home = page("")
    tabs = [tab.get_text(strip=True) for tab in home.select(".md-tabs__link")]
    assert tabs == ["首页", "宝宝时间表", "养育手册", "托育卫生", "指导中心", "课程"]
    chapters = [a.get_text(strip=True) for a in page("handbook").select("article ol li a")]
    assert chapters == ["睡眠", "发热"]


@pytest.mark.parametrize(
    "address",
    [
        "classes/past-class",
        "classes/future-class",
        "centres/zhengding",
        "handbook/sleep",
        "classes",
    ],
)
def test_the_navigation_leads_to_the_same_places_from_every_page(page: Page, address: str) -> None:
    """Pages outside the navigation share one rendering of it per folder (fragments.py); from
    each of them its links must still lead where the home page's do."""

    def targets(address: str) -> set[str]:
        base = f"https://example.org/{address}/" if address else "https://example.org/"
        links = page(address).select(".md-tabs a[href], .md-nav--primary a[href]")
        return {urljoin(base, a["href"]) for a in links if not a["href"].startswith("#")}

    assert targets(address) == targets("")


def test_chapter_sections_have_stable_ascii_anchors_sources_and_review_dates(page: Page) -> None:
    sleep = page("handbook/sleep")
    assert [h2["id"] for h2 in sleep.select("article h2")] == ["hours", "safe-sleep"]
    sources = sleep.select(".cg-sources")
    assert len(sources) == 2
    assert "世界卫生组织，2019" in sources[0].get_text()
    assert "审核日期：2026-11-20" in sources[0].get_text()
    assert "不能代替医生的诊断和治疗" in sleep.get_text()
    fever = page("handbook/fever")
    titles = [p.get_text(strip=True) for p in fever.select(".admonition-title")]
    assert titles[1:] == [
        "立即拨打 120",
        "立即去医院急诊",
        "当天就医",
        "尽快预约（1–2 周内）",
        "居家观察",
        "抽搐时怎么做",
    ]


def test_no_page_loads_anything_from_another_host(mini_site: Path) -> None:
    outside = []
    for html in mini_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                if tag == "link" and set(element.get("rel", [])) & NOT_LOADED:
                    continue
                url = urlparse(element.get(attribute) or "")
                if url.scheme or url.netloc:
                    outside.append(f"{html.relative_to(mini_site)}: <{tag}> {url.geturl()}")
    assert outside == []


def test_editing_a_yaml_value_and_rebuilding_shows_the_change(mini_project: Path) -> None:
    site = build_project(mini_project)
    assert "正定县婴幼儿养育照护指导中心" in (site / "centres/zhengding/index.html").read_text()
    centre = mini_project / "content/centres/zhengding.yml"
    centre.write_text(
        centre.read_text().replace("正定县婴幼儿养育照护指导中心", "正定县养育照护指导站")
    )
    build_project(mini_project)
    html = (site / "centres/zhengding/index.html").read_text()
    assert "正定县养育照护指导站" in html
    assert "正定县婴幼儿养育照护指导中心" not in html


def test_a_yaml_typo_stops_the_build_with_file_and_line_and_no_traceback(
    mini_project: Path,
) -> None:
    site = build_project(mini_project)
    before = (site / "index.html").read_bytes()
    centre = mini_project / "content/centres/zhengding.yml"
    centre.write_text(centre.read_text().replace("division:", "divison:"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=mini_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        "content/centres/zhengding.yml:4:1: 未知字段 “divison” — 是否想写 “division”？"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_bytes() == before


@pytest.mark.parametrize(
    "address", ["handbook/sleep", "hygiene/hand-hygiene", "classes/past", "my-baby"]
)
def test_generated_pages_exist_at_their_stable_addresses(page: Page, address: str) -> None:
    assert page(address).h1 is not None


@pytest.mark.parametrize("address", ["handbook", "handbook/sleep", "hygiene/hand-hygiene"])
def test_every_book_page_links_its_pdf(page: Page, mini_site: Path, address: str) -> None:
    book = address.split("/")[0]
    link = page(address).select_one("a.cg-tool[download]")
    assert link is not None and link.get_text(strip=True) == "下载 PDF 手册"
    assert (mini_site / address / link["href"]).resolve() == mini_site / f"downloads/{book}.pdf"
    assert (mini_site / f"downloads/{book}.pdf").read_bytes().startswith(b"%PDF")


def test_a_preview_rebuild_rewrites_only_the_pages_an_edit_changes(mini_project: Path) -> None:
    """`make serve` builds with --dirty: after an edit, the changed pages show it and the
    others are not written again."""
    site = mini_project / "site"

    def preview_build() -> None:
        config = load_config(str(mini_project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    def written(address: str) -> int:
        return (site / address / "index.html").stat().st_mtime_ns

    try:
        preview_build()
        untouched = {address: written(address) for address in ("classes/past-class", "handbook")}
        centre = mini_project / "content" / "centres" / "zhengding.yml"
        centre.write_text(
            centre.read_text(encoding="utf-8")
            .replace("示例地址", "改过的地址")
            .replace("name: 正定县", "name: 改名后的正定县"),
            encoding="utf-8",
        )
        preview_build()
    finally:  # the hook module, and its --dirty flag, outlive this test's builds
        config = load_config(str(mini_project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
    for address in ("centres/zhengding", "classes/future-class"):
        assert "改过的地址" in (site / address / "index.html").read_text(encoding="utf-8")
    assert "改名后的正定县" in (site / "classes/index.html").read_text(encoding="utf-8")
    assert {address: written(address) for address in untouched} == untouched
