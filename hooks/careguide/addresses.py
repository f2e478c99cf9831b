"""The site's stable public addresses (see DESIGN.md): one place that spells them."""

from __future__ import annotations


def centre_url(site_url: str, centre_id: str) -> str:
    return f"{site_url}centres/{centre_id}/"


def class_url(site_url: str, class_id: str) -> str:
    return f"{site_url}classes/{class_id}/"


def calendar_url(site_url: str, name: str) -> str:
    """``name`` is a centre id, or ``all`` for every class."""
    return f"{site_url}calendar/{name}.ics"
