"""Reading tools a carer uses in the browser: larger text, remembered, and printing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader

from browser import chromium, serve


def test_the_elder_mode_switch_is_in_the_header_and_remembered_between_visits(
    mini_site: Path,
) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "handbook/sleep/")
        size = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        normal = tab.evaluate(size)
        switch = tab.locator(".md-header").get_by_role("button", name="长辈版")
        assert switch.get_attribute("aria-pressed") == "false"
        switch.click()
        large = tab.evaluate(size)
        assert large >= normal * 1.2
        tab.goto(base + "hygiene/hand-hygiene/")
        assert tab.evaluate(size) == large
        assert switch.get_attribute("aria-pressed") == "true"
        switch.click()
        assert tab.evaluate(size) == normal
        tab.reload()
        assert tab.evaluate(size) == normal and switch.get_attribute("aria-pressed") == "false"


def test_a_chapter_prints_cleanly_on_a4(mini_site: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "chapter.pdf"
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "handbook/fever/")
        tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages = PdfReader(pdf).pages
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    # Chromium's PDFs map some glyphs to Kangxi radicals (⽴ for 立): compare in NFKC, no spaces.
    text = "".join(unicodedata.normalize("NFKC", page.extract_text()) for page in pages)
    text = "".join(text.split())
    assert "什么时候就医" in text and "立即拨打120" in text and "资料来源" in text
    for chrome in ("打印本页", "长辈版", "朗读全文", "下载PDF手册", "搜索", "养育手册"):
        assert chrome not in text
