"""Classes: live-streamed lessons, parent–child activities and caregiver training.

A class is written once per date (:class:`Class`), or once for a series that repeats every week
(:class:`ClassSeries`), which is expanded into one dated class per meeting: each has its own page,
address and calendar event, with an id made of its planned date and the series id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from careguide.content.fields import (
    SHANGHAI,
    Day,
    Flag,
    Ids,
    Inconsistency,
    Integer,
    LocalDateTime,
    LongText,
    Record,
    Slug,
    Text,
    fail,
    show,
)
from careguide.errors import KeyPath


class ClassDetails(Record):
    """What a class says besides its time: shared by a single class and a series."""

    id: Slug
    """A class's address, ``/classes/<id>/``; a series' meetings are ``<date>-<id>``."""
    title: Text
    topics: Ids = Field(min_length=1)
    format: Literal["in-person", "live", "recorded"]
    centre: Slug
    audience: Literal["parents", "staff", "all"]
    age_bands: Ids = ()
    capacity: Integer | None = Field(default=None, ge=1, le=100000)
    registration: Text | None = None
    """How to sign up: a phone number, a place, or a web address."""
    description: LongText
    location: Text | None = None
    """Where it takes place, when not at the centre's own address."""
    example: Flag = False
    revision: Integer = Field(default=0, ge=0, le=10000)
    """Raise by one whenever a published class changes (time, place, status): calendar apps
    only apply an update whose sequence number is higher than the one they have."""


class Class(ClassDetails):
    """One class in ``content/classes/*.yml``; times are Beijing time."""

    start: LocalDateTime
    end: LocalDateTime
    status: Literal["open", "full", "cancelled"] = "open"
    moved_from: Day | None = None
    """The date first announced, when the class was moved to another day or time."""
    former_ids: Ids = ()
    series: Slug | None = None
    """The weekly series this class is a meeting of: set by :meth:`ClassSeries.meetings`, and
    kept by a spreadsheet's rows, where a series is written out one meeting per row. Search
    gives a series one record (its soonest meeting)."""

    def inconsistencies(self) -> Iterator[Inconsistency]:
        """A class ends after it starts, on the day it starts: pages show one date per class."""
        if self.end <= self.start:
            yield (
                ("end",),
                f"结束时间 {_short(self.end)} 不晚于开始时间 {_short(self.start)}",
                "请检查 start 和 end 的日期和时刻",
            )
        elif self.end.date() > self.start.date() and self.end != _midnight_after(self.start):
            yield (
                ("end",),
                f"课程 {_short(self.start)} 开始，却到 {_short(self.end)} 才结束（跨过了午夜）",
                "一节课要在开始的当天结束：检查 end 的日期和时刻；连续几天的活动请按天写成几节课",
            )
        yield from super().inconsistencies()

    def has_ended(self, now: datetime) -> bool:
        return self.end <= now


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

MAX_MEETINGS = 120
"""A series meets at most this often (more than two years of weekly classes): a longer one is
almost always an ``until`` typed with the wrong year."""

_HOURS = re.compile(r"([0-9]{1,2}):([0-9]{2})\s*[-–~～至到]\s*([0-9]{1,2}):([0-9]{2})")


def _hours(value: object) -> tuple[time, time]:
    """``09:30-11:00`` as its start and end times of day, the end after the start."""
    found = _HOURS.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        raise fail(
            f"上课时间 “{show(value)}” 格式不对",
            "请写成 开始-结束，例如 hours: 09:30-11:00",
            named=True,
        )
    hour, minute, end_hour, end_minute = (int(part) for part in found.groups())
    try:
        start, end = time(hour, minute), time(end_hour, end_minute)
    except ValueError:
        raise fail(
            f"上课时间 “{show(value)}” 里的时刻不存在", "时刻写 00:00–23:59", named=True
        ) from None
    if end <= start:
        raise fail(
            f"上课时间 “{show(value)}” 的结束不晚于开始",
            "先写开始时刻，再写结束时刻，例如 09:30-11:00",
            named=True,
        )
    return start, end


Hours = Annotated[tuple[time, time], BeforeValidator(_hours)]


class Move(Record):
    """A meeting of a series held at another time: ``{date: 2027-01-16, to: 2027-01-17 09:30}``."""

    date: Day
    """The planned date (it keeps the meeting's id and address)."""
    to: LocalDateTime
    """The new start; the meeting lasts as long as the others."""


class Repeat(Record):
    """When a series meets: every given weekday from one date to another, at the same hours."""

    every: tuple[Weekday, ...] = Field(min_length=1)
    start: Day = Field(alias="from")
    until: Day
    hours: Hours
    """The start and end of each meeting, ``09:30-11:00``."""
    skip: tuple[Day, ...] = ()
    """Dates with no meeting (a holiday): they are not shown."""
    cancelled: tuple[Day, ...] = ()
    """Meetings called off after they were announced: shown as cancelled."""
    moved: tuple[Move, ...] = ()

    def dates(self) -> list[date]:
        """The planned dates, in order."""
        days = {WEEKDAYS.index(name) for name in self.every}
        count = (self.until - self.start).days + 1
        every = (self.start + timedelta(days=offset) for offset in range(max(count, 0)))
        return [day for day in every if day.weekday() in days]

    def inconsistencies(self) -> Iterator[Inconsistency]:
        """The series meets at least once, not absurdly often; every exception names a planned
        date, and a date is an exception once."""
        if self.until < self.start:
            yield (
                ("until",),
                f"结束日期 until（{self.until}）早于开始日期 from（{self.start}）",
                "检查两个日期的年份",
            )
            return
        planned = set(self.dates())
        weekdays = "、".join(WEEKDAY_NAMES[WEEKDAYS.index(name)] for name in self.every)
        if not planned:
            yield (("every",), f"{self.start} 到 {self.until} 之间没有{weekdays}", "检查日期和星期")
        if len(planned) > MAX_MEETINGS:
            yield (
                ("until",),
                f"这个系列有 {len(planned)} 次课，超过 {MAX_MEETINGS} 次",
                "检查 until 的年份；很长的系列请按学期分成几个",
            )
        seen: set[date] = set()
        exceptions: list[tuple[str, KeyPath, date]]
        exceptions = [("skip", (i,), day) for i, day in enumerate(self.skip)]
        exceptions += [("cancelled", (i,), day) for i, day in enumerate(self.cancelled)]
        exceptions += [("moved", (i, "date"), move.date) for i, move in enumerate(self.moved)]
        for key, at, day in exceptions:
            if day not in planned:
                yield (
                    (key, *at),
                    f"{day} 不是这个系列上课的日子（{self.start} 到 {self.until} 的{weekdays}）",
                    "写系列里原定上课的那一天",
                )
            elif day in seen:
                yield ((key, *at), f"{day} 写了两次", "一天只能写在 skip、cancelled、moved 的一处")
            seen.add(day)
        start, end = self.hours
        length = datetime.combine(date.min, end) - datetime.combine(date.min, start)
        for index, move in enumerate(self.moved):
            end_at = move.to + length
            if end_at.date() > move.to.date() and end_at.time() != time():
                yield (
                    ("moved", index, "to"),
                    f"改到 {_short(move.to)} 开始，这次课要到第二天 {_short(end_at)} 才结束",
                    "一节课要在开始的当天结束：把 to 的时刻改早一些",
                )
        yield from super().inconsistencies()


class ClassSeries(ClassDetails):
    """Classes that repeat every week: ``repeat`` says when; the rest is as for one class."""

    status: Literal["open", "full"] = "open"
    repeat: Repeat

    def meetings(self) -> list[tuple[Class, KeyPath]]:
        """One class per planned date that is not skipped, with the key path in ``repeat`` of
        the exception that changed it (``("moved", 0)``, ``("cancelled", 2)``), or ``()``. A
        moved meeting's revision is one above the series', so calendars apply the change (a
        cancelled one's sequence is raised by the calendar itself)."""
        repeat = self.repeat
        start_time, end_time = repeat.hours
        length = datetime.combine(date.min, end_time) - datetime.combine(date.min, start_time)
        moved = {move.date: (index, move.to) for index, move in enumerate(repeat.moved)}
        cancelled = {day: index for index, day in enumerate(repeat.cancelled)}
        details = self.model_dump(exclude={"id", "status", "repeat", "revision"})
        meetings: list[tuple[Class, KeyPath]] = []
        for day in repeat.dates():
            if day in repeat.skip:
                continue
            start = datetime.combine(day, start_time, SHANGHAI)
            change: KeyPath = ()
            if day in moved:
                change, start = ("moved", moved[day][0]), moved[day][1]
            elif day in cancelled:
                change = ("cancelled", cancelled[day])
            meeting = Class(
                **details,
                id=f"{day.isoformat()}-{self.id}",
                start=start,
                end=start + length,
                status="cancelled" if day in cancelled else self.status,
                moved_from=day if day in moved else None,
                revision=self.revision + (1 if day in moved else 0),
                series=self.id,
            )
            meetings.append((meeting, change))
        return meetings


def _midnight_after(moment: datetime) -> datetime:
    """The end of the day ``moment`` is on: a class may end at 00:00 of the next day."""
    return datetime.combine(moment.date() + timedelta(days=1), time(), moment.tzinfo)


def _short(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
