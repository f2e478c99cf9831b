"""Guidance centres: the city-level centre and one per county-level division."""

from __future__ import annotations

from datetime import date
from typing import Literal

from careguide.validation import LongText, Record, Slug, Text


class Centre(Record):
    """One guidance centre (``content/centres/<id>.yml``).

    Contact details are optional: until a centre gives them, the page says 待公布. A centre
    whose details are not confirmed carries ``example: true`` and is marked 示例数据.
    """

    id: Slug
    name: Text
    level: Literal["city", "county"]
    division: Slug | None = None
    """The county-level division it serves; the city-level centre may leave it out."""
    host: Text | None = None
    """The institution that hosts the centre, e.g. the maternal and child health hospital."""
    address: Text | None = None
    phone: Text | None = None
    hours: Text | None = None
    services: tuple[Text, ...] = ()
    website: Text | None = None
    checked: date
    """When the centre's details were last checked."""
    example: bool = False
    note: LongText | None = None
    former_ids: tuple[Slug, ...] = ()
