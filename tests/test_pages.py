"""The pages of a small fixture site: every element a claim or source page promises."""

from __future__ import annotations

import pytest

from conftest import VALID_YAML, build_site, write_site
from htmlcheck import broken_links, claim_reviews, jsonld, page


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    yaml_text = VALID_YAML.replace("claim: The sky is green.",
                                   "claim: The sky is <b>green</b>.")
    root = write_site(tmp_path_factory.mktemp("pages"), yaml_text, analyses={
        "sky-is-green": "# Finding\n\nReport A says blue [@report-a, para. 2]. "
                        "B agrees [@report-b]. A again [@report-a].\n\n"
                        "<script>alert(1)</script> [good](https://example.org/)\n"})
    return build_site(root)


@pytest.fixture(scope="module")
def claim(out):
    return page(out, "claims/sky-is-green/")


def test_claim_header_shows_who_when_where(claim):
    assert claim.h1.get_text() == "The sky is <b>green</b>."  # escaped, not markup
    facts = claim.find("dl", class_="claim-facts")
    assert facts.dd.get_text() == "Sam Speaker, Spokesperson"  # the name links to their page
    assert "published 24 November 2026" in facts.get_text(" ", strip=True)
    when = claim.find("dl", class_="claim-facts").find("time")
    assert (when["datetime"], when.get_text()) == ("2021-04", "April 2021")
    where = claim.find("dl", class_="claim-facts").find("a", string="Report A")
    assert where["href"] == "../../sources/report-a/index.html"


def test_verdict_badge_and_meaning(claim):
    box = claim.find("section", class_="verdict-box")
    badge = box.find("span", class_="verdict")
    assert badge["class"] == ["verdict", "verdict-style-false"]  # worst on the scale
    assert "Incorrect" in badge.get_text()
    assert "The cited evidence contradicts the claim." in box.get_text()
    assert box.find("p", class_="summary").get_text() == "Report A says the sky is blue."


def test_citations_are_numbered_and_link_both_ways(claim):
    assert "says blue<sup" in str(claim.find("section", class_="analysis"))  # no wrap point
    sups = claim.select("section.analysis sup.citation a")
    assert [a.get_text() for a in sups] == ["[1]", "[2]", "[1]"]
    assert [a["href"] for a in sups] == ["#source-1", "#source-2", "#source-1"]
    assert sups[0]["title"] == "para. 2"
    entries = claim.select("ol.cited-sources > li")
    assert [li["id"] for li in entries] == ["source-1", "source-2"]
    assert [a["href"] for a in entries[0].select(".backlinks a")] == ["#cite-1-1", "#cite-1-2"]
    assert [a.get_text() for a in entries[0].select(".backlinks a")] == [
        "↩ mention 1, para. 2", "↩ mention 2"]
    assert entries[1].find("a")["href"] == "../../sources/report-b/index.html"


def test_analysis_is_rendered_safely(claim):
    analysis = claim.find("section", class_="analysis")
    assert analysis.find("script") is None
    assert "<script>alert(1)</script>" in analysis.get_text()
    assert analysis.find("h3").get_text() == "Finding"  # "#" sits below the page's h2
    assert analysis.find("a", string="good")["href"] == "https://example.org/"


def test_renderer_drops_unsafe_links_that_check_would_report():
    from factcheck.model.markup import MarkupRenderer

    html = MarkupRenderer().render("[bad](javascript:alert(1)) [ok](../x/)").html
    assert html == '<p><a>bad</a> <a href="../x/">ok</a></p>'


def test_quote_in_original_language_with_translation(claim):
    original = claim.select_one("figure.quote blockquote[lang=de]")
    assert original.get_text(strip=True) == "Der Himmel ist grün."
    translation = claim.select_one("figure.quote blockquote.translation")
    assert translation["lang"] == "en" and "The sky is green." in translation.get_text()
    assert "Our translation" in translation.get_text()


def test_tags_and_update_log(claim):
    assert [t.get_text() for t in claim.select(".tags .tag")] == ["sky"]
    update = claim.select_one("ol.updates li")
    assert update.time["datetime"] == "2026-11-25" and "Added a source." in update.get_text()


def test_claim_review_jsonld(claim):
    (review,) = claim_reviews(claim)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "The sky is <b>green</b>."
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Incorrect",
                                      "ratingValue": 1, "bestRating": 4, "worstRating": 1}
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Sam Speaker", "jobTitle": "Spokesperson"}
    assert item["datePublished"] == "2021-04"
    assert item["appearance"]["url"] == "https://example.org/a"
    assert review["datePublished"] == "2026-11-24" and review["dateModified"] == "2026-11-25"
    assert review["author"]["@type"] == "Organization"
    assert review["url"].endswith("claims/sky-is-green/index.html")  # local settings


def test_jsonld_cannot_close_its_script(claim):
    raw = str(claim.find("script", type="application/ld+json"))
    assert "<b>" not in raw and "\\u003cb\\u003e" in raw


def test_source_page_states_what_is_known_and_unknown(out):
    known = page(out, "sources/report-a/").find("dl", class_="source-facts").get_text(" ", strip=True)
    assert "Outlet A" in known and "Ann Author" in known and "https://example.org/a" in known
    assert "English" in known and "Archived copy none known" in known
    unknown = page(out, "sources/report-b/")
    facts = unknown.find("dl", class_="source-facts").get_text(" ", strip=True)
    assert "unknown: the outlet has not been identified" in facts
    assert "no online copy known" in facts and "German" in facts
    published = unknown.find("time")
    assert (published["datetime"], published.get_text()) == ("2021-04", "April 2021")
    assert "April 2021, uncertain" in published.parent.get_text()
    assert unknown.find("h1")["lang"] == "de"
    assert unknown.select_one(".source-facts .unknown").get_text() == \
        "unknown: the outlet has not been identified"


def test_source_page_lists_provenance_claims_and_events(out):
    b = page(out, "sources/report-b/")
    relied_on_by = b.find("h2", string="Reports that rely on it").find_next("ul")
    assert relied_on_by.a["href"] == "../../sources/report-a/index.html"
    a = page(out, "sources/report-a/")
    assert a.find("h2", string="Reports it relies on").find_next("ul").a.get_text() == "Report B"
    claims = a.find("h2", string="Claims that cite it").find_next("ul")
    assert claims.a["href"] == "../../claims/sky-is-green/index.html"
    assert "Sam speaks" in a.find("h2", string="Events it reports").find_next("ul").get_text()


def test_machine_translation_is_flagged(tmp_path):
    yaml_text = VALID_YAML.replace("    language: de\n",
                                   "    language: de\n    translation: {of: null, by: machine}\n")
    root = write_site(tmp_path, yaml_text)
    facts = page(build_site(root), "sources/report-b/").find("dl", class_="source-facts")
    assert facts.find(class_="flag").get_text() == "Machine translation."
    assert "The original has not been identified." in facts.get_text()


def test_indexes_home_and_methodology(out):
    listing = page(out, "claims/")
    assert listing.find("a", attrs={"aria-current": "page"}).get_text() == "Claims"
    assert listing.select_one(".claim-list .verdict").get_text() == "Incorrect"
    assert listing.select_one(".claim-list a")["href"] == "../claims/sky-is-green/index.html"
    assert [a.get_text() for a in page(out, "sources/").select(".source-list > li > a")] == [
        "Report A", "Report B"]
    assert (out / "index.html").is_file()
    rows = page(out, "methodology/").select("table.ratings tbody tr")
    assert [r.td.get_text(strip=True) for r in rows] == ["Incorrect", "Correct", "Unproven"]
    assert "off the scale" in rows[2].get_text()
    for slug in ("about", "corrections"):
        assert page(out, f"{slug}/").h1


def test_off_scale_verdict_has_no_rating_numbers(tmp_path):
    root = write_site(tmp_path, VALID_YAML.replace("rating: incorrect", "rating: unproven"))
    (review,) = claim_reviews(page(build_site(root), "claims/sky-is-green/"))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_every_internal_link_resolves(out):
    assert broken_links(out) == []


def test_quote_from_a_machine_translation_is_flagged_where_it_is_read(tmp_path):
    yaml_text = VALID_YAML.replace(
        "    language: de\n",
        "    language: de\n    translation: {of: null, by: machine}\n"
        "    note: Names are spelled as a translation engine spells them.\n")
    root = write_site(tmp_path / "site", yaml_text)
    claim_page = page(build_site(root), "claims/sky-is-green/")
    caption = claim_page.select_one("figure.quote figcaption")
    assert "a machine translation" in caption.select_one("strong.flag").get_text()
