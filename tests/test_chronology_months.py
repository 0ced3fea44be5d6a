"""A chronology year too crowded for one page is split by month (issue 12): the year's page
lists its months with their counts and the entries dated only to the year, each month has a
page with the overview of that month, and every link to an entry reaches the page listing it.

Real builds of tests/pagedsite.py's ``month_site``: 18 entries at 5 a page, 16 of them in
2021 (4 in January, 6 in March, 4 in April, 2 dated only to the year), one in 2020 and one
undated event. About 9 s (four builds).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import PELICANCONF, build_site, production_settings, run
from factcheck.settings import read_urls
from htmlcheck import broken_links, page, soup
from pagedsite import MONTH_CLAIMS, MONTH_PAGE_SIZE, event_urls, month_site, sitemap_and_pages

MONTHS = {"01": "January", "03": "March", "04": "April"}
YEAR_ONLY = {"claim-year-only", "event-vague"}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_site(month_site(tmp_path_factory.mktemp("months") / "site"))


def target(document_url: str, href: str) -> str:
    """The site-relative folder and #anchor a relative link on the page at the folder
    ``document_url`` names (local builds link 'index.html' files)."""
    path = posixpath.normpath(posixpath.join(document_url, urlsplit(href).path))
    folder = path.removesuffix("index.html").rstrip("/")
    folder = "" if folder in ("", ".") else folder + "/"
    fragment = urlsplit(href).fragment
    return f"{folder}#{fragment}" if fragment else folder


def listed(document) -> set[str]:
    """The ids of the chronology entries a page lists."""
    return {li["id"] for li in document.select("ol.chronology > li")}


def claims_in(month: str) -> set[str]:
    return {f"claim-{claim_id}" for claim_id, date in MONTH_CLAIMS.items()
            if date.startswith(f"2021-{month}")}


def test_crowded_year_page_lists_its_months_with_counts_and_the_year_only_entries(out):
    year = page(out, "chronology/2021/")
    assert year.h1.get_text() == "Chronology: 2021"
    months = year.find("nav", attrs={"aria-label": "Months of 2021"})
    found = {a.get_text(): (target("chronology/2021/", a["href"]),
                            a.find_next_sibling("span").get_text()) for a in months.find_all("a")}
    assert found == {"January 2021": ("chronology/2021/01/", "(4)"),
                     "March 2021": ("chronology/2021/03/", "(6)"),
                     "April 2021": ("chronology/2021/04/", "(4)"),
                     "2021, month not known": ("chronology/2021/#y2021", "(2)")}
    assert listed(year) == YEAR_ONLY  # after the months, and nothing of any month
    heading = year.find(id="y2021")
    assert heading.get_text() == "2021, month not known" and months in heading.find_all_previous()
    assert year.select("figure.overview") == []
    index = page(out, "chronology/")
    counts = {a.get_text(): a.find_next_sibling("span").get_text()
              for a in index.find("nav", attrs={"aria-label": "Years"}).find_all("a")}
    assert counts == {"2020": "(1)", "2021": "(16)", "Date unknown": "(1)"}


@pytest.mark.parametrize("month", sorted(MONTHS))
def test_each_month_page_has_its_own_overview_and_only_its_entries(out, month):
    document = page(out, f"chronology/2021/{month}/")
    assert document.h1.get_text() == f"Chronology: {MONTHS[month]} 2021"
    expected = claims_in(month) | ({"event-find"} if month == "03" else set())
    assert listed(document) == expected
    ids = {e["id"] for e in document.find_all(id=True)}
    marks = {a["href"][1:] for a in document.select("figure.overview svg a")}
    assert {mark.split("-account-")[0] for mark in marks} == expected and marks <= ids
    current = document.select('nav[aria-label="Months of 2021"] a[aria-current="page"]')
    assert [a.get_text() for a in current] == [f"{MONTHS[month]} 2021"]
    back = document.find("nav", attrs={"aria-label": "Breadcrumb"}).a
    assert target(f"chronology/2021/{month}/", back["href"]) == "chronology/2021/"


def test_a_month_past_the_page_size_stays_one_page_and_a_year_that_fits_is_not_split(out):
    assert len(listed(page(out, "chronology/2021/03/"))) == 6  # more than 5: still one page
    assert not any(p.is_dir() for p in (out / "chronology/2021/03").iterdir())
    assert sorted(p.name for p in (out / "chronology/2021").iterdir()) == [
        "01", "03", "04", "index.html"]
    early = page(out, "chronology/2020/")
    assert listed(early) == {"claim-early"} and early.select("figure.overview")
    assert early.find("nav", attrs={"aria-label": "Months of 2020"}) is None
    assert not any(p.is_dir() for p in (out / "chronology/2020").iterdir())


def test_every_entry_is_listed_on_exactly_one_page(out):
    pages = ["chronology/", "chronology/2020/", "chronology/2021/",
             *(f"chronology/2021/{month}/" for month in MONTHS)]
    everywhere = [entry for url in pages for entry in listed(page(out, url))]
    assert len(everywhere) == len(set(everywhere)) == 18


def test_in_context_links_reach_the_month_page_listing_the_event(out):
    claim = page(out, "claims/mar-1/")
    links = {a.get_text(): target("claims/mar-1/", a["href"]) for a in claim.select("ol.context a")}
    assert links == {"The find": "chronology/2021/03/#event-find",
                     "Something in about 2021": "chronology/2021/#event-vague",
                     "A later denial no report dates": "chronology/#event-denial"}
    for link in links.values():  # and the page there lists the entry
        folder, anchor = link.split("#")
        assert anchor in listed(page(out, folder))


def test_search_and_open_data_link_events_on_their_month_page(out):
    in_search, in_data = event_urls(out)
    assert in_search == {"The find": "chronology/2021/03/index.html#event-find",
                         "Something in about 2021": "chronology/2021/index.html#event-vague",
                         "A later denial no report dates": "chronology/index.html#event-denial"}
    assert in_data == {
        "find": "chronology/2021/03/index.html#event-find",
        "vague": "chronology/2021/index.html#event-vague",
        "denial": "chronology/index.html#event-denial"}


def test_no_broken_links(out):
    assert broken_links(out, directories=False) == []


def test_sitemap_lists_the_month_pages(tmp_path):
    site_url = "https://checks.example.org"
    root = month_site(tmp_path / "site", production_settings(site_url) + MONTH_PAGE_SIZE)
    output = tmp_path / "output"
    in_sitemap, written = sitemap_and_pages(root, output, site_url)
    assert in_sitemap == written
    assert {"chronology/2021/", "chronology/2021/01/", "chronology/2021/04/"} <= in_sitemap
    assert broken_links(output, site_url) == []


def test_month_url_setting_names_year_and_two_digit_month(tmp_path, capsys):
    urls = read_urls({}, [])
    assert urls.url("chronology_month", "2021", 3) == "chronology/2021/03/"
    assert urls.save_as("chronology_month", "2021", 11) == "chronology/2021/11/index.html"
    own = 'FACTCHECK_CHRONOLOGY_MONTH_URL = "chronology/{year}/m{month}.html"\n'
    output = build_site(month_site(tmp_path / "site", PELICANCONF + MONTH_PAGE_SIZE + own))
    march = soup(output / "chronology/2021/m03.html")
    assert march.h1.get_text() == "Chronology: March 2021"
    assert broken_links(output, directories=False) == []
    wrong = 'FACTCHECK_CHRONOLOGY_MONTH_URL = "chronology/{year}/"\n'
    code, err = run(month_site(tmp_path / "wrong", PELICANCONF + wrong), "check", capsys)
    assert code == 1
    assert ("FACTCHECK_CHRONOLOGY_MONTH_URL is 'chronology/{year}/'; expected the placeholders "
            "{year} and {month}") in err
