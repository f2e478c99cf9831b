"""Phone links dial the number, then the extension after a pause: never the two run together.

``tests/golden/phone_links/*.yml`` hold phone numbers as content writes them and the ``tel:``
address each must get.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from careguide.content.fields import Phone
from careguide.templating import environment
from helpers import Page

GOLDEN = Path(__file__).parent / "golden" / "phone_links"


def _cases() -> list[Any]:
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(GOLDEN.glob("*.yml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("case", _cases())
def test_a_phone_number_gets_its_tel_link(case: dict[str, str]) -> None:
    phone = TypeAdapter(Phone).validate_python(case["phone"])  # content accepts the number
    link = environment().from_string('<a href="tel:{{ phone | tel }}">').render(phone=phone)
    assert link == f'<a href="{case["href"]}">'


def test_the_centre_page_dials_the_extension_after_a_pause(page: Page) -> None:
    city = page("centres/shijiazhuang")
    links = [a["href"] for a in city.select('article a[href^="tel:"]')]
    assert links == ["tel:031188001234,801"]
    assert "0311-88001234 转 801" in city.get_text()
