#!/usr/bin/env python3
"""Print how long the chronology overview takes to lay out, for synthetic chronologies.

Not a test: it prints figures to compare across changes (issue 12: the lane packing was
O(marks x lanes), 1,715 lanes at 10,000 claims). The entries mimic bench/build_bench.py's
synthetic sites: claims dated to the month, events to the day, all in one year, so the
lanes pile up the way they do on a real large site. Usage:

    .venv/bin/python bench/chronology_bench.py            # 1,000 and 10,000 entries
    .venv/bin/python bench/chronology_bench.py 20000      # one size
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from factcheck.model.dates import DateSpan  # noqa: E402
from factcheck.render import chronology  # noqa: E402
from factcheck.render.chronology import Entry  # noqa: E402


def synthetic_entries(count: int) -> list[Entry]:
    """One event per five claims, as bench/build_bench.py writes them; the overview reads
    only dates and accounts, so the entries carry no item."""
    found = []
    for n in range(count):
        if n % 6 == 5:
            date = DateSpan.parse(f"2021-{1 + n % 12:02d}-{1 + n % 28:02d}")
            found.append(Entry("event", f"event-{n}", date, None))  # type: ignore[arg-type]
        else:
            found.append(Entry("claim", f"claim-{n}", DateSpan.parse(f"2021-{1 + n % 12:02d}"),
                               None))  # type: ignore[arg-type]
    return sorted(found, key=lambda entry: entry.sort_key)


def measure(count: int, rounds: int = 3) -> None:
    ordered = synthetic_entries(count)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        laid_out = chronology.overview(ordered)
        times.append(time.perf_counter() - start)
    assert laid_out is not None
    print(f"{count:>7,} entries: overview {statistics.median(times) * 1000:9.1f} ms "
          f"(median of {rounds}), {len(laid_out.marks):,} marks in {laid_out.lanes:,} lanes")


def main(argv: list[str]) -> None:
    for count in [int(arg) for arg in argv] or [1_000, 10_000]:
        measure(count)


if __name__ == "__main__":
    main(sys.argv[1:])
