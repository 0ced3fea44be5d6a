"""The search page reads what readers type as text (issue 9, cause 4), adds prefix and typo
matches when exact ones are few (cause 5), and shows matching events as one Chronology result
(cause 8), in real headless Chromium over a fixture site of its own."""

from __future__ import annotations

import pytest

from browser import open_page, run_query
from conftest import VALID_YAML, build_site, write_site

TIMEOUT_MS = 15_000

CLAIMS = """\
  - id: bridge-collapsed
    claim: The bridge over the Kura collapsed.
    claimant: Sam Speaker
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: Only one report says so.
    tags: [infrastructure]
    published: 2026-11-24
  - id: observatory-closed
    claim: The observatory closed in winter.
    claimant: Sam Speaker
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: Nobody confirmed it.
    tags: [science]
    published: 2026-11-24
  - id: carbon-filter
    claim: The carbon filter failed.
    claimant: Sam Speaker
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: The maker denies it.
    tags: [industry]
    published: 2026-11-24
  - id: carton-lost
    claim: A carton of letters was lost.
    claimant: Sam Speaker
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: The post office denies it.
    tags: [post]
    published: 2026-11-24
  - id: falcon-seen
    claim: A falcon nested on the lighthouse.
    claimant: Sam Speaker
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: Birdwatchers disagree.
    tags: [birds]
    published: 2026-11-24
  - id: talks-long
    claim: The negotiators kept on talking.
    claimant: Rita Writer
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: One outlet only.
    quotes:
      - source: report-a
        text: Die Diskussionen dauerten lange, Raketenabfälle lagen im Dorf.
        lang: de
        translation: The talks went on; missile remains lay in the village.
    tags: [diplomacy]
    published: 2026-11-24
  - id: war-ended
    claim: The war ended in spring.
    claimant: Rita Writer
    date: 2021-04
    said_in: report-a
    rating: unproven
    summary: It was not so.
    tags: [history]
    published: 2026-11-24
"""

EVENTS = """\
  - id: lighthouse-lit
    date: 2021-04-03
    title: The lighthouse is lit again
    sources: [report-a]
    claims: [falcon-seen]
  - id: lighthouse-closed
    date: 2021-04-05
    title: Lighthouse closed to visitors
    sources: [report-a]
    claims: [falcon-seen]
"""


def query_site_yaml() -> str:
    head, _, events = VALID_YAML.partition("events:\n")
    return head.rstrip("\n") + "\n" + CLAIMS + "events:\n" + events + EVENTS


# Words found only in an analysis body and only in one of the site's pages (cause 8).
ANALYSIS_ONLY = "The report [@report-a]. The engineer *Vardanyants* signed it off.\n"
CORRECTIONS_PAGE = "Title: Corrections\nSlug: corrections\n\nOur retraction ledger lists every fix.\n"


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    ids = ["sky-is-green", "bridge-collapsed", "observatory-closed", "carbon-filter",
           "carton-lost", "falcon-seen", "talks-long", "war-ended"]
    analyses = {claim_id: "The report [@report-a].\n" for claim_id in ids}
    analyses["bridge-collapsed"] = ANALYSIS_ONLY
    root = write_site(tmp_path_factory.mktemp("search-query"), query_site_yaml(),
                      analyses=analyses, extra={"content/pages/corrections.md": CORRECTIONS_PAGE})
    return build_site(root)


@pytest.fixture
def page(browser, url):
    with open_page(browser, TIMEOUT_MS) as opened:
        opened.goto(f"{url}/search/")
        yield opened
        assert opened.errors == []


@pytest.mark.parametrize("query", [
    'Kura: "bridge collapsed" [report]',
    "BREAKING: (The) bridge 'over' the Kura… collapsed?!",
    "bridge^ ~ Kura~3 +: -",
])
def test_pasted_headlines_search_their_words(page, query):
    assert run_query(page, query)[0] == "The bridge over the Kura collapsed."


def test_unknown_field_is_searched_as_words(page):
    assert run_query(page, "green:sky") == ["The sky is green."]
    assert run_query(page, "nosuchfield:sky") == ["The sky is green."]      # sky: in a title
    assert "unrecognised" not in page.inner_text("#search-status")


def test_known_field_still_restricts_the_search(page):
    assert run_query(page, "title:sky") == ["The sky is green."]
    # "Sam Speaker" is every claim's claimant: people:sam finds the six claims, while
    # title:sam finds only the event titled "Sam speaks".
    assert len(run_query(page, "people:sam")) == 6
    assert run_query(page, "title:sam") == ["Chronology"]


def test_prefix_of_the_last_word_finds_its_page(page):
    assert run_query(page, "obse") == ["The observatory closed in winter."]
    assert run_query(page, "winter obse") == ["The observatory closed in winter."]


def test_one_typo_in_a_long_word_finds_its_page(page):
    assert run_query(page, "falcan") == ["A falcon nested on the lighthouse."]
    assert run_query(page, "carbin") == ["The carbon filter failed."]


def test_typo_matches_rank_after_exact_ones(page):
    assert run_query(page, "carton") == ["A carton of letters was lost.",
                                         "The carbon filter failed."]


@pytest.mark.parametrize("query", ["xylophone quasar", "zzzqqq", "ob", "Kurx", "falcan xylophone"])
def test_queries_for_what_the_site_does_not_say_find_nothing(page, query):
    assert run_query(page, query) == []
    assert "No results" in page.inner_text("#search-status")


def test_short_words_get_no_prefix_or_typo_matches(page):
    assert run_query(page, "sk") == []          # no prefix under 3 letters
    assert run_query(page, "kure") == []        # no typo under 5 letters
    assert run_query(page, "lasted") == []      # nor when the stem is short: "last" vs "lost"


def test_header_box_finds_a_word_while_it_is_typed(page):
    page.goto(page.url.replace("/search/", "/claims/"))
    page.fill("#site-search-q", "Obse")
    page.wait_for_selector("#site-search-panel .result-title")
    assert page.locator("#site-search-panel .result-title").all_inner_texts() == \
        ["The observatory closed in winter."]


def test_deliberate_wildcard_and_fuzzy_still_work(page):
    assert run_query(page, "ob*") == ["The observatory closed in winter."]
    assert run_query(page, "kure~1") == ["The bridge over the Kura collapsed."]


def test_matching_events_are_one_chronology_result(page):
    titles = run_query(page, "lighthouse")
    assert titles == ["Chronology", "A falcon nested on the lighthouse."] or \
        titles == ["A falcon nested on the lighthouse.", "Chronology"]
    group = page.locator("#search-results .result-chronology")
    assert group.count() == 1
    events = group.locator(".result-events a")
    assert sorted(events.all_inner_texts()) == ["Lighthouse closed to visitors",
                                                "The lighthouse is lit again"]
    assert {href.split("#")[1] for href in events.evaluate_all("els => els.map(e => e.href)")} \
        == {"event-lighthouse-lit", "event-lighthouse-closed"}
    assert group.locator(".result-title").get_attribute("href").endswith("/chronology/index.html")
    assert "2 results" in page.inner_text("#search-status")


def test_api_resolves_to_grouped_results(page):
    kinds = page.evaluate(
        "() => window.FactcheckSearch.search('lighthouse').then(r => r.map(d => d.kind))")
    assert sorted(kinds) == ["chronology", "claim"]


def test_words_only_in_an_analysis_find_its_claim(page):
    assert run_query(page, "Vardanyants") == ["The bridge over the Kura collapsed."]
    assert run_query(page, "vardanyant") == ["The bridge over the Kura collapsed."]


def test_the_sites_pages_are_found(page):
    assert run_query(page, "retraction ledger") == ["Corrections"]
    item = page.locator("#search-results .result-page")
    assert item.locator(".result-kind").text_content() == "Page"
    assert item.locator(".result-title").get_attribute("href").endswith("/corrections/index.html")


def test_search_works_from_disk(page, output):
    """From file:// (no fetch): the index and results scripts still load and parse."""
    page.goto((output / "search" / "index.html").as_uri() + "?q=ledger")
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.includes('result')")
    assert page.locator("#search-results .result-title").all_inner_texts() == ["Corrections"]
    page.locator("#search-results .result-title").click()
    page.wait_for_url("**/corrections/index.html")
    assert run_query_on_disk(page, "falcan") == ["A falcon nested on the lighthouse."]


def run_query_on_disk(page, query: str) -> list[str]:
    """A query from a page opened from disk, through the API the header box uses."""
    return page.evaluate("q => window.FactcheckSearch.search(q).then(r => r.map(d => d.title))",
                         query)


@pytest.mark.parametrize("query", ["Diskussion", "Diskussionen", "Raketenabfällen",
                                   "Raketenabfälle"])
def test_german_words_meet_their_inflections(page, query):
    """Stemmed as German only, Diskussion and Diskussionen share a stem (issue 9, cause 1)."""
    assert run_query(page, query)[:1] == ["The negotiators kept on talking."]


def test_english_war_is_indexed_though_german_drops_it(page):
    """"war" is a German stop word, removed only from German text (cause 2)."""
    assert run_query(page, "war")[:1] == ["The war ended in spring."]


def test_english_is_not_merged_by_the_german_stemmer(page):
    """German would stem "noted" to "not"; English text is stemmed as English only."""
    assert run_query(page, "noted") == []


def test_a_result_has_most_of_the_query_s_words_or_one_in_its_title(page):
    """One shared word in a page's text does not make a result (an analysis names
    Vardanyants, but nothing of a xylophone); most words do, or one in the title; common
    words ("the", German "war") do not count."""
    assert run_query(page, "Vardanyants xylophone") == []
    assert run_query(page, "Vardanyants engineer xylophone") == \
        ["The bridge over the Kura collapsed."]
    assert run_query(page, "collapsed xylophone") == ["The bridge over the Kura collapsed."]
    assert run_query(page, "the bridge") == ["The bridge over the Kura collapsed."]
    assert run_query(page, "Kura -bridge") == []
