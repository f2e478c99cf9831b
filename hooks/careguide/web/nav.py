"""The site navigation, generated from the content in the order the YAML gives."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from careguide import addresses
from careguide.content.catalog import Catalog

NavItem = str | dict[str, Any]

HAND_WRITTEN = (("关于本站", "about.md"),)
"""Hand-written pages under ``docs/`` that get a tab of their own when they exist."""


def build_nav(catalog: Catalog, docs_dir: Path) -> list[NavItem]:
    """Home, 宝宝时间表 (the baby's timetable, when the site has the schedule), the two books, the
    centre directory, the classes, then hand-written pages.

    Titles are HTML-escaped: the theme prints navigation titles into the page as they are.

    Centre and class detail pages stay out of the navigation: at province scale a sidebar
    listing thousands of pages would be rendered into every page.
    """
    nav: list[NavItem] = [{"首页": addresses.HOME}]
    if catalog.immunisation is not None:  # the page works from the schedule
        nav.append({"宝宝时间表": addresses.MY_BABY})
    for book in catalog.books:
        chapters: list[NavItem] = [addresses.book(book.id)]
        chapters += [
            {escape(chapter.title): addresses.chapter(book.id, chapter.id)}
            for chapter in book.chapters
        ]
        nav.append({escape(book.info.short_title): chapters})
    nav.append({"指导中心": [addresses.CENTRES]})
    past = {"往期课程": addresses.past_classes()}
    nav.append({"课程": [addresses.upcoming_classes(), past]})
    nav += [{title: path} for title, path in HAND_WRITTEN if (docs_dir / path).is_file()]
    return nav
