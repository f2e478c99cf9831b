"""The preview fingerprint of an HTML page covers everything its template reads.

``make serve`` skips a page whose fingerprint did not change. Every field of every centre, class
and of the site settings is changed in turn; each page whose HTML changes must get a new
fingerprint, or a preview would show a stale page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

from careguide.content.catalog import Catalog, load_catalog
from careguide.content.classes import Class
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


def _html_pages(catalog: Catalog) -> dict[str, tuple[bytes, str]]:
    """Each HTML page's fingerprint and its rendered body, title and JSON-LD."""
    fingerprints = Fingerprints(catalog, SITE_URL)
    found = {}
    for page in render_pages(catalog, SITE_URL):
        if isinstance(page, HtmlPage):
            rendered = page.render()
            shown = f"{page.meta}\n{rendered.meta}\n{rendered.html}"
            found[page.src_uri] = (fingerprints.of(page), shown)
    return found


def stale_pages(catalog: Catalog) -> list[str]:
    """Pages whose HTML an edit changes while their fingerprint stays the same."""
    before = _html_pages(catalog)
    stale = []
    for change, edited in _catalogs(catalog):
        after = _html_pages(edited)
        for uri, (fingerprint, html) in after.items():
            if uri in before and before[uri][1] != html and before[uri][0] == fingerprint:
                stale.append(f"{change} → {uri}")
    return stale


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(MINI / "content", now=PINNED)


def test_every_edit_that_changes_a_page_changes_its_fingerprint(catalog: Catalog) -> None:
    assert stale_pages(catalog) == []


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
