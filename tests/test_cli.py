"""`careguide check`: validates content/ without building, with the build's own messages.

The command is run as a subprocess, as an editor runs it (`make check`), so that the exit
status and everything printed are what they would see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from careguide.content.catalog import load_catalog
from careguide.errors import ContentError
from helpers import DEMO_BUILT_ON, MINI, REPO, write_case


def check(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``careguide check`` "on" the demo's build date: no review is stale yet."""
    epoch = str(int(DEMO_BUILT_ON.timestamp()))
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run(
        [sys.executable, "-m", "careguide.cli", "check", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_content_passes_with_a_one_line_summary() -> None:
    result = check(REPO / "content")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [result.stdout.strip()]
    assert result.stdout.startswith("内容检查通过：")


def test_the_content_folder_is_found_from_the_project_root() -> None:
    result = check()

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("内容检查通过：")


BROKEN = {
    "site.yml": None,
    "centres/zhengding.yml": "id: zhengding\nname: 正定县\nlevel: county\nservices:\n\t- 咨询\n",
    "centres/shijiazhuang.yml": (
        "id: shijiazhuang\nname: 石家庄市指导中心\nlevel: city\nphone: 0311-8xxxxxxx\n"
        "website: javascript:alert(1)\nchecked: 2026-02-30\n"
    ),
    "classes/2026.yml": (
        "classes:\n  - 12 月 5 日 辅食课\n  - id: b\n    title: !!python/name:os.system\n"
    ),
    "hygiene/hand-hygiene.yml": {"encoding": "gbk", "text": "id: hand-hygiene\ntitle: 手卫生\n"},
}


def test_broken_content_exits_1_with_the_build_messages_and_no_traceback(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    write_case(content, BROKEN)
    with pytest.raises(ContentError) as caught:
        load_catalog(content)

    result = check(content, cwd=tmp_path)

    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    header, *lines = result.stderr.splitlines()
    assert lines == caught.value.lines()
    assert header == f"内容有 {len(lines)} 处错误："
    assert len(lines) == 7  # three in shijiazhuang.yml


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = check(tmp_path / "nowhere", cwd=tmp_path)

    assert result.returncode == 2
    assert "找不到内容目录" in result.stderr
    assert "Traceback" not in result.stderr
