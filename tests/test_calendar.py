"""The iCalendar feeds: read back with icalendar, they hold the right events, stably."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from careguide.content.catalog import Catalog, load_catalog
from careguide.outputs import calendar
from careguide.outputs.calendar import calendar_files
from helpers import MINI, PINNED

SITE = "https://example.org/care/"


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog(MINI / "content", now=PINNED)


def feeds(catalog: Catalog, site_url: str, store: Path | None = None) -> dict[str, bytes]:
    """The calendar files, whole."""
    return {path: b"".join(pieces) for path, pieces in calendar_files(catalog, site_url, store)}


def events(files: dict[str, bytes], name: str) -> dict[str, Event]:
    """The events of one calendar file, keyed by UID."""
    calendar = Calendar.from_ical(files[f"calendar/{name}.ics"])
    return {event.uid: event for event in calendar.events}


def test_every_class_is_in_the_full_calendar_past_ones_too(catalog: Catalog) -> None:
    found = events(feeds(catalog, SITE), "all")

    assert sorted(found) == [
        "cancelled-class@careguide",
        "future-class@careguide",
        "past-class@careguide",
    ]


def test_each_centre_has_a_calendar_with_only_its_classes(catalog: Catalog) -> None:
    files = feeds(catalog, SITE)

    assert sorted(files) == [
        "calendar/all.ics",
        "calendar/shijiazhuang.ics",
        "calendar/zhengding.ics",
    ]
    assert sorted(events(files, "shijiazhuang")) == ["past-class@careguide"]
    assert sorted(events(files, "zhengding")) == [
        "cancelled-class@careguide",
        "future-class@careguide",
    ]
    zhengding = Calendar.from_ical(files["calendar/zhengding.ics"])
    assert zhengding["X-WR-CALNAME"] == "正定县婴幼儿养育照护指导中心"
    assert zhengding["X-WR-TIMEZONE"] == "Asia/Shanghai"
    assert zhengding["PRODID"] == "-//careguide//zh-CN"


def test_times_are_beijing_time_with_a_timezone_definition(catalog: Catalog) -> None:
    calendar = Calendar.from_ical(feeds(catalog, SITE)["calendar/all.ics"])

    assert [zone.tz_name for zone in calendar.timezones] == ["Asia/Shanghai"]
    assert calendar.get_missing_tzids() == set()
    by_uid = {event.uid: event for event in calendar.events}
    for item in catalog.classes:
        event = by_uid[f"{item.id}@careguide"]
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert event["DTEND"].params["TZID"] == "Asia/Shanghai"
        assert (event.start, event.end) == (item.start, item.end)


def test_a_cancelled_class_is_marked_and_outranks_its_earlier_version(catalog: Catalog) -> None:
    found = events(feeds(catalog, SITE), "all")

    cancelled = found["cancelled-class@careguide"]
    assert cancelled.status == "CANCELLED"
    assert cancelled.sequence >= 1
    assert cancelled.summary == "【已取消】已取消的讲座"
    upcoming = found["future-class@careguide"]
    assert (upcoming.status, upcoming.sequence) == ("CONFIRMED", 0)


def test_the_revision_becomes_the_sequence_number(catalog: Catalog) -> None:
    revised = dataclasses.replace(
        catalog,
        classes=tuple(
            item.model_copy(update={"revision": 3}) if item.id == "future-class" else item
            for item in catalog.classes
        ),
    )

    assert events(feeds(revised, SITE), "all")["future-class@careguide"].sequence == 3


def test_event_details(catalog: Catalog) -> None:
    found = events(feeds(catalog, SITE), "all")

    in_person = found["future-class@careguide"]
    assert in_person.summary == "即将开始的亲子活动"
    assert in_person.location == "示例地址"
    assert in_person.url == "https://example.org/care/classes/future-class/"
    assert in_person.description == (
        "未来的课程。\n\n示例数据：本课程仅作示例展示，并非真实安排。\n"
        "详情：https://example.org/care/classes/future-class/"
    )
    assert found["past-class@careguide"].location == "线上直播"


def test_the_same_content_gives_the_same_bytes_whatever_the_build_time(
    catalog: Catalog,
) -> None:
    later = load_catalog(MINI / "content", now=PINNED + timedelta(days=400))

    assert feeds(catalog, SITE) == feeds(later, SITE)


@pytest.mark.parametrize("stored", [False, True], ids=["fresh", "event-store"])
def test_editing_one_class_leaves_the_other_events_alone(
    catalog: Catalog, tmp_path: Path, stored: bool
) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    classes = tmp_path / "content" / "classes" / "2026.yml"
    text = classes.read_text(encoding="utf-8")
    classes.write_text(
        text.replace("即将开始的亲子活动", "改名后的亲子活动").replace(
            "2026-12-05 09:30", "2026-12-05 10:00"
        ),
        encoding="utf-8",
    )
    edited = load_catalog(tmp_path / "content", now=PINNED)

    store = tmp_path / "events.pickle" if stored else None
    before = events(feeds(catalog, SITE, store), "all")
    after = events(feeds(edited, SITE, store), "all")
    assert sorted(before) == sorted(after)
    assert after["future-class@careguide"].summary == "改名后的亲子活动"
    for uid in ("past-class@careguide", "cancelled-class@careguide"):
        assert after[uid].to_ical() == before[uid].to_ical()


def test_unchanged_events_are_taken_from_the_store(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "events.pickle"
    first = feeds(catalog, SITE, store)
    assert store.is_file()

    def serialise_again(*_: object) -> None:
        raise AssertionError("an unchanged event was serialised again")

    monkeypatch.setattr(calendar, "_event", serialise_again)
    assert feeds(catalog, SITE, store) == first
    monkeypatch.undo()
    assert feeds(catalog, SITE) == first
    assert feeds(catalog, "https://other.example.org/", store) != first


@pytest.mark.parametrize("title", ["辅食\r课", "辅食\n课", "辅食\u2028课", "辅食\x0b课"])
def test_a_line_break_never_reaches_summary_or_location(catalog: Catalog, title: str) -> None:
    """Content refuses line breaks in single-line fields; the calendar keeps them out too."""
    first = catalog.classes[0].model_copy(update={"title": title, "location": title})
    broken = dataclasses.replace(catalog, classes=(first, *catalog.classes[1:]))

    text = feeds(broken, SITE)["calendar/all.ics"].decode()
    summary = next(line for line in text.split("\r\n") if line.startswith("SUMMARY:辅食"))

    assert summary == "SUMMARY:辅食 课"
    assert all("\r" not in line and "\x0b" not in line for line in text.split("\r\n"))
