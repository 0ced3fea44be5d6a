"""What real reports need of a source (issue 10, section 3): a republication word for word, a
descriptive title with a language of its own, a time of publication, and "no byline" apart
from "author not known". Each is checked at its position and shown on the rendered pages.

One fixture site, built once: VALID_YAML with four sources added after report-b:

- copy-1 and copy-2 republish report-a word for word (the copies, grouped on its page);
  copy-1 gives a time of publication and carries no byline;
- untitled-ru, a Russian report whose headline was not recorded: an English description
  (title_language: en), author not known;
- untitled-und, a description without title_language: its lang is the report's.
"""

from __future__ import annotations

import csv
import json

import pytest

from conftest import VALID_YAML, build_site, run, write_site
from htmlcheck import page
from test_check_errors import edit, errors_at

SOURCES = """\
  - id: copy-1
    title: Report A
    publisher: Copy Outlet One
    authors: []
    byline: none
    published: 2021-04-13
    published_time: "14:05+04:00"
    url: https://example.org/copy-1
    language: en
    republishes: report-a
  - id: copy-2
    title: Report A, as republished
    publisher: Copy Outlet Two
    published: 2021-04-14
    url: null
    language: en
    republishes: report-a
  - id: untitled-ru
    title: Russian report of Sam Speaker's remarks on the sky
    title_is_description: true
    title_language: en
    publisher: Outlet R
    byline: unknown
    published: 2021-04
    url: null
    language: ru
  - id: untitled-und
    title: Report on the sky <b>known only second-hand</b>
    title_is_description: true
    publisher: null
    published: null
    url: null
    language: de
"""

YAML = edit("claims:\n", SOURCES + "claims:\n")
DESCRIPTION = "[Russian report of Sam Speaker's remarks on the sky]"


def words(element) -> str:
    """The element's text as a reader hears it: runs of whitespace as one space."""
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_site(write_site(tmp_path_factory.mktemp("real-sources") / "site", YAML))


def source_page(output, source_id: str):
    return page(output, f"sources/{source_id}/")


def fact(document, label: str):
    """The <dd> of the source page's fact list under the <dt> ``label``."""
    term = next(dt for dt in document.select("dl.source-facts dt") if dt.get_text() == label)
    return term.find_next_sibling("dd")


def check_errors(tmp_path, capsys, yaml_text: str) -> str:
    code, err = run(write_site(tmp_path / "site", yaml_text), "check", capsys)
    assert code == 1, err
    return err


def errors_after_edit(tmp_path, capsys, old: str, new: str, at: tuple[str, str]) -> list[str]:
    """The errors check reports at ``at`` (a line and the value on it, as ``where`` takes
    them) once ``old`` becomes ``new`` in the fixture's YAML."""
    text = edit(old, new, YAML)
    return errors_at(check_errors(tmp_path, capsys, text), where(text, *at))


def where(yaml_text: str, line_text: str, value: str) -> str:
    """'claims.yaml:LINE:COL' of ``value`` on the one line that is ``line_text``."""
    lines = yaml_text.splitlines()
    assert lines.count(line_text) == 1, line_text
    number = lines.index(line_text) + 1
    return f"claims.yaml:{number}:{line_text.index(value) + 1}"


def test_fixture_checks_clean(tmp_path, capsys):
    code, err = run(write_site(tmp_path / "site", YAML), "check", capsys)
    assert code == 0, err
    assert "0 warning(s)" in err


# --- Republication ------------------------------------------------------------------------

def test_copy_says_it_republishes_the_original_word_for_word(output):
    dd = fact(source_page(output, "copy-1"), "Republication")
    assert words(dd) == "Republishes Report A word for word."
    assert dd.a["href"] == "../../sources/report-a/index.html"


def test_original_lists_its_copies_grouped(output):
    original = source_page(output, "report-a")
    heading = next(h for h in original.find_all("h2")
                   if h.get_text() == "Republished word for word by")
    copies = heading.find_next_sibling("ul")
    assert [a["href"] for a in copies.find_all("a")] == [
        "../../sources/copy-1/index.html", "../../sources/copy-2/index.html"]
    assert "Copy Outlet Two" in words(copies)
    # A republication is not a report that relies on the original: cites stays separate.
    relies = next(h for h in original.find_all("h2") if h.get_text() == "Reports that rely on it")
    assert words(relies.find_next_sibling()) == "None recorded."
    assert "Republication" not in [dt.get_text() for dt in original.select("dl.source-facts dt")]


def test_republication_in_the_open_data(output):
    data = json.loads((output / "data/claims.json").read_text(encoding="utf-8"))
    by_id = {source["id"]: source for source in data["sources"]}
    assert by_id["copy-1"]["republishes"] == "report-a"
    assert by_id["report-a"]["republishes"] is None
    with open(output / "data/sources.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["copy-2"]["republishes"] == "report-a"


def test_a_source_cannot_republish_itself(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys, "    republishes: report-a\n  - id: copy-2\n",
                              "    republishes: copy-1\n  - id: copy-2\n",
                              at=("    republishes: copy-1", "copy-1"))
    assert found == ["source 'copy-1' republishes itself; expected the id of the "
                     "report it copies, or null"]


def test_republishing_an_unknown_source_is_an_error(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys, "    republishes: report-a\n  - id: copy-2\n",
                              "    republishes: report-aa\n  - id: copy-2\n",
                              at=("    republishes: report-aa", "report-aa"))
    assert found == ["unknown source 'report-aa'; did you mean 'report-a'? expected "
                     "the id of an entry under sources:"]


# --- A descriptive title and the title's language -----------------------------------------

def test_description_is_shown_in_brackets_not_as_a_headline(output):
    document = source_page(output, "untitled-ru")
    heading = document.h1
    assert words(heading) == DESCRIPTION
    assert heading.find(class_="title-description") is not None
    assert not any(mark in words(heading) for mark in "\"“”«»„")
    assert "headline was not recorded" in words(document.find(class_="title-note"))
    assert document.title.get_text().startswith(DESCRIPTION + " · Sources")


def test_title_language_not_the_report_language_tags_the_title(output):
    document = source_page(output, "untitled-ru")
    # An English description of a Russian report is English: no lang="ru" on it.
    assert document.h1.get("lang") is None
    assert words(fact(document, "Language")) == "Russian (ru)"
    listing = page(output, "sources/")
    link = listing.find("a", href="../sources/untitled-ru/index.html")
    assert link.get("lang") is None and words(link) == DESCRIPTION
    # Without title_language, the title is in the report's language.
    other = source_page(output, "untitled-und")
    assert other.h1["lang"] == "de"
    assert words(other.h1) == "[Report on the sky <b>known only second-hand</b>]"
    assert other.h1.find("b") is None  # untrusted text stays text
    # An ordinary headline keeps the report's language too.
    assert source_page(output, "report-b").h1["lang"] == "de"


def test_description_is_not_a_headline_in_the_exports(output):
    data = json.loads((output / "data/claims.json").read_text(encoding="utf-8"))
    by_id = {source["id"]: source for source in data["sources"]}
    assert by_id["untitled-ru"]["title_is_description"] is True
    assert by_id["untitled-ru"]["title_language"] == "en"
    assert by_id["report-a"]["title_is_description"] is False


def test_title_is_description_must_be_true_or_false(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys,
                              "    title_is_description: true\n    title_language: en\n",
                              "    title_is_description: \"yes\"\n    title_language: en\n",
                              at=('    title_is_description: "yes"', '"yes"'))
    assert found[0].startswith("title_is_description: input should be a valid boolean")


def test_title_language_must_be_a_language_tag(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys, "    title_language: en\n",
                              "    title_language: english_uk\n",
                              at=("    title_language: english_uk", "english_uk"))
    assert found == ["title_language: 'english_uk' is not a BCP 47 language tag; "
                     "expected e.g. en, de, ru or pt-BR"]


# --- Time of publication ------------------------------------------------------------------

def test_time_of_publication_beside_the_date(output):
    dd = fact(source_page(output, "copy-1"), "Published")
    assert words(dd) == "13 April 2021, 14:05 (UTC+04:00)"
    assert dd.find("time", class_="published-time")["datetime"] == "2021-04-13T14:05+04:00"
    assert words(fact(source_page(output, "copy-2"), "Published")) == "14 April 2021"


@pytest.mark.parametrize("value", ['"14:05"', '"24:00+04:00"', '"14:05+4"', '"2pm"',
                                   '"14:05:00+04:00"'])
def test_time_needs_hours_minutes_and_an_offset(tmp_path, capsys, value):
    found = errors_after_edit(tmp_path, capsys, '    published_time: "14:05+04:00"\n',
                              f"    published_time: {value}\n",
                              at=(f"    published_time: {value}", value))
    assert found == [
        f"published_time: '{value.strip(chr(34))}' is not a time of day with its offset; "
        "expected HH:MM followed by the offset from UTC (+HH:MM, -HH:MM or Z), "
        "e.g. 14:05+04:00"]


def test_time_needs_an_exact_day(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys, "    published: 2021-04-13\n    published_time:",
                              "    published: 2021-04\n    published_time:",
                              at=('    published_time: "14:05+04:00"', '"14:05'))
    assert found == ["published_time: a time of day, but published is not an "
                     "exact day; expected published as YYYY-MM-DD, or "
                     "published_time: null"]


def test_a_utc_time_reads_as_utc(tmp_path):
    text = edit('"14:05+04:00"', '"09:30Z"', YAML)
    output = build_site(write_site(tmp_path / "site", text))
    dd = fact(source_page(output, "copy-1"), "Published")
    assert words(dd) == "13 April 2021, 09:30 (UTC)"
    assert dd.find("time", class_="published-time")["datetime"] == "2021-04-13T09:30Z"


# --- No byline, author not known ----------------------------------------------------------

def test_no_byline_and_author_not_known_are_told_apart(output):
    assert words(fact(source_page(output, "copy-1"), "Authors")) == (
        "No byline: the report names no author")
    assert words(fact(source_page(output, "untitled-ru"), "Authors")) == "Author not known"
    # The default: authors listed are named; none listed means not known.
    assert words(fact(source_page(output, "report-a"), "Authors")) == "Ann Author"
    assert words(fact(source_page(output, "copy-2"), "Authors")) == "Author not known"


def test_byline_in_the_open_data(output):
    data = json.loads((output / "data/claims.json").read_text(encoding="utf-8"))
    by_id = {source["id"]: source["byline"] for source in data["sources"]}
    assert by_id == {"report-a": "named", "report-b": "unknown", "copy-1": "none",
                     "copy-2": "unknown", "untitled-ru": "unknown", "untitled-und": "unknown"}


def test_no_byline_with_authors_listed_is_an_error(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys, "    authors: []\n    byline: none\n",
                              "    authors: [Ann Author]\n    byline: none\n",
                              at=("    byline: none", "none"))
    assert found == ["byline: none, but authors lists 1; expected authors: [] "
                     "(or byline: named, with the authors listed)"]


def test_an_unknown_byline_value_is_an_error(tmp_path, capsys):
    found = errors_after_edit(tmp_path, capsys, "    byline: none\n", "    byline: anonymous\n",
                              at=("    byline: anonymous", "anonymous"))
    assert found == ["byline: input should be 'named', 'none' or 'unknown'; "
                     "expected named (the report names its authors, listed in "
                     "authors), none (the report carries no byline) or unknown "
                     "(who wrote it is not known, e.g. a report known only "
                     "through another); null: named when authors are listed, "
                     "else unknown"]
