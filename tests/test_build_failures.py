"""What goes wrong around a build (the environment, the disk, the folders) is one Chinese line.

Each case runs `careguide build` (or `careguide check`) as a subprocess after a successful build,
as cron or an editor would, and pins what they read: the line that says what is wrong and how to
fix it, a non-zero exit, no traceback, and the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from careguide.build import build_site
from helpers import run_careguide
from test_atomic_build import snapshot

UNPRIVILEGED = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]
    if os.geteuid() == 0
    else []
)
"""Runs a command so that file permissions apply to it (root would read and write anything)."""


@pytest.fixture
def built(mini_project: Path) -> Path:
    """The small site's project, built once: its ``site/`` is the previous site."""
    assert build_site(mini_project / "mkdocs.yml")
    return mini_project


def assert_refused(result: subprocess.CompletedProcess[str], line: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert line in result.stderr.splitlines() or f"ERROR   -  {line}" in _plain(result.stderr)


def _plain(text: str) -> list[str]:
    """The lines of MkDocs' log without its colours."""
    return [line.replace("\x1b[31m", "").replace("\x1b[0m", "") for line in text.splitlines()]


@pytest.mark.parametrize(
    ("value", "line"),
    [
        (
            "2026-12-01",
            "SOURCE_DATE_EPOCH=2026-12-01: 不是整数秒数，无法确定生成日期 — 请写从 1970-01-01 "
            "起的整秒数，例如 SOURCE_DATE_EPOCH=$(date +%s)；不需要固定日期时删除这个变量",
        ),
        (
            "1795665600000",
            "SOURCE_DATE_EPOCH=1795665600000: 对应的日期晚于 2099 年，不可能是生成日期 — "
            "请写秒数而不是毫秒数，例如 SOURCE_DATE_EPOCH=$(date +%s)；"
            "不需要固定日期时删除这个变量",
        ),
    ],
    ids=["malformed", "milliseconds"],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_bad_source_date_epoch_is_one_line(
    built: Path, command: str, value: str, line: str
) -> None:
    before = snapshot(built / "site")

    result = run_careguide(command, cwd=built, env={"SOURCE_DATE_EPOCH": value})

    assert_refused(result, line)
    assert snapshot(built / "site") == before


@pytest.fixture
def unreadable(built: Path) -> Iterator[Path]:
    """The project with ``content/centres/`` unreadable (given back its mode afterwards)."""
    if UNPRIVILEGED and shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's right to read anything")
    folder = built / "content" / "centres"
    folder.chmod(0)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unreadable_content_folder_is_a_content_problem(
    built: Path, unreadable: Path, command: str
) -> None:
    before = snapshot(built / "site")

    result = run_careguide(command, cwd=built, prefix=UNPRIVILEGED)

    assert_refused(
        result,
        "content/centres:1:1: 无法读取文件夹（Permission denied） — "
        "请让运行生成的用户可以读取它（例如 chmod -R a+rX content），或检查它是否还在",
    )
    assert snapshot(built / "site") == before
