"""MkDocs' warnings about a generated page, said as problems of the content it was made from.

MkDocs checks the links of every page it renders and warns about a link to a page that does not
exist, an anchor that is not on the page it names, or an image that is not in the site. For a
generated page such a warning names ``handbook/sleep.md``, a file nobody wrote, and in strict
mode the build only ends with "Aborted with 1 warnings". Each page carries the origin of the
record it was made from, so the warning becomes a :class:`~careguide.errors.Problem` at the line
of the YAML that holds the link, in the editor's language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from careguide.content.documents import read_text
from careguide.content.positions import locate
from careguide.errors import Origin, Problem

MKDOCS_PAGES = logging.getLogger("mkdocs.structure.pages")
"""The logger MkDocs' link and anchor checks write to."""

_DOC = r"Doc file '(?P<page>[^']+)' contains "
_LINK = r"a link '(?P<link>[^']+)', but "
_LEFT = r"'(?P<link>[^']+)', it was left as is\."
_DOCS = r"documentation files\."
_ANCHOR = r"an anchor '#(?P<anchor>[^']+)'\."
_SUGGEST = r"(?: Did you mean '(?P<suggest>[^']*)'\?)?"
_WARNINGS = tuple(
    (kind, re.compile(_DOC + pattern))
    for kind, pattern in (
        ("link", rf"an unrecognized relative link {_LEFT}{_SUGGEST}"),
        ("link", rf"{_LINK}the target(?: '[^']+')? is not found among {_DOCS}{_SUGGEST}"),
        ("absolute", rf"an absolute link {_LEFT}{_SUGGEST}"),
        ("anchor", rf"{_LINK}the doc '(?P<target>[^']+)' does not contain {_ANCHOR}"),
        ("anchor", rf"{_LINK}there is no such anchor on this page\..*"),
    )
)
"""The warnings of MkDocs 1.6 about a page's links (``mkdocs/structure/pages.py``)."""
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"}
_CHAPTER_LINKS = (
    "链接到本书的其他章节写成 章节编号.md，例如 [发热](fever.md)，到小节写成 fever.md#小节编号；"
    "其他网站写完整的 https:// 地址"
)


class PageWarnings(logging.Filter):
    """Turns MkDocs' warnings about generated pages into content problems.

    In strict mode (``make site``) the warning is kept back and its problem collected, so the
    build stops with every problem at its file and line (:attr:`problems`); otherwise the
    warning is said as the problem and passed on.
    """

    def __init__(self, origins: dict[str, Origin | None], *, strict: bool, root: Path) -> None:
        super().__init__("careguide")
        self.origins = origins
        self.strict = strict
        self.root = root
        self.problems: list[Problem] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        problem = self.problem(record.getMessage())
        if problem is None:
            return True
        if self.strict:
            self.problems.append(problem)
            return False
        record.msg, record.args = problem.format(self.root), ()
        return True

    def problem(self, message: str) -> Problem | None:
        """The content problem a warning of MkDocs is about, if it is about a generated page."""
        for kind, pattern in _WARNINGS:
            found = pattern.fullmatch(message)
            if found is None:
                continue
            origin = self.origins.get(found.group("page"))
            if origin is None:
                return None
            return locate(_located(origin, found.group("link"), *_said(kind, found.groupdict())))
        return None

    def attach(self) -> None:
        MKDOCS_PAGES.addFilter(self)

    def detach(self) -> None:
        MKDOCS_PAGES.removeFilter(self)


def page_origins(pages: Iterable[object]) -> dict[str, Origin | None]:
    """The origin of each generated page, by its path in the docs tree."""
    return {page.src_uri: page.origin for page in pages}  # type: ignore[attr-defined]


def _said(kind: str, groups: dict[str, str | None]) -> tuple[str, str]:
    link = groups["link"] or ""
    suggest = groups.get("suggest")
    if kind == "anchor":
        anchor = groups.get("anchor") or link.partition("#")[2]
        target = groups.get("target")
        where = f"页面 {PurePosixPath(target).stem} 里" if target else "本页"
        return (
            f"链接 “{link}” 指向的小节 #{anchor} 在{where}不存在",
            "# 后面写小节的编号（sections 里的 id），例如 fever.md#when-to-see-doctor",
        )
    if PurePosixPath(link.partition("#")[0].partition("?")[0]).suffix.lower() in _IMAGES:
        return (
            f"图片 “{link}” 不在网站里",
            "图片文件要先放进 docs/images/，再写成 ../images/文件名；或者删掉这张图片",
        )
    if kind == "absolute":
        return f"链接 “{link}” 以 / 开头，网站换了地址就会失效", _suggested(suggest)
    if suggest:
        return f"链接 “{link}” 的写法网站认不出", _suggested(suggest)
    return f"链接 “{link}” 指向的页面不存在", _CHAPTER_LINKS


def _suggested(suggest: str | None) -> str:
    return f"是否想写 “{suggest}”？" if suggest else _CHAPTER_LINKS


def _located(origin: Origin, link: str, message: str, hint: str) -> Problem:
    """The problem at the first place the link is written in the record's file."""
    text = read_text(origin.file)
    if isinstance(text, str):
        at = text.find(f"({link}")
        at = at + 1 if at >= 0 else text.find(link)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            return Problem(origin, message, hint, line, column)
    return Problem(origin, message, hint)
