"""Search: Chinese segmentation at build time, and the real search box of the built site.

The query set (``search_queries.yml``) is typed into the search box of the demo site in headless
Chromium; the expected page must be among the first five pages of results. The same helpers
measure what a phone downloads for its first search (``bench/search_bench.py`` uses them too).
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort
from playwright.sync_api import Browser
from playwright.sync_api import Page as Tab

from browser import chromium
from careguide.content.fields import SHANGHAI
from careguide.search.index import age_words, record
from careguide.search.pagefind import LANGUAGE
from careguide.search.query import traditional_to_simplified
from careguide.search.sections import SearchSection, page_sections
from careguide.search.segmenter import Segmenter
from careguide.search.terms import load_terms
from helpers import build_project

QUERIES = Path(__file__).with_name("search_queries.yml")
RESULT = "[data-cg-search-result]"
DEMO_FIRST_SEARCH_BUDGET = 200_000
"""Bytes (as a gzip-serving web server sends them) of the demo's first search on a cold cache:
a guard against regressions; the province-scale budget (300 KB) is checked by the benchmark."""


SEARCHED_AT = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
"""The phone's clock while the query set is typed in: the demo's build day (本周, 下个月 and the
classes that have ended follow the phone's clock)."""


@dataclass(frozen=True)
class Query:
    """A question, the page that answers it (and the section), and other pages that do too."""

    q: str
    page: str
    area: str
    section: str | None = None
    also: tuple[str, ...] = ()
    written: str = "2026-11"
    """When the question was written: recall is reported per batch, each written before the
    content and ranking it tests were tuned."""

    @property
    def pages(self) -> set[str]:
        return {self.page, *self.also}


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The query set: each question with the page that answers it."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [Query(**{**item, "also": tuple(item.get("also", ()))}) for item in items]


@dataclass
class Transfer:
    """Bytes sent by :func:`serve_counting`, by path, since the last :meth:`reset`."""

    sent: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent[path] = self.sent.get(path, 0) + size

    def reset(self) -> None:
        with self.lock:
            self.sent.clear()

    def total(self) -> int:
        with self.lock:
            return sum(self.sent.values())


COMPRESSIBLE = {".html", ".js", ".json", ".css", ".svg", ".txt", ".xml"}


class _CountingHandler(SimpleHTTPRequestHandler):
    """A static server like a production one: gzip for text, byte counts per path."""

    transfer: Transfer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self.transfer.add(urlsplit(self.path).path, len(data))
        outputfile.write(data)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self) -> bytes:
        return self.data

    def close(self) -> None:
        pass


@contextmanager
def serve_counting(directory: Path) -> Iterator[tuple[str, Transfer]]:
    """Serve a built site on a free loopback port, counting the bytes of every response."""
    transfer = Transfer()
    handler = type("Handler", (_CountingHandler,), {"transfer": transfer})
    serving = functools.partial(handler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), serving)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", transfer
    finally:
        server.shutdown()
        server.server_close()


def open_search(tab: Tab) -> None:
    """Open the search box the way a visitor does: the magnifier (phone) or the box (desktop)."""
    magnifier = tab.locator("label.md-header__button[for=__search]")
    if magnifier.is_visible():
        magnifier.click()
    else:
        tab.click("[data-cg-search-input]")
    tab.wait_for_selector("[data-cg-search-input]:focus")


def new_tab(browser: Browser, at: datetime = SEARCHED_AT) -> Tab:
    """A tab with an empty cache, in Beijing time, its clock pinned to ``at``."""
    context = browser.new_context(timezone_id="Asia/Shanghai")
    tab = context.new_page()
    tab.clock.set_fixed_time(at)
    return tab


def ask(tab: Tab, query: str, base: str) -> list[str]:
    """Type a query into the open search box; the result links, relative to the site root."""
    tab.fill("[data-cg-search-input]", query)
    tab.wait_for_function(
        f"q => {{ const r = document.querySelector('{RESULT}');"
        " return r.dataset.cgSearchQuery === q && r.dataset.cgSearchState === 'done'; }",
        arg=query,
        timeout=15_000,
    )
    links = tab.eval_on_selector_all("[data-cg-search-list] a", "links => links.map(a => a.href)")
    return [link.removeprefix(base) for link in links]


def pages_of(links: list[str]) -> list[str]:
    """Distinct pages of result links, in order."""
    return list(dict.fromkeys(urldefrag(link).url for link in links))


def test_the_query_set_is_large_and_covers_the_site(demo_site: Path) -> None:
    queries = load_queries()
    assert len(queries) >= 150
    assert {query.area for query in queries} == {"handbook", "hygiene", "centres", "classes"}
    for query in queries:
        assert all((demo_site / page / "index.html").is_file() for page in query.pages), query
        page = demo_site / query.page / "index.html"
        if query.section:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert soup.find(id=query.section), query


def test_parents_questions_find_their_page_in_the_first_five(demo_site: Path) -> None:
    queries = load_queries()
    missed = []
    first = 0
    with serve_counting(demo_site) as (base, _), chromium() as browser:
        tab = new_tab(browser)
        tab.goto(base + "handbook/")
        open_search(tab)
        for query in queries:
            top = pages_of(ask(tab, query.q, base))[:5]
            first += bool(top) and top[0] in query.pages
            if not query.pages & set(top):
                missed.append(f"{query.q} → expected {query.page}, got {top}")
    recall = 1 - len(missed) / len(queries)
    assert recall >= 0.95, "\n".join(missed)
    assert first / len(queries) >= 0.85  # the best answer first (bench/search_bench.py)


def test_results_point_to_sections(demo_site: Path) -> None:
    with serve_counting(demo_site) as (base, _), chromium() as browser:
        tab = browser.new_page()
        tab.goto(base)
        open_search(tab)
        links = ask(tab, "发烧吃退烧药", base)
        assert links[0] == "handbook/common-illness/#fever-care"
        tab.click("[data-cg-search-list] a >> nth=0")
        tab.wait_for_url("**/handbook/common-illness/#fever-care")
        assert not tab.is_checked("#__search")


def test_traditional_characters_typos_and_synonyms_meet(demo_site: Path) -> None:
    with serve_counting(demo_site) as (base, _), chromium() as browser:
        tab = browser.new_page()
        tab.goto(base)
        open_search(tab)
        for variant in ("宝宝发烧", "寶寶發燒", "婴儿发热", "孩子发热"):
            ask(tab, variant, base)
            terms = tab.get_attribute(RESULT, "data-cg-search-terms")
            assert terms == "孩子 发热", variant
        assert ask(tab, "拉肚子", base)[0] == ask(tab, "腹泻", base)[0]
        assert ask(tab, "幅食", base) == ask(tab, "辅食", base)


def test_first_search_downloads_little_and_only_from_the_site(demo_site: Path) -> None:
    with serve_counting(demo_site) as (base, transfer), chromium() as browser:
        tab = browser.new_page()
        hosts: set[str] = set()
        tab.context.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        tab.goto(base + "handbook/", wait_until="networkidle")
        assert not any(path.startswith("/pagefind/") for path in transfer.sent)
        transfer.reset()
        open_search(tab)
        ask(tab, "宝宝发烧38度怎么办", base)
        sent = dict(transfer.sent)
    assert hosts == {urlsplit(base).netloc}
    assert "/pagefind/pagefind.js" in sent and "/pagefind/careguide-query.json" in sent
    assert sum(sent.values()) < DEMO_FIRST_SEARCH_BUDGET, json.dumps(sent, indent=1)


def test_a_class_that_ended_since_the_build_goes_last(demo_site: Path) -> None:
    """The demo is built on 1 December; the weekly live Q&A first meets on 2 December,
    19:30–20:15. A phone whose clock says 3 December puts that meeting after every other result:
    its page still says it is to come."""
    meeting = "classes/2026-12-02-yuhua-wednesday-feeding-live/"
    found = {}
    with serve_counting(demo_site) as (base, _), chromium() as browser:
        for day in (1, 3):
            tab = new_tab(browser, datetime(2026, 12, day, 10, 0, tzinfo=SHANGHAI))
            tab.goto(base + "handbook/")
            open_search(tab)
            found[day] = pages_of(ask(tab, "喂养答疑直播", base))
            tab.context.close()
    assert found[1][0] == meeting
    assert found[3][-1] == meeting and sorted(found[3]) == sorted(found[1])


def test_without_an_index_the_box_says_search_is_unavailable(built_mini: Path) -> None:
    shutil.rmtree(built_mini / "pagefind")
    with serve_counting(built_mini) as (base, _), chromium() as browser:
        tab = browser.new_page()
        tab.goto(base)
        open_search(tab)
        tab.fill("[data-cg-search-input]", "发热")
        tab.wait_for_selector(f"{RESULT}[data-cg-search-state=unavailable]")
        assert "无法使用站内搜索" in tab.inner_text("[data-cg-search-meta]")


# ── build side ──────────────────────────────────────────────────────────────


def test_domain_words_stay_whole() -> None:
    terms = load_terms()
    segmenter = Segmenter(terms.words)
    assert segmenter.cut("托育机构每天做晨午检，6月龄开始添加辅食") == [
        "托育机构", "每天", "做", "晨午检", "，", "6", "月龄", "开始", "添加", "辅食",
    ]  # fmt: skip
    assert segmenter.cut("腋温 37.5 ℃") == ["腋温", " ", "37.5", " ", "℃"]


def test_a_section_is_found_by_the_synonyms_of_its_words() -> None:
    terms = load_terms()
    segmenter = Segmenter(terms.words)
    section = SearchSection("a/#b", "常见病", "宝宝发烧", "拉肚子时多喝水。")
    payload = record(section, segmenter, terms)
    assert {"发热", "孩子", "腹泻"} <= set(payload["meta"]["kw"].split())
    words = payload["content"].split("\u200a")
    assert "".join(words) == "拉肚子时多喝水。" and words[0] == "拉肚子"
    assert payload["meta"]["page"] == "常见病"


def test_sections_split_at_headings_and_skip_repeated_parts() -> None:
    html = (
        '<h1 id="p">页面</h1><p>导语</p><div class="admonition cg-disclaimer"><p>免责</p></div>'
        '<h2 id="one">第一节<a class="headerlink" href="#one">¶</a></h2><p>正文<br>一</p>'
        '<div class="cg-sources"><p>资料来源</p></div><h2 id="two">第二节</h2><p>正文二</p>'
    )
    assert page_sections(html, "x/", "页面") == [
        SearchSection("x/", "页面", "页面", "导语"),
        SearchSection("x/#one", "页面", "第一节", "正文 一"),
        SearchSection("x/#two", "页面", "第二节", "正文二"),
    ]


def test_traditional_characters_fold_to_simplified() -> None:
    folding = traditional_to_simplified()
    assert [folding.get(char, char) for char in "寶發燒輔檢"] == list("宝发烧辅检")


def test_the_build_fails_loudly_without_word_segmentation(
    mini_project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(
        "careguide.search.segmenter.CANARY", ("托育机构每天做晨午检", ("托育机构晨午检",))
    )
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(mini_project)
    assert "careguide search: word segmentation is not active" in caplog.text


def test_the_mini_site_has_a_search_index(mini_site: Path) -> None:
    entry = json.loads((mini_site / "pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [LANGUAGE]
    assert not (mini_site / "search/search_index.json").exists()
    assert not (mini_site / "pagefind/pagefind-ui.js").exists()
    query = json.loads((mini_site / "pagefind/careguide-query.json").read_text())
    assert "晨午检" in query["lexicon"] and query["synonyms"]["发烧"] == "发热"
    assert query["class_list"] == ["classes/", "近期课程"]


def test_a_centre_page_is_one_search_record_and_a_chapter_one_per_section(
    mini_site: Path,
) -> None:
    """Every record costs each phone's first search bytes; a province has thousands of centres."""
    stored = json.loads(
        (mini_site.parent / ".cache/careguide/search-sections.json").read_text(encoding="utf-8")
    )
    [centre] = stored["centres/zhengding/index.md"]
    assert centre["url"] == "centres/zhengding/"
    assert centre["kind"] == "centre" and centre["place"] == "正定县"
    assert "服务内容" in centre["text"] and "近期课程" in centre["text"]
    assert len(stored["handbook/sleep.md"]) > 1


def test_centres_are_in_their_places_list_not_in_the_full_text_index(mini_site: Path) -> None:
    folder = mini_site / "pagefind"
    query = json.loads((folder / "careguide-query.json").read_text(encoding="utf-8"))
    assert query["places"]["正定县"] == query["places"]["正定"]
    [number] = query["places"]["正定"]
    entries = json.loads((folder / f"places/{number}.json").read_text(encoding="utf-8"))
    name = "正定县婴幼儿养育照护指导中心"
    assert [entry[:2] for entry in entries] == [["centres/zhengding/", name]]
    assert "正定县" in entries[0][2].split() and "指导中心" in entries[0][2].split()
    city = json.loads((folder / f"places/{query['city']}.json").read_text(encoding="utf-8"))
    assert [entry[0] for entry in city] == ["centres/shijiazhuang/"]
    indexed = {_fragment(path)["url"] for path in (folder / "fragment").iterdir()}
    assert "handbook/sleep/" in indexed and "classes/future-class/" in indexed
    assert not {url for url in indexed if url.startswith("centres/") and "#" not in url} - {
        "centres/"
    }
    assert len(indexed) == query["records"]


def _fragment(path: Path) -> dict[str, Any]:
    """A record of Pagefind's index as it is stored (gzip, a marker, JSON)."""
    data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
    found: dict[str, Any] = json.loads(data)
    return found


def test_upcoming_classes_are_records_with_their_date_words_and_ended_ones_are_not(
    mini_site: Path,
) -> None:
    stored = json.loads(
        (mini_site.parent / ".cache/careguide/search-sections.json").read_text(encoding="utf-8")
    )
    assert stored["classes/past-class/index.md"] == []
    [future] = stored["classes/future-class/index.md"]
    assert future["kind"] == "class" and future["start"].startswith("2026-12-05T09:30")
    assert "报名方式" in future["text"] and "加入日历" not in future["text"]
    terms = load_terms()
    payload = record(SearchSection(**future), Segmenter(terms.words), terms)
    assert {"课程", "ym202612", "yw202649", "周末"} <= set(payload["meta"]["kw"].split())
    assert payload["meta"]["end"] == "202612051100"


def test_a_weekly_series_is_one_record_its_soonest_meeting_found_by_every_date(
    demo_site: Path,
) -> None:
    """Eight meetings of one series would fill the first results of 有哪些直播课."""
    stored = json.loads(
        (demo_site.parent / ".cache/careguide/search-sections.json").read_text(encoding="utf-8")
    )
    meetings = {uri: found for uri, found in stored.items() if "yuhua-wednesday-feeding" in uri}
    assert len(meetings) == 9  # 2026-12-02 … 2027-01-27, built on 2026-12-01
    [(uri, [series])] = [(uri, found) for uri, found in meetings.items() if found]
    assert uri == "classes/2026-12-02-yuhua-wednesday-feeding-live/index.md"
    assert series["start"].startswith("2026-12-02T19:30") and series["end"].startswith("2026-12-02")
    later = series["later"].split()
    assert len(later) == 8 and later[0].startswith("2026-12-09") and later[-1] < "2027-01-28"
    assert any(start.startswith("2026-12-29T19:30") for start in later)  # moved to a Tuesday
    terms = load_terms()
    payload = record(SearchSection(**series), Segmenter(terms.words), terms)
    assert {"ym202612", "ym202701", "yw202649", "yw202704"} <= set(payload["meta"]["kw"].split())
    assert payload["meta"]["end"] == "202612022015"


def test_the_index_comes_in_small_chunks(demo_site: Path) -> None:
    """A phone downloads the chunk of each word it looks for: Pagefind's default chunks are
    about 20 KB; ours (``INDEX_CHUNK``) about a quarter of that."""
    chunks = [path.stat().st_size for path in (demo_site / "pagefind/index").glob("*.pf_index")]
    assert len(chunks) >= 10 and max(chunks) < 10_000, chunks


def test_age_ranges_are_found_by_each_month_of_age() -> None:
    assert age_words("宝宝6–12 月龄") == [f"age{month}" for month in range(6, 13)]
    assert age_words("1–2 岁：18、24 月龄") == [f"age{month}" for month in range(12, 25)]
    assert age_words("0–3岁婴幼儿养育照护手册") == []  # the whole handbook: no age in particular
