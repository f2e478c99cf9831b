"""Rendering the Catalog into Markdown pages through the Jinja templates in ``templates/pages``.

Every text field from the YAML is HTML-escaped on the way into Markdown, so an editor can use
Markdown (bold, lists, links) but no raw HTML. Templates are strict: an undefined name fails the
build instead of rendering as nothing.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from careguide.catalog import Catalog
from careguide.classes import Class
from careguide.jsonld import centre_jsonld, class_jsonld

TEMPLATES = Path(__file__).parent / "templates"

WEEKDAYS = "一二三四五六日"
FORMATS = {"in-person": "线下", "live": "直播", "recorded": "录播"}
STATUSES = {"open": "可报名", "full": "已满", "cancelled": "已取消"}
AUDIENCES = {"parents": "家长和照护人", "staff": "托育机构工作人员", "all": "所有人"}
LEVELS = {"city": "市级", "county": "县级"}
DISCLAIMER = (
    "本手册介绍一般的养育照护知识，不能代替医生的诊断和治疗。"
    "孩子不舒服时请咨询医生；遇到紧急情况，请立即拨打 120。"
)
"""The medical disclaimer on every handbook page and in the printed handbook."""
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
        auto_reload=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        cell=_table_cell,
        day=_day,
        time=lambda moment: moment.strftime("%H:%M"),
        tel=lambda phone: "".join(ch for ch in phone if ch.isdigit() or ch == "+"),
        iso=lambda moment: moment.isoformat(),
        quote=lambda text: urllib.parse.quote(str(text), safe=""),
        front_matter=_front_matter,
    )
    env.globals.update(
        FORMATS=FORMATS,
        STATUSES=STATUSES,
        AUDIENCES=AUDIENCES,
        LEVELS=LEVELS,
        URGENCY=URGENCY,
        DISCLAIMER=DISCLAIMER,
    )
    return env


def _table_cell(value: Any) -> Markup:
    """A value made safe for one cell of a Markdown table."""
    text = str(escape(value)).replace("|", "\\|").replace("\r", "")
    return Markup(text.replace("\n", "<br>"))


def _front_matter(value: Any) -> Markup:
    """A front-matter value, HTML-escaped: Material prints page titles into HTML unescaped."""
    return Markup(json.dumps(html.escape(str(value)), ensure_ascii=False))


def _day(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日（星期{WEEKDAYS[moment.weekday()]}）"


PAST_PAGE_SIZE = 50
"""Past classes per page: no page lists every past class at province scale."""

UPCOMING_PAGE_SIZE = 100
"""Upcoming classes per page: a province has tens of thousands a year."""

RECENT_PAST = 10
"""Past classes shown on a centre or topic page before pointing to the full list."""


def render_pages(catalog: Catalog, site_url: str) -> list[Page]:
    """Every generated page of the site."""
    env = environment()
    return list(_pages(env, catalog, site_url))


def _pages(env: jinja2.Environment, catalog: Catalog, site_url: str) -> Iterator[Page]:
    common = {"site": catalog.site, "catalog": catalog, "site_url": site_url}

    def page(src_uri: str, template: str, **context: Any) -> Page:
        markdown = env.get_template(f"pages/{template}").render(**common, **context)
        return Page(src_uri, markdown)

    for book in catalog.books:
        pdf = f"downloads/{book.id}.pdf"
        yield page(f"{book.id}/index.md", "book.md.j2", book=book, pdf=pdf)
        for chapter in book.chapters:
            yield page(
                f"{book.id}/{chapter.id}.md",
                "chapter.md.j2",
                book=book,
                chapter=chapter,
                sources=catalog.sources,
                pdf=pdf,
            )
    upcoming = catalog.upcoming_classes()
    past = catalog.past_classes()
    yield page("centres/index.md", "centres.md.j2", groups=_centre_groups(catalog))
    for centre in catalog.centres:
        context = {
            "centre": centre,
            "division": catalog.divisions.get(centre.division or ""),
            "upcoming": [c for c in catalog.classes_of(centre.id) if not c.has_ended(catalog.now)],
            "jsonld": centre_jsonld(catalog, centre, site_url),
        }
        ended = [c for c in catalog.classes_of(centre.id) if c.has_ended(catalog.now)]
        recent = ended[::-1][:RECENT_PAST]
        yield page(f"centres/{centre.id}/index.md", "centre.md.j2", recent=recent, **context)
        poster_classes = context["upcoming"][:4]
        yield page(
            f"centres/{centre.id}/poster/index.md",
            "poster.md.j2",
            **{**context, "upcoming": poster_classes},
        )
    pages_of_upcoming = _paginate(upcoming, UPCOMING_PAGE_SIZE)
    for number, items in enumerate(pages_of_upcoming, start=1):
        yield page(
            "classes/index.md" if number == 1 else f"classes/upcoming/{number}/index.md",
            "classes_upcoming.md.j2",
            days=_by_day(items),
            number=number,
            count=len(pages_of_upcoming),
            total=len(upcoming),
        )
    pages_of_past = _paginate(past, PAST_PAGE_SIZE)
    for number, items in enumerate(pages_of_past, start=1):
        src_uri = "classes/past/index.md" if number == 1 else f"classes/past/{number}/index.md"
        yield page(
            src_uri,
            "classes_past.md.j2",
            classes=items,
            number=number,
            count=len(pages_of_past),
            total=len(past),
        )
    for topic in catalog.site.topics:
        yield page(
            f"classes/topics/{topic.id}/index.md",
            "topic.md.j2",
            topic=topic,
            upcoming=[item for item in upcoming if topic.id in item.topics],
            recent=[item for item in past if topic.id in item.topics][:RECENT_PAST],
        )
    for item in catalog.classes:
        yield page(
            f"classes/{item.id}/index.md",
            "class.md.j2",
            item=item,
            centre=catalog.centres_by_id[item.centre],
            ended=item.has_ended(catalog.now),
            jsonld=class_jsonld(catalog, item, site_url),
        )


def _paginate(items: list[Class], size: int) -> list[list[Class]]:
    """Split into pages of ``size``; an empty list still has one (empty) page."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


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
