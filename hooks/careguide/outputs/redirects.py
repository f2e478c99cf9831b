"""Old addresses kept alive: a centre or class that lists ``former_ids`` gets redirect pages."""

from __future__ import annotations

from careguide.addresses import centre_url, class_url
from careguide.content.catalog import Catalog
from careguide.templating import environment


def redirect_files(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """``centres/<old>/index.html`` and ``classes/<old>/index.html`` pointing to the new page."""
    template = environment().get_template("redirect.html.j2")
    moves = [("centres", c.id, c.former_ids, centre_url) for c in catalog.centres]
    moves += [("classes", item.id, item.former_ids, class_url) for item in catalog.classes]
    files = {}
    for folder, new_id, old_ids, url in moves:
        for old_id in old_ids:
            html = template.render(target=f"../{new_id}/", canonical=url(site_url, new_id))
            files[f"{folder}/{old_id}/index.html"] = html.encode("utf-8")
    return files
