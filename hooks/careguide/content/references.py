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
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from careguide.addresses import RESERVED_IDS
from careguide.content.books import Alert
from careguide.content.freshness import future_dates
from careguide.content.loader import Loaded, LoadedBook
from careguide.content.positions import where
from careguide.content.schedules import Age
from careguide.content.site import Site
from careguide.content.symptoms import Symptom
from careguide.errors import Origin, Problem, Problems


def check_references(loaded: Loaded, problems: Problems, root: Path, today: date) -> None:
    """Add every cross-file problem of ``loaded`` to ``problems``; ``root`` is the project and
    ``today`` the build's date (Beijing time)."""
    check = _References(loaded, problems, root)
    problems.extend(future_dates(loaded, today))
    for kind, records in (
        ("source", loaded.sources),
        ("symptom", loaded.symptoms),
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
    check.symptoms()
    for schedule in loaded.schedules():
        check.cited(loaded.where(schedule), schedule.sources)
    check.warning_signs()


@dataclass
class _References:
    loaded: Loaded
    problems: Problems
    root: Path

    def unique(self, records: Sequence[Any]) -> None:
        """Each id and former id names one record, and a record names itself once: a former
        id equal to its own id would make its old address redirect to itself."""
        seen: dict[str, tuple[Any, tuple[str | int, ...]]] = {}
        for record in records:
            former = getattr(record, "former_ids", ())
            if record.id in former:
                self.problem(
                    self.loaded.where(record).child("former_ids", former.index(record.id)),
                    f"旧编号 “{record.id}” 就是现在的编号",
                    "former_ids 只写改名之前用过的编号：删掉这一项",
                )
            named: list[tuple[tuple[str | int, ...], str]] = [(("id",), record.id)]
            named += [(("former_ids", index), old) for index, old in enumerate(former)]
            for key, record_id in named:
                other, other_key = seen.get(record_id, (record, key))
                if other is not record:
                    first = where(self.loaded.where(other), self.root, other_key)
                    self.problem(
                        self.loaded.where(record).child(*key),
                        f"编号 “{record_id}” 重复（{first} 已使用）",
                        "每个编号只能用一次：请给其中一个换一个新编号",
                    )
                seen.setdefault(record_id, (record, key))

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
        for book in self.loaded.books:
            for chapter in book.chapters:
                origin = self.loaded.where(chapter)
                if site is not None:
                    self.bands(site, origin, chapter.age_bands)
                seen: set[str] = set()
                for s_index, section in enumerate(chapter.sections):
                    at = origin.child("sections", s_index)
                    if site is not None:
                        self.bands(site, at, section.age_bands)
                    if section.id in seen:
                        self.problem(
                            at.child("id"),
                            f"小节编号 “{section.id}” 在本章重复",
                            "同一章里小节编号不能相同",
                        )
                    seen.add(section.id)
                    if section.id == chapter.id:
                        self.problem(
                            at.child("id"),
                            f"小节编号 “{section.id}” 与本章编号相同",
                            "网页上章标题和小节标题会用同一个锚点 #"
                            f"{section.id}：请给小节换一个编号",
                        )
                    self.cited(at, section.sources)
                    for b_index, block in enumerate(section.blocks):
                        if block.alert is not None:
                            self.alert(at.child("blocks", b_index, "alert"), block.alert)
                        if block.schedule is not None:
                            self.schedule_given(at.child("blocks", b_index), block.schedule)
                        if block.ages is not None:
                            self.milestone_ages(at.child("blocks", b_index), block.ages)

    @cached_property
    def source_ids(self) -> set[str]:
        return {source.id for source in self.loaded.sources}

    @cached_property
    def register(self) -> dict[str, Symptom]:
        """The symptom register by id (read once, not once per urgency box)."""
        return {symptom.id: symptom for symptom in self.loaded.symptoms}

    def cited(self, origin: Origin, sources: Sequence[str]) -> None:
        """Each source id names a document of ``content/sources/``."""
        if "sources" in self.loaded.unreadable:
            return
        known = self.source_ids
        for index, source_id in enumerate(sources):
            if source_id not in known:
                self.unknown(origin.child("sources", index), "资料来源", source_id, known)

    def symptoms(self) -> None:
        """Each symptom cites known sources, and no two say the same thing."""
        worded: dict[str, Symptom] = {}
        for symptom in self.loaded.symptoms:
            origin = self.loaded.where(symptom)
            self.cited(origin, symptom.sources)
            wording = "".join(symptom.text.split())
            first = worded.setdefault(wording, symptom)
            if first is not symptom:
                self.problem(
                    origin.child("text"),
                    f"症状 “{symptom.id}” 与 “{first.id}”（{self.shown(first)}）写法相同",
                    "同一个症状只在症状表里写一次：删除其中一个，提示框里改用留下的编号",
                )

    def alert(self, origin: Origin, alert: Alert) -> None:
        """An urgency box names known symptoms, each of the box's own level."""
        register = self.register
        for index, symptom_id in enumerate(alert.symptoms):
            symptom = register.get(symptom_id)
            if symptom is None:
                if "symptoms" not in self.loaded.unreadable:
                    self.unknown(origin.child("symptoms", index), "症状", symptom_id, register)
                continue
            if symptom.level != alert.level:
                self.problem(
                    origin.child("symptoms", index),
                    f"症状 “{symptom_id}” 在症状表里是 {symptom.level}（{self.shown(symptom)}），"
                    f"这个提示框是 {alert.level}",
                    f"同一症状只能有一个紧急程度：把它移到 level: {symptom.level} 的提示框里，"
                    "或者（核对资料来源后）在症状表里改它的级别",
                )

    def schedule_given(self, origin: Origin, name: str) -> None:
        """A ``schedule:`` block needs ``content/schedules/<name>.yml``."""
        given = {
            "immunisation": self.loaded.immunisation,
            "checkups": self.loaded.checkups,
            "warning-signs": self.loaded.warning_signs,
            "milestones": self.loaded.milestones,
        }
        if given[name] is None and f"schedules/{name}" not in self.loaded.unreadable:
            self.problem(
                origin.child("schedule"),
                f"这里要显示 content/schedules/{name}.yml 的表，但没有这个文件",
                "请添加这个文件（参考示例内容），或删除这个块",
            )

    def milestone_ages(self, origin: Origin, ages: Sequence[Age]) -> None:
        """A milestone table shows ages that ``milestones.yml`` has."""
        milestones = self.loaded.milestones
        if milestones is None:
            return  # reported by schedule_given, or the file is broken
        known = {row.age.months: row.age for row in milestones.ages}
        for index, age in enumerate(ages):
            if age.months not in known:
                self.problem(
                    origin.child("ages", index),
                    f"content/schedules/milestones.yml 里没有 {age} 这个月龄",
                    "请写那里已有的月龄：" + "、".join(str(a) for a in known.values()),
                )

    def warning_signs(self) -> None:
        """The warning signs lead to a register symptom."""
        signs = self.loaded.warning_signs
        if signs is None or "symptoms" in self.loaded.unreadable:
            return
        known = self.register.keys()
        if signs.symptom not in known:
            self.unknown(self.loaded.where(signs).child("symptom"), "症状", signs.symptom, known)

    def shown(self, record: Any) -> str:
        return where(self.loaded.where(record), self.root)

    def unknown(self, origin: Origin, what: str, value: str, known: Iterable[str]) -> None:
        if value in self.loaded.broken_ids:
            return  # its own file already has an error
        close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
        hint = f"最接近的编号：{'、'.join(close)}" if close else f"请使用已有的{what}编号"
        self.problem(origin, f"找不到{what} “{value}”", hint)

    def problem(self, origin: Origin, message: str, hint: str) -> None:
        self.problems.add(Problem(origin, message, hint))
