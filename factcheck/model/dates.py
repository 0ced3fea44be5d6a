"""Partial and uncertain dates, as fact-checkers actually know them.

A report often says "late March" or only "in February": forcing such a date into a full
``datetime.date`` would invent a day. ``PartialDate`` keeps exactly the precision given
(year, month or day) and two honest flags: ``~`` approximate and ``?`` uncertain.
``DateSpan`` is a single partial date or a ``start/end`` range of two.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Optional

DATE_SYNTAX = (
    "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate) "
    "or ? (uncertain)"
)
SPAN_SYNTAX = DATE_SYNTAX + ", or a range START/END of two such dates"

_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?]?)")
# Years a fact-check can be about; outside them dates cannot be drawn or compared sensibly
# (year 0 does not exist in Python's calendar; 9999-12-31 has no next day).
FIRST_YEAR, LAST_YEAR = 1000, 2999
# English month names, fixed: calendar.month_name and strftime("%B") follow the build
# machine's locale (Pelican sets it from LANG), so the same input would build differently.
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def human_date(value: datetime.date) -> str:
    """'5 March 2026', the same on every machine: a Jinja filter for full dates
    (strftime's ``%-d %B %Y`` depends on the locale and fails on Windows)."""
    return f"{value.day} {MONTHS[value.month]} {value.year}"


class DateSyntaxError(ValueError):
    """A date string that does not follow ``DATE_SYNTAX``."""


@dataclass(frozen=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: Optional[int] = None
    day: Optional[int] = None
    approximate: bool = False
    uncertain: bool = False

    @classmethod
    def parse(cls, text: object) -> "PartialDate":
        """Parse ``2021``, ``2021-03~`` or ``2021-04-02?``; raise DateSyntaxError otherwise."""
        match = _DATE_RE.fullmatch(str(text).strip())
        if not match:
            raise DateSyntaxError(f"'{text}' is not a date; expected {DATE_SYNTAX}")
        year, month, day, flag = match.groups()
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise DateSyntaxError(f"'{text}' has year {year}; expected a year from {FIRST_YEAR} "
                                  f"to {LAST_YEAR}")
        month_n = int(month) if month else None
        day_n = int(day) if day else None
        if month_n is not None and not 1 <= month_n <= 12:
            raise DateSyntaxError(f"'{text}' has month {month}; expected 01 to 12")
        if day_n is not None and month_n is not None and not (
                1 <= day_n <= calendar.monthrange(int(year), month_n)[1]):
            raise DateSyntaxError(
                f"'{text}' has day {day}, which {MONTHS[month_n]} {year} does not have"
            )
        return cls(int(year), month_n, day_n, flag == "~", flag == "?")

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year': how much of the date is known."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """The machine value for ``<time datetime>`` and JSON-LD: only the known parts."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def earliest(self) -> tuple[int, int, int]:
        """The first day this date could be, for deterministic ordering."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> tuple[int, int, int]:
        """The last day this date could be."""
        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def sort_key(self) -> tuple:
        """Earliest possible day first, then the more precise, then the more certain date."""
        return (self.earliest, ("day", "month", "year").index(self.precision),
                self.approximate + 2 * self.uncertain)

    def __str__(self) -> str:
        return self.iso + ("~" if self.approximate else "?" if self.uncertain else "")

    def plain(self) -> str:
        """The known parts in words: '2 April 2021', 'March 2021', '2021'."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    @property
    def qualifier(self) -> str:
        """', approximate', ', uncertain' or ''."""
        return ", approximate" if self.approximate else ", uncertain" if self.uncertain else ""

    def human(self) -> str:
        """How a reader sees it: '2 April 2021', 'March 2021, approximate'."""
        return self.plain() + self.qualifier


@dataclass(frozen=True)
class DateSpan:
    """One partial date, or a range from ``start`` to ``end`` (both partial)."""

    start: PartialDate
    end: Optional[PartialDate] = None

    @classmethod
    def parse(cls, text: object) -> "DateSpan":
        """Parse ``2021-04-02`` or ``2020-09-27/2020-11-10``."""
        raw = str(text).strip()
        if "/" not in raw:
            return cls(PartialDate.parse(raw))
        first, _, last = raw.partition("/")
        start, end = PartialDate.parse(first), PartialDate.parse(last)
        if end.latest < start.earliest:
            raise DateSyntaxError(f"'{text}' ends before it starts; expected START/END in order")
        return cls(start, end)

    @property
    def sort_key(self) -> tuple:
        return self.start.sort_key

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.end else str(self.start)

    def human(self) -> str:
        if not self.end:
            return self.start.human()
        return f"{self.start.human()} to {self.end.human()}"
