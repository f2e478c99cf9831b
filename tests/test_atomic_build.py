"""A failed build leaves the previous site exactly as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careguide.build import build_site
from helpers import REPO


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "breakage",
    [
        ("docs/broken.md", "# 坏链接 { #broken }\n\n[不存在的页面](missing.md)\n"),
        ("content/centres/zhengding.yml", "id: zhengding\nname: [未闭合\n"),
    ],
    ids=["strict-mode warning at the end of the build", "content error at the start"],
)
def test_a_failed_build_keeps_the_previous_site(
    mini_project: Path, breakage: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_site(mini_project / "mkdocs.yml")
    site = mini_project / "site"
    before = snapshot(site)
    assert "centres/zhengding/index.html" in before

    path, text = breakage
    (mini_project / path).write_text(text, encoding="utf-8")
    assert not build_site(mini_project / "mkdocs.yml")

    assert snapshot(site) == before
    leftovers = sorted(p.name for p in mini_project.iterdir() if p.name.startswith(".site"))
    assert leftovers == [".site.lock"]  # the lock file stays: a lock is held on it, not by it
    assert "网站未更新" in capsys.readouterr().err


def test_a_successful_build_replaces_the_site(mini_project: Path) -> None:
    assert build_site(mini_project / "mkdocs.yml")
    centre = mini_project / "content/centres/zhengding.yml"
    centre.write_text(centre.read_text().replace("正定县婴幼儿养育照护指导中心", "正定县指导站"))
    assert build_site(mini_project / "mkdocs.yml")
    assert "正定县指导站" in (mini_project / "site/centres/zhengding/index.html").read_text()


def test_a_cache_that_cannot_be_written_is_a_message_not_a_traceback(mini_project: Path) -> None:
    """Errors careguide meets after loading the content (here the store under .cache/) stop
    `careguide build` with what is wrong and what to do, and keep the previous site."""
    assert build_site(mini_project / "mkdocs.yml")
    before = snapshot(mini_project / "site")
    (mini_project / ".cache").rename(mini_project / ".cache-aside")
    (mini_project / ".cache").write_text("not a folder", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "careguide.cli", "build"],
        cwd=mini_project,
        env={**os.environ, "PYTHONPATH": str(REPO / "hooks")},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert ".cache/careguide/yaml" in result.stderr
    assert "无法写入" in result.stderr and "请检查磁盘空间和文件夹权限" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(mini_project / "site") == before
