"""The Jinja environment every template is rendered in (pages, print, redirects): its filters
and the labels the templates share (formats, statuses, urgency levels, the medical disclaimer).

Templates are strict (an undefined name fails the build instead of rendering as nothing) and
autoescaped: every text field from the YAML is HTML-escaped on its way into a page, so an editor
can use Markdown (bold, lists, links) but no raw HTML.
"""

from __future__ import annotations

import functools
import html
import json
import re
import urllib.parse
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup, escape

from careguide.content.fields import split_extension
from careguide.sanitize import clean

TEMPLATES = Path(__file__).parent / "templates"
"""Jinja sources: ``pages/`` (web pages), ``print/`` (the books) and ``redirect.html.j2``."""

WEEKDAYS = "一二三四五六日"
FORMATS = {"in-person": "线下", "live": "直播", "recorded": "录播"}
STATUSES = {"open": "可报名", "full": "已满", "cancelled": "已取消"}
AUDIENCES = {"parents": "家长和照护人", "staff": "托育机构工作人员", "all": "所有人"}
LEVELS = {"city": "市级", "county": "县级"}
DISCLAIMER = (
    "本手册介绍一般的养育照护知识，不能代替医生的诊断和治疗。"
    "孩子不舒服时请咨询医生；遇到紧急情况，请立即拨打 120。"
)
"""The medical disclaimer on every handbook page and in the printed handbook."""
URGENCY: dict[str, tuple[str, str, str]] = {
    "call-120": ("danger", "立即拨打 120", "出现下面任何一种情况，立即拨打 120："),
    "emergency": (
        "failure",
        "立即去医院急诊",
        "出现下面任何一种情况，立即带孩子去医院急诊，不要等：",
    ),
    "same-day": ("warning", "当天就医", "出现下面任何一种情况，当天带孩子看医生："),
    "within-2-weeks": (
        "question",
        "尽快预约（1–2 周内）",
        "出现下面的情况，尽快预约医生，1–2 周内去看：",
    ),
    "watch-home": ("info", "居家观察", "下面的情况可以先在家观察："),
}
"""Each urgency level: Material's admonition kind, its label, and the sentence that leads into
its symptoms. The same words on the pages and in the PDFs."""
MILESTONE_AREAS = {
    "social": "社交和情绪",
    "language": "语言和沟通",
    "cognitive": "学习和思考",
    "movement": "运动和身体",
}
"""The areas a milestone list groups its items by, as the tables name them."""
EXCLUSION = "离园（传染病防控）"
"""The label of a hygiene-manual box that sends a child home: infection control, not a level of
medical urgency."""


def environment() -> jinja2.Environment:
    """The Jinja environment shared by every template (pages and print)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        auto_reload=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        cell=_table_cell,
        day=_day,
        time=lambda moment: moment.strftime("%H:%M"),
        tel=_tel,
        iso=lambda moment: moment.isoformat(),
        quote=lambda text: urllib.parse.quote(str(text), safe=""),
        front_matter=_front_matter,
        markdown=_field_markdown,
    )
    env.globals.update(
        FORMATS=FORMATS,
        STATUSES=STATUSES,
        AUDIENCES=AUDIENCES,
        LEVELS=LEVELS,
        URGENCY=URGENCY,
        EXCLUSION=EXCLUSION,
        MILESTONE_AREAS=MILESTONE_AREAS,
        DISCLAIMER=DISCLAIMER,
    )
    return env


@functools.cache
def page_environment() -> jinja2.Environment:
    """The environment of the web pages, kept for as long as the process runs: the rebuilds of
    ``mkdocs serve`` reuse its compiled templates, and it still notices a template edited since."""
    env = environment()
    env.auto_reload = True
    return env


def _table_cell(value: Any) -> Markup:
    """A value made safe for one cell of a Markdown table."""
    # A pipe the editor escaped (Markdown's \|) is a pipe like any other: escaping it again
    # would leave "\\|", a backslash and then the end of the cell.
    text = str(escape(value)).replace("\\|", "|").replace("|", "\\|").replace("\r", "")
    return Markup(text.replace("\n", "<br>"))


def _tel(phone: str) -> str:
    """The address of a ``tel:`` link: the number's digits, and an extension after a pause.

    ``0311-86001234 转 801`` becomes ``031186001234,801``: the phone dials the number, waits,
    then dials 801 (digits run together would dial the extension as part of the number).
    """
    number, extension = split_extension(phone)
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"{digits},{extension}" if extension else digits


def _front_matter(value: Any) -> Markup:
    """A front-matter value, HTML-escaped: Material prints page titles into HTML unescaped."""
    return Markup(json.dumps(html.escape(str(value)), ensure_ascii=False))


_FIELD_MARKDOWN = markdown.Markdown()
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>#!|~+=\n-]|\d\.|\w:")
"""Anything that could make Python-Markdown do more than wrap the text in a paragraph."""


def _field_markdown(text: str) -> Markup:
    """A text field of an HTML page with the Markdown an editor may use (bold, lists, links).

    The text is HTML-escaped first and the result sanitised, as on Markdown pages; plain text,
    by far the most common case, skips the Markdown pass.
    """
    escaped = str(escape(text))
    if not _MARKDOWN_SYNTAX.search(escaped):
        return Markup(f"<p>{escaped}</p>")
    return Markup(clean(_FIELD_MARKDOWN.reset().convert(escaped)))


def _day(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日（星期{WEEKDAYS[moment.weekday()]}）"
