"""Plain helpers and constants shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config

from careguide.content.fields import SHANGHAI
from synthetic import write_config as site_config  # mkdocs.yml for a copy of a project

__all__ = [
    "DEMO_BUILT_ON",
    "MINI",
    "PINNED",
    "REPO",
    "Page",
    "build_project",
    "heading_text",
    "pin_build_date",
    "site_config",
    "write_case",
]

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
PINNED = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)
"""The build date of test sites: between the fixture's past and upcoming classes."""
DEMO_BUILT_ON = datetime(2026, 11, 29, 8, 0, tzinfo=SHANGHAI)
"""The demo's example classes lie on both sides of this date."""

Page = Callable[[str], BeautifulSoup]
"""A parser of the built pages of a site by address, e.g. ``page("centres/zhengding/")``."""


def heading_text(heading: Tag) -> str:
    """A heading's text without the permalink sign Material adds."""
    return "".join(heading.find_all(string=True, recursive=False)).strip()


def pin_build_date(patch: pytest.MonkeyPatch, when: datetime) -> None:
    """Make builds under ``patch`` happen "at" ``when`` (and without MkDocs 2's banner)."""
    patch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))
    patch.setenv("NO_MKDOCS_2_WARNING", "1")


def build_project(project: Path) -> Path:
    """Build a project in-process with MkDocs (strict mode, as `make site` does)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True)
    build(config)
    return project / "site"


def _file_bytes(value: str | dict[str, Any]) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if "bytes_hex" in value:
        return bytes.fromhex(value["bytes_hex"])
    if "repeat" in value:
        return (value["repeat"] * value["times"]).encode("utf-8")
    return value["text"].encode(value.get("encoding", "utf-8"))


def write_case(content: Path, files: dict[str, Any]) -> None:
    """Write a golden case's files over a copy of the small site's content: a file's value is
    its text, ``None`` to delete it, or a mapping (see ``test_content_errors``)."""
    for name, value in files.items():
        path = content / name
        if value is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, dict) and "symlink" in value:
            path.unlink(missing_ok=True)
            path.symlink_to(value["symlink"])
            continue
        path.write_bytes(_file_bytes(value))
