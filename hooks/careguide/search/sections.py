"""A rendered page cut into search records: one per section, a heading and the text under it.

One search record is one section of a page (an ``h1``/``h2`` heading with an ``id`` and the text
under it, up to the next one), so results link to ``page/#section``. Page parts that say the same
on many pages (source lists, notices, buttons) are left out of the text. The printable posters,
the lists of past classes and the pages of single classes are not indexed at all: a class is
found in its centre's and its topic's lists, which keeps a province's index small enough for a
phone. A page can ask to be one record (``search: {one_record: true}``, a centre page) or none
(``search: {exclude: true}``) in its front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from mkdocs.structure.pages import Page

SKIPPED_CLASSES = frozenset(
    {"headerlink", "cg-sources", "cg-example-data", "cg-example", "cg-disclaimer", "cg-qr"}
    | {"md-button"}
)
"""Page parts that say the same on many pages (source lists, notices, buttons): not indexed."""
SKIPPED_TAGS = frozenset({"script", "style", "svg", "template", "button", "form"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "dt", "dd", "dl", "br", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "details", "summary", "pre", "section"}
)
SECTION_HEADINGS = frozenset({"h1", "h2"})
EXCLUDED_PAGES = (
    re.compile(r"^centres/[^/]+/poster/$"),  # the printable copy of a centre page
    re.compile(r"^classes/past/"),  # lists of past classes
    re.compile(r"^classes/topics/[^/]+/\d+/$"),  # a topic's further pages: in /classes/ too
    # One page per class would be most of a province's index (50,000 records, whose list alone
    # is 300 KB for a phone to load); a class is found in the lists that link to it: its
    # centre's 近期课程 and 最近结束的课程, its topic, and the list of upcoming classes.
    re.compile(r"^classes/(?!topics/|past/)[^/]+/$"),
    re.compile(r"^404\.html$"),
)
MAX_TEXT = 4000
"""Characters of a section that are indexed: a long list (all classes of a day) stays cheap to
show in the results, whose excerpt comes from the indexed text."""
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class SearchSection:
    """One search record: a heading of a page and the text under it, up to the next heading.

    Not :class:`careguide.content.books.Section`, a section of a book's content.
    """

    url: str
    """Relative to the site root: ``handbook/feeding/#complementary-foods``."""
    page_title: str
    title: str
    text: str


class _SectionParser(HTMLParser):
    """Split a page's HTML at its ``h1``/``h2`` headings, leaving out repeated page parts."""

    def __init__(self, page_url: str, page_title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.page_title = page_title
        self.sections: list[SearchSection] = []
        self._stack: list[tuple[str, bool]] = []
        self._anchor = ""
        self._title = page_title
        self._text: list[str] = []
        self._heading: list[str] | None = None

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skip = (
            self._skipping
            or tag in SKIPPED_TAGS
            or bool(classes & SKIPPED_CLASSES)
            or "data-search-exclude" in attributes
            or "data-pagefind-ignore" in attributes
        )
        if tag in SECTION_HEADINGS and attributes.get("id") and not self._skipping:
            if tag == "h1" and not self.sections:
                self._anchor = ""  # text above the page title belongs to the page's first record
            else:
                self._flush()
                self._anchor = str(attributes["id"])
            self._heading = []
        if tag in BLOCK_TAGS and not skip:
            self._write("\n")
        if tag not in VOID_TAGS:
            self._stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break
        if tag in SECTION_HEADINGS and self._heading is not None:
            self._title = _squash("".join(self._heading)) or self.page_title
            self._heading = None
        if tag in BLOCK_TAGS:
            self._write("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._write(data)

    def _write(self, text: str) -> None:
        (self._heading if self._heading is not None else self._text).append(text)

    def _flush(self) -> None:
        text = _squash(URL.sub("", "".join(self._text)))[:MAX_TEXT]
        url = f"{self.page_url}#{self._anchor}" if self._anchor else self.page_url
        if text or self._anchor:
            self.sections.append(SearchSection(url, self.page_title, self._title, text))
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


def _squash(text: str) -> str:
    """Collapse runs of spaces; keep single line breaks between blocks as spaces."""
    return re.sub(r"\s+", " ", text).strip()


def page_sections(html: str, page_url: str, page_title: str) -> list[SearchSection]:
    """The search records of one page, from its rendered content."""
    parser = _SectionParser(page_url, page_title)
    parser.feed(html)
    parser.close()
    return [section for section in parser.sections if section.text or section.title]


def sections_of(page: Page, html: str) -> list[SearchSection]:
    """The search records of a rendered page: none if it is not indexed, else one per section,
    or one for the whole page if its front matter asks for it."""
    if not is_indexed(page):
        return []
    sections = page_sections(html, page.url, str(page.title or ""))
    if sections and _one_record(page):
        sections = [_joined(sections)]
    return sections


def is_indexed(page: Page) -> bool:
    """Whether a page goes into the search index (not posters, past lists or error pages)."""
    meta = page.meta.get("search")
    if isinstance(meta, dict) and meta.get("exclude"):
        return False
    return not any(pattern.search(page.file.url) for pattern in EXCLUDED_PAGES)


def _one_record(page: Page) -> bool:
    """Whether a page is indexed as one record (``search: {one_record: true}``)."""
    meta = page.meta.get("search")
    return isinstance(meta, dict) and bool(meta.get("one_record"))


def _joined(sections: list[SearchSection]) -> SearchSection:
    """The sections of a page as one record that leads to the top of the page."""
    first = sections[0]
    parts = [first.text] + [f"{s.title} {s.text}" for s in sections[1:] if s.text]
    text = " ".join(part for part in parts if part)[:MAX_TEXT]
    return SearchSection(first.url.partition("#")[0], first.page_title, first.title, text)
