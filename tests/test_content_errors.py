"""Golden content errors: each bad input gives exactly the expected messages, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from careguide.catalog import load_catalog
from careguide.errors import ContentError

GOLDEN = Path(__file__).parent / "golden" / "content_errors.yml"
MINI = Path(__file__).parent / "fixtures" / "mini"
CASES = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_content_gives_the_expected_messages(case: dict, tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    for name, text in case["files"].items():
        (tmp_path / "content" / name).write_text(text, encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path / "content")

    assert caught.value.lines() == case["expected"]


def test_the_small_site_has_no_errors(tmp_path: Path) -> None:
    catalog = load_catalog(MINI / "content")
    assert [centre.id for centre in catalog.centres] == ["shijiazhuang", "zhengding"]
