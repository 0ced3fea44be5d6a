"""The chronology as pages: one page while it is small, one page per year once it has more
than FACTCHECK_CHRONOLOGY_PAGE_SIZE entries, and one page per month of a year that alone has
more than that.

At 10,000 claims a single chronology page was 8.9 MB with an overview of 1,715 lanes: too much
for a phone to load, and for anyone to read. Split, each year has a page of its own with the
overview axis of its own entries (``chronology/2021/``), and ``chronology/`` becomes an index
of the years with their counts and the events no report dates (they belong to no year).
When one year holds most entries (the 10,000-claim benchmark has all of them in 2021), its
page was still 9.2 MB: such a year's page becomes in turn an index of its months with their
counts (each month's page, ``chronology/2021/03/``, has the overview of that month only) and
lists the entries dated only to the year ("2021", "2021~"), which belong to no month.

Every entry learns here the URL of the page it is on, with its anchor (``Entry.url``), so a
claim page's "In context" links, search results and the open data's ``page_url`` reach the
right year or month page instead of assuming one page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import groupby

from ..model.dates import MONTHS
from ..settings import Urls
from .chronology import Entry, Group, dated


@dataclass(frozen=True)
class MonthPage:
    """One month's page of a crowded year: the entries that start in that month, in order.

    A month that alone has more entries than the page size still stays one page: a split by
    week is not made (at 10,000 claims in one year a month is about 830 entries, a twelfth
    of the year's page)."""

    year: int
    month: int
    url: str
    entries: list[Entry]

    @property
    def heading(self) -> str:
        return f"{MONTHS[self.month]} {self.year}"

    @property
    def groups(self) -> list[Group]:
        """The page's one period, named by its month even when it has few entries (the
        chronology's own grouping would name a sparse year instead)."""
        return [Group(self.heading, f"m{self.year}-{self.month:02d}", self.entries)]


@dataclass(frozen=True)
class YearPage:
    """One year's page of a split chronology: its entries (each with its URL) in order, and
    its months once the year alone has more entries than the page size."""

    year: int
    url: str
    entries: list[Entry]
    months: list[MonthPage] = field(default_factory=list)  # empty: the year is one page

    @property
    def month_unknown(self) -> list[Entry]:
        """On a year split by month, the entries dated only to the year ("2021", "2021~"):
        they belong to no month, so the year's own page lists them, after its months."""
        return [e for e in self.entries if dated(e).start.month is None] if self.months else []

    @property
    def month_unknown_groups(self) -> list[Group]:
        """The year page's own period, when it lists entries of no month."""
        found = self.month_unknown
        return [Group(f"{self.year}, month not known", f"y{self.year}", found)] if found else []


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

    def page_urls(self) -> list[str]:
        """Every year page and month page, each year's months after it (for the sitemap)."""
        return [url for year in self.years for url in (year.url, *(m.url for m in year.months))]


def chronology_pages(ordered: list[Entry], urls: Urls, page_size: int) -> ChronologyPages:
    """One page for up to ``page_size`` entries, else one page per year (the year an entry
    starts in: the chronology's own grouping) and an index; ``ordered`` as
    ``chronology.entries`` gives them."""
    index = urls.url("chronology")
    if len(ordered) <= page_size:
        return ChronologyPages(index, [replace(e, url=f"{index}#{e.anchor}") for e in ordered],
                               [])
    years = [year_page(year, list(items), urls, page_size) for year, items in
             groupby([e for e in ordered if e.date is not None],
                     key=lambda entry: dated(entry).start.year)]
    undated = [replace(e, url=f"{index}#{e.anchor}") for e in ordered if e.date is None]
    return ChronologyPages(index, [e for page in years for e in page.entries] + undated, years)


def year_page(year: int, items: list[Entry], urls: Urls, page_size: int) -> YearPage:
    """A year's page; past ``page_size`` entries, a page per month (the month an entry
    starts in) besides it, and the year's page keeps the entries of no month."""
    url = urls.url("chronology_year", str(year))
    if len(items) <= page_size:
        return YearPage(year, url, [replace(e, url=f"{url}#{e.anchor}") for e in items])
    month_urls = {month: urls.url("chronology_month", str(year), month)
                  for month in sorted({dated(e).start.month or 0 for e in items} - {0})}
    located = [replace(e, url=f"{month_urls.get(dated(e).start.month or 0, url)}#{e.anchor}")
               for e in items]
    months = [MonthPage(year, month, month_url,
                        [e for e in located if dated(e).start.month == month])
              for month, month_url in month_urls.items()]
    return YearPage(year, url, located, months)
