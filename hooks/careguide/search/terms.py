"""The search vocabulary: our dictionary words, synonym groups, stopwords and frequent typos.

``terms.yml`` holds the domain words jieba does not know (辅食, 月龄, 晨午检, 托育机构 …), so that
they stay whole in the index and in a query; the build and the browser read the same file (the
browser through ``careguide-query.json``, see :mod:`careguide.search.query`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from careguide.errors import SearchError

TERMS_FILE = Path(__file__).with_name("terms.yml")


@dataclass(frozen=True)
class Terms:
    """The search vocabulary of ``terms.yml``."""

    words: tuple[str, ...]
    synonyms: dict[str, str]
    """Each word of a group → the group's first word."""
    stopwords: tuple[str, ...]
    typos: dict[str, str]


def load_terms(path: Path = TERMS_FILE) -> Terms:
    """Read and check ``terms.yml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"terms", "synonyms", "stopwords", "typos"}:
        raise SearchError(f"{path}: expected the keys terms, synonyms, stopwords and typos")
    synonyms: dict[str, str] = {}
    for group in data["synonyms"]:
        words = [str(word).lower() for word in group]
        for word in words:
            if word in synonyms:
                raise SearchError(f"{path}: “{word}” is in two synonym groups — keep it in one")
            synonyms[word] = words[0]
    return Terms(
        words=tuple(str(word) for word in data["terms"]),
        synonyms=synonyms,
        stopwords=tuple(str(word) for word in data["stopwords"]),
        typos={str(wrong): str(right) for wrong, right in data["typos"].items()},
    )
