"""Urgency levels a reader can tell apart: the five levels, each with its label and a look of its
own that holds without colour (a black-and-white copy), and sending a child home shown as what it
is, not as a medical level."""

from __future__ import annotations

from pathlib import Path

from browser import chromium, serve
from careguide.templating import EXCLUSION, URGENCY

LOOK = """level => {
  const box = document.querySelector('.admonition.cg-' + level);
  const style = getComputedStyle(box);
  return {
    label: box.querySelector('.admonition-title').textContent.trim(),
    outline: ['Top', 'Left'].map(side =>
      style['border' + side + 'Style'] + ' ' + style['border' + side + 'Width']).join(' / '),
  };
}"""


def test_each_level_has_its_label_and_an_outline_that_needs_no_colour(mini_site: Path) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "handbook/fever/")
        for media in ("screen", "print"):
            tab.emulate_media(media=media)
            looks = {level: tab.evaluate(LOOK, level) for level in URGENCY}
            assert {level: look["label"] for level, look in looks.items()} == {
                level: label for level, (_kind, label, _lead) in URGENCY.items()
            }
            outlines = [look["outline"] for look in looks.values()]
            assert len(set(outlines)) == len(URGENCY), outlines


def test_sending_a_child_home_is_not_labelled_as_a_medical_level(mini_site: Path) -> None:
    with serve(mini_site) as base, chromium() as browser:
        tab = browser.new_page()
        tab.goto(base + "hygiene/hand-hygiene/")
        box = tab.locator(".admonition.cg-exclusion")
        assert box.locator(".admonition-title").inner_text().strip() == EXCLUSION
        assert "手上有化脓的伤口" in box.inner_text()
        labels = [label for _kind, label, _lead in URGENCY.values()]
        assert not any(label in box.inner_text() for label in labels)
