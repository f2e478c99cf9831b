"""Open data: the centres and classes as JSON (``/api/*.json``), with their JSON Schemas.

Every record carries every field (``null`` when unknown), so users of the data need no guessing.
The files depend only on the Catalog's content and the site's address, never on the build time:
whether a class is upcoming is left to the reader (compare ``end`` with the current time).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib.resources import files
from typing import Any

from careguide import addresses
from careguide.content.catalog import Catalog
from careguide.content.centres import Centre
from careguide.content.classes import Class
from careguide.content.schedules import Age, Checkups, Immunisation, Milestones, WarningSigns

SCHEMAS = (
    "centres.schema.json",
    "classes.schema.json",
    "immunisation.schema.json",
    "checkups.schema.json",
    "warning-signs.schema.json",
    "milestones.schema.json",
)
"""Files in ``careguide/schemas/``, published under ``/api/schema/``."""


def opendata_files(catalog: Catalog, site_url: str) -> Iterator[tuple[str, Iterable[bytes]]]:
    """The open data files of the site: their path in the site, and their bytes in pieces.

    A province's classes make a file of tens of megabytes, so each record is written out as
    JSON on its own instead of the whole file being held in memory as one tree and one string.
    ``site_url`` is the site's absolute address ending in ``/`` (as MkDocs normalises it).
    """
    names = {
        "topics": {topic.id: topic.name for topic in catalog.site.topics},
        "age_bands": {band.id: band.name for band in catalog.site.age_bands},
    }
    centres = (_centre(catalog, centre, site_url) for centre in catalog.centres)
    classes = (_class(catalog, item, names, site_url) for item in catalog.classes)
    yield (
        addresses.open_data("centres"),
        _collection("centres", len(catalog.centres), centres, site_url),
    )
    yield (
        addresses.open_data("classes"),
        _collection("classes", len(catalog.classes), classes, site_url),
    )
    if catalog.immunisation is not None:
        schedule = _immunisation(catalog, catalog.immunisation, site_url)
        yield addresses.open_data("schedules/immunisation"), [(_json(schedule) + "\n").encode()]
    for name, data in (
        ("checkups", catalog.checkups),
        ("warning-signs", catalog.warning_signs),
        ("milestones", catalog.milestones),
    ):
        if data is not None:
            published = _schedule(catalog, name, data, site_url)
            yield addresses.open_data(f"schedules/{name}"), [(_json(published) + "\n").encode()]
    schemas = files("careguide").joinpath("schemas")
    for name in SCHEMAS:
        yield addresses.schema(name), [schemas.joinpath(name).read_bytes()]


def _collection(
    kind: str, count: int, records: Iterator[dict[str, Any]], site_url: str
) -> Iterator[bytes]:
    """The same text as ``json.dumps(collection, ensure_ascii=False, indent=2)``, in pieces."""
    head = {
        "schema": addresses.absolute(site_url, addresses.schema(f"{kind}.schema.json")),
        "generated_from": "careguide",
        "count": count,
    }
    yield (_json(head).removesuffix("\n}") + f',\n  "{kind}": [').encode("utf-8")
    for number, record in enumerate(records):
        separator = ",\n    " if number else "\n    "
        yield (separator + _json(record).replace("\n", "\n    ")).encode("utf-8")
    yield ("\n  ]\n}\n" if count else "]\n}\n").encode("utf-8")


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _centre(catalog: Catalog, centre: Centre, site_url: str) -> dict[str, Any]:
    division = catalog.divisions[centre.division] if centre.division else None
    return {
        "id": centre.id,
        "url": addresses.absolute(site_url, addresses.centre(centre.id)),
        "name": centre.name,
        "level": centre.level,
        "division": None
        if division is None
        else {
            "id": division.id,
            "code": division.code,
            "name": division.name,
            "kind": division.kind,
        },
        "host": centre.host,
        "address": centre.address,
        "phone": centre.phone,
        "hours": centre.hours,
        "services": list(centre.services),
        "website": centre.website,
        "note": centre.note,
        "checked": centre.checked.isoformat(),
        "example": centre.example,
        "calendar": addresses.absolute(site_url, addresses.calendar(centre.id)),
        "former_ids": list(centre.former_ids),
    }


def _class(
    catalog: Catalog, item: Class, names: dict[str, dict[str, str]], site_url: str
) -> dict[str, Any]:
    """One class; ``names`` maps topic and age band ids to their names."""
    centre = catalog.centres_by_id[item.centre]
    return {
        "id": item.id,
        "url": addresses.absolute(site_url, addresses.class_page(item.id)),
        "title": item.title,
        "status": item.status,
        "format": item.format,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "moved_from": item.moved_from.isoformat() if item.moved_from else None,
        "centre": {
            "id": centre.id,
            "name": centre.name,
            "url": addresses.absolute(site_url, addresses.centre(centre.id)),
        },
        "location": item.location,
        "audience": item.audience,
        "age_bands": _named(item.age_bands, names["age_bands"]),
        "topics": _named(item.topics, names["topics"]),
        "capacity": item.capacity,
        "registration": item.registration,
        "description": item.description,
        "example": item.example,
        "revision": item.revision,
        "former_ids": list(item.former_ids),
    }


def _immunisation(catalog: Catalog, schedule: Immunisation, site_url: str) -> dict[str, Any]:
    """The schedule as published: the same fields as the YAML, ages also in months."""

    def months(age: Age | None) -> float | None:
        return None if age is None else round(age.months, 4)

    return {
        "schema": addresses.absolute(site_url, addresses.schema("immunisation.schema.json")),
        "generated_from": "careguide",
        "title": schedule.title,
        "number": schedule.number,
        "issued": schedule.issued.isoformat(),
        "reviewed": schedule.reviewed.isoformat(),
        "sources": [_source(catalog, source_id) for source_id in schedule.sources],
        "options": [option.model_dump() for option in schedule.options],
        "doses": [
            {
                **dose.model_dump(exclude={"age", "complete_before", "option", "note"}),
                "age": str(dose.age),
                "age_months": months(dose.age),
                "complete_before": None
                if dose.complete_before is None
                else str(dose.complete_before),
                "complete_before_months": months(dose.complete_before),
                "option": dose.option,
                "note": dose.note,
            }
            for dose in sorted(schedule.doses, key=lambda d: (d.age, d.id))
        ],
    }


def _schedule(
    catalog: Catalog, name: str, data: Checkups | WarningSigns | Milestones, site_url: str
) -> dict[str, Any]:
    """A schedule as published: its fields as in the YAML (ages written ``3m``), its sources."""
    fields = data.model_dump(mode="json", exclude={"sources"})
    return {
        "schema": addresses.absolute(site_url, addresses.schema(f"{name}.schema.json")),
        "generated_from": "careguide",
        **{key: fields.pop(key) for key in ("title", "reviewed")},
        "sources": [_source(catalog, source_id) for source_id in data.sources],
        **fields,
    }


def _source(catalog: Catalog, source_id: str) -> dict[str, Any]:
    source = catalog.sources[source_id]
    return {
        "id": source_id,
        "title": source.title,
        "issuer": source.issuer,
        "year": source.year,
        "number": source.number,
    }


def _named(ids: tuple[str, ...], names: dict[str, str]) -> list[dict[str, str]]:
    return [{"id": some_id, "name": names[some_id]} for some_id in ids]
