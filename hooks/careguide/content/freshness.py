"""How fresh the content is, against the build date.

Health texts (sections, the symptom register, the schedules) carry the date they were
``reviewed`` against their sources, and centres the date their details were ``checked``. A date
after the build is a typo, and an error. A review over a year old, or a centre checked over six
months ago, is still published, but the build and ``careguide check`` remind the editors with
the file and line (``--strict`` makes the reminders errors).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from careguide.content.loader import Loaded
from careguide.errors import Origin, Problem

REVIEW_MONTHS = 12
"""A health text is due for a new review this many months after the last one."""
CHECK_MONTHS = 6
"""A centre's address, phone and hours are due for a new check this many months after the last."""


def _dated(loaded: Loaded) -> Iterator[tuple[Origin, date, str, str, int]]:
    """Every date of review or check: where it is, the date, what it dates, the field name and
    after how many months it is due again."""
    for book in loaded.books:
        for chapter in book.chapters:
            origin = loaded.where(chapter)
            for index, section in enumerate(chapter.sections):
                at = origin.child("sections", index, "reviewed")
                yield at, section.reviewed, f"小节 “{section.title}”", "reviewed", REVIEW_MONTHS
    for symptom in loaded.symptoms:
        at = loaded.where(symptom).child("reviewed")
        yield at, symptom.reviewed, f"症状 “{symptom.text}”", "reviewed", REVIEW_MONTHS
    for schedule in loaded.schedules():
        at = loaded.where(schedule).child("reviewed")
        yield at, schedule.reviewed, f"《{schedule.title}》", "reviewed", REVIEW_MONTHS
    for centre in loaded.centres:
        at = loaded.where(centre).child("checked")
        yield at, centre.checked, f"指导中心 “{centre.name}”", "checked", CHECK_MONTHS


def future_dates(loaded: Loaded, today: date) -> Iterator[Problem]:
    """A review or check dated after the build: an error."""
    for at, day, what, key, _months in _dated(loaded):
        if day > today:
            yield Problem(
                at,
                f"{what}的{_DONE[key]}日期 {day.isoformat()} 在今天之后",
                f"{key} 写实际{_DONE[key]}的那一天，不能写将来的日期",
            )


def stale_dates(loaded: Loaded, today: date) -> Iterator[Problem]:
    """A review over a year old or a centre check over six months old: a reminder."""
    for at, day, what, key, months in _dated(loaded):
        if _months_later(day, months) < today:
            yield Problem(
                at,
                f"{what}上次{_DONE[key]}是 {day.isoformat()}，已超过{_span(months)}",
                _REDO[key],
            )


_DONE = {"reviewed": "审核", "checked": "核对"}
_REDO = {
    "reviewed": "请对照来源重新核对内容，再把 reviewed 改成核对的日期",
    "checked": "请向指导中心确认地址、电话和开放时间，再把 checked 改成确认的日期",
}


def _span(months: int) -> str:
    return "一年" if months == 12 else f" {months} 个月"


def _months_later(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when that day does not exist."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
