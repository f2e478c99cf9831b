"""Official schedules as content: the national immunisation programme dose by dose, the free
checkups, the developmental warning signs and the milestones most children reach by an age.

``content/schedules/immunisation.yml`` holds one edition of the schedule. The handbook's table, the
printed book and the open data are made from it, so when an edition changes, one file changes.
Ages are a number and a unit: ``0d`` (at birth), ``24h``, ``6w``, ``2m``, ``18m``, ``6y``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, model_validator

from careguide.content.fields import Day, Record, Slug, Text, fail

AgeUnit = Literal["h", "d", "w", "m", "y"]
_AGE = re.compile(r"([0-9]{1,3}) ?([hdwmy])")
_MONTHS_PER_UNIT = {"h": 1 / (24 * 30.4375), "d": 1 / 30.4375, "w": 7 / 30.4375, "m": 1, "y": 12}


@dataclass(frozen=True, order=True)
class Age:
    """An age of a child: ``value`` hours, days, weeks, months or years."""

    months: float
    """The age in months, for comparing ages written in different units."""
    value: int
    unit: AgeUnit

    def __str__(self) -> str:
        return f"{self.value}{self.unit}"

    def reached_on(self, birth: date) -> date:
        """The day a child born on ``birth`` reaches this age.

        Months and years end on the same day of the month, or on the last day of a month that
        has no such day (born 2026-01-31: 1 月龄 on 2026-02-28), as the Civil Code counts
        periods of months (到期月的对应日, 没有对应日的为月末日). Hours count from the start of
        the day of birth (12h: that day, 24h: the next).
        """
        if self.unit in ("m", "y"):
            months = birth.month - 1 + self.value * (12 if self.unit == "y" else 1)
            year, month = birth.year + months // 12, months % 12 + 1
            return date(year, month, min(birth.day, calendar.monthrange(year, month)[1]))
        days = {"h": self.value // 24, "d": self.value, "w": self.value * 7}[self.unit]
        return birth + timedelta(days=days)

    def label(self) -> str:
        """How the age reads in a table: 出生时, 24 小时内, 2 月龄, 2 岁（24 月龄）."""
        if self.value == 0:
            return "出生时"
        if self.unit == "h":
            return f"出生后 {self.value} 小时"
        if self.unit == "d":
            return f"出生后 {self.value} 天"
        if self.unit == "w":
            return f"{self.value} 周龄"
        if self.unit == "m":
            return f"{self.value} 月龄"
        return (
            f"{self.value} 岁（{self.value * 12} 月龄）" if self.value <= 3 else f"{self.value} 岁"
        )


def _age(value: object) -> Age:
    if isinstance(value, Age):
        return value
    found = _AGE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        raise fail(
            f"年龄 “{value}” 格式不对",
            "写成数字加单位：0d（出生时）、24h、6w、2m（2 月龄）、6y（6 岁）",
            named=True,
        )
    number, unit = int(found.group(1)), found.group(2)
    return Age(number * _MONTHS_PER_UNIT[unit], number, unit)  # type: ignore[arg-type]


ChildAge = Annotated[Age, BeforeValidator(_age), PlainSerializer(str)]
"""An age written ``2m``; read into an :class:`Age`."""


class Option(Record):
    """One of two products a child may get for the same protection (live or inactivated JE)."""

    id: Slug
    group: Slug
    """Options of one group replace each other, e.g. ``je``."""
    name: Text
    default: bool = False
    """The product most children get; the table lists the others beside it."""


class Dose(Record):
    """One dose of one vaccine, and the ages it is given at."""

    id: Slug
    """Stable: a child's plan on a phone refers to it, so it never changes between editions."""
    vaccine: Text
    abbr: Text | None = None
    number: int = Field(ge=1, le=10)
    """Which dose of the series (第几剂)."""
    age: ChildAge
    """The earliest age: the dose is given as soon as possible once the child reaches it."""
    complete_before: ChildAge | None = None
    """The age by which the dose should have been given."""
    option: Slug | None = None
    """The product option this dose belongs to; none when every child gets it."""
    note: Text | None = None

    @model_validator(mode="after")
    def _window(self) -> Dose:
        if self.complete_before is not None and self.complete_before <= self.age:
            raise fail(
                f"complete_before {self.complete_before} 不晚于 age {self.age}",
                "complete_before 是最晚应完成的年龄，要比最早接种的年龄大",
                "complete_before",
            )
        return self


class Immunisation(Record):
    """``content/schedules/immunisation.yml``: one edition of the national programme."""

    title: Text
    number: Text | None = None
    """The document number, e.g. 国疾控卫免发〔2026〕16号."""
    issued: Day
    sources: tuple[Slug, ...] = Field(min_length=1)
    reviewed: Day
    options: tuple[Option, ...] = ()
    doses: tuple[Dose, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Immunisation:
        seen: dict[str, int] = {}
        for index, dose in enumerate(self.doses):
            if dose.id in seen:
                raise fail(
                    f"剂次编号 “{dose.id}” 重复（第 {seen[dose.id] + 1} 项已使用）",
                    "每一剂的编号只能用一次",
                    "doses",
                    index,
                    "id",
                )
            seen[dose.id] = index
        options = {option.id for option in self.options}
        for index, dose in enumerate(self.doses):
            if dose.option is not None and dose.option not in options:
                known = "、".join(sorted(options)) or "（没有定义 options）"
                raise fail(
                    f"找不到产品选项 “{dose.option}”",
                    f"在 options 里定义它，或使用已有的编号：{known}",
                    "doses",
                    index,
                    "option",
                )
        return self

    def doses_of(self, option: Option) -> list[Dose]:
        return [dose for dose in self.doses if dose.option == option.id]

    def other_options(self) -> list[Option]:
        """The products other than the default of their group."""
        return [option for option in self.options if not option.default]

    def rows(self, months: float) -> list[tuple[Age, list[Dose], list[Dose]]]:
        """The table by age up to ``months``: each age, the doses every child (or the default
        product's child) gets, and the doses of the other products."""
        defaults = {option.id for option in self.options if option.default}
        by_age: dict[Age, tuple[list[Dose], list[Dose]]] = {}
        for dose in sorted(self.doses, key=lambda d: (d.age, d.number)):
            if dose.age.months > months:
                continue
            main, other = by_age.setdefault(dose.age, ([], []))
            (main if dose.option is None or dose.option in defaults else other).append(dose)
        return [(age, main, other) for age, (main, other) in sorted(by_age.items())]


class Visit(Record):
    """One free child health checkup."""

    id: Slug
    name: Text
    age: ChildAge
    when: Text | None = None
    """How the time reads when it is not just the age, e.g. 出院后 7 天内，医生上门."""
    includes: tuple[Text, ...] = Field(min_length=1)


class Checkups(Record):
    """``content/schedules/checkups.yml``: the free child health checkups and what each includes."""

    title: Text
    number: Text | None = None
    sources: tuple[Slug, ...] = Field(min_length=1)
    reviewed: Day
    visits: tuple[Visit, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_order(self) -> Checkups:
        _unique_ids("visits", [visit.id for visit in self.visits])
        _ascending("visits", [visit.age for visit in self.visits])
        return self


class Sign(Record):
    """One item of the warning-sign table, said three ways."""

    id: Slug
    sign: Text
    """The official wording."""
    text: Text
    """The same in plain words, as the handbook's table shows it."""
    skill: Text
    """What the child should be able to do by this age: the item a parent checks off."""


class SignAge(Record):
    age: ChildAge
    items: tuple[Sign, ...] = Field(min_length=1)


class WarningSigns(Record):
    """``content/schedules/warning-signs.yml``: the developmental warning signs by checkup age."""

    title: Text
    sources: tuple[Slug, ...] = Field(min_length=1)
    reviewed: Day
    symptom: Slug
    """The register symptom that any sign leads to (its level is the level of the advice)."""
    any_age: Text
    """The sign that holds at any age (skills lost, or language and social skills behind)."""
    ages: tuple[SignAge, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_order(self) -> WarningSigns:
        _unique_ids("ages", [item.id for age in self.ages for item in age.items])
        _ascending("ages", [age.age for age in self.ages])
        return self


MilestoneDomain = Literal["social", "language", "cognitive", "movement"]
"""The areas a milestone list groups its items by (CDC: social/emotional,
language/communication, cognitive, movement/physical)."""


class Milestone(Record):
    """One thing most children can do by an age."""

    id: Slug
    """Stable: a parent's checklist on a phone may refer to it."""
    text: Text
    domain: MilestoneDomain | None = None
    """The area the source files it under; none when the source does not group its items."""


class MilestoneAge(Record):
    age: ChildAge
    source: Slug
    """The document this age's items come from (one of the file's ``sources``)."""
    basis: Text
    """How the items were taken from it, as the handbook's table shows it, e.g.
    美国疾控中心 2022 年清单（2 月龄）."""
    items: tuple[Milestone, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _grouped(self) -> MilestoneAge:
        grouped = [item.domain is not None for item in self.items]
        if any(grouped) and not all(grouped):
            index = grouped.index(False)
            raise fail(
                "这个月龄有的项目写了 domain，有的没写",
                "来源分了方面（社交、语言、认知、运动）就每一项都写 domain；没有分就都不写",
                "items",
                index,
            )
        return self

    def groups(self) -> list[tuple[MilestoneDomain | None, list[Milestone]]]:
        """The items by area, in the order of :data:`MilestoneDomain` (one group of all the
        items when the source does not group them)."""
        if self.items[0].domain is None:
            return [(None, list(self.items))]
        order: tuple[MilestoneDomain, ...] = ("social", "language", "cognitive", "movement")
        by_domain = [(d, [item for item in self.items if item.domain == d]) for d in order]
        return [(domain, items) for domain, items in by_domain if items]


class Milestones(Record):
    """``content/schedules/milestones.yml``: what most children can do at each age."""

    title: Text
    sources: tuple[Slug, ...] = Field(min_length=1)
    reviewed: Day
    ages: tuple[MilestoneAge, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Milestones:
        _unique_ids("ages", [item.id for age in self.ages for item in age.items])
        _ascending("ages", [age.age for age in self.ages])
        seen: set[float] = set()
        for index, age in enumerate(self.ages):
            if age.age.months in seen:
                raise fail(
                    f"月龄 {age.age} 写了两次", "同一个月龄的项目写在一起", "ages", index, "age"
                )
            seen.add(age.age.months)
            if age.source not in self.sources:
                raise fail(
                    f"来源 “{age.source}” 不在本文件的 sources 里",
                    "把它加进 sources，或改用 sources 里的编号：" + "、".join(self.sources),
                    "ages",
                    index,
                    "source",
                )
        return self

    def at(self, ages: tuple[Age, ...] | None) -> list[MilestoneAge]:
        """The rows for ``ages`` (all when none are named), in age order."""
        wanted = None if ages is None else {age.months for age in ages}
        return [row for row in self.ages if wanted is None or row.age.months in wanted]


def _unique_ids(key: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for record_id in ids:
        if record_id in seen:
            raise fail(f"{key} 里的编号 “{record_id}” 重复", "每个编号只能用一次", key)
        seen.add(record_id)


def _ascending(key: str, ages: list[Age]) -> None:
    for index in range(1, len(ages)):
        if ages[index] < ages[index - 1]:
            raise fail(
                f"{key} 第 {index + 1} 项的年龄 {ages[index]} 比前一项小",
                "按年龄从小到大排列",
                key,
                index,
                "age",
            )
