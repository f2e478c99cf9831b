"""Two builds of the same content with the same SOURCE_DATE_EPOCH are byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import MINI, build_project, site_config


def test_two_builds_are_byte_identical(tmp_path: Path, pinned_now: object) -> None:
    sites = []
    for name in ("first", "second"):
        project = tmp_path / name
        shutil.copytree(MINI, project)
        site_config(project)
        sites.append(build_project(project))  # each with its own, empty PDF cache

    def files(site: Path) -> dict[str, bytes]:
        return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    first, second = map(files, sites)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    kinds = {Path(name).suffix for name in first}
    assert {".html", ".pdf", ".ics", ".json", ".png", ".gz"} <= kinds
