"""Reviews over a year old and centres checked over six months ago: reminders with file:line,
errors with --strict; a review or check dated after the build is always an error."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from careguide.content.catalog import load_catalog
from careguide.content.fields import SHANGHAI
from helpers import MINI, run_careguide, site_config

# The small site's sections were reviewed on 2026-11-20 and its centres checked on 2026-11-01.
SIX_MONTHS_ON = datetime(2027, 5, 2, 9, 0, tzinfo=SHANGHAI)
A_YEAR_ON = datetime(2027, 11, 21, 9, 0, tzinfo=SHANGHAI)
CENTRE = "content/centres/zhengding.yml:7:10: 指导中心 “正定县婴幼儿养育照护指导中心”上次核对是"
SECTION = "content/handbook/fever.yml:7:15: 小节 “什么时候就医”上次审核是 2026-11-20，已超过一年"


def reminders(now: datetime) -> list[str]:
    return [problem.format(MINI) for problem in load_catalog(MINI / "content", now=now).stale]


def test_centres_are_due_six_months_after_their_check() -> None:
    assert reminders(datetime(2027, 5, 1, 9, 0, tzinfo=SHANGHAI)) == []
    found = reminders(SIX_MONTHS_ON)
    assert [line for line in found if line.startswith(CENTRE)] == [
        CENTRE + " 2026-11-01，已超过 6 个月 — 请向指导中心确认地址、电话和开放时间，"
        "再把 checked 改成确认的日期"
    ]
    assert not [line for line in found if "审核" in line]


def test_health_texts_are_due_a_year_after_their_review() -> None:
    found = reminders(A_YEAR_ON)
    assert SECTION + " — 请对照来源重新核对内容，再把 reviewed 改成核对的日期" in found
    kinds = {line.split(": ", 1)[1].split("“")[0].split("《")[0] for line in found}
    assert kinds == {"指导中心 ", "小节 ", "症状 ", ""}  # "" is a schedule: 《…》


def epoch(moment: datetime) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


def test_check_reminds_and_strict_refuses(tmp_path: Path) -> None:
    result = run_careguide("check", "content", cwd=MINI, env=epoch(A_YEAR_ON))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("内容检查通过：")
    assert lines[1].startswith(
        "提醒：有 18 处内容该重新核对了（网站照常生成；--strict 时算作错误）"
    )
    assert any(line.startswith(SECTION) for line in lines)

    strict = run_careguide("check", "--strict", "content", cwd=MINI, env=epoch(A_YEAR_ON))
    assert strict.returncode == 1
    assert strict.stderr.startswith("内容有 18 处错误：")


def test_the_build_reminds_and_strict_keeps_the_old_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    site_config(project)
    built = run_careguide("build", cwd=project, env=epoch(SIX_MONTHS_ON), timeout=300)
    assert built.returncode == 0, built.stderr
    assert CENTRE in built.stderr and "提醒：有 2 处内容该重新核对了" in built.stderr
    before = (project / "site/index.html").read_bytes()

    strict = run_careguide("build", "--strict", cwd=project, env=epoch(SIX_MONTHS_ON), timeout=300)
    assert strict.returncode == 1
    assert CENTRE in strict.stderr and "网站未更新" in strict.stderr
    assert (project / "site/index.html").read_bytes() == before
