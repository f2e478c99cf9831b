"""The Catalog: every content record of one build, validated and cross-referenced.

One Catalog feeds every output (pages, PDFs, calendars, open data), so they never disagree.
:func:`load_catalog` reads ``content/`` (:mod:`~careguide.content.loader`), checks what records
say about each other (:mod:`~careguide.content.references`), and either returns the Catalog or
raises one :class:`~careguide.errors.ContentError` listing every problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from careguide.content.books import BookInfo, Chapter, Section, Source
from careguide.content.centres import Centre
from careguide.content.classes import Class
from careguide.content.documents import ParseCache
from careguide.content.fields import SHANGHAI
from careguide.content.freshness import stale_dates
from careguide.content.loader import read_content
from careguide.content.positions import locate
from careguide.content.references import check_references
from careguide.content.reuse import RecordCache
from careguide.content.schedules import Checkups, Immunisation, Milestones, WarningSigns
from careguide.content.site import Division, Site
from careguide.content.symptoms import Symptom
from careguide.errors import ContentError, Origin, Problem, Problems, SettingsError

BIRTH_MONTHS_BEFORE = 35
"""Months before the build month with a vaccination calendar: with it, 36 months of children
under three."""
BIRTH_MONTHS_AFTER = 2
"""Months after the build month with one, for parents expecting a baby."""


@dataclass(frozen=True)
class Book:
    info: BookInfo
    chapters: tuple[Chapter, ...]

    @property
    def id(self) -> str:
        return self.info.id

    def sections(self) -> Iterable[tuple[Chapter, Section]]:
        for chapter in self.chapters:
            for section in chapter.sections:
                yield chapter, section


@dataclass(frozen=True)
class Catalog:
    """Everything the site is built from, immutable once loaded."""

    site: Site
    sources: dict[str, Source]
    symptoms: dict[str, Symptom]
    """The symptom register, by id: the urgency boxes of the books name these."""
    books: tuple[Book, ...]
    immunisation: Immunisation | None
    """The national immunisation programme (``content/schedules/immunisation.yml``), if given."""
    checkups: Checkups | None
    """The free child health checkups (``content/schedules/checkups.yml``), if given."""
    warning_signs: WarningSigns | None
    """The developmental warning signs (``content/schedules/warning-signs.yml``), if given."""
    milestones: Milestones | None
    """What most children can do by an age (``content/schedules/milestones.yml``), if given."""
    centres: tuple[Centre, ...]
    classes: tuple[Class, ...]
    """Sorted by start time, then id."""
    now: datetime
    """The build time, in Beijing time: decides which classes are upcoming."""
    stale: tuple[Problem, ...] = ()
    """Reminders: reviews over a year old, centres checked over six months ago (still built)."""
    origins: Mapping[int, Origin] = field(default_factory=dict, repr=False, compare=False)
    """Where each record came from, by ``id(record)`` (the Catalog keeps the records alive)."""

    def origin(self, record: Any) -> Origin | None:
        """The file and key path a record was read from."""
        return self.origins.get(id(record))

    @cached_property
    def divisions(self) -> dict[str, Division]:
        return {division.id: division for division in self.site.divisions}

    @cached_property
    def centres_by_id(self) -> dict[str, Centre]:
        return {centre.id: centre for centre in self.centres}

    def book(self, book_id: str) -> Book:
        return next(book for book in self.books if book.id == book_id)

    @cached_property
    def schedule_section(self) -> tuple[Book, Chapter, Section] | None:
        """The first book section that shows the immunisation table, if any."""
        for book in self.books:
            for chapter, section in book.sections():
                if any(block.schedule == "immunisation" for block in section.blocks):
                    return book, chapter, section
        return None

    def upcoming_classes(self) -> list[Class]:
        return [item for item in self.classes if not item.has_ended(self.now)]

    def past_classes(self) -> list[Class]:
        """Most recent first."""
        return [item for item in reversed(self.classes) if item.has_ended(self.now)]

    def birth_months(self) -> list[tuple[int, int]]:
        """The birth months (year, month) of the children the site has vaccination calendars
        for, oldest first: the build month, the 35 before it and the 2 after it."""
        current = self.now.year * 12 + self.now.month - 1
        months = range(current - BIRTH_MONTHS_BEFORE, current + BIRTH_MONTHS_AFTER + 1)
        return [(number // 12, number % 12 + 1) for number in months]

    def classes_of(self, centre_id: str) -> list[Class]:
        return self._classes_by_centre.get(centre_id, [])

    @cached_property
    def _classes_by_centre(self) -> dict[str, list[Class]]:
        grouped: dict[str, list[Class]] = {}
        for item in self.classes:
            grouped.setdefault(item.centre, []).append(item)
        return grouped


LATEST_PINNED = datetime(2100, 1, 1, tzinfo=SHANGHAI)
"""A pinned build date from here on is a mistake (milliseconds given for seconds, a typo)."""


def build_time() -> datetime:
    """Now in Beijing time, or the moment pinned by ``SOURCE_DATE_EPOCH`` (reproducible builds).

    The variable holds whole seconds since 1970 (reproducible-builds.org); anything else, or a
    moment outside 1970–2099, is a :class:`SettingsError` naming the value.
    """
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not pinned:
        return datetime.now(SHANGHAI)
    example = "例如 SOURCE_DATE_EPOCH=$(date +%s)；不需要固定日期时删除这个变量"
    if not pinned.isascii() or not pinned.isdigit():
        raise SettingsError(
            f"SOURCE_DATE_EPOCH={pinned}: 不是整数秒数，无法确定生成日期 — "
            f"请写从 1970-01-01 起的整秒数，{example}"
        )
    seconds = int(pinned)
    if seconds >= LATEST_PINNED.timestamp():
        raise SettingsError(
            f"SOURCE_DATE_EPOCH={pinned}: 对应的日期晚于 2099 年，不可能是生成日期 — "
            f"请写秒数而不是毫秒数，{example}"
        )
    return datetime.fromtimestamp(seconds, SHANGHAI)


STRICT_DATES = "CAREGUIDE_STRICT_DATES"
"""Set to 1 (``careguide build --strict``) to make stale reviews and checks stop the build."""


def strict_dates() -> bool:
    """Whether this build treats stale reviews and checks as errors (:data:`STRICT_DATES`)."""
    return os.environ.get(STRICT_DATES, "") not in ("", "0")


def reminders(catalog: Catalog, root: Path) -> list[str]:
    """The catalog's reminders as lines for the editor: a header, then ``file:line: …``."""
    header = (
        f"提醒：有 {len(catalog.stale)} 处内容该重新核对了（网站照常生成；--strict 时算作错误）："
    )
    return [header, *(problem.format(root) for problem in catalog.stale)]


def load_catalog(
    content_dir: Path,
    *,
    now: datetime | None = None,
    cache: ParseCache | None = None,
    strict: bool = False,
    reuse: RecordCache | None = None,
) -> Catalog:
    """Load and check all content; raise ContentError with every problem found.

    With a ``cache``, files whose bytes have not changed since an earlier load are not parsed;
    with ``reuse`` (kept by a long-running process), not validated either.
    Stale reviews and checks are kept as the catalog's reminders, or are errors when ``strict``.
    """
    now = now or build_time()
    problems = Problems()
    loaded = read_content(content_dir, problems, cache, reuse)
    check_references(loaded, problems, content_dir.parent, now.date())
    stale = [locate(problem) for problem in stale_dates(loaded, now.date())]
    if strict:
        problems.extend(stale)
    site = loaded.site
    if problems or site is None:
        located = [locate(problem) for problem in problems]
        located.sort(key=_place)
        raise ContentError(located, root=content_dir.parent)
    books = []
    for book in loaded.books:
        by_id = {chapter.id: chapter for chapter in book.chapters}
        books.append(Book(book.info, tuple(by_id[chapter] for chapter in book.info.chapters)))
    return Catalog(
        site=site,
        sources={source.id: source for source in loaded.sources},
        symptoms={symptom.id: symptom for symptom in loaded.symptoms},
        books=tuple(books),
        immunisation=loaded.immunisation,
        checkups=loaded.checkups,
        warning_signs=loaded.warning_signs,
        milestones=loaded.milestones,
        centres=tuple(_directory_order(site, loaded.centres)),
        classes=tuple(sorted(loaded.classes, key=lambda item: (item.start, item.id))),
        now=now,
        stale=tuple(sorted(stale, key=_place)),
        origins=loaded.origins,
    )


def _place(problem: Problem) -> tuple[str, int, int]:
    return str(problem.origin.file), problem.line or 0, problem.column or 0


def _directory_order(site: Site, centres: list[Centre]) -> list[Centre]:
    """City-level centres first, then by the division order given in site.yml."""
    rank = {division.id: index for index, division in enumerate(site.divisions)}
    return sorted(
        centres,
        key=lambda c: (c.level != "city", rank.get(c.division or "", -1), c.name),
    )
