"""The search index of the site: sections collected from build to build, cut into words, indexed.

Every page section is cut into words by jieba with our dictionary
(:mod:`~careguide.search.segmenter`) and becomes one Pagefind record
(:mod:`~careguide.search.pagefind`); the query vocabulary for the browser
(:mod:`~careguide.search.query`) is written next to the index. Sections repeated word for word on
many pages are left out. The build stops with a clear error when the words of the index were not
cut with our dictionary.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from careguide import addresses
from careguide.errors import SearchError
from careguide.search.pagefind import write_pagefind
from careguide.search.places import write_places
from careguide.search.query import query_data, traditional_to_simplified, write_query_data
from careguide.search.sections import (
    CANCELLED,
    SearchSection,
    class_series,
    class_start,
    page_sections,
    sections_of,
)
from careguide.search.segmenter import HAN, Segmenter, place_words
from careguide.search.terms import Terms, load_terms
from careguide.store import Store, write_atomic

log = logging.getLogger("mkdocs.plugins.careguide.search")

SECTIONS_FILE = "search-sections.json"
"""The sections of the last build, in the store, for ``--dirty`` builds in a new process."""
SEPARATOR = "\u200a"
"""Between the words of a record (a hair space): Pagefind splits on it, the results drop it."""
REPEATED = 5
"""A section found word for word on this many pages is boilerplate (加入日历, 暂无课程): dropped."""
COMMON = 0.2
"""A word in this share of all records is common: the browser leaves it out of a query that has
rarer words, as it ranks little and its long list of sections costs the most bytes."""
CLASS_RECORDS = 600
"""Upcoming classes indexed as records of their own, the soonest first: each record costs every
phone's first search about 6 bytes (Pagefind's page list), so a province's 50,000 upcoming
classes cannot all be; the later ones are found in the lists of their topic and their centre."""
CLASS_WORD = "课程"
"""Said by every class record, so that 讲座, 课堂 (its synonyms) and 课程 find the classes."""
CLASS_WORDS = (
    CLASS_WORD,
    "课",
    "报名",
    "直播",
    "录播",
    "活动",
    "亲子活动",
    "父母课堂",
    "周末",
    "名额",
)
"""Words (synonyms folded) of a question that asks for classes: without one, the browser puts
class records after the other results."""


@dataclass
class _Upcoming:
    """An upcoming class kept for a record: parsed at the end of the build."""

    uri: str
    start: str
    url: str
    title: str
    html: str
    cancelled: bool
    starts: list[str] = field(default_factory=list)
    """The starts of the meetings of its series seen, cancelled ones left out."""


@dataclass
class Collector:
    """The sections of the pages rendered in this build, by page."""

    pages: dict[str, list[SearchSection]] = field(default_factory=dict)
    site_pages: set[str] | None = None
    """Every page of the site, rendered or not (``--dirty`` skips unchanged ones)."""
    classes: dict[str, _Upcoming] = field(default_factory=dict)
    """The soonest upcoming classes so far, by page or by series, parsed at the end
    (:meth:`finish`): parsing 50,000 class pages would cost a province a minute. A weekly
    series is one record, its soonest meeting that is not cancelled: the page a parent can go
    to next; eight meetings of one series would fill the first results of 有哪些直播课."""

    def add(self, page: Page, html: str, files: Files) -> None:
        if self.site_pages is None:
            self.site_pages = {file.src_uri for file in files.documentation_pages()}
        start = class_start(page, html)
        if start is None:
            self.pages[page.file.src_uri] = sections_of(page, html)
            return
        self.pages[page.file.src_uri] = []
        series = class_series(html)
        key = f"series:{series}" if series else page.file.src_uri
        title = str(page.title or "")
        found = _Upcoming(page.file.src_uri, start, page.url, title, html, CANCELLED in html)
        kept = self.classes.get(key, found)
        if not found.cancelled:
            kept.starts.append(start)
        if kept is not found:
            if (kept.cancelled, kept.start) <= (found.cancelled, found.start):
                return
            found.starts = kept.starts
        self.classes[key] = found
        if len(self.classes) >= 2 * CLASS_RECORDS:
            self._keep_soonest()

    def _keep_soonest(self) -> None:
        soonest = sorted(self.classes.items(), key=lambda item: item[1].start)[:CLASS_RECORDS]
        self.classes = dict(soonest)

    def finish(self) -> None:
        """Parse the upcoming classes kept."""
        self._keep_soonest()
        for kept in self.classes.values():
            later = " ".join(sorted(start for start in kept.starts if start > kept.start))
            self.pages[kept.uri] = [
                dataclasses.replace(section, later=later)
                for section in page_sections(kept.html, kept.url, kept.title)
            ]
        self.classes = {}


class SearchIndex:
    """The search index of the site, from build to build: the plugin keeps one.

    Pages that a ``--dirty`` build does not render again keep the sections they had, from the
    previous build in this process or, in a new process, from the store.
    """

    def __init__(self) -> None:
        self._collector = Collector()
        self._previous: dict[str, list[SearchSection]] = {}
        # Traditional → simplified characters, made on the first build that needs them.
        self._folding: dict[str, str] | None = None

    def add(self, page: Page, html: str, files: Files) -> None:
        """Remember the sections of a rendered page."""
        self._collector.add(page, html, files)

    def _sections_of_this_build(self, store: Store) -> dict[str, list[SearchSection]]:
        """Sections of every page of the site: rendered now, or kept from the previous build."""
        collector, self._collector = self._collector, Collector()
        collector.finish()
        cache = store.path(SECTIONS_FILE)
        previous = self._previous
        missing = (collector.site_pages or set()) - set(collector.pages) - set(previous)
        if missing and cache.is_file():
            stored = json.loads(cache.read_text(encoding="utf-8"))
            previous = {uri: [SearchSection(**s) for s in found] for uri, found in stored.items()}
        sections = {**previous, **collector.pages}
        if collector.site_pages is not None:
            sections = {
                uri: found for uri, found in sections.items() if uri in collector.site_pages
            }
        self._previous = sections
        stored = {uri: [vars(section) for section in found] for uri, found in sections.items()}
        chunks = json.JSONEncoder(ensure_ascii=False).iterencode(stored)
        write_atomic(cache, (chunk.encode("utf-8") for chunk in chunks))  # it can be large
        return sections

    def write(self, config: MkDocsConfig, store: Store, words: Iterable[str]) -> None:
        """Segment every section, write the Pagefind index and the query vocabulary into the
        site. ``words`` are place names from the content (the divisions), added to the
        dictionary."""
        sections = self._sections_of_this_build(store)
        if material_search_enabled(config):
            log.info("careguide search: Material's search plugin is on; Pagefind is skipped")
            return
        records = [section for page in sections.values() for section in page]
        if not records:
            raise SearchError("careguide search: no page was indexed — is the site empty?")
        started = time.perf_counter()
        terms = load_terms()
        segmenter = Segmenter([*terms.words, *terms.synonyms, *place_words(words)])
        if self._folding is None:
            self._folding = traditional_to_simplified()
        stats = build_index(
            Path(config.site_dir), records, segmenter, terms, self._folding, places=words
        )
        log.info(
            "careguide search: %d sections of %d pages, %d words, indexed in %.1f s",
            stats.records,
            len(sections),
            stats.words,
            time.perf_counter() - started,
        )


def material_search_enabled(config: MkDocsConfig) -> bool:
    """Whether Material's own search plugin is switched on instead (then Pagefind is skipped)."""
    return "material/search" in config.plugins or "search" in config.plugins


@dataclass
class IndexStats:
    """What went into the index."""

    records: int = 0
    """Sections indexed (boilerplate ones left out)."""
    words: int = 0
    """Distinct words in the index."""
    long_runs: int = 0
    """Chinese words of more than eight characters, not in our dictionary: text left uncut."""


def build_index(
    site_dir: Path,
    records: Sequence[SearchSection],
    segmenter: Segmenter,
    terms: Terms,
    folding: dict[str, str] | None = None,
    places: Iterable[str] = (),
) -> IndexStats:
    """Write the index folder (Pagefind's index, the centres' lists and the query vocabulary)
    into ``site_dir``.

    ``folding`` is the table of :func:`~careguide.search.query.traditional_to_simplified`,
    made here when not given; ``places`` are the divisions (a centre elsewhere is the city's).
    """
    output = site_dir / addresses.SEARCH_INDEX
    centres = [section for section in records if section.kind == "centre"]
    records = [section for section in records if section.kind != "centre"]
    repeated = Counter((section.title, section.text) for section in records if "#" in section.url)
    records = [
        section
        for section in records
        if "#" not in section.url or repeated[section.title, section.text] < REPEATED
    ]
    frequency: Counter[str] = Counter()
    titles = {section.url.partition("#")[0]: section.page_title for section in records}

    def payloads() -> Iterator[dict[str, Any]]:
        """Each record as it is sent to Pagefind: a province's are never all in memory."""
        for section in records:
            payload = record(section, segmenter, terms, _ancestors(section.url, titles))
            frequency.update(payload["words"])
            yield payload

    write_pagefind(output, payloads(), len(records))
    where = write_places(output, centres, segmenter, terms, places)
    vocabulary = set(frequency)
    stats = IndexStats(records=len(records), words=len(vocabulary))
    ours = set(segmenter.words)
    stats.long_runs = sum(
        1 for word in vocabulary if HAN.fullmatch(word) and len(word) > 8 and word not in ours
    )
    if stats.long_runs > max(10, len(vocabulary) // 100):
        raise SearchError(
            f"careguide search: {stats.long_runs} of {len(vocabulary)} index words are long runs "
            "of Chinese — the text was not cut into words"
        )
    common = sorted(word for word, count in frequency.items() if count >= COMMON * len(records))
    data = query_data(terms, segmenter.words, vocabulary, len(records), common, folding)
    data.update(where)
    data["class_words"] = list(CLASS_WORDS)
    class_list = addresses.url(addresses.upcoming_classes())
    data["class_list"] = [class_list, titles.get(class_list, "")]
    write_query_data(output, data)
    return stats


def _ancestors(url: str, titles: dict[str, str]) -> list[str]:
    """Titles of the pages above a section's page (``classes/x/`` is under ``classes/``)."""
    parts = url.partition("#")[0].strip("/").split("/")
    found = []
    for depth in range(len(parts) - 1, 0, -1):
        title = titles.get("/".join(parts[:depth]) + "/")
        if title:
            found.append(title)
    return found


def record(
    section: SearchSection, segmenter: Segmenter, terms: Terms, ancestors: Sequence[str] = ()
) -> dict[str, Any]:
    """The Pagefind record of a section: its words, and meta fields that are searched too.

    A page's first record has the page title as ``title``; the others have their ``heading``
    and the ``page`` title, so a page title weighs more than a section heading. ``path`` holds
    the titles of the pages above, and ``kw`` what the section means without saying it: the
    first word of each synonym group it uses (a section about 发烧 is found by 发热) and the
    shorter words inside its long words. The browser worker weighs these meta fields by name
    (``metaWeights`` in ``careguide-search-worker.js``) and shows ``title``, ``heading`` and
    ``page``. ``words`` is not sent to Pagefind: it counts the words of the index.
    """
    words = segmenter.cut(section.text)
    title = segmenter.cut(section.title)
    extra: dict[str, None] = {}
    for word in _words(title + words):
        canonical = terms.synonyms.get(word)
        if canonical and canonical != word:
            extra[canonical] = None
        for part in segmenter.parts(word):
            extra[part.lower()] = None
    if section.kind == "class":
        extra[CLASS_WORD] = None
        for start in (section.start, *section.later.split()):
            for word in when_words(start):
                extra[word] = None
    meta = {"kw": " ".join(extra)}
    # what the heading means without saying it weighs like the heading (被噎住了 → 噎呛)
    said = {*_words(title)}
    meant = [word for word in _meant(title, segmenter, terms) if word not in said]
    meant += age_words(f"{section.title} {section.page_title}")
    day = DAY.search(section.title)
    if day:  # a list of the classes of one day (近期课程)
        meant += when_words("{}-{:0>2}-{:0>2}".format(*day.groups()))
    if meant:
        meta["hkw"] = " ".join(dict.fromkeys(meant))
    if section.end:
        meta["end"] = _digits(section.end)
    if "#" in section.url:
        meta["heading"] = _join(title)
        meta["page"] = _join(segmenter.cut(section.page_title))
    else:
        meta["title"] = _join(title)
    path = [token for ancestor in ancestors for token in segmenter.cut(ancestor)]
    if path:
        meta["path"] = _join(path)
    return {
        "url": section.url,
        "content": _join(words),
        "meta": meta,
        "words": {*_words(title + words + path), *extra},
    }


def _meant(tokens: Sequence[str], segmenter: Segmenter, terms: Terms) -> Iterator[str]:
    for word in _words(tokens):
        yield terms.synonyms.get(word, word)
        for part in segmenter.parts(word):
            yield terms.synonyms.get(part.lower(), part.lower())


DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
AGE_RANGE = re.compile(r"(\d+)\s*[–~-]\s*(\d+)\s*(月龄|岁)")


def age_words(title: str) -> list[str]:
    """Words a page about an age range is found by, as the browser turns 8个月, 两岁半 and
    18月龄 into them (``ageWords`` in ``careguide-search-worker.js``): ``age0`` … ``age36``, a
    word for each month of age from the start of the range to its end (6–12 月龄: age6 … age12)."""
    found: list[str] = []
    for low, high, unit in AGE_RANGE.findall(title):
        months = 12 if unit == "岁" else 1
        start, end = int(low) * months, int(high) * months
        if end - start < 36:  # not 0–3 岁, the whole handbook
            found += [f"age{month}" for month in range(start, end + 1)]
    return found


def when_words(start: str) -> list[str]:
    """Words a class is found by for its date, as the browser turns 12月, 下个月, 本周 and 周末
    into them (``dateWords`` in ``careguide-search-worker.js``): ``ym202612`` (the month),
    ``yw202649`` (the ISO week) and 周末 (Saturday or Sunday)."""
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:
        return []
    year, week, weekday = moment.isocalendar()
    words = [f"ym{moment:%Y%m}", f"yw{year}{week:02d}"]
    return [*words, "周末"] if weekday >= 6 else words


def _digits(moment: str) -> str:
    """``2026-12-05T16:30+08:00`` → ``202612051630``: one word, compared as text in the browser."""
    return "".join(char for char in moment[:16] if char.isdigit())


def _join(tokens: Sequence[str]) -> str:
    return SEPARATOR.join(" " if token.isspace() else token for token in tokens)


def _words(tokens: Iterable[str]) -> Iterator[str]:
    for token in tokens:
        if token.strip() and (token[0].isalnum() or HAN.match(token)):
            yield token.lower()
