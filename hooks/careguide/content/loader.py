"""Reading the ``content/`` folder into records, file by file, remembering where each came from.

Each file is validated as soon as it is read, so a province's parsed YAML is never all in memory
at once (only the records are kept). What a file defines is checked here (its layout, that a
record in a file of its own is named after its id); what records say about each other is checked
afterwards, by :mod:`careguide.content.references`.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from careguide.content import tablerecords
from careguide.content.books import BookInfo, Chapter, Source
from careguide.content.centres import Centre
from careguide.content.classes import Class, ClassSeries
from careguide.content.documents import Document, ParseCache, load_document
from careguide.content.fields import Record
from careguide.content.messages import validate
from careguide.content.reuse import RecordCache
from careguide.content.schedules import Checkups, Immunisation, Milestones, WarningSigns
from careguide.content.site import Site
from careguide.content.symptoms import Symptom
from careguide.errors import Origin, Problem, Problems

BOOK_FOLDERS = ("handbook", "hygiene")
"""Book ids, in the order they appear on the site; each is a folder under ``content/``."""

R = TypeVar("R", bound=Record)


@dataclass
class LoadedBook:
    """A book as read: its ``book.yml`` and its chapter files, in no particular order."""

    info: BookInfo
    path: Path
    chapters: list[Chapter]


@dataclass
class Loaded:
    """Every record that validated, where each came from, and what could not be read."""

    site: Site | None = None
    sources: list[Source] = field(default_factory=list)
    symptoms: list[Symptom] = field(default_factory=list)
    immunisation: Immunisation | None = None
    checkups: Checkups | None = None
    warning_signs: WarningSigns | None = None
    milestones: Milestones | None = None
    books: list[LoadedBook] = field(default_factory=list)
    centres: list[Centre] = field(default_factory=list)
    classes: list[Class] = field(default_factory=list)
    origins: dict[int, Origin] = field(default_factory=dict)
    """The origin of each record, keyed by ``id(record)``."""
    broken_ids: set[str] = field(default_factory=set)
    """Ids of records that failed validation: references to them are not reported again."""
    unreadable: set[str] = field(default_factory=set)
    """Folders with a file whose records could not be read at all: what it defined is unknown,
    so references into the folder are not reported until it is fixed."""

    def schedules(self) -> list[Immunisation | Checkups | WarningSigns | Milestones]:
        """The schedules the site has (``content/schedules/*.yml``)."""
        found = (self.immunisation, self.checkups, self.warning_signs, self.milestones)
        return [schedule for schedule in found if schedule is not None]

    def where(self, record: Any) -> Origin:
        return self.origins[id(record)]


def _is_series(data: Any) -> bool:
    return isinstance(data, dict) and "repeat" in data


def read_content(
    content_dir: Path,
    problems: Problems,
    cache: ParseCache | None,
    reuse: RecordCache | None = None,
) -> Loaded:
    """Read and validate every content file, adding what is wrong to ``problems``; with
    ``reuse``, a file unchanged since the previous load keeps its records."""
    reader = _Reader(content_dir, problems, cache, reuse=reuse)
    loaded = reader.loaded
    if reader.listing(content_dir) is None and content_dir in reader.denied:
        return loaded  # nothing in it can be read: one problem says so
    loaded.site = reader.one(Site, content_dir / "site.yml")
    loaded.sources = reader.many(Source, "sources", single=False)
    loaded.symptoms = reader.many(Symptom, "symptoms", single=False)
    reader.stray_files(content_dir / "schedules")
    loaded.immunisation = reader.schedule(Immunisation, "immunisation")
    loaded.checkups = reader.schedule(Checkups, "checkups")
    loaded.warning_signs = reader.schedule(WarningSigns, "warning-signs")
    loaded.milestones = reader.schedule(Milestones, "milestones")
    loaded.books = [book for folder in BOOK_FOLDERS if (book := reader.book(folder))]
    loaded.centres = tablerecords.contacts(reader, reader.many(Centre, "centres", single=True))
    loaded.classes = reader.classes()
    loaded.classes += tablerecords.records(reader, Class, "classes")
    return loaded


@dataclass
class _Reader:
    content_dir: Path
    problems: Problems
    cache: ParseCache | None
    loaded: Loaded = field(default_factory=Loaded)
    unlisted: set[Path] = field(default_factory=set)
    """Folders that are missing or could not be listed (reported once)."""
    denied: set[Path] = field(default_factory=set)
    """Folders that are there but could not be listed (each a problem)."""
    reuse: RecordCache | None = None
    """The records of the previous load, for files that did not change (``mkdocs serve``)."""

    def per_file(self, kind: str, path: Path, read: Callable[[], list[R]]) -> list[R]:
        """The records ``read()`` makes of one file, or those of the previous load."""
        if self.reuse is None:
            return read()
        return self.reuse.records(kind, path, self.loaded, self.problems, read)

    def document(self, path: Path, *, names_record: bool = False) -> Document | None:
        """Parse a file, or record its problem. ``names_record``: the file name is a record id."""
        if path.is_dir():
            self.problems.add(
                Problem(
                    Origin(path),
                    "这是一个文件夹，不是内容文件",
                    "文件夹的名字不要以 .yml 结尾：请改名，或把它移出 content/",
                    1,
                    1,
                )
            )
            return None
        if path.is_symlink() and not path.is_file():
            self.problems.add(
                Problem(
                    Origin(path),
                    "这是一个失效的链接：它指向的文件不存在，或者链接绕回了自己",
                    "删除这个链接，或把真正的内容文件放在这里",
                    1,
                    1,
                )
            )
            return None
        if not path.is_file():
            self.problems.add(
                Problem(Origin(path), "缺少文件", f"请创建 {path.name}（可参考示例内容）", 1, 1)
            )
            return None
        loaded = self.cache.load(path) if self.cache else load_document(path)
        if isinstance(loaded, list):
            self.problems.extend(loaded)
            if names_record:
                self.loaded.broken_ids.add(path.stem)
            return None
        return loaded

    def one(self, model: type[R], path: Path) -> R | None:
        records = self.per_file(model.__name__, path, functools.partial(self.single, model, path))
        return records[0] if records else None

    def single(self, model: type[R], path: Path, names_record: bool = False) -> list[R]:
        """The record of a file that holds one (site.yml, a schedule, a book's book.yml, a
        chapter: ``names_record``, its file name is its id)."""
        document = self.document(path, names_record=names_record)
        if document is None:
            return []
        return self.validated(model, [(document.data, document.origin)])

    def schedule(self, model: type[R], name: str) -> R | None:
        """``content/schedules/<name>.yml``, when the site has it."""
        path = self.content_dir / "schedules" / f"{name}.yml"
        if not path.exists():
            return None
        record = self.one(model, path)
        if record is None:
            self.loaded.unreadable.add(f"schedules/{name}")
        return record

    def many(self, model: type[R], folder: str, *, single: bool) -> list[R]:
        """All records in ``content/<folder>/*.yml``: one per file, or a list per file."""
        records: list[R] = []
        self.stray_files(self.content_dir / folder)
        for path in self.yaml_files(self.content_dir / folder, folder):
            read = functools.partial(self.records_of, model, path, folder, single)
            records.extend(self.per_file(folder, path, read))
        if single:
            self.named_after_files(records)
        return records

    def classes(self) -> list[Class]:
        """The classes of ``content/classes/*.yml``: an item with ``repeat`` is a series,
        expanded into its meetings, each remembered as coming from the series (a moved meeting
        from its ``moved`` entry)."""
        classes: list[Class] = []
        self.stray_files(self.content_dir / "classes")
        for path in self.yaml_files(self.content_dir / "classes", "classes"):
            classes.extend(self.per_file("classes", path, functools.partial(self.class_file, path)))
        return classes

    def class_file(self, path: Path) -> list[Class]:
        document = self.document(path)
        if document is None:
            self.loaded.unreadable.add("classes")
            return []
        items = self.items(document, "classes")
        single = [item for item in items if not _is_series(item[0])]
        classes = self.validated(Class, single)
        series = [self.without_times(*item) for item in items if _is_series(item[0])]
        for record in self.validated(ClassSeries, series):
            classes.extend(self.meetings(record))
        return classes

    def without_times(self, data: dict[str, Any], origin: Origin) -> tuple[Any, Origin]:
        """A series takes its times from ``repeat``: a ``start`` or ``end`` of its own is
        reported (and dropped, so that the rest of the series is still checked)."""
        for key in ("start", "end"):
            if key in data:
                self.problems.add(
                    Problem(
                        origin.child(key),
                        f"重复的课程不写 {key}：每次课的日期和时刻由 repeat 决定",
                        f"删掉 {key}；时刻写在 repeat 的 hours 里，例如 hours: 09:30-11:00",
                        at_key=True,
                    )
                )
        return {key: value for key, value in data.items() if key not in ("start", "end")}, origin

    def meetings(self, series: ClassSeries) -> list[Class]:
        origin = self.loaded.where(series).child("repeat")
        meetings = []
        for meeting, change in series.meetings():
            at = origin.child(*change) if change else origin
            self.loaded.origins[id(meeting)] = at
            meetings.append(meeting)
        return meetings

    def records_of(self, model: type[R], path: Path, folder: str, single: bool) -> list[R]:
        """The records of one file of ``content/<folder>/``."""
        document = self.document(path, names_record=single)
        if document is None:
            self.loaded.unreadable.add(folder)
            return []
        items = [(document.data, document.origin)] if single else self.items(document, folder)
        return self.validated(model, items)

    def book(self, folder: str) -> LoadedBook | None:
        directory = self.content_dir / folder
        info_path = directory / "book.yml"
        self.stray_files(directory)
        info = self.one(BookInfo, info_path)
        if info is None:
            return None
        if info.id != folder:
            self.problems.add(
                Problem(
                    Origin(info_path, ("id",)),
                    f"书的编号 “{info.id}” 与文件夹名 “{folder}” 不一致",
                    f"请改成 id: {folder}",
                )
            )
        paths = [path for path in self.yaml_files(directory, folder) if path.name != "book.yml"]
        chapters = [
            chapter
            for path in paths
            for chapter in self.per_file(
                "Chapter", path, functools.partial(self.single, Chapter, path, names_record=True)
            )
        ]
        self.named_after_files(chapters)
        return LoadedBook(info, info_path, chapters)

    def items(self, document: Document, key: str) -> list[tuple[Any, Origin]]:
        """The items of the top-level list ``key`` of a document, each with its origin."""
        data = document.data
        layout = f"文件以“{key}:”开头，下面每一项以“  - ”开头"
        if not (isinstance(data, dict) and isinstance(data.get(key), list)):
            self.loaded.unreadable.add(key)
        if not isinstance(data, dict):
            self.problems.add(Problem(document.origin, f"文件应以“{key}:”开头", layout, 1, 1))
            return []
        extra = [name for name in data if name != key]
        for name in extra:
            close = difflib.get_close_matches(str(name), [key], n=1, cutoff=0.6)
            self.problems.add(
                Problem(
                    document.origin.child(name),
                    f"未知的顶层键 “{name}”",
                    f"是否想写 “{key}”？" if close else f"文件只能有一个顶层键 “{key}”：{layout}",
                    at_key=True,
                )
            )
        if key not in data:
            if not extra:
                self.problems.add(Problem(document.origin, f"缺少顶层键 “{key}”", layout, 1, 1))
            return []
        items = data[key]
        if items is None:
            self.problems.add(
                Problem(
                    document.origin.child(key),
                    f"“{key}” 下面是空的",
                    "在下面逐项填写，每一项以“  - ”开头；没有内容就删除这个文件",
                    at_key=True,
                )
            )
            return []
        if not isinstance(items, list):
            self.problems.add(
                Problem(document.origin.child(key), f"“{key}” 应是列表", "每一项以“  - ”开头")
            )
            return []
        return [(item, document.origin.child(key, index)) for index, item in enumerate(items)]

    def validated(self, model: type[R], items: Iterable[tuple[Any, Origin]]) -> list[R]:
        records = []
        for data, origin in items:
            record = validate(model, data, origin, self.problems)
            if record is not None:
                self.loaded.origins[id(record)] = origin
                records.append(record)
                for at, message, hint in record.inconsistencies():
                    self.problems.add(Problem(origin.child(*at), message, hint))
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.loaded.broken_ids.add(data["id"])
            if not origin.keypath:  # one record per file, named after its id
                self.loaded.broken_ids.add(origin.file.stem)
        return records

    def named_after_files(self, records: Iterable[Any]) -> None:
        """A record in a file of its own lives in ``<id>.yml``: its address is its file name.

        The file name of a misnamed record is taken as a broken id, so a reference by file name
        is not reported as well.
        """
        for record in records:
            origin = self.loaded.where(record)
            if origin.keypath or origin.file.stem == record.id:
                continue
            self.loaded.broken_ids.add(origin.file.stem)
            self.problems.add(
                Problem(
                    origin.child("id"),
                    f"编号 “{record.id}” 与文件名 “{origin.file.name}” 不一致",
                    f"把文件改名为 {record.id}.yml，或把 id 改成与文件名相同",
                )
            )

    def listing(self, directory: Path) -> list[Path] | None:
        """The entries of a folder of ``content/``, sorted; None when it is missing or cannot be
        read (reported once: Python's glob would skip an unreadable folder silently)."""
        if directory in self.unlisted:
            return None
        try:
            return sorted(directory.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            pass  # nothing to read, as before: what is missing is reported where it is needed
        except OSError as error:
            self.denied.add(directory)
            self.problems.add(
                Problem(
                    Origin(directory),
                    f"无法读取文件夹（{error.strerror or error}）",
                    "请让运行生成的用户可以读取它（例如 chmod -R a+rX content），或检查它是否还在",
                    1,
                    1,
                )
            )
        self.unlisted.add(directory)
        return None

    def yaml_files(self, directory: Path, folder: str) -> list[Path]:
        """The ``*.yml`` files of a folder, in name order, without an editor's temporary files;
        an unreadable folder makes ``folder`` unreadable.

        Editors leave files beside the one being edited: Emacs a ``.#name.yml`` link, Microsoft
        Office a ``~$name.yml`` owner file, macOS ``._name.yml`` on some drives. They are not
        content and are gone when the editor closes, so a name starting with ``.`` or ``~`` is
        skipped.
        """
        listing = self.listing(directory)
        if listing is None:
            if directory in self.denied:
                self.loaded.unreadable.add(folder)
            return []
        skipped = (".", "~")
        return [p for p in listing if p.suffix == ".yml" and not p.name.startswith(skipped)]

    def stray_files(self, directory: Path) -> None:
        """YAML files that would be skipped silently because of their extension."""
        for path in self.listing(directory) or []:
            if path.suffix.lower() in (".yaml", ".yml") and path.suffix != ".yml":
                self.problems.add(
                    Problem(
                        Origin(path),
                        f"扩展名为 “{path.suffix}” 的文件不会被读取",
                        f"请改名为 {path.stem}.yml",
                        1,
                        1,
                    )
                )
