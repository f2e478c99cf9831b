"""Reading tools a carer uses in the browser: 长辈版 (larger text and targets, remembered),
reading aloud, and printing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser import chromium, serious_violations, serve, watch_errors


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


ELDER_PAGES = [
    "handbook/fever/",
    "centres/zhengding/",
    "classes/",
    "classes/future-class/",
    "calendar/born/",
]
MEASURE = """() => {
  const shown = (node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth
      && node.checkVisibility({opacityProperty: true, visibilityProperty: true});
  };
  const name = (node) => node.tagName.toLowerCase() + (node.className ? "." + node.className : "")
    + " " + node.textContent.trim().slice(0, 12);
  const text = [];
  for (const node of document.querySelectorAll(".md-content article *")) {
    const own = [...node.childNodes].some((child) => child.nodeType === 3 && child.data.trim());
    if (!own || !shown(node) || node.matches(".headerlink")) continue;
    const style = getComputedStyle(node);
    const size = parseFloat(style.fontSize);
    const line = style.lineHeight === "normal" ? 1.2 * size : parseFloat(style.lineHeight);
    text.push([name(node), size, line / size]);
  }
  const targets = [];
  const controls = ".md-header a, .md-header button, .md-header label, .md-header input, "
    + ".md-tabs a, .md-content .md-button, .md-content button, .md-content input";
  for (const node of document.querySelectorAll(controls)) {
    // the magnifier inside the search field is part of the field, itself measured
    if (!shown(node) || node.matches(".md-search__form label")) continue;
    const box = node.getBoundingClientRect();
    targets.push([name(node), box.width, box.height]);
  }
  return {text, targets};
}"""
"""Every text of the article with its font size and line spacing, and every control of the
header, the tabs and the article (buttons, button-like links, fields) with its size; inline
links in running text are measured as text (WCAG's exception for links inside sentences)."""


@pytest.mark.parametrize("width", [412, 1280], ids=["phone", "desktop"])
def test_elder_mode_text_spacing_targets_and_contrast_meet_the_miit_rules(
    mini_site: Path, width: int
) -> None:
    small, cramped, tiny, contrast = [], [], [], []
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        errors = watch_errors(tab)
        tab.goto(base + ELDER_PAGES[0])
        tab.locator(".md-header").get_by_role("button", name="长辈版").click()
        for address in ELDER_PAGES:
            tab.goto(base + address)
            assert tab.evaluate("document.documentElement.dataset.cgSize") == "large"
            measured = tab.evaluate(MEASURE)
            assert len(measured["text"]) > 5 and len(measured["targets"]) >= 3
            small += [(address, *item) for item in measured["text"] if item[1] < 18]
            cramped += [(address, *item) for item in measured["text"] if item[2] < 1.3]
            tiny += [(address, *item) for item in measured["targets"] if min(item[1:]) < 60]
            contrast += [(address, *violation) for violation in serious_violations(tab)]
    assert small == []
    assert cramped == []
    assert tiny == []
    assert contrast == []
    assert errors == []


def fake_speech(voices: list[str]) -> str:
    """An init script that gives the page a speechSynthesis with voices of these languages
    (headless Chromium has none) and records what it is asked to say."""
    listed = ", ".join(f'{{name: "voice {lang}", lang: "{lang}"}}' for lang in voices)
    return f"""
      window.said = []; window.cancels = 0; window.voicesChanged = [];
      window.fakeVoices = [{listed}];
      Object.defineProperty(window, "speechSynthesis", {{configurable: true, value: {{
        getVoices: () => window.fakeVoices,
        speak: (utterance) => window.said.push(utterance),
        cancel: () => {{ window.cancels += 1; }},
        addEventListener: (type, listener) => window.voicesChanged.push(listener),
      }}}});
      window.SpeechSynthesisUtterance = function (text) {{ this.text = text; }};
    """


def test_a_chapter_is_read_aloud_in_a_chinese_voice_and_stops_on_request(mini_site: Path) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        errors = watch_errors(tab)
        tab.add_init_script(fake_speech(["en-US", "zh-CN"]))
        tab.goto(base + "handbook/fever/")
        button = tab.get_by_role("button", name="朗读全文")
        assert button.is_visible() and button.get_attribute("aria-pressed") == "false"
        button.click()
        said = tab.evaluate("window.said.map((u) => [u.text, u.lang, u.voice.name])")
        texts = [text for text, _, _ in said]
        assert {lang for _, lang, _ in said} == {"zh-CN"}
        assert {voice for _, _, voice in said} == {"voice zh-CN"}
        article = tab.inner_text("article")
        heading = tab.locator("article h1").evaluate("h => h.firstChild.textContent.trim()")
        assert texts[0] == heading
        summary = tab.inner_text("article h1 + p")
        assert summary in texts
        assert all(len(text) <= 200 or "。" not in text for text in texts)
        # everything said is the article's text; not the buttons, nor the list of sources
        assert all(text[:8] in article.replace("\n", " ") for text in texts)
        assert not any("打印本页" in text or "资料来源" in text for text in texts)
        stop = tab.get_by_role("button", name="停止朗读")
        assert stop.get_attribute("aria-pressed") == "true"
        stop.click()
        assert tab.evaluate("window.cancels") >= 1
        assert button.is_visible() and button.get_attribute("aria-pressed") == "false"
        # reading to the end gives the button back too
        button.click()
        tab.evaluate("window.said[window.said.length - 1].onend()")
        assert button.get_attribute("aria-pressed") == "false"
        # only article pages read aloud
        tab.goto(base + "centres/zhengding/")
        assert tab.locator('[data-cg-action="read"]').count() == 0
        assert errors == []


@pytest.mark.parametrize("voices", [[], ["en-US", "zh-TW"]], ids=["no voice", "no zh-CN voice"])
def test_without_a_chinese_voice_there_is_no_read_aloud_button(
    mini_site: Path, voices: list[str]
) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.add_init_script(fake_speech(voices))
        tab.goto(base + "handbook/fever/")
        button = tab.locator('[data-cg-action="read"]')
        assert button.count() == 1 and button.is_hidden()
        # voices load late in Chromium: the button appears once a Chinese one arrives
        tab.evaluate(
            "window.fakeVoices.push({name: 'late', lang: 'zh_CN'});"
            " window.voicesChanged.forEach((listener) => listener())"
        )
        assert button.is_visible()


def test_headless_chromium_has_no_voice_and_shows_no_read_aloud_button(mini_site: Path) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "handbook/fever/")
        tab.wait_for_timeout(500)
        if tab.evaluate("speechSynthesis.getVoices().some((v) => /^zh[-_]CN/i.test(v.lang))"):
            pytest.skip("this Chromium has a Chinese voice")
        assert tab.locator('[data-cg-action="read"]').is_hidden()
