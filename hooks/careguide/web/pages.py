"""Rendering the Catalog into Markdown pages through the Jinja templates in ``templates/pages``.

Every text field from the YAML is HTML-escaped on the way into Markdown, so an editor can use
Markdown (bold, lists, links) but no raw HTML. Templates are strict: an undefined name fails the
build instead of rendering as nothing.
"""

from __future__ import annotations

import functools
import hashlib
import html
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jinja2
from markupsafe import Markup, escape
from pydantic import BaseModel

from careguide.content.catalog import Catalog
from careguide.content.centres import Centre
from careguide.content.classes import Class
from careguide.templating import TEMPLATES, environment
from careguide.web.jsonld import centre_jsonld, class_jsonld


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes in the docs tree, and its Markdown."""

    src_uri: str
    markdown: str


@dataclass
class RenderedHtml:
    """The body of an :class:`HtmlPage`, its table of contents and the meta known only then."""

    html: str
    toc: list[dict[str, Any]]
    """Headings as Python-Markdown's ``toc_tokens``: level, id, name, children."""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """A generated page whose template writes HTML, so it needs no Markdown pass.

    Its body is rendered only when MkDocs writes the page (:meth:`render`), so the many pages
    of a province (a page per class and per centre) are never held in memory all at once; what
    it keeps until then is small (a province has over 100,000 of them).
    """

    src_uri: str
    meta: dict[str, Any]
    """Front matter: title and description (HTML-escaped, as Material prints them), template."""
    template: jinja2.Template
    context: dict[str, Any]
    """The template's own variables; the ones shared by every page are in ``template.globals``."""
    jsonld: Callable[[], str] | None = None

    def render(self) -> RenderedHtml:
        heading = _Headings()
        body = self.template.render(**self.context, heading=heading)
        return RenderedHtml(body, heading.toc, {"jsonld": self.jsonld()} if self.jsonld else {})


def fingerprint(page: HtmlPage, shared: bytes, centres: Mapping[str, Centre]) -> bytes:
    """What an HTML page is made from, much cheaper to compute than the page itself.

    ``--dirty`` previews compare it with the last build's to find the pages an edit changed.
    It covers the page's own variables, the name of the centre of each class they hold (a class
    in a list names its centre) and ``shared`` (:func:`shared_inputs`).
    """

    def text(value: Any) -> str:
        if isinstance(value, Class):
            return value.model_dump_json() + centres[value.centre].name
        if isinstance(value, BaseModel):
            return value.model_dump_json()
        if isinstance(value, list | tuple):
            return "[" + ",".join(text(item) for item in value) + "]"
        return repr(value)

    inputs = [page.src_uri, repr(page.meta), page.template.name or ""]
    inputs += [f"{name}={text(value)}" for name, value in page.context.items()]
    return shared + "\0".join(inputs).encode("utf-8")


def shared_inputs(catalog: Catalog, site_url: str) -> bytes:
    """What any HTML page may read besides its own variables: the templates, the site's
    settings and its address."""
    digest = hashlib.sha256()
    for path in sorted((TEMPLATES / "pages").glob("*.j2")):
        digest.update(path.read_bytes())
    digest.update(f"{site_url}\0{catalog.site.model_dump_json()}".encode())
    return digest.digest()


class _Headings:
    """``heading(level, id, text)`` in HTML templates: writes the heading as Python-Markdown's
    ``toc`` extension would (with its permalink) and records it for the table of contents."""

    def __init__(self) -> None:
        self.toc: list[dict[str, Any]] = []

    def __call__(self, level: int, anchor: str, text: str) -> Markup:
        name = str(escape(text))
        token = {"level": level, "id": anchor, "name": name, "children": []}
        parent = self.toc[-1]["children"] if level > 1 and self.toc else self.toc
        parent.append(token)
        permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a>'
        return Markup(f'<h{level} id="{anchor}">{name}{permalink}</h{level}>')


PAST_PAGE_SIZE = 50
"""Past classes per page: no page lists every past class at province scale."""

UPCOMING_PAGE_SIZE = 100
"""Upcoming classes per page: a province has tens of thousands a year."""

RECENT_PAST = 10
"""Past classes shown on a centre or topic page before pointing to the full list."""


def render_pages(catalog: Catalog, site_url: str) -> list[Page | HtmlPage]:
    """Every generated page of the site."""
    env = environment()
    return list(_pages(env, catalog, site_url))


def _pages(env: jinja2.Environment, catalog: Catalog, site_url: str) -> Iterator[Page | HtmlPage]:
    common = {
        "site": catalog.site,
        "catalog": catalog,
        "site_url": site_url,
        "age_bands": {band.id: band.name for band in catalog.site.age_bands},
        "topics": {topic.id: topic.name for topic in catalog.site.topics},
    }

    @functools.cache
    def loaded(template: str) -> jinja2.Template:
        """A page template, with the variables every page shares as its globals."""
        return env.get_template(f"pages/{template}", globals=common)

    def page(src_uri: str, template: str, **context: Any) -> Page:
        return Page(src_uri, loaded(template).render(**context))

    def html_page(
        src_uri: str,
        template: str,
        meta: dict[str, Any],
        jsonld: Callable[[], str] | None = None,
        **context: Any,
    ) -> HtmlPage:
        texts = {key: html.escape(meta[key]) for key in ("title", "description") if key in meta}
        return HtmlPage(src_uri, {**meta, **texts}, loaded(template), context, jsonld)

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
    site = catalog.site
    upcoming = catalog.upcoming_classes()
    past = catalog.past_classes()
    yield html_page(
        "centres/index.md",
        "centres.html.j2",
        {
            "title": "养育照护指导中心",
            "description": f"{site.city}市级和各县（市、区）婴幼儿养育照护指导中心名录",
        },
        groups=_centre_groups(catalog),
    )
    for centre in catalog.centres:
        classes = catalog.classes_of(centre.id)
        centre_upcoming = [item for item in classes if not item.has_ended(catalog.now)]
        recent = [item for item in classes if item.has_ended(catalog.now)][::-1][:RECENT_PAST]
        division = catalog.divisions.get(centre.division or "")
        yield html_page(
            f"centres/{centre.id}/index.md",
            "centre.html.j2",
            {
                "title": centre.name,
                "description": f"{centre.name}：地址、电话、开放时间和近期课程",
                # A province has thousands of centres; every search record costs each phone's
                # first search some bytes, so a centre is one record, not one per section.
                "search": {"one_record": True},
            },
            functools.partial(centre_jsonld, catalog, centre, site_url),
            centre=centre,
            division=division,
            upcoming=centre_upcoming,
            recent=recent,
        )
        yield html_page(
            f"centres/{centre.id}/poster/index.md",
            "poster.html.j2",
            {
                "title": f"{centre.name}：海报",
                "template": "poster.html",
                "search": {"exclude": True},
            },
            centre=centre,
            upcoming=centre_upcoming[:4],
        )
    pages_of_upcoming = _paginate(upcoming, UPCOMING_PAGE_SIZE)
    for number, items in enumerate(pages_of_upcoming, start=1):
        yield html_page(
            "classes/index.md" if number == 1 else f"classes/upcoming/{number}/index.md",
            "classes_upcoming.html.j2",
            {
                "title": _numbered("近期课程", number),
                "description": "即将开始的直播课、亲子活动和照护人培训",
            },
            days=_by_day(items),
            number=number,
            count=len(pages_of_upcoming),
            total=len(upcoming),
        )
    pages_of_past = _paginate(past, PAST_PAGE_SIZE)
    for number, items in enumerate(pages_of_past, start=1):
        yield html_page(
            "classes/past/index.md" if number == 1 else f"classes/past/{number}/index.md",
            "classes_past.html.j2",
            {"title": _numbered("往期课程", number), "description": "已经结束的课程"},
            classes=items,
            number=number,
            count=len(pages_of_past),
            total=len(past),
        )
    for topic in catalog.site.topics:
        of_topic = [item for item in upcoming if topic.id in item.topics]
        pages_of_topic = _paginate(of_topic, UPCOMING_PAGE_SIZE)
        for number, items in enumerate(pages_of_topic, start=1):
            folder = f"classes/topics/{topic.id}/"
            yield html_page(
                f"{folder}index.md" if number == 1 else f"{folder}{number}/index.md",
                "topic.html.j2",
                {
                    "title": _numbered(f"{topic.name}：课程", number),
                    "description": f"主题为“{topic.name}”的课程",
                },
                topic=topic,
                upcoming=items,
                number=number,
                count=len(pages_of_topic),
                total=len(of_topic),
                recent=[item for item in past if topic.id in item.topics][:RECENT_PAST]
                if number == 1
                else [],
            )
    for item in catalog.classes:
        yield html_page(
            f"classes/{item.id}/index.md",
            "class.html.j2",
            {"title": item.title, "description": item.description},
            functools.partial(class_jsonld, catalog, item, site_url),
            item=item,
            centre=catalog.centres_by_id[item.centre],
            ended=item.has_ended(catalog.now),
        )


def _numbered(title: str, number: int) -> str:
    """The title of page ``number`` of a list: the first page has the plain title."""
    return title if number == 1 else f"{title}（第 {number} 页）"


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
