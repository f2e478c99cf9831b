"""iCalendar feeds of the classes: ``/calendar/all.ics`` and one ``/calendar/<centre-id>.ics``.

Every class ever published stays in the feeds, past ones too, so subscribers keep their history.
The output depends only on the Catalog's content and the site's address, never on the build
time, so the same input always gives byte-identical files. The UIDs end in the site's
``uid_domain``, never in its address: a site that moves keeps its subscribers' events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
from icalendar import STATUS, Calendar, Event, Timezone

from careguide import addresses
from careguide.content.catalog import Catalog
from careguide.content.classes import Class
from careguide.content.fields import SHANGHAI
from careguide.store import read_pickle, write_pickle

PRODID = "-//careguide//zh-CN"
TZID = "Asia/Shanghai"

STAMP = datetime(2026, 1, 1, tzinfo=UTC)
"""DTSTAMP of every event. Content records carry no modification time and the build time would
make every build differ, so the stamp is a constant: a change reaches calendar apps through
SEQUENCE (the class's ``revision``), which is what they compare first."""

ONLINE = {"live": "线上直播", "recorded": "线上录播"}
"""LOCATION of classes that are not held in person."""


def calendar_files(
    catalog: Catalog, site_url: str, store: Path | None = None
) -> Iterator[tuple[str, list[bytes]]]:
    """The calendar files of the site: their path in the site, and their bytes in pieces.

    The pieces are the events, serialised once and shared by every feed that lists them, so a
    province's feeds are never all in memory as whole files.

    ``site_url`` is the site's absolute address ending in ``/`` (as MkDocs normalises it); the
    site's ``uid_domain`` ends the event UIDs, e.g. ``feeding-6-12m@careguide``. ``store`` is a
    file that keeps the serialised events between builds (see :func:`_serialised_events`).
    """
    host = catalog.site.uid_domain
    # Beijing time has had no daylight saving time since 1991: one fixed rule from 1992 on.
    timezone = Timezone.from_tzinfo(SHANGHAI, TZID, first_date=date(1992, 1, 1))
    zone = timezone.to_ical()
    events = _serialised_events(catalog, site_url, host, store)
    feeds: list[tuple[str, str, Sequence[Class]]] = [
        (addresses.ALL_CLASSES, f"{catalog.site.short_name}：全部课程", catalog.classes),
        *((centre.id, centre.name, catalog.classes_of(centre.id)) for centre in catalog.centres),
    ]
    for name, title, classes in feeds:
        calendar = Calendar.new(
            prodid=PRODID,
            calscale="GREGORIAN",
            name=title,
            uid=f"calendar-{name}@{host}",
            url=addresses.absolute(site_url, addresses.calendar(name)),
        )
        calendar.add("X-WR-TIMEZONE", TZID)
        # Each event is serialised once and spliced in: what Calendar.to_ical() would write with
        # the components added, without serialising every event again for every feed.
        head = calendar.to_ical().removesuffix(_END)
        yield addresses.calendar(name), [head, zone, *(events[i.id] for i in classes), _END]


_END = b"END:VCALENDAR\r\n"


def _serialised_events(
    catalog: Catalog, site_url: str, host: str, store: Path | None
) -> dict[str, bytes]:
    """Each class's event as iCalendar text, by class id.

    Serialising is most of the calendars' cost, so an event kept in ``store`` from an earlier
    build is reused when nothing it is made from changed: the class, its location, the site's
    address and UID domain, this module and icalendar's version (all hashed into its key). The
    store then keeps this build's events only.
    """
    kept = read_pickle(store) if store is not None else None
    kept = kept if isinstance(kept, dict) else {}
    code = hashlib.sha256(Path(__file__).read_bytes() + icalendar.__version__.encode())
    found: dict[bytes, bytes] = {}
    events = {}
    for item in catalog.classes:
        location = _location(catalog, item)
        digest = code.copy()
        digest.update(f"{location}\0{site_url}\0{host}\0{item.model_dump_json()}".encode())
        key = digest.digest()
        ical = kept.get(key) or _event(catalog, item, site_url, host).to_ical()
        found[key] = events[item.id] = ical
    if store is not None and found.keys() != kept.keys():
        write_pickle(store, found)
    return events


def _event(catalog: Catalog, item: Class, site_url: str, host: str) -> Event:
    cancelled = item.status == "cancelled"
    url = addresses.absolute(site_url, addresses.class_page(item.id))
    return Event.new(
        uid=f"{item.id}@{host}",
        stamp=STAMP,
        # Cancelling is itself a change: calendar apps only apply a higher sequence number.
        sequence=item.revision + (1 if cancelled else 0),
        start=item.start,
        end=item.end,
        summary=_one_line(f"【已取消】{item.title}" if cancelled else item.title),
        description=_description(item, url),
        location=_one_line(_location(catalog, item)),
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        url=url,
    )


def _one_line(text: str) -> str:
    """SUMMARY and LOCATION on one line whatever the text holds: a calendar app shows a line
    break there as the end of the property, or not at all."""
    return " ".join(text.split())


def _description(item: Class, url: str) -> str:
    """The class's description, how to register, whether it is full, and its page address.

    Cancellation shows in SUMMARY and STATUS instead, as some apps ignore STATUS.
    """
    lines = [item.description.strip(), ""]
    if item.registration:
        lines.append(f"报名方式：{item.registration}")
    if item.status == "full":
        lines.append("名额已满。")
    if item.example:
        lines.append("示例数据：本课程仅作示例展示，并非真实安排。")
    lines.append(f"详情：{url}")
    return "\n".join(lines)


def _location(catalog: Catalog, item: Class) -> str:
    if item.format in ONLINE:
        return ONLINE[item.format]
    centre = catalog.centres_by_id[item.centre]
    return item.location or centre.address or centre.name
