"""Every plain file of the site, with the record it is made from: what :mod:`careguide.plugin`
hands to MkDocs besides the pages."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import weasyprint

from careguide import addresses
from careguide.content.catalog import Book, Catalog
from careguide.errors import Origin
from careguide.outputs.born_calendar import born_calendar_files
from careguide.outputs.calendar import calendar_files
from careguide.outputs.opendata import opendata_files
from careguide.outputs.pdf import STYLESHEET, book_html, html_pdf
from careguide.outputs.qr import qr_png
from careguide.outputs.redirects import redirect_files
from careguide.store import Content, Store


@dataclass(frozen=True)
class PlainFile:
    """A generated file: its path in the site, its bytes, what kind of file it is (named in a
    collision error) and the record it is made from (None for a file of the whole site, such as
    ``calendar/all.ics``)."""

    path: str
    content: Content
    kind: str
    origin: Origin | None = None


Layout = Callable[[str, Book], bytes]
"""What lays out a book's print HTML as a PDF (:func:`~careguide.outputs.pdf.html_pdf`)."""


def plain_files(catalog: Catalog, site_url: str, store: Store) -> Iterator[PlainFile]:
    """The PDFs, QR codes, redirects, calendars and open data of the site.

    Expensive ones are kept in ``store`` by a hash of their inputs: a book whose print HTML did
    not change is not laid out again.
    """
    yield from book_files(catalog, store)
    yield from data_files(catalog, site_url, store)


def book_files(catalog: Catalog, store: Store, layout: Layout = html_pdf) -> Iterator[PlainFile]:
    """The printable books, laid out by ``layout`` when their print HTML is not kept yet."""
    stylesheet = STYLESHEET.read_bytes()
    for book in catalog.books:
        html = book_html(catalog, book)
        make = functools.partial(layout, html, book)
        pdf = store.keyed("pdf", [weasyprint.__version__, stylesheet, html], make)
        yield PlainFile(addresses.pdf(book.id), pdf, "PDF 手册", catalog.origin(book.info))


def data_files(catalog: Catalog, site_url: str, store: Store) -> Iterator[PlainFile]:
    """The QR codes, redirects, calendars and open data of the site."""
    for centre in catalog.centres:
        url = addresses.absolute(site_url, addresses.centre(centre.id))
        qr = store.keyed("qr", [url], functools.partial(qr_png, url))
        yield PlainFile(addresses.qr(centre.id), qr, "二维码", catalog.origin(centre))
    for path, content, record in redirect_files(catalog, site_url):
        yield PlainFile(path, content, "旧地址的跳转页", catalog.origin(record))
    calendars = store.path("calendar-events.pickle")
    for path, calendar in calendar_files(catalog, site_url, calendars):
        yield PlainFile(path, calendar, "课程日历")
    for path, feed in born_calendar_files(catalog, site_url, store):
        yield PlainFile(path, feed, "出生月份日历")
    for path, data in opendata_files(catalog, site_url):
        yield PlainFile(path, data, "开放数据")


@dataclass(frozen=True)
class WrittenFile:
    """A generated file once written under ``.cache/``, where MkDocs copies it from."""

    path: str
    copy: Path
    kind: str
    origin: Origin | None


def write_files(
    catalog: Catalog, site_url: str, store: Store, files: Iterable[PlainFile] | None = None
) -> list[WrittenFile]:
    """Write every plain file (or those of ``files``) into the store as it is made (only when
    it changed), so a province's calendars and data are never all in memory while MkDocs builds."""
    made = plain_files(catalog, site_url, store) if files is None else files
    return [
        WrittenFile(file.path, store.generated(file.path, file.content), file.kind, file.origin)
        for file in made
    ]
