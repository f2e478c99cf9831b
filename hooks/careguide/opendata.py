"""Open data: the centres and classes as JSON (``/api/*.json``), with their JSON Schemas.

Every record carries every field (``null`` when unknown), so users of the data need no guessing.
The files depend only on the Catalog's content and the site's address, never on the build time:
whether a class is upcoming is left to the reader (compare ``end`` with the current time).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from careguide.catalog import Catalog
from careguide.centres import Centre
from careguide.classes import Class
from careguide.urls import calendar_url, centre_url, class_url

SCHEMAS = ("centres.schema.json", "classes.schema.json")
"""Files in ``careguide/schemas/``, published under ``/api/schema/``."""


def opendata_files(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """The open data files of the site, keyed by their path in the site.

    ``site_url`` is the site's absolute address ending in ``/`` (as MkDocs normalises it).
    """
    centres = [_centre(catalog, centre, site_url) for centre in catalog.centres]
    names = {
        "topics": {topic.id: topic.name for topic in catalog.site.topics},
        "age_bands": {band.id: band.name for band in catalog.site.age_bands},
    }
    classes = [_class(catalog, item, names, site_url) for item in catalog.classes]
    published = {
        "api/centres.json": _dump(_collection("centres", centres, site_url)),
        "api/classes.json": _dump(_collection("classes", classes, site_url)),
    }
    schemas = files("careguide").joinpath("schemas")
    for name in SCHEMAS:
        published[f"api/schema/{name}"] = schemas.joinpath(name).read_bytes()
    return published


def _collection(kind: str, records: list[dict[str, Any]], site_url: str) -> dict[str, Any]:
    return {
        "schema": f"{site_url}api/schema/{kind}.schema.json",
        "generated_from": "careguide",
        "count": len(records),
        kind: records,
    }


def _dump(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _centre(catalog: Catalog, centre: Centre, site_url: str) -> dict[str, Any]:
    division = catalog.divisions[centre.division] if centre.division else None
    return {
        "id": centre.id,
        "url": centre_url(site_url, centre.id),
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
        "calendar": calendar_url(site_url, centre.id),
        "former_ids": list(centre.former_ids),
    }


def _class(
    catalog: Catalog, item: Class, names: dict[str, dict[str, str]], site_url: str
) -> dict[str, Any]:
    """One class; ``names`` maps topic and age band ids to their names."""
    centre = catalog.centres_by_id[item.centre]
    return {
        "id": item.id,
        "url": class_url(site_url, item.id),
        "title": item.title,
        "status": item.status,
        "format": item.format,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "centre": {
            "id": centre.id,
            "name": centre.name,
            "url": centre_url(site_url, centre.id),
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


def _named(ids: tuple[str, ...], names: dict[str, str]) -> list[dict[str, str]]:
    return [{"id": some_id, "name": names[some_id]} for some_id in ids]
