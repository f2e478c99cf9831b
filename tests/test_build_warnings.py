"""MkDocs' warnings about generated pages name the content they came from.

Each case of ``tests/golden/build_warnings/*.yml`` edits the small site's content (a file's
value is its text, or ``{replace: [old, new]}`` to change part of it), builds the site in strict
mode as ``make site`` does, and expects the build to stop with exactly the ``expected`` lines.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from helpers import build_project, golden_cases


def _edit(content: Path, files: dict[str, Any]) -> None:
    for name, value in files.items():
        path = content / name
        if isinstance(value, dict):
            old, new = value["replace"]
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{name} has no {old!r}"
            value = text.replace(old, new, 1)
        path.write_text(value, encoding="utf-8")


class _Errors(logging.Handler):
    """The errors MkDocs logs (a build stopped by a plugin logs the plugin's message)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("case", golden_cases("build_warnings"))
def test_a_warning_about_a_generated_page_names_the_content(
    case: dict[str, Any], mini_project: Path
) -> None:
    _edit(mini_project / "content", case["files"])
    errors = _Errors()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(errors)
    try:
        with pytest.raises(Abort):
            build_project(mini_project)
    finally:
        logger.removeHandler(errors)

    report = next(message for message in errors.messages if message.startswith("内容有"))
    assert report.splitlines()[1:] == case["expected"]


def test_without_strict_mode_the_warning_itself_names_the_content(tmp_path: Path) -> None:
    """``mkdocs serve`` builds without strict mode: the warning is passed on, said as the
    problem, and nothing is held back."""
    from careguide.errors import Origin
    from careguide.web.warnings import PageWarnings

    chapter = tmp_path / "content" / "handbook" / "sleep.yml"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("id: sleep\nsummary: 见 [发热](fevr.md)。\n", encoding="utf-8")
    warnings = PageWarnings({"handbook/sleep.md": Origin(chapter)}, strict=False, root=tmp_path)
    message = (
        "Doc file 'handbook/sleep.md' contains a link 'fevr.md', "
        "but the target 'handbook/fevr.md' is not found among documentation files."
    )
    record = logging.LogRecord("mkdocs.structure.pages", logging.WARNING, "", 0, message, (), None)

    assert warnings.filter(record)
    assert record.getMessage().startswith(
        "content/handbook/sleep.yml:2:17: 链接 “fevr.md” 指向的页面不存在 — "
    )
    assert warnings.problems == []
