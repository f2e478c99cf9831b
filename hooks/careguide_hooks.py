"""MkDocs hooks: a thin shim that forwards MkDocs events to the careguide package.

MkDocs puts this folder on ``sys.path`` while importing the file, so ``careguide`` imports
without being installed.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from careguide import plugin


def on_startup(command: str, dirty: bool) -> None:
    plugin.on_startup(command, dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return plugin.on_config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return plugin.on_files(files, config)


def on_page_content(html: str, page: Page, files: Files, **_: object) -> str:
    return plugin.on_page_content(html, page, files)


def on_nav(nav: Navigation, **_: object) -> Navigation:
    plugin.on_nav(nav)
    return nav


def on_env(env: Environment, **_: object) -> Environment:
    return plugin.on_env(env)


def on_page_context(context: dict, page: Page, **_: object) -> dict:
    plugin.on_page_context(page)
    return context


def on_post_page(output: str, page: Page, **_: object) -> str:
    return plugin.on_post_page(output, page)


def on_post_template(output_content: str, **_: object) -> str:
    return plugin.on_post_page(output_content)


def on_post_build(config: MkDocsConfig) -> None:
    plugin.on_post_build(config)
