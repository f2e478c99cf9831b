"""MkDocs hooks: a thin shim that forwards MkDocs events to the careguide package.

MkDocs puts this folder on ``sys.path`` while importing the file, so ``careguide`` imports
without being installed.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
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


def on_post_page(output: str, **_: object) -> str:
    return plugin.on_post_page(output)


def on_post_template(output_content: str, **_: object) -> str:
    return plugin.on_post_page(output_content)


def on_post_build(config: MkDocsConfig) -> None:
    plugin.on_post_build(config)
