"""Table cells keep all their text: a pipe, plain or escaped, never ends a cell early.

``tests/golden/table_cells/*.yml`` hold a row as content writes it and the text each cell shows.
"""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup

from careguide.templating import environment
from helpers import golden_cases

ROW = (
    "| {% for value in row %}{{ value | cell }} |{% endfor %}\n\n"
    "|{% for value in row %} --- |{% endfor %}\n\n"
    "| {% for value in row %}{{ value | cell }} |{% endfor %}\n\n"
)


@pytest.mark.parametrize("case", golden_cases("table_cells"))
def test_a_cell_shows_all_its_text(case: dict[str, Any]) -> None:
    source = environment().from_string(ROW).render(row=case["row"])
    html = markdown.markdown(source, extensions=["tables"])
    cells = BeautifulSoup(html, "html.parser").select("tbody td")
    assert [cell.get_text() for cell in cells] == case["shown"]
