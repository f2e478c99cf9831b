"""What careguide does at each MkDocs event; ``hooks/careguide_hooks.py`` forwards to it.

State is rebuilt in :func:`on_config` on every build, because the hook module survives the
rebuilds of ``mkdocs serve``.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from careguide.cache import OutputCache
from careguide.calendar import calendar_files
from careguide.catalog import Catalog, load_catalog
from careguide.errors import ContentError
from careguide.markup import fix_theme_markup
from careguide.nav import build_nav
from careguide.opendata import opendata_files
from careguide.pages import Page, render_pages
from careguide.pdf import STYLESHEET, PdfError, book_html, html_pdf
from careguide.qr import qr_png
from careguide.redirects import redirect_files
from careguide.sanitize import clean

log = logging.getLogger("mkdocs.plugins.careguide")

THEME_DIR = Path(__file__).parent / "theme"


@dataclass
class _State:
    catalog: Catalog
    pages: list[Page]
    files: dict[str, bytes]
    """Other generated files (images, redirects, calendars, data), by their path in the site."""


_state: _State | None = None


def content_dir(config: MkDocsConfig) -> Path:
    """``content/`` next to ``mkdocs.yml``."""
    return Path(config.config_file_path).resolve().parent / "content"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check all content, render the pages, and set the navigation and theme."""
    global _state
    try:
        catalog = load_catalog(content_dir(config))
    except ContentError as error:
        _state = None
        raise PluginError(error.report()) from None
    site_url = config.site_url or "/"
    pages = render_pages(catalog, site_url)
    cache = OutputCache(Path(config.config_file_path).resolve().parent / ".cache" / "careguide")
    try:
        books = _book_pdfs(catalog, cache)
    except PdfError as error:
        raise PluginError(str(error)) from None
    _state = _State(catalog, pages, {**_other_files(catalog, site_url), **books})
    config.nav = build_nav(catalog, Path(config.docs_dir))
    if str(THEME_DIR) not in config.theme.dirs:
        # After the site's own custom_dir (if any), before Material's templates.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
    log.info("careguide: %d generated pages", len(pages))
    return config


def _book_pdfs(catalog: Catalog, cache: OutputCache) -> dict[str, bytes]:
    """``downloads/<book-id>.pdf`` for each book, laid out again only when its input changed."""
    stylesheet = STYLESHEET.read_bytes()
    files = {}
    for book in catalog.books:
        html = book_html(catalog, book)
        make = functools.partial(html_pdf, html, book)
        inputs = [weasyprint.__version__, stylesheet, html]
        files[f"downloads/{book.id}.pdf"] = cache.get("pdf", inputs, make)
    return files


def _other_files(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    files = {
        f"assets/qr/{centre.id}.png": qr_png(f"{site_url}centres/{centre.id}/")
        for centre in catalog.centres
    }
    files.update(redirect_files(catalog, site_url))
    files.update(calendar_files(catalog, site_url))
    files.update(opendata_files(catalog, site_url))
    return files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages as virtual files; a hand-written page may not take their place."""
    state = _require_state()
    for page in state.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} 与自动生成的页面同名 — 请删除或改名这个手写文件"
            )
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    for path, content in state.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} 与自动生成的文件同名 — 请删除或改名这个手写文件")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_content(html: str, page: MkDocsPage) -> str:
    """Sanitise the HTML of generated pages; hand-written pages under docs/ are trusted."""
    return clean(html) if page.file.generated_by else html


def on_post_page(output: str) -> str:
    """Make the theme's markup valid HTML on every page (and on 404.html, a template)."""
    return fix_theme_markup(output)


def catalog() -> Catalog:
    """The Catalog of the current build."""
    return _require_state().catalog


def _require_state() -> _State:
    if _state is None:
        raise PluginError("careguide: content was not loaded (on_config did not run)")
    return _state
