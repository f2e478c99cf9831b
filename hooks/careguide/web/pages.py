"""Every generated page of the site, rendered from the Catalog through ``templates/pages``.

The chapters and the books' contents are Markdown (:class:`MarkdownPage`), so Material's
admonitions, tables and table of contents work on them as on hand-written pages. Pages that
exist in thousands (a class, a centre, its poster, the class lists, the directory) are written
straight as HTML and rendered only when MkDocs writes them
(:class:`~careguide.web.htmlpage.HtmlPage`).
One generator per kind of page; addresses come from :mod:`careguide.addresses`, and templates
link with ``link(at.centre(id))``.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jinja2

from careguide import addresses
from careguide.content.catalog import Book, Catalog
from careguide.content.centres import Centre
from careguide.content.classes import Class
from careguide.errors import Origin
from careguide.templating import page_environment
from careguide.web.age_pages import age_pages, born_calendars_page, my_baby_page
from careguide.web.htmlpage import HtmlPage
from careguide.web.jsonld import centre_jsonld, class_jsonld
from careguide.web.pager import numbered, paginate

PAST_PAGE_SIZE = 50
"""Past classes per page: no page lists every past class at province scale."""

UPCOMING_PAGE_SIZE = 100
"""Upcoming classes per page: a province has tens of thousands a year."""

RECENT_PAST = 10
"""Past classes shown on a centre or topic page before pointing to the full list."""


@dataclass(frozen=True)
class MarkdownPage:
    """A generated page written in Markdown: where it goes in the docs tree, and its text."""

    src_uri: str
    kind: str
    """What the page is, named in a collision error (章节页面)."""
    origin: Origin | None
    markdown: str


Generated = MarkdownPage | HtmlPage


def render_pages(catalog: Catalog, site_url: str) -> list[Generated]:
    """Every generated page of the site."""
    pages = _Pages(catalog, site_url)
    return [
        *pages.books(),
        pages.directory(),
        *pages.centres(),
        *pages.upcoming(),
        *pages.past(),
        *pages.topics(),
        *pages.classes(),
        *age_pages(pages),
        *born_calendars_page(pages),
        *my_baby_page(pages),
    ]


class _Pages:
    """The page generators of one build, sharing its templates and their common variables."""

    def __init__(self, catalog: Catalog, site_url: str) -> None:
        self.catalog = catalog
        self.site_url = site_url
        self.env = page_environment()
        self.common = {
            "site": catalog.site,
            "catalog": catalog,
            "site_url": site_url,
            "at": addresses,
            "absolute": functools.partial(addresses.absolute, site_url),
            "age_bands": {band.id: band.name for band in catalog.site.age_bands},
            "topics": {topic.id: topic.name for topic in catalog.site.topics},
        }
        self.upcoming_list = catalog.upcoming_classes()
        self.past_list = catalog.past_classes()

    @functools.cache  # noqa: B019 - one _Pages per build
    def template(self, name: str) -> jinja2.Template:
        """A page template, with the variables every page shares as its globals."""
        return self.env.get_template(f"pages/{name}", globals=self.common)

    def markdown(
        self, src_uri: str, kind: str, origin: Origin | None, template: str, **context: Any
    ) -> MarkdownPage:
        link = functools.partial(addresses.source_link, here=src_uri)
        text = self.template(template).render(**context, link=link)
        return MarkdownPage(src_uri, kind, origin, text)

    def html(
        self,
        src_uri: str,
        kind: str,
        origin: Origin | None,
        template: str,
        meta: dict[str, Any],
        jsonld: Callable[[], str] | None = None,
        **context: Any,
    ) -> HtmlPage:
        escaped: dict[str, Any] = {
            key: _escaped(meta[key]) for key in ("title", "description") if key in meta
        }
        meta = {**meta, **escaped}
        return HtmlPage(src_uri, kind, origin, meta, self.template(template), context, jsonld)

    def books(self) -> Iterator[MarkdownPage]:
        for book in self.catalog.books:
            yield from self._book(book)

    def _book(self, book: Book) -> Iterator[MarkdownPage]:
        pdf = addresses.pdf(book.id)
        origin = self.catalog.origin(book.info)
        yield self.markdown(
            addresses.book(book.id), "书的目录页", origin, "book.md.j2", book=book, pdf=pdf
        )
        for chapter in book.chapters:
            yield self.markdown(
                addresses.chapter(book.id, chapter.id),
                "章节页面",
                self.catalog.origin(chapter),
                "chapter.md.j2",
                book=book,
                chapter=chapter,
                sources=self.catalog.sources,
                pdf=pdf,
            )

    def directory(self) -> HtmlPage:
        site = self.catalog.site
        return self.html(
            addresses.CENTRES,
            "指导中心名录",
            None,
            "centres.html.j2",
            {
                "title": "养育照护指导中心",
                "description": f"{site.city}市级和各县（市、区）婴幼儿养育照护指导中心名录",
            },
            groups=_centre_groups(self.catalog),
        )

    def centres(self) -> Iterator[HtmlPage]:
        catalog = self.catalog
        for centre in catalog.centres:
            classes = catalog.classes_of(centre.id)
            upcoming = [item for item in classes if not item.has_ended(catalog.now)]
            recent = [item for item in classes if item.has_ended(catalog.now)][::-1][:RECENT_PAST]
            origin = catalog.origin(centre)
            yield self.html(
                addresses.centre(centre.id),
                "指导中心页面",
                origin,
                "centre.html.j2",
                {
                    "title": centre.name,
                    "description": f"{centre.name}：地址、电话、开放时间和近期课程",
                    # A province has thousands of centres; every search record costs each
                    # phone's first search some bytes, so a centre is one record.
                    "search": {"one_record": True},
                },
                functools.partial(centre_jsonld, catalog, centre, self.site_url),
                centre=centre,
                division=catalog.divisions.get(centre.division or ""),
                upcoming=upcoming,
                recent=recent,
            )
            yield self.html(
                addresses.poster(centre.id),
                "海报页面",
                origin,
                "poster.html.j2",
                {
                    "title": f"{centre.name}：海报",
                    "template": "poster.html",
                    "search": {"exclude": True},
                },
                centre=centre,
                upcoming=upcoming[:4],
            )

    def upcoming(self) -> Iterator[HtmlPage]:
        pages = paginate(self.upcoming_list, UPCOMING_PAGE_SIZE, addresses.upcoming_classes)
        for src_uri, items, pager in pages:
            yield self.html(
                src_uri,
                "近期课程列表",
                None,
                "classes_upcoming.html.j2",
                {
                    "title": numbered("近期课程", pager.number),
                    "description": "即将开始的直播课、亲子活动和照护人培训",
                },
                days=_by_day(items),
                pager=pager,
            )

    def past(self) -> Iterator[HtmlPage]:
        for src_uri, items, pager in paginate(
            self.past_list, PAST_PAGE_SIZE, addresses.past_classes
        ):
            yield self.html(
                src_uri,
                "往期课程列表",
                None,
                "classes_past.html.j2",
                {"title": numbered("往期课程", pager.number), "description": "已经结束的课程"},
                classes=items,
                pager=pager,
            )

    def topics(self) -> Iterator[HtmlPage]:
        for topic in self.catalog.site.topics:
            of_topic = [item for item in self.upcoming_list if topic.id in item.topics]
            recent = [item for item in self.past_list if topic.id in item.topics][:RECENT_PAST]
            address = functools.partial(addresses.topic, topic.id)
            for src_uri, items, pager in paginate(of_topic, UPCOMING_PAGE_SIZE, address):
                yield self.html(
                    src_uri,
                    "主题课程列表",
                    None,
                    "topic.html.j2",
                    {
                        "title": numbered(f"{topic.name}：课程", pager.number),
                        "description": f"主题为“{topic.name}”的课程",
                    },
                    topic=topic,
                    upcoming=items,
                    pager=pager,
                    recent=recent if pager.number == 1 else [],
                )

    def classes(self) -> Iterator[HtmlPage]:
        catalog = self.catalog
        for item in catalog.classes:
            yield self.html(
                addresses.class_page(item.id),
                "课程页面",
                catalog.origin(item),
                "class.html.j2",
                {"title": item.title, "description": item.description},
                functools.partial(class_jsonld, catalog, item, self.site_url),
                item=item,
                centre=catalog.centres_by_id[item.centre],
                ended=item.has_ended(catalog.now),
            )


@functools.lru_cache(maxsize=65536)
def _escaped(text: str) -> str:
    """``text`` HTML-escaped, remembered: a page per class escapes its title and description,
    and ``make serve`` renders every page's front matter again on each save."""
    return html.escape(text)


def _centre_groups(catalog: Catalog) -> list[tuple[str, str, list[Centre]]]:
    """(anchor, heading, centres) groups for the directory: city level, then each division."""
    groups: list[tuple[str, str, list[Centre]]] = []
    city = [centre for centre in catalog.centres if centre.level == "city"]
    if city:
        groups.append(("city", "市级", city))
    for division in catalog.site.divisions:
        members = [c for c in catalog.centres if c.level != "city" and c.division == division.id]
        if members:
            groups.append((division.id, division.name, members))
    return groups


def _by_day(classes: Sequence[Class]) -> list[tuple[datetime, list[Class]]]:
    days: dict[Any, list[Class]] = {}
    for item in classes:
        days.setdefault(item.start.date(), []).append(item)
    return [(items[0].start, items) for items in days.values()]
