"""What goes wrong around a build (the environment, the disk, the folders) is one Chinese line.

Each case runs `careguide build` (or `careguide check`) as a subprocess after a successful build,
as cron or an editor would, and pins what they read: the line that says what is wrong and how to
fix it, a non-zero exit, no traceback, and the previous site exactly as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from careguide.build import build_site
from helpers import in_mount_namespace, run_careguide
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
    assert line in _plain(result.stderr)


def _plain(text: str) -> list[str]:
    """The lines of MkDocs' log without its colours."""
    lines = [line.replace("\x1b[31m", "").replace("\x1b[0m", "") for line in text.splitlines()]
    return [line.removeprefix("ERROR   -  ") for line in lines]


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


@pytest.fixture(params=["content/centres", "content"])
def unreadable(built: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The project with a content folder unreadable (given back its mode afterwards)."""
    if UNPRIVILEGED and shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's right to read anything")
    folder = built / request.param
    folder.chmod(0)
    yield request.param
    folder.chmod(0o755)


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unreadable_content_folder_is_a_content_problem(
    built: Path, unreadable: str, command: str
) -> None:
    before = snapshot(built / "site")

    result = run_careguide(command, cwd=built, prefix=UNPRIVILEGED)

    assert_refused(
        result,
        f"{unreadable}:1:1: 无法读取文件夹（Permission denied） — "
        "请让运行生成的用户可以读取它（例如 chmod -R a+rX content），或检查它是否还在",
    )
    assert snapshot(built / "site") == before


def run_and_keep(project: Path, out: Path, setup: str) -> subprocess.CompletedProcess[str]:
    """Run ``careguide build`` in ``project`` after the shell ``setup`` in a private mount
    namespace; what it printed, and a copy of ``site/`` as the build left it, go to ``out``."""
    out.mkdir()
    in_mount_namespace(
        f"""
        {setup}
        status=0
        "$PYTHON" -m careguide.cli build > {out}/stdout 2> {out}/stderr || status=$?
        cp -a site {out}/site
        ls -A > {out}/listing
        echo $status > {out}/status
        """,
        cwd=project,
    )
    return subprocess.CompletedProcess(
        ["careguide", "build"],
        int((out / "status").read_text()),
        (out / "stdout").read_text(encoding="utf-8"),
        (out / "stderr").read_text(encoding="utf-8"),
    )


def assert_one_line_matching(result: subprocess.CompletedProcess[str], pattern: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    matching = [line for line in _plain(result.stderr) if re.search(pattern, line)]
    assert len(matching) == 1, result.stderr
    assert _plain(result.stderr)[-1] == "网站未更新：site/ 保持上一次成功生成的内容。"


@pytest.mark.parametrize(
    ("free", "where"),
    [(0, r"\S+/p/\.cache/careguide/\S+"), (256 * 1024, r"\S+")],
    ids=["the cache is written first", "the new site is written first"],
)
def test_a_full_disk_is_one_line(built: Path, tmp_path: Path, free: int, where: str) -> None:
    """The project on a small disk with ``free`` bytes left after the first build."""
    before = snapshot(built / "site")
    disk = tmp_path / "disk"
    disk.mkdir()
    setup = f"""
        mount -t tmpfs -o size=32m tmpfs {disk}
        cp -a {built} {disk}/p
        cd {disk}/p
        available=$(df --output=avail -B1 . | tail -n 1)
        head -c $((available - {free})) /dev/zero > filler || true
    """

    result = run_and_keep(disk, tmp_path / "out", f"{setup}\ncd {disk}/p")

    cache = r"；\.cache/ 文件夹可以随时删除" if "cache" in where else ""
    assert_one_line_matching(
        result,
        rf"^{where}: 磁盘空间不足，无法写入（No space left on device）— "
        rf"请清理磁盘空间后重新生成{cache}$",
    )
    assert snapshot(tmp_path / "out" / "site") == before
    assert ".site.building" not in (tmp_path / "out" / "listing").read_text()


CACHE_LINE = r"^\S+/\.cache/careguide/\S+: {}— 请{}；\.cache/ 文件夹可以随时删除$"


def test_a_cache_mounted_read_only_is_one_line(built: Path, tmp_path: Path) -> None:
    before = snapshot(built / "site")

    result = run_and_keep(
        built, tmp_path / "out", "mount --bind .cache .cache\nmount -o remount,bind,ro .cache"
    )

    line = CACHE_LINE.format("文件系统是只读的，无法写入 ", "把它挂载为可写，或换一个可写的位置")
    assert_one_line_matching(result, line)
    assert snapshot(tmp_path / "out" / "site") == before


def test_a_cache_of_another_user_is_one_line(built: Path) -> None:
    if UNPRIVILEGED and shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's right to write anywhere")
    before = snapshot(built / "site")
    folders = [built / ".cache", *(p for p in (built / ".cache").rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        result = run_careguide("build", cwd=built, prefix=UNPRIVILEGED)
    finally:
        for folder in folders:
            folder.chmod(0o755)

    line = CACHE_LINE.format(
        "没有写入权限（Permission denied）", "让运行生成的用户可以写入它所在的文件夹"
    )
    assert_one_line_matching(result, line)
    assert snapshot(built / "site") == before
