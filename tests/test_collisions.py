"""Golden cases: two things that would be written to one file of the site stop a real build,
naming both origins (``tests/golden/collisions/*.yml``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from helpers import build_project, golden_cases, write_case


@pytest.mark.parametrize("case", golden_cases("collisions"))
def test_two_outputs_with_one_destination_stop_the_build(
    case: dict, mini_project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_case(mini_project / "content", case.get("files", {}))
    write_case(mini_project / "docs", case.get("docs", {}))

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(mini_project)

    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    header, *lines = errors[0].splitlines()
    assert header == f"内容有 {len(case['expected'])} 处错误，网站未生成（原有网站保持不变）："
    assert lines == case["expected"]
    assert not (mini_project / "site").exists()
