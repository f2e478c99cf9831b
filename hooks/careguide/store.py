"""The ``.cache/careguide/`` folder next to ``mkdocs.yml``: everything a build keeps between builds.

One mechanism for all of it: files are written atomically (a temporary file, then a rename, so a
crash or a build running at the same time never leaves or reads half a file), outputs that are
expensive to make (PDFs, QR codes) are kept by a hash of everything they are made from, and
generated site files are written only when their bytes changed, so their times tell MkDocs'
``--dirty`` builds what changed. The folder can be deleted at any time: it only costs time.

| folder or file | what it keeps |
|---|---|
| ``yaml/`` | parsed content files, by the hash of their bytes |
| ``pdf/``, ``qr/`` | laid-out books and QR codes, by the hash of their inputs |
| ``born-calendar/`` | the vaccination calendars by birth month, by the hash of their inputs |
| ``generated/`` | generated site files (calendars, open data, redirects, page sources) |
| ``calendar-events.pickle`` | serialised calendar events, by the hash of their inputs |
| ``search-sections.json`` | the search records of the last build, for ``--dirty`` builds |
| ``compressed/`` | the ``.gz`` and ``.br`` copies of the last build's text files, by file hash |
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO

from careguide.errors import StoreError, unwritable

Content = bytes | Iterable[bytes]
"""A file's bytes, whole or in pieces (a province's calendars are never joined in memory)."""


class Store:
    """``.cache/careguide/`` of one project."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def beside(cls, config_file: str | Path) -> Store:
        """The store of the project whose ``mkdocs.yml`` is ``config_file``."""
        return cls(Path(config_file).resolve().parent / ".cache" / "careguide")

    def path(self, name: str) -> Path:
        """A file or folder of the store, by its name in the table above."""
        return self.root / name

    def keyed(self, kind: str, parts: Iterable[str | bytes], make: Callable[[], bytes]) -> bytes:
        """The output made from ``parts``: read from ``kind/`` when kept, else made and kept."""
        digest = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        path = self.root / kind / digest.hexdigest()
        try:
            return path.read_bytes()
        except OSError:
            pass
        output = make()
        write_atomic(path, output)
        return output

    def generated(self, site_path: str, content: Content) -> Path:
        """The copy of a generated site file under ``generated/``, rewritten only when changed."""
        return write_if_changed(self.root / "generated" / site_path, content)


def write_atomic(path: Path, content: Content) -> None:
    """Write ``content`` to ``path`` through a temporary file renamed into place."""
    with replacing(path) as output:
        output.writelines([content] if isinstance(content, bytes) else content)


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A file to write that takes the place of ``path`` only once it is complete."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as output:
            yield output
        temporary.replace(path)
    except OSError as error:
        _forget(temporary)
        raise _unwritable(path, error) from None
    except BaseException:
        _forget(temporary)
        raise


def _forget(temporary: Path) -> None:
    with suppress(OSError):  # the folder itself may be what failed
        temporary.unlink(missing_ok=True)


def write_if_changed(path: Path, content: Content) -> Path:
    """``path``, holding ``content``; left untouched, and its time too, when it already held it."""
    if isinstance(content, bytes):
        if not _holds(path, content):
            write_atomic(path, content)
        return path
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    write_atomic(temporary, content)
    try:
        if _same_bytes(temporary, path):
            temporary.unlink()
        else:
            temporary.replace(path)
    except OSError as error:
        raise _unwritable(path, error) from None
    return path


def read_pickle(path: Path) -> Any:
    """What :func:`write_pickle` kept in ``path``, or None when there is nothing usable there."""
    try:
        with path.open("rb") as file:  # unpickled as it is read: no second copy in memory
            return pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None  # not kept yet, or damaged: the caller makes it again


def write_pickle(path: Path, value: Any) -> None:
    """Keep ``value`` in ``path`` (pickled as it is written: no second copy in memory)."""
    with replacing(path) as file:
        pickle.dump(value, file, pickle.HIGHEST_PROTOCOL)


def _unwritable(path: Path, error: OSError) -> StoreError:
    return StoreError(unwritable(path, error, "；.cache/ 文件夹可以随时删除"))


def _same_bytes(new: Path, old: Path) -> bool:
    """Whether two files hold the same bytes (read a block at a time: they can be large)."""
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        with new.open("rb") as one, old.open("rb") as other:
            while block := one.read(1 << 20):
                if block != other.read(1 << 20):
                    return False
        return True
    except OSError:
        return False


def _holds(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False
