"""Vaccination calendars by birth month: ``/calendar/born/2026-11.ics`` for babies born in
November 2026, one for each month of :meth:`~careguide.content.catalog.Catalog.birth_months`.

A parent subscribes once and the phone reminds them of each age of the national immunisation
programme up to 36 months; the site only learns the birth month. The doses due at one age
are one event (``2 月龄疫苗：脊灰灭活疫苗第 1 剂、百白破疫苗第 1 剂``); the doses of the other
product of a group (inactivated JE, inactivated hepatitis A) are written in its description.

Each event is one all-day event on the day a baby born on the 1st of the month reaches the
age (for ages in months: the 1st of the month it falls in), with a reminder at 09:00 the day
before, and its description says when a baby born on the 1st and on the last day of the month
reaches it. Spanning the whole window instead (3 月 1 日 to 3 月 31 日 for a 2-month dose of a
January baby) draws a month-long bar over every day of the phone's calendar, and it reads as
"any day in this window": for a baby born on the 20th, the first 19 days are too early, and a
dose given before its earliest age may not count. A one-day reminder "this month" with the
rule in words (满 2 月龄后尽快接种) cannot be read that way, and it does not crowd the month.

A feed depends only on the schedule, the birth month and the site's address, never on the
build time, so the same content gives byte-identical files. The event UIDs name the birth
month and a dose of the event, and end in the site's ``uid_domain``
(``born-2026-11-dtap-1@careguide``), so they stay the same across builds, addresses and
editions that keep the dose ids; DTSTAMP is the constant of
:mod:`careguide.outputs.calendar`. The build month only decides which months have a feed.
"""

from __future__ import annotations

import calendar as months
import functools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import icalendar
from icalendar import TRANSP, Alarm, Calendar, Event

from careguide import addresses
from careguide.content import schedules
from careguide.content.catalog import Catalog
from careguide.content.schedules import Age, Dose, Immunisation, Option
from careguide.outputs.calendar import PRODID, STAMP
from careguide.store import Store

UP_TO_MONTHS = 36
"""The feeds hold the doses up to this age, as the handbook's table does."""

REMINDER = timedelta(hours=-15)
"""Before the start of an all-day event (midnight): 09:00 the day before."""


def born_calendar_files(
    catalog: Catalog, site_url: str, store: Store | None = None
) -> Iterator[tuple[str, bytes]]:
    """The vaccination calendars by birth month: their path in the site and their bytes.

    Nothing without an immunisation schedule. ``site_url`` ends in ``/``; the site's
    ``uid_domain`` ends the UIDs. With a ``store``, a feed made from the same schedule, month,
    address, UID domain and code as in an earlier build is read from it instead of being
    serialised again.
    """
    schedule = catalog.immunisation
    if schedule is None:
        return
    host = catalog.site.uid_domain
    guide = vaccination_guide(catalog, site_url)
    code: list[str | bytes] = [
        Path(__file__).read_bytes(),
        Path(schedules.__file__).read_bytes(),
        icalendar.__version__,
        site_url,
        host,
        guide,
        schedule.model_dump_json(),
    ]
    for year, month in catalog.birth_months():
        path = addresses.born_calendar(year, month)
        make = functools.partial(_calendar, schedule, year, month, site_url, host, guide)
        yield path, (store.keyed("born-calendar", [*code, path], make) if store else make())


def vaccination_guide(catalog: Catalog, site_url: str) -> str:
    """The absolute address of the handbook's immunisation table (its section), or of the list
    of these calendars when no book shows the table."""
    found = catalog.schedule_section
    if found is None:
        return addresses.absolute(site_url, addresses.BORN_CALENDARS)
    book, chapter, section = found
    return addresses.absolute(site_url, addresses.chapter(book.id, chapter.id)) + f"#{section.id}"


def _calendar(
    schedule: Immunisation, year: int, month: int, site_url: str, host: str, guide: str
) -> bytes:
    first = date(year, month, 1)
    last = date(year, month, months.monthrange(year, month)[1])
    feed = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        name=f"{year}年{month}月出生宝宝的疫苗时间",
        description=(
            f"{year}年{month}月出生的宝宝 0–3 岁的国家免疫规划疫苗，"
            f"按《{schedule.title}》。详情：{guide}"
        ),
        uid=f"calendar-born-{year:04d}-{month:02d}@{host}",
        url=addresses.absolute(site_url, addresses.born_calendar(year, month)),
    )
    for age, main, other in schedule.rows(UP_TO_MONTHS):
        feed.add_component(_event(schedule, age, main, other, first, last, host, guide))
    return feed.to_ical()


def _event(
    schedule: Immunisation,
    age: Age,
    main: Sequence[Dose],
    other: Sequence[Dose],
    first: date,
    last: date,
    host: str,
    guide: str,
) -> Event:
    start = age.reached_on(first)
    named = main or other
    doses = "、".join(f"{d.vaccine}第 {d.number} 剂" for d in named)
    who = "" if main else f"（用{_option_names(schedule, other)}的孩子）"
    summary = f"{_age_title(age)}疫苗{who}：{doses}"
    event = Event.new(
        uid=f"born-{first:%Y-%m}-{min(dose.id for dose in named)}@{host}",
        stamp=STAMP,
        start=start,
        end=start + timedelta(days=1),
        summary=summary,
        description=_description(schedule, age, main, other, first, last, guide),
        transparency=TRANSP.TRANSPARENT,
        url=guide,
    )
    alarm = Alarm.new(description=summary)
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", REMINDER)
    event.add_component(alarm)
    return event


def _description(
    schedule: Immunisation,
    age: Age,
    main: Sequence[Dose],
    other: Sequence[Dose],
    first: date,
    last: date,
    guide: str,
) -> str:
    if age.value == 0:
        lines = ["宝宝出生时接种："]
    else:
        when = f"满 {age.label()}后" if age.unit in ("w", "m", "y") else f"{age.label()}起"
        lines = [
            f"宝宝{when}尽快接种。本月 1 日出生的宝宝 {_day(age.reached_on(first))}起可以接种，"
            f"{last.day} 日出生的 {_day(age.reached_on(last))}起；按宝宝自己的出生日期算。",
            "",
        ]
    lines += [f"- {_dose(dose)}" for dose in main]
    for option, doses in _by_option(schedule, other):
        replaced = [o.name for o in schedule.options if o.group == option.group and o.default]
        instead = f"代替{'、'.join(replaced)}" if replaced else ""
        lines += ["", f"用{option.name}{instead}的孩子："]
        lines += [f"- {_dose(dose)}" for dose in doses]
    if any(dose.option for dose in (*main, *other)):
        lines += ["", "用哪一种疫苗，由接种门诊根据当地供应安排。"]
    lines += ["", "去接种时带上预防接种证和《母子健康手册》。", f"详情：{guide}"]
    return "\n".join(lines)


def _dose(dose: Dose) -> str:
    text = f"{dose.vaccine}（{dose.abbr}）" if dose.abbr else dose.vaccine
    text += f"第 {dose.number} 剂"
    details = [dose.note] if dose.note else []
    if dose.complete_before is not None:
        deadline = dose.complete_before
        label = deadline.label()
        if not (dose.note and label in dose.note):
            details.append(f"{label}内完成" if deadline.unit in ("h", "d") else f"满 {label}前完成")
    return text + ("：" + "；".join(details) if details else "")


def _by_option(schedule: Immunisation, doses: Sequence[Dose]) -> list[tuple[Option, list[Dose]]]:
    grouped: list[tuple[Option, list[Dose]]] = []
    for option in schedule.options:
        of_option = [dose for dose in doses if dose.option == option.id]
        if of_option:
            grouped.append((option, of_option))
    return grouped


def _option_names(schedule: Immunisation, doses: Sequence[Dose]) -> str:
    return "或".join(option.name for option, _ in _by_option(schedule, doses))


def _age_title(age: Age) -> str:
    return "出生时" if age.value == 0 else age.label()


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
