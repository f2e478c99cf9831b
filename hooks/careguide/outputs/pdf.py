"""Printable books: each book of the Catalog as an A4 PDF, made by WeasyPrint.

The print template ``templates/print/book.html.j2`` receives the same records as the web pages,
so the PDF and the site never disagree. Text fields are Markdown: HTML-escaped first (an editor
cannot slip raw HTML in), then converted with the ``markdown`` library. Links between chapters
written as on the site (``sleep.md#safe-sleep``) point at the same place inside the PDF.

Chinese text needs a CJK font, found through fontconfig; without one :class:`MissingFontError`
says which package to install. Nothing is fetched while printing: every URL is refused.
"""

from __future__ import annotations

import posixpath
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import weasyprint
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from careguide import addresses
from careguide.content.books import Chapter
from careguide.content.catalog import Book, Catalog
from careguide.errors import PdfError
from careguide.templating import TEMPLATES, environment

STYLESHEET = TEMPLATES / "print" / "book.css"
FONT_PACKAGE = "fonts-noto-cjk"
"""The Debian/Ubuntu package that provides Noto Sans CJK SC."""
FONT_QUERY = "Noto Sans CJK SC:lang=zh-cn"
"""Fontconfig pattern: Noto Sans CJK SC if installed, else the best Simplified Chinese font."""
MARKDOWN_EXTENSIONS = ["attr_list", "def_list", "tables"]


class MissingFontError(PdfError):
    """No font for Simplified Chinese was found through fontconfig."""

    def __init__(self, detail: str) -> None:
        install = f"sudo apt-get install {FONT_PACKAGE}"
        super().__init__(
            f"生成 PDF 需要简体中文字体，但 fontconfig 没有找到（{detail}）。"
            f"请安装 Noto CJK 字体（Debian/Ubuntu：{install}）后重新生成。\n"
            f"No Simplified Chinese font found through fontconfig ({detail}). "
            f"Install Noto CJK (Debian/Ubuntu: {install}) and build again."
        )


def find_cjk_font() -> Path:
    """The file of the font used for Chinese text; MissingFontError if there is none."""
    return _cjk_font()[0]


def _cjk_font() -> tuple[Path, str]:
    """The file and family name of the best Simplified Chinese font fontconfig knows."""
    try:
        answer = _fontconfig_match(FONT_QUERY)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise MissingFontError(
            f"fc-match 无法运行，请同时安装 fontconfig / fc-match did not run ({exc})"
        ) from None
    file, _, rest = answer.partition("\n")
    family, _, languages = rest.partition("\n")
    # fc-match always answers with some font; only one that covers zh-cn will do.
    if not file or "zh-cn" not in languages.split("|"):
        shown = family or "无 / none"
        raise MissingFontError(f"最接近的字体 / closest font: {shown}")
    return Path(file), family


def _fontconfig_match(pattern: str) -> str:
    """fc-match's best font for ``pattern``: its file, family and languages, one per line."""
    result = subprocess.run(
        ["fc-match", "--format", "%{file}\n%{family[0]}\n%{lang}", pattern],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def book_pdf(catalog: Catalog, book: Book) -> bytes:
    """The whole book as a PDF: cover, contents with page numbers, then every chapter."""
    return html_pdf(book_html(catalog, book), book)


def book_html(catalog: Catalog, book: Book) -> str:
    """The print HTML of a book; the PDF depends on nothing else but the stylesheet."""
    _, family = _cjk_font()
    env = environment()
    env.filters.update(markdown=_BookMarkdown(book), long_date=_long_date)
    env.globals.update(anchor=anchor)
    return env.get_template("print/book.html.j2").render(
        site=catalog.site,
        book=book,
        sources=catalog.sources,
        catalog=catalog,
        font_family=family,
    )


def html_pdf(html: str, book: Book) -> bytes:
    """Lay out print HTML as a PDF.

    Two builds of the same content give identical bytes: the PDF's dates come from the book's
    edition, not from the clock.
    """
    offline = _Offline()
    document = weasyprint.HTML(string=html, url_fetcher=offline)
    stylesheet = weasyprint.CSS(filename=STYLESHEET, url_fetcher=offline)
    try:
        return document.write_pdf(
            stylesheets=[stylesheet], pdf_identifier=f"careguide/{book.id}".encode()
        )
    except _Refused as refused:
        raise PdfError(
            f"《{book.info.title}》的内容引用了 {refused.url}：印刷版不读取任何网址或文件，"
            "请删去这个引用（图片不能用；普通链接可以保留）"
        ) from None


def anchor(chapter_id: str, section_id: str | None = None) -> str:
    """The HTML id of a chapter, or of a section inside it, in the printed book."""
    return chapter_id if section_id is None else f"{chapter_id}--{section_id}"


def _long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Refused(FatalURLFetchingError):
    """Stops WeasyPrint at the first URL it tries to fetch."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _Offline(URLFetcher):
    """Fetches nothing: a printed book is made from the Catalog alone, never from the network."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise _Refused(url)


class _BookMarkdown:
    """The ``markdown`` filter of the print template: ``{{ text | markdown(chapter) }}``."""

    def __init__(self, book: Book) -> None:
        self.links = _ChapterLinks(book)
        self.converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
        self.converter.treeprocessors.register(self.links, "careguide-links", 0)

    def __call__(self, text: str, chapter: Chapter | None = None) -> Markup:
        self.links.chapter = chapter
        html = self.converter.reset().convert(str(escape(text)))
        return Markup(html)  # made by markdown from escaped text: safe


class _ChapterLinks(Treeprocessor):
    """Points links between the chapters of a book at their place in the PDF.

    Editors link as on the site: ``sleep.md#safe-sleep`` or ``#section`` inside a chapter.
    Links that leave the book (another book, a site page) keep their text but lose their
    target, since a printed page cannot follow them; web addresses are kept.
    """

    def __init__(self, book: Book) -> None:
        super().__init__()
        self.book = book
        self.chapter: Chapter | None = None
        self.by_path = {addresses.chapter(book.id, c.id): c for c in book.chapters}

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if urlsplit(href).scheme:
                continue
            target = self._target(href)
            if target is None:
                link.attrib.pop("href", None)
            else:
                link.set("href", f"#{target}")
                link.set("class", "cg-xref")

    def _target(self, href: str) -> str | None:
        """The id a link inside the book points to, or None if it leaves the book."""
        parts = urlsplit(href)
        if parts.netloc or parts.query:
            return None
        chapter = self.chapter
        if parts.path:
            chapter = self.by_path.get(posixpath.normpath(posixpath.join(self.book.id, parts.path)))
        if chapter is None:
            return None
        if any(section.id == parts.fragment for section in chapter.sections):
            return anchor(chapter.id, parts.fragment)
        return anchor(chapter.id)
