"""The last safety net for generated pages: their HTML keeps only what our templates produce.

Text from the YAML is already HTML-escaped before it becomes Markdown; this pass removes
whatever Markdown itself could still bring in (a ``javascript:`` link, an event handler), using
nh3, a maintained HTML sanitiser (Rust's ammonia).
"""

from __future__ import annotations

import re

import nh3

_TAGS = nh3.ALLOWED_TAGS | {"section", "input", "label", "svg", "path"}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "hidden", "role", "lang"},
    "a": {"href", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "disabled", "checked", "placeholder", "autocomplete"},
    "label": {"for"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "svg": {"viewbox", "xmlns", "width", "height"},
    "path": {"d"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}
_REMOTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """Drop what would reach outside the page or into the theme: an image from another host
    (every visitor's browser would request it), an id of the theme's own (Material's start with
    ``__``, e.g. ``__config``, which its scripts read) and the theme's ``data-md-*`` hooks."""
    if element == "img" and attribute == "src" and _REMOTE.match(value.strip()):
        return None
    if attribute in ("id", "for") and value.startswith("__"):
        return None
    if attribute.startswith("data-md"):
        return None
    return value


def clean(html: str) -> str:
    """Drop scripts, event handlers, inline styles, links other than web, mail and phone,
    images from other hosts and the theme's own ids."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=_SCHEMES,
        link_rel=None,
        attribute_filter=_attribute,
    )
