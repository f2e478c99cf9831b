"""Centres out of the full-text index: a small list per place, fetched when a question needs it.

A province has thousands of centres, and every record of Pagefind's index costs each phone's
first search some bytes (its page list is loaded before any result). So centre pages are not
in that index: each place (a division, or the city for the city's own centre) gets a list of
its centres, ``places/<n>.json`` in the index folder, which the browser fetches only when the
question names the place (正定县, or 正定), or asks for a centre without naming one (then the
city's list). Each entry is ``[url, name, name words, other words]``: the words as the build cut
them (synonyms added as their group's first word), so the browser matches them with the words of
the question and puts a centre whose name the question says first
(``careguide-search-worker.js``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from careguide.search.sections import SearchSection
from careguide.search.segmenter import HAN, Segmenter
from careguide.search.terms import Terms

PLACES = "places"
"""The folder of the centres' lists, in the index folder (``addresses.SEARCH_INDEX``)."""
CENTRE_WORDS = ("指导中心", "中心", "电话", "地址", "开放时间", "依托单位", "联系方式", "开门")
"""Words of a question that asks for a centre (with synonyms folded to their group's first)."""
UNTIL = "近期课程"
"""A centre's text is matched up to its class lists (classes have records of their own)."""


def write_places(
    output: Path,
    centres: Sequence[SearchSection],
    segmenter: Segmenter,
    terms: Terms,
    divisions: Iterable[str],
) -> dict[str, Any]:
    """Write a list of centres per place into ``output``; return what the browser needs to find
    them: ``places`` (a place's name and short name → the numbers of its lists), ``city`` (the
    list of the centres outside the divisions, or -1) and ``centre_words``."""
    by_place: dict[str, list[SearchSection]] = {}
    for centre in centres:
        by_place.setdefault(centre.place, []).append(centre)
    folder = output / PLACES
    folder.mkdir(parents=True, exist_ok=True)
    known = set(divisions)
    names: dict[str, list[int]] = {}
    city = -1
    for number, (place, members) in enumerate(sorted(by_place.items())):
        entries = [_entry(centre, segmenter, terms) for centre in members]
        text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        (folder / f"{number}.json").write_text(text, encoding="utf-8")
        for name in _names(place):
            names.setdefault(name, []).append(number)
        if place not in known:
            city = number
    return {"places": names, "city": city, "centre_words": list(CENTRE_WORDS)}


def _names(place: str) -> list[str]:
    """A place's name and its short form: 正定县, 正定; 石家庄市, 石家庄 (not 赵县's 赵)."""
    if len(place) >= 3 and place[-1] in "省市县区":
        return [place, place[:-1]]
    return [place]


def _entry(centre: SearchSection, segmenter: Segmenter, terms: Terms) -> list[str]:
    name = _words(segmenter.cut(centre.title), segmenter, terms)
    text = centre.text.partition(UNTIL)[0]
    other = [word for word in _words(segmenter.cut(text), segmenter, terms) if word not in name]
    return [centre.url, centre.title, " ".join(name), " ".join(dict.fromkeys(other))]


def _words(tokens: Iterable[str], segmenter: Segmenter, terms: Terms) -> list[str]:
    """The words worth matching: Chinese words and their parts, synonyms as their group's
    first word; no numbers (phone numbers, dates) or stopwords."""
    stop = set(terms.stopwords)
    found: dict[str, None] = {}
    for token in tokens:
        word = token.lower()
        if not HAN.fullmatch(word) or word in stop:
            continue
        for each in (word, *segmenter.parts(word)):
            found[each] = None
            found[terms.synonyms.get(each, each)] = None
    return list(found)
