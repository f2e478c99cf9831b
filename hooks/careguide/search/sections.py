"""A rendered page cut into search records: one per section, a heading and the text under it.

One search record is one section of a page (an ``h1``/``h2`` heading with an ``id`` and the text
under it, up to the next one), so results link to ``page/#section``. Page parts that say the same
on many pages (source lists, notices, buttons) are left out of the text. The printable posters,
the lists of past classes and the pages of classes that have ended are not indexed at all. A page
can ask to be one record (``search: {one_record: true}``) or none (``search: {exclude: true}``)
in its front matter.

Two kinds of page say what they are with Pagefind's own attributes, and become one record each:

- a centre page names its place (``data-pagefind-filter="place:长安区"``): it goes into the small
  list of its place (:mod:`~careguide.search.places`), not into the full-text index;
- an upcoming class names its start and end (``data-pagefind-sort="start:…"``,
  ``data-pagefind-meta="end:…"``); a class that has ended carries neither and is found in the
  lists that link to it (its topic, its centre). A meeting of a weekly series also names its
  series (``data-pagefind-filter="series:…"``): a series is one record, its soonest meeting
  (:class:`~careguide.search.index.Collector`).
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
    re.compile(r"^classes/upcoming/\d+/$"),  # further pages of 近期课程: their classes have pages
    re.compile(r"^404\.html$"),
)
CLASS_PAGE = re.compile(r"^classes/(?!topics/|past/)[^/]+/$")
"""A class's own page: indexed while the class is upcoming (it carries :data:`START`)."""
START = re.compile(r'data-pagefind-sort="start:([^"]+)"')
SERIES = re.compile(r'data-pagefind-filter="series:([^"]+)"')
CANCELLED = "cg-cancelled-notice"
"""The notice of a cancelled class (``class.html.j2``)."""
FACTS = (
    ("data-pagefind-filter", "place:"),
    ("data-pagefind-sort", "start:"),
    ("data-pagefind-meta", "end:"),
)
"""Pagefind's attributes that say what a page is, and the value each begins with."""
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
    kind: str = ""
    """``centre`` or ``class`` (see the module's docstring), else empty."""
    place: str = ""
    """A centre's place (a division, or the city for the city's own centre)."""
    start: str = ""
    """An upcoming class's start and end, ISO 8601 as the page says them."""
    end: str = ""
    later: str = ""
    """The starts of the later meetings of a series (space-separated): its record is found by
    their dates too."""


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
        self.facts: dict[str, str] = {}
        """What the page says of itself in Pagefind's attributes (place, start, end)."""

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, prefix in FACTS:
            value = attributes.get(name) or ""
            if value.startswith(prefix):
                self.facts[prefix[:-1]] = value[len(prefix) :]
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
    """The search records of one page, from its rendered content; a centre page or an upcoming
    class is one record of its kind."""
    parser = _SectionParser(page_url, page_title)
    parser.feed(html)
    parser.close()
    sections = [section for section in parser.sections if section.text or section.title]
    facts = parser.facts
    if sections and ("place" in facts or "start" in facts):
        kind = "centre" if "place" in facts else "class"
        # a class's first section has all it says; the rest (加入日历) is the same on every class
        whole = _joined(sections) if kind == "centre" else sections[0]
        extra = {key: facts.get(key, "") for key in ("place", "start", "end")}
        sections = [
            SearchSection(whole.url, whole.page_title, whole.title, whole.text, kind, **extra)
        ]
    return sections


def sections_of(page: Page, html: str) -> list[SearchSection]:
    """The search records of a rendered page: none if it is not indexed, else one per section,
    or one for the whole page if its front matter asks for it."""
    if not is_indexed(page, html):
        return []
    sections = page_sections(html, page.url, str(page.title or ""))
    if sections and _one_record(page):
        sections = [_joined(sections)]
    return sections


def class_start(page: Page, html: str) -> str | None:
    """When an upcoming class starts, if ``page`` is one (cheap: no parsing)."""
    if not CLASS_PAGE.search(page.file.url):
        return None
    found = START.search(html)
    return found.group(1) if found else None


def class_series(html: str) -> str:
    """The series an upcoming class is a meeting of, or empty (cheap: no parsing)."""
    found = SERIES.search(html)
    return found.group(1) if found else ""


def is_indexed(page: Page, html: str = "") -> bool:
    """Whether a page goes into the search index (not posters, past lists, classes that have
    ended or error pages)."""
    meta = page.meta.get("search")
    if isinstance(meta, dict) and meta.get("exclude"):
        return False
    if CLASS_PAGE.search(page.file.url) and not START.search(html):
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
    return SearchSection(
        first.url.partition("#")[0], first.page_title, first.title, text, *_kind(first)
    )


def _kind(section: SearchSection) -> tuple[str, str, str, str]:
    return section.kind, section.place, section.start, section.end
