"""Classes that repeat every week: each meeting is a class of its own, with a stable address
and calendar event; skipped, cancelled and moved meetings show as a parent needs to see them."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from icalendar import Calendar

from helpers import build_project

SERIES = """classes:
  - id: saturday-play
    title: 周六亲子游戏
    topics: [play]
    format: in-person
    centre: zhengding
    audience: parents
    age_bands: [1-2y]
    description: 每周六上午的亲子游戏。
    example: true
    repeat:
      every: [saturday]
      from: 2026-11-14
      until: 2027-01-30
      hours: 09:30-11:00
      skip: [2027-01-02]
      cancelled: [2027-01-23]
      moved:
        - {date: 2027-01-16, to: 2027-01-17 15:00}
"""


def soup(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(), "html.parser")


def test_each_meeting_has_its_page_and_event(mini_project: Path) -> None:
    (mini_project / "content/classes/series.yml").write_text(SERIES)
    site = build_project(mini_project)

    saturdays = ["2026-11-14", "2026-11-21", "2026-11-28", "2026-12-05", "2026-12-12"]
    saturdays += ["2026-12-19", "2026-12-26", "2027-01-09", "2027-01-16", "2027-01-23"]
    saturdays += ["2027-01-30"]
    pages = sorted(path.name for path in (site / "classes").glob("*-saturday-play"))
    assert pages == [f"{day}-saturday-play" for day in saturdays]  # 2027-01-02 skipped

    first = soup(site, "classes/2026-12-05-saturday-play").get_text(" ", strip=True)
    assert "2026年12月5日（星期六） 09:30–11:00" in first

    moved = soup(site, "classes/2027-01-16-saturday-play").get_text(" ", strip=True)
    assert "时间有变动" in moved and "原定 2027年1月16日（星期六）" in moved
    assert "2027年1月17日（星期日） 15:00–16:30" in moved
    cancelled = soup(site, "classes/2027-01-23-saturday-play").get_text(" ", strip=True)
    assert "本次课程已取消" in cancelled

    upcoming = soup(site, "classes").get_text(" ", strip=True)  # built on 2026-11-20
    assert "周六亲子游戏 改期" in upcoming
    listed = soup(site, "classes/past").select(".cg-class-title a")
    assert [a["href"] for a in listed if "saturday" in a["href"]] == [
        "../2026-11-14-saturday-play/"
    ]

    calendar = Calendar.from_ical((site / "calendar/zhengding.ics").read_bytes())
    found = {event.uid: event for event in calendar.events if "saturday" in event.uid}
    assert len(found) == len(saturdays)
    moved_event = next(e for uid, e in found.items() if uid.startswith("2027-01-16-"))
    assert moved_event.start.isoformat() == "2027-01-17T15:00:00+08:00"
    assert moved_event["SEQUENCE"] == 1  # calendars apply the new time
    cancelled_event = next(e for uid, e in found.items() if uid.startswith("2027-01-23-"))
    assert cancelled_event["STATUS"] == "CANCELLED"


def test_moving_one_meeting_keeps_every_address_and_uid(mini_project: Path) -> None:
    series = mini_project / "content/classes/series.yml"
    series.write_text(SERIES.replace("2027-01-17 15:00", "2027-01-16 14:00"))
    site = build_project(mini_project)
    before = {
        event.uid for event in Calendar.from_ical((site / "calendar/all.ics").read_bytes()).events
    }
    series.write_text(SERIES)
    site = build_project(mini_project)
    after = {
        event.uid for event in Calendar.from_ical((site / "calendar/all.ics").read_bytes()).events
    }
    assert before == after
