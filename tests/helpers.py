"""Plain helpers and constants shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
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
    "in_mount_namespace",
    "mounts_allowed",
    "pin_build_date",
    "run_careguide",
    "site_config",
    "write_case",
]

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
PINNED = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)
"""The build date of test sites: between the fixture's past and upcoming classes."""
DEMO_BUILT_ON = datetime(2026, 12, 1, 8, 0, tzinfo=SHANGHAI)
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


def run_careguide(
    *args: str | Path,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``careguide`` as an editor or cron does (a process of its own, this worktree's hooks),
    with ``env`` added to the environment; ``prefix`` runs it through another command."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), **(env or {})}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "careguide.cli", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


MOUNT_NAMESPACE = ("unshare", "--mount", "--map-root-user")
"""A private mount namespace, where even an unprivileged user may mount a tmpfs."""


@cache
def mounts_allowed() -> bool:
    """Whether this machine lets tests mount file systems in a namespace of their own."""
    try:
        probe = subprocess.run(
            [*MOUNT_NAMESPACE, "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def in_mount_namespace(script: str, cwd: Path, timeout: float = 120) -> str:
    """Run the shell ``script`` (``set -eu``) in a private mount namespace, where what it mounts
    vanishes when it ends; ``"$PYTHON"`` runs this worktree's careguide. Returns its output."""
    if not mounts_allowed():
        pytest.skip("mounting a tmpfs in a private namespace (unshare) is not allowed here")
    environment = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "PYTHON": sys.executable}
    result = subprocess.run(
        [*MOUNT_NAMESPACE, "sh", "-euc", script],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


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


GOLDEN = Path(__file__).parent / "golden"


def golden_cases(kind: str) -> list[Any]:
    """The cases of ``tests/golden/<kind>/*.yml``, one pytest parameter each, named by file and
    case."""
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted((GOLDEN / kind).glob("*.yml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
