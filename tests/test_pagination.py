"""Pages that list everything stay usable on a large site (issue 12): the claims list, each
claimant's and each tag's page in pages of FACTCHECK_LIST_PAGE_SIZE, the chronology a page
per year past FACTCHECK_CHRONOLOGY_PAGE_SIZE entries, and the overview's lanes packed in
O(n log n) with the same result as the first-fit scan it replaced.

Real builds of a fixture site of 25 claims over two years with lists in pages of 10 and the
chronology at 20 entries a page (each year fits: no month pages, tests/test_chronology_months.py
has those); a small site (VALID_YAML) must come out as before. About 5 s (three builds).
"""

from __future__ import annotations

import posixpath
import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import PELICANCONF, build_site, production_settings, run, write_site
from factcheck.render.chronology import pack_lanes
from htmlcheck import broken_links, page
from pagedsite import (CLAIMANT, CLAIMANT_SLUG, CLAIMS, PAGE_SIZES, event_urls, paged_site,
                       sitemap_and_pages)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_site(paged_site(tmp_path_factory.mktemp("paged") / "site"))


def items(document) -> list[str]:
    return [a.get_text() for a in document.select("ol.claim-list .claim-text a")]


def pager_links(document) -> dict[str, str]:
    """Link text -> href of the page's 'Pages' navigation."""
    nav = document.find("nav", attrs={"aria-label": "Pages"})
    return {a.get_text(" ", strip=True): a["href"] for a in nav.find_all("a")}


def target(document_url: str, href: str) -> str:
    """The site-relative folder ('claims/page/2/') a relative link on the page at the folder
    ``document_url`` names (local builds link 'index.html' files)."""
    path = posixpath.normpath(posixpath.join(document_url, urlsplit(href).path))
    folder = path.removesuffix("index.html").rstrip("/")
    return "" if folder in ("", ".") else folder + "/"


# --- the claims list, claimant and tag pages ---------------------------------------------------

def test_claims_list_in_pages_of_ten_at_their_own_urls(out):
    pages = [page(out, url) for url in ("claims/", "claims/page/2/", "claims/page/3/")]
    assert [len(items(p)) for p in pages] == [10, 10, 5]
    assert not (out / "claims/page/4").exists() and not (out / "claims/page/1").exists()
    listed = [claim for p in pages for claim in items(p)]
    assert len(set(listed)) == CLAIMS  # every claim once, newest first across the pages
    assert [p.h1.get_text() for p in pages] == [
        f"All claims, page {n} of 3" for n in (1, 2, 3)]
    assert "page 2 of 3" in pages[1].title.get_text()


def test_pages_link_each_other_with_accessible_navigation(out):
    second = page(out, "claims/page/2/")
    nav = second.find("nav", attrs={"aria-label": "Pages"})
    current = nav.select('a[aria-current="page"]')
    assert [a.get_text(" ", strip=True) for a in current] == ["Page 2"]
    links = pager_links(second)
    assert target("claims/page/2/", links["Previous page"]) == "claims/"
    assert target("claims/page/2/", links["Next page"]) == "claims/page/3/"
    assert target("claims/page/2/", links["Page 1"]) == "claims/"
    assert nav.find("a", rel="prev") and nav.find("a", rel="next")
    first, last = pager_links(page(out, "claims/")), pager_links(page(out, "claims/page/3/"))
    assert "Previous page" not in first and "Next page" not in last


def test_claimant_and_tag_pages_paginated_with_the_whole_groups_tally(out):
    claimant = [page(out, f"claimants/{CLAIMANT_SLUG}/{rest}") for rest in ("", "page/2/",
                                                                           "page/3/")]
    assert [len(items(p)) for p in claimant] == [10, 10, 5]
    assert not (out / f"claimants/{CLAIMANT_SLUG}/page/4").exists()
    for number, document in enumerate(claimant, 1):
        assert document.h1.get_text() == f"{CLAIMANT}, page {number} of 3"
        counts = [int(c.get_text()) for c in document.select("ul.tally .tally-count")]
        assert sum(counts) == CLAIMS  # the tally is the whole group's on every page
    sky = [page(out, url) for url in ("tags/sky/", "tags/sky/page/2/")]
    assert [len(items(p)) for p in sky] == [10, 3]
    assert not (out / "tags/sky/page/3").exists()
    assert sum(int(c.get_text()) for c in sky[1].select("ul.tally .tally-count")) == 13
    assert target("tags/sky/page/2/", pager_links(sky[1])["Previous page"]) == "tags/sky/"


def test_no_broken_links_anywhere(out):
    assert broken_links(out, directories=False) == []


# --- the chronology by year ----------------------------------------------------------------

def test_chronology_index_lists_years_with_counts_and_the_undated(out):
    index = page(out, "chronology/")
    years = index.find("nav", attrs={"aria-label": "Years"})
    found = {a.get_text(): (target("chronology/", a["href"]),
                            a.find_next_sibling("span").get_text()) for a in years.find_all("a")}
    # 2020: 12 claims and the war; 2021: 13 claims and the find; one undated event
    assert found == {"2020": ("chronology/2020/", "(13)"), "2021": ("chronology/2021/", "(14)"),
                     "Date unknown": ("chronology/", "(1)")}
    assert index.find(id="event-denial") is not None
    assert index.select("figure.overview") == [] and index.select("ol.chronology li") != []
    assert len(index.select("ol.chronology > li")) == 1


def test_year_pages_have_their_own_entries_and_axis(out):
    for year, other in (("2020", "2021"), ("2021", "2020")):
        document = page(out, f"chronology/{year}/")
        assert document.h1.get_text() == f"Chronology: {year}"
        entries = document.select("ol.chronology > li")
        assert len(entries) == (13 if year == "2020" else 14)
        ticks = [t.get_text() for t in document.select("figure.overview text.tick-label")]
        assert ticks[0].endswith(year) and not any(other in tick for tick in ticks)
        ids = {e["id"] for e in document.find_all(id=True)}
        marks = [a["href"] for a in document.select("figure.overview svg a")]
        assert marks and all(href[1:] in ids for href in marks)  # every mark on this page
        current = document.select('nav[aria-label="Years"] a[aria-current="page"]')
        assert [a.get_text() for a in current] == [year]
    assert page(out, "chronology/2021/").find(id="event-find-account-2") is not None


def test_in_context_links_reach_the_right_year_page(out):
    claim = page(out, "claims/claim-00/")
    links = {a.get_text(): target("claims/claim-00/", a["href"]) + "#" + urlsplit(a["href"]).fragment
             for a in claim.select("ol.context a")}
    assert links == {"The war": "chronology/2020/#event-war",
                     "The find": "chronology/2021/#event-find",
                     "A later denial no report dates": "chronology/#event-denial"}


def test_search_and_open_data_link_events_on_their_year_page(out):
    in_search, in_data = event_urls(out)
    assert in_search == {"The war": "chronology/2020/index.html#event-war",
                         "The find": "chronology/2021/index.html#event-find",
                         "A later denial no report dates": "chronology/index.html#event-denial"}
    assert in_data == {
        "war": "chronology/2020/index.html#event-war",
        "find": "chronology/2021/index.html#event-find",
        "denial": "chronology/index.html#event-denial"}


def test_sitemap_lists_every_page(tmp_path):
    site_url = "https://checks.example.org/sub"
    root = paged_site(tmp_path / "site", production_settings(site_url) + PAGE_SIZES)
    listed, written = sitemap_and_pages(root, tmp_path / "output", site_url)
    assert listed == written
    assert {"claims/page/3/", f"claimants/{CLAIMANT_SLUG}/page/3/", "tags/sea/page/2/",
            "chronology/2020/", "chronology/2021/"} <= listed


# --- a small site is unchanged -------------------------------------------------------------

def test_a_small_site_is_one_page_of_each(tmp_path):
    output = build_site(write_site(tmp_path / "site"))
    assert not (output / "claims/page").exists()
    assert not (output / "claimants/sam-speaker/page").exists()
    assert not any(p.is_dir() for p in (output / "chronology").iterdir())  # no year pages
    chronology = page(output, "chronology/")
    assert chronology.h1.get_text() == "Chronology"
    assert chronology.select("figure.overview") and chronology.find(id="event-speech")
    assert chronology.find("nav", attrs={"aria-label": "Years"}) is None
    for url in ("claims/", "claimants/sam-speaker/", "tags/sky/"):
        document = page(output, url)
        assert document.find("nav", attrs={"aria-label": "Pages"}) is None
        assert "page 1" not in document.h1.get_text()


def test_page_size_settings_are_checked(tmp_path, capsys):
    settings = PELICANCONF + ('FACTCHECK_LIST_PAGE_SIZE = 0\n'
                              'FACTCHECK_CHRONOLOGY_PAGE_SIZE = "500"\n'
                              'FACTCHECK_CLAIMANT_PAGE_URL = "claimants/{slug}/p/"\n')
    code, err = run(write_site(tmp_path / "site", extra={"pelicanconf.py": settings}),
                    "check", capsys)
    assert code == 1
    assert "FACTCHECK_LIST_PAGE_SIZE is 0: input should be greater than or equal to 1" in err
    assert "FACTCHECK_CHRONOLOGY_PAGE_SIZE is '500'" in err
    assert ("FACTCHECK_CLAIMANT_PAGE_URL is 'claimants/{slug}/p/'; expected the placeholders "
            "{slug} and {number}") in err


# --- lane packing --------------------------------------------------------------------------

def first_fit_by_scan(spans: list[tuple[float, float]]) -> tuple[list[int], int]:
    """The overview's lane packing before issue 12, kept as the reference: each span scans
    every lane for the first one that ended 4 units before it starts."""
    lane_ends: list[float] = []
    lanes = []
    for x, end in spans:
        lane = next((i for i, taken in enumerate(lane_ends) if taken + 4 <= x), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(0.0)
        lane_ends[lane] = end
        lanes.append(lane)
    return lanes, len(lane_ends)


@pytest.mark.parametrize("seed", range(40))
def test_lane_packing_is_the_first_fit_of_the_scan(seed):
    rng = random.Random(seed)
    count = rng.choice([0, 1, 5, 50, 400])
    xs = sorted(round(rng.uniform(0, 960), 1) for _ in range(count))
    if seed % 2:  # accounts: now and then a mark starts before the one before it
        xs = [x if rng.random() > 0.15 else max(0.0, x - rng.uniform(0, 200)) for x in xs]
    spans = [(x, x + rng.choice([6.0, 6.0, rng.uniform(6, 300)])) for x in xs]
    lanes, used = pack_lanes(spans)
    assert (lanes, used) == first_fit_by_scan(spans)
    for lane in set(lanes):  # and so no two marks in a lane overlap
        mine = sorted(span for span, at in zip(spans, lanes) if at == lane)
        assert all(a_end + 4 <= b_x for (_, a_end), (b_x, _) in zip(mine, mine[1:]))
