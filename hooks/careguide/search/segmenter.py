"""Chinese cut into words by jieba, with the default dictionary plus ours.

Chinese has no spaces, so a search index needs a word segmenter. We segment at build time, with
jieba and the domain words of ``terms.yml``, and hand Pagefind text whose words are already
separated. The build stops with a clear error when jieba is missing, or when a test sentence
shows that our dictionary is not in use.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from careguide.errors import SearchError

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
OTHER_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)*|\s+|.", re.DOTALL)
CANARY = ("托育机构每天做晨午检", ("托育机构", "晨午检"))
"""A sentence and words it must yield when our dictionary is in use."""


class Segmenter:
    """jieba with the default dictionary plus ours; checks at once that ours is in use."""

    def __init__(self, words: Iterable[str]) -> None:
        try:
            import jieba
        except ImportError:
            raise SearchError(
                "careguide search: jieba is not installed, so Chinese cannot be cut into words — "
                "install the project's dependencies (`pip install -e .`)"
            ) from None
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self.words = tuple(dict.fromkeys(word for word in words if HAN.fullmatch(word)))
        for word in self.words:
            self._jieba.add_word(word)
        self._runs: dict[str, tuple[str, ...]] = {}
        self._parts: dict[str, tuple[str, ...]] = {}
        sentence, expected = CANARY
        found = self.cut(sentence)
        if not all(word in found for word in expected):
            raise SearchError(
                f"careguide search: word segmentation is not active — jieba cut {sentence!r} "
                f"into {list(found)}, expected {list(expected)} from terms.yml"
            )

    def cut(self, text: str) -> list[str]:
        """Words, spaces and punctuation of ``text``, in order; joined they give ``text``."""
        tokens: list[str] = []
        position = 0
        for match in HAN.finditer(text):
            tokens.extend(OTHER_TOKEN.findall(text[position : match.start()]))
            tokens.extend(self._cut_han(match.group()))
            position = match.end()
        tokens.extend(OTHER_TOKEN.findall(text[position:]))
        return tokens

    def _cut_han(self, run: str) -> tuple[str, ...]:
        words = self._runs.get(run)
        if words is None:
            # Without HMM, unknown words fall apart into characters instead of being guessed:
            # the same text always gives the same words, here and in the browser.
            words = self._runs[run] = tuple(self._jieba.cut(run, HMM=False))
        return words

    def parts(self, word: str) -> tuple[str, ...]:
        """Shorter dictionary words inside a long word (托育机构 → 托育, 机构)."""
        parts = self._parts.get(word)
        if parts is None:
            found = self._jieba.cut_for_search(word, HMM=False) if len(word) > 3 else ()
            parts = self._parts[word] = tuple(p for p in found if p != word and len(p) > 1)
        return parts


def place_words(names: Iterable[str]) -> list[str]:
    """Place names and their short forms, short ones first: 新乐, 新乐市; 正定, 正定县."""
    names = list(names)
    stems = [name[:-1] for name in names if len(name) == 3 and name[-1] in "省市县区镇乡"]
    return [*stems, *names]
