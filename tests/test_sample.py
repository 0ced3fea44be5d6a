"""The content the project ships (today's sample, or whatever a pull request makes of it)
checks clean, builds, and keeps the generator's promises.

These tests must pass for ANY valid content: they never name a URL, id, count, language or
text of today's sample. Everything a contribution can get wrong is a `build.py check` rule
with a position (editorial ones in factcheck/model/editorial.py and factcheck/model/quotes.py, tested on
fixtures in test_editorial.py and test_quotes.py), so a contributor never has to edit a test.
What a machine cannot judge (no invented URL or archive link, unknowns kept unknown, both
names of a place) is on the reviewer's checklist in CONTRIBUTING.md.
"""

from __future__ import annotations

import pytest

from conftest import PROJECT
from factcheck.model.check import Project, check_project
from factcheck.export.export_schema import export_schema_text
from factcheck.model.schemadoc import export_markdown_text, json_schema_text, markdown_text
from htmlcheck import broken_links, claim_reviews, jsonld, page

SCHEMA_MODELINE = "# yaml-language-server: $schema=claims.schema.json"
INDEX_PAGES = ("", "claims/", "sources/", "chronology/", "about/", "methodology/",
               "corrections/")


@pytest.fixture(scope="module")
def result():
    return check_project(Project(PROJECT))


@pytest.fixture(scope="module")
def catalog(result):
    assert result.ok, "\n".join(map(str, result.problems))
    return result.catalog


def test_content_checks_clean_without_warnings(result):
    """Warnings do not stop a build, but the content that is merged has none."""
    assert [str(p) for p in result.problems] == []


def test_content_builds_and_its_links_resolve(sample_output):
    assert broken_links(sample_output) == []


def test_index_pages_exist(sample_output):
    for url in INDEX_PAGES:
        assert (sample_output / url / "index.html").is_file(), url


def test_every_claim_page_has_one_claim_review(sample_output, catalog):
    for claim in catalog.claims.values():
        (data,) = claim_reviews(page(sample_output, f"claims/{claim.id}/"))
        assert data["@type"] == "ClaimReview", claim.id
        assert data["claimReviewed"] == claim.claim, claim.id


def test_every_quote_is_shown_in_its_language_with_our_translation(sample_output, catalog):
    for claim in catalog.claims.values():
        figures = page(sample_output, f"claims/{claim.id}/").select("figure.quote")
        assert len(figures) == len(claim.quotes), claim.id
        for quote, figure in zip(claim.quotes, figures):
            original = figure.select_one("blockquote:not(.translation)")
            assert original["lang"] == quote.lang, (claim.id, quote.text)
            translation = figure.select_one("blockquote.translation")
            assert (translation is not None) == (quote.translation is not None), claim.id
            if translation is not None:
                assert translation["lang"] == "en"


def test_every_source_has_a_page(sample_output, catalog):
    for source in catalog.sources.values():
        source_page = page(sample_output, f"sources/{source.id}/")
        assert source_page.h1, source.id
        flagged = source_page.select_one("dl.source-facts .flag")
        machine = source.translation is not None and source.translation.by == "machine"
        assert (flagged is not None and "Machine translation" in flagged.get_text()) == machine


def test_every_event_is_in_the_chronology_with_its_accounts(sample_output, catalog):
    chronology = page(sample_output, "chronology/")
    for event in catalog.events.values():
        entry = chronology.find(id=f"event-{event.id}")
        assert entry is not None, event.id
        assert len(entry.select(".account")) == len(event.accounts), event.id


def test_methodology_has_a_row_per_rating(sample_output, catalog):
    rows = page(sample_output, "methodology/").select("table.ratings tbody tr")
    assert len(rows) == len(catalog.ratings)


@pytest.mark.parametrize("name, make", [("claims.schema.json", json_schema_text),
                                        ("docs/data-model.md", markdown_text),
                                        ("claims-export.schema.json", export_schema_text),
                                        ("docs/export-fields.md", export_markdown_text)])
def test_generated_schema_files_are_current(name, make):
    committed = (PROJECT / name).read_text(encoding="utf-8")
    assert committed == make(), f"{name} is stale: run `make schema` and commit it"


def test_claims_yaml_points_editors_at_the_schema():
    """Editors validate claims.yaml against the generated schema through this first line."""
    first = (PROJECT / "claims.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_MODELINE
