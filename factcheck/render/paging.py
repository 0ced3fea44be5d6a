"""Lists split into pages of FACTCHECK_LIST_PAGE_SIZE claims: the claims list, each claimant's
and each tag's page.

At 10,000 claims one page listing everything is megabytes a phone must load before it shows
anything; split, page 1 keeps the list's own URL (links to it stay right) and later pages have
URLs of their own (``claims/page/2/``), each linking to every other page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, Optional, TypeVar

Item = TypeVar("Item")


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a list: its items, its number (from 1) and the URL of every page."""

    items: list[Item]
    number: int
    urls: tuple[str, ...]  # page 1 first
    total: int  # items in the whole list
    size: int  # items per page (the last may have fewer)

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def previous_url(self) -> Optional[str]:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> Optional[str]:
        return self.urls[self.number] if self.number < self.count else None

    @property
    def first(self) -> int:
        """The place in the whole list of this page's first item, from 1 ("claims 11–20")."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.items)

    def links(self, around: int = 2) -> list[Optional[int]]:
        """The page numbers the navigation links: the first, the last and ``around`` on each
        side of this one, None where numbers are left out (100 links would bury the rest)."""
        shown = sorted({1, self.count, *range(max(1, self.number - around),
                                              min(self.count, self.number + around) + 1)})
        found: list[Optional[int]] = []
        for number in shown:
            if found and number - (found[-1] or 0) > 1:
                found.append(None)
            found.append(number)
        return found


def paginate(items: list[Item], size: int, url_of: Callable[[int], str]) -> list[Page[Item]]:
    """``items`` in pages of ``size`` (at least one page, though empty); ``url_of(number)``
    gives each page's URL."""
    count = max(1, -(-len(items) // size))
    urls = tuple(url_of(number) for number in range(1, count + 1))
    return [Page(items[(number - 1) * size:number * size], number, urls, len(items), size)
            for number in range(1, count + 1)]
