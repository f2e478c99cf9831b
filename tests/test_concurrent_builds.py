"""Two real `careguide build` processes on one project at once (the daily cron build and an
editor): one builds while the other waits for it, or stops saying which process it waited for."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import REPO, run_careguide
from test_atomic_build import snapshot


def start_build(project: Path, log: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "CAREGUIDE_CHECKPOINT_LOG": str(log)}
    return subprocess.Popen(
        [sys.executable, "-m", "careguide.cli", "build", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def checkpoints(log: Path) -> dict[str, float]:
    """When a build reached each checkpoint (the last time, for the page checkpoints)."""
    reached = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        _, when, name = line.split("\t")
        reached[name] = float(when)
    return reached


def test_two_builds_started_together_run_one_after_the_other(
    mini_project: Path, tmp_path: Path
) -> None:
    assert run_careguide("build", cwd=mini_project).returncode == 0  # see test_fault_injection
    expected = snapshot(mini_project / "site")
    logs = [tmp_path / "first.log", tmp_path / "second.log"]

    builds = [start_build(mini_project, log) for log in logs]
    results = [build.communicate(timeout=120) for build in builds]

    assert [build.returncode for build in builds] == [0, 0], results
    times = [checkpoints(log) for log in logs]
    first, second = sorted(range(2), key=lambda i: times[i]["build: the lock taken"])
    waited = [line for line in results[second][1].splitlines() if line.startswith("另一个生成")]
    assert waited == [
        f"另一个生成（进程 {builds[first].pid}）正在进行，等它结束后再生成（最多等 600 秒）……"
    ]
    assert not any(line.startswith("另一个生成") for line in results[first][1].splitlines())
    # the second began only once the first had put its site in place and cleaned up
    finished = times[first]["publish: the previous site deleted"]
    assert times[second]["build: the lock taken"] > finished
    assert times[second]["plugin: on_config"] > finished
    assert snapshot(mini_project / "site") == expected


def test_a_build_that_may_not_wait_stops_naming_the_build_that_runs(
    mini_project: Path, tmp_path: Path
) -> None:
    assert run_careguide("build", cwd=mini_project).returncode == 0  # see test_fault_injection
    expected = snapshot(mini_project / "site")
    first = start_build(mini_project, tmp_path / "first.log")
    deadline = time.monotonic() + 60
    while "build: the lock taken" not in _names(tmp_path / "first.log"):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)

    first.send_signal(signal.SIGSTOP)  # however fast the first build is, it is still running
    try:
        second = start_build(mini_project, tmp_path / "second.log", "--wait", "1")
        _, second_err = second.communicate(timeout=60)
    finally:
        first.send_signal(signal.SIGCONT)
    _, first_err = first.communicate(timeout=120)

    assert first.returncode == 0, first_err
    assert second.returncode == 1, second_err
    assert "Traceback" not in second_err
    assert second_err.splitlines()[-2:] == [
        f"另一个生成（进程 {first.pid}）已进行超过 1 秒，本次没有生成 — "
        "请等它结束后重新运行 make site，或用 careguide build --wait 秒数 等得更久",
        "网站未更新：site/ 保持上一次成功生成的内容。",
    ]
    assert "build: the lock taken" not in _names(tmp_path / "second.log")
    assert snapshot(mini_project / "site") == expected


def _names(log: Path) -> set[str]:
    return set(checkpoints(log)) if log.exists() else set()
