"""The publisher (IFCN principles): its settings on the about and corrections pages, one
schema.org Organization on every page (the ClaimReview's author), the production check's
warnings, clear errors for bad settings; and ClaimReview dates no more precise than the data.

Real builds of fixture sites; the Nu HTML checker (Java) and axe-core (Chromium) over the two
templates the publisher adds. About 12 s (five builds, one vnu run, two axe runs).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

import build
from browser import open_page, serve
from conftest import FLOW_RATINGS, PELICANCONF, PROJECT, production_settings, run, write_site
from htmlcheck import jsonld, page, soup
from test_readers_checks import AXE_JS, VNU_JAR, axe_violations

SITE_URL = "https://checks.test/site"
NAME = "Harbour <Checks> & Co"  # markup in a setting is text, in HTML and in JSON-LD
PUBLISHER = f"""
FACTCHECK_PUBLISHER = {{
    "name": {NAME!r},
    "url": "https://harbour-checks.test",
    "email": "desk@harbour-checks.test",
    "owner": "The Harbour Trust",
    "funding": "Reader donations (70%) and a grant from the Quay Fund",
    "nonpartisanship": "We back no party, government or claimant.",
    "corrections_contact": "https://harbour-checks.test/corrections",
    "corrections_response_time": "within two working days",
}}
FACTCHECK_REPOSITORY = "https://github.com/harbour/checks"
"""
PAGES = {"content/pages/about.md": "Title: About\nSlug: about\nTemplate: about\n\nAbout us.\n",
         "content/pages/corrections.md":
             "Title: Corrections\nSlug: corrections\nTemplate: corrections\n\nPolicy.\n"}
ORGANIZATION = {
    "@context": "https://schema.org", "@type": "Organization",
    "@id": f"{SITE_URL}/#publisher", "name": NAME, "url": "https://harbour-checks.test",
    "email": "desk@harbour-checks.test",
    "ownershipFundingInfo": "Owner: The Harbour Trust; Funding: Reader donations (70%) and a "
                            "grant from the Quay Fund",
    "publishingPrinciples": f"{SITE_URL}/methodology/",
    "correctionsPolicy": f"{SITE_URL}/corrections/",
    "contactPoint": {"@type": "ContactPoint", "contactType": "corrections",
                     "url": "https://harbour-checks.test/corrections",
                     "description": "Response time: within two working days"},
}


def site_with(root, settings: str, yaml_text: str | None = None, analyses=None):
    """A fixture site whose pages use the about and corrections templates."""
    extra = {"pelicanconf.py": settings, **PAGES}
    if yaml_text is None:
        return write_site(root, extra=extra)
    return write_site(root, yaml_text, analyses, extra=extra)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    root = site_with(tmp_path_factory.mktemp("publisher") / "site",
                     production_settings(SITE_URL) + PUBLISHER)
    assert build.main(["build", "--root", str(root)]) == 0
    return root / "output"


def test_every_page_has_the_one_organization(production):
    pages = sorted(production.rglob("*.html"))
    assert len(pages) >= 12 and production / "404.html" in pages
    for path in pages:
        found = [d for d in jsonld(soup(path)) if d["@type"] == "Organization"]
        assert found == [ORGANIZATION], path
    raw = (production / "index.html").read_text(encoding="utf-8")
    assert "<Checks>" not in raw.split("</head>")[0]  # escaped inside the script too


def test_claim_review_author_is_that_organization(production):
    review, organization = jsonld(page(production, "claims/sky-is-green/"))
    assert review["@type"] == "ClaimReview" and organization == ORGANIZATION
    assert review["author"] == {"@type": "Organization", "@id": f"{SITE_URL}/#publisher",
                                "name": NAME, "url": "https://harbour-checks.test"}
    exported = json.loads((production / "data/claims.json").read_text(encoding="utf-8"))
    assert exported["claims"][0]["claim_review"]["author"] == review["author"]


def facts(document) -> dict[str, tuple[str, str | None]]:
    """The publisher block as {label: (text, link)}."""
    block = document.select_one("section.publisher dl")
    return {dt.get_text(strip=True): (dd.get_text(" ", strip=True), dd.a and dd.a["href"])
            for dt, dd in zip(block.find_all("dt"), block.find_all("dd"))}


def test_about_and_corrections_pages_show_the_settings(production):
    about = page(production, "about/")
    assert about.select_one("section.publisher h2").get_text() == "Who publishes this site"
    assert facts(about) == {
        "Publisher": (NAME, None),
        "Website": ("https://harbour-checks.test", "https://harbour-checks.test"),
        "Contact": ("desk@harbour-checks.test", "mailto:desk@harbour-checks.test"),
        "Owned by": ("The Harbour Trust", None),
        "Funded by": ("Reader donations (70%) and a grant from the Quay Fund", None),
        "Nonpartisanship": ("We back no party, government or claimant.", None),
        "Source repository": ("https://github.com/harbour/checks",
                              "https://github.com/harbour/checks")}
    corrections = facts(page(production, "corrections/"))
    assert corrections["Corrections contact"] == ("https://harbour-checks.test/corrections",
                                                  "https://harbour-checks.test/corrections")
    assert corrections["Response to corrections"] == ("within two working days", None)


def test_missing_settings_say_not_stated(tmp_path):
    settings = PELICANCONF + 'FACTCHECK_PUBLISHER = {"name": "Only A Name"}\n'
    out = build.main(["build", "--root", str(site_with(tmp_path, settings))])
    assert out == 0
    about = facts(page(tmp_path / "output", "about/"))
    assert about.pop("Publisher") == ("Only A Name", None)
    assert set(about.values()) == {("not stated", None)} and len(about) == 6
    assert page(tmp_path / "output", "about/").select("dd .unknown")
    (organization,) = jsonld(page(tmp_path / "output", "about/"))
    assert organization == {"@context": "https://schema.org", "@type": "Organization",
                            "@id": "#publisher", "name": "Only A Name",
                            "publishingPrinciples": "methodology/index.html",
                            "correctionsPolicy": "corrections/index.html"}


def check_json(root, capsys) -> tuple[int, list[dict]]:
    capsys.readouterr()
    code = build.main(["check", "--root", str(root), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def line_of(root, text: str) -> int:
    lines = (root / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_production_check_warns_about_each_missing_setting(tmp_path, capsys):
    partial = 'FACTCHECK_PUBLISHER = {\n    "name": "Only A Name",\n    "url": ""}\n' \
              'FACTCHECK_REPOSITORY = ""\n'
    root = site_with(tmp_path, production_settings(SITE_URL) + partial)
    code, problems = check_json(root, capsys)
    assert code == 0 and {p["severity"] for p in problems} == {"warning"}
    where = {re.search(r"'(\w+)'|(FACTCHECK_REPOSITORY)", p["message"]).group(1) or
             "repository": (p["file"], p["line"], p["column"]) for p in problems}
    assignment = ("pelicanconf.py", line_of(root, "FACTCHECK_PUBLISHER = {"), 1)
    assert where == {"url": ("pelicanconf.py", line_of(root, '"url": ""'), 5),
                     "email": assignment, "owner": assignment, "funding": assignment,
                     "nonpartisanship": assignment, "corrections_contact": assignment,
                     "corrections_response_time": assignment,
                     "repository": ("pelicanconf.py", line_of(root, "FACTCHECK_REPOSITORY ="), 1)}
    assert all('says "not stated"' in p["message"] for p in problems)
    local = site_with(tmp_path / "local", PELICANCONF + partial)
    assert check_json(local, capsys) == (0, [])


def test_production_check_warns_about_example_values(tmp_path, capsys):
    examples = PUBLISHER.replace("The Harbour Trust", "Some Trust (replace in pelicanconf.py)") \
        .replace("desk@harbour-checks.test", "desk@example.org")
    root = site_with(tmp_path, production_settings(SITE_URL) + examples)
    code, problems = check_json(root, capsys)
    assert code == 0
    assert [(p["severity"], p["line"], p["message"].split(" is ")[0]) for p in problems] == [
        ("warning", line_of(root, '"email"'), "FACTCHECK_PUBLISHER 'email'"),
        ("warning", line_of(root, '"owner"'), "FACTCHECK_PUBLISHER 'owner'")]
    assert all("still the sample's example" in p["message"] for p in problems)


BAD_SETTINGS = [
    ('FACTCHECK_PUBLISHER = {"name": 7}', '"name"',
     "FACTCHECK_PUBLISHER 'name' is int; expected text (a quoted string)"),
    ('FACTCHECK_PUBLISHER = {"name": "A", "colour": "blue"}', '"colour"',
     "FACTCHECK_PUBLISHER has an unknown key 'colour'; expected only: name, url, email, owner, "
     "funding, nonpartisanship, corrections_contact, corrections_response_time"),
    ('FACTCHECK_PUBLISHER = "Harbour Checks"', "FACTCHECK_PUBLISHER",
     'FACTCHECK_PUBLISHER is str; expected a dict such as {"name": "...", "url": "..."}'),
    ('FACTCHECK_PUBLISHER = {"url": "javascript:alert(1)"}', '"url"',
     "FACTCHECK_PUBLISHER 'url': 'javascript:alert(1)' is not a web address; expected an "
     "http:// or https:// URL"),
    ('FACTCHECK_PUBLISHER = {"email": "desk at harbour"}', '"email"',
     "FACTCHECK_PUBLISHER 'email': 'desk at harbour' is not a mail address; expected one such "
     "as corrections@example.org"),
    ('FACTCHECK_PUBLISHER = {"owner": "A\\u202eB"}', '"owner"',
     "FACTCHECK_PUBLISHER 'owner': holds the invisible character U+202E; expected printable "
     "text"),
    ('FACTCHECK_PUBLISHER = {"repository": "https://github.com/a/b"}', '"repository"',
     "FACTCHECK_PUBLISHER has 'repository'; expected it as FACTCHECK_REPOSITORY instead"),
    ('FACTCHECK_REPOSITORY = "git@github.com:a/b.git"', "FACTCHECK_REPOSITORY",
     "FACTCHECK_REPOSITORY: 'git@github.com:a/b.git' is not a web address; expected an "
     "http:// or https:// URL"),
]


@pytest.mark.parametrize("setting, at, message", BAD_SETTINGS,
                         ids=["type", "unknown-key", "not-a-dict", "javascript-url", "email",
                              "bidi", "repository-key", "repository-url"])
def test_bad_settings_are_one_clear_error(tmp_path, capsys, setting, at, message):
    root = site_with(tmp_path, PELICANCONF + setting + "\n")
    code, problems = check_json(root, capsys)
    line = line_of(root, setting)
    column = (root / "pelicanconf.py").read_text().splitlines()[line - 1].find(at) + 1
    assert (code, problems) == (1, [{"file": "pelicanconf.py", "line": line, "column": column,
                                     "severity": "error", "message": message}])
    code, err = run(root, "build", capsys)  # in-process: a traceback would raise here
    assert code == 1 and f"pelicanconf.py:{line}:{column}: error: " in err
    assert not (root / "output").exists()


DATED_YAML = f"""\
{FLOW_RATINGS}sources:
  - {{id: day-uncertain, title: A, publisher: null, published: 2021-04-02?, url: null,
     language: en}}
  - {{id: month-approx, title: B, publisher: null, published: 2021-04~, url: null, language: en}}
  - {{id: year-uncertain, title: C, publisher: null, published: 2021?, url: null, language: en}}
  - {{id: day-certain, title: D, publisher: null, published: 2021-04-02, url: null, language: en}}
  - {{id: undated, title: E, publisher: null, published: null, url: null, language: en}}
claims:
"""
# claim date, the source it was said in -> itemReviewed.datePublished, appearance's date
DATED_CLAIMS = {
    "day-approx": ("2021-04-02~", "day-uncertain", "2021-04", "2021-04"),
    "month-uncertain": ("2021-04?", "month-approx", "2021", "2021"),
    "year-approx": ("2021~", "year-uncertain", None, None),
    "month-certain": ("2021-04", "day-certain", "2021-04", "2021-04-02"),
    "undated": (None, "undated", None, None),
}


def dated_yaml() -> str:
    claims = "".join(
        f"  - {{id: {claim_id}, claim: Claim {claim_id}., claimant: Sam, date: {date or 'null'},"
        f" said_in: {source}, rating: incorrect, summary: S., published: 2026-01-10}}\n"
        for claim_id, (date, source, _, _) in DATED_CLAIMS.items())
    return DATED_YAML + claims + "events:\n"


def test_claim_review_dates_say_only_the_certain_part(tmp_path):
    root = site_with(tmp_path, production_settings(SITE_URL) + PUBLISHER, dated_yaml(),
                     {claim_id: "Nothing settles it.\n" for claim_id in DATED_CLAIMS})
    assert build.main(["build", "--root", str(root)]) == 0
    out = root / "output"
    exported = {c["id"]: c for c in
                json.loads((out / "data/claims.json").read_text(encoding="utf-8"))["claims"]}
    feed = json.loads((out / "data/claimreview-feed.json").read_text(encoding="utf-8"))
    in_feed = {item["item"][0]["url"]: item["item"][0] for item in feed["dataFeedElement"]}
    for claim_id, (date, _, claim_date, source_date) in DATED_CLAIMS.items():
        review = jsonld(page(out, f"claims/{claim_id}/"))[0]
        item = review["itemReviewed"]
        assert item.get("datePublished") == claim_date, claim_id
        assert item["appearance"].get("datePublished") == source_date, claim_id
        assert review["datePublished"] == "2026-01-10"
        assert exported[claim_id]["claim_review"] == review == in_feed[review["url"]]
        assert exported[claim_id]["date"] == date  # the record keeps the mark


@pytest.fixture(scope="module")
def www(tmp_path_factory):
    """A local build (relative links, so its CSS loads) served with axe-core beside it."""
    root = site_with(tmp_path_factory.mktemp("publisher-local") / "site", PELICANCONF + PUBLISHER)
    assert build.main(["build", "--root", str(root)]) == 0
    folder = root / "output"
    shutil.copy(AXE_JS, folder / "axe.min.js")
    with serve(folder) as base:
        yield base


def test_publisher_pages_pass_the_nu_checker_and_axe(production, browser, www):
    java = shutil.which("java")
    assert java and VNU_JAR.is_file(), "Java and vnu-jar (npm ci) are needed"
    files = [str(production / slug / "index.html") for slug in ("about", "corrections")]
    checked = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", *files],
                             capture_output=True, text=True, timeout=120)
    messages = json.loads(checked.stderr)["messages"]
    assert [m["message"] for m in messages if m["type"] == "error"] == []
    problems = []
    with open_page(browser) as tab:
        for slug in ("about", "corrections"):
            tab.goto(f"{www}/{slug}/")
            problems += [f"{slug}: {line}" for line in axe_violations(tab, www)]
    assert problems == []


def test_the_settings_document_is_current():
    from factcheck.model.publisher import settings_markdown
    assert (PROJECT / "docs/publisher-settings.md").read_text(encoding="utf-8") == \
        settings_markdown()
