"""The Catalog: every content record of one build, validated and cross-referenced.

One Catalog feeds every output (pages, PDFs, calendars, open data), so they never disagree.
:func:`load_catalog` reads ``content/``, collects every problem of every file, checks ids and
references across files, and either returns the Catalog or raises one
:class:`~careguide.errors.ContentError` listing all problems.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from careguide.content.books import BookInfo, Chapter, Section, Source
from careguide.content.centres import Centre
from careguide.content.classes import Class
from careguide.content.documents import Document, ParseCache, load_document, locate
from careguide.content.fields import SHANGHAI, Record, validate
from careguide.content.site import Division, Site
from careguide.errors import ContentError, Origin, Problem, Problems

BOOK_FOLDERS = ("handbook", "hygiene")
"""Book ids, in the order they appear on the site; each is a folder under ``content/``."""

RESERVED_CENTRE_IDS = frozenset({"all"})
"""Ids that would collide with a site-wide address (``calendar/all.ics`` holds every class)."""

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Book:
    info: BookInfo
    chapters: tuple[Chapter, ...]

    @property
    def id(self) -> str:
        return self.info.id

    def sections(self) -> Iterable[tuple[Chapter, Section]]:
        for chapter in self.chapters:
            for section in chapter.sections:
                yield chapter, section


@dataclass(frozen=True)
class Catalog:
    """Everything the site is built from, immutable once loaded."""

    site: Site
    sources: dict[str, Source]
    books: tuple[Book, ...]
    centres: tuple[Centre, ...]
    classes: tuple[Class, ...]
    """Sorted by start time, then id."""
    now: datetime
    """The build time, in Beijing time: decides which classes are upcoming."""

    @cached_property
    def divisions(self) -> dict[str, Division]:
        return {division.id: division for division in self.site.divisions}

    @cached_property
    def centres_by_id(self) -> dict[str, Centre]:
        return {centre.id: centre for centre in self.centres}

    def book(self, book_id: str) -> Book:
        return next(book for book in self.books if book.id == book_id)

    def upcoming_classes(self) -> list[Class]:
        return [item for item in self.classes if not item.has_ended(self.now)]

    def past_classes(self) -> list[Class]:
        """Most recent first."""
        return [item for item in reversed(self.classes) if item.has_ended(self.now)]

    def classes_of(self, centre_id: str) -> list[Class]:
        return self._classes_by_centre.get(centre_id, [])

    @cached_property
    def _classes_by_centre(self) -> dict[str, list[Class]]:
        grouped: dict[str, list[Class]] = {}
        for item in self.classes:
            grouped.setdefault(item.centre, []).append(item)
        return grouped


def build_time() -> datetime:
    """Now in Beijing time, or the moment pinned by ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned:
        return datetime.fromtimestamp(int(pinned), SHANGHAI)
    return datetime.now(SHANGHAI)


def load_catalog(
    content_dir: Path, *, now: datetime | None = None, cache: ParseCache | None = None
) -> Catalog:
    """Load and check all content; raise ContentError with every problem found.

    With a ``cache``, files whose bytes have not changed since an earlier load are not parsed.
    """
    loader = _Loader(content_dir, cache)
    catalog = loader.load(now or build_time())
    if loader.problems or catalog is None:
        problems = [locate(problem) for problem in loader.problems]
        problems.sort(key=lambda p: (str(p.origin.file), p.line or 0, p.column or 0))
        raise ContentError(problems, root=content_dir.parent)
    return catalog


@dataclass
class _Loader:
    """Reads the content folder, remembering where each record came from for later checks."""

    content_dir: Path
    cache: ParseCache | None = None
    problems: Problems = field(default_factory=Problems)
    where: dict[int, Origin] = field(default_factory=dict)
    """The origin of each record, keyed by ``id(record)``."""
    broken_ids: set[str] = field(default_factory=set)
    """Ids of records that failed validation: references to them are not reported again."""
    unreadable: set[str] = field(default_factory=set)
    """Folders with a list file whose records could not be read at all (``sources``): what it
    defined is unknown, so references into the folder are not reported until it is fixed."""

    def load(self, now: datetime) -> Catalog | None:
        site = self._one(Site, self.content_dir / "site.yml")
        sources = self._many(Source, "sources", single=False)
        books = [self._book(folder) for folder in BOOK_FOLDERS]
        centres = self._many(Centre, "centres", single=True)
        classes = self._many(Class, "classes", single=False)
        # Without a valid site.yml, the checks against its lists are skipped; the others still
        # run, so that one build lists every problem it can find.
        self._check_centres(site, centres)
        self._check_classes(site, centres, classes)
        self._check_books(site, sources, [book for book in books if book is not None])
        if self.problems or site is None:
            return None
        return Catalog(
            site=site,
            sources={source.id: source for source in sources},
            books=tuple(book for book in books if book is not None),
            centres=tuple(_directory_order(site, centres)),
            classes=tuple(sorted(classes, key=lambda item: (item.start, item.id))),
            now=now,
        )

    # -- reading files -------------------------------------------------------------------

    def _document(self, path: Path, *, names_record: bool = False) -> Document | None:
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
        if not path.is_file():
            self.problems.add(
                Problem(Origin(path), "缺少文件", f"请创建 {path.name}（可参考示例内容）", 1, 1)
            )
            return None
        loaded = self.cache.load(path) if self.cache else load_document(path)
        if isinstance(loaded, Problem):
            self.problems.add(loaded)
            if names_record:
                self.broken_ids.add(path.stem)
            return None
        return loaded

    def _one(self, model: type[R], path: Path) -> R | None:
        document = self._document(path)
        if document is None:
            return None
        return validate(model, document.data, document.origin, self.problems)

    def _list_in(self, document: Document, key: str) -> list[tuple[Any, Origin]]:
        """The items of the top-level list ``key`` of a document, each with its origin."""
        data = document.data
        layout = f"文件以“{key}:”开头，下面每一项以“  - ”开头"
        if not (isinstance(data, dict) and isinstance(data.get(key), list)):
            self.unreadable.add(key)
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

    def _validated(self, model: type[R], items: Iterable[tuple[Any, Origin]]) -> list[R]:
        records = []
        for data, origin in items:
            record = validate(model, data, origin, self.problems)
            if record is not None:
                self.where[id(record)] = origin
                records.append(record)
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.broken_ids.add(data["id"])
            if not origin.keypath:  # one record per file, named after its id
                self.broken_ids.add(origin.file.stem)
        return records

    def _named_after_files(self, records: Iterable[Any]) -> set[str]:
        """A record in a file of its own lives in ``<id>.yml``: its address is its file name.

        Returns the ids of the misnamed records; their file names are then taken as broken
        ids, so a reference by file name is not reported as well.
        """
        misnamed = set()
        for record in records:
            origin = self.where[id(record)]
            if origin.keypath or origin.file.stem == record.id:
                continue
            misnamed.add(record.id)
            self.broken_ids.add(origin.file.stem)
            self._problem(
                origin.child("id"),
                f"编号 “{record.id}” 与文件名 “{origin.file.name}” 不一致",
                f"把文件改名为 {record.id}.yml，或把 id 改成与文件名相同",
            )
        return misnamed

    def _stray_files(self, directory: Path) -> None:
        """YAML files that would be skipped silently because of their extension."""
        if not directory.is_dir():
            return
        for path in sorted(directory.iterdir()):
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

    def _many(self, model: type[R], folder: str, *, single: bool) -> list[R]:
        """All records in ``content/<folder>/*.yml``: one per file, or a list per file.

        Each file is validated as soon as it is read, so a province's parsed YAML is never all
        in memory at once (only the records are kept).
        """
        records: list[R] = []
        self._stray_files(self.content_dir / folder)
        for path in sorted((self.content_dir / folder).glob("*.yml")):
            document = self._document(path, names_record=single)
            if document is None:
                self.unreadable.add(folder)
                continue
            items = (
                [(document.data, document.origin)] if single else self._list_in(document, folder)
            )
            records.extend(self._validated(model, items))
        if single:
            self._named_after_files(records)
        self._unique(records)
        return records

    def _book(self, folder: str) -> Book | None:
        directory = self.content_dir / folder
        info_path = directory / "book.yml"
        self._stray_files(directory)
        info = self._one(BookInfo, info_path)
        if info is None:
            return None
        if info.id != folder:
            self._problem(
                Origin(info_path, ("id",)),
                f"书的编号 “{info.id}” 与文件夹名 “{folder}” 不一致",
                f"请改成 id: {folder}",
            )
        chapter_paths = sorted(path for path in directory.glob("*.yml") if path.name != "book.yml")
        chapters = self._validated(
            Chapter,
            [
                (doc.data, doc.origin)
                for doc in (self._document(path, names_record=True) for path in chapter_paths)
                if doc is not None
            ],
        )
        misnamed = self._named_after_files(chapters)
        self._unique(chapters)
        by_id = {chapter.id: chapter for chapter in chapters}
        for index, chapter_id in enumerate(info.chapters):
            if chapter_id not in by_id and chapter_id not in self.broken_ids:
                self._unknown(Origin(info_path, ("chapters", index)), "章节", chapter_id, by_id)
        for chapter in chapters:
            if chapter.id not in info.chapters and chapter.id not in misnamed:
                self._problem(
                    self.where[id(chapter)].child("id"),
                    f"章节 “{chapter.id}” 没有列入 book.yml 的 chapters",
                    "在 book.yml 的 chapters 里按阅读顺序加上它，或删除这个文件",
                )
        ordered = tuple(by_id[chapter_id] for chapter_id in info.chapters if chapter_id in by_id)
        return Book(info, ordered)

    # -- cross-file checks ----------------------------------------------------------------

    def _unique(self, records: Sequence[Any]) -> None:
        seen: dict[str, Any] = {}
        for record in records:
            for record_id in (record.id, *getattr(record, "former_ids", ())):
                if record_id in seen and seen[record_id] is not record:
                    first = _where(self.where[id(seen[record_id])], self.content_dir.parent)
                    self._problem(
                        self.where[id(record)].child("id"),
                        f"编号 “{record_id}” 重复（{first} 已使用）",
                        "每个编号只能用一次：请给其中一个换一个新编号",
                    )
                seen.setdefault(record_id, record)

    def _check_centres(self, site: Site | None, centres: list[Centre]) -> None:
        divisions = {division.id for division in site.divisions} if site else None
        for centre in centres:
            origin = self.where[id(centre)]
            if centre.id in RESERVED_CENTRE_IDS:
                self._problem(
                    origin.child("id"),
                    f"编号 “{centre.id}” 留给了全站共用的地址（如 /calendar/all.ics）",
                    "请给这个指导中心换一个编号，并把文件名改成相同的编号",
                )
            if centre.division is None and centre.level == "county":
                self._problem(
                    origin,
                    "县级指导中心缺少 division",
                    "请写上它所在的县（市、区）编号，例如 division: zhengding",
                )
            if divisions is not None and centre.division not in (None, *divisions):
                self._unknown(origin.child("division"), "县（市、区）", centre.division, divisions)

    def _check_classes(
        self, site: Site | None, centres: list[Centre], classes: list[Class]
    ) -> None:
        centre_ids = {centre.id for centre in centres}
        for item in classes:
            origin = self.where[id(item)]
            if item.centre not in centre_ids:
                self._unknown(origin.child("centre"), "指导中心", item.centre, centre_ids)
            if site is None:
                continue
            topics = {topic.id for topic in site.topics}
            for index, topic in enumerate(item.topics):
                if topic not in topics:
                    self._unknown(origin.child("topics", index), "主题", topic, topics)
            self._check_bands(site, origin, item.age_bands)

    def _check_bands(self, site: Site, origin: Origin, age_bands: Iterable[str]) -> None:
        bands = {band.id for band in site.age_bands}
        for index, band in enumerate(age_bands):
            if band not in bands:
                self._unknown(origin.child("age_bands", index), "年龄段", band, bands)

    def _check_books(self, site: Site | None, sources: list[Source], books: list[Book]) -> None:
        source_ids = {source.id for source in sources}
        for book in books:
            for chapter in book.chapters:
                origin = self.where[id(chapter)]
                if site is not None:
                    self._check_bands(site, origin, chapter.age_bands)
                seen: set[str] = set()
                for s_index, section in enumerate(chapter.sections):
                    where = origin.child("sections", s_index)
                    if section.id in seen:
                        self._problem(
                            where.child("id"),
                            f"小节编号 “{section.id}” 在本章重复",
                            "同一章里小节编号不能相同",
                        )
                    seen.add(section.id)
                    for index, source_id in enumerate(section.sources):
                        if source_id not in source_ids and "sources" not in self.unreadable:
                            self._unknown(
                                where.child("sources", index), "资料来源", source_id, source_ids
                            )

    def _unknown(self, origin: Origin, what: str, value: str, known: Iterable[str]) -> None:
        if value in self.broken_ids:
            return  # its own file already has an error
        close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
        hint = f"最接近的编号：{'、'.join(close)}" if close else f"请使用已有的{what}编号"
        self._problem(origin, f"找不到{what} “{value}”", hint)

    def _problem(self, origin: Origin, message: str, hint: str) -> None:
        self.problems.add(Problem(origin, message, hint))


def _where(origin: Origin, root: Path) -> str:
    located = locate(Problem(origin.child("id"), "", ""))
    try:
        shown = origin.file.relative_to(root).as_posix()
    except ValueError:
        shown = origin.file.as_posix()
    return f"{shown}:{located.line}"


def _directory_order(site: Site, centres: list[Centre]) -> list[Centre]:
    """City-level centres first, then by the division order given in site.yml."""
    rank = {division.id: index for index, division in enumerate(site.divisions)}
    return sorted(
        centres,
        key=lambda c: (c.level != "city", rank.get(c.division or "", -1), c.name),
    )
