"""iCalendar feeds of the classes: ``/calendar/all.ics`` and one ``/calendar/<centre-id>.ics``.

Every class ever published stays in the feeds, past ones too, so subscribers keep their history.
The output depends only on the Catalog's content and the site's address, never on the build
time, so the same input always gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from icalendar import STATUS, Calendar, Event, Timezone

from careguide.catalog import Catalog
from careguide.classes import Class
from careguide.urls import calendar_url, class_url
from careguide.validation import SHANGHAI

PRODID = "-//careguide//zh-CN"
TZID = "Asia/Shanghai"

STAMP = datetime(2026, 1, 1, tzinfo=UTC)
"""DTSTAMP of every event. Content records carry no modification time and the build time would
make every build differ, so the stamp is a constant: a change reaches calendar apps through
SEQUENCE (the class's ``revision``), which is what they compare first."""

ONLINE = {"live": "线上直播", "recorded": "线上录播"}
"""LOCATION of classes that are not held in person."""


def calendar_files(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """The calendar files of the site, keyed by their path in the site.

    ``site_url`` is the site's absolute address ending in ``/`` (as MkDocs normalises it); its
    host names the event UIDs, e.g. ``feeding-6-12m@example.org``.
    """
    host = urlsplit(site_url).hostname
    if not host:
        raise ValueError(f"site_url must be an absolute address, got {site_url!r}")
    # Beijing time has had no daylight saving time since 1991: one fixed rule from 1992 on.
    timezone = Timezone.from_tzinfo(SHANGHAI, TZID, first_date=date(1992, 1, 1))
    zone = timezone.to_ical()
    events = {item.id: _event_ical(catalog, item, site_url, host) for item in catalog.classes}
    feeds: list[tuple[str, str, Sequence[Class]]] = [
        ("all", f"{catalog.site.short_name}：全部课程", catalog.classes),
        *((centre.id, centre.name, catalog.classes_of(centre.id)) for centre in catalog.centres),
    ]
    files = {}
    for name, title, classes in feeds:
        calendar = Calendar.new(
            prodid=PRODID,
            calscale="GREGORIAN",
            name=title,
            uid=f"calendar-{name}@{host}",
            url=calendar_url(site_url, name),
        )
        calendar.add("X-WR-TIMEZONE", TZID)
        # Each event is serialised once and spliced in: what Calendar.to_ical() would write with
        # the components added, without serialising every event again for every feed.
        head = calendar.to_ical().removesuffix(_END)
        files[f"calendar/{name}.ics"] = b"".join(
            [head, zone, *(events[i.id] for i in classes), _END]
        )
    return files


_END = b"END:VCALENDAR\r\n"
_serialised: dict[tuple[Class, str, str], bytes] = {}
"""Events already serialised, kept across the rebuilds of `mkdocs serve`: an edit then costs
only the events that changed."""


def _event_ical(catalog: Catalog, item: Class, site_url: str, host: str) -> bytes:
    key = (item, _location(catalog, item), site_url)
    if key not in _serialised:
        _serialised[key] = _event(catalog, item, site_url, host).to_ical()
    return _serialised[key]


def _event(catalog: Catalog, item: Class, site_url: str, host: str) -> Event:
    cancelled = item.status == "cancelled"
    url = class_url(site_url, item.id)
    return Event.new(
        uid=f"{item.id}@{host}",
        stamp=STAMP,
        # Cancelling is itself a change: calendar apps only apply a higher sequence number.
        sequence=item.revision + (1 if cancelled else 0),
        start=item.start,
        end=item.end,
        summary=f"【已取消】{item.title}" if cancelled else item.title,
        description=_description(item, url),
        location=_location(catalog, item),
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        url=url,
    )


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
