"""Small corrections to Material's markup so every page passes the Nu HTML Checker and axe.

Each fix matches a fragment Material writes into every page; when a theme update changes the
fragment, the fix stops matching and the HTML-validity test says so.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r' tabindex=""')
_TOC_LABEL = re.compile(r'(<label class="md-nav__(?:title|link[^"]*)") for="__toc"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
_TASK_BOX = '<label class="task-list-control"><input type="checkbox" disabled'


def fix_theme_markup(html: str) -> str:
    # `autocomplete` is not allowed on checkboxes (Material's drawer, search and nav toggles).
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    # Material writes an empty tabindex on section labels of the navigation.
    html = _EMPTY_TABINDEX.sub("", html)
    # A label may only point to the table-of-contents toggle on pages that have one.
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    # A dialog needs a name for screen readers.
    html = html.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="搜索"')
    # Checklist boxes are printed to be ticked by hand: decoration, not form controls.
    return html.replace(_TASK_BOX, _TASK_BOX.replace("<input ", '<input aria-hidden="true" '))
