"""A search fetches only the shards and result parts it needs, and shows its results a page
at a time (issue 9, size targets), in real headless Chromium over a fixture site."""

from __future__ import annotations

import pytest

from browser import open_page
from conftest import VALID_YAML, build_site, write_site
from factcheck.search.shards import read_part

TIMEOUT_MS = 15_000
CLAIMS, EVENTS = 26, 13     # each says "harbour": more than a page of results


def many_claims_yaml() -> str:
    """VALID_YAML with CLAIMS claims and EVENTS events about a harbour, each with words of
    its own (so the index has many shards)."""
    head, _, events = VALID_YAML.partition("events:\n")
    claims = "".join(f"""\
  - id: harbour-{n}
    claim: The harbour crane number {n} fell over.
    claimant: Pat Porter
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: Word{n} alpha{n} bravo{n} charlie{n} delta{n} echo{n} foxtrot{n} golf{n}.
    published: 2026-11-24
""" for n in range(CLAIMS))
    more_events = "".join(f"""\
  - id: harbour-event-{n}
    date: 2021-05-{n + 1:02d}
    title: Harbour inspection {n}
    sources: [report-a]
""" for n in range(EVENTS))
    return head.rstrip("\n") + "\n" + claims + "events:\n" + events + more_events


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    analyses = {f"harbour-{n}": "The report [@report-a].\n" for n in range(CLAIMS)}
    analyses["sky-is-green"] = "The report [@report-a].\n"
    root = write_site(tmp_path_factory.mktemp("search-paging"), many_claims_yaml(),
                      analyses=analyses)
    return build_site(root)


@pytest.fixture
def page(browser, url):
    with open_page(browser, TIMEOUT_MS) as opened:
        yield opened
        assert opened.errors == []


def search(page, url, query):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{url}/search/?q={query}")
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query)
    return requested


def test_a_query_fetches_only_its_shards_and_the_parts_it_shows(page, url, output):
    manifest = read_part(output / "search" / "index.js")
    assert len(manifest["shards"]) >= 10 and len(manifest["parts"]) >= 3
    requested = search(page, url, "crane")
    shards = [r for r in requested if "/search/t/" in r]
    parts = [r for r in requested if "/search/d/" in r]
    assert 1 <= len(shards) <= 2, shards             # "crane" is one term, one shard
    assert 1 <= len(parts) < len(manifest["parts"]), parts


def test_results_come_a_page_at_a_time(page, url):
    search(page, url, "harbour")
    status = page.inner_text("#search-status")
    assert status.startswith(f"{CLAIMS + 1} results")          # the claims and one chronology
    titles = page.locator("#search-results .result-title")
    assert titles.count() == 20
    page.click("#search-more")
    page.wait_for_function("() => document.querySelectorAll('#search-results .result-title')"
                           f".length === {CLAIMS + 1}")
    assert page.locator("#search-more").is_hidden()
    assert len(set(titles.all_inner_texts())) == CLAIMS + 1


def test_a_long_chronology_group_lists_its_first_events_and_counts_the_rest(page, url):
    search(page, url, "inspection")
    group = page.locator("#search-results .result-chronology")
    assert group.locator(".result-kind").text_content() == f"{EVENTS} events"
    assert group.locator(".result-events a").count() == 10
    assert group.locator(".result-more-events").inner_text() == f"{EVENTS - 10} more in the chronology"
    assert page.locator("#search-more").is_hidden()
