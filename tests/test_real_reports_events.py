"""What real reports need of events and quotes (issue 10, section 3): a date on each
conflicting account, an event whose date no report gives, speech relayed through someone
else, and quotes with omissions ("[…]"), each passage checked against the local copy.

One fixture site, built once: VALID_YAML where report-a has a local copy, the claim has two
more quotes from it (one relayed, one elided), the speech event has two dated accounts, and
an event no report dates is added (it bears on the claim).
"""

from __future__ import annotations

import csv
import json

import pytest

from conftest import VALID_YAML, build_site, run, write_site
from htmlcheck import page
from test_check_errors import edit, errors_at

COPY = ("Report A\n\nThe sky, Sam said, is green. We asked twice.\n\n"
        "Sam's words, as the ambassador put them: the sky is not blue today.\n")

QUOTES = """\
      - source: report-a
        text: The sky, […] is green.
        lang: en
        locator: para. 1
      - source: report-a
        text: the sky is not blue today
        lang: en
        speaker: Sam Speaker
        relayed_by: the <i>ambassador</i>
"""

EVENTS = """\
  - id: speech
    date: 2021-04-02
    title: Sam speaks
    sources: [report-a, report-b]
    claims: [sky-is-green]
    accounts:
      - {source: report-a, says: Sam spoke in late March., date: 2021-03~}
      - {source: report-b, says: Sam spoke on 15 March., date: 2021-03-15}
  - id: distorted
    date: null
    title: His office later says his words were distorted
    sources: [report-a]
    claims: [sky-is-green]
"""

YAML = (edit("    tags: [sky]\n", QUOTES + "    tags: [sky]\n",
             edit("    cites: [report-b]\n", "    cites: [report-b]\n"
                  "    local_copy: evidence/a.txt\n"))
        .split("events:\n")[0] + "events:\n" + EVENTS)
FILES = {"evidence/a.txt": COPY}


def words(element) -> str:
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_site(write_site(tmp_path_factory.mktemp("real-events") / "site", YAML,
                                 extra=FILES))


@pytest.fixture(scope="module")
def chronology(output):
    return page(output, "chronology/")


def check_errors(tmp_path, capsys, yaml_text: str) -> str:
    code, err = run(write_site(tmp_path / "site", yaml_text, extra=FILES), "check", capsys)
    assert code == 1, err
    return err


def where(yaml_text: str, line_text: str, value: str) -> str:
    """'claims.yaml:LINE:COL' of ``value`` on the one line that is ``line_text``."""
    lines = yaml_text.splitlines()
    assert lines.count(line_text) == 1, line_text
    return f"claims.yaml:{lines.index(line_text) + 1}:{line_text.index(value) + 1}"


def test_fixture_checks_clean(tmp_path, capsys):
    code, err = run(write_site(tmp_path / "site", YAML, extra=FILES), "check", capsys)
    assert code == 0, err


# --- A date on each account ---------------------------------------------------------------

def test_each_account_shows_its_date(chronology):
    accounts = chronology.find(id="event-speech").select(".accounts .account")
    assert [(a["id"], words(a.find(class_="account-date"))) for a in accounts] == [
        ("event-speech-account-1", "Date given: March 2021, approximate"),
        ("event-speech-account-2", "Date given: 15 March 2021")]
    assert accounts[1].find("time")["datetime"] == "2021-03-15"
    assert words(accounts[0].find_all("p")[-1]) == "Sam spoke in late March."


def test_each_dated_account_is_on_the_time_axis(chronology):
    marks = {a["href"]: a for a in chronology.select("figure.overview svg a")}
    first, second = marks["#event-speech-account-1"], marks["#event-speech-account-2"]
    assert "mark-account" in first["class"] and "mark-account" in second["class"]
    # Their text equivalents give each report's date; the event keeps its own mark.
    assert first.title.get_text() == ("March 2021, approximate, according to Outlet A, "
                                      "13 Apr 2021: Sam speaks")
    assert second.title.get_text() == ("15 March 2021, according to unknown outlet, "
                                       "Apr 2021?: Sam speaks")
    assert second.find("circle") is not None and first.find("rect") is not None
    assert float(first.rect["x"]) < float(second.circle["cx"])
    assert "#event-speech" in marks
    legend = words(chronology.find("ul", class_="legend"))
    assert "the date one report gives an event whose reports disagree" in legend
    assert "Hollow marks" in words(chronology.find("figure", class_="overview").figcaption)


def test_account_dates_in_the_open_data(output):
    data = json.loads((output / "data/claims.json").read_text(encoding="utf-8"))
    speech = next(event for event in data["events"] if event["id"] == "speech")
    assert [account["date"] for account in speech["accounts"]] == ["2021-03~", "2021-03-15"]


def test_account_date_is_checked(tmp_path, capsys):
    line = "      - {source: report-b, says: Sam spoke on 15 March., date: 2021-02-30}"
    text = edit("date: 2021-03-15}", "date: 2021-02-30}", YAML)
    err = check_errors(tmp_path, capsys, text)
    assert errors_at(err, where(text, line, "2021-02-30")) == [
        "accounts[1].date: '2021-02-30' has day 30, which February 2021 does not have"]


# --- An event whose date is unknown -------------------------------------------------------

def test_undated_event_in_its_own_section_last(chronology):
    sections = chronology.select("section.period")
    last = sections[-1]
    assert last.h2["id"] == "date-unknown" and words(last.h2) == "Date unknown"
    assert "No cited report gives a date" in words(last.find(class_="undated-note"))
    entry = last.find(id="event-distorted")
    assert words(entry.find(class_="entry-date")) == "The date is not known"
    assert words(entry.h3) == "His office later says his words were distorted"
    assert all(s.find(id="event-distorted") is None for s in sections[:-1])
    nav = [words(a) for a in chronology.select("nav.periods a")]
    assert nav[-1] == "Date unknown"


def test_undated_event_is_not_on_the_axis(chronology):
    hrefs = [a["href"] for a in chronology.select("figure.overview svg a")]
    assert "#event-distorted" not in hrefs and "#event-speech" in hrefs
    assert "not on the axis" in words(chronology.find("figure", class_="overview").figcaption)


def test_undated_event_left_out_of_timelinejs(output):
    data = json.loads((output / "chronology/timeline.json").read_text(encoding="utf-8"))
    ids = [slide["unique_id"] for slide in data["events"]]
    assert "event-distorted" not in ids and "event-speech" in ids


def test_undated_event_in_the_open_data_and_other_pages(output):
    data = json.loads((output / "data/claims.json").read_text(encoding="utf-8"))
    distorted = next(event for event in data["events"] if event["id"] == "distorted")
    assert distorted["date"] is None
    with open(output / "data/events.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["distorted"]["date"] == ""
    claim = page(output, "claims/sky-is-green/")
    context = [words(li) for li in claim.select("ol.context li")]
    assert context[-1] == "date unknown His office later says his words were distorted"
    source = page(output, "sources/report-a/")
    assert "date unknown: His office later says his words were distorted" in words(source)


def test_an_event_may_not_leave_out_its_date(tmp_path, capsys):
    text = edit("    date: null\n", "", YAML)
    err = check_errors(tmp_path, capsys, text)
    assert any(message.startswith("missing required field 'date'") for message in
               errors_at(err, where(text, "  - id: distorted", "id")))


# --- Speech relayed through someone else --------------------------------------------------

def test_relayed_speech_says_so_in_the_caption(output):
    captions = [words(f) for f in page(output, "claims/sky-is-green/").select("figure.quote "
                                                                              "figcaption")]
    assert captions[2] == ("Sam Speaker, as relayed by the <i>ambassador</i>, as printed in "
                           "Report A")
    assert captions[1] == "Sam Speaker, as printed in Report A, para. 1"


# --- Quotes with omissions ----------------------------------------------------------------

def test_elided_quote_is_shown_as_written(output):
    quotes = page(output, "claims/sky-is-green/").select("figure.quote blockquote:not("
                                                         ".translation)")
    assert [words(q) for q in quotes] == ["Der Himmel ist grün.", "The sky, […] is green.",
                                          "the sky is not blue today"]


@pytest.mark.parametrize("text", ["The sky, [...] is green.", "The sky, […] green. […] twice.",
                                  "Report A […] The sky, […] We asked"])
def test_each_passage_found_in_order_passes(tmp_path, capsys, text):
    yaml_text = edit("        text: The sky, […] is green.\n", f"        text: {text}\n", YAML)
    code, err = run(write_site(tmp_path / "site", yaml_text, extra=FILES), "check", capsys)
    assert code == 0, err


@pytest.mark.parametrize("text, message", [
    ("The sky, […] is blue.", "passage 2 of 2 of this quote (between […] marks) not found "
     "verbatim in the local copy of 'report-a' after the passages before it"),
    ("is green. […] The sky,", "passage 2 of 2 of this quote (between […] marks) not found "
     "verbatim in the local copy of 'report-a' after the passages before it"),
    ("The skies […] is green.", "passage 1 of 2 of this quote (between […] marks) not found "
     "verbatim in the local copy of 'report-a';"),
])
def test_a_passage_missing_or_out_of_order_is_an_error(tmp_path, capsys, text, message):
    line = f"        text: {text}"
    yaml_text = edit("        text: The sky, […] is green.\n", line + "\n", YAML)
    err = check_errors(tmp_path, capsys, yaml_text)
    found = errors_at(err, where(yaml_text, line, text))
    assert len(found) == 1 and found[0].startswith(message), found


@pytest.mark.parametrize("text, message", [
    ('"[…]"', "quote is only the omission mark […]"),
    ('"[...] [...]"', "quote is only the omission mark […]"),
    ('"[…] is green."', "quote starts with the omission mark […]"),
    ('"The sky, […]"', "quote ends with the omission mark […]"),
    ('"The sky, […] […] is green."', "quote has two omission marks with nothing between them"),
])
def test_an_omission_at_an_end_or_alone_is_an_error(tmp_path, capsys, text, message):
    line = f"        text: {text}"
    yaml_text = edit("        text: The sky, […] is green.\n", line + "\n", YAML)
    err = check_errors(tmp_path, capsys, yaml_text)
    found = errors_at(err, where(yaml_text, line, text))
    assert len(found) == 1 and found[0].startswith(f"quotes[1].text: {message}"), found
