"""Shared fixtures: copies of a small real site in tmp_path, built in-process with MkDocs.

Tests that only read the built small site use ``mini_site`` (or ``page``), built once per
session; a test that edits the content, rebuilds, or writes into the site takes its own copy
(``mini_project``, ``built_mini``), so that it cannot change what other tests see."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import (
    DEMO_BUILT_ON,
    MINI,
    PINNED,
    REPO,
    Page,
    build_project,
    pin_build_date,
    site_config,
)


@pytest.fixture
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    pin_build_date(monkeypatch, PINNED)
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
    """A fresh build of the small site, for a test that changes the site or builds it again."""
    return build_project(mini_project)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site built once per test session at the pinned date, shared: read it only.
    Laid out as ``mini_project`` is: ``<project>/site``, its store in ``<project>/.cache``."""
    project = tmp_path_factory.mktemp("mini") / "project"
    shutil.copytree(MINI, project)
    site_config(project)
    with pytest.MonkeyPatch.context() as patch:
        pin_build_date(patch, PINNED)
        return build_project(project)


@pytest.fixture
def page(mini_site: Path) -> Page:
    """Parse a built page of the small site by its address, e.g. ``page("centres/zhengding/")``."""

    def read(address: str) -> BeautifulSoup:
        html = (mini_site / address / "index.html").read_text(encoding="utf-8")
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
        pin_build_date(patch, DEMO_BUILT_ON)
        return build_project(project)
