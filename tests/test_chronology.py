"""The chronology page, the claim pages' "in context" timelines and the TimelineJS export."""

from __future__ import annotations

import json

import pytest

from conftest import VALID_YAML, build_site, write_site
from factcheck.render.chronology import entries, groups
from htmlcheck import broken_links, page

EVENTS = """\
events:
  - id: war
    date: 2020-09-27/2020-11-10
    title: The war
    sources: [report-a]
  - id: year-only
    date: 2021
    title: Sometime in 2021
    sources: [report-a]
  - id: march-approx
    date: 2021-03~
    title: Late March find
    text: Found *during* demining.
    sources: [report-a, report-b]
    claims: [sky-is-green]
    accounts:
      - {source: report-a, says: Two missiles}
      - {source: report-b, says: One missile}
  - id: march-exact
    date: 2021-03-02
    title: Second of March
    sources: [report-b]
  - id: march-month
    date: 2021-03
    title: Some day in March
    sources: [report-b]
  - id: a-march-month
    date: 2021-03
    title: Another day in March
    sources: [report-b]
  - id: april
    date: 2021-04-02?
    title: Probably the second of April
    sources: [report-a]
    claims: [sky-is-green]
"""

EXPECTED_ORDER = [
    "event-war", "event-year-only", "event-a-march-month", "event-march-month",
    "event-march-approx", "event-march-exact", "claim-sky-is-green", "event-april"]


def _yaml() -> str:
    head, _, _ = VALID_YAML.partition("events:\n")
    # the claim is dated 2021-03-31 so it sorts among the March entries
    return head.replace("date: 2021-04\n", "date: 2021-03-31\n") + EVENTS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_site(write_site(tmp_path_factory.mktemp("chronology"), _yaml()))


@pytest.fixture(scope="module")
def chronology(out):
    return page(out, "chronology/")


def test_entries_in_order_earliest_day_then_precision_then_id(chronology):
    ids = [li["id"] for li in chronology.select("ol.chronology > li")]
    assert ids == EXPECTED_ORDER


def test_grouped_by_year_when_sparse_and_by_month_otherwise(chronology):
    headings = [h.get_text() for h in chronology.select("section.period > h2")]
    assert headings == ["2020", "2021, month not known", "March 2021", "April 2021"]
    assert [a["href"] for a in chronology.select("nav.periods a")] == [
        "#y2020", "#y2021", "#m2021-03", "#m2021-04"]


def test_dates_shown_as_precisely_as_known_with_machine_values(chronology):
    def date_of(entry_id):
        return chronology.find(id=entry_id).find(class_="entry-date")

    war = date_of("event-war")
    assert [t["datetime"] for t in war.find_all("time")] == ["2020-09-27", "2020-11-10"]
    assert war.get_text() == "27 September 2020 to 10 November 2020"
    assert date_of("event-march-approx").get_text() == "March 2021, approximate"
    assert date_of("event-march-approx").time["datetime"] == "2021-03"
    assert date_of("event-april").get_text() == "2 April 2021, uncertain"
    assert date_of("event-year-only").time["datetime"] == "2021"


def test_claim_dates_are_distinct_and_link_to_the_claim(chronology):
    claim = chronology.find(id="claim-sky-is-green")
    assert "entry-claim" in claim["class"] and "entry-event" not in claim["class"]
    assert claim.find("a")["href"] == "../claims/sky-is-green/index.html"
    assert claim.find(class_="verdict").get_text() == "Incorrect"


def test_event_shows_text_sources_and_claims_with_verdicts(chronology):
    event = chronology.find(id="event-march-approx")
    assert event.find(class_="entry-text").em.get_text() == "during"
    assert [a.get_text() for a in event.select(".entry-sources a")] == [
        "Outlet A, 13 Apr 2021", "unknown outlet, Apr 2021?"]  # short labels: outlet and date
    claim = event.select_one("ul.entry-claims li")
    assert claim.find(class_="verdict").get_text() == "Incorrect"
    assert claim.a["href"] == "../claims/sky-is-green/index.html"


def test_disputed_accounts_side_by_side(chronology):
    event = chronology.find(id="event-march-approx")
    assert "disputed" in event["class"]
    assert "Accounts differ" in event.find(class_="disputed-flag").get_text()
    accounts = event.select(".accounts .account")
    assert [(a.find(class_="account-source").get_text(), a.find_all("p")[1].get_text())
            for a in accounts] == [("Outlet A, 13 Apr 2021", "Two missiles"),
                                   ("unknown outlet, Apr 2021?", "One missile")]
    assert "disputed" not in chronology.find(id="event-war")["class"]


def test_overview_draws_partial_dates_as_spans_and_links_each_mark(chronology):
    marks = {a["href"]: a for a in chronology.select("figure.overview svg a")}
    assert sorted(marks) == sorted(f"#{i}" for i in EXPECTED_ORDER)
    assert marks["#event-march-exact"].find("circle") is not None
    for span in ("#event-march-approx", "#event-march-month", "#event-war", "#event-april",
                 "#event-year-only"):
        assert marks[span].find("rect") is not None, span
    month = float(marks["#event-march-month"].rect["width"])
    exact_day_war = float(marks["#event-war"].rect["width"])
    assert exact_day_war > month > 6


def test_page_is_complete_without_javascript(chronology, out):
    # The only scripts are enhancements (search box, overview scroll); the content is all in
    # the HTML. The rest is JSON-LD data.
    scripts = chronology.find_all("script")
    assert [s["src"] for s in scripts if s.get("src")] == ["../theme/js/search.js",
                                                         "../theme/js/chronology.js"]
    assert {s.get("type") for s in scripts if not s.get("src")} == {"application/ld+json"}
    assert len(chronology.select("ol.chronology > li")) == len(EXPECTED_ORDER)
    assert chronology.find("a", class_="skip-link")["href"] == "#main"
    assert broken_links(out) == []


def test_claim_page_in_context_timeline(out):
    context = page(out, "claims/sky-is-green/").select("ol.context > li")
    assert [li.get_text(" ", strip=True) for li in context] == [
        "March 2021 , approximate Late March find accounts differ",
        "31 March 2021 This claim is made.",
        "2 April 2021 , uncertain Probably the second of April",
    ]
    assert context[0].a["href"] == "../../chronology/index.html#event-march-approx"


def test_timelinejs_export(out):
    data = json.loads((out / "chronology" / "timeline.json").read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"]
    slides = {s["unique_id"]: s for s in data["events"]}
    assert list(slides) == EXPECTED_ORDER
    war = slides["event-war"]
    assert war["start_date"] == {"year": 2020, "month": 9, "day": 27,
                                 "display_date": "27 September 2020"}
    assert war["end_date"]["day"] == 10 and war["group"] == "Events"
    approx = slides["event-march-approx"]
    assert approx["start_date"] == {"year": 2021, "month": 3,
                                    "display_date": "March 2021, approximate"}
    assert "end_date" not in approx and approx["display_date"] == "March 2021, approximate"
    assert approx["text"] == {"headline": "Late March find",
                              "text": "<p>Found <em>during</em> demining.</p>"}
    claim = slides["claim-sky-is-green"]
    assert claim["group"] == "Claims" and "Incorrect" in claim["text"]["text"]


def test_group_helper_handles_no_entries():
    assert groups([]) == []


def test_sample_chronology(sample_output):
    chronology = page(sample_output, "chronology/")
    find = chronology.find(id="event-find-reported")
    assert find.find(class_="entry-date").get_text() == "March 2021, approximate"
    assert len(find.select(".accounts .account")) >= 2
    assert len(chronology.select("ol.chronology > li.entry-event")) >= 12


def test_event_text_links_and_citations_are_checked(tmp_path, capsys):
    from conftest import run

    yaml_text = _yaml().replace("text: Found *during* demining.",
                                "text: See [x](javascript:alert(1)) [@report-a].")
    root = write_site(tmp_path, yaml_text)
    code, err = run(root, "check", capsys)
    assert code == 1
    line = next(n for n, l in enumerate(yaml_text.splitlines(), 1) if "text: See" in l)
    assert f"claims.yaml:{line}:11: error: event text: link to 'javascript:alert(1)'" in err
    assert (f"claims.yaml:{line}:11: error: event text: citation of 'report-a' where citations "
            "are not shown") in err


def test_entries_helper_orders_deterministically():
    from factcheck.model.check import Project, check_project
    from conftest import PROJECT

    catalog = check_project(Project(PROJECT)).catalog
    first = [e.anchor for e in entries(catalog)]
    assert first == [e.anchor for e in entries(catalog)] and len(first) == len(set(first))


def test_a_year_only_span_is_marked_as_running_on(chronology):
    marks = {a["href"]: a for a in chronology.select("figure.overview svg a")}
    assert marks["#event-year-only"].find("path", class_="runs-on") is not None
    assert marks["#event-march-month"].find("path", class_="runs-on") is None
