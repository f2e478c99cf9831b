"""Table cells keep all their text: a pipe, plain or escaped, never ends a cell early.

``tests/golden/table_cells/*.yml`` hold a row as content writes it and the text each cell shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from careguide.templating import environment

GOLDEN = Path(__file__).parent / "golden" / "table_cells"
ROW = (
    "| {% for value in row %}{{ value | cell }} |{% endfor %}\n\n"
    "|{% for value in row %} --- |{% endfor %}\n\n"
    "| {% for value in row %}{{ value | cell }} |{% endfor %}\n\n"
)


def _cases() -> list[Any]:
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(GOLDEN.glob("*.yml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("case", _cases())
def test_a_cell_shows_all_its_text(case: dict[str, Any]) -> None:
    source = environment().from_string(ROW).render(row=case["row"])
    html = markdown.markdown(source, extensions=["tables"])
    cells = BeautifulSoup(html, "html.parser").select("tbody td")
    assert [cell.get_text() for cell in cells] == case["shown"]
