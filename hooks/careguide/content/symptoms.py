"""The symptom register: each symptom's wording, its urgency level and its sources, once.

An urgency box in a book names symptoms by id instead of writing them out, so one symptom can
never carry two levels on two pages: the level is the register's, and a box whose level differs
from a symptom it names stops the build (:mod:`careguide.content.references`). The register
lives in ``content/symptoms/*.yml``, a file per area.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from careguide.content.fields import Day, Ids, Record, Slug, Text

UrgencyLevel = Literal["call-120", "emergency", "same-day", "within-2-weeks", "watch-home"]
"""From most to least urgent: 立即拨打 120 · 立即去医院急诊 · 当天就医 · 尽快预约（1–2 周内）·
居家观察 (the wording is in :data:`careguide.templating.URGENCY`)."""


class Symptom(Record):
    """One thing a parent or carer can notice, and how urgently it needs a doctor."""

    id: Slug
    text: Text
    """As shown in an urgency box, e.g. 不满 3 月龄的宝宝发热（腋下体温 37.5 ℃ 及以上）."""
    level: UrgencyLevel
    sources: Ids = Field(min_length=1)
    """The documents the level rests on."""
    reviewed: Day
    """When the wording and level were last checked against the sources."""
