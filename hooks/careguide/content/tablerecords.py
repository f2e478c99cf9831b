"""Records read from the spreadsheets and CSV files beside the YAML: classes in
``content/classes/``, centres' contact details in ``content/centres/`` (see
:mod:`careguide.content.sheets`), validated by the loader's own checks.

With the loader's parse cache, the rows of a file that read without a problem are kept by the
hash of its path and bytes, so a rebuild (``mkdocs serve``) does not read an unchanged
workbook again.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from careguide.content import sheets
from careguide.content.centres import Centre
from careguide.content.documents import ParseCache
from careguide.content.fields import Record
from careguide.content.tables import TABLE_SUFFIXES
from careguide.errors import Origin, Problem, Problems
from careguide.store import read_pickle, write_pickle

if TYPE_CHECKING:
    from careguide.content.loader import Loaded

R = TypeVar("R", bound=Record)


class Reader(Protocol):
    """What of the loader's reader is used here."""

    content_dir: Path
    problems: Problems
    cache: ParseCache | None
    loaded: Loaded

    def listing(self, directory: Path) -> list[Path] | None: ...

    def validated(self, model: type[R], items: Iterable[tuple[Any, Origin]]) -> list[R]: ...


def records(reader: Reader, model: type[R], folder: str) -> list[R]:
    """The records in the spreadsheets and CSV files of ``content/<folder>/``, beside its
    YAML (:mod:`careguide.content.sheets`)."""
    records: list[R] = []
    for row in _rows(reader, folder):
        records.extend(_validated(reader, model, row.data, row))
    return records


def _rows(reader: Reader, folder: str) -> list[sheets.Row]:
    rows: list[sheets.Row] = []
    for path in reader.listing(reader.content_dir / folder) or []:
        if path.name.startswith((".", "~")) or path.suffix.lower() not in TABLE_SUFFIXES:
            continue
        read = _read(reader, path, sheets.SPECS[folder])
        if read is None:
            reader.loaded.unreadable.add(folder)
        rows += read or []
    return rows


_READER_CODE = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("tables.py", "csvfiles.py", "cells.py", "sheets.py")
    )
).digest()
"""The code that turns a table into rows: rows kept by an earlier version are not reused."""


def _read(reader: Reader, path: Path, spec: sheets.Spec) -> list[sheets.Row] | None:
    """The rows of one file, from the cache when its bytes are unchanged."""
    if reader.cache is None:
        return sheets.read_rows(path, spec, reader.problems.items)
    try:
        raw = path.read_bytes()
    except OSError:
        return sheets.read_rows(path, spec, reader.problems.items)
    key = hashlib.sha256(_READER_CODE + str(path).encode() + b"\0" + raw).hexdigest()
    entry = reader.cache.folder / f"{key}.rows.pickle"
    kept = read_pickle(entry)
    if isinstance(kept, list):
        return kept
    start = len(reader.problems)
    rows = sheets.read_rows(path, spec, reader.problems.items)
    if rows is not None and len(reader.problems) == start:
        write_pickle(entry, rows)
    return rows


def _validated(reader: Reader, model: type[R], data: dict[str, Any], row: sheets.Row) -> list[R]:
    """Validate a row's record; a cell's problem is not said again by validation."""
    start = len(reader.problems)
    records = reader.validated(model, [(data, row.origin)])
    new = reader.problems.items[start:]
    reader.problems.items[start:] = [problem for problem in new if not row.repeats(problem)]
    return records


def contacts(reader: Reader, centres: list[Centre]) -> list[Centre]:
    """Centres with the contact details of ``content/centres/*.xlsx|csv`` over their own;
    each keeps its file as its origin."""
    by_id = {centre.id: centre for centre in reversed(centres)}  # the first of a duplicate id
    replaced: dict[int, Centre] = {}
    seen: dict[str, sheets.Row] = {}
    for row in _rows(reader, "centres"):
        centre_id = row.data.get("id")
        if not isinstance(centre_id, str) or "id" in row.reported:
            continue
        cell = row.origin.child("id")
        if centre_id in seen:
            first = seen[centre_id].origin.keypath[1]
            message = f"指导中心 “{centre_id}” 列了两次（第 {first} 行已经有了）"
            reader.problems.add(Problem(cell, message, "每个中心只写一行：合并这两行"))
            continue
        seen[centre_id] = row
        centre = by_id.get(centre_id)
        if centre is None:
            if centre_id not in reader.loaded.broken_ids:
                close = difflib.get_close_matches(centre_id, list(by_id), n=1)
                hint = f"是否想写 “{close[0]}”？" if close else "写 content/centres/ 里的文件名"
                reader.problems.add(Problem(cell, f"没有编号为 “{centre_id}” 的指导中心", hint))
            continue
        origin = reader.loaded.where(centre)
        updated = _validated(reader, Centre, {**centre.model_dump(), **row.data}, row)
        for record in updated:
            reader.loaded.origins[id(record)] = origin
            replaced[id(centre)] = record
    return [replaced.get(id(centre), centre) for centre in centres]
