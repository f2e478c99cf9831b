"""宝宝时间表 (/my-baby/) in real Chromium with a pinned clock, on the demo site.

What the page shows is worked out here again from ``content/schedules/immunisation.yml`` with
the rules the page states: an age is reached on the same day of the month (31 January + 2
months = 31 March; when that day does not exist, the 1st of the next month), a dose is due
from its ``age`` until the day it reaches ``complete_before`` (24 hours: until the end of the
next day), a dose without ``complete_before`` counts as due for a month and is then listed
with those that should have been given, and products that replace each other (live or
inactivated JE) are one item per age until the parent picks one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page
from pypdf import PdfReader

from browser import chromium, serious_violations, serve
from helpers import REPO

SCHEDULE = yaml.safe_load((REPO / "content/schedules/immunisation.yml").read_text("utf-8"))
TODAY = date(2026, 12, 1)
"""The phone's date in these tests (Beijing time)."""


# -- the rules, worked out again ------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    try:
        return date(day.year + year, month + 1, day.day)
    except ValueError:  # 31 January + 1 month: the month is complete on 1 March
        year, month = divmod(day.month + months, 12)
        return date(day.year + year, month + 1, 1)


def reach(birth: date, age: str) -> date:
    value, unit = int(age[:-1]), age[-1]
    if unit == "h":
        return birth + timedelta(days=value // 24)
    if unit in "dw":
        return birth + timedelta(days=value * (7 if unit == "w" else 1))
    return add_months(birth, value * (12 if unit == "y" else 1))


def deadline(birth: date, age: str) -> date:
    return reach(birth, age) + timedelta(days=1 if age.endswith("h") else 0)


def age_of(born: date, today: date) -> tuple[int, int]:
    months = 0
    while add_months(born, months + 1) <= today:
        months += 1
    return months, (today - add_months(born, months)).days


@dataclass
class Item:
    doses: list[str]
    start: date
    end: date
    hard: bool


def items(birth: date, choices: dict[str, str] | None = None) -> list[Item]:
    choices = choices or {}
    group_of = {option["id"]: option["group"] for option in SCHEDULE["options"]}
    doses = sorted(SCHEDULE["doses"], key=lambda d: (reach(date(2000, 1, 1), d["age"]), d["id"]))
    by_key: dict[str, Item] = {}
    ends: dict[str, date | None] = {}
    for dose in doses:
        group = group_of.get(dose.get("option") or "")
        if group and choices.get(group) and choices[group] != dose["option"]:
            continue
        key = f"{group}@{dose['age']}" if group else dose["id"]
        item = by_key.setdefault(key, Item([], reach(birth, dose["age"]), birth, False))
        item.doses.append(dose["id"])
        if dose.get("complete_before"):
            end = deadline(birth, dose["complete_before"])
            ends[key] = max(end, ends.get(key) or end)
    for key, item in by_key.items():
        end = ends.get(key)
        item.hard = end is not None
        item.end = end if end is not None else add_months(item.start, 1)
    return list(by_key.values())


def expected(birth: date, choices: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The dose ids of each list, an item's ids joined by spaces, in the page's order."""
    due, past, future = [], [], []
    for item in items(birth, choices):
        (past if item.end <= TODAY else due if item.start <= TODAY else future).append(item)
    first = min(item.start for item in future)
    return {
        "due": [" ".join(item.doses) for item in due],
        "next": [" ".join(item.doses) for item in future if item.start == first],
        "past": [" ".join(item.doses) for item in past],
    }


def test_the_rules_of_the_test_itself() -> None:
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 3, 1)
    assert add_months(date(2024, 1, 31), 1) == date(
        2024, 3, 1
    )  # no 31 February, even in a leap year
    assert add_months(date(2024, 2, 29), 12) == date(2025, 3, 1)
    assert age_of(date(2026, 6, 19), TODAY) == (5, 12)
    assert deadline(date(2026, 11, 28), "24h") == date(2026, 11, 30)


# -- the browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(demo_site: Path) -> Iterator[str]:
    with serve(demo_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


class Phone:
    """A tab on the demo site at a pinned date, recording every request to another host."""

    def __init__(self, context: BrowserContext, base: str, now: date) -> None:
        self.context = context
        self.base = base
        self.outside: list[str] = []
        self.tab: Page = context.new_page()
        self.tab.clock.set_fixed_time(datetime(now.year, now.month, now.day, 10, 0))
        origin = urlsplit(base).netloc

        def record(route, request) -> None:  # type: ignore[no-untyped-def]
            if urlsplit(request.url).netloc not in (origin, ""):
                self.outside.append(request.url)
                route.abort()
            else:
                route.continue_()

        self.tab.route("**/*", record)

    def open(self) -> Phone:
        self.tab.goto(self.base + "my-baby/", wait_until="networkidle")
        return self

    def enter(self, birth: date, due: date | None = None) -> Phone:
        self.tab.fill("#cg-baby-birth", birth.isoformat())
        if due is not None:
            self.tab.fill("#cg-baby-due", due.isoformat())
        self.tab.click("#cg-baby-form button[type=submit]")
        self.tab.wait_for_selector("#cg-baby-result:not([hidden])")
        return self

    def lists(self) -> dict[str, list[str]]:
        def ids(list_id: str) -> list[str]:
            return self.tab.eval_on_selector_all(
                f"#{list_id} li[data-cg-doses]", "items => items.map(li => li.dataset.cgDoses)"
            )

        past: list[str] = ids("cg-baby-past")
        if not self.tab.is_visible("#cg-baby-past-box"):
            past = []
        return {"due": ids("cg-baby-due-now"), "next": ids("cg-baby-next"), "past": past}

    def starts(self) -> dict[str, str]:
        return dict(
            self.tab.eval_on_selector_all(
                "#cg-baby-result li[data-cg-doses]",
                "items => items.map(li => [li.dataset.cgDoses, li.dataset.cgStart])",
            )
        )

    def age(self) -> str:
        return self.tab.inner_text("#cg-baby-age")

    def reading(self) -> list[str]:
        """The handbook links shown, as ``chapter#section``."""
        links = self.tab.eval_on_selector_all(
            "#cg-baby-reading li:not([hidden]) a", "links => links.map(a => a.href)"
        )
        shown = []
        for link in links:
            parts = urlsplit(link)
            chapter = parts.path.rstrip("/").split("/")[-1]
            shown.append(f"{chapter}#{parts.fragment}" if parts.fragment else chapter)
        return shown


@pytest.fixture
def phone(browser: Browser, site: str) -> Iterator[Phone]:
    context = browser.new_context(
        timezone_id="Asia/Shanghai",
        locale="zh-CN",
        accept_downloads=True,
        viewport={"width": 412, "height": 900},
    )
    phone = Phone(context, site, TODAY)
    yield phone
    assert phone.outside == []
    context.close()


BABIES = {
    "newborn, 3 days": (date(2026, 11, 28), "3 天"),
    "2 months": (date(2026, 9, 25), "2 个月 6 天"),
    "5 months 12 days": (date(2026, 6, 19), "5 个月 12 天"),
    "6 months": (date(2026, 6, 1), "6 个月 0 天"),
    "8 months": (date(2026, 3, 11), "8 个月 20 天"),
    "18 months": (date(2025, 5, 28), "18 个月 3 天（1 岁 6 个月）"),
    "35 months": (date(2023, 12, 20), "35 个月 11 天（2 岁 11 个月）"),
}


@pytest.mark.parametrize("name", BABIES)
def test_the_age_and_the_doses_due_next_and_past_follow_the_schedule(
    phone: Phone, name: str
) -> None:
    birth, age_text = BABIES[name]
    phone.open().enter(birth)
    assert phone.age() == age_text
    months, days = age_of(birth, TODAY)
    assert phone.age().startswith(f"{days} 天" if months == 0 else f"{months} 个月 {days} 天")
    want = expected(birth)
    assert phone.lists() == want
    assert all(want[key] for key in ("due", "next")) or name == "newborn, 3 days"
    starts = {" ".join(item.doses): item.start.isoformat() for item in items(birth)}
    for doses, start in phone.starts().items():
        assert start == starts[doses]


def test_a_newborn_has_had_the_24_hour_dose_and_gets_bcg_now(phone: Phone) -> None:
    """Hard-coded, so that the rules of the test cannot share a mistake with the page's."""
    phone.open().enter(TODAY - timedelta(days=3))
    assert phone.lists() == {"due": ["bcg-1"], "next": ["hepb-2"], "past": ["hepb-1"]}
    text = phone.tab.inner_text("#cg-baby-result")
    assert "最迟 出生后 24 小时内" in text and "2026年12月28日起" in text
    assert "newborn" in phone.reading()
    assert "vaccination" in phone.reading()
    assert "first-aid#choking-infant" in phone.reading()  # a section tagged 0–12 months
    assert "first-aid#choking-child" not in phone.reading()  # and one tagged 1–3 years


def test_products_that_replace_each_other_are_shown_honestly_and_the_pick_is_kept(
    phone: Phone,
) -> None:
    birth = date(2026, 3, 29)
    phone.open().enter(birth)
    je = phone.tab.locator('#cg-baby-due-now li[data-cg-doses="je-i-1 je-i-2 je-l-1"]')
    assert "乙脑疫苗：减毒活疫苗第 1 剂，或灭活疫苗第 1、2 剂（以接种门诊安排为准）" in (
        je.inner_text()
    )
    phone.tab.check('input[name="option-je"][value="je-inactivated"]')
    assert phone.lists() == expected(birth, {"je": "je-inactivated"})
    assert "je-i-1 je-i-2" in phone.lists()["due"]
    assert "乙脑灭活疫苗第 1、2 剂" in phone.tab.inner_text("#cg-baby-due-now")
    phone.tab.reload(wait_until="networkidle")
    phone.tab.wait_for_selector("#cg-baby-result:not([hidden])")
    assert phone.tab.is_checked('input[name="option-je"][value="je-inactivated"]')
    assert phone.lists() == expected(birth, {"je": "je-inactivated"})


def test_a_baby_born_early_has_a_corrected_age_for_development_not_for_vaccines(
    phone: Phone,
) -> None:
    birth = date(2026, 6, 1)
    due = birth + timedelta(weeks=8)
    phone.open().enter(birth, due)
    assert phone.age() == "6 个月 0 天"
    months, days = age_of(due, TODAY)
    corrected = phone.tab.inner_text("#cg-baby-corrected")
    assert f"矫正月龄 {months} 个月 {days} 天" in corrected
    assert "孕 32 周" in corrected and "提前 8 周" in corrected
    assert "打疫苗仍按出生后的实际月龄" in corrected
    assert phone.lists() == expected(birth)  # the actual age decides the vaccines
    reading = phone.reading()
    assert "growth-development#development-0-6m" in reading  # corrected: about 4 months
    assert "growth-development#development-6-12m" not in reading
    assert "growth-development#corrected-age" in reading
    assert "feeding#complementary-foods" in reading  # feeding follows the actual age


def test_a_term_baby_has_no_corrected_age_section(phone: Phone) -> None:
    birth = date(2026, 6, 1)
    phone.open().enter(birth, birth + timedelta(days=5))
    assert "足月" in phone.tab.inner_text("#cg-baby-corrected")
    assert "growth-development#development-6-12m" in phone.reading()
    assert "growth-development#corrected-age" not in phone.reading()


@pytest.mark.parametrize(
    ("now", "age_text", "doses", "start"),
    [
        (date(2026, 2, 28), "28 天", "hepb-2", "2026-03-01"),
        (date(2026, 3, 1), "1 个月 0 天", "hepb-2", "2026-03-01"),
        (date(2026, 3, 31), "2 个月 0 天", "dtap-1", "2026-03-31"),
    ],
)
def test_month_ends(
    browser: Browser, site: str, now: date, age_text: str, doses: str, start: str
) -> None:
    """Born 31 January 2026: 2 months old on 31 March; 1 month old on 1 March (no 31 February)."""
    context = browser.new_context(timezone_id="Asia/Shanghai")
    phone = Phone(context, site, now).open().enter(date(2026, 1, 31))
    assert phone.age() == age_text
    assert phone.starts()[doses] == start
    context.close()


def test_reloading_keeps_the_dates_and_clearing_forgets_them(phone: Phone) -> None:
    birth = date(2026, 9, 25)
    phone.open().enter(birth)
    phone.tab.reload(wait_until="networkidle")
    phone.tab.wait_for_selector("#cg-baby-result:not([hidden])")
    assert phone.tab.input_value("#cg-baby-birth") == birth.isoformat()
    assert phone.age() == "2 个月 6 天"
    assert "不会发送到任何地方" in phone.tab.inner_text("#cg-baby-form")
    phone.tab.click("#cg-baby-clear")
    assert phone.tab.evaluate("localStorage.getItem('cg-baby')") is None
    assert phone.tab.is_hidden("#cg-baby-result") and phone.tab.is_hidden("#cg-baby-summary")
    phone.tab.reload(wait_until="networkidle")
    assert phone.tab.input_value("#cg-baby-birth") == ""
    assert phone.tab.is_hidden("#cg-baby-result")


def _download(phone: Phone) -> icalendar.Calendar:
    with phone.tab.expect_download() as info:
        phone.tab.click("#cg-baby-ics")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return icalendar.Calendar.from_ical(Path(download.path()).read_bytes())


def test_the_calendar_made_in_the_browser(phone: Phone) -> None:
    birth = date(2026, 9, 25)
    phone.open().enter(birth)
    calendar = _download(phone)
    events = [e for e in calendar.walk("VEVENT") if not str(e["UID"]).startswith("checkup-")]
    want = {dose: item.start for item in items(birth) if item.end > TODAY for dose in item.doses}
    got = {re.sub(r"-[0-9a-f]{16}@careguide$", "", str(e["UID"])): e for e in events}
    assert set(got) == set(want)
    for dose, event in got.items():
        assert event["DTSTART"].dt == want[dose]
        assert isinstance(event["DTSTART"].dt, date) and not isinstance(
            event["DTSTART"].dt, datetime
        )
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == -timedelta(hours=15)
    assert "dtap-1" in got and str(got["dtap-1"]["SUMMARY"]) == "打疫苗：百白破疫苗第 1 剂"
    # UIDs are stable for this baby, and new once the record is cleared
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert {str(event["UID"]) for event in _download(phone).walk("VEVENT")} == uids
    phone.tab.click("#cg-baby-clear")
    phone.enter(birth)
    assert {str(e["UID"]) for e in _download(phone).walk("VEVENT")}.isdisjoint(uids)


def test_inside_wechat_the_page_says_to_open_the_browser(browser: Browser, site: str) -> None:
    wechat = (
        "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MMWEBSDK/20231202 MicroMessenger/8.0.47"
    )
    context = browser.new_context(timezone_id="Asia/Shanghai", user_agent=wechat)
    phone = Phone(context, site, TODAY).open().enter(date(2026, 10, 1))
    downloads: list[object] = []
    phone.tab.on("download", lambda download: downloads.append(download))
    assert phone.tab.is_hidden("#cg-baby-wechat")
    phone.tab.click("#cg-baby-ics")
    assert "请点右上角 ··· 选择在浏览器打开" in phone.tab.inner_text("#cg-baby-wechat")
    phone.tab.wait_for_timeout(300)
    assert downloads == []
    context.close()


def test_printing_gives_only_the_summary_for_the_doctor(phone: Phone) -> None:
    birth = date(2026, 6, 1)
    phone.open().enter(birth)
    phone.tab.emulate_media(media="print")
    assert phone.tab.is_visible("#cg-baby-summary")
    for hidden in ("#cg-baby-form", "#cg-baby-result", ".md-header", ".md-tabs", "#my-baby"):
        assert not phone.tab.is_visible(hidden), hidden
    rows = phone.tab.eval_on_selector_all(
        "#cg-baby-summary-rows tr", "rows => rows.map(tr => tr.dataset.cgDoses)"
    )
    assert rows == [" ".join(item.doses) for item in items(birth)]
    assert "出生日期：" in phone.tab.inner_text("#cg-baby-summary")
    pdf = PdfReader(io.BytesIO(phone.tab.pdf(format="A4")))
    assert len(pdf.pages) == 1
    assert "宝宝疫苗和体检时间表" in pdf.pages[0].extract_text()


def test_without_javascript_the_page_explains_itself_and_links_the_handbook(
    demo_site: Path,
) -> None:
    soup = BeautifulSoup((demo_site / "my-baby/index.html").read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    assert soup.select_one("#cg-baby").has_attr("hidden")
    links = {a["href"] for a in article.select("p a[href]")}
    assert {"../handbook/vaccination/", "../handbook/vaccination/#nip-schedule"} <= links
    assert "出生日期" in article.get_text() and "接种门诊" in article.get_text()
    home = BeautifulSoup((demo_site / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one('article a[href="my-baby/"]') is not None
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert tabs[:2] == ["首页", "宝宝时间表"]


@pytest.mark.parametrize("large_text", [False, True], ids=["normal text", "large text"])
def test_filled_in_page_has_no_serious_accessibility_violation(
    phone: Phone, large_text: bool
) -> None:
    if large_text:
        phone.tab.add_init_script("localStorage.setItem('cg-text-size', 'large')")
    phone.open().enter(date(2026, 3, 29), date(2026, 3, 29) + timedelta(weeks=6))
    if large_text:
        assert phone.tab.evaluate("document.documentElement.dataset.cgSize") == "large"
    assert serious_violations(phone.tab) == []
    # nothing wider than the phone's screen
    assert phone.tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_script_is_loaded_by_this_page_only_and_reads_the_site_s_own_schedule(
    demo_site: Path,
) -> None:
    def scripts(address: str) -> list[str]:
        html = (demo_site / address / "index.html").read_text("utf-8")
        return [tag["src"] for tag in BeautifulSoup(html, "html.parser").select("script[src]")]

    assert "../assets/javascripts/careguide-baby.js" in scripts("my-baby")
    for address in ("", "handbook/vaccination", "centres"):
        assert not any("careguide-baby" in src for src in scripts(address))
    html = (demo_site / "my-baby/index.html").read_text("utf-8")
    box = BeautifulSoup(html, "html.parser").select_one("#cg-baby")
    assert box is not None and box["data-cg-schedule"] == "../api/schedules/immunisation.json"
    assert (demo_site / "api/schedules/immunisation.json").is_file()
    dialect = (demo_site / "assets/javascripts/careguide-baby.js").read_text().splitlines()[1]
    assert "ES5 syntax" in dialect  # the dialect comment, as careguide.js has it
