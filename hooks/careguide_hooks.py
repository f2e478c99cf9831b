"""MkDocs hooks: a thin shim that forwards MkDocs events to one :class:`careguide.plugin.Careguide`.

MkDocs imports this file once per process (and keeps it across the rebuilds of ``mkdocs serve``),
putting this folder on ``sys.path`` meanwhile, so ``careguide`` imports without being installed.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from careguide.plugin import Careguide

careguide = Careguide()


def on_startup(command: str, dirty: bool) -> None:
    careguide.on_startup(command, dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return careguide.on_config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return careguide.on_files(files, config)


def on_page_content(html: str, page: Page, files: Files, **_: object) -> str:
    return careguide.on_page_content(html, page, files)


def on_nav(nav: Navigation, **_: object) -> Navigation:
    return careguide.on_nav(nav)


def on_env(env: Environment, **_: object) -> Environment:
    return careguide.on_env(env)


def on_page_context(context: dict, page: Page, **_: object) -> dict:
    careguide.on_page_context(page)
    return context


def on_post_page(output: str, page: Page, **_: object) -> str:
    return careguide.on_post_page(output, page)


def on_post_template(output_content: str, **_: object) -> str:
    return careguide.on_post_page(output_content)


def on_post_build(config: MkDocsConfig) -> None:
    careguide.on_post_build(config)


def on_serve(server: LiveReloadServer, **_: object) -> LiveReloadServer:
    return careguide.on_serve(server)


def on_shutdown() -> None:
    careguide.on_shutdown()
