"""The sample site the project ships: it builds, it is complete, and it keeps its promises.

These tests hold the editorial rules as well as the code: every quote is verified against
a text copy of its report, no URL or archive link is invented, unknowns stay unknown.
"""

from __future__ import annotations

import pytest

from conftest import PROJECT
from factcheck.check import Project, check_project
from factcheck.dates import PartialDate
from factcheck.schemadoc import json_schema_text, markdown_text
from htmlcheck import broken_links, jsonld, page

KNOWN_URLS = {"https://azernews.az/karabakh/177962.html",
              "https://www.eng.kavkaz-uzel.eu/articles/55176/"}


@pytest.fixture(scope="module")
def result():
    checked = check_project(Project(PROJECT))
    assert checked.ok, "\n".join(map(str, checked.problems))
    return checked


def test_sample_checks_clean_without_warnings(result):
    assert list(result.problems) == []


def test_every_quote_is_verified_against_its_report(result):
    catalog = result.catalog
    quoted = {q.source for c in catalog.claims.values() for q in c.quotes}
    assert quoted and quoted <= result.verified_sources
    for claim in catalog.claims.values():
        for quote in claim.quotes:
            assert quote.lang == "en" or quote.translation, (claim.id, quote.text)


def test_no_invented_urls_or_archive_links(result):
    sources = result.catalog.sources.values()
    assert {s.url for s in sources if s.url} == KNOWN_URLS
    assert all(s.archive_url is None for s in sources)


def test_unknown_outlet_is_unknown_and_flagged_as_machine_translation(result):
    german = [s for s in result.catalog.sources.values() if s.language == "de"]
    assert len(german) == 1
    (source,) = german
    assert source.publisher is None and source.url is None
    assert source.translation is not None and source.translation.by == "machine"


def test_sample_has_enough_claims_and_events(result):
    catalog = result.catalog
    assert len(catalog.claims) >= 6
    first, last = PartialDate.parse("2020-09-27").earliest, PartialDate.parse("2021-04-13").latest
    dated = [e for e in catalog.events.values()
             if first <= e.date.start.earliest and e.date.start.latest <= last]
    assert len(dated) >= 12
    assert any(e.date.start.approximate and e.date.start.precision == "month"
               for e in catalog.events.values())


def test_sample_site_pages(sample_output, result):
    for claim_id in result.catalog.claims:
        claim_page = page(sample_output, f"claims/{claim_id}/")
        assert claim_page.select("section.analysis sup.citation"), claim_id
        assert len(jsonld(claim_page)) == 1
    for source_id in result.catalog.sources:
        assert page(sample_output, f"sources/{source_id}/").h1
    for url in ("", "claims/", "sources/", "about/", "methodology/", "corrections/"):
        assert (sample_output / url / "index.html").is_file(), url
    rows = page(sample_output, "methodology/").select("table.ratings tbody tr")
    assert len(rows) == len(result.catalog.ratings)


def test_german_quote_is_marked_as_german(sample_output):
    claim_page = page(sample_output, "claims/aliyev-found-when-snow-melted/")
    original = claim_page.select_one("blockquote[lang=de]")
    assert "Schnee fiel in Shusha" in original.get_text()
    assert claim_page.select_one("blockquote.translation[lang=en]")


def test_both_names_of_the_town(sample_output):
    assert "Shusha (Shushi)" in page(sample_output, "").get_text()


def test_sample_site_links_resolve(sample_output):
    assert broken_links(sample_output) == []


@pytest.mark.parametrize("name, make", [("claims.schema.json", json_schema_text),
                                        ("docs/data-model.md", markdown_text)])
def test_generated_schema_files_are_current(name, make):
    committed = (PROJECT / name).read_text(encoding="utf-8")
    assert committed == make(), f"{name} is stale: run `make schema` and commit it"


def test_claims_yaml_points_editors_at_the_schema():
    first = (PROJECT / "claims.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=claims.schema.json"
