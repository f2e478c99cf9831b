"""The immunisation schedule is content: the handbook's table on the page and in the PDF is made
from content/schedules/immunisation.yml, so changing one dose there changes both."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from helpers import build_project


def table_rows(site: Path, number: int = 0) -> list[list[str]]:
    """The rows of the ``number``-th schedule table of the small site's fever chapter."""
    html = (site / "handbook/fever/index.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select(".cg-schedule table")[number]
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in table.select("tbody tr")
    ]


def pdf_text(site: Path) -> str:
    """The printed handbook's text without spaces and line breaks (table cells come apart)."""
    reader = PdfReader(site / "downloads/handbook.pdf")
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def test_the_table_follows_the_schedule_file(mini_project: Path) -> None:
    site = build_project(mini_project)
    assert table_rows(site) == [
        ["出生时", "乙肝疫苗第 1 剂（出生后 24 小时内）", "—"],
        ["1 月龄", "乙肝疫苗第 2 剂", "—"],
        ["2 月龄", "百白破疫苗（DTaP）第 1 剂", "—"],
        ["8 月龄", "乙脑减毒活疫苗第 1 剂", "乙脑灭活疫苗第 1 剂"],
    ]  # the dose at 6 years is past the table's three years
    assert "2月龄百白破疫苗（DTaP）第1剂" in pdf_text(site)

    schedule = mini_project / "content/schedules/immunisation.yml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(re.sub(r"(id: dtap-1, .*?age: )2m", r"\g<1>3m", text), encoding="utf-8")
    site = build_project(mini_project)

    assert ["3 月龄", "百白破疫苗（DTaP）第 1 剂", "—"] in table_rows(site)
    assert not any(row[0] == "2 月龄" for row in table_rows(site))
    assert "3月龄百白破疫苗（DTaP）第1剂" in pdf_text(site)
    assert "2月龄百白破疫苗" not in pdf_text(site)


def test_the_checkup_and_warning_sign_tables_follow_their_files(mini_site: Path) -> None:
    assert table_rows(mini_site, 1) == [
        ["出院后 7 天内", "新生儿家庭访视", "量体重"],
        ["3 月龄", "3 月龄健康检查", "体格检查；对照发育预警征象筛查"],
    ]
    assert table_rows(mini_site, 2) == [
        ["3 月龄", "趴着时抬不起头"],
        ["6 月龄", "不会伸手抓东西；扶着也坐不住"],
        ["任何年龄", "已经会的本领没有了"],
    ]
    text = pdf_text(mini_site)
    assert "3月龄3月龄健康检查体格检查；对照发育预警征象筛查" in text
    assert "6月龄不会伸手抓东西；扶着也坐不住" in text


def test_an_age_page_gathers_what_falls_due_in_its_band(mini_site: Path) -> None:
    html = (mini_site / "ages/0-6m/index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")

    def items(section: str) -> list[str]:
        heading = article.find(id=section)
        return [li.get_text(strip=True) for li in heading.find_next("ul").find_all("li")]

    assert items("vaccines") == [
        "出生时：乙肝疫苗第 1 剂（出生后 24 小时内）",
        "1 月龄：乙肝疫苗第 2 剂",
        "2 月龄：百白破疫苗第 1 剂",
    ]  # the doses at 8 months and 6 years belong to later bands
    assert items("checkups") == [
        "出院后 7 天内：新生儿家庭访视（量体重）",
        "3 月龄：3 月龄健康检查（体格检查；对照发育预警征象筛查）",
    ]
    assert items("warning-signs") == [
        "3 月龄：趴着时抬不起头",
        "6 月龄：不会伸手抓东西；扶着也坐不住",
    ]
    assert "睡眠" in items("chapters")
    ages = BeautifulSoup((mini_site / "ages/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in ages.select("article li a")] == ["0-6m/"]


def milestone_rows(site: Path) -> list[list[str]]:
    """The rows of the fever chapter's milestone table, each cell's text."""
    html = (site / "handbook/fever/index.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select_one(".cg-milestones table")
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in table.select("tbody tr")
    ]


def age_page_milestones(site: Path, band: str = "0-6m") -> list[str]:
    html = (site / f"ages/{band}/index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    milestones = article.find(id="milestones").find_next("ul")
    return [li.get_text(strip=True) for li in milestones.find_all("li", recursive=False)]


def test_the_milestone_tables_follow_the_milestone_file(mini_project: Path) -> None:
    site = build_project(mini_project)
    assert milestone_rows(site) == [
        ["2 月龄", "社交和情绪：逗他时会笑运动和身体：趴着时能抬头", "测试清单（2 月龄）"],
        ["3 月龄", "趴着时能抬起头", "预警征象反过来写"],
    ]
    assert "2月龄社交和情绪：逗他时会笑运动和身体：趴着时能抬头测试清单（2月龄）" in pdf_text(site)
    assert age_page_milestones(site) == [
        "2 月龄：社交和情绪：逗他时会笑运动和身体：趴着时能抬头依据：测试清单（2 月龄）",
        "3 月龄：趴着时能抬起头依据：预警征象反过来写",
    ]

    milestones = mini_project / "content/schedules/milestones.yml"
    text = milestones.read_text(encoding="utf-8")
    milestones.write_text(text.replace("逗他时会笑", "你逗他时会对你笑"), encoding="utf-8")
    site = build_project(mini_project)

    assert milestone_rows(site)[0][1] == "社交和情绪：你逗他时会对你笑运动和身体：趴着时能抬头"
    assert "你逗他时会对你笑" in age_page_milestones(site)[0]
    assert "社交和情绪：你逗他时会对你笑" in pdf_text(site)
    assert "：逗他时会笑" not in pdf_text(site)


def test_a_section_for_an_age_band_is_listed_on_that_band_s_page_only(mini_project: Path) -> None:
    site_yml = mini_project / "content/site.yml"
    site_yml.write_text(
        site_yml.read_text(encoding="utf-8").replace(
            "{id: 6-12m, name: 6–12 月龄}", "{id: 6-12m, name: 6–12 月龄, start: 6m, end: 12m}"
        ),
        encoding="utf-8",
    )
    chapter = mini_project / "content/handbook/fever.yml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "    title: 打疫苗的时间\n", "    title: 打疫苗的时间\n    age_bands: [6-12m]\n"
        ),
        encoding="utf-8",
    )
    site = build_project(mini_project)

    def chapters(band: str) -> dict[str, str]:
        html = (site / f"ages/{band}/index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        listed = article.find(id="chapters").find_next("ul")
        return {a["href"]: a.get_text(strip=True) for a in listed.find_all("a")}

    assert chapters("6-12m") == {
        "../../handbook/fever/": "发热",
        "../../handbook/fever/#vaccines": "打疫苗的时间",
    }  # the fever chapter has no bands: only its tagged section brings it here
    assert "../../handbook/fever/#vaccines" not in chapters("0-6m")
    assert chapters("0-6m") == {"../../handbook/sleep/": "睡眠"}  # untagged: the whole chapter
