"""Classes: live-streamed lessons, parent–child activities and caregiver training."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Literal

from pydantic import Field

from careguide.content.fields import (
    Flag,
    Ids,
    Inconsistency,
    Integer,
    LocalDateTime,
    LongText,
    Record,
    Slug,
    Text,
)


class Class(Record):
    """One class in ``content/classes/*.yml``; times are Beijing time."""

    id: Slug
    title: Text
    topics: Ids = Field(min_length=1)
    format: Literal["in-person", "live", "recorded"]
    centre: Slug
    start: LocalDateTime
    end: LocalDateTime
    audience: Literal["parents", "staff", "all"]
    age_bands: Ids = ()
    capacity: Integer | None = Field(default=None, ge=1, le=100000)
    registration: Text | None = None
    """How to sign up: a phone number, a place, or a web address."""
    status: Literal["open", "full", "cancelled"] = "open"
    description: LongText
    location: Text | None = None
    """Where it takes place, when not at the centre's own address."""
    example: Flag = False
    former_ids: Ids = ()
    revision: Integer = Field(default=0, ge=0, le=10000)
    """Raise by one whenever a published class changes (time, place, status): calendar apps
    only apply an update whose sequence number is higher than the one they have."""

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


def _midnight_after(moment: datetime) -> datetime:
    """The end of the day ``moment`` is on: a class may end at 00:00 of the next day."""
    return datetime.combine(moment.date() + timedelta(days=1), time(), moment.tzinfo)


def _short(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
