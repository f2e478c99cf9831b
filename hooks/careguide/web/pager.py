"""Long lists split into pages (no phone should load every class of a province at once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Page ``number`` of ``count``, and the addresses of its neighbours (for ``link()``); the
    template macro ``pager`` in ``pages/_html.html.j2`` shows it."""

    number: int
    count: int
    total: int
    """Items in the whole list."""
    previous: str | None
    next: str | None


def paginate(
    items: Sequence[T], size: int, address: Callable[[int], str]
) -> Iterator[tuple[str, Sequence[T], Pager]]:
    """Each page of ``items``: its address (``address(number)``), its items and its pager.

    An empty list still has one (empty) page.
    """
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        pager = Pager(
            number,
            count,
            len(items),
            previous=address(number - 1) if number > 1 else None,
            next=address(number + 1) if number < count else None,
        )
        yield address(number), items[(number - 1) * size : number * size], pager


def numbered(title: str, number: int) -> str:
    """The title of page ``number`` of a list: the first page has the plain title."""
    return title if number == 1 else f"{title}（第 {number} 页）"
