"""The preview fingerprint of an HTML page covers everything its template reads.

``make serve`` skips a page whose fingerprint did not change. Every field of every centre, class
and of the site settings is changed in turn; each page whose HTML changes must get a new
fingerprint, or a preview would show a stale page.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

from careguide.content.catalog import Catalog, load_catalog
from careguide.content.classes import Class
from careguide.web import fingerprint as fingerprint_module
from careguide.web.fingerprint import Fingerprints
from careguide.web.htmlpage import HtmlPage
from careguide.web.pages import render_pages
from helpers import MINI, PINNED

SITE_URL = "https://care.example.org/"
REFERENCES = {"id", "centre", "division", "topics", "age_bands", "former_ids"}
"""Fields that name other records: changing them alone would make the content invalid."""


def _changed(value: Any) -> Any:
    """Another value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "改"
    if isinstance(value, tuple):
        return (*value, "新增一项") if all(isinstance(v, str) for v in value) else None
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return value + timedelta(minutes=5)
    if hasattr(value, "isoformat"):
        return value - timedelta(days=1)
    return None


def _variants(record: BaseModel, blanks: dict[str, Any]) -> Iterator[tuple[str, BaseModel]]:
    """The record with one field changed, for every field that can change on its own."""
    for name, field in type(record).model_fields.items():
        if name in REFERENCES:
            continue
        value = getattr(record, name)
        choices = get_args(field.annotation) if get_origin(field.annotation) is Literal else ()
        if choices:  # another allowed value
            new = choices[(choices.index(value) + 1) % len(choices)]
        else:
            new = blanks.get(name) if value is None else _changed(value)
        if name == "start" and isinstance(record, Class):  # keep it before the end
            new = record.start - timedelta(minutes=5)
        if new is None or new == value:
            continue
        yield name, record.model_copy(update={name: new})


BLANKS = {
    "host": "某医院",
    "address": "某路 1 号",
    "phone": "0311-12345678",
    "hours": "周一至周五",
    "website": "https://example.org/",
    "note": "备注",
    "capacity": 30,
    "registration": "电话报名",
    "location": "某社区",
}
"""Values for fields that are empty in the small site."""


def _catalogs(catalog: Catalog) -> Iterator[tuple[str, Catalog]]:
    for index, centre in enumerate(catalog.centres):
        for name, variant in _variants(centre, BLANKS):
            centres = list(catalog.centres)
            centres[index] = variant  # type: ignore[call-overload]
            yield f"{centre.id}.{name}", dataclasses.replace(catalog, centres=tuple(centres))
    for index, item in enumerate(catalog.classes):
        for name, variant in _variants(item, BLANKS):
            classes = list(catalog.classes)
            classes[index] = variant  # type: ignore[call-overload]
            yield f"{item.id}.{name}", dataclasses.replace(catalog, classes=tuple(classes))
    for name, variant in _variants(catalog.site, {}):
        yield f"site.{name}", dataclasses.replace(catalog, site=variant)  # type: ignore[arg-type]


def _html_pages(
    catalog: Catalog, previous: Fingerprints | None = None
) -> tuple[Fingerprints, dict[str, tuple[bytes, str]]]:
    """Each HTML page's fingerprint and its rendered body, title and JSON-LD; with
    ``previous``, fingerprints taken from it where a page's variables did not change, as
    ``make serve`` does."""
    fingerprints = Fingerprints(catalog, SITE_URL, previous)
    found = {}
    for page in render_pages(catalog, SITE_URL):
        if isinstance(page, HtmlPage):
            rendered = page.render()
            shown = f"{page.meta}\n{rendered.meta}\n{rendered.html}"
            found[page.src_uri] = (fingerprints.of(page), shown)
    return fingerprints, found


def stale_pages(catalog: Catalog, *, chained: bool = False) -> list[str]:
    """Pages whose HTML an edit changes while their fingerprint stays the same. ``chained``:
    the edited catalog (whose other records are the same objects) is fingerprinted after the
    unedited one, reusing its fingerprints."""
    first, before = _html_pages(catalog)
    stale = []
    for change, edited in _catalogs(catalog):
        _, after = _html_pages(edited, first if chained else None)
        for uri, (fingerprint, html) in after.items():
            if uri in before and before[uri][1] != html and before[uri][0] == fingerprint:
                stale.append(f"{change} → {uri}")
    return stale


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(MINI / "content", now=PINNED)


@pytest.mark.parametrize("chained", [False, True], ids=["fresh", "reused"])
def test_every_edit_that_changes_a_page_changes_its_fingerprint(
    catalog: Catalog, chained: bool
) -> None:
    assert stale_pages(catalog, chained=chained) == []


def test_a_save_reuses_the_fingerprints_of_the_pages_it_did_not_change(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming a centre computes the fingerprints of the pages that show it (its pages, the
    directory, its classes and the lists of them) again; every other page keeps its own."""
    first, before = _html_pages(catalog)
    centre = catalog.centres[0]
    renamed = centre.model_copy(update={"name": centre.name + "改"})
    edited = dataclasses.replace(catalog, centres=(renamed, *catalog.centres[1:]))
    computed = []

    def digest(text: bytes, **options: Any) -> Any:
        computed.append(text)
        return hashlib.blake2b(text, **options)

    monkeypatch.setattr(
        fingerprint_module, "hashlib", SimpleNamespace(sha256=hashlib.sha256, blake2b=digest)
    )
    _, after = _html_pages(edited, first)
    changed = {uri for uri in after if after[uri][0] != before[uri][0]}
    assert {uri for uri in after if after[uri][1] != before[uri][1]} <= changed
    assert {f"centres/{centre.id}/index.md", "centres/index.md"} <= changed
    assert len(changed) <= len(computed) < len(after) / 2


def test_a_fingerprint_that_missed_what_a_template_reads_would_be_caught(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The class lists show each class's centre name: without it, renaming a centre leaves
    the lists stale, and the check above says which."""
    monkeypatch.setattr(
        Fingerprints,
        "_text",
        lambda self, value: (
            value.model_dump_json() if isinstance(value, BaseModel) else repr(value)
        ),
    )
    stale = stale_pages(catalog)
    assert "zhengding.name → classes/index.md" in stale
