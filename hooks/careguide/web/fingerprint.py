"""What an HTML page is made from, to find the pages an edit changed without rendering them.

``make serve`` (a ``--dirty`` build) writes each page's fingerprint where MkDocs looks for its
source: an unchanged fingerprint keeps the file's time, and MkDocs skips the page. A fingerprint
holds everything the page's template can read: its own variables (records in full), the records
those name (a class names its centre, whose name a class list shows), and what every page
shares (the templates, the site's settings and address). ``tests/test_fingerprint.py`` changes
every field of every record in turn and checks that each page whose HTML changes has a new
fingerprint, so a template that starts reading something new cannot leave previews stale.

``mkdocs serve`` keeps the records of unchanged files (the very same objects), so the next
build's :class:`Fingerprints` takes a page's fingerprint as it was when the page's variables are
the same objects and values as before (:meth:`Fingerprints._key`): a save costs the
fingerprints of the pages whose records changed, not of all of them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from pydantic import BaseModel

from careguide.content.catalog import Catalog
from careguide.content.classes import Class
from careguide.templating import TEMPLATES
from careguide.web.htmlpage import HtmlPage


class Fingerprints:
    """The fingerprints of one build's HTML pages."""

    def __init__(
        self, catalog: Catalog, site_url: str, previous: Fingerprints | None = None
    ) -> None:
        self.catalog = catalog
        self._centres = catalog.centres_by_id
        self._earlier = previous._records if previous is not None else {}
        self._pages: dict[str, tuple[tuple[Any, ...], list[Any], bytes]] = {}
        """Each page's key, the records its key names (kept alive, so that no other record
        can take their ``id``), and its fingerprint."""
        self._records: dict[int, tuple[BaseModel, str]] = {}
        """The JSON of each record met in this build, by identity (records are immutable;
        ``mkdocs serve`` keeps the records of unchanged files, so the next build reuses it)."""
        digest = hashlib.sha256()
        for path in sorted(TEMPLATES.glob("pages/*.j2")):
            digest.update(path.read_bytes())
        digest.update(f"{site_url}\0{catalog.site.model_dump_json()}".encode())
        self.shared = digest.digest()
        """What any page may read besides its own variables."""
        self._texts: dict[int, str] = {}
        """The text of each record or list met so far in this build (they live as long as it)."""
        same = previous is not None and previous.shared == self.shared
        self._earlier_pages = previous._pages if previous is not None and same else {}

    def of(self, page: HtmlPage) -> bytes:
        """The fingerprint of ``page``: much cheaper to compute than the page itself."""
        named: list[Any] = []
        key = (
            repr(page.meta),
            page.template.name,
            tuple((name, self._key(value, named)) for name, value in page.context.items()),
        )
        for earlier in (self._pages.get(page.src_uri), self._earlier_pages.get(page.src_uri)):
            if earlier is not None and earlier[0] == key:
                fingerprint = earlier[2]
                break
        else:
            inputs = [page.src_uri, repr(page.meta), page.template.name or ""]
            inputs += [f"{name}={self._text(value)}" for name, value in page.context.items()]
            text = "\0".join(inputs).encode("utf-8")
            fingerprint = self.shared + hashlib.blake2b(text, digest_size=16).digest()
        self._pages[page.src_uri] = (key, named, fingerprint)
        return fingerprint

    def _key(self, value: Any, named: list[Any]) -> Any:
        """What ``value``'s text (:meth:`_text`) is made from, cheap to compare: equal keys
        mean equal texts. A record is named by its ``id`` (it is kept in ``named``), a class
        also by its centre's, whose name its text holds. Keys of other kinds than strings,
        records and lists start with a type, which no list's key does."""
        kind = type(value)
        if kind is list or kind is tuple:  # the common kinds first: lists of many classes
            return tuple([self._key(item, named) for item in value])
        if isinstance(value, Class):
            centre = self._centres[value.centre]
            named.append(value)
            named.append(centre)
            return Class, id(value), id(centre)
        if isinstance(value, str):
            return value
        if isinstance(value, int | float | bool | None):
            return kind, value
        if isinstance(value, BaseModel):
            named.append(value)
            return id(value)
        if isinstance(value, list | tuple):
            return tuple([self._key(item, named) for item in value])
        if isinstance(value, dict):
            return dict, tuple([(repr(k), self._key(v, named)) for k, v in value.items()])
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            return kind, tuple([self._key(getattr(value, f.name), named) for f in fields])
        return object, repr(value)

    def _text(self, value: Any) -> str:
        if isinstance(value, str | int | float | bool | None):
            return repr(value)
        known = self._texts.get(id(value))  # a record named by many pages (a centre, a book)
        if known is None:
            known = self._texts[id(value)] = self._made(value)
        return known

    def _made(self, value: Any) -> str:
        if isinstance(value, Class):
            return self._json(value) + self.catalog.centres_by_id[value.centre].name
        if isinstance(value, BaseModel):
            return self._json(value)
        if isinstance(value, list | tuple):
            return "[" + ",".join(self._text(item) for item in value) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k!r}:{self._text(v)}" for k, v in value.items()) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = (
                f"{f.name}={self._text(getattr(value, f.name))}" for f in dataclasses.fields(value)
            )
            return f"{type(value).__name__}({','.join(fields)})"
        return repr(value)

    def _json(self, record: BaseModel) -> str:
        kept = self._earlier.get(id(record))
        if kept is None or kept[0] is not record:
            kept = (record, record.model_dump_json())
        self._records[id(record)] = kept
        return kept[1]
