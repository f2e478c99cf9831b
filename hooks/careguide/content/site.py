"""Site-wide data: the site's name, the city, its county-level divisions, topics and age bands."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from careguide.content.fields import DivisionCode, Inconsistency, LongText, Record, Slug, Text
from careguide.content.publishing import IcpFiling, PublicSecurityFiling, SiteAddress, UidDomain
from careguide.content.schedules import Age, ChildAge


class Division(Record):
    """A county-level division (district, county, county-level city) or a functional zone."""

    id: Slug
    name: Text
    code: DivisionCode
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
    start: ChildAge | None = None
    end: ChildAge | None = None
    """With ``start`` and ``end``, the band has an age page that gathers what falls due from
    ``start`` to ``end``: vaccines, checkups, warning signs, its chapters and classes."""

    def spans(self, age: Age) -> bool:
        """Whether something due at ``age`` falls in the band (both ends included)."""
        return self.start is not None and self.end is not None and self.start <= age <= self.end


class Site(Record):
    """``content/site.yml``."""

    name: Text
    short_name: Text
    city: Text
    province: Text | None = None
    """The province the city is in (河北省), named in the centres' postal addresses."""
    description: LongText
    publisher: Text
    """Who publishes the site, shown in the footer and on the book covers."""
    url: SiteAddress | None = None
    """The public address; the environment variable CAREGUIDE_SITE_URL wins over it."""
    uid_domain: UidDomain = "careguide"
    """Ends every calendar event's UID: never the address, so moving the site keeps them."""
    icp_filing: IcpFiling | None = None
    """The ICP filing number (ICP 备案号) shown in the footer, linked to MIIT's lookup."""
    public_security_filing: PublicSecurityFiling | None = None
    """The public-security filing number (公安备案号) shown in the footer, when there is one."""
    divisions: tuple[Division, ...]
    topics: tuple[Topic, ...]
    age_bands: tuple[AgeBand, ...]

    def inconsistencies(self) -> Iterator[Inconsistency]:
        """Ids are looked up across the content, and codes name one division each."""
        yield from _unique("divisions", "id", [division.id for division in self.divisions])
        yield from _unique("topics", "id", [topic.id for topic in self.topics])
        yield from _unique("age_bands", "id", [band.id for band in self.age_bands])
        yield from _unique("divisions", "code", [division.code for division in self.divisions])
        yield from super().inconsistencies()


def _unique(key: str, field: str, values: list[str]) -> Iterator[Inconsistency]:
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in first:
            yield (
                (key, index, field),
                f"{key} 里的 {field} “{value}” 重复（第 {first[value] + 1} 项已使用）",
                f"同一列表里每个 {field} 只能出现一次：请删除或改正其中一个",
            )
            return
        first[value] = index
