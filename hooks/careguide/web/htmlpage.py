"""Pages whose templates write HTML: :class:`HtmlPage` (what careguide renders) and
:class:`GeneratedHtmlPage` (the MkDocs page that holds it: no Markdown, body rendered late).

MkDocs reads and converts every page first and writes them all afterwards, holding every
page's HTML in between. A page per class and per centre would make that the bulk of a
province's build time and memory, so these pages skip Markdown (their templates write HTML)
and render their body only in :meth:`GeneratedHtmlPage.fill`, called just before MkDocs
writes the page, and drop it right after (:meth:`GeneratedHtmlPage.release`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from careguide import addresses
from careguide.errors import Origin


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
    kind: str
    """What the page is, named in a collision error (课程页面)."""
    origin: Origin | None
    """The record the page is made from; None for a page of the whole site (a list)."""
    meta: dict[str, Any]
    """Front matter: title and description (HTML-escaped, as Material prints them), template."""
    template: jinja2.Template
    context: dict[str, Any]
    """The template's own variables; the ones shared by every page are in ``template.globals``."""
    jsonld: Callable[[], str] | None = None

    def render(self) -> RenderedHtml:
        """The body, with ``heading(level, id, text)`` and ``link(target)`` for the template."""
        heading = _Headings()
        body = self.template.render(**self.context, heading=heading, link=self.link)
        return RenderedHtml(body, heading.toc, {"jsonld": self.jsonld()} if self.jsonld else {})

    def link(self, target: str) -> str:
        """The link from this page to ``target`` (an address from :mod:`careguide.addresses`)."""
        return addresses.relative(target, self.src_uri)


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


_NO_TOC = get_toc([])
"""The table of contents of a page that is not rendered yet, or no longer (shared)."""


class GeneratedHtmlPage(Page):
    """A page MkDocs treats like any other, whose content careguide fills in when it is written."""

    def __init__(self, file: File, config: MkDocsConfig, source: HtmlPage) -> None:
        self.source = source
        super().__init__(None, file, config)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = self.source.meta  # shared until fill(): nothing changes it before

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = _NO_TOC

    def fill(self) -> str:
        """Render the body, table of contents and late meta (JSON-LD); return the body."""
        rendered = self.source.render()
        self.content = rendered.html
        self.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
        self.meta = {**self.source.meta, **rendered.meta}
        return rendered.html

    def release(self) -> None:
        """Forget the body once the page is written."""
        self.content = ""
        self.toc = _NO_TOC
        self.meta = self.source.meta
