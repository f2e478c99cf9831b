"""What careguide does at each MkDocs event; ``hooks/careguide_hooks.py`` forwards to it.

State is rebuilt in :func:`on_config` on every build, because the hook module survives the
rebuilds of ``mkdocs serve``.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import weasyprint
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from careguide.addresses import centre_url
from careguide.content.catalog import Catalog, load_catalog
from careguide.content.documents import ParseCache
from careguide.errors import ContentError
from careguide.outputs.calendar import calendar_files
from careguide.outputs.opendata import opendata_files
from careguide.outputs.pdf import STYLESHEET, PdfError, book_html, html_pdf
from careguide.outputs.qr import qr_png
from careguide.outputs.redirects import redirect_files
from careguide.sanitize import clean
from careguide.search import index as search
from careguide.store import OutputCache
from careguide.web import fragments
from careguide.web.htmlpage import GeneratedHtmlPage
from careguide.web.markup import fix_theme_markup
from careguide.web.nav import build_nav
from careguide.web.pages import HtmlPage, Page, fingerprint, render_pages, shared_inputs

log = logging.getLogger("mkdocs.plugins.careguide")

THEME_DIR = Path(__file__).parent / "theme"


@dataclass
class _State:
    catalog: Catalog
    pages: list[Page | HtmlPage]
    files: dict[str, Path]
    """Other generated files (PDFs, images, redirects, calendars, data): their copy under
    ``.cache/``, by their path in the site. They are written there as they are made, so a
    province's calendars and data are not all held in memory while MkDocs builds."""
    site_files: Files | None = None
    """Every file of the site, once MkDocs has collected them."""
    nav: Navigation | None = None


_state: _State | None = None
_dirty = False


def content_dir(config: MkDocsConfig) -> Path:
    """``content/`` next to ``mkdocs.yml``."""
    return Path(config.config_file_path).resolve().parent / "content"


def cache_dir(config: MkDocsConfig) -> Path:
    """``.cache/careguide/`` next to ``mkdocs.yml``: safe to delete at any time."""
    return Path(config.config_file_path).resolve().parent / ".cache" / "careguide"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check all content, render the pages, and set the navigation and theme."""
    global _state
    try:
        catalog = load_catalog(content_dir(config), cache=ParseCache(cache_dir(config) / "yaml"))
    except ContentError as error:
        _state = None
        raise PluginError(error.report()) from None
    site_url = config.site_url or "/"
    pages = render_pages(catalog, site_url)
    cache = OutputCache(cache_dir(config))
    backing = cache_dir(config) / "generated"
    try:
        files = {
            path: _write_if_changed(backing / path, content)
            for made in (_book_pdfs(catalog, cache), _other_files(catalog, site_url, cache))
            for path, content in made
        }
    except PdfError as error:
        raise PluginError(str(error)) from None
    _state = _State(catalog, pages, files)
    config.nav = build_nav(catalog, Path(config.docs_dir))
    if str(THEME_DIR) not in config.theme.dirs:
        # After the site's own custom_dir (if any), before Material's templates.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
    log.info("careguide: %d generated pages", len(pages))
    return config


def _book_pdfs(catalog: Catalog, cache: OutputCache) -> Iterator[tuple[str, bytes]]:
    """``downloads/<book-id>.pdf`` for each book, laid out again only when its input changed."""
    stylesheet = STYLESHEET.read_bytes()
    for book in catalog.books:
        html = book_html(catalog, book)
        make = functools.partial(html_pdf, html, book)
        inputs = [weasyprint.__version__, stylesheet, html]
        yield f"downloads/{book.id}.pdf", cache.get("pdf", inputs, make)


def _other_files(
    catalog: Catalog, site_url: str, cache: OutputCache
) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
    for centre in catalog.centres:
        url = centre_url(site_url, centre.id)
        yield f"assets/qr/{centre.id}.png", cache.get("qr", [url], functools.partial(qr_png, url))
    yield from redirect_files(catalog, site_url).items()
    yield from calendar_files(catalog, site_url, cache.root / "calendar-events.pickle")
    yield from opendata_files(catalog, site_url)


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is a ``--dirty`` build (``make serve`` uses one)."""
    global _dirty
    _dirty = dirty


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and files; a hand-written page may not take their place.

    In a ``--dirty`` build each generated page is backed by a copy under ``.cache/`` that is
    rewritten only when its content changed, so MkDocs rebuilds only the pages that changed
    (a file held in memory always counts as modified). An :class:`HtmlPage` is compared by
    what it is made from; it is rendered once, when MkDocs writes it.
    """
    state = _require_state()
    html_pages = {page.src_uri: page for page in state.pages if isinstance(page, HtmlPage)}
    backing = cache_dir(config) / "generated"
    shared = shared_inputs(state.catalog, config.site_url or "/") if _dirty else b""
    generated: dict[str, bytes | Path] = {
        page.src_uri: _page_source(page, shared, state.catalog) for page in state.pages
    }
    generated.update(state.files)
    for path, content in generated.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} 与自动生成的文件同名 — 请删除或改名这个手写文件")
        if isinstance(content, Path):
            file = File.generated(config, path, abs_src_path=str(content))
        elif _dirty:
            source = _write_if_changed(backing / path, content)
            file = File.generated(config, path, abs_src_path=str(source))
        else:
            file = File.generated(config, path, content=content)
        files.append(file)
        if path in html_pages:
            GeneratedHtmlPage(file, config, html_pages[path])
    state.site_files = files
    return files


def _page_source(page: Page | HtmlPage, shared: bytes, catalog: Catalog) -> bytes:
    """What a generated page's file holds: its Markdown; for an HTML page nothing, or in a
    ``--dirty`` build its :func:`fingerprint`, so that an unchanged page keeps its file (and
    MkDocs skips it)."""
    if isinstance(page, Page):
        return page.markdown.encode("utf-8")
    return fingerprint(page, shared, catalog.centres_by_id) if _dirty else b""


def _write_if_changed(path: Path, content: bytes | Iterable[bytes]) -> Path:
    """``path``, holding ``content`` (given whole or in pieces); left untouched, and its time
    too, when it already held it."""
    if isinstance(content, bytes) and _holds(path, content):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as output:
        output.writelines([content] if isinstance(content, bytes) else content)
    if not isinstance(content, bytes) and _same_bytes(temporary, path):
        temporary.unlink()
        return path
    temporary.replace(path)  # a build running at the same time never reads half a file
    return path


def _same_bytes(new: Path, old: Path) -> bool:
    """Whether two files hold the same bytes (read a block at a time: they can be large)."""
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        with new.open("rb") as one, old.open("rb") as other:
            while block := one.read(1 << 20):
                if block != other.read(1 << 20):
                    return False
        return True
    except OSError:
        return False


def _holds(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def on_page_content(html: str, page: MkDocsPage, files: Files) -> str:
    """Sanitise the HTML of generated Markdown pages (hand-written pages under docs/ are
    trusted), and remember the page's sections for the search index."""
    if isinstance(page, GeneratedHtmlPage):
        return html  # filled in on_page_context
    html = clean(html) if page.file.generated_by else html
    search.on_page_content(html, page, files)
    return html


def on_nav(nav: Navigation) -> None:
    """Remember the navigation, for :func:`on_env`."""
    _require_state().nav = nav


def on_env(env: jinja2.Environment) -> jinja2.Environment:
    """Share the navigation fragments between the pages outside the navigation."""
    nav = _require_state().nav
    if nav is not None:
        fragments.install(env, nav)
    return env


def on_page_context(page: MkDocsPage) -> None:
    """Render the body of a generated HTML page just before MkDocs writes it."""
    if isinstance(page, GeneratedHtmlPage):
        search.on_page_content(page.fill(), page, _require_state().site_files)


def on_post_page(output: str, page: MkDocsPage | None = None) -> str:
    """Make the theme's markup valid HTML on every page (and on 404.html, a template); forget
    the body of a generated HTML page once it is written."""
    if isinstance(page, GeneratedHtmlPage):
        page.release()
    return fix_theme_markup(output)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the search index (Pagefind) into the built site.

    A ``--dirty`` preview keeps the index it already has: indexing every section again would
    make each save wait for work proportional to the whole site. ``make site`` always indexes.
    """
    if _dirty and (Path(config.site_dir) / search.INDEX_FOLDER).is_dir():
        log.info("careguide search: preview build, search index not refreshed (make site does)")
        return
    search.on_post_build(config, [division.name for division in catalog().site.divisions])


def catalog() -> Catalog:
    """The Catalog of the current build."""
    return _require_state().catalog


def _require_state() -> _State:
    if _state is None:
        raise PluginError("careguide: content was not loaded (on_config did not run)")
    return _state
