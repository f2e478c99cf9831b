"""The pages about one child's age, made from the schedules: the age pages (/ages/), the
vaccination calendars by birth month (/calendar/born/) and 宝宝时间表 (/my-baby/)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from careguide import addresses
from careguide.content.books import Chapter, Section
from careguide.content.catalog import Book, Catalog
from careguide.content.schedules import Immunisation, Option
from careguide.content.site import AgeBand
from careguide.web.htmlpage import HtmlPage

if TYPE_CHECKING:
    from careguide.web.pages import MarkdownPage, _Pages

AGE_PAGE_CLASSES = 10
"""Upcoming classes for the band listed on an age page."""

CORRECTED_AGE_CHAPTERS = frozenset({"growth-development"})
"""Chapters about development: 宝宝时间表 suggests them by the corrected age of a baby born
early (everything else by the actual age)."""
PRETERM_SECTIONS = frozenset({("growth-development", "corrected-age")})
"""Sections 宝宝时间表 suggests only for a baby born early (when a due date is given)."""


def by_age(book: Book) -> Iterator[tuple[Chapter, Section | None, tuple[str, ...]]]:
    """What a book has for an age, with the age bands it is for: each section tagged with
    bands, and each chapter with untagged sections (``None``), for the chapter's bands.

    The age pages and 宝宝时间表's reading list are both made from this."""
    for chapter in book.chapters:
        if chapter.age_bands and any(not section.age_bands for section in chapter.sections):
            yield chapter, None, chapter.age_bands
        for section in chapter.sections:
            if section.age_bands:
                yield chapter, section, section.age_bands


def age_pages(pages: _Pages) -> Iterator[HtmlPage]:
    """A page per age band with a range, and the list of them."""
    catalog = pages.catalog
    bands = _age_bands(catalog)
    if not bands:
        return
    yield pages.html(
        addresses.AGES,
        "按月龄查看",
        None,
        "ages.html.j2",
        {
            "title": "按月龄查看",
            "description": "每个月龄段要打的疫苗、要做的体检和要留意的发育情况",
        },
        bands=bands,
    )
    upcoming = pages.upcoming_list
    for band in bands:
        immunisation, checkups, signs, milestones = (
            catalog.immunisation,
            catalog.checkups,
            catalog.warning_signs,
            catalog.milestones,
        )
        yield pages.html(
            addresses.age_page(band.id),
            "月龄页面",
            None,
            "age.html.j2",
            {
                "title": f"宝宝{band.name}",
                "description": f"宝宝{band.name}：疫苗、健康检查、发育情况、养育要点和课程",
            },
            band=band,
            doses=[d for d in immunisation.doses if band.spans(d.age)] if immunisation else [],
            visits=[v for v in checkups.visits if band.spans(v.age)] if checkups else [],
            signs=[a for a in signs.ages if band.spans(a.age)] if signs else [],
            milestones=[a for a in milestones.ages if band.spans(a.age)] if milestones else [],
            options=immunisation.options if immunisation else (),
            chapters=_band_chapters(catalog, band),
            classes=[item for item in upcoming if band.id in item.age_bands][:AGE_PAGE_CLASSES],
        )


def born_calendars_page(pages: _Pages) -> Iterator[MarkdownPage]:
    """The vaccination calendars by birth month, with their subscribe links."""
    if pages.catalog.immunisation is None:
        return
    years: dict[int, list[int]] = {}
    for year, month in pages.catalog.birth_months():
        years.setdefault(year, []).append(month)
    yield pages.markdown(
        addresses.BORN_CALENDARS,
        "出生月份日历列表",
        None,
        "born_calendars.md.j2",
        schedule=pages.catalog.immunisation,
        guide=pages.catalog.schedule_section,
        years=sorted(years.items(), reverse=True),
    )


def my_baby_page(pages: _Pages) -> Iterator[HtmlPage]:
    """宝宝时间表, when the site has the immunisation schedule its script reads."""
    catalog = pages.catalog
    if catalog.immunisation is None:
        return
    table = next(
        (
            (book.id, chapter, section)
            for book in catalog.books
            for chapter, section in book.sections()
            if any(block.schedule == "immunisation" for block in section.blocks)
        ),
        None,
    )
    reading = _reading(catalog, catalog.book(table[0])) if table is not None else []
    yield pages.html(
        addresses.MY_BABY,
        "宝宝时间表",
        None,
        "my_baby.html.j2",
        {
            "title": "宝宝时间表",
            "description": "填上宝宝的出生日期，看宝宝现在几个月、什么时候打哪一针疫苗",
            "script": addresses.MY_BABY_SCRIPT,
        },
        schedule=catalog.immunisation,
        option_groups=_option_groups(catalog.immunisation),
        book_id=table[0] if table else None,
        vaccination=(table[1].id, table[1].title, table[2].id) if table else None,
        reading=reading,
    )


def _band_chapters(catalog: Catalog, band: AgeBand) -> list[tuple[Book, Chapter, list[Section]]]:
    """The chapters for a band, each with its sections tagged for the band (none when only the
    chapter is, through its untagged sections)."""
    chapters: dict[tuple[str, str], tuple[Book, Chapter, list[Section]]] = {}
    for book in catalog.books:
        for chapter, section, bands in by_age(book):
            if band.id not in bands:
                continue
            _, _, sections = chapters.setdefault((book.id, chapter.id), (book, chapter, []))
            if section is not None:
                sections.append(section)
    return list(chapters.values())


def _reading(catalog: Catalog, book: Book) -> list[tuple[str, str | None, str, int, int, str]]:
    """宝宝时间表's reading list: (chapter, section or None for the whole chapter, title, from
    month, before month, which age decides: ``actual``, ``corrected`` or ``preterm``). The
    sections tagged for an age come first, in book order, then the whole chapters."""
    bands = {band.id: band for band in _age_bands(catalog)}
    starts = {band.start.months for band in bands.values() if band.start}
    entries = list(by_age(book))
    entries += [
        (chapter, section, chapter.age_bands)
        for chapter, section in book.sections()
        if (chapter.id, section.id) in PRETERM_SECTIONS
    ]
    reading = []
    for chapter, section, band_ids in entries:
        spans = [
            (b.start, b.end) for b in (bands.get(i) for i in band_ids) if b and b.start and b.end
        ]
        if not spans:
            continue
        start = min(begin.months for begin, _ in spans)
        end = max(finish.months for _, finish in spans)
        before = end if end in starts else end + 1  # the last band includes its end
        if section is not None and (chapter.id, section.id) in PRETERM_SECTIONS:
            by = "preterm"
        else:
            by = "corrected" if chapter.id in CORRECTED_AGE_CHAPTERS else "actual"
        title = section.title if section else chapter.title
        reading.append(
            (chapter.id, section.id if section else None, title, round(start), round(before), by)
        )
    return sorted(reading, key=lambda entry: entry[1] is None)  # this age's sections first


def _age_bands(catalog: Catalog) -> list[AgeBand]:
    return [band for band in catalog.site.age_bands if band.start and band.end]


def _option_groups(schedule: Immunisation) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group, label, [(option id, kind)]) of products that replace each other, named by what
    their names share and what sets them apart: 乙脑疫苗, [减毒活疫苗, 灭活疫苗]."""
    groups: dict[str, list[Option]] = {}
    for option in schedule.options:
        groups.setdefault(option.group, []).append(option)
    named = []
    for group, options in groups.items():
        names = [option.name for option in options]
        shared = _shared_start(names) if len(names) > 1 else ""
        label = f"{shared}疫苗" if shared else "、".join(option.name for option in options)
        kinds = [(option.id, option.name[len(shared) :] or option.name) for option in options]
        named.append((group, label, kinds))
    return named


def _shared_start(texts: list[str]) -> str:
    """The characters every text starts with."""
    shortest = min(texts, key=len)
    for index, character in enumerate(shortest):
        if any(text[index] != character for text in texts):
            return shortest[:index]
    return shortest
