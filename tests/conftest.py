"""Shared fixtures: copies of a small real site in tmp_path, built in-process with MkDocs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config

from careguide.content.fields import SHANGHAI
from synthetic import write_config as site_config  # mkdocs.yml for a copy of a project

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
PINNED = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)
"""The build date of test sites: between the fixture's past and upcoming classes."""


def heading_text(heading: Tag) -> str:
    """A heading's text without the permalink sign Material adds."""
    return "".join(heading.find_all(string=True, recursive=False)).strip()


@pytest.fixture
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(PINNED.timestamp())))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return PINNED


@pytest.fixture
def mini_project(tmp_path: Path, pinned_now: datetime) -> Path:
    """A writable copy of the small test site, with its mkdocs.yml."""
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    site_config(project)
    return project


def build_project(project: Path) -> Path:
    """Build a project in-process with MkDocs (strict mode, as `make site` does)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True)
    build(config)
    return project / "site"


@pytest.fixture
def built_mini(mini_project: Path) -> Path:
    return build_project(mini_project)


Page = Callable[[str], BeautifulSoup]


@pytest.fixture
def page(built_mini: Path) -> Page:
    """Parse a built page of the small site by its address, e.g. ``page("centres/zhengding/")``."""

    def read(address: str) -> BeautifulSoup:
        html = (built_mini / address / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    return read


DEMO_BUILT_ON = datetime(2026, 11, 29, 8, 0, tzinfo=SHANGHAI)
"""The demo's example classes lie on both sides of this date."""


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped demo content and docs, built once per test session."""
    project = tmp_path_factory.mktemp("demo")
    for folder in ("content", "docs"):
        shutil.copytree(REPO / folder, project / folder)
    site_config(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(DEMO_BUILT_ON.timestamp())))
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        return build_project(project)
