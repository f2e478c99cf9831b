"""Phone links dial the number, then the extension after a pause: never the two run together.

``tests/golden/phone_links/*.yml`` hold phone numbers as content writes them and the ``tel:``
address each must get.
"""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from careguide.content.fields import Phone
from careguide.templating import environment
from helpers import Page, golden_cases


@pytest.mark.parametrize("case", golden_cases("phone_links"))
def test_a_phone_number_gets_its_tel_link(case: dict[str, str]) -> None:
    phone = TypeAdapter(Phone).validate_python(case["phone"])  # content accepts the number
    link = environment().from_string('<a href="tel:{{ phone | tel }}">').render(phone=phone)
    assert link == f'<a href="{case["href"]}">'


def test_the_centre_page_dials_the_extension_after_a_pause(page: Page) -> None:
    city = page("centres/shijiazhuang")
    links = [a["href"] for a in city.select('article a[href^="tel:"]')]
    assert links == ["tel:031188001234,801"]
    assert "0311-88001234 转 801" in city.get_text()
