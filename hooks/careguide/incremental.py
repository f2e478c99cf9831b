"""What ``mkdocs serve`` keeps between rebuilds, so that saving one file shows in about a second.

MkDocs keeps the hook module, and so one :class:`~careguide.plugin.Careguide`, for as long as
``mkdocs serve`` runs. During serve only (``mkdocs build`` and ``careguide build`` make
everything, as before), two things are kept on it:

- :class:`PageSources`: the digest of each generated page's source (its Markdown, or the
  fingerprint of an HTML page) in the last rebuild. An HTML page whose source did not change
  (outside the navigation) is not handed to MkDocs at all: its file in the site is up to date,
  and at 12,000 pages MkDocs' own bookkeeping of a page it then skips costs seconds. Other
  pages keep their backing file under ``.cache/`` untouched, so MkDocs skips them.
- :class:`PlainOutputs`: the plain files (PDFs, QR codes, redirects, calendars, open data). The
  first build makes them all, as ``make site`` does. After that a rebuild hands MkDocs the files
  it already has and, once the pages are written, those whose content changed are made again
  by a worker process and copied straight into the served site: the page never waits for them.
  The worker loads the content itself (keeping the records of unchanged files, as the server
  does), so laying out a PDF or making a province's calendars takes nothing from the server's
  next rebuild but a processor, at a lower priority. What "changed" means is decided by the
  bytes of the content files (and templates) each group reads: a chapter edit lays out the PDF
  again and leaves the calendars alone; a centre or class edit does the opposite.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import functools
import gc
import hashlib
import logging
import multiprocessing
import os
import shutil
import site
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.theme import Theme

from careguide import addresses
from careguide.content.catalog import Catalog, load_catalog, strict_dates
from careguide.content.documents import ParseCache
from careguide.content.reuse import FileDigests, RecordCache
from careguide.errors import CareguideError
from careguide.outputs.files import WrittenFile, book_files, data_files, write_files
from careguide.store import Store, replacing
from careguide.templating import TEMPLATES

log = logging.getLogger("mkdocs.plugins.careguide")

DATA_ONLY = ("centres", "classes")
"""Folders of ``content/`` that no book reads: editing them leaves the PDFs alone."""


class PageSources:
    """The sources of the generated pages in the last rebuild that succeeded, by digest."""

    def __init__(self) -> None:
        self._built: dict[str, bytes] = {}
        """Each page's digest in the last rebuild that wrote the site."""
        self._pending: dict[str, bytes] = {}
        """The digests of the rebuild under way, kept once it has written the site."""

    def begin(self) -> None:
        """A rebuild hands its pages to MkDocs."""
        self._pending = {}

    def unchanged(self, src_uri: str, source: bytes) -> bool:
        """Whether the page ``src_uri`` is built already from this very source: such a page
        need not be handed to MkDocs at all, its file in the site is up to date."""
        digest = _digest(source)
        if self._built.get(src_uri) == digest:
            self._pending[src_uri] = digest
            return True
        return False

    def backing(self, store: Store, src_uri: str, source: bytes) -> Path:
        """The file under ``.cache/`` that MkDocs reads the page ``src_uri`` from."""
        digest = _digest(source)
        path = store.path("generated") / src_uri
        if self._built.get(src_uri) != digest or not path.is_file():
            store.generated(src_uri, source)
        self._pending[src_uri] = digest
        return path

    def built(self) -> None:
        """The rebuild under way has written the site."""
        self._built, self._pending = self._pending, {}


def _digest(source: bytes) -> bytes:
    return hashlib.blake2b(source, digest_size=16).digest()


class Heap:
    """Python's cycle collector during ``make serve``. What the server keeps (records, parsed
    content, fingerprints, templates) is millions of objects, and a rebuild makes enough new
    ones that the collector went through all of them once or twice per save (0.4–1.9 s at M).
    So a rebuild runs without the collector, and then everything alive is frozen
    (``gc.freeze``: the collector no longer looks at it). Cycles left behind by a rebuild
    (MkDocs' pages and navigation point at each other) are found when the objects are
    unfrozen, every :data:`UNFREEZE` rebuilds, at the cost of one full collection then."""

    UNFREEZE = 50

    def __init__(self, built: Callable[[], bool]) -> None:
        self._built = built
        """Whether a build has written the site: until then, builds make everything anew and
        run with the collector."""
        self._builds = 0

    @contextlib.contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Around one build of ``make serve``."""
        if self._built():
            gc.disable()
        try:
            yield
        finally:
            if self._built():
                self._builds += 1
                if self._builds % self.UNFREEZE == 0:
                    gc.unfreeze()
                else:
                    gc.freeze()
            gc.enable()


def nav_pages(nav: Any) -> set[str]:
    """The page sources that ``mkdocs.yml``'s ``nav`` (as careguide sets it) names."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(nav_pages(item) for item in nav.values()))
    if isinstance(nav, list):
        return set().union(*(nav_pages(item) for item in nav))
    return set()


class ThemeEnvironments:
    """The theme's Jinja environment, kept between rebuilds: MkDocs makes a new one for every
    build, compiling Material's templates again and listing its thousands of files."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, ...], jinja2.Environment] = {}

    def keep(self, theme: Theme) -> None:
        """Make ``theme.get_env()`` return the environment of the last rebuild with these theme
        folders. It still notices a template edited since; its list of static files (what
        MkDocs copies from the theme) is the first build's: a file added to the theme during
        ``mkdocs serve`` needs a restart."""
        make = theme.get_env

        def kept() -> jinja2.Environment:
            key = (*theme.dirs, str(theme.locale))
            if key not in self._kept:
                self._kept[key] = self._made(make)
            return self._kept[key]

        theme.get_env = kept  # type: ignore[method-assign]

    @staticmethod
    def _made(make: Callable[[], jinja2.Environment]) -> jinja2.Environment:
        env = make()
        env.auto_reload = True
        names = env.list_templates()
        static: list[str] = []

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if filter_func is None:
                return names
            if not static:  # MkDocs' filter of static files, the same on every rebuild
                static.extend(name for name in names if filter_func(name))
            return static

        env.list_templates = listed  # type: ignore[method-assign]
        return env


@dataclass(frozen=True)
class Keys:
    """What the two groups of plain files are made from, as digests."""

    books: bytes
    data: bytes


def keys(content: Path, site_url: str, catalog: Catalog, digests: FileDigests) -> Keys:
    """The digests of the content files (and templates) each group of plain files reads."""
    books = hashlib.sha256()
    data = hashlib.sha256(f"{site_url}\0{catalog.now.date()}".encode())
    for root in (content, TEMPLATES):
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            entry = f"{root.name}/{name}\0".encode() + digests.of(path)
            data.update(len(entry).to_bytes(8, "big") + entry)
            if root is TEMPLATES or name.split("/")[0] not in DATA_ONLY:
                books.update(len(entry).to_bytes(8, "big") + entry)
    return Keys(books.digest(), data.digest())


@dataclass(frozen=True)
class _Job:
    content: Path
    site_url: str
    store: Store
    now: datetime
    keys: Keys
    site_dir: Path


class PlainOutputs:
    """The plain files of a ``mkdocs serve``, made again in the background when they changed."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._books: list[WrittenFile] = []
        self._data: list[WrittenFile] = []
        self._keys: Keys | None = None
        """What the files made so far were made from."""
        self._latest: Keys | None = None
        """What the newest files made or to be made are made from."""
        self._wanted: _Job | None = None
        self._next: _Job | None = None
        self._thread: threading.Thread | None = None
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def files(
        self, catalog: Catalog, site_url: str, store: Store, content: Path, digests: FileDigests
    ) -> list[WrittenFile]:
        """The plain files for this rebuild: all made now the first time, afterwards the last
        ones made (what changed is made after the pages, by :meth:`after_build`)."""
        wanted = keys(content, site_url, catalog, digests)
        with self._lock:
            if self._keys is None:
                self._books = write_files(catalog, site_url, store, book_files(catalog, store))
                self._data = write_files(
                    catalog, site_url, store, data_files(catalog, site_url, store)
                )
                self._keys = self._latest = wanted
                self._worker().submit(_worker_warm, content, store, catalog.now)
            self._wanted = _Job(content, site_url, store, catalog.now, wanted, Path())
            return [*self._books, *self._data]

    def after_build(self, site_dir: Path) -> None:
        """Make again, in the background, the plain files whose content changed in this
        rebuild, and put them into the built site ``site_dir``."""
        with self._lock:
            job, self._wanted = self._wanted, None
            if job is None or self._latest == job.keys:
                return
            self._latest = job.keys
            self._next = dataclasses.replace(job, site_dir=site_dir)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="careguide-outputs", daemon=True
                )
                self._thread.start()
            self._lock.notify_all()

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _work(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._next is not None)
                job, self._next = self._next, None
                done = self._keys
            assert job is not None and done is not None
            try:
                self._make(job, done)
            except Exception as error:  # the server goes on; the next save tries again
                with self._lock:
                    if self._next is None:
                        self._latest = None  # what the files are made from is not known
                if isinstance(error, BrokenProcessPool):
                    self._pool = None  # the worker died (killed?): the next save starts one
                log.error(f"careguide: PDF、日历和开放数据没有更新 — {error}")

    def _make(self, job: _Job, done: Keys) -> None:
        """Make the groups whose inputs changed in the worker process: it loads the content
        itself (keeping the records of unchanged files, as this process does), so making a
        province's calendars takes nothing from this process, which serves and rebuilds."""
        start = time.perf_counter()
        books, data = job.keys.books != done.books, job.keys.data != done.data
        made = self._worker().submit(
            _worker_files, job.content, job.site_url, job.store, job.now, books, data
        )
        result = made.result()
        if isinstance(result, str):
            raise RuntimeError(result)
        if books:
            self._copy(job, result[0])
        if data:
            self._copy(job, result[1])
        with self._lock:
            self._books = result[0] if books else self._books
            self._data = result[1] if data else self._data
            self._keys = Keys(
                job.keys.books if books else done.books, job.keys.data if data else done.data
            )
        what = [
            name for name, wanted in (("PDF", books), ("二维码、日历和开放数据", data)) if wanted
        ]
        seconds = time.perf_counter() - start
        log.info(f"careguide: 已在后台更新{'和'.join(what)}（{seconds:.1f} 秒）")

    @staticmethod
    def _copy(job: _Job, written: list[WrittenFile]) -> None:
        """Copy the files that changed from the store into the built site."""
        for file in written:
            target = job.site_dir / addresses.destination(file.path)
            try:
                fresh = target.stat().st_mtime >= file.copy.stat().st_mtime
            except OSError:
                fresh = False
            if not fresh:
                with replacing(target) as output, file.copy.open("rb") as source:
                    shutil.copyfileobj(source, output)

    def _worker(self) -> concurrent.futures.ProcessPoolExecutor:
        """The process that makes the plain files (started on first use, kept warm)."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            hooks = str(Path(__file__).resolve().parent.parent)  # MkDocs imported us from there
            self._pool = concurrent.futures.ProcessPoolExecutor(
                1, mp_context=context, initializer=_worker_start, initargs=(hooks,)
            )
        return self._pool


def _worker_start(hooks: str) -> None:
    """In the worker process: import careguide from where MkDocs did; yield the processor to
    the server's rebuilds."""
    site.addsitedir(hooks)
    os.nice(5)


@functools.cache
def _worker_records() -> RecordCache:
    """In the worker process: the records of the content files of its last load."""
    return RecordCache()


def _worker_catalog(content: Path, store: Store, now: datetime) -> Catalog:
    """In the worker process: the content, loaded as the server's rebuild loaded it."""
    cache = ParseCache(store.path("yaml"))
    reuse = _worker_records()
    return load_catalog(content, now=now, cache=cache, strict=strict_dates(), reuse=reuse)


def _worker_warm(content: Path, store: Store, now: datetime) -> None:
    """In the worker process: load the content once, so that the first save finds its records."""
    with contextlib.suppress(CareguideError):
        _worker_catalog(content, store, now)


def _worker_files(
    content: Path, site_url: str, store: Store, now: datetime, books: bool, data: bool
) -> tuple[list[WrittenFile], list[WrittenFile]] | str:
    """In the worker process: write the books and/or the other plain files into ``store``;
    what went wrong as text (a careguide error need not survive a trip between processes)."""
    try:
        catalog = _worker_catalog(content, store, now)
        return (
            write_files(catalog, site_url, store, book_files(catalog, store)) if books else [],
            write_files(catalog, site_url, store, data_files(catalog, site_url, store))
            if data
            else [],
        )
    except CareguideError as error:
        return str(error)
