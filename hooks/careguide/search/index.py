"""Site search: every page section cut into words by jieba with our dictionary, indexed by Pagefind.

Chinese has no spaces, so a search index needs a word segmenter. The built-in MkDocs/Material
search ships the whole index to the browser (megabytes at province scale); Pagefind splits its
index into small chunks and a phone downloads only the chunks of the words it looks for. We do the
segmentation ourselves, at build time, with jieba and the domain words in ``terms.yml``
(辅食, 月龄, 晨午检, 托育机构 …), and hand Pagefind text whose words are already separated. The
browser side (``theme/assets/javascripts/careguide-search*.js``) cuts the visitor's query with
the same dictionary, folds traditional characters to simplified, corrects frequent typos and maps
synonyms, using the small ``careguide-query.json`` written next to the index.

One search record is one section of a page (a heading with an ``id`` and the text under it), so
results link to ``page/#section``. Sections repeated word for word on many pages, the printable
posters, the lists of past classes and the pages of single classes are left out: a class is found
in its centre's and its topic's lists, which keeps a province's index small enough for a phone.
The build stops with a clear error when the segmenter or the indexer is missing, or when the
words were not cut with our dictionary.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from careguide.errors import SearchError
from careguide.store import Store, write_atomic

log = logging.getLogger("mkdocs.plugins.careguide.search")

TERMS_FILE = Path(__file__).with_name("terms.yml")
INDEX_FOLDER = "pagefind"
"""Where the index goes in the built site."""
QUERY_DATA = "careguide-query.json"
"""The query-side vocabulary, written into :data:`INDEX_FOLDER`."""
LANGUAGE = "und"
"""The language the records are indexed as. Not ``zh``: Pagefind would cut our words again,
with its own dictionary, at build time and in the browser (Intl.Segmenter)."""
SEPARATOR = "\u200a"
"""Between the words of a record (a hair space): Pagefind splits on it, the results drop it."""
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
OTHER_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)*|\s+|.", re.DOTALL)
CANARY = ("托育机构每天做晨午检", ("托育机构", "晨午检"))
"""A sentence and words it must yield when our dictionary is in use."""

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
REPEATED = 5
"""A section found word for word on this many pages is boilerplate (加入日历, 暂无课程): dropped."""
COMMON = 0.2
"""A word in this share of all records is common: the browser leaves it out of a query that has
rarer words, as it ranks little and its long list of sections costs the most bytes."""
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
PAGEFIND_EXTRAS = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)
"""Pagefind's own interfaces, unused: careguide's search box talks to ``pagefind.js``."""


@dataclass(frozen=True)
class Terms:
    """The search vocabulary of ``terms.yml``."""

    words: tuple[str, ...]
    synonyms: dict[str, str]
    """Each word of a group → the group's first word."""
    stopwords: tuple[str, ...]
    typos: dict[str, str]


def load_terms(path: Path = TERMS_FILE) -> Terms:
    """Read and check ``terms.yml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"terms", "synonyms", "stopwords", "typos"}:
        raise SearchError(f"{path}: expected the keys terms, synonyms, stopwords and typos")
    synonyms: dict[str, str] = {}
    for group in data["synonyms"]:
        words = [str(word).lower() for word in group]
        for word in words:
            if word in synonyms:
                raise SearchError(f"{path}: “{word}” is in two synonym groups — keep it in one")
            synonyms[word] = words[0]
    return Terms(
        words=tuple(str(word) for word in data["terms"]),
        synonyms=synonyms,
        stopwords=tuple(str(word) for word in data["stopwords"]),
        typos={str(wrong): str(right) for wrong, right in data["typos"].items()},
    )


class Segmenter:
    """jieba with the default dictionary plus ours; checks at once that ours is in use."""

    def __init__(self, words: Iterable[str]) -> None:
        try:
            import jieba
        except ImportError:
            raise SearchError(
                "careguide search: jieba is not installed, so Chinese cannot be cut into words — "
                "install the project's dependencies (`pip install -e .`)"
            ) from None
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self.words = tuple(dict.fromkeys(word for word in words if HAN.fullmatch(word)))
        for word in self.words:
            self._jieba.add_word(word)
        self._runs: dict[str, tuple[str, ...]] = {}
        self._parts: dict[str, tuple[str, ...]] = {}
        sentence, expected = CANARY
        found = self.cut(sentence)
        if not all(word in found for word in expected):
            raise SearchError(
                f"careguide search: word segmentation is not active — jieba cut {sentence!r} "
                f"into {list(found)}, expected {list(expected)} from terms.yml"
            )

    def cut(self, text: str) -> list[str]:
        """Words, spaces and punctuation of ``text``, in order; joined they give ``text``."""
        tokens: list[str] = []
        position = 0
        for match in HAN.finditer(text):
            tokens.extend(OTHER_TOKEN.findall(text[position : match.start()]))
            tokens.extend(self._cut_han(match.group()))
            position = match.end()
        tokens.extend(OTHER_TOKEN.findall(text[position:]))
        return tokens

    def _cut_han(self, run: str) -> tuple[str, ...]:
        words = self._runs.get(run)
        if words is None:
            # Without HMM, unknown words fall apart into characters instead of being guessed:
            # the same text always gives the same words, here and in the browser.
            words = self._runs[run] = tuple(self._jieba.cut(run, HMM=False))
        return words

    def parts(self, word: str) -> tuple[str, ...]:
        """Shorter dictionary words inside a long word (托育机构 → 托育, 机构)."""
        parts = self._parts.get(word)
        if parts is None:
            found = self._jieba.cut_for_search(word, HMM=False) if len(word) > 3 else ()
            parts = self._parts[word] = tuple(p for p in found if p != word and len(p) > 1)
        return parts


@dataclass(frozen=True)
class Section:
    """One search record: a heading of a page and the text under it, up to the next heading."""

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
        self.sections: list[Section] = []
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
            self.sections.append(Section(url, self.page_title, self._title, text))
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


def _squash(text: str) -> str:
    """Collapse runs of spaces; keep single line breaks between blocks as spaces."""
    return re.sub(r"\s+", " ", text).strip()


def page_sections(html: str, page_url: str, page_title: str) -> list[Section]:
    """The search records of one page, from its rendered content."""
    parser = _SectionParser(page_url, page_title)
    parser.feed(html)
    parser.close()
    return [section for section in parser.sections if section.text or section.title]


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


def _joined(sections: list[Section]) -> Section:
    """The sections of a page as one record that leads to the top of the page."""
    first = sections[0]
    parts = [first.text] + [f"{s.title} {s.text}" for s in sections[1:] if s.text]
    text = " ".join(part for part in parts if part)[:MAX_TEXT]
    return Section(first.url.partition("#")[0], first.page_title, first.title, text)


@dataclass
class Collector:
    """The sections of the pages rendered in this build, by page."""

    pages: dict[str, list[Section]] = field(default_factory=dict)
    site_pages: set[str] | None = None
    """Every page of the site, rendered or not (``--dirty`` skips unchanged ones)."""

    def add(self, page: Page, html: str, files: Files) -> None:
        if self.site_pages is None:
            self.site_pages = {file.src_uri for file in files.documentation_pages()}
        indexed = is_indexed(page)
        sections = page_sections(html, page.url, str(page.title or "")) if indexed else []
        if sections and _one_record(page):
            sections = [_joined(sections)]
        self.pages[page.file.src_uri] = sections


class SearchIndex:
    """The search index of the site, from build to build: the plugin keeps one.

    Pages that a ``--dirty`` build does not render again keep the sections they had, from the
    previous build in this process or, in a new process, from the store.
    """

    def __init__(self) -> None:
        self._collector = Collector()
        self._previous: dict[str, list[Section]] = {}

    def add(self, page: Page, html: str, files: Files) -> None:
        """Remember the sections of a rendered page."""
        self._collector.add(page, html, files)

    def _sections_of_this_build(self, store: Store) -> dict[str, list[Section]]:
        """Sections of every page of the site: rendered now, or kept from the previous build."""
        collector, self._collector = self._collector, Collector()
        cache = store.path("search-sections.json")
        previous = self._previous
        missing = (collector.site_pages or set()) - set(collector.pages) - set(previous)
        if missing and cache.is_file():
            stored = json.loads(cache.read_text(encoding="utf-8"))
            previous = {uri: [Section(**s) for s in found] for uri, found in stored.items()}
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
        stats = build_index(Path(config.site_dir), records, segmenter, terms)
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


def place_words(names: Iterable[str]) -> list[str]:
    """Place names and their short forms, short ones first: 新乐, 新乐市; 正定, 正定县."""
    names = list(names)
    stems = [name[:-1] for name in names if len(name) == 3 and name[-1] in "省市县区镇乡"]
    return [*stems, *names]


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
    site_dir: Path, records: Sequence[Section], segmenter: Segmenter, terms: Terms
) -> IndexStats:
    """Write ``pagefind/`` (index and query vocabulary) into ``site_dir``."""
    output = site_dir / INDEX_FOLDER
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

    if output.exists():
        shutil.rmtree(output)
    _write_pagefind(output, payloads(), len(records))
    _check_output(output, len(records))
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
    for name in PAGEFIND_EXTRAS:
        (output / name).unlink(missing_ok=True)
    common = sorted(word for word, count in frequency.items() if count >= COMMON * len(records))
    data = query_data(terms, segmenter.words, vocabulary, len(records), common)
    (output / QUERY_DATA).write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
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
    section: Section, segmenter: Segmenter, terms: Terms, ancestors: Sequence[str] = ()
) -> dict[str, Any]:
    """The Pagefind record of a section: its words, and meta fields that are searched too.

    A page's first record has the page title as ``title``; the others have their ``heading``
    and the ``page`` title, so a page title weighs more than a section heading. ``path`` holds
    the titles of the pages above, and ``kw`` what the section means without saying it: the
    first word of each synonym group it uses (a section about 发烧 is found by 发热) and the
    shorter words inside its long words.
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
    meta = {"kw": " ".join(extra)}
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


def _join(tokens: Sequence[str]) -> str:
    return SEPARATOR.join(" " if token.isspace() else token for token in tokens)


def _words(tokens: Iterable[str]) -> Iterator[str]:
    for token in tokens:
        if token.strip() and (token[0].isalnum() or HAN.match(token)):
            yield token.lower()


def _write_pagefind(output: Path, payloads: Iterable[dict[str, Any]], count: int) -> None:
    """Index the records with ``pagefind --service`` and write the bundle into ``output``.

    This speaks the protocol of Pagefind's own Python and Node APIs (base64 JSON messages, each
    ended by a comma) but sends every record at once: the Python API waits 0.1 s per answer, which
    is 80 minutes for a province's 50,000 class pages.
    """
    process = subprocess.Popen(
        [str(_pagefind_executable()), "--service"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    service = _Service(process.stdin, process.stdout)
    try:
        index_id = service.call({"type": "NewIndex", "config": {}})["index_id"]
        requests = (
            {
                "type": "AddRecord",
                "index_id": index_id,
                "url": payload["url"],
                "content": payload["content"],
                "language": LANGUAGE,
                "meta": payload["meta"],
            }
            for payload in payloads
        )
        service.call_many(requests, count)
        # The bundle comes back in the answer and is written here: WriteFiles answers before
        # the service has always finished writing, and closing its input can cut a file short.
        bundle = service.call({"type": "GetFiles", "index_id": index_id})["files"]
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    for file in bundle:
        path = output / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))


def _pagefind_executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchError(
            "careguide search: Pagefind is not installed — `pip install 'pagefind[bin]'`"
        ) from None
    executable = get_executable()
    if executable is None:
        raise SearchError(
            "careguide search: the Pagefind program is missing — `pip install 'pagefind[bin]'`"
        )
    return executable


class _Service:
    """Requests to, and answers from, a running ``pagefind --service``."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self._stdin = stdin
        self._stdout = stdout
        self._buffer = b""
        self._next_id = 0

    def _send(self, payload: dict[str, Any]) -> None:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        self._stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")

    def _receive(self) -> dict[str, Any]:
        # The bundle comes as one message of tens of megabytes: gather its pieces, join once.
        pieces = [self._buffer]
        while b"," not in pieces[-1]:
            chunk = self._stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                raise SearchError("careguide search: Pagefind stopped unexpectedly")
            pieces.append(chunk)
        message, _, self._buffer = b"".join(pieces).partition(b",")
        del pieces
        payload: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise SearchError(f"careguide search: Pagefind failed — {payload.get('message')}")
        return payload

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._send(payload)
        self._stdin.flush()
        return self._receive()

    def call_many(self, payloads: Iterable[dict[str, Any]], count: int) -> None:
        """Send from a thread while the answers are read here, so neither pipe fills up."""
        errors: list[BaseException] = []

        def send_all() -> None:
            try:
                for payload in payloads:
                    self._send(payload)
                self._stdin.flush()
            except BaseException as error:  # reported below, in the building thread
                errors.append(error)

        sender = threading.Thread(target=send_all, daemon=True)
        sender.start()
        try:
            for _ in range(count):
                self._receive()
        finally:
            sender.join()
        if errors:
            raise SearchError(f"careguide search: sending to Pagefind failed — {errors[0]}")


def _check_output(output: Path, count: int) -> None:
    """Pagefind indexed every record as pre-cut text, in one index."""
    entry_file = output / "pagefind-entry.json"
    if not entry_file.is_file():
        raise SearchError(f"careguide search: Pagefind wrote no index into {output}")
    languages = json.loads(entry_file.read_text(encoding="utf-8"))["languages"]
    if set(languages) != {LANGUAGE} or languages[LANGUAGE]["page_count"] != count:
        raise SearchError(
            f"careguide search: expected one index of {count} records in language {LANGUAGE!r}, "
            f"Pagefind wrote {languages}"
        )


def query_data(
    terms: Terms,
    words: Iterable[str],
    vocabulary: Iterable[str],
    records: int,
    common: Sequence[str] = (),
) -> dict[str, Any]:
    """What the browser needs to treat a query the way the build treated the text."""
    lexicon = {*words, *terms.synonyms, *terms.stopwords, *terms.typos.values()}
    characters = {char for word in (*vocabulary, *lexicon) for char in word if HAN.match(char)}
    folding = traditional_to_simplified()
    return {
        "t2s": "".join(t + s for t, s in folding.items() if s in characters),
        "lexicon": sorted(word for word in lexicon if HAN.fullmatch(word) and len(word) > 1),
        "synonyms": {word: group for word, group in terms.synonyms.items() if word != group},
        "stopwords": list(terms.stopwords),
        "typos": terms.typos,
        "records": records,
        "common": list(common),
    }


@cache
def traditional_to_simplified() -> dict[str, str]:
    """Traditional character → simplified one, from OpenCC's ``t2s`` tables."""
    try:
        import opencc
    except ImportError:
        raise SearchError(
            "careguide search: OpenCC is not installed, so traditional characters cannot be "
            "folded — `pip install opencc`"
        ) from None
    converter = opencc.OpenCC("t2s")
    characters = [chr(code) for code in range(0x3400, 0xA000)]
    simplified = converter.convert("\n".join(characters)).split("\n")
    if len(simplified) != len(characters):
        raise SearchError("careguide search: OpenCC changed the number of characters")
    return {t: s for t, s in zip(characters, simplified, strict=True) if len(s) == 1 and s != t}
