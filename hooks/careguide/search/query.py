"""What the browser needs to treat a query the way the build treated the text.

The browser side (``theme/assets/javascripts/careguide-search*.js``) cuts the visitor's query with
the same dictionary, folds traditional characters to simplified, corrects frequent typos and maps
synonyms, using the small ``careguide-query.json`` written next to the index.

The contract with the worker
----------------------------
``careguide-search-worker.js`` fetches ``pagefind/careguide-query.json`` (compact UTF-8 JSON) on
the first search and reads exactly these keys:

``t2s``
    One string of character pairs, a traditional character then its simplified one, only for
    simplified characters used in the index or the lexicon: each character of a query is folded.
``lexicon``
    Sorted Chinese words of two or more characters (our dictionary with the place names,
    synonyms, stopwords, typo corrections): a query's Chinese is cut longest word first with it.
``synonyms``
    Word → the first word of its synonym group (first words themselves left out): each query
    word is replaced by the word the build indexed (``kw`` of a record).
``stopwords``
    Question and function words dropped from a query, unless nothing else is left.
``typos``
    Wrong → right, replaced in the folded query before it is cut.
``records``
    How many records the index has, to weigh words (idf) when no section has every word.
``common``
    Words in a large share of the records (``index.COMMON``): left out of a query that keeps two
    or more rarer words.

``places``, ``city``, ``centre_words``
    The lists of centres by place (:mod:`careguide.search.places`).
``class_words``
    Words of a question that asks for classes (``index.CLASS_WORDS``).
``class_list``
    The address and title of the list of upcoming classes: first for a question of class and
    date words only (有哪些直播课, 12月有哪些讲座).

A key added, removed, renamed or given another meaning here must be changed in the worker in the
same commit, and the other way round.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from careguide.errors import SearchError
from careguide.search.segmenter import HAN
from careguide.search.terms import Terms

QUERY_DATA = "careguide-query.json"
"""The query-side vocabulary, written into the index folder (``addresses.SEARCH_INDEX``)."""


def query_data(
    terms: Terms,
    words: Iterable[str],
    vocabulary: Iterable[str],
    records: int,
    common: Sequence[str] = (),
    folding: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the browser needs to treat a query the way the build treated the text.

    ``words`` are the segmenter's dictionary words, ``vocabulary`` the words of the index, and
    ``folding`` the table of :func:`traditional_to_simplified` (made here when not given).
    """
    lexicon = {*words, *terms.synonyms, *terms.stopwords, *terms.typos.values()}
    characters = {char for word in (*vocabulary, *lexicon) for char in word if HAN.match(char)}
    if folding is None:
        folding = traditional_to_simplified()
    return {
        "t2s": "".join(t + s for t, s in folding.items() if s in characters),
        "lexicon": sorted(word for word in lexicon if HAN.fullmatch(word) and len(word) > 1),
        "synonyms": {word: group for word, group in terms.synonyms.items() if word != group},
        "stopwords": list(terms.stopwords),
        "typos": terms.typos,
        "records": records,
        "common": list(common),
    }


def write_query_data(folder: Path, data: Mapping[str, Any]) -> None:
    """Write :func:`query_data` as :data:`QUERY_DATA` into the index folder."""
    (folder / QUERY_DATA).write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def traditional_to_simplified() -> dict[str, str]:
    """Traditional character → simplified one, from OpenCC's ``t2s`` tables."""
    try:
        import opencc
    except ImportError:
        raise SearchError(
            "careguide search: OpenCC is not installed, so traditional characters cannot be "
            "folded — `pip install opencc`"
        ) from None
    converter = opencc.OpenCC("t2s")
    characters = [chr(code) for code in range(0x3400, 0xA000)]
    simplified = converter.convert("\n".join(characters)).split("\n")
    if len(simplified) != len(characters):
        raise SearchError("careguide search: OpenCC changed the number of characters")
    return {t: s for t, s in zip(characters, simplified, strict=True) if len(s) == 1 and s != t}
