"""The chronology as pages: one page while it is small, one page per year once it has more
than FACTCHECK_CHRONOLOGY_PAGE_SIZE entries.

At 10,000 claims a single chronology page was 8.9 MB with an overview of 1,715 lanes: too much
for a phone to load, and for anyone to read. Split, each year has a page of its own with the
overview axis of its own entries (``chronology/2021/``), and ``chronology/`` becomes an index
of the years with their counts and the events no report dates (they belong to no year).

Every entry learns here the URL of the page it is on, with its anchor (``Entry.url``), so a
claim page's "In context" links, search results and the open data's ``page_url`` reach the
right year page instead of assuming one page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from ..settings import Urls
from .chronology import Entry, dated


@dataclass(frozen=True)
class YearPage:
    """One year's page of a split chronology: its entries (each with its URL) in order."""

    year: int
    url: str
    entries: list[Entry]


@dataclass(frozen=True)
class ChronologyPages:
    """Where every entry of the chronology is listed."""

    url: str  # the chronology's own page: everything, or the index of the years
    entries: list[Entry]  # every entry in order, each with its URL
    years: list[YearPage]  # empty while the chronology is one page

    @property
    def undated(self) -> list[Entry]:
        """The events no report dates: on the chronology's own page, split or not."""
        return [entry for entry in self.entries if entry.date is None]

    def entry_urls(self) -> dict[str, str]:
        """Each entry's URL by its anchor ('event-ID', 'claim-ID')."""
        return {entry.anchor: entry.url for entry in self.entries}


def chronology_pages(ordered: list[Entry], urls: Urls, page_size: int) -> ChronologyPages:
    """One page for up to ``page_size`` entries, else one page per year (the year an entry
    starts in: the chronology's own grouping) and an index; ``ordered`` as
    ``chronology.entries`` gives them."""
    index = urls.url("chronology")
    if len(ordered) <= page_size:
        return ChronologyPages(index, [replace(e, url=f"{index}#{e.anchor}") for e in ordered],
                               [])
    years = []
    for year, items in groupby([e for e in ordered if e.date is not None],
                               key=lambda entry: dated(entry).start.year):
        url = urls.url("chronology_year", str(year))
        years.append(YearPage(year, url, [replace(e, url=f"{url}#{e.anchor}") for e in items]))
    undated = [replace(e, url=f"{index}#{e.anchor}") for e in ordered if e.date is None]
    return ChronologyPages(index, [e for page in years for e in page.entries] + undated, years)
