"""What an HTML page is made from, to find the pages an edit changed without rendering them.

``make serve`` (a ``--dirty`` build) writes each page's fingerprint where MkDocs looks for its
source: an unchanged fingerprint keeps the file's time, and MkDocs skips the page. A fingerprint
holds everything the page's template can read: its own variables (records in full), the records
those name (a class names its centre, whose name a class list shows), and what every page
shares (the templates, the site's settings and address). ``tests/test_fingerprint.py`` changes
every field of every record in turn and checks that each page whose HTML changes has a new
fingerprint, so a template that starts reading something new cannot leave previews stale.
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
        self._earlier = previous._records if previous is not None else {}
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

    def of(self, page: HtmlPage) -> bytes:
        """The fingerprint of ``page``: much cheaper to compute than the page itself."""
        inputs = [page.src_uri, repr(page.meta), page.template.name or ""]
        inputs += [f"{name}={self._text(value)}" for name, value in page.context.items()]
        return self.shared + "\0".join(inputs).encode("utf-8")

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
