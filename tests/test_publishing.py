"""Where the new site goes: a plain site/, a site/ left aside by a crash, a symlinked site/ (to
a web server's folder) and a mounted site/. Each is built for real, and what a visitor of the
folder would see is compared with a snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careguide.build import build_site
from helpers import in_mount_namespace, run_careguide
from test_atomic_build import snapshot

NEW_NAME = "正定县指导站"


def rename_a_centre(project: Path) -> None:
    centre = project / "content/centres/zhengding.yml"
    centre.write_text(centre.read_text().replace("正定县婴幼儿养育照护指导中心", NEW_NAME))


def break_the_content(project: Path) -> None:
    (project / "content/centres/zhengding.yml").write_text("id: zhengding\nname: [未闭合\n")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".building", ".previous")))


def test_a_crash_between_the_two_renames_is_repaired_by_the_next_build_even_a_failed_one(
    mini_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_site(mini_project / "mkdocs.yml")
    site = mini_project / "site"
    before = snapshot(site)
    capsys.readouterr()  # what the first build said
    site.rename(mini_project / ".site.previous")  # what a crash between the renames leaves
    break_the_content(mini_project)

    assert not build_site(mini_project / "mkdocs.yml")

    assert snapshot(site) == before
    assert leftovers(mini_project) == []
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "上一次生成在替换网站时中断：已把 .site.previous 恢复为 site/"
    assert err[-1] == "网站未更新：site/ 保持上一次成功生成的内容。"


def test_a_failed_first_build_does_not_say_a_site_was_kept(
    mini_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_the_content(mini_project)

    assert not build_site(mini_project / "mkdocs.yml")

    assert not (mini_project / "site").exists()
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == "网站未生成：还没有 site/（没有成功生成过，或已被删除）。"


@pytest.fixture
def web_root(mini_project: Path, tmp_path: Path) -> Path:
    """A web server's folder holding the previous site, and site/ a symbolic link to it."""
    assert build_site(mini_project / "mkdocs.yml")
    root = tmp_path / "www" / "care"
    root.parent.mkdir()
    (mini_project / "site").rename(root)
    (mini_project / "site").symlink_to(root)
    return root


def test_a_symlinked_site_has_its_target_replaced_and_the_link_kept(
    mini_project: Path, web_root: Path
) -> None:
    (web_root / "stale.html").write_text("昨天的文件", encoding="utf-8")
    rename_a_centre(mini_project)

    assert build_site(mini_project / "mkdocs.yml")

    link = mini_project / "site"
    assert link.is_symlink() and link.readlink() == web_root
    assert NEW_NAME in (web_root / "centres/zhengding/index.html").read_text(encoding="utf-8")
    assert not (web_root / "stale.html").exists()
    assert leftovers(web_root.parent) == [] and leftovers(mini_project) == []


def test_a_symlinked_site_is_kept_by_a_failed_build_and_repaired_after_a_crash(
    mini_project: Path, web_root: Path
) -> None:
    before = snapshot(web_root)
    web_root.rename(web_root.with_name(".care.previous"))  # a crash between the two renames
    break_the_content(mini_project)

    assert not build_site(mini_project / "mkdocs.yml")

    assert (mini_project / "site").is_symlink()
    assert snapshot(web_root) == before
    assert leftovers(web_root.parent) == []


def test_a_mounted_site_is_synced_file_by_file(mini_project: Path, tmp_path: Path) -> None:
    """site/ is a mount point (a tmpfs here): it cannot be renamed, so the new site is copied
    into it; what the old site had and the new one has not is deleted, lost+found is kept."""
    assert build_site(mini_project / "mkdocs.yml")
    rename_a_centre(mini_project)
    out = tmp_path / "out"
    in_mount_namespace(
        f"""
        mkdir {out}
        cp -a site {tmp_path}/previous
        mount -t tmpfs tmpfs site
        cp -a {tmp_path}/previous/. site/
        echo stale > site/stale.html
        mkdir site/lost+found
        "$PYTHON" -m careguide.cli build > {out}/stdout 2> {out}/stderr
        mountpoint -q site && touch {out}/still-mounted
        cp -a site {out}/site
        ls -A > {out}/listing
        """,
        cwd=mini_project,
    )
    plain = run_careguide("build", cwd=mini_project)  # the same build, into the plain folder
    assert plain.returncode == 0, plain.stderr

    assert (out / "still-mounted").exists()
    assert snapshot(out / "site") == snapshot(mini_project / "site")
    assert (out / "site/lost+found").is_dir()
    assert leftovers(out) == [] and ".site.building" not in (out / "listing").read_text()


def test_a_copy_into_a_mounted_site_killed_midway_leaves_whole_files_and_the_next_build_ends_it(
    mini_project: Path, tmp_path: Path
) -> None:
    """Builds killed after the 1st, 2nd, 4th and 8th file copied into a mounted site/: every file
    is then the old or the new one, never a part; the next build completes the copy."""
    assert run_careguide("build", cwd=mini_project).returncode == 0  # see test_fault_injection
    shutil.copytree(mini_project / "site", tmp_path / "old")
    rename_a_centre(mini_project)
    log = tmp_path / "checkpoints.log"
    counted = run_careguide("build", cwd=mini_project, env={"CAREGUIDE_CHECKPOINT_LOG": str(log)})
    assert counted.returncode == 0, counted.stderr
    old, new = snapshot(tmp_path / "old"), snapshot(mini_project / "site")
    names = [line.split("\t")[2] for line in log.read_text(encoding="utf-8").splitlines()]
    built = names.index("build: the new site complete") + 1
    kills = [built + copied for copied in (1, 2, 4, 8)]
    out = tmp_path / "out"
    killed_runs = "".join(
        f"""
        CAREGUIDE_CRASH_AT={point} "$PYTHON" -m careguide.cli build 2> /dev/null || true
        cp -a site {out}/{point}
        """
        for point in kills
    )
    in_mount_namespace(
        f"""
        mkdir {out}
        mount -t tmpfs tmpfs site
        cp -a {tmp_path}/old/. site/
        {killed_runs}
        "$PYTHON" -m careguide.cli build 2> {out}/final.err
        cp -a site {out}/final
        """,
        cwd=mini_project,
    )

    for point in kills:
        found = snapshot(out / str(point))
        assert any(
            new.get(path) != old.get(path) and new.get(path) == data for path, data in found.items()
        ), "nothing was copied"
        for path in old.keys() | new.keys():
            assert found.get(path) in (old.get(path), new.get(path)), (point, path)
        for path in old.keys() & new.keys():
            assert path in found, (point, path)
    assert snapshot(out / "final") == new


def test_a_site_link_that_loops_is_one_line(
    mini_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini_project / "site").symlink_to("site")

    assert not build_site(mini_project / "mkdocs.yml")

    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{mini_project}/site: 符号链接指向自己（循环链接），找不到网站文件夹 — "
        "请用 ln -sfn 目标文件夹 site 重新建立链接"
    )
    assert (mini_project / "site").is_symlink()
