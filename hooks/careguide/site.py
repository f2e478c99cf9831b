"""Site-wide data: the site's name, the city, its county-level divisions, topics and age bands."""

from __future__ import annotations

from typing import Literal

from careguide.validation import LongText, Record, Slug, Text


class Division(Record):
    """A county-level division (district, county, county-level city) or a functional zone."""

    id: Slug
    name: Text
    code: Text
    """The statistical division code (统计用区划代码), e.g. 130123."""
    kind: Literal["district", "county", "city", "zone"]


class Topic(Record):
    """A subject that classes and handbook chapters are filed under."""

    id: Slug
    name: Text


class AgeBand(Record):
    """An age range of children, used for handbook chapters and class audiences."""

    id: Slug
    name: Text


class Site(Record):
    """``content/site.yml``."""

    name: Text
    short_name: Text
    city: Text
    description: LongText
    publisher: Text
    """Who publishes the site, shown in the footer and on the book covers."""
    divisions: tuple[Division, ...]
    topics: tuple[Topic, ...]
    age_bands: tuple[AgeBand, ...]
