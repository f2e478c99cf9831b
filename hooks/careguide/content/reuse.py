"""Records of content files kept between the loads of one long-running process (``mkdocs serve``).

A file whose bytes did not change since the last load is neither parsed nor validated again: its
records (immutable, so they can be shared), where each came from, and what was wrong with it are
taken as they were. Whatever records say about each other is checked again on every load. Whether
the bytes changed is known from the file's size and times (:class:`FileDigests`): a save changes
them, so a load reads only the files saved since the last one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from careguide.errors import Origin, Problem, Problems

R = TypeVar("R")


class Bookkeeping(Protocol):
    """What a load records besides the records (:class:`careguide.content.loader.Loaded`)."""

    origins: dict[int, Origin]
    broken_ids: set[str]
    unreadable: set[str]


@dataclass
class FileRecords:
    """What reading one file gave: its records, and what it added to the load's bookkeeping."""

    records: list[Any]
    problems: list[Problem] = field(default_factory=list)
    origins: dict[int, Origin] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)


class FileDigests:
    """The digest of each file's bytes, read again only when its size, times or inode changed
    (a save changes its modification time; ``mkdocs serve`` rebuilds at least 0.05 s after the
    last save, so two saves within one tick of the clock are never told apart)."""

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[tuple[int, int, int, int], bytes]] = {}

    def of(self, path: Path) -> bytes:
        """The digest of the bytes of ``path`` (OSError when it cannot be read)."""
        status = path.stat()
        signature = (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)
        kept = self._kept.get(path)
        if kept is None or kept[0] != signature:
            kept = signature, hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            self._kept[path] = kept
        return kept[1]


class RecordCache:
    """The records of each content file of the last load, by the digest of its bytes."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Path], tuple[bytes, FileRecords]] = {}
        self.digests = FileDigests()

    def records(
        self,
        kind: str,
        path: Path,
        loaded: Bookkeeping,
        problems: Problems,
        read: Callable[[], list[R]],
    ) -> list[R]:
        """The records ``read()`` makes of the file ``path`` (read as ``kind``), read again only
        when its bytes changed; what reading it adds to ``loaded`` and ``problems`` (where its
        records came from, what is wrong in it) is added either way."""
        try:
            digest = self.digests.of(path)
        except OSError:
            return read()  # reported by read(), as on a first load
        kept = self._kept.get((kind, path))
        if kept is None or kept[0] != digest:
            kept = digest, _recorded(loaded, problems, read)
            self._kept[(kind, path)] = kept
        made = kept[1]
        problems.extend(made.problems)
        loaded.origins.update(made.origins)
        loaded.broken_ids |= made.broken_ids
        loaded.unreadable |= made.unreadable
        return list(made.records)


def _recorded(
    loaded: Bookkeeping, problems: Problems, read: Callable[[], list[Any]]
) -> FileRecords:
    """``read()``'s records, with what it added to ``loaded`` and ``problems`` taken apart."""
    mark = len(problems.items)
    origins, broken, unreadable = loaded.origins, loaded.broken_ids, loaded.unreadable
    loaded.origins, loaded.broken_ids, loaded.unreadable = {}, set(), set()
    try:
        records = read()
        return FileRecords(
            records, problems.items[mark:], loaded.origins, loaded.broken_ids, loaded.unreadable
        )
    finally:
        del problems.items[mark:]
        loaded.origins, loaded.broken_ids, loaded.unreadable = origins, broken, unreadable
