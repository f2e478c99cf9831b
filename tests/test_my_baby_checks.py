"""宝宝时间表's checkups, warning-sign checklist and classes, in real Chromium with a pinned clock
on the demo site (the page's vaccines are in ``test_my_baby.py``, whose phone this file uses).

Expectations are worked out from the YAML with the rules the page states: a checkup is due from
its ``age`` (the actual age, as the norm schedules visits) until its ``complete_before`` or else
until the next visit's age, the last one as long as the gap before it; the checklist is that of
the last checkup age the baby has reached, by the corrected age for a baby born before 37 weeks.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from browser import serious_violations
from careguide.content.catalog import load_catalog
from helpers import DEMO_BUILT_ON, REPO
from test_my_baby import (
    TODAY,
    Phone,
    _download,
    add_months,
    age_of,
    browser,
    deadline,
    phone,
    reach,
    site,
)

__all__ = ["browser", "phone", "site"]  # the fixtures, shared with test_my_baby

CHECKUPS = yaml.safe_load((REPO / "content/schedules/checkups.yml").read_text("utf-8"))
SIGNS = yaml.safe_load((REPO / "content/schedules/warning-signs.yml").read_text("utf-8"))
SITE = yaml.safe_load((REPO / "content/site.yml").read_text("utf-8"))
CLASSES = [
    {
        **item.model_dump(include={"id", "age_bands", "status", "audience", "centre"}),
        "start": item.start.replace(tzinfo=None),
        "end": item.end.replace(tzinfo=None),
    }
    for item in load_catalog(REPO / "content", now=DEMO_BUILT_ON).classes
]
"""The demo's classes as loaded (a weekly series is one class per meeting), in Beijing time."""
PHONE_NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0)
"""The phone's clock in these tests (Beijing time, as Phone pins it)."""


def windows(birth: date) -> list[tuple[str, date, date]]:
    """Each checkup's (id, first day, first day past its window)."""
    visits = CHECKUPS["visits"]
    found = []
    for index, visit in enumerate(visits):
        start = reach(birth, visit["age"])
        if visit.get("complete_before"):
            end = deadline(birth, visit["complete_before"])
        elif index + 1 < len(visits):
            end = reach(birth, visits[index + 1]["age"])
        else:
            end = start + (start - reach(birth, visits[index - 1]["age"]))
        found.append((visit["id"], start, end))
    return found


def expected_checkups(birth: date) -> dict[str, list[str]]:
    all_ = windows(birth)
    future = [visit for visit, start, _ in all_ if start > TODAY]
    return {
        "due": [visit for visit, start, end in all_ if start <= TODAY < end],
        "next": future[:1],
        "past": [visit for visit, _, end in all_ if end <= TODAY],
    }


def months_of(age: str) -> int:
    assert age.endswith("m")
    return int(age[:-1])


def expected_skills(development_months: int) -> list[str]:
    """The skills of the last checkup age reached (none before the first)."""
    reached = [age for age in SIGNS["ages"] if months_of(age["age"]) <= development_months]
    return [item["skill"] for item in reached[-1]["items"]] if reached else []


def shown_checkups(phone: Phone) -> dict[str, list[str]]:
    def ids(list_id: str) -> list[str]:
        return phone.tab.eval_on_selector_all(
            f"#{list_id} li[data-cg-visit]", "items => items.map(li => li.dataset.cgVisit)"
        )

    past = ids("cg-baby-checkups-past") if phone.tab.is_visible("#cg-baby-checkups-past") else []
    return {"due": ids("cg-baby-checkups-due"), "next": ids("cg-baby-checkups-next"), "past": past}


def shown_skills(phone: Phone) -> list[str]:
    return phone.tab.eval_on_selector_all(
        ".cg-baby-sign legend", "items => items.filter(l => l.offsetParent).map(l => l.textContent)"
    )


def answer(phone: Phone, skill: str, value: str) -> None:
    phone.tab.locator(".cg-baby-sign", has_text=skill).get_by_label(value).check()


BABIES = {
    "newborn": date(2026, 11, 28),
    "2 months": date(2026, 9, 25),
    "6 months": date(2026, 6, 1),
    "8 months": date(2026, 3, 11),
    "18 months": date(2025, 5, 28),
    "35 months": date(2023, 12, 20),
    "5 weeks, between the 满月 check and 3 months": date(2026, 10, 27),
}


@pytest.mark.parametrize("name", BABIES)
def test_checkups_and_warning_signs_follow_the_schedules(phone: Phone, name: str) -> None:
    birth = BABIES[name]
    phone.open().enter(birth)
    want = expected_checkups(birth)
    assert shown_checkups(phone) == want
    assert want["due"] or want["past"]
    windows_by_id = {visit: (start, end) for visit, start, end in windows(birth)}
    for visit, start, end in phone.tab.eval_on_selector_all(
        "#cg-baby-checkups li[data-cg-visit]",
        "items => items.map(li => [li.dataset.cgVisit, li.dataset.cgStart, li.dataset.cgEnd])",
    ):
        assert (start, end) == tuple(day.isoformat() for day in windows_by_id[visit])
    months, _ = age_of(birth, TODAY)
    assert shown_skills(phone) == expected_skills(months)
    assert phone.tab.is_visible("#cg-baby-signs-none") == (expected_skills(months) == [])
    assert SIGNS["any_age"] in phone.tab.inner_text("#cg-baby-signs")


def test_a_newborn_is_due_the_home_visit_and_next_the_one_month_check(phone: Phone) -> None:
    """Hard-coded, so that the rules of the test cannot share a mistake with the page's."""
    phone.open().enter(date(2026, 11, 28))
    assert shown_checkups(phone) == {"due": ["home-visit"], "next": ["one-month"], "past": []}
    assert "出院后 7 天内，医生上门" in phone.tab.inner_text("#cg-baby-checkups-due")
    assert "2026年12月26日到2026年12月28日" in phone.tab.inner_text("#cg-baby-checkups-next")
    phone.enter(date(2026, 10, 27))  # 35 days: the 28–30-day check has passed
    assert "已经过了建议的时间" in phone.tab.inner_text("#cg-baby-checkups-past")


def test_a_baby_born_early_is_checked_by_actual_age_and_developed_by_corrected_age(
    phone: Phone,
) -> None:
    birth = date(2026, 6, 1)  # 6 months old, born 8 weeks early: corrected about 4 months
    due = birth + timedelta(weeks=8)
    phone.open().enter(birth, due)
    assert shown_checkups(phone) == expected_checkups(birth)
    corrected, _ = age_of(due, TODAY)
    assert corrected < 6 and expected_skills(corrected) != expected_skills(6)
    assert shown_skills(phone) == expected_skills(corrected)
    assert "矫正月龄" in phone.tab.inner_text("#cg-baby-signs-age")


def test_not_yet_leads_to_the_two_week_box_and_unsure_to_a_calm_line(phone: Phone) -> None:
    phone.open().enter(date(2026, 6, 1))
    skills = expected_skills(6)
    assert phone.tab.is_hidden("#cg-baby-signs-alert")
    for skill in skills:
        answer(phone, skill, "能做到")
    assert phone.tab.is_hidden("#cg-baby-signs-alert")
    assert phone.tab.is_hidden("#cg-baby-signs-unsure")
    answer(phone, skills[1], "不确定")
    assert phone.tab.is_visible("#cg-baby-signs-unsure")
    assert phone.tab.is_hidden("#cg-baby-signs-alert")
    answer(phone, skills[2], "还做不到")
    box = phone.tab.locator("#cg-baby-signs-alert")
    assert box.is_visible()
    assert "尽快预约（1–2 周内）" in box.inner_text()
    register = yaml.safe_load((REPO / "content/symptoms/development.yml").read_text("utf-8"))
    symptom = next(s for s in register["symptoms"] if s["id"] == SIGNS["symptom"])
    assert symptom["level"] == "within-2-weeks" and symptom["text"] in box.inner_text()
    assert box.evaluate("b => b.className") == "admonition question cg-alert cg-within-2-weeks"
    assert box.locator("a").get_attribute("href") == "../handbook/growth-development/#red-flags"
    answer(phone, skills[2], "能做到")
    assert phone.tab.is_hidden("#cg-baby-signs-alert")


def test_answers_stay_on_the_phone_until_cleared_and_go_into_the_summary(phone: Phone) -> None:
    birth = date(2026, 3, 11)
    phone.open().enter(birth)
    skills = expected_skills(8)
    answer(phone, skills[0], "还做不到")
    answer(phone, skills[3], "能做到")
    phone.tab.reload(wait_until="networkidle")
    phone.tab.wait_for_selector("#cg-baby-result:not([hidden])")
    assert phone.tab.is_visible("#cg-baby-signs-alert")
    phone.tab.emulate_media(media="print")
    summary = phone.tab.inner_text("#cg-baby-summary")
    assert f"{skills[0]}：还做不到" in summary and f"{skills[3]}：能做到" in summary
    assert f"{skills[1]}：没有填" in summary
    visits = phone.tab.eval_on_selector_all(
        "#cg-baby-summary-checkups tr", "rows => rows.map(tr => tr.dataset.cgVisit)"
    )
    assert visits == [visit["id"] for visit in CHECKUPS["visits"]]
    phone.tab.emulate_media(media="screen")
    phone.tab.click("#cg-baby-clear")
    assert phone.tab.evaluate("localStorage.getItem('cg-baby-checks')") is None
    phone.enter(birth)
    assert phone.tab.is_hidden("#cg-baby-signs-alert")
    assert phone.tab.eval_on_selector_all(".cg-baby-sign input:checked", "i => i.length") == 0


@pytest.mark.parametrize("large_text", [False, True], ids=["normal text", "large text"])
def test_the_summary_with_checkups_and_answers_keeps_to_one_sheet(
    phone: Phone, large_text: bool
) -> None:
    if large_text:
        phone.tab.add_init_script("localStorage.setItem('cg-text-size', 'large')")
    phone.open().enter(date(2023, 12, 20))  # 35 months: every row of the schedules
    for skill in expected_skills(35):
        answer(phone, skill, "不确定")
    phone.tab.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(phone.tab.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "免费健康检查" in text and "发育对照" in text


def test_the_calendar_has_the_checkups_as_all_day_events_with_a_reminder(phone: Phone) -> None:
    birth = date(2026, 9, 25)
    phone.open().enter(birth)
    events = _download(phone).walk("VEVENT")
    checkups = {
        found.group(1): event
        for event in events
        if (found := re.fullmatch(r"checkup-(.+)-[0-9a-f]{16}@careguide", str(event["UID"])))
    }
    want = {visit: start for visit, start, end in windows(birth) if end > TODAY}
    assert set(checkups) == set(want)
    for visit, event in checkups.items():
        assert event["DTSTART"].dt == want[visit]
        assert isinstance(event["DTSTART"].dt, date) and not isinstance(
            event["DTSTART"].dt, datetime
        )
        assert event["DTEND"].dt == want[visit] + timedelta(days=1)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == -timedelta(hours=15)
    assert str(checkups["checkup-3m"]["SUMMARY"]) == "体检：3 月龄健康检查"
    assert any(str(e["UID"]).startswith("dtap-1-") for e in events)  # the vaccines are still there


def upcoming(band: str, centre: str | None = None) -> list[str]:
    """The class ids the page shows for a band: of those upcoming when the demo was built, the
    next six (or a chosen centre's next two, and its classes among those six), minus those
    ended by the phone's clock."""
    built = DEMO_BUILT_ON.replace(tzinfo=None)
    listed = sorted(
        (
            item
            for item in CLASSES
            if band in item.get("age_bands", ())
            and item.get("status", "open") != "cancelled"
            and item["audience"] != "staff"
            and _time(item["end"]) > built
        ),
        key=lambda item: (_time(item["start"]), item["id"]),
    )
    first = listed[:6]
    if centre is not None:
        of_centre = [item for item in listed if item["centre"] == centre][:2]
        first = sorted(
            {item["id"]: item for item in first + of_centre}.values(),
            key=lambda item: (_time(item["start"]), item["id"]),
        )
        first = [item for item in first if item["centre"] == centre]
    return [item["id"] for item in first if _time(item["end"]) > PHONE_NOW]


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def shown_classes(phone: Phone) -> list[str]:
    return phone.tab.eval_on_selector_all(
        ".cg-baby-class:not([hidden]) .cg-class-title a",
        "links => links.filter(a => a.offsetParent).map(a => a.getAttribute('href'))",
    )


def test_classes_follow_the_band_and_the_chosen_centre(phone: Phone) -> None:
    phone.open()
    assert phone.tab.is_visible("#baby-classes-0-6m") and phone.tab.is_visible("#baby-classes-2-3y")
    phone.enter(date(2026, 9, 25))  # 2 months: 0–6 月龄
    band = next(b for b in SITE["age_bands"] if b["id"] == "0-6m")
    assert phone.tab.is_visible(f"#baby-classes-{band['id']}")
    assert phone.tab.is_hidden("#baby-classes-6-12m")
    want = upcoming("0-6m")
    assert want and shown_classes(phone) == [f"../classes/{item}/" for item in want]
    centres = phone.tab.eval_on_selector_all(
        "#cg-baby-centre-0-6m option", "options => options.map(o => o.value).filter(Boolean)"
    )
    centre = centres[-1]
    phone.tab.select_option("#cg-baby-centre-0-6m", centre)
    assert shown_classes(phone) == [f"../classes/{item}/" for item in upcoming("0-6m", centre)]
    link = phone.tab.locator("#cg-baby-classes .cg-baby-centre-link a:visible")
    assert link.get_attribute("href") == f"../centres/{centre}/"
    phone.tab.reload(wait_until="networkidle")
    phone.tab.wait_for_selector("#cg-baby-result:not([hidden])")
    assert phone.tab.input_value("#cg-baby-centre-0-6m") == centre  # remembered
    phone.enter(date(2025, 5, 28))  # 18 months: 1–2 岁, where that centre may not teach
    assert phone.tab.is_hidden("#baby-classes-0-6m")
    offered = phone.tab.eval_on_selector_all(
        "#cg-baby-centre-1-2y option", "options => options.map(o => o.value)"
    )
    assert shown_classes(phone) == [
        f"../classes/{item}/" for item in upcoming("1-2y", centre if centre in offered else None)
    ]


def test_classes_are_in_the_page_without_javascript(demo_site: Path) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((demo_site / "my-baby/index.html").read_text("utf-8"), "html.parser")
    section = soup.select_one("#cg-baby-classes")
    assert section is not None and not section.has_attr("hidden")
    shown = [
        a["href"]
        for a in section.select(".cg-baby-band[data-cg-band='0-6m'] .cg-baby-class:not([hidden]) a")
        if "classes/" in a["href"]
    ]
    built = DEMO_BUILT_ON.replace(tzinfo=None)
    first = [
        item["id"]
        for item in sorted(CLASSES, key=lambda item: (_time(item["start"]), item["id"]))
        if "0-6m" in item.get("age_bands", ())
        and item.get("status", "open") != "cancelled"
        and item["audience"] != "staff"
        and _time(item["end"]) > built
    ][:6]
    assert shown == [f"../classes/{item}/" for item in first]


@pytest.mark.parametrize("large_text", [False, True], ids=["normal text", "large text"])
def test_checklist_and_classes_have_no_serious_accessibility_violation(
    phone: Phone, large_text: bool
) -> None:
    if large_text:
        phone.tab.add_init_script("localStorage.setItem('cg-text-size', 'large')")
    phone.open().enter(date(2026, 3, 11))
    answer(phone, expected_skills(8)[0], "还做不到")
    answer(phone, expected_skills(8)[1], "不确定")
    phone.tab.select_option("#cg-baby-centre-6-12m", index=1)
    assert serious_violations(phone.tab) == []
    assert phone.tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_rules_of_this_test() -> None:
    """The windows computed here, on a hard-coded baby (born 31 January 2026)."""
    found = {visit: (start, end) for visit, start, end in windows(date(2026, 1, 31))}
    assert found["one-month"] == (date(2026, 2, 28), date(2026, 3, 3))
    assert found["checkup-3m"] == (date(2026, 5, 1), date(2026, 7, 31))
    last, before = found["checkup-36m"], found["checkup-30m"]
    assert last[0] == add_months(date(2026, 1, 31), 36)
    assert last[1] - last[0] == last[0] - before[0]
    assert expected_skills(2) == [] and len(expected_skills(40)) == 4
