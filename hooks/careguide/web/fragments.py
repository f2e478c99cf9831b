"""Theme fragments rendered once per build for the many pages that share them.

Material renders the whole navigation (sidebar and tabs) into every page. On a page that is
not in the navigation (a centre, a class) nothing in it is marked active, and its relative
links depend only on the folder the page sits in (``classes/`` for every class), so all such
pages of one folder get the same HTML. With a page per class that was a quarter of a
province's build; now it is rendered once per folder. ``theme/partials/nav.html`` and
``tabs.html`` call :class:`SharedFragments`, which renders Material's own partial (loaded as
``material/partials/…``) or reuses it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
from mkdocs.structure.nav import Navigation

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


class SharedFragments:
    """``careguide_fragment(name)`` in the theme: Material's partial ``name`` for this page."""

    def __init__(self, nav: Navigation) -> None:
        self._pages_in_nav = {id(page) for page in nav.pages}
        self._above_nav_pages = {
            page.url[:end] for page in nav.pages for end in range(len(page.url) + 1)
        }
        """Every prefix of a navigation page's address: pages there link to it differently."""
        self._rendered: dict[tuple[str, int], str] = {}

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, name: str) -> str:
        template = context.environment.get_template(f"material/{name}")
        page = context.get("page")
        if page is None or id(page) in self._pages_in_nav or page.url in self._above_nav_pages:
            return template.render(context.get_all())
        key = (name, page.url.rstrip("/").rpartition("/")[0])
        if key not in self._rendered:
            self._rendered[key] = template.render(context.get_all())
        return self._rendered[key]


def install(env: jinja2.Environment, nav: Navigation) -> None:
    """Make Material's templates reachable as ``material/…`` and add ``careguide_fragment``
    (an environment that ``mkdocs serve`` keeps between rebuilds already has the first)."""
    if isinstance(env.globals.get("careguide_fragment"), SharedFragments):
        env.globals["careguide_fragment"] = SharedFragments(nav)
        return
    material_loader = jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(MATERIAL_TEMPLATES)})
    loaders = [env.loader] if env.loader is not None else []
    env.loader = jinja2.ChoiceLoader([*loaders, material_loader])
    env.globals["careguide_fragment"] = SharedFragments(nav)
