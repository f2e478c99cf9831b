"""The two books (caregiving handbook, facility hygiene manual): chapters, sections, blocks.

A book is a folder under ``content/`` with a ``book.yml`` that lists its chapters in reading
order and one file per chapter. A section is made of structured blocks so that key points,
urgency boxes, tables, checklists and sources look the same on every page and in the PDFs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from careguide.content.fields import (
    Day,
    Flag,
    Ids,
    Inconsistency,
    Integer,
    LongText,
    Record,
    Slug,
    Text,
    Url,
)
from careguide.content.schedules import ChildAge
from careguide.content.symptoms import UrgencyLevel


class Source(Record):
    """An authoritative document cited by sections (an item of ``content/sources/*.yml``)."""

    id: Slug
    title: Text
    issuer: Text
    year: Integer = Field(ge=1900, le=2100)
    number: Text | None = None
    """Document number such as 国卫办妇幼函〔2022〕409号 or WS/T 678—2020."""
    url: Url | None = None


class Table(Record):
    caption: Text
    columns: tuple[Text, ...] = Field(min_length=2)
    rows: tuple[tuple[LongText, ...], ...] = Field(min_length=1)

    def inconsistencies(self) -> Iterator[Inconsistency]:
        """Each row has as many cells as there are columns."""
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                columns = len(self.columns)
                yield (
                    ("rows", number - 1),
                    f"表格“{self.caption}”第 {number} 行有 {len(row)} 格，表头有 {columns} 列",
                    '每一行的格数要和 columns 的列数相同；空格写 ""',
                )
                return


class Alert(Record):
    """An urgency box: the symptoms (ids from the register) that call for its level, and what
    to do meanwhile. Its level must be the level of every symptom it names."""

    level: UrgencyLevel
    title: Text | None = None
    symptoms: Ids = Field(min_length=1)
    actions: tuple[LongText, ...] = ()
    """What to do while waiting or watching, in order."""
    note: LongText | None = None


class Steps(Record):
    """Numbered first-aid steps: short, in the order they are done."""

    title: Text
    items: tuple[LongText, ...] = Field(min_length=2)
    note: LongText | None = None


class Exclusion(Record):
    """When a childcare facility sends a child home or keeps it away (infection control).

    Not a medical urgency level: whether the child needs a doctor, and how soon, is an alert.
    """

    title: Text
    items: tuple[LongText, ...] = Field(min_length=1)
    note: LongText | None = None


class Checklist(Record):
    title: Text
    items: tuple[LongText, ...] = Field(min_length=1)


class Block(Record):
    """One block of a section: exactly one of text (Markdown), table, alert, checklist, steps
    or exclusion."""

    text: LongText | None = None
    table: Table | None = None
    alert: Alert | None = None
    checklist: Checklist | None = None
    steps: Steps | None = None
    exclusion: Exclusion | None = None
    schedule: Literal["immunisation", "checkups", "warning-signs", "milestones"] | None = None
    """A table made from ``content/schedules/<name>.yml``."""
    ages: tuple[ChildAge, ...] | None = Field(default=None, min_length=1)
    """With ``schedule: milestones``: the ages the table shows (all when not given)."""

    def inconsistencies(self) -> Iterator[Inconsistency]:
        """A block is exactly one kind of block; ``ages`` goes with a milestone table."""
        kinds = [name for name in type(self).model_fields if name != "ages"]
        given = [name for name in kinds if getattr(self, name) is not None]
        if len(given) != 1:
            yield (
                (),
                "每个块只能是 text、table、alert、checklist、steps、exclusion、schedule 中的一种",
                "把不同内容拆成几个块，每块以“- ”开头",
            )
        elif self.ages is not None and self.schedule != "milestones":
            yield (
                ("ages",),
                "ages 只能和 schedule: milestones 一起用",
                "删掉 ages，或把这个块改成 schedule: milestones",
            )
        yield from super().inconsistencies()


class Section(Record):
    id: Slug
    title: Text
    age_bands: Ids = ()
    """Ids from ``site.yml``: the ages the section is about, when it is about some only (its
    chapter's bands otherwise); the age pages and 宝宝时间表 list it for them."""
    reviewed: Day
    """The date the section was last checked against its sources."""
    sources: Ids = Field(min_length=1)
    key_points: tuple[LongText, ...] = ()
    blocks: tuple[Block, ...] = Field(min_length=1)


class Chapter(Record):
    """One chapter file of a book."""

    id: Slug
    title: Text
    summary: LongText
    age_bands: Ids = ()
    sections: tuple[Section, ...] = Field(min_length=1)


class BookInfo(Record):
    """``content/<book>/book.yml``."""

    id: Slug
    title: Text
    short_title: Text
    """The name on the navigation tab, a few characters long."""
    subtitle: Text | None = None
    audience: Text
    description: LongText
    medical: Flag = False
    """Health advice for parents: each chapter page and the printed book carry the medical
    disclaimer (the site informs, it does not replace a doctor)."""
    edition: Day
    chapters: tuple[Slug, ...] = Field(min_length=1)
    """Chapter ids in reading order; each names a chapter file in the same folder."""
