"""Real builds killed dead at many points, from loading the content to the last rename of the
swap: after each kill a visitor finds a complete site, the previous or the new one (compared with
snapshots of both), and the next build repairs whatever the kill left.

Each run is ``careguide build`` as a subprocess, ended in one of two ways: with
``CAREGUIDE_CRASH_AT=N`` it calls ``os._exit`` at its N-th checkpoint
(:mod:`careguide.checkpoints`), as a power cut would end it (no cleanup, no ``finally``); or it
gets SIGKILL after a random part of the time a whole build takes, wherever it is then (inside
MkDocs, Pagefind, a deletion).
Runs alternate between two versions of the content, so "previous" and "new" differ.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from careguide.checkpoints import CRASH_STATUS
from helpers import REPO, run_careguide
from test_atomic_build import snapshot

PAGE_POINTS = 6
"""How many of the page checkpoints (one per page written) are chosen, at random."""
SIGKILLS = 6
"""How many builds get SIGKILL after a random delay."""
SEED = 20261201
OLD_NAME, NEW_NAME = "正定县婴幼儿养育照护指导中心", "正定县指导站"
SET_ASIDE = "publish: the previous site set aside"


def test_a_build_killed_anywhere_leaves_a_complete_site_and_the_next_build_repairs_it(
    mini_project: Path, tmp_path: Path
) -> None:
    site, aside = mini_project / "site", mini_project / ".site.previous"
    centre = mini_project / "content/centres/zhengding.yml"
    content = {"old": centre.read_text(encoding="utf-8")}
    content["new"] = content["old"].replace(OLD_NAME, NEW_NAME)
    sites = {}
    # Reference sites are built by processes of their own, as the runs are: a build in this
    # process after other tests' builds can index words differently (jieba's dictionary is
    # global to a process), which would make the snapshots differ.
    assert run_careguide("build", cwd=mini_project).returncode == 0
    sites["old"] = snapshot(site)
    centre.write_text(content["new"], encoding="utf-8")
    log = tmp_path / "checkpoints.log"
    started = time.monotonic()
    counted = run_careguide("build", cwd=mini_project, env={"CAREGUIDE_CHECKPOINT_LOG": str(log)})
    duration = time.monotonic() - started
    assert counted.returncode == 0, counted.stderr
    sites["new"] = snapshot(site)
    assert sites["old"] != sites["new"]
    names = [line.split("\t")[2] for line in log.read_text(encoding="utf-8").splitlines()]
    points = _chosen(names)
    assert len(points) + SIGKILLS >= 20

    shown, where = "new", site  # the version of the content the site shows, and where it is
    outcomes: Counter[str] = Counter()
    for point in points:
        wanted = "old" if shown == "new" else "new"
        centre.write_text(content[wanted], encoding="utf-8")

        killed = run_careguide("build", cwd=mini_project, env={"CAREGUIDE_CRASH_AT": str(point)})

        name = names[point - 1]
        assert killed.returncode == CRASH_STATUS, (name, killed.stderr)
        visible = site if site.exists() else aside  # aside: put back first by the next build
        found = snapshot(visible)
        assert found in (sites[shown], sites[wanted]), f"kill at {point} ({name}): a mixed site"
        now = wanted if found == sites[wanted] else shown
        assert (now, visible) == _expected(names, point, shown, wanted, where, aside), name
        outcomes[f"{'new' if now == wanted else 'previous'} site in {visible.name}/"] += 1
        shown, where = now, visible

    rng = random.Random(SEED)
    for delay in sorted(rng.uniform(0.3, 1.1) * duration for _ in range(SIGKILLS)):
        wanted = "old" if shown == "new" else "new"
        centre.write_text(content[wanted], encoding="utf-8")

        status = _killed_after(mini_project, delay)

        visible = site if site.exists() else aside
        found = snapshot(visible)
        assert found in (sites[shown], sites[wanted]), f"SIGKILL after {delay:.2f} s: a mixed site"
        now = wanted if found == sites[wanted] else shown
        if status == 0:
            assert now == wanted
        outcomes[f"SIGKILL: {'new' if now == wanted else 'previous'} site in {visible.name}/"] += 1
        shown = now

    wanted = "old" if shown == "new" else "new"
    centre.write_text(content[wanted], encoding="utf-8")
    assert run_careguide("build", cwd=mini_project).returncode == 0
    assert snapshot(site) == sites[wanted]
    assert not aside.exists() and not (mini_project / ".site.building").exists()
    assert outcomes["previous site in .site.previous/"] >= 1
    print(f"{len(points)} kills at {len(names)} checkpoints, {SIGKILLS} SIGKILLs: {dict(outcomes)}")


def _killed_after(project: Path, delay: float) -> int:
    """Start a build, SIGKILL it after ``delay`` seconds; its exit status (0: it had finished)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    build = subprocess.Popen(
        [sys.executable, "-m", "careguide.cli", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return build.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        build.kill()
        return build.wait(timeout=30)


def _expected(
    names: list[str], point: int, shown: str, wanted: str, where: Path, aside: Path
) -> tuple[str, Path]:
    """What a kill at ``point`` must leave: which version of the site, and where."""
    if point < names.index("build: the site recovered") + 1:
        return shown, where  # not even put back yet
    set_aside = names.index(SET_ASIDE) + 1
    if point < set_aside:
        return shown, where.with_name("site")
    if point == set_aside:
        return shown, aside  # between the two renames: the next build puts it back
    return wanted, where.with_name("site")


def _chosen(names: list[str]) -> list[int]:
    """Every checkpoint (1-based) but those of single pages, and a few of these; shuffled."""
    pages = [number for number, name in enumerate(names, 1) if "a page" in name]
    others = [number for number in range(1, len(names) + 1) if number not in pages]
    rng = random.Random(SEED + 1)
    points = others + rng.sample(pages, min(PAGE_POINTS, len(pages)))
    rng.shuffle(points)
    return points
