"""Atom feeds of fact-checks and corrections, and the corrections log page.

Real builds of a fixture site: in production (absolute SITEURL) the feeds exist, parse as
Atom with every required element, escape hostile text, keep their entry ids when the site
grows, and every page links them; a local build (relative links) has neither feeds nor
links. About 3 s (five small builds).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import build
from conftest import FLOW_RATINGS, production_settings, write_site
from htmlcheck import broken_links, page

SITE_URL = "https://example.github.io/factcheck"
PRODUCTION = production_settings(SITE_URL) + f"""
FACTCHECK_PUBLISHER = {{"name": "Example Checks", "url": SITEURL}}
"""
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_CLAIM = '</title><script>alert(1)</script> & "quoted" ]]> <![CDATA[x]]>'
HOSTILE_SUMMARY = "<b>bold</b> </summary><script>alert(2)</script> &amp; <img src=x onerror=y>"
HOSTILE_NOTE = "Fixed a <em>typo</em> & </entry><script>alert(3)</script>"

RATINGS_AND_SOURCES = FLOW_RATINGS + """\
sources:
  - {id: report-a, title: Report A, publisher: Outlet A, published: 2021-04-13,
     url: "https://example.org/a", language: en}
"""


def claim_yaml(claim_id: str, text: str, rating: str, published: str,
               updates: list[tuple[str, str]], summary: str = "What the report shows.") -> str:
    """One claim entry; texts are YAML single-quoted, so any characters survive."""
    def quoted(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"
    lines = [f"  - id: {claim_id}", f"    claim: {quoted(text)}", "    claimant: Sam Speaker",
             "    date: null", "    said_in: report-a", f"    rating: {rating}",
             f"    summary: {quoted(summary)}", f"    published: {published}", "    updates:"]
    lines += [f"      - {{date: {day}, note: {quoted(note)}}}" for day, note in updates]
    return "\n".join(lines if updates else lines[:-1] + ["    updates: []"]) + "\n"


CLAIMS = {
    "sky-is-green": claim_yaml("sky-is-green", "The sky is green.", "incorrect", "2026-01-10",
                               [("2026-02-01", "Added a source."),
                                ("2026-03-15", "Corrected the date.")]),
    "hostile": claim_yaml("hostile", HOSTILE_CLAIM, "unproven", "2026-02-20",
                          [("2026-02-20", HOSTILE_NOTE)], summary=HOSTILE_SUMMARY),
    "no-updates": claim_yaml("no-updates", "Water is wet.", "correct", "2026-03-01", []),
}
NEWEST_CHANGE_FIRST = ["sky-is-green", "no-updates", "hostile"]  # 03-15, 03-01, 02-20
CORRECTIONS_NEWEST_FIRST = [("sky-is-green", "Corrected the date.", "2026-03-15"),
                            ("hostile", HOSTILE_NOTE, "2026-02-20"),
                            ("sky-is-green", "Added a source.", "2026-02-01")]


def make_site(root: Path, claims: dict[str, str]) -> Path:
    text = RATINGS_AND_SOURCES + "claims:\n" + "".join(claims.values()) + "events: []\n"
    return write_site(root, text, analyses={cid: "What it shows [@report-a].\n" for cid in claims},
                      extra={"publishconf.py": PRODUCTION})


def build_with(root: Path, settings: str, output: str) -> Path:
    assert build.main(["build", "--root", str(root), "-s", settings, "-o", output]) == 0
    return root / output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return make_site(tmp_path_factory.mktemp("feeds") / "site", CLAIMS)


@pytest.fixture(scope="module")
def production(site) -> Path:
    return build_with(site, "publishconf.py", "prod")


@pytest.fixture(scope="module")
def local(site) -> Path:
    return build_with(site, "pelicanconf.py", "local")


def feed(output: Path, name: str) -> ET.Element:
    root = ET.parse(output / "feeds" / name).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def text_of(element: ET.Element, tag: str) -> str:
    found = element.find(ATOM + tag)
    assert found is not None, f"<{tag}> missing"
    assert found.text, f"<{tag}> empty"
    return found.text


def links(element: ET.Element) -> dict[str, str]:
    return {link.get("rel", "alternate"): link.get("href") for link in element.findall(ATOM + "link")}


def assert_valid_atom(root: ET.Element, self_url: str) -> list[ET.Element]:
    """RFC 4287's required elements: feed id/title/updated/author, self and alternate
    links, and each entry's id/title/updated/absolute link; ids are unique."""
    assert text_of(root, "id") == self_url and text_of(root, "title")
    assert links(root) == {"self": self_url, "alternate": SITE_URL + "/"}
    assert text_of(root.find(ATOM + "author"), "name") == "Example Checks"
    entries = root.findall(ATOM + "entry")
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "summary"):
            text_of(entry, tag)
        assert links(entry)["alternate"].startswith(SITE_URL + "/claims/")
    ids = [text_of(entry, "id") for entry in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:example.github.io,") for i in ids)
    return entries


def test_fact_checks_feed_has_an_entry_per_claim_newest_change_first(production):
    root = feed(production, "fact-checks.atom.xml")
    entries = assert_valid_atom(root, f"{SITE_URL}/feeds/fact-checks.atom.xml")
    assert [links(e)["alternate"] for e in entries] == [
        f"{SITE_URL}/claims/{cid}/" for cid in NEWEST_CHANGE_FIRST]
    first = entries[0]
    assert text_of(first, "title") == "The sky is green. (Verdict: Incorrect)"
    assert text_of(first, "published") == "2026-01-10T00:00:00Z"
    assert text_of(first, "updated") == "2026-03-15T00:00:00Z"  # its latest update
    assert text_of(entries[1], "updated") == text_of(entries[1], "published")
    assert text_of(first, "summary") == "What the report shows."
    assert text_of(root, "updated") == "2026-03-15T00:00:00Z"  # from the data, not the clock


def test_corrections_feed_has_an_entry_per_update_newest_first(production):
    root = feed(production, "corrections.atom.xml")
    entries = assert_valid_atom(root, f"{SITE_URL}/feeds/corrections.atom.xml")
    found = [(links(e)["alternate"], html.unescape(text_of(e, "summary")), text_of(e, "updated"))
             for e in entries]
    assert found == [(f"{SITE_URL}/claims/{cid}/#updates-heading", note, f"{day}T00:00:00Z")
                     for cid, note, day in CORRECTIONS_NEWEST_FIRST]
    assert broken_links(production, site_url=SITE_URL) == []  # #updates-heading exists too


def test_hostile_text_is_text_in_the_feeds(production):
    """Titles are Atom text; summaries are type="html" and so escaped twice: a feed reader
    shows the characters and runs nothing."""
    for name in ("fact-checks.atom.xml", "corrections.atom.xml"):
        raw = (production / "feeds" / name).read_text(encoding="utf-8")
        assert "<script" not in raw and "<em>" not in raw and "<![CDATA[" not in raw
        root = feed(production, name)
        assert not list(root.iter("script")) and not list(root.iter(ATOM + "script"))
        for summary in root.iter(ATOM + "summary"):
            assert summary.get("type") == "html" and "<" not in summary.text
    entries = {links(e)["alternate"]: e for e in feed(production, "fact-checks.atom.xml")
               .findall(ATOM + "entry")}
    hostile = entries[f"{SITE_URL}/claims/hostile/"]
    assert text_of(hostile, "title") == f"{HOSTILE_CLAIM} (Verdict: Unproven)"
    assert html.unescape(text_of(hostile, "summary")) == HOSTILE_SUMMARY


def test_entry_ids_stay_when_the_site_grows(production, tmp_path):
    """An id names the entry for good: a new claim or a new update adds entries and changes
    none of the old ones."""
    def ids(output: Path, name: str) -> dict[str, str]:
        return {text_of(e, "id"): text_of(e, "title")
                for e in feed(output, name).findall(ATOM + "entry")}
    grown = dict(CLAIMS, newer=claim_yaml("newer", "New claim.", "correct", "2026-04-01", []))
    grown["no-updates"] = claim_yaml("no-updates", "Water is wet.", "correct", "2026-03-01",
                                     [("2026-04-02", "Reworded.")])
    later = build_with(make_site(tmp_path / "grown", grown), "publishconf.py", "prod")
    for name in ("fact-checks.atom.xml", "corrections.atom.xml"):
        before, after = ids(production, name), ids(later, name)
        assert len(after) == len(before) + 1
        assert {k: v for k, v in after.items() if k in before} == before


def test_every_page_announces_both_feeds(production):
    pages = list(production.rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        head = page(production, str(path.parent.relative_to(production))).head
        found = [(l["title"], l["href"]) for l in head.find_all("link", rel="alternate")]
        assert found == [("Fact-checks", f"{SITE_URL}/feeds/fact-checks.atom.xml"),
                         ("Corrections and updates", f"{SITE_URL}/feeds/corrections.atom.xml")], path
        assert all(l["type"] == "application/atom+xml" for l in head.find_all("link", rel="alternate"))


def test_local_builds_have_no_feeds_and_announce_none(local):
    """Atom needs absolute addresses, which a relative local build does not have."""
    assert not (local / "feeds").exists()
    for path in local.rglob("*.html"):
        assert 'type="application/atom+xml"' not in path.read_text(encoding="utf-8"), path


def corrections_log(output: Path) -> list[tuple[str, str, str]]:
    items = page(output, "corrections/log/").select("ol.corrections-log > li")
    return [(li.select_one(".claim-text a")["href"], li.select_one(".update-note").get_text(),
             li.find("time")["datetime"]) for li in items]


def test_corrections_log_lists_every_update_newest_first(production, local):
    assert corrections_log(production) == [(f"{SITE_URL}/claims/{cid}/", note, day)
                                           for cid, note, day in CORRECTIONS_NEWEST_FIRST]
    assert [href for href, _, _ in corrections_log(local)] == [
        f"../../claims/{cid}/index.html" for cid, _, _ in CORRECTIONS_NEWEST_FIRST]
    assert broken_links(local, directories=False) == []
    log = (local / "corrections" / "log" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(3)" not in log and "&lt;em&gt;typo&lt;/em&gt;" in log


def test_without_updates_the_log_says_so_and_the_corrections_feed_is_empty(tmp_path):
    output = build_with(make_site(tmp_path / "site", {"no-updates": CLAIMS["no-updates"]}),
                        "publishconf.py", "prod")
    assert corrections_log(output) == []
    assert "No fact-check has been corrected" in page(output, "corrections/log/").main.get_text()
    root = feed(output, "corrections.atom.xml")
    assert root.findall(ATOM + "entry") == []
    assert text_of(root, "updated") == "2026-03-01T00:00:00Z"  # the first publication
