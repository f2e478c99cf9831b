"""Rendering the Catalog into Markdown pages through the Jinja templates in ``templates/pages``.

Every text field from the YAML is HTML-escaped on the way into Markdown, so an editor can use
Markdown (bold, lists, links) but no raw HTML. Templates are strict: an undefined name fails the
build instead of rendering as nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from careguide.catalog import Book, Catalog
from careguide.classes import Class

TEMPLATES = Path(__file__).parent / "templates"

WEEKDAYS = "一二三四五六日"
FORMATS = {"in-person": "线下", "live": "直播", "recorded": "录播"}
STATUSES = {"open": "可报名", "full": "已满", "cancelled": "已取消"}
AUDIENCES = {"parents": "家长和照护人", "staff": "托育机构工作人员", "all": "所有人"}
LEVELS = {"city": "市级", "county": "县级"}
URGENCY = {
    "call-120": ("danger", "立即拨打 120"),
    "see-doctor": ("warning", "尽快就医（当天）"),
    "watch-home": ("info", "居家观察"),
}


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes in the docs tree, and its Markdown."""

    src_uri: str
    markdown: str


def environment() -> jinja2.Environment:
    """The Jinja environment shared by every template (pages and print)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        cell=_table_cell,
        day=_day,
        time=lambda moment: moment.strftime("%H:%M"),
        tel=lambda phone: "".join(ch for ch in phone if ch.isdigit() or ch == "+"),
    )
    env.globals.update(
        FORMATS=FORMATS,
        STATUSES=STATUSES,
        AUDIENCES=AUDIENCES,
        LEVELS=LEVELS,
        URGENCY=URGENCY,
    )
    return env


def _table_cell(value: Any) -> Markup:
    """A value made safe for one cell of a Markdown table."""
    text = str(escape(value)).replace("|", "\\|").replace("\r", "")
    return Markup(text.replace("\n", "<br>"))


def _day(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日（星期{WEEKDAYS[moment.weekday()]}）"


def render_pages(catalog: Catalog) -> list[Page]:
    """Every generated page of the site."""
    env = environment()
    return list(_pages(env, catalog))


def _pages(env: jinja2.Environment, catalog: Catalog) -> Iterator[Page]:
    common = {"site": catalog.site, "catalog": catalog}

    def page(src_uri: str, template: str, **context: Any) -> Page:
        markdown = env.get_template(f"pages/{template}").render(**common, **context)
        return Page(src_uri, markdown)

    for book in catalog.books:
        yield page(f"{book.id}/index.md", "book.md.j2", book=book)
        for chapter in book.chapters:
            yield page(
                f"{book.id}/{chapter.id}.md",
                "chapter.md.j2",
                book=book,
                chapter=chapter,
                sources=catalog.sources,
            )
    yield page("centres/index.md", "centres.md.j2", groups=_centre_groups(catalog))
    for centre in catalog.centres:
        upcoming = [item for item in catalog.upcoming_classes() if item.centre == centre.id]
        yield page(
            f"centres/{centre.id}/index.md",
            "centre.md.j2",
            centre=centre,
            division=catalog.divisions.get(centre.division or ""),
            upcoming=upcoming,
        )
    yield page(
        "classes/index.md", "classes_upcoming.md.j2", days=_by_day(catalog.upcoming_classes())
    )
    yield page("classes/past/index.md", "classes_past.md.j2", classes=catalog.past_classes())


def _centre_groups(catalog: Catalog) -> list[tuple[str, str, list[Any]]]:
    """(anchor, heading, centres) groups for the directory: city level, then each division."""
    groups: list[tuple[str, str, list[Any]]] = []
    city = [centre for centre in catalog.centres if centre.level == "city"]
    if city:
        groups.append(("city", "市级", city))
    for division in catalog.site.divisions:
        members = [c for c in catalog.centres if c.level != "city" and c.division == division.id]
        if members:
            groups.append((division.id, division.name, members))
    return groups


def _by_day(classes: list[Class]) -> list[tuple[datetime, list[Class]]]:
    days: dict[Any, list[Class]] = {}
    for item in classes:
        days.setdefault(item.start.date(), []).append(item)
    return [(items[0].start, items) for items in days.values()]


def book_pages(book: Book) -> list[str]:
    """The source paths of a book's pages, index first, in reading order."""
    return [f"{book.id}/index.md", *(f"{book.id}/{chapter.id}.md" for chapter in book.chapters)]
