"""Guidance centres: the city-level centre and one per county-level division."""

from __future__ import annotations

from typing import Literal

from careguide.content.fields import Day, Flag, Ids, LongText, Phone, Record, Slug, Text, Url


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
    phone: Phone | None = None
    """One number, e.g. 0311-86001234, 0311-86001234 转 801, 13912345678 or 12356."""
    hours: Text | None = None
    services: tuple[Text, ...] = ()
    website: Url | None = None
    """An http:// or https:// address."""
    checked: Day
    """When the centre's details were last checked."""
    example: Flag = False
    note: LongText | None = None
    former_ids: Ids = ()
