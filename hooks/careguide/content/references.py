"""What records say about each other, checked across files once everything is read.

Ids are unique within their kind (former ids included) and not one a generated page uses for
itself; a class names a known centre, topics and age bands; a centre a known division; a section
known sources; a book lists each of its chapters once. A reference to a record whose own file
is broken is not reported again: that file already has an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careguide.addresses import RESERVED_IDS
from careguide.content.loader import Loaded, LoadedBook
from careguide.content.positions import where
from careguide.content.site import Site
from careguide.errors import Origin, Problem, Problems


def check_references(loaded: Loaded, problems: Problems, root: Path) -> None:
    """Add every cross-file problem of ``loaded`` to ``problems``; ``root`` is the project."""
    check = _References(loaded, problems, root)
    for kind, records in (
        ("source", loaded.sources),
        ("centre", loaded.centres),
        ("class", loaded.classes),
    ):
        check.unique(records)
        check.not_reserved(kind, records)
    for book in loaded.books:
        check.unique(book.chapters)
        check.not_reserved("chapter", book.chapters)
        check.chapters_listed(book)
    # Without a valid site.yml, the checks against its lists are skipped; the others still
    # run, so that one build lists every problem it can find.
    check.centres(loaded.site)
    check.classes(loaded.site)
    check.books(loaded.site)


@dataclass
class _References:
    loaded: Loaded
    problems: Problems
    root: Path

    def unique(self, records: Sequence[Any]) -> None:
        seen: dict[str, Any] = {}
        for record in records:
            for record_id in (record.id, *getattr(record, "former_ids", ())):
                if record_id in seen and seen[record_id] is not record:
                    first = where(self.loaded.where(seen[record_id]), self.root)
                    self.problem(
                        self.loaded.where(record).child("id"),
                        f"编号 “{record_id}” 重复（{first} 已使用）",
                        "每个编号只能用一次：请给其中一个换一个新编号",
                    )
                seen.setdefault(record_id, record)

    def not_reserved(self, kind: str, records: Iterable[Any]) -> None:
        reserved = RESERVED_IDS.get(kind, {})
        for record in records:
            origin = self.loaded.where(record)
            former = getattr(record, "former_ids", ())
            named: list[tuple[tuple[str | int, ...], str]] = [(("id",), record.id)]
            named += [(("former_ids", index), old) for index, old in enumerate(former)]
            for key, record_id in named:
                if record_id in reserved:
                    self.problem(
                        origin.child(*key),
                        f"编号 “{record_id}” 留给了网站自动生成的地址：{reserved[record_id]}",
                        "请换一个编号" + ("" if origin.keypath else "，并把文件名改成相同的编号"),
                    )

    def chapters_listed(self, book: LoadedBook) -> None:
        """Each chapter file is listed once in ``book.yml``, and each listed chapter exists."""
        by_id = {chapter.id: chapter for chapter in book.chapters}
        listed: dict[str, int] = {}
        for index, chapter_id in enumerate(book.info.chapters):
            origin = Origin(book.path, ("chapters", index))
            if chapter_id in listed:
                self.problem(
                    origin,
                    f"章节 “{chapter_id}” 列了两次（第 {listed[chapter_id] + 1} 项已列出）",
                    "每个章节只列一次：删除其中一项",
                )
            listed.setdefault(chapter_id, index)
            if chapter_id not in by_id and chapter_id not in self.loaded.broken_ids:
                self.unknown(origin, "章节", chapter_id, by_id)
        for chapter in book.chapters:
            origin = self.loaded.where(chapter)
            misnamed = origin.file.stem != chapter.id
            if chapter.id not in book.info.chapters and not misnamed:
                self.problem(
                    origin.child("id"),
                    f"章节 “{chapter.id}” 没有列入 book.yml 的 chapters",
                    "在 book.yml 的 chapters 里按阅读顺序加上它，或删除这个文件",
                )

    def centres(self, site: Site | None) -> None:
        divisions = {division.id for division in site.divisions} if site else None
        for centre in self.loaded.centres:
            origin = self.loaded.where(centre)
            if centre.division is None and centre.level == "county":
                self.problem(
                    origin,
                    "县级指导中心缺少 division",
                    "请写上它所在的县（市、区）编号，例如 division: zhengding",
                )
            if (
                divisions is not None
                and centre.division is not None
                and centre.division not in divisions
            ):
                self.unknown(origin.child("division"), "县（市、区）", centre.division, divisions)

    def classes(self, site: Site | None) -> None:
        centre_ids = {centre.id for centre in self.loaded.centres}
        for item in self.loaded.classes:
            origin = self.loaded.where(item)
            if item.centre not in centre_ids:
                self.unknown(origin.child("centre"), "指导中心", item.centre, centre_ids)
            if site is None:
                continue
            topics = {topic.id for topic in site.topics}
            for index, topic in enumerate(item.topics):
                if topic not in topics:
                    self.unknown(origin.child("topics", index), "主题", topic, topics)
            self.bands(site, origin, item.age_bands)

    def bands(self, site: Site, origin: Origin, age_bands: Iterable[str]) -> None:
        bands = {band.id for band in site.age_bands}
        for index, band in enumerate(age_bands):
            if band not in bands:
                self.unknown(origin.child("age_bands", index), "年龄段", band, bands)

    def books(self, site: Site | None) -> None:
        source_ids = {source.id for source in self.loaded.sources}
        for book in self.loaded.books:
            for chapter in book.chapters:
                origin = self.loaded.where(chapter)
                if site is not None:
                    self.bands(site, origin, chapter.age_bands)
                seen: set[str] = set()
                for s_index, section in enumerate(chapter.sections):
                    at = origin.child("sections", s_index)
                    if section.id in seen:
                        self.problem(
                            at.child("id"),
                            f"小节编号 “{section.id}” 在本章重复",
                            "同一章里小节编号不能相同",
                        )
                    seen.add(section.id)
                    for index, source_id in enumerate(section.sources):
                        if source_id not in source_ids and "sources" not in self.loaded.unreadable:
                            self.unknown(
                                at.child("sources", index), "资料来源", source_id, source_ids
                            )

    def unknown(self, origin: Origin, what: str, value: str, known: Iterable[str]) -> None:
        if value in self.loaded.broken_ids:
            return  # its own file already has an error
        close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
        hint = f"最接近的编号：{'、'.join(close)}" if close else f"请使用已有的{what}编号"
        self.problem(origin, f"找不到{what} “{value}”", hint)

    def problem(self, origin: Origin, message: str, hint: str) -> None:
        self.problems.add(Problem(origin, message, hint))
