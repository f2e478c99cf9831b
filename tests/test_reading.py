"""Reading tools a carer uses in the browser: larger text, remembered, and printing."""

from __future__ import annotations

from pathlib import Path

from browser import chromium, serve


def test_large_text_mode_is_remembered_between_visits(built_mini: Path) -> None:
    with serve(built_mini) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "handbook/sleep/")
        size = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        normal = tab.evaluate(size)
        tab.click("text=大字模式")
        large = tab.evaluate(size)
        assert large >= normal * 1.2
        tab.goto(base + "hygiene/hand-hygiene/")
        assert tab.evaluate(size) == large
        assert tab.get_attribute('[data-cg-action="text-size"]', "aria-pressed") == "true"
        tab.click("text=标准字号")
        assert tab.evaluate(size) == normal
