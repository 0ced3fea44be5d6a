"""The chronology: events and the dates claims were made, in one honest time order.

Entries are sorted by the earliest day they could have happened, then by precision, then by
id, so the order never depends on file order. They are grouped by month, or by year where a
year has too few entries for months to help. The overview axis is laid out here, at build
time, as plain numbers for an SVG template: an uncertain or partial date is drawn as the
span of days it could be, never as a point that would claim more than is known. Where the
reports date a disputed event differently, each dated account gets a mark of its own, so the
dates are seen side by side. An event no report dates comes last, under "Date unknown", and
is not on the axis.
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass
from collections import Counter
from itertools import groupby
from types import MappingProxyType
from typing import Any, Mapping, Optional, Union

from ..model.catalog import Catalog
from ..model.dates import MONTHS, DateSpan, PartialDate
from ..model.schema import Account, Claim, Event, Rating, Source

SHORT_LABEL_OUTLET_CHARS = 60  # an outlet's name past this is clipped in a label
SHORT_LABEL_TITLE_CHARS = 40  # headline words added when two labels would read the same
SPARSE_YEAR = 4  # a year with this many entries or fewer is one group, not one per month
APPROXIMATE_DAYS = 3  # "2021-04-02~" is drawn as the week around it
UNDATED_HEADING, UNDATED_ANCHOR = "Date unknown", "date-unknown"


@dataclass(frozen=True)
class SourceLabel:
    """A source as the chronology names it: 'AzerNews, 13 Apr 2021', the headline kept for
    the link's title and the source's page."""

    source: Source
    label: str


@dataclass(frozen=True)
class Entry:
    """One line of the chronology: an event, or the day a claim was made. An event's sources
    and accounts come labelled (only in ``entries``, the chronology page's list)."""

    kind: str  # "event" or "claim"
    id: str
    date: Optional[DateSpan]  # None: an event no report dates
    item: Union[Event, Claim]
    rating: Optional[Rating] = None
    sources: tuple[SourceLabel, ...] = ()
    accounts: tuple[tuple[SourceLabel, Account], ...] = ()
    claims: tuple[tuple[Claim, Rating], ...] = ()  # an event's claims, with their verdicts
    url: str = ""  # where the entry is: its chronology page and #anchor (chronology_pages.py)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}"

    @property
    def sort_key(self) -> tuple:
        """By date; entries of unknown date last (the 0/1 keeps them from being compared)."""
        if self.date is None:
            return (1, (), self.id, self.kind)
        return (0, self.date.sort_key, self.id, self.kind)

    def account_anchor(self, number: int) -> str:
        """The id of the entry's account ``number`` (from 1), which its mark links to."""
        return f"{self.anchor}-account-{number}"


@dataclass(frozen=True)
class Group:
    heading: str
    anchor: str
    entries: list[Entry]
    undated: bool = False  # the events no report dates, listed last and off the axis


def entries(catalog: Catalog) -> list[Entry]:
    """Every event and every dated claim, in chronological order."""
    found = [_event_entry(e, catalog) for e in catalog.events.values()]
    found += [Entry("claim", c.id, DateSpan(c.date), c, catalog.ratings[c.rating])
              for c in catalog.claims.values() if c.date]
    return sorted(found, key=lambda entry: entry.sort_key)


def _event_entry(event: Event, catalog: Catalog) -> Entry:
    """An event with short labels for its sources, one set for its list and its accounts."""
    ids = dict.fromkeys([*event.sources, *(account.source for account in event.accounts)])
    labels = dict(zip(ids, short_labels([catalog.sources[i] for i in ids])))
    return Entry("event", event.id, event.date, event,
                 sources=tuple(labels[i] for i in dict.fromkeys(event.sources)),
                 accounts=tuple((labels[a.source], a) for a in event.accounts),
                 claims=tuple((catalog.claims[c], catalog.ratings[catalog.claims[c].rating])
                              for c in event.claims))


def short_date(date: Optional[PartialDate]) -> str:
    """'13 Apr 2021', 'Apr 2021', '2021'; 'c. 13 Apr 2021' approximate, '13 Apr 2021?'
    uncertain; 'date unknown'."""
    if date is None:
        return "date unknown"
    text = " ".join(str(part) for part in (date.day, MONTHS[date.month or 0][:3], date.year)
                    if part)
    return f"c. {text}" if date.approximate else f"{text}?" if date.uncertain else text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def short_labels(sources: list[Source]) -> list[SourceLabel]:
    """'Outlet, date' for each source; where two would read the same, the start of each
    headline is added, so every label in one list names one source (a description of an
    untitled report in square brackets, as everywhere)."""
    plain = [f"{_clip(s.publisher or 'unknown outlet', SHORT_LABEL_OUTLET_CHARS)}, "
             f"{short_date(s.published)}" for s in sources]
    seen = Counter(plain)
    return [SourceLabel(source, label if seen[label] == 1 else
                        f"{label}: {_short_title(source)}")
            for source, label in zip(sources, plain)]


def _short_title(source: Source) -> str:
    title = _clip(source.title, SHORT_LABEL_TITLE_CHARS)
    return f"[{title}]" if source.title_is_description else title


def claim_context(claim: Claim, catalog: Catalog,
                  located: Mapping[str, str] = MappingProxyType({})) -> list[Entry]:
    """A claim's own short timeline: the events linked to it, and the day it was made, each
    with its URL in the chronology from ``located`` (by anchor), which may be a year page."""
    found = [Entry("event", e.id, e.date, e, url=located.get(f"event-{e.id}", ""))
             for e in catalog.events_of_claim.get(claim.id, [])]
    if claim.date:
        found.append(Entry("claim", claim.id, DateSpan(claim.date), claim,
                           catalog.ratings[claim.rating],
                           url=located.get(f"claim-{claim.id}", "")))
    return sorted(found, key=lambda entry: entry.sort_key)


def groups(ordered: list[Entry]) -> list[Group]:
    """By month; a sparse year, or a date known only to the year, goes under the year;
    entries of unknown date in a last group of their own."""
    unknown = [entry for entry in ordered if entry.date is None]
    result = _dated_groups([entry for entry in ordered if entry.date is not None])
    if unknown:
        result.append(Group(UNDATED_HEADING, UNDATED_ANCHOR, unknown, undated=True))
    return result


def dated(entry: Entry) -> DateSpan:
    """The date of an entry known to have one (the undated are set apart before)."""
    if entry.date is None:
        raise ValueError(f"{entry.anchor} has no date")
    return entry.date


def _dated_groups(ordered: list[Entry]) -> list[Group]:
    per_year = {year: list(items) for year, items in
                groupby(ordered, key=lambda e: dated(e).start.year)}
    result: list[Group] = []
    for year, items in per_year.items():
        if len(items) <= SPARSE_YEAR:
            result.append(Group(str(year), f"y{year}", items))
            continue
        by_month: dict[Optional[int], list[Entry]] = {}
        for entry in items:  # not groupby: a year-only date sorts among January's days
            by_month.setdefault(dated(entry).start.month, []).append(entry)
        for month, in_month in by_month.items():
            if month is None:
                result.append(Group(f"{year}, month not known", f"y{year}", in_month))
            else:
                result.append(Group(f"{MONTHS[month]} {year}", f"m{year}-{month:02d}",
                                    in_month))
    return result


def day_range(date: DateSpan) -> tuple[datetime.date, datetime.date]:
    """The first and last day the entry could cover, widened when it is approximate."""
    first, last = date.start, date.end or date.start
    start, end = datetime.date(*first.earliest), datetime.date(*last.latest)
    widen = datetime.timedelta(days=APPROXIMATE_DAYS)
    if first.approximate and first.precision == "day":
        start -= widen
    if last.approximate and last.precision == "day":
        end += widen
    return start, end


def is_point(date: DateSpan) -> bool:
    """Only an exact, single day is drawn as a point."""
    return date.end is None and date.start.precision == "day" and not (
        date.start.approximate or date.start.uncertain)


@dataclass(frozen=True)
class Mark:
    entry: Entry
    x: float
    width: float
    lane: int
    point: bool
    runs_on: bool = False  # the span goes on past the axis's end (a year-only date)
    account: int = 0  # the number (from 1) of the entry's account this mark dates; 0: none

    @property
    def kind(self) -> str:
        """'event', 'claim' or 'account' (the date one report gives a disputed event)."""
        return "account" if self.account else self.entry.kind

    @property
    def anchor(self) -> str:
        return self.entry.account_anchor(self.account) if self.account else self.entry.anchor

    @property
    def date(self) -> Optional[DateSpan]:
        """What the mark draws: the account's date, or the entry's (never None on the axis)."""
        if self.account:
            return self.entry.accounts[self.account - 1][1].date
        return self.entry.date

    @property
    def source_label(self) -> Optional[SourceLabel]:
        """The report whose account this mark dates, for its text equivalent."""
        return self.entry.accounts[self.account - 1][0] if self.account else None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Overview:
    width: int
    lanes: int
    marks: list[Mark]
    ticks: list[Tick]


def overview(ordered: list[Entry], width: int = 960) -> Optional[Overview]:
    """Marks on a linear day axis, stacked into lanes so none overlaps another.

    The axis spans the entries known at least to the month; a date known only to the year
    is drawn to the edge of the axis rather than stretching it over empty months. Entries of
    unknown date are left out; each dated account of an event gets a mark after the event's."""
    items = _dated(ordered)
    if not items:
        return None
    ranges = [day_range(date) for _, _, date in items]
    bounding = [r for (_, _, date), r in zip(items, ranges)
                if date.start.precision != "year"] or ranges
    first = min(start for start, _ in bounding)
    last = max(end for _, end in bounding)
    scale = width / max(1, (last - first).days + 1)
    placed = []
    for start, end in ranges:
        x = max(0.0, (start - first).days * scale)
        reach = ((end - first).days + 1) * scale
        placed.append((x, max(6.0, min(width, reach) - x), reach))
    lanes, count = pack_lanes([(x, x + span) for x, span, _ in placed])
    marks = [Mark(entry, round(x, 1), round(span, 1), lane, is_point(date),
                  runs_on=reach > width + 1, account=account)
             for (entry, account, date), (x, span, reach), lane in zip(items, placed, lanes)]
    return Overview(width, count, marks, _month_ticks(first, last, scale))


def pack_lanes(spans: list[tuple[float, float]], gap: float = 4) -> tuple[list[int], int]:
    """The lane of each (x, end) span, in order, and the number of lanes: each span takes
    the lowest-numbered lane free at its x (ended at least ``gap`` before it), so none
    overlaps another. Heaps of busy lanes (by end) and of free lanes (by number) make it
    O(n log n) for spans in increasing x, as the chronology's nearly always are (a scan of
    every lane per mark took seconds at 10,000 claims). A span that starts before an earlier
    one (an account's date) may meet free-listed lanes that are busy at its x: those are
    skipped and kept, so the result is always the first fit."""
    busy: list[tuple[float, int]] = []  # (end, lane) of lanes in use at the last x
    free: list[int] = []
    ends: list[float] = []
    lanes = []
    for x, end in spans:
        while busy and busy[0][0] + gap <= x:
            heapq.heappush(free, heapq.heappop(busy)[1])
        skipped = []
        while free and ends[free[0]] + gap > x:
            skipped.append(heapq.heappop(free))
        lane = heapq.heappop(free) if free else len(ends)
        for kept in skipped:
            heapq.heappush(free, kept)
        if lane == len(ends):
            ends.append(end)
        ends[lane] = end
        heapq.heappush(busy, (end, lane))
        lanes.append(lane)
    return lanes, len(ends)


def _dated(ordered: list[Entry]) -> list[tuple[Entry, int, DateSpan]]:
    """(entry, account number or 0, date) of everything the axis draws, in order."""
    items = []
    for entry in ordered:
        if entry.date is None:
            continue
        items.append((entry, 0, entry.date))
        items.extend((entry, number, account.date)
                     for number, (_, account) in enumerate(entry.accounts, 1) if account.date)
    return items


def _month_ticks(first: datetime.date, last: datetime.date, scale: float,
                 min_gap: float = 40) -> list[Tick]:
    """A tick at each month start on the axis; the year is named at January and first."""
    ticks: list[Tick] = []
    month = datetime.date(first.year, first.month, 1)
    if month < first:  # a tick at the axis start would mislabel a day mid-month
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    while month <= last:
        x = (month - first).days * scale
        if not ticks or x - ticks[-1].x >= min_gap:
            label = MONTHS[month.month][:3]
            if month.month == 1 or not ticks:
                label += f" {month.year}"
            ticks.append(Tick(round(x, 1), label))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return ticks


def timeline_date(date: PartialDate) -> dict:
    """A TimelineJS date object: only the parts that are known."""
    parts = {"year": date.year, "month": date.month, "day": date.day}
    result: dict[str, Any] = {key: value for key, value in parts.items() if value is not None}
    result["display_date"] = date.human()
    return result
