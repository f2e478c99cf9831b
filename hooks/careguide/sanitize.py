"""The last safety net for generated pages: their HTML keeps only what our templates produce.

Text from the YAML is already HTML-escaped before it becomes Markdown; this pass removes
whatever Markdown itself could still bring in (a ``javascript:`` link, an event handler), using
nh3, a maintained HTML sanitiser (Rust's ammonia).
"""

from __future__ import annotations

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


def clean(html: str) -> str:
    """Drop scripts, event handlers, inline styles and links other than web, mail and phone."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=_SCHEMES,
        link_rel=None,
    )
