"""Old addresses kept alive: a centre or class that lists ``former_ids`` gets redirect pages."""

from __future__ import annotations

from collections.abc import Iterator

from careguide import addresses
from careguide.content.catalog import Catalog
from careguide.content.centres import Centre
from careguide.content.classes import Class
from careguide.templating import environment


def redirect_files(catalog: Catalog, site_url: str) -> Iterator[tuple[str, bytes, Centre | Class]]:
    """A page at each former address, pointing to the record's page: its path in the site, its
    bytes, and the record that moved."""
    template = environment().get_template("redirect.html.j2")
    moved: list[tuple[Centre | Class, str]] = [
        (centre, addresses.centre(centre.id)) for centre in catalog.centres
    ]
    moved += [(item, addresses.class_page(item.id)) for item in catalog.classes]
    for record, page in moved:
        for old_id in record.former_ids:
            path = addresses.redirect(page, old_id)
            html = template.render(
                target=addresses.relative(page, path),
                canonical=addresses.absolute(site_url, page),
            )
            yield path, html.encode("utf-8"), record
