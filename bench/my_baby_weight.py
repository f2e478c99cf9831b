"""The weight of 宝宝时间表 (/my-baby/) on a phone, by synthetic size: its body as the build
renders it and the page's own scripts and schedules, gzipped.

    python bench/my_baby_weight.py demo L

The page carries a bounded few classes per age band (not the classes' open data), so its weight
should hardly grow from the demo to a province; the ratio to the demo is printed.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "bench"))

import synthetic  # noqa: E402
from careguide import addresses  # noqa: E402
from careguide.content.catalog import load_catalog  # noqa: E402
from careguide.content.fields import SHANGHAI  # noqa: E402
from careguide.outputs.opendata import opendata_files  # noqa: E402
from careguide.web.age_pages import my_baby_page  # noqa: E402
from careguide.web.pages import _Pages  # noqa: E402

BUILT_ON = datetime(2026, 12, 1, 8, 0, tzinfo=SHANGHAI)
THEME = REPO / "hooks/careguide/theme"


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def weigh(size: str) -> dict[str, int]:
    """Bytes gzipped: the page body, its two scripts, the two schedules it reads."""
    with tempfile.TemporaryDirectory() as folder:
        project = synthetic.generate(Path(folder), size)
        catalog = load_catalog(project / "content", now=BUILT_ON)
    pages = _Pages(catalog, "https://example.org/")
    page = next(my_baby_page(pages))
    files = dict(opendata_files(catalog, "https://example.org/"))
    return {
        "classes": len(catalog.classes),
        "body": gzipped(page.render().html.encode()),
        "scripts": sum(
            gzipped((THEME / name).read_bytes())
            for name in (addresses.MY_BABY_SCRIPT, addresses.MY_BABY_CHECKS_SCRIPT)
        ),
        "schedules": sum(
            gzipped(b"".join(files[addresses.open_data(f"schedules/{name}")]))
            for name in ("immunisation", "checkups")
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", choices=sorted(synthetic.SIZES))
    sizes = parser.parse_args(argv).sizes
    results = {size: weigh(size) for size in sizes}
    first = results[sizes[0]]["body"]
    print("size      classes   body KB gz   scripts KB gz   schedules KB gz   body ratio")
    for size, result in results.items():
        print(
            f"{size:<9} {result['classes']:>7}   {result['body'] / 1024:>10.1f}   "
            f"{result['scripts'] / 1024:>13.1f}   {result['schedules'] / 1024:>15.1f}   "
            f"{result['body'] / first:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
