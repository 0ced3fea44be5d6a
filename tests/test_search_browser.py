"""Search in real headless Chromium: over HTTP at the root and under a subpath, and from
file://, in English, German and Russian, with the query syntax kept (field:term, word*,
word~1) and lunr's other syntax read as text."""

from __future__ import annotations

import shutil

import pytest

from browser import open_page, serve
from conftest import build_site
from searchsite import write_multilingual_site

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def www(tmp_path_factory):
    """The built site twice: at the web root and under /sub/."""
    root = write_multilingual_site(tmp_path_factory.mktemp("search-browser"))
    output = build_site(root)
    www = root / "www"
    shutil.copytree(output, www)
    shutil.copytree(output, www / "sub")
    with serve(www) as url:
        yield www, url


@pytest.fixture
def page(browser):
    with open_page(browser, TIMEOUT_MS) as opened:
        yield opened


def run_query(page, query: str) -> list[str]:
    """Type a query on the search page, submit it, and return the result titles."""
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query)
    return page.locator("#search-results .result-title").all_inner_texts()


@pytest.mark.parametrize("query, first", [
    ("green sky", "The sky is green."),                 # English, stemmed ("sky" -> "ski")
    ("Rakete", "The rockets failed to explode."),       # German: the quote says "Raketen"
    ("explodierte", "The rockets failed to explode."),
    ("ракета", "Обломки ракет в Шуше"),                 # Russian: "ракет"
    ("ёлка", "Debris was found in the town."),          # "ёлкой", with ё folded
    ("people:ivanov", "Debris was found in the town."),  # field:term
    ("rock*", "The rockets failed to explode."),          # wildcard
    ("raketten~1", "The rockets failed to explode."),     # fuzzy
])
def test_queries_over_http(page, www, query, first):
    _, url = www
    page.goto(f"{url}/search/")
    assert run_query(page, query)[0] == first
    assert page.errors == []


def test_results_show_kind_verdict_and_snippet_and_link_to_pages(page, www):
    _, url = www
    page.goto(f"{url}/search/")
    run_query(page, "sky")
    first = page.locator("#search-results .result").first
    assert first.locator(".result-kind").inner_text().lower() == "claim"
    assert first.locator(".verdict").inner_text() == "Incorrect"
    assert first.locator(".snippet").inner_text() == "Report A says the sky is blue."
    first.locator("a").click()
    page.wait_for_url(f"{url}/claims/sky-is-green/index.html")
    assert page.locator("h1").inner_text() == "The sky is green."


def test_query_in_the_address_runs_on_load(page, www):
    _, url = www
    page.goto(f"{url}/search/?q=Raketen")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('result')")
    assert page.locator("#search-results .result-title").first.inner_text() == \
        "The rockets failed to explode."
    assert page.input_value("#search-q") == "Raketen"


@pytest.mark.parametrize("query, titles", [
    ("title:", []), ("green:sky", ["The sky is green."]), ("nosuchfield:sky", ["The sky is green."]), ("sky^", ["The sky is green."]),
    ("~1", []),
])
def test_query_syntax_typed_by_accident_is_read_as_text(page, www, query, titles):
    """Once an error message ("could not read"); now the words are searched (issue 9, cause 4)."""
    _, url = www
    page.goto(f"{url}/search/")
    assert run_query(page, query) == titles
    assert "could not" not in page.inner_text("#search-status")
    assert page.errors == []


def test_no_result_message(page, www):
    _, url = www
    page.goto(f"{url}/search/")
    assert run_query(page, "zzzqqq") == []
    assert "No results" in page.inner_text("#search-status")


def test_works_under_a_subpath(page, www):
    _, url = www
    page.goto(f"{url}/sub/search/?q=Шуша")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('result')")
    page.locator("#search-results .result-title").first.click()
    page.wait_for_url(f"{url}/sub/sources/report-c/index.html")
    assert page.errors == []


def test_works_from_disk(page, www):
    directory, _ = www
    page.goto((directory / "search" / "index.html").as_uri() + "?q=Rakete")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('result')")
    link = page.locator("#search-results .result-title").first
    assert link.inner_text() == "The rockets failed to explode."
    link.click()
    page.wait_for_url("**/claims/rockets-failed/index.html")
    assert page.errors == []


def test_index_is_loaded_only_when_search_is_first_used(page, www):
    _, url = www
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{url}/claims/")
    page.wait_for_load_state("networkidle")
    assert not any("lunr" in r or "/search/" in r for r in requested)
    page.focus("#site-search-q")
    page.wait_for_function("() => window.FactcheckSearch.load().then(() => true)")
    assert any(r.endswith("/search/index.js") for r in requested)
    assert not any("/search/t/" in r or "/search/d/" in r for r in requested)  # no query yet


def test_header_box_works_with_the_keyboard_alone(page, www):
    _, url = www
    page.goto(f"{url}/sources/")
    page.keyboard.press("Tab")                       # skip link
    for _ in range(10):                              # on to the search box
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("() => document.activeElement.id") == "site-search-q"
    page.keyboard.type("Rakete")
    page.wait_for_selector("#site-search-panel .result-title")
    assert page.get_attribute("#site-search-q", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#site-search-q", "aria-activedescendant")
    assert page.inner_text(f"#{active}") == "The rockets failed to explode."
    assert page.evaluate("() => document.activeElement.id") == "site-search-q"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/claims/rockets-failed/index.html")


def test_header_box_submits_to_the_search_page(page, www):
    _, url = www
    page.goto(f"{url}/claims/sky-is-green/")
    page.fill("#site-search-q", "debris")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(f"{url}/search/index.html?q=debris")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('result')")
    assert page.locator("#search-results .result-title").first.inner_text() == \
        "Debris was found in the town."
