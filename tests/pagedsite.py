"""A fixture site big enough to paginate: 25 claims over two years, page sizes of 10 (its
pelicanconf.py sets both), events in each year and one undated, for the pagination tests and
the readers' checks of the paginated page types."""

from __future__ import annotations

from pathlib import Path

from conftest import PELICANCONF, VALID_ANALYSIS, VALID_YAML, write_site

CLAIMS = 25
PAGE_SIZES = "\nFACTCHECK_LIST_PAGE_SIZE = 10\nFACTCHECK_CHRONOLOGY_PAGE_SIZE = 10\n"
CLAIMANT, CLAIMANT_SLUG = "Pat Paged", "pat-paged"


def _claim(number: int) -> str:
    """Claims 0-11 made in 2020, 12-24 in 2021, all by one claimant (three pages); the even
    ones tagged 'sky' (13 claims: two pages), the odd ones 'sea' (12: two pages)."""
    year, month = (2020, 1 + number % 12) if number < 12 else (2021, 1 + number % 12)
    return f"""\
  - id: claim-{number:02d}
    claim: Paged claim number {number}.
    claimant: {CLAIMANT}
    date: {year}-{month:02d}
    said_in: report-a
    rating: {("incorrect", "correct", "unproven")[number % 3]}
    summary: Report A settles claim {number}.
    tags: [{"sky" if number % 2 == 0 else "sea"}]
    published: 2026-01-{1 + number:02d}
"""


EVENTS = """\
events:
  - id: war
    date: 2020-09-27/2020-11-10
    title: The war
    sources: [report-a]
    claims: [claim-00]
  - id: find
    date: 2021-03-02
    title: The find
    sources: [report-a, report-b]
    claims: [claim-00, claim-20]
    accounts:
      - {source: report-a, says: Two missiles, date: 2021-03-02}
      - {source: report-b, says: One missile, date: 2021-04}
  - id: denial
    date: null
    title: A later denial no report dates
    sources: [report-b]
    claims: [claim-00]
"""


def paged_yaml() -> str:
    head, _, _ = VALID_YAML.partition("claims:\n")
    return head + "claims:\n" + "".join(_claim(n) for n in range(CLAIMS)) + EVENTS


def paged_site(root: Path, settings: str = PELICANCONF + PAGE_SIZES) -> Path:
    analyses = {f"claim-{n:02d}": VALID_ANALYSIS for n in range(CLAIMS)}
    return write_site(root, paged_yaml(), analyses, extra={"pelicanconf.py": settings})
