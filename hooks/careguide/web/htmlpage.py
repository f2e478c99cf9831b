"""The MkDocs page of an :class:`careguide.web.pages.HtmlPage`: no Markdown, body rendered late.

MkDocs reads and converts every page first and writes them all afterwards, holding every
page's HTML in between. A page per class and per centre would make that the bulk of a
province's build time and memory, so these pages skip Markdown (their templates write HTML)
and render their body only in :meth:`GeneratedHtmlPage.fill`, called just before MkDocs
writes the page, and drop it right after (:meth:`GeneratedHtmlPage.release`).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from careguide.web.pages import HtmlPage

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
