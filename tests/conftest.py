"""Shared fixtures: copies of a small real site in tmp_path, built in-process with MkDocs."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import DEMO_BUILT_ON, MINI, PINNED, REPO, Page, build_project, site_config


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


@pytest.fixture
def built_mini(mini_project: Path) -> Path:
    return build_project(mini_project)


@pytest.fixture
def page(built_mini: Path) -> Page:
    """Parse a built page of the small site by its address, e.g. ``page("centres/zhengding/")``."""

    def read(address: str) -> BeautifulSoup:
        html = (built_mini / address / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    return read


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
