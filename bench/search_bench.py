"""Search benchmark: careguide's search (Pagefind) against Material's built-in search.

    .venv/bin/python bench/search_bench.py                    # demo, province and L, all engines
    .venv/bin/python bench/search_bench.py --sizes demo --engines pagefind

Engines: ``pagefind`` is careguide's search (jieba with our dictionary at build time, our query
handling, Pagefind's index); ``pagefind-extended`` is Pagefind's extended build out of the box
(its CLI over the built pages, its own CJK segmentation at build time and Intl.Segmenter in the
browser; needs ``pip install pagefind-bin-extended``); ``material`` is Material's built-in
search (lunr, jieba at build time with the same dictionary).

For every size (see ``bench/synthetic.py``) and engine it builds the site, then reports:

- recall@1 and recall@5: the query set ``tests/search_queries.yml`` is typed into the real search
  box in headless Chromium, its clock pinned to 2026-12-01 10:00 Beijing time (the build day;
  本周, 下个月 and ended classes follow it); a hit is the expected page among the first 1 or 5
  result pages;
- the bytes a phone downloads for its first search on a cold cache, served the way a production
  web server serves them (gzip for text), for a sample of queries: median and largest;
- the build time the search adds (segmentation and indexing).

Material's whole index is downloaded before the first search; at province scale it is measured
from the files (the index alone takes minutes to load in a browser) rather than in Chromium.

Measured 2026-11-29 on the 2-core machine (province: 2,000 centres, 50,000 classes; first search
in KiB as sent with gzip, median / largest of 10 queries; search build time = segmentation and
indexing inside the build):

| size | engine | recall@1 | recall@5 | section@5 | first search | search build | build |
|---|---|---|---|---|---|---|---|
| demo | pagefind (careguide) | 88.2% | 100% | 98.4% | 130 / 158 | 0.8 s | 7.7 s |
| demo | pagefind-extended | 52.9% | 57.6% | 28.6% | 153 / 185 | 0.3 s | — |
| demo | material | 48.2% | 82.4% | 54.0% | 93 | 0.2 s | 7.4 s |
| province | pagefind (careguide) | 69.4% | 81.2% | 87.3% | 186 / 229 | 12.5 s | 394 s |
| province | pagefind-extended | 50.6% | 54.1% | 28.6% | 637 / 968 | 43.1 s | — |
| province | material | — | — | — | 7,654 | 79.6 s | 412 s |

These rows were measured before a centre page became one search record and class lists were
indexed by class titles only (issue 7). After that change, at L (10,000 centres, 100,000
classes, 11,377 records): recall@1 69.4%, recall@5 77.6%, section@5 87.3%, first search
205 / 250 KiB; the demo still finds all 85 queries in the top five (tests/test_search.py).

At province scale careguide's misses are centre and class questions (handbook 98%, hygiene
100%, centres 27%, classes 42%): the generator puts some 90 centres with near-identical names in
each of the 23 divisions, so 正定县指导中心电话 has many equally good answers.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "hooks"), str(REPO / "tests"), str(BENCH)]

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

import synthetic  # noqa: E402
from browser import chromium  # noqa: E402
from careguide.search.index import SearchIndex  # noqa: E402
from careguide.search.terms import load_terms  # noqa: E402
from test_search import (  # noqa: E402
    Query,
    ask,
    load_queries,
    new_tab,
    open_search,
    pages_of,
    serve_counting,
)

ENGINES = ("pagefind", "pagefind-extended", "material")
TODAY = {
    "demo": "87.6% / 100% on 85 queries (2026-11); 76.7% / 96.6%, 158 / 181 KiB on 206",
    "province": "69.4% / 81.2%, 186 / 229 KiB (85 queries, before issue 7)",
    "L": "69.4% / 77.6%, 205 / 250 KiB on 85; 60.2% / 74.8%, 215 / 266 KiB on 206",
}
"""careguide's figures before issue 16 (recall@1 / recall@5, first search median / largest), as
the README gave them, and as this benchmark measured them on the 206 queries of 2026-12-01
before tuning began (demo, and L from a build of that code); printed beside each run's."""
EXTENDED_FOLDER = "pagefind-extended"
"""Where the out-of-the-box Pagefind index goes in the site (next to careguide's own)."""
SAMPLE = 10
"""Queries measured for first-search bytes, spread over the query set (each on a fresh, empty
browser cache)."""
MATERIAL_SEARCH = ("/search/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/")
PAGEFIND_SEARCH = (
    "/pagefind/",
    "/assets/javascripts/careguide-search",
    "/assets/stylesheets/careguide-search",
)


@dataclass
class Result:
    size: str
    engine: str
    pages: int = 0
    build_seconds: float = 0.0
    search_seconds: float = 0.0
    """Build time spent on search: segmentation, index, writing."""
    indexer_peak_mib: float = 0.0
    recall_at_1: float | None = None
    recall_at_5: float | None = None
    section_recall_at_5: float | None = None
    first_search_median: int | None = None
    first_search_max: int | None = None
    first_search_how: str = ""
    recall_at_5_by_area: dict[str, float] = field(default_factory=dict)
    recall_by_batch: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    """recall@1, recall@5 and the number of queries, by when the queries were written."""
    missed: list[str] = field(default_factory=list)
    """Queries whose page is not in the top five."""
    not_first: list[str] = field(default_factory=list)
    """Queries whose page is in the top five, but not first."""


def material_config(project: Path) -> None:
    """Switch a project to Material's search, with jieba and our dictionary."""
    terms = load_terms()
    words = sorted({*terms.words, *terms.synonyms, *terms.typos.values()})
    userdict = project / "jieba_user.txt"
    userdict.write_text("".join(f"{word}\n" for word in words), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugins = f"plugins:\n  - search:\n      lang: zh\n      jieba_dict_user: {userdict}\n"
    config.write_text(text.replace("plugins: []\n", plugins), encoding="utf-8")


@contextlib.contextmanager
def timed(owner: Any, names: tuple[str, ...], spent: list[float]) -> Iterator[None]:
    """Add the time spent in ``owner.<name>`` calls to ``spent[0]`` while in the block."""
    originals = {name: getattr(owner, name) for name in names}

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        return timed_call

    for name, function in originals.items():
        setattr(owner, name, wrap(function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(owner, name, function)


def build_site(project: Path, engine: str, result: Result) -> Path:
    """Build a project in-process, pinned to the benchmark's build date."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(synthetic.BUILT_ON.timestamp()))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    spent = [0.0]
    if engine == "material":
        from material.plugins.search.plugin import SearchPlugin

        owner: Any = SearchPlugin
        names: tuple[str, ...] = ("on_page_context", "on_post_build")
    else:
        owner, names = SearchIndex, ("add", "write")
    site = project / f"site-{engine}"
    started = time.perf_counter()
    with timed(owner, names, spent):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        build(config)
    result.build_seconds = time.perf_counter() - started
    result.search_seconds = spent[0]
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result.indexer_peak_mib = children / 1024 if engine == "pagefind" else 0.0
    result.pages = sum(1 for _ in site.rglob("index.html"))
    return site


def index_extended(site: Path, result: Result) -> None:
    """Pagefind's extended build over the built pages, as its documentation sets it up."""
    from pagefind_bin_extended import get_executable

    started = time.perf_counter()
    subprocess.run(
        [
            str(get_executable()),
            "--site",
            str(site),
            "--output-subdir",
            EXTENDED_FOLDER,
            "--root-selector",
            "article.md-content__inner",
            "--exclude-selectors",
            ".headerlink, .cg-tools, .cg-sources",
            "--quiet",
        ],
        check=True,
    )
    result.search_seconds = time.perf_counter() - started


def _extended_ask(tab: Any, query: str, base: str) -> list[str]:
    """Pagefind's JS API in the page (lang="zh": it cuts the query with Intl.Segmenter)."""
    links: list[str] = tab.evaluate(
        """async ([url, query]) => {
          window.__pf = window.__pf || await import(url);
          const found = await window.__pf.search(query);
          const data = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
          // as Pagefind's own UI shows them: each page with up to three of its sections
          return data.flatMap(d => d.sub_results.length
            ? d.sub_results.slice(0, 3).map(sub => sub.url) : [d.url]);
        }""",
        [f"{base}{EXTENDED_FOLDER}/pagefind.js", query],
    )
    return [link.lstrip("/") for link in links]


def _material_ask(tab: Any, query: str, base: str) -> list[str]:
    """Type into Material's search box and wait until its result list stops changing."""
    tab.evaluate(
        """() => {
          window.__cgChanged = 0;
          const list = document.querySelector(".md-search-result");
          new MutationObserver(() => { window.__cgChanged = Date.now(); })
            .observe(list, {childList: true, subtree: true, characterData: true});
        }"""
    )
    tab.fill(".md-search__input", query)
    tab.press(".md-search__input", "End")  # Material searches on keyup, which fill() has not
    tab.wait_for_function("() => window.__cgChanged && Date.now() - window.__cgChanged > 400")
    links = tab.eval_on_selector_all(".md-search-result__link", "ls => ls.map(a => a.href)")
    # Material adds ?h=<terms> for highlighting: keep the page and the section only
    return [urlsplit(link)._replace(query="").geturl().removeprefix(base) for link in links]


def recall(site: Path, engine: str, queries: list[Query], result: Result) -> None:
    """Type every query into the site's search box; the share found at rank 1 and in the top 5."""
    hits1 = hits5 = sections = with_section = 0
    by_area: dict[str, list[bool]] = {}
    by_batch: dict[str, list[tuple[bool, bool]]] = {}
    with serve_counting(site) as (base, _), chromium() as browser:
        tab = new_tab(browser)
        tab.goto(base + "handbook/", wait_until="networkidle")
        if engine == "material":
            tab.click(".md-search__input")
        elif engine == "pagefind":
            open_search(tab)
        for query in queries:
            links = ASK[engine](tab, query.q, base)
            top = pages_of(links)[:5]
            hits1 += bool(top) and top[0] in query.pages
            hits5 += bool(query.pages & set(top))
            by_area.setdefault(query.area, []).append(bool(query.pages & set(top)))
            first = bool(top) and top[0] in query.pages
            by_batch.setdefault(query.written, []).append((first, bool(query.pages & set(top))))
            if query.section:
                with_section += 1
                anchor = f"{query.page}#{query.section}"
                sections += any(link == anchor for link in links[:5])
            if not query.pages & set(top):
                result.missed.append(f"{query.q} → {query.page}; got {top}")
            elif top[0] not in query.pages:
                result.not_first.append(f"{query.q} → {query.page}; got {top}")
    result.recall_at_1 = hits1 / len(queries)
    result.recall_at_5 = hits5 / len(queries)
    result.recall_at_5_by_area = {area: sum(hits) / len(hits) for area, hits in by_area.items()}
    result.recall_by_batch = {
        batch: (sum(a for a, _ in hits) / len(hits), sum(b for _, b in hits) / len(hits), len(hits))
        for batch, hits in by_batch.items()
    }
    if with_section:
        result.section_recall_at_5 = sections / with_section


def first_search_bytes(site: Path, engine: str, queries: list[Query], result: Result) -> None:
    """Bytes of search files fetched from opening a page to the first results, cold cache."""
    prefixes = {
        "material": MATERIAL_SEARCH,
        "pagefind": PAGEFIND_SEARCH,
        "pagefind-extended": (f"/{EXTENDED_FOLDER}/",),
    }[engine]
    totals = []
    with serve_counting(site) as (base, transfer), chromium() as browser:
        for query in queries[:: max(1, len(queries) // SAMPLE)][:SAMPLE]:
            tab = new_tab(browser)  # an empty cache
            transfer.reset()
            tab.goto(base + "handbook/", wait_until="networkidle")
            if engine == "material":
                tab.click(".md-search__input")
            elif engine == "pagefind":
                open_search(tab)
            ASK[engine](tab, query.q, base)
            sent = dict(transfer.sent)
            totals.append(sum(n for path, n in sent.items() if path.startswith(prefixes)))
            tab.context.close()
    result.first_search_median = int(statistics.median(totals))
    result.first_search_max = max(totals)
    result.first_search_how = f"Chromium, {len(totals)} queries, cold cache"


def material_bytes_from_files(site: Path, result: Result) -> None:
    """Material downloads its whole index (and worker, lunr) before the first search."""
    files = [site / "search/search_index.json"]
    files += [p for p in (site / "assets/javascripts/workers").glob("search.*.js")]
    lunr = site / "assets/javascripts/lunr/min"
    files += [lunr / "lunr.stemmer.support.min.js", lunr / "lunr.zh.min.js"]
    total = sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in files)
    result.first_search_median = result.first_search_max = total
    result.first_search_how = "gzip size of index, worker and lunr files"


def run(size: str, engine: str, workdir: Path, queries: list[Query], reuse: bool) -> Result:
    result = Result(size, engine)
    builder = "material" if engine == "material" else "pagefind"
    project = workdir / f"{size}-{builder}"
    site = project / f"site-{builder}"
    # pagefind-extended indexes the pages of careguide's build of the same size, when there is one
    if not ((reuse or engine == "pagefind-extended") and (site / "index.html").is_file()):
        synthetic.generate(project, size)
        if engine == "material":
            material_config(project)
        print(f"building {size} with {builder} …", file=sys.stderr)
        build_site(project, builder, result)
    result.pages = sum(1 for _ in site.rglob("index.html"))
    if engine == "pagefind-extended" and not (reuse and (site / EXTENDED_FOLDER).is_dir()):
        index_extended(site, result)
    big = size not in ("demo",)
    if engine == "material" and big:
        material_bytes_from_files(site, result)
    else:
        recall(site, engine, queries, result)
        first_search_bytes(site, engine, queries, result)
    return result


ASK: dict[str, Callable[[Any, str, str], list[str]]] = {
    "pagefind": ask,
    "pagefind-extended": _extended_ask,
    "material": _material_ask,
}


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""

    def share(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    def kib(value: int | None) -> str:
        return "—" if value is None else f"{value / 1024:.0f} KiB"

    rows = [
        "| size | engine | pages | recall@1 | recall@5 | section@5 | first search (median / max)"
        " | search build time | build total | before issue 16 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r.size} | {r.engine} | {r.pages:,} | {share(r.recall_at_1)} "
            f"| {share(r.recall_at_5)} | {share(r.section_recall_at_5)} "
            f"| {kib(r.first_search_median)} / {kib(r.first_search_max)} "
            f"| {r.search_seconds:.1f} s | {r.build_seconds:.1f} s "
            f"| {TODAY.get(r.size, '—') if r.engine == 'pagefind' else '—'} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="demo,province,L", help="demo, M, province, L")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--workdir", type=Path, help="keep the built sites here")
    parser.add_argument("--reuse", action="store_true", help="skip builds already in --workdir")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    queries = load_queries()
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for size in args.sizes.split(","):
            for engine in args.engines.split(","):
                results.append(run(size, engine, workdir, queries, args.reuse))
                print(table(results[-1:]).splitlines()[-1], file=sys.stderr)
    print(table(results))
    for r in results:
        if r.recall_at_5_by_area:
            areas = ", ".join(f"{a} {v:.0%}" for a, v in r.recall_at_5_by_area.items())
            print(f"\n{r.size} / {r.engine}: recall@5 by area: {areas}")
        for batch, (at1, at5, count) in sorted(r.recall_by_batch.items()):
            shown = f"{at1:.1%} @1, {at5:.1%} @5"
            print(f"{r.size} / {r.engine}: queries written {batch} ({count}): {shown}")
        for heading, lines in (("missed in the top five", r.missed), ("not first", r.not_first)):
            if lines:
                print(f"\n{r.size} / {r.engine}: {heading}")
                print("\n".join(f"- {line}" for line in lines))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
