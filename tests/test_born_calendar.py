"""The vaccination calendars by birth month: read back with icalendar, they hold the schedule's
doses on the right days, for exactly the months around the build date, stably."""

from __future__ import annotations

import calendar as months
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar, Event

from careguide.content.catalog import Catalog, load_catalog
from careguide.content.fields import SHANGHAI
from careguide.outputs.born_calendar import born_calendar_files
from careguide.store import Store
from helpers import DEMO_BUILT_ON, MINI, PINNED, REPO

SITE = "https://example.org/care/"


def feeds(catalog: Catalog, store: Store | None = None) -> dict[str, bytes]:
    return dict(born_calendar_files(catalog, SITE, store))


def events(feed: bytes) -> dict[str, Event]:
    return {event.uid: event for event in Calendar.from_ical(feed).events}


def reached(birth: date, age: str) -> date:
    """The day a child born on ``birth`` reaches ``age`` (``2m``, ``6y``, ``24h``), worked out
    here on its own: months end on the same day, or on the month's last day."""
    number, unit = int(age[:-1]), age[-1]
    if unit in "my":
        total = birth.month - 1 + number * (12 if unit == "y" else 1)
        year, month = birth.year + total // 12, total % 12 + 1
        return date(year, month, min(birth.day, months.monthrange(year, month)[1]))
    return birth + timedelta(days={"h": number // 24, "d": number, "w": 7 * number}[unit])


def in_months(age: str) -> float:
    number, unit = int(age[:-1]), age[-1]
    return number * {"h": 1 / 730.5, "d": 1 / 30.4375, "w": 7 / 30.4375, "m": 1, "y": 12}[unit]


def schedule_yaml(content: Path) -> dict[str, Any]:
    with (content / "schedules" / "immunisation.yml").open(encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    return data


def day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


@pytest.fixture(scope="module")
def demo() -> Catalog:
    """The shipped schedule (two product groups, ages up to 6 years), built on PINNED."""
    return load_catalog(REPO / "content", now=DEMO_BUILT_ON)


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    return content


def test_the_built_site_has_a_feed_for_exactly_the_38_months_around_the_build_date(
    mini_site: Path,
) -> None:
    # Built on 2026-11-20: the 35 months before November 2026, November, and the next two.
    expected = {f"{year}-{month:02d}.ics" for year in (2024, 2025) for month in range(1, 13)}
    expected |= {f"2026-{month:02d}.ics" for month in range(1, 13)}
    expected |= {"2023-12.ics", "2027-01.ics"}
    assert len(expected) == 38
    folder = mini_site / "calendar" / "born"
    assert {path.name for path in folder.glob("*.ics")} == expected
    feed = Calendar.from_ical((folder / "2026-11.ics").read_bytes())
    assert feed["X-WR-CALNAME"] == "2026年11月出生宝宝的疫苗时间"
    assert feed["PRODID"] == "-//careguide//zh-CN"
    assert feed.events


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), "2024-02", "2027-03"),
        (datetime(2027, 12, 31, 23, 0, tzinfo=SHANGHAI), "2025-01", "2028-02"),
    ],
    ids=["january", "december"],
)
def test_the_months_follow_the_build_month_in_beijing_time(
    now: datetime, first: str, last: str
) -> None:
    paths = sorted(feeds(load_catalog(MINI / "content", now=now)))

    assert len(paths) == 38
    assert (paths[0], paths[-1]) == (f"calendar/born/{first}.ics", f"calendar/born/{last}.ics")


def test_the_list_page_links_every_feed(page: Any, mini_site: Path) -> None:
    links = [a["href"] for a in page("calendar/born").select("#months ~ ul a")]

    assert len(links) == 38
    assert all((mini_site / "calendar" / "born" / href).is_file() for href in links)
    chapter = page("handbook/fever")
    assert chapter.find("a", string="按宝宝出生月份订阅疫苗提醒日历")["href"] == (
        "../../calendar/born/"
    )


@pytest.mark.parametrize("month", ["2026-01", "2024-02", "2025-11"])
def test_each_age_is_one_event_on_the_day_a_baby_born_on_the_first_reaches_it(
    demo: Catalog, month: str
) -> None:
    data = schedule_yaml(REPO / "content")
    defaults = {o["id"] for o in data["options"] if o.get("default")}
    year, number = map(int, month.split("-"))
    first = date(year, number, 1)
    last = date(year, number, months.monthrange(year, number)[1])
    by_age: dict[str, list[dict[str, Any]]] = {}
    for dose in data["doses"]:
        if in_months(dose["age"]) <= 36:
            by_age.setdefault(dose["age"], []).append(dose)

    found = list(events(feeds(demo)[f"calendar/born/{month}.ics"]).values())

    assert len(found) == len(by_age)
    by_start = {event.start: event for event in found}
    for age, doses in by_age.items():
        event = by_start[reached(first, age)]
        assert event.end == event.start + timedelta(days=1)
        assert type(event.start) is date  # all-day
        main = [d for d in doses if d.get("option") is None or d["option"] in defaults]
        others = [d for d in doses if d not in main]
        summary, text = str(event.summary), str(event.description)
        for dose in main:
            assert f"{dose['vaccine']}第 {dose['number']} 剂" in summary
        for dose in others:
            assert f"{dose['vaccine']}第 {dose['number']} 剂" not in summary
            assert f"{dose['vaccine']}（{dose['abbr']}）第 {dose['number']} 剂" in text
        if age != "0d":
            assert f"{last.day} 日出生的 {day(reached(last, age))}起" in text
            assert f"本月 1 日出生的宝宝 {day(reached(first, age))}起" in text


def test_month_ends_a_baby_born_on_the_31st_or_the_29th_of_february(demo: Catalog) -> None:
    files = feeds(demo)
    january = {
        str(e.summary).split("：")[0]: e
        for e in events(files["calendar/born/2026-01.ics"]).values()
    }
    assert january["2 月龄疫苗"].start == date(2026, 3, 1)
    assert "31 日出生的 2026年3月31日起" in str(january["2 月龄疫苗"].description)
    assert "31 日出生的 2026年2月28日起" in str(january["1 月龄疫苗"].description)
    leap = {
        str(e.summary).split("：")[0]: e
        for e in events(files["calendar/born/2024-02.ics"]).values()
    }
    assert "29 日出生的 2024年3月29日起" in str(leap["1 月龄疫苗"].description)
    assert "29 日出生的 2026年2月28日起" in str(leap["2 岁（24 月龄）疫苗"].description)


def test_an_event_names_its_doses_options_and_what_to_bring(demo: Catalog) -> None:
    found = events(feeds(demo)["calendar/born/2026-01.ics"])

    two = found["born-2026-01-dtap-1@example.org"]
    assert two.summary == "2 月龄疫苗：脊灰灭活疫苗第 1 剂、百白破疫苗第 1 剂"
    assert str(two.description).startswith("宝宝满 2 月龄后尽快接种。")
    assert "去接种时带上预防接种证和《母子健康手册》。" in str(two.description)
    guide = "https://example.org/care/handbook/vaccination/#nip-schedule"
    assert str(two.description).endswith(f"详情：{guide}")
    assert two.url == guide
    eight = found["born-2026-01-je-l-1@example.org"]
    assert eight.summary == "8 月龄疫苗：麻腮风疫苗第 1 剂、乙脑减毒活疫苗第 1 剂"
    assert "用乙脑灭活疫苗代替乙脑减毒活疫苗的孩子：" in str(eight.description)
    assert "乙脑灭活疫苗（JE-I）第 2 剂：与第 1 剂间隔 7–10 天；满 12 月龄前完成" in str(
        eight.description
    )
    birth = found["born-2026-01-bcg-1@example.org"]
    assert birth.start == date(2026, 1, 1)
    assert "卡介苗（BCG）第 1 剂：满 3 月龄前完成" in str(birth.description)
    # Up to 36 months: the 3-year dose is in, the 4- and 6-year doses are not.
    assert "born-2026-01-mpsv-ac-1@example.org" in found
    assert not any("bopv-4" in uid or "dtap-5" in uid for uid in found)


def test_every_event_reminds_the_day_before(demo: Catalog) -> None:
    for feed in feeds(demo).values():
        for event in Calendar.from_ical(feed).events:
            (alarm,) = event.walk("VALARM")
            assert alarm["ACTION"] == "DISPLAY"
            assert alarm["TRIGGER"].dt == timedelta(hours=-15)  # 09:00 the day before
            assert alarm["DESCRIPTION"] == event.summary


def test_the_same_content_and_month_give_the_same_bytes(demo: Catalog, tmp_path: Path) -> None:
    later = load_catalog(REPO / "content", now=DEMO_BUILT_ON + timedelta(hours=12))
    store = Store(tmp_path / "store")

    first = feeds(demo)
    assert feeds(later) == first
    assert feeds(demo, store) == first  # made, and kept in the store
    assert feeds(demo, store) == first  # read from the store
    a_month_on = DEMO_BUILT_ON.replace(year=DEMO_BUILT_ON.year + DEMO_BUILT_ON.month // 12)
    a_month_on = a_month_on.replace(month=DEMO_BUILT_ON.month % 12 + 1)
    next_month = feeds(load_catalog(REPO / "content", now=a_month_on))
    shared = first.keys() & next_month.keys()
    assert len(shared) == 37
    assert all(first[path] == next_month[path] for path in shared)


def edit_schedule(content: Path, old: str, new: str) -> None:
    path = content / "schedules" / "immunisation.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_uids_stay_when_an_unrelated_dose_changes(mini_content: Path) -> None:
    before = feeds(load_catalog(mini_content, now=PINNED))
    edit_schedule(
        mini_content,
        "{id: hepb-2, vaccine: 乙肝疫苗, number: 2, age: 1m}",
        "{id: hepb-2, vaccine: 乙肝疫苗, number: 2, age: 1m, note: 改过的说明}",
    )
    edit_schedule(mini_content, "number: 5, age: 6y", "number: 5, age: 30m")
    after = feeds(load_catalog(mini_content, now=PINNED))

    assert before.keys() == after.keys()
    for path in before:
        old, new = events(before[path]), events(after[path])
        month = path.removeprefix("calendar/born/").removesuffix(".ics")
        # dtap-5 now falls within 36 months: one more event, every other UID unchanged.
        assert set(new) - set(old) == {f"born-{month}-dtap-5@example.org"}
        for uid in old:
            if "hepb-2" in uid:
                assert "改过的说明" in str(new[uid].description)
            else:
                assert new[uid].to_ical() == old[uid].to_ical()
    moved = events(after["calendar/born/2026-01.ics"])["born-2026-01-dtap-5@example.org"]
    assert moved.start == date(2028, 7, 1)


def test_a_new_age_of_a_dose_moves_its_event(mini_content: Path) -> None:
    before = events(feeds(load_catalog(mini_content, now=PINNED))["calendar/born/2026-01.ics"])
    edit_schedule(mini_content, "number: 1, age: 2m", "number: 1, age: 3m")
    after = events(feeds(load_catalog(mini_content, now=PINNED))["calendar/born/2026-01.ics"])

    uid = "born-2026-01-dtap-1@example.org"
    assert before.keys() == after.keys()
    assert (before[uid].start, after[uid].start) == (date(2026, 3, 1), date(2026, 4, 1))
    assert str(after[uid].summary).startswith("3 月龄疫苗：")
    assert "31 日出生的 2026年4月30日起" in str(after[uid].description)
