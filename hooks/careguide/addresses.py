"""Every address of the site, spelled here and nowhere else (see DESIGN.md: they never break).

Pages are named by their source in the docs tree (``centres/zhengding/index.md``), as MkDocs
knows them; plain files by their path in the built site (``calendar/all.ics``). :func:`url` gives
the address a visitor sees, :func:`absolute` the full one for QR codes and calendars, and
:func:`relative` the link from one page to another. Ids that generated pages use for themselves
are reserved (a class may not be called ``past``), and :class:`Destinations` stops the build when
two things would be written to one file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import get_relative_url

from careguide.content.positions import locate, where
from careguide.errors import ContentError, Origin, Problem

# -- pages (sources in the docs tree) ------------------------------------------------------

HOME = "index.md"


def book(book_id: str) -> str:
    """The contents page of a book."""
    return f"{book_id}/index.md"


def chapter(book_id: str, chapter_id: str) -> str:
    return f"{book_id}/{chapter_id}.md"


CENTRES = "centres/index.md"
"""The directory of centres."""


def centre(centre_id: str) -> str:
    return f"centres/{centre_id}/index.md"


def poster(centre_id: str) -> str:
    """A centre's printable A4 poster."""
    return f"centres/{centre_id}/poster/index.md"


def upcoming_classes(number: int = 1) -> str:
    """Page ``number`` of the upcoming classes."""
    return "classes/index.md" if number == 1 else f"classes/upcoming/{number}/index.md"


def past_classes(number: int = 1) -> str:
    """Page ``number`` of the past classes, most recent first."""
    return "classes/past/index.md" if number == 1 else f"classes/past/{number}/index.md"


def topic(topic_id: str, number: int = 1) -> str:
    """Page ``number`` of a topic's upcoming classes."""
    folder = f"classes/topics/{topic_id}"
    return f"{folder}/index.md" if number == 1 else f"{folder}/{number}/index.md"


def class_page(class_id: str) -> str:
    return f"classes/{class_id}/index.md"


AGES = "ages/index.md"
"""The list of age pages."""


def age_page(band_id: str) -> str:
    """What matters at one age band: its vaccines, checkups, warning signs, chapters, classes."""
    return f"ages/{band_id}/index.md"


BORN_CALENDARS = "calendar/born/index.md"
"""The list of the vaccination calendars by birth month, with their subscribe links."""
MY_BABY = "my-baby/index.md"
"""宝宝时间表: a baby's age and vaccines, worked out in the browser from a birth date."""


# -- plain files (paths in the built site) ---------------------------------------------------


def pdf(book_id: str) -> str:
    return f"downloads/{book_id}.pdf"


def qr(centre_id: str) -> str:
    """The QR code of a centre page's address."""
    return f"assets/qr/{centre_id}.png"


ALL_CLASSES = "all"
"""The calendar name of the feed with every class."""


def calendar(name: str) -> str:
    """``name`` is a centre id, or :data:`ALL_CLASSES`."""
    return f"calendar/{name}.ics"


def born_calendar(year: int, month: int) -> str:
    """The vaccination calendar of babies born in ``month`` of ``year``, e.g.
    ``calendar/born/2026-11.ics``."""
    return f"calendar/born/{year:04d}-{month:02d}.ics"


def redirect(page: str, old_id: str) -> str:
    """The redirect left at the address a centre or class page had under a former id."""
    folder = page.split("/")[0]
    return f"{folder}/{old_id}/index.html"


def open_data(kind: str) -> str:
    """``kind`` is ``centres`` or ``classes``."""
    return f"api/{kind}.json"


def schema(name: str) -> str:
    """A JSON Schema of the open data, e.g. ``centres.schema.json``."""
    return f"api/schema/{name}"


MY_BABY_SCRIPT = "assets/javascripts/careguide-baby.js"
"""The script of :data:`MY_BABY`, loaded by that page only (a theme asset)."""
MY_BABY_CHECKS_SCRIPT = "assets/javascripts/careguide-baby-checks.js"
"""The second script of :data:`MY_BABY`: its warning-sign checklist and its classes."""

SEARCH_INDEX = "pagefind"
"""The folder of the search index in the built site."""

UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""Material's own search (lunr, its languages and its web worker, 1.8 MB): careguide searches
with Pagefind, and Material starts its worker only for its own search box, which careguide
replaces. Left out of the site."""

PREVIEW_STATE = "__careguide/preview-state"
"""Not a file of the site: where ``mkdocs serve`` tells the error page that a rebuild finished
(:mod:`careguide.preview`)."""

# -- reserved ids ------------------------------------------------------------------------------

RESERVED_IDS: dict[str, dict[str, str]] = {
    "class": {
        "past": "/classes/past/（往期课程）",
        "upcoming": "/classes/upcoming/（近期课程的后续页）",
        "topics": "/classes/topics/（按主题列出的课程）",
    },
    "centre": {ALL_CLASSES: "/calendar/all.ics（全部课程日历）"},
    "chapter": {"index": "书的目录页"},
}
"""Ids a record of each kind may not take, with the address that already uses them."""

# -- what a visitor sees -------------------------------------------------------------------------


def url(path: str) -> str:
    """The address of a page source or a file, relative to the site root (``centres/x/``)."""
    if path == "index.md" or path.endswith("/index.md"):
        return path.removesuffix("index.md")
    if path.endswith(".md"):
        return path.removesuffix(".md") + "/"
    return path


def destination(path: str) -> str:
    """The file a page source or a file becomes in the built site."""
    if path.endswith(".md"):
        return url(path) + "index.html"
    return path


def absolute(site_url: str, path: str) -> str:
    """The full address, for QR codes, calendars and open data; ``site_url`` ends with ``/``."""
    return site_url + url(path)


def relative(target: str, here: str) -> str:
    """The link from the page ``here`` to ``target``, as a page written in HTML needs it."""
    return get_relative_url(url(target), url(here))


def source_link(target: str, here: str) -> str:
    """The link from the Markdown page ``here`` to ``target``, as Markdown writes it (MkDocs
    turns a link to a ``.md`` source into the page's address)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


# -- collisions ------------------------------------------------------------------------------------


@dataclass
class Destinations:
    """The files of one build by destination; a second claim on one stops the build."""

    root: Path
    """The project folder: origins are shown relative to it."""
    claimed: dict[str, tuple[Origin | None, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def claim(self, path: str, origin: Origin | None, what: str) -> bool:
        """``what`` (e.g. 课程页面) is written to ``path`` (a page source or a file path);
        False when something else is already written there (the build will stop)."""
        target = destination(path)
        if target not in self.claimed:
            self.claimed[target] = (origin, what)
            return True
        first_origin, first_what = self.claimed[target]
        first = f"{first_what}（{self._shown(first_origin)}）"
        if origin is None:  # a page of the whole site: point at the record that took its place
            origin, what, first = first_origin or Origin(self.root), first_what, what
        start = None if origin.file.suffix == ".yml" else 1  # not content: no line to find
        self.problems.append(
            Problem(
                origin,
                f"{what}和{first}都要写入 /{target}，一个会覆盖另一个",
                "请给其中一个换一个编号（或给手写页面换一个文件名）",
                start,
                start,
            )
        )
        return False

    def check(self) -> None:
        """Raise one ContentError naming every collision."""
        if self.problems:
            raise ContentError([locate(problem) for problem in self.problems], root=self.root)

    def _shown(self, origin: Origin | None) -> str:
        return "自动生成" if origin is None else where(origin, self.root)
