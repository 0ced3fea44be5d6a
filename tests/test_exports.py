"""Open data in data/: claims.json against claims-export.schema.json, the ClaimReview
DataFeed, and the CSV files of claims, sources and events.

Real builds of a fixture site with unknown values, a partial date, a date range, a
machine translation, disputed accounts, an evidence copy and text full of CSV and HTML
syntax. About 2 s (three small builds).
"""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

import build
from conftest import FLOW_RATINGS, production_settings, PROJECT, SPEECH_EVENT, write_site
from htmlcheck import claim_reviews, jsonld, page

SITE_URL = "https://factcheck.example.org"
PRODUCTION = production_settings(SITE_URL)
SCHEMA = json.loads((PROJECT / "claims-export.schema.json").read_text(encoding="utf-8"))
EVIDENCE = "Der Himmel ist grün, sagte er. EVIDENCE-ONLY-LINE-4c1d\n"
AWKWARD = 'A "quoted", comma-laden; text\nwith a second line & <b>markup</b>'

YAML = f"""\
{FLOW_RATINGS}sources:
  - id: report-a
    title: Report A
    publisher: Outlet A
    authors: [Ann Author, "Bob, Jr."]
    published: 2021-04-13
    url: https://example.org/a
    archive_url: https://archive.example.org/a
    language: en
    cites: [report-b]
  - id: report-b
    title: Bericht B
    publisher: null
    published: 2021-04?
    url: null
    language: de
    translation: {{of: null, by: machine}}
    local_copy: evidence/report-b.txt
claims:
  - id: sky-is-green
    claim: The sky is green.
    claimant: Sam Speaker
    claimant_role: Spokesperson
    date: 2021-04~
    said_in: report-a
    rating: incorrect
    summary: {json.dumps(AWKWARD)}
    quotes:
      - {{source: report-b, text: "Der Himmel ist grün", lang: de, translation: The sky is green.}}
    tags: [sky, colour]
    published: 2026-01-10
    updates:
      - {{date: 2026-02-01, note: "Added a source, and a note."}}
  - id: undated
    claim: Water is dry.
    claimant: An Organisation
    claimant_type: organization
    date: null
    said_in: report-b
    rating: unproven
    summary: Nothing settles it.
    published: 2026-03-01
events:
{SPEECH_EVENT}  - id: dispute
    date: 2021-03/2021-04-13
    title: Accounts differ
    text: The *reports* disagree.
    sources: [report-a, report-b]
    accounts:
      - {{source: report-a, says: "It was blue; clearly."}}
      - {{source: report-b, says: It was green.}}
"""
ANALYSES = {"sky-is-green": "Blue [@report-a, para. 2]; see [@report-b].\n",
            "undated": "Unsettled [@report-b].\n"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("exports") / "site", YAML, analyses=ANALYSES,
                      extra={"publishconf.py": PRODUCTION, "evidence/report-b.txt": EVIDENCE})


def build_with(root: Path, settings: str, output: str) -> Path:
    assert build.main(["build", "--root", str(root), "-s", settings, "-o", output]) == 0
    return root / output


@pytest.fixture(scope="module")
def production(site) -> Path:
    return build_with(site, "publishconf.py", "prod")


@pytest.fixture(scope="module")
def local(site) -> Path:
    return build_with(site, "pelicanconf.py", "local")


def load(output: Path, name: str) -> dict:
    return json.loads((output / "data" / name).read_text(encoding="utf-8"))


def schema_errors(document: dict, definition: str = "") -> list[str]:
    schema = {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"} if definition else SCHEMA
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def rows(output: Path, name: str) -> tuple[list[str], list[dict]]:
    with open(output / "data" / name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_the_schema_is_a_valid_schema_and_published_beside_the_export(production):
    Draft202012Validator.check_schema(SCHEMA)
    published = production / "data" / "claims-export.schema.json"
    assert published.read_bytes() == (PROJECT / "claims-export.schema.json").read_bytes()


@pytest.mark.parametrize("output_name", ["production", "local"])
def test_claims_json_validates_against_the_schema(output_name, request):
    document = load(request.getfixturevalue(output_name), "claims.json")
    assert schema_errors(document) == []
    assert [c["id"] for c in document["claims"]] == ["sky-is-green", "undated"]
    assert [s["id"] for s in document["sources"]] == ["report-a", "report-b"]
    assert [e["id"] for e in document["events"]] == ["speech", "dispute"]


@pytest.mark.parametrize("change", [
    lambda d: d["claims"][0].pop("claim_review"),
    lambda d: d["sources"][1].update(local_copy="evidence/report-b.txt"),
    lambda d: d["sources"][1].update(published="April 2021"),
    lambda d: d["claims"][1].update(date=""),
    lambda d: d["claims"][0]["claim_review"].update({"@type": "Review"}),
    lambda d: d["events"][1]["accounts"][0].pop("says"),
], ids=["no-review", "evidence-path", "date-in-words", "empty-date", "wrong-type", "no-account"])
def test_the_schema_rejects_a_wrong_export(production, change):
    """The validation above can fail: each of these breaks it."""
    document = copy.deepcopy(load(production, "claims.json"))
    change(document)
    assert schema_errors(document) != []


def test_each_claim_carries_its_review_sources_and_events(production):
    claims = {c["id"]: c for c in load(production, "claims.json")["claims"]}
    sky = claims["sky-is-green"]
    assert sky["claim_review"] == claim_reviews(page(production, "claims/sky-is-green/"))[0]
    assert sky["page_url"] == f"{SITE_URL}/claims/sky-is-green/"
    assert (sky["sources"], sky["events"]) == (["report-a", "report-b"], ["speech"])
    assert (sky["date"], sky["updated"], sky["summary"]) == ("2021-04~", "2026-02-01", AWKWARD)
    assert sky["updates"] == [{"date": "2026-02-01", "note": "Added a source, and a note."}]
    assert claims["undated"]["updated"] == claims["undated"]["published"] == "2026-03-01"


def test_the_claimreview_datafeed_validates_and_matches_the_pages(production):
    feed = load(production, "claimreview-feed.json")
    assert schema_errors(feed, "dataFeed") == []
    assert (feed["url"], feed["dateModified"]) == (f"{SITE_URL}/data/claimreview-feed.json",
                                                   "2026-03-01")
    items = feed["dataFeedElement"]
    assert [item["item"][0]["url"] for item in items] == [
        f"{SITE_URL}/claims/undated/", f"{SITE_URL}/claims/sky-is-green/"]  # newest change first
    for item in items:
        claim_id = item["item"][0]["url"].rstrip("/").rsplit("/", 1)[1]
        assert item["item"] == claim_reviews(page(production, f"claims/{claim_id}/"))
    broken = copy.deepcopy(feed)
    del broken["dataFeedElement"][0]["item"][0]["reviewRating"]
    assert schema_errors(broken, "dataFeed") != []


def test_csv_files_round_trip_one_row_per_item(production):
    document = load(production, "claims.json")
    for name, key, expected_columns in (("claims.csv", "claims", 18), ("sources.csv", "sources", 21),
                                        ("events.csv", "events", 8)):
        columns, read = rows(production, name)
        assert len(columns) == expected_columns and columns[0] == "id"
        assert [row["id"] for row in read] == [item["id"] for item in document[key]]
    _, claims = rows(production, "claims.csv")
    assert claims[0]["summary"] == AWKWARD  # quotes, commas, a newline survive
    assert (claims[0]["tags"], claims[0]["sources"]) == ("sky; colour", "report-a; report-b")
    assert (claims[0]["update_count"], claims[0]["rating_value"]) == ("1", "1")
    _, sources = rows(production, "sources.csv")
    assert sources[0]["authors"] == "Ann Author; Bob, Jr."
    _, events = rows(production, "events.csv")
    assert (events[1]["date"], events[1]["account_sources"]) == ("2021-03/2021-04-13",
                                                                 "report-a; report-b")
    raw = (production / "data" / "claims.csv").read_bytes()
    assert raw.startswith(b"id,page_url,") and b"\r\n" in raw  # no BOM; RFC 4180 line ends


def test_unknown_values_stay_unknown(production):
    """Nothing is invented: unknown is null in JSON and an empty cell in CSV."""
    report_b = load(production, "claims.json")["sources"][1]
    assert {k: report_b[k] for k in ("publisher", "url", "archive_url", "published")} == {
        "publisher": None, "url": None, "archive_url": None, "published": "2021-04?"}
    assert report_b["translation"] == {"of": None, "by": "machine"}
    _, sources = rows(production, "sources.csv")
    assert {k: sources[1][k] for k in ("publisher", "url", "archive_url", "authors", "note",
                                       "translation_of", "translated_by", "published")} == {
        "publisher": "", "url": "", "archive_url": "", "authors": "", "note": "",
        "translation_of": "", "translated_by": "machine", "published": "2021-04?"}
    _, claims = rows(production, "claims.csv")
    assert {k: claims[1][k] for k in ("date", "claimant_role", "rating_value", "events")} == {
        "date": "", "claimant_role": "", "rating_value": "", "events": ""}
    _, events = rows(production, "events.csv")
    assert (events[0]["text"], events[0]["account_sources"]) == ("", "")


def test_evidence_copies_are_used_but_never_published(production):
    sources = load(production, "claims.json")["sources"]
    assert [s["quotes_verified"] for s in sources] == [False, True]
    for path in (production / "data").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "EVIDENCE-ONLY-LINE" not in text and "evidence/report-b.txt" not in text, path


def test_local_builds_export_site_relative_addresses(local):
    document = load(local, "claims.json")
    assert document["url"] == ""
    assert document["claims"][0]["page_url"] == "claims/sky-is-green/index.html"
    assert document["events"][1]["page_url"] == "chronology/index.html#event-dispute"
    assert (local / "chronology" / "index.html").read_text(encoding="utf-8").count(
        'id="event-dispute"') == 1
    _, sources = rows(local, "sources.csv")
    assert sources[0]["page_url"] == "sources/report-a/index.html"


def test_a_site_without_claims_exports_empty_files_and_no_feeds(tmp_path):
    """No claim, no feed (its dates would have to come from the clock); the exports are
    still there, valid and empty."""
    yaml_text = YAML.split("sources:")[0] + "sources: []\nclaims: []\nevents: []\n"
    root = write_site(tmp_path / "site", yaml_text, analyses={},
                      extra={"publishconf.py": PRODUCTION})
    output = build_with(root, "publishconf.py", "prod")
    assert not (output / "feeds").exists()
    assert 'type="application/atom+xml"' not in (output / "index.html").read_text("utf-8")
    assert schema_errors(load(output, "claims.json")) == []
    assert schema_errors(load(output, "claimreview-feed.json"), "dataFeed") == []
    for name in ("claims.csv", "sources.csv", "events.csv"):
        assert rows(output, name)[1] == []
