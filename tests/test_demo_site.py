"""The shipped demo content builds into the whole site, as `make site` does."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from careguide.content.catalog import load_catalog
from careguide.templating import URGENCY
from helpers import DEMO_BUILT_ON, REPO


def test_every_centre_has_its_page_and_poster(demo_site: Path) -> None:
    catalog = load_catalog(REPO / "content")
    assert len(catalog.centres) == 23
    assert sum(centre.level == "city" for centre in catalog.centres) == 1
    for centre in catalog.centres:
        assert (demo_site / "centres" / centre.id / "index.html").is_file()
        assert (demo_site / "centres" / centre.id / "poster/index.html").is_file()
        assert (demo_site / "calendar" / f"{centre.id}.ics").is_file()


def test_the_demo_has_both_books_classes_and_data(demo_site: Path) -> None:
    catalog = load_catalog(REPO / "content", now=DEMO_BUILT_ON)
    for book in catalog.books:
        for chapter in book.chapters:
            assert (demo_site / book.id / chapter.id / "index.html").is_file()
    assert len(catalog.classes) >= 10
    assert catalog.past_classes() and catalog.upcoming_classes()
    assert all(item.example for item in catalog.classes)
    for path in ("api/centres.json", "api/classes.json", "calendar/all.ics", "classes/past/"):
        assert (demo_site / path).exists()


def test_each_printed_book_has_every_chapter_in_its_contents_and_bookmarks(demo_site: Path) -> None:
    catalog = load_catalog(REPO / "content", now=DEMO_BUILT_ON)
    for book in catalog.books:
        reader = PdfReader(demo_site / "downloads" / f"{book.id}.pdf")
        bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
        assert bookmarks == ["目录", *(chapter.title for chapter in book.chapters)]
        contents = "".join(page.extract_text() for page in reader.pages[1:4])
        assert all(chapter.title in contents for chapter in book.chapters)


def test_every_urgency_box_of_the_books_shows_its_symptoms_at_one_level(demo_site: Path) -> None:
    """On the pages, a symptom of the register appears only in boxes of its own level."""
    catalog = load_catalog(REPO / "content", now=DEMO_BUILT_ON)
    level_of = {symptom.text: symptom.level for symptom in catalog.symptoms.values()}
    seen = 0
    for book in catalog.books:
        for chapter in book.chapters:
            html = (demo_site / book.id / chapter.id / "index.html").read_text(encoding="utf-8")
            for box in BeautifulSoup(html, "html.parser").select(".admonition.cg-alert"):
                level = next(c.removeprefix("cg-") for c in box["class"] if c in LEVEL_CLASSES)
                for item in box.select("ul > li"):
                    text = item.get_text(" ", strip=True)
                    if text in level_of:
                        seen += 1
                        assert level_of[text] == level, (chapter.id, text)
    assert seen >= len(catalog.symptoms) // 2


LEVEL_CLASSES = {f"cg-{level}" for level in URGENCY}
