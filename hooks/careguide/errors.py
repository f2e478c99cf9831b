"""careguide's one error family, and the problems of content: where, what is wrong, how to fix it.

Every error careguide expects to meet is a :class:`CareguideError`: bad content
(:class:`ContentError`, carrying every :class:`Problem` of the build at once), a book that cannot
be printed, a search index that cannot be built, a cache folder that cannot be written. The
plugin turns it into MkDocs' ``PluginError`` in one place, so a user sees a message, never a
traceback. A problem prints as ``content/classes/2026-12.yml:14:7: what is wrong — how to fix it``.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Origin:
    """Where a value came from: a file and the path of keys and list indexes inside it."""

    file: Path
    keypath: KeyPath = ()

    def child(self, *keys: str | int) -> Origin:
        return Origin(self.file, self.keypath + keys)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content.

    ``line`` and ``column`` are 1-based. When they are unknown at creation (validation works on
    plain data), the origin's key path is resolved to a position when it is shown.
    ``at_key`` asks for the position of the key itself rather than of its value.
    A problem in a spreadsheet or CSV file names its ``cell`` (``C5``) and the workbook's
    ``sheet`` (``课程``) instead: ``2026-12.xlsx:课程!C5``, ``2026-12.csv!C5``; its line and
    column are then the row and the column's number, for sorting.
    """

    origin: Origin
    message: str
    hint: str
    line: int | None = None
    column: int | None = None
    at_key: bool = False
    sheet: str | None = None
    cell: str | None = None

    def format(self, root: Path | None = None) -> str:
        """``path:line:column: message — hint`` (``path:sheet!cell: …`` in a spreadsheet),
        always on one line."""
        text = f"{self.place(root)}: {self.message} — {self.hint}"
        return " ".join(text.splitlines())

    def place(self, root: Path | None = None) -> str:
        """``path:line:column``, ``path:sheet!cell`` or ``path.csv!cell``."""
        path = _display_path(self.origin.file, root)
        if self.cell is None:
            return f"{path}:{self.line or 1}:{self.column or 1}"
        return f"{path}:{self.sheet}!{self.cell}" if self.sheet else f"{path}!{self.cell}"


def _display_path(file: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return file.relative_to(root).as_posix()
        except ValueError:
            pass
    return file.as_posix()


@dataclass
class Problems:
    """A growing list of problems, resolved to line and column before they are shown."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)


class CareguideError(Exception):
    """An error careguide expects: its message says what is wrong and how to fix it."""


class ContentError(CareguideError):
    """Raised once at the end of loading when any problem was found; carries them all."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = problems
        self.root = root
        super().__init__(self.report())

    def lines(self) -> list[str]:
        return [problem.format(self.root) for problem in self.problems]

    def report(self) -> str:
        count = len(self.problems)
        header = f"内容有 {count} 处错误，网站未生成（原有网站保持不变）："
        return "\n".join([header, *self.lines()])


class PdfError(CareguideError):
    """A book could not be printed; the message says why and what to do."""


class SearchError(CareguideError):
    """The search index cannot be built as promised (segmenter or indexer missing or failing)."""


class StoreError(CareguideError):
    """A file under ``.cache/careguide/`` or a generated file could not be written."""


class SettingsError(CareguideError):
    """A setting of the build (``mkdocs.yml``, the environment) cannot be used."""


class BusyError(CareguideError):
    """Another build of the same site is still running (see :mod:`careguide.lock`)."""


class PublishError(CareguideError):
    """The new site could not be put in place of ``site/`` (see :mod:`careguide.publish`)."""


def unwritable(path: Path | str, error: OSError, remedy: str = "") -> str:
    """``path: what the system said — what to do``, for a file or folder that cannot be written.

    ``remedy`` is added to the advice for the usual cause (a full disk, missing permissions).
    """
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{path}: 磁盘空间不足，无法写入（{reason}）— 请清理磁盘空间后重新生成{remedy}"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: 没有写入权限（{reason}）— 请让运行生成的用户可以写入它所在的文件夹{remedy}"
    if error.errno == errno.EROFS:
        return f"{path}: 文件系统是只读的，无法写入 — 请把它挂载为可写，或换一个可写的位置{remedy}"
    return f"{path}: 无法写入（{reason}）— 请检查磁盘空间和文件夹权限{remedy}"


def file_error(error: OSError) -> str:
    """An ``OSError`` of a file the build could not write (a full disk, a read-only folder) or
    read, as one line; a copy names its source first, so its destination is preferred."""
    path = error.filename2 or error.filename or "网站文件夹"
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        return unwritable(path, error)
    return f"{path}: 无法读写（{error.strerror or error}）— 请检查文件和文件夹的权限"
