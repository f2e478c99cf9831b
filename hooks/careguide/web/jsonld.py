"""schema.org JSON-LD for class and centre pages, ready to sit inside a <script> element."""

from __future__ import annotations

import json
from typing import Any

from careguide import addresses
from careguide.content.catalog import Catalog
from careguide.content.centres import Centre
from careguide.content.classes import Class

_ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "live": "https://schema.org/OnlineEventAttendanceMode",
    "recorded": "https://schema.org/OnlineEventAttendanceMode",
}


def for_script(data: dict[str, Any]) -> str:
    """JSON that cannot close or break out of the <script> element it is placed in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _address(catalog: Catalog, centre: Centre) -> dict[str, Any]:
    region = {"addressRegion": catalog.site.province} if catalog.site.province else {}
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        **region,
        "addressLocality": catalog.site.city,
        "addressCountry": "CN",
    }
    if centre.division:
        address["addressLocality"] += catalog.divisions[centre.division].name
    if centre.address:
        address["streetAddress"] = centre.address
    return address


def centre_jsonld(catalog: Catalog, centre: Centre, site_url: str) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": addresses.absolute(site_url, addresses.centre(centre.id)),
        "name": centre.name,
        "url": addresses.absolute(site_url, addresses.centre(centre.id)),
        "address": _address(catalog, centre),
        "areaServed": (
            catalog.divisions[centre.division].name if centre.division else catalog.site.city
        ),
    }
    if centre.host:
        data["parentOrganization"] = {"@type": "Organization", "name": centre.host}
    if centre.phone:
        data["telephone"] = centre.phone
    return for_script(data)


def class_jsonld(catalog: Catalog, item: Class, site_url: str) -> str:
    centre = catalog.centres_by_id[item.centre]
    location: dict[str, Any]
    if item.format == "in-person":
        location = {
            "@type": "Place",
            "name": item.location or centre.name,
            "address": _address(catalog, centre),
        }
    else:
        location = {
            "@type": "VirtualLocation",
            "url": addresses.absolute(site_url, addresses.class_page(item.id)),
        }
    status = "EventCancelled" if item.status == "cancelled" else "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": item.title,
        "description": item.description,
        "startDate": item.start.isoformat(),
        "endDate": item.end.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": _ATTENDANCE[item.format],
        "location": location,
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": centre.name,
            "url": addresses.absolute(site_url, addresses.centre(centre.id)),
        },
        "url": addresses.absolute(site_url, addresses.class_page(item.id)),
        "inLanguage": "zh-CN",
    }
    return for_script(data)
