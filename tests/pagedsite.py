"""A fixture site big enough to paginate: 25 claims over two years, lists in pages of 10 and
a chronology of 27 entries at 20 a page (its pelicanconf.py sets both: a page per year, each
year fitting on its page), events in each year and one undated, for the pagination tests and
the readers' checks of the paginated page types. ``month_site`` is a year too crowded for one
page: its chronology is split by month as well."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import build
from conftest import PELICANCONF, VALID_ANALYSIS, VALID_YAML, write_site
from factcheck.search.shards import read_search_folder

CLAIMS = 25
PAGE_SIZES = "\nFACTCHECK_LIST_PAGE_SIZE = 10\nFACTCHECK_CHRONOLOGY_PAGE_SIZE = 20\n"
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


# --- a year too crowded for one page: the chronology by month (tests/test_chronology_months.py)

MONTH_PAGE_SIZE = "\nFACTCHECK_CHRONOLOGY_PAGE_SIZE = 5\n"
# Claim id -> date: 2021 has 4 entries in January, 6 in March (the find among them: more than
# a page, still one page), 4 in April and 2 dated only to the year (a claim here, an event
# below); 2020 has one entry, so its page stays an ordinary year page.
MONTH_CLAIMS = {
    **{f"jan-{n}": f"2021-01-{10 + n:02d}" for n in range(1, 5)},
    **{f"mar-{n}": f"2021-03-{10 + n:02d}" for n in range(1, 6)},
    **{f"apr-{n}": "2021-04~" if n == 1 else f"2021-04-{10 + n:02d}" for n in range(1, 5)},
    "year-only": "2021",
    "early": "2020-06",
}
MONTH_EVENTS = """\
events:
  - id: find
    date: 2021-03-02
    title: The find
    sources: [report-a, report-b]
    claims: [mar-1]
    accounts:
      - {source: report-a, says: Two missiles, date: 2021-03-02}
      - {source: report-b, says: One missile, date: 2021-04}
  - id: vague
    date: 2021~
    title: Something in about 2021
    sources: [report-a]
    claims: [mar-1]
  - id: denial
    date: null
    title: A later denial no report dates
    sources: [report-b]
    claims: [mar-1]
"""


def _month_claim(claim_id: str, date: str) -> str:
    return f"""\
  - id: {claim_id}
    claim: Claim {claim_id} of the crowded year.
    claimant: {CLAIMANT}
    date: "{date}"
    said_in: report-a
    rating: correct
    summary: Report A settles claim {claim_id}.
    tags: [sky]
    published: 2026-01-01
"""


def month_site(root: Path, settings: str = PELICANCONF + MONTH_PAGE_SIZE) -> Path:
    """A chronology of 18 entries at 5 a page: 2021 (16 entries) by month, 2020 one page."""
    head, _, _ = VALID_YAML.partition("claims:\n")
    yaml_text = head + "claims:\n" + "".join(
        _month_claim(claim_id, date) for claim_id, date in MONTH_CLAIMS.items()) + MONTH_EVENTS
    analyses = {claim_id: VALID_ANALYSIS for claim_id in MONTH_CLAIMS}
    return write_site(root, yaml_text, analyses, extra={"pelicanconf.py": settings})


# --- what the pagination and month tests read back from a build ---------------------------

def event_urls(output: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each event's URL as search results give it (by title) and as the open data's
    page_url gives it (by id): both must name the page that lists the event."""
    _, docs = read_search_folder(output / "search")
    data = json.loads((output / "data/claims.json").read_text(encoding="utf-8"))
    return ({d["title"]: d["url"] for d in docs if d["kind"] == "event"},
            {e["id"]: e["page_url"] for e in data["events"]})


def sitemap_and_pages(root: Path, output: Path, site_url: str) -> tuple[set[str], set[str]]:
    """Build ``root`` into ``output``; the folders its sitemap lists and those the build
    wrote an index.html into (but search/, which is kept out of the sitemap)."""
    assert build.main(["build", "--root", str(root), "-o", str(output)]) == 0
    tree = ET.parse(output / "sitemap.xml")
    listed = {(loc.text or "").removeprefix(site_url + "/") for loc in
              tree.getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    written = {str(p.parent.relative_to(output)) + "/" for p in output.rglob("index.html")}
    return listed, {"" if w == "./" else w for w in written} - {"search/"}
