"""What careguide does at each MkDocs event: content → web pages → plain files → search.

``hooks/careguide_hooks.py`` keeps one :class:`Careguide` for as long as MkDocs keeps the hook
module (every rebuild of ``mkdocs serve``), and forwards the events to it. What one build makes
is rebuilt in :meth:`Careguide.on_config`; what outlives a build (whether it is a ``--dirty``
preview, the search records of the previous build) is kept on the instance.

This is the one place where careguide's errors (:class:`~careguide.errors.CareguideError`) become
MkDocs' ``PluginError``: a user sees the message, never a traceback.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from careguide import addresses
from careguide.checkpoints import checkpoint
from careguide.content.catalog import Catalog, load_catalog, reminders, strict_dates
from careguide.content.documents import ParseCache
from careguide.content.reuse import RecordCache
from careguide.errors import CareguideError, ContentError, Origin, Problem
from careguide.incremental import (
    Heap,
    PageSources,
    PlainOutputs,
    ThemeEnvironments,
    nav_pages,
)
from careguide.outputs.files import WrittenFile, write_files
from careguide.outputs.precompress import precompress
from careguide.preview import PreviewState, install, keep_serving
from careguide.public_address import public_address
from careguide.sanitize import clean
from careguide.search.index import SearchIndex
from careguide.store import Store
from careguide.web import fragments
from careguide.web.fingerprint import Fingerprints
from careguide.web.htmlpage import GeneratedHtmlPage, HtmlPage
from careguide.web.markup import fix_theme_markup
from careguide.web.nav import build_nav
from careguide.web.pages import MarkdownPage, render_pages
from careguide.web.warnings import PageWarnings, page_origins

log = logging.getLogger("mkdocs.plugins.careguide")

THEME_DIR = Path(__file__).parent / "theme"

P = ParamSpec("P")
T = TypeVar("T")


def _reported(
    event: Callable[Concatenate[Careguide, P], T],
) -> Callable[Concatenate[Careguide, P], T]:
    """An event handler whose careguide errors stop the build as a clean MkDocs error (and,
    under ``mkdocs serve``, show in the browser: :mod:`careguide.preview`)."""

    @functools.wraps(event)
    def handler(self: Careguide, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return event(self, *args, **kwargs)
        except CareguideError as error:
            self.preview.failed(error)
            raise PluginError(str(error)) from None

    return handler


def _place(problem: Problem) -> tuple[str, int, int]:
    return str(problem.origin.file), problem.line or 0, problem.column or 0


@dataclass
class _Build:
    """What one build is made from, and what MkDocs has told us about it so far."""

    catalog: Catalog
    store: Store
    pages: list[MarkdownPage | HtmlPage]
    files: list[WrittenFile]
    """The other generated files, written into ``store`` as they were made."""
    site_files: Files | None = None
    """Every file of the site, once MkDocs has collected them."""
    nav: Navigation | None = None


class Careguide:
    """careguide's part in an MkDocs build, event by event."""

    def __init__(self) -> None:
        self.dirty = False
        self.search = SearchIndex()
        self._build: _Build | None = None
        self._warnings: PageWarnings | None = None
        self.preview = PreviewState()
        self.records = RecordCache()
        self.sources = PageSources()
        self.outputs = PlainOutputs()
        self.themes = ThemeEnvironments()
        self._built_once = False
        self._fingerprints: Fingerprints | None = None
        self._unwrap: Callable[[], None] = lambda: None

    @property
    def quick(self) -> bool:
        """Whether this is ``make serve`` (``mkdocs serve --dirty``), whose rebuilds reuse what
        did not change (:mod:`careguide.incremental`)."""
        return self.dirty and self.preview.serving

    @property
    def _indexing(self) -> bool:
        """Whether the pages of this build go to the search index: a ``make serve`` rebuild
        keeps the index of its first build (:meth:`on_post_build`), so it reads none."""
        return not (self.quick and self._built_once)

    @property
    def build(self) -> _Build:
        if self._build is None:
            raise PluginError("careguide: content was not loaded (on_config did not run)")
        return self._build

    @_reported
    def on_startup(self, command: str, dirty: bool) -> None:
        """Remember whether this is a ``--dirty`` build (``make serve`` uses one), and whether
        it is a local preview (``mkdocs serve``: no compressed copies)."""
        self.dirty = dirty
        self.preview.serving = command == "serve"
        if self.preview.serving:
            heap = Heap(lambda: self._built_once) if self.quick else None
            self._unwrap = keep_serving(self.preview, heap)

    def on_serve(self, server: LiveReloadServer) -> LiveReloadServer:
        """Show careguide's errors in the browser instead of a preview that seems stuck."""
        return install(server, self.preview)

    def on_shutdown(self) -> None:
        """Stop the process that makes the plain files for ``make serve``."""
        self.outputs.shutdown()
        self._unwrap()

    @_reported
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check all content, render the pages, write the plain files, and set the
        navigation and the theme."""
        self._build = None
        checkpoint("plugin: on_config")
        project = Path(config.config_file_path).resolve().parent
        store = Store.beside(config.config_file_path)
        cache = ParseCache(store.path("yaml"))
        reuse = self.records if self.quick else None
        catalog = load_catalog(project / "content", cache=cache, strict=strict_dates(), reuse=reuse)
        for line in reminders(catalog, project) if catalog.stale else []:
            log.info(line)
        checkpoint("plugin: content loaded")
        site_url = public_address(config.site_url, catalog.site, preview=self.preview.serving)
        config.site_url = site_url
        pages = render_pages(catalog, site_url)
        if self.quick:
            files = self.outputs.files(
                catalog, site_url, store, project / "content", self.records.digests
            )
            self.themes.keep(config.theme)
            if self._built_once:  # the first build wrote 404.html; no crawler reads a preview
                config.theme.static_templates.difference_update({"sitemap.xml", "404.html"})
        else:
            files = write_files(catalog, site_url, store)
        self._build = _Build(catalog, store, pages, files)
        checkpoint("plugin: plain files written")
        config.nav = build_nav(catalog, Path(config.docs_dir))
        if self._warnings is not None:
            self._warnings.detach()
        self._warnings = PageWarnings(page_origins(pages), strict=config.strict, root=project)
        self._warnings.attach()
        if str(THEME_DIR) not in config.theme.dirs:
            # After the site's own custom_dir (if any), before Material's templates.
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(THEME_DIR))
        log.info("careguide: %d generated pages", len(pages))
        return config

    @_reported
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages and files; two things with one destination stop the build.

        In a ``--dirty`` build each generated page is backed by a copy under ``.cache/`` that is
        rewritten only when its content changed, so MkDocs rebuilds only the pages that changed
        (a file held in memory always counts as modified). An :class:`HtmlPage` is compared by
        its fingerprint, what it is made from; it is rendered once, when MkDocs writes it.
        """
        build = self.build
        project = Path(config.config_file_path).resolve().parent
        destinations = addresses.Destinations(project)
        for file in [f for f in files if f.src_uri.startswith(addresses.UNUSED_THEME_FOLDERS)]:
            files.remove(file)
        for file in files:
            origin = Origin(Path(file.abs_src_path)) if file.abs_src_path else None
            what = "手写页面" if file.is_documentation_page() else "网站文件"
            destinations.claim(file.src_uri, origin, what)
        fingerprints = None
        if self.dirty:
            earlier = self._fingerprints if self.quick else None
            fingerprints = Fingerprints(build.catalog, config.site_url or "/", earlier)
            self._fingerprints = fingerprints
        in_nav = nav_pages(config.nav)
        self.sources.begin()
        for page in build.pages:
            if not destinations.claim(page.src_uri, page.origin, page.kind):
                continue
            if self.quick and isinstance(page, HtmlPage) and page.src_uri not in in_nav:
                assert fingerprints is not None
                if self.sources.unchanged(page.src_uri, fingerprints.of(page)):
                    continue  # built from the same source: its file in the site is up to date
            file = self._page_file(page, config, build.store, fingerprints)
            files.append(file)
            if isinstance(page, HtmlPage):
                GeneratedHtmlPage(file, config, page)
        for written in build.files:
            if destinations.claim(written.path, written.origin, written.kind):
                files.append(File.generated(config, written.path, abs_src_path=str(written.copy)))
        destinations.check()
        build.site_files = files
        checkpoint("plugin: on_files")
        return files

    def _page_file(
        self,
        page: MarkdownPage | HtmlPage,
        config: MkDocsConfig,
        store: Store,
        fingerprints: Fingerprints | None,
    ) -> File:
        """The file MkDocs gets for a generated page: its Markdown, or nothing for an HTML page
        (rendered later); in a ``--dirty`` build a copy under ``.cache/`` holding the Markdown or
        the fingerprint, so that an unchanged page keeps its file (and MkDocs skips it)."""
        if isinstance(page, MarkdownPage):
            source = page.markdown.encode("utf-8")
        else:
            source = fingerprints.of(page) if fingerprints else b""
        if fingerprints is None:
            return File.generated(config, page.src_uri, content=source)
        if self.quick:
            backing = self.sources.backing(store, page.src_uri, source)
        else:
            backing = store.generated(page.src_uri, source)
        return File.generated(config, page.src_uri, abs_src_path=str(backing))

    @_reported
    def on_page_content(self, html: str, page: Page, files: Files) -> str:
        """Sanitise the HTML of generated Markdown pages (hand-written pages under docs/ are
        trusted), and give the page's sections to the search index."""
        if isinstance(page, GeneratedHtmlPage):
            return html  # filled in on_page_context
        html = clean(html) if page.file.generated_by else html
        if self._indexing:
            self.search.add(page, html, files)
        return html

    @_reported
    def on_nav(self, nav: Navigation) -> Navigation:
        """Remember the navigation, for :meth:`on_env`."""
        self.build.nav = nav
        return nav

    @_reported
    def on_env(self, env: jinja2.Environment) -> jinja2.Environment:
        """Share the navigation fragments between the pages outside the navigation; give the
        theme the site's settings (the footer's filing numbers)."""
        env.globals["careguide_site"] = self.build.catalog.site
        nav = self.build.nav
        if nav is not None:
            fragments.install(env, nav)
        return env

    @_reported
    def on_page_context(self, page: Page) -> None:
        """Render the body of a generated HTML page just before MkDocs writes it."""
        if isinstance(page, GeneratedHtmlPage):
            site_files = self.build.site_files
            assert site_files is not None
            html = page.fill()
            if self._indexing:
                self.search.add(page, html, site_files)

    @_reported
    def on_post_page(self, output: str, page: Page | None = None) -> str:
        """Make the theme's markup valid HTML on every page (and on 404.html, a template);
        forget the body of a generated HTML page once it is written."""
        if isinstance(page, GeneratedHtmlPage):
            page.release()
        checkpoint("plugin: a page about to be written")
        return fix_theme_markup(output)

    @_reported
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Stop a strict build whose generated pages MkDocs warned about, naming the content
        (:mod:`careguide.web.warnings`); write the search index (Pagefind) into the built site.

        A ``--dirty`` preview keeps the index it already has: indexing every section again would
        make each save wait for work proportional to the whole site. ``make site`` always does.
        Then, except under ``mkdocs serve``, every text file gets its ``.gz`` and ``.br`` copies.
        """
        warned = self._warnings.problems if self._warnings is not None else []
        if warned:
            root = Path(config.config_file_path).resolve().parent
            raise ContentError(sorted(warned, key=_place), root=root)
        site_dir = Path(config.site_dir)
        if self.quick:
            self.sources.built()
            self.outputs.after_build(site_dir)
            self._built_once = True
        if self.dirty and (site_dir / addresses.SEARCH_INDEX).is_dir():
            log.info("careguide search: preview build, search index not refreshed (make site does)")
        else:
            places = [division.name for division in self.build.catalog.site.divisions]
            checkpoint("plugin: search index to be written")
            self.search.write(config, self.build.store, places)
            checkpoint("plugin: search index written")
        if not self.preview.serving:  # the preview stays fast; its server compresses nothing
            count = precompress(site_dir, self.build.store)
            log.info("careguide: %d files pre-compressed (.gz, .br)", count)
