"""The shipped demo content builds into the whole site, as `make site` does."""

from __future__ import annotations

from pathlib import Path

from careguide.content.catalog import load_catalog
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
