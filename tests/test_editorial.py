"""Editorial rules that hold for any content (factcheck/model/editorial.py), on fixture sites.

Positions refer to the numbered listing of VALID_YAML in test_check_errors.py; the claim's
only quote is

    39       - source: report-b
    40         text: Der Himmel ist grün.
    41         lang: de                        <- value at col 15
    42         translation: The sky is green.  <- value at col 22

MACHINE below is VALID_YAML with report-b flagged as a machine translation, three lines
added after its ``language: de`` (line 28):

    29     translation:
    30       of: null
    31       by: machine                       <- value at col 11
"""

from __future__ import annotations

import time

import pytest

from conftest import VALID_ANALYSIS, VALID_YAML, write_site
from factcheck.model.check import Project, check_project
from factcheck.model.editorial import calls_machine_translation
from test_check_errors import check, edit, problems

QUOTE_LANG = "        lang: de\n"
QUOTE_TRANSLATION = "        translation: The sky is green.\n"
LANG_AT = "claims.yaml:41:15"
TRANSLATION_AT = "claims.yaml:42:22"
NO_TRANSLATION = ("quote in '{}' has no translation; expected translation: our English "
                  "translation of the quoted words")
REPORT_B_LANGUAGE = "    language: de\n"
MACHINE = edit(REPORT_B_LANGUAGE,
               REPORT_B_LANGUAGE + "    translation:\n      of: null\n      by: machine\n")
MACHINE_BY_AT = "claims.yaml:31:11"
NO_NOTE = ("machine translation without a note; expected a note saying what gives it away "
           "(e.g. a name rendered wrongly) and what is known of the original")
UNFLAGGED = ("the note calls this report a machine translation but it is not flagged; "
             "expected translation: {of: <original's id or null>, by: machine}")


def test_fixture_positions():
    lines = VALID_YAML.splitlines()
    assert lines[40].index("de") + 1 == 15
    assert lines[41].index("The sky") + 1 == 22
    machine = MACHINE.splitlines()
    assert machine[30] == "      by: machine" and machine[30].index("machine") + 1 == 11


# --- a quote not in English needs our translation (error) -------------------------------------

@pytest.mark.parametrize("tag", ["de", "ru", "sr-Latn", "und", "DE", "fr-CA"])
def test_quote_not_in_english_without_translation_is_an_error(tmp_path, capsys, tag):
    text = edit(QUOTE_LANG + QUOTE_TRANSLATION, f"        lang: {tag}\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert problems(err) == [(LANG_AT, "error", NO_TRANSLATION.format(tag))]


def test_null_translation_is_no_translation(tmp_path, capsys):
    code, err = check(tmp_path, capsys, edit(QUOTE_TRANSLATION, "        translation: null\n"))
    assert code == 1
    assert problems(err) == [(LANG_AT, "error", NO_TRANSLATION.format("de"))]


@pytest.mark.parametrize("tag", ["en", "en-GB", "EN", "eng"])
def test_english_quote_needs_no_translation(tmp_path, capsys, tag):
    """English by its primary subtag, in any case or form langcodes knows."""
    code, err = check(tmp_path, capsys, edit(QUOTE_LANG + QUOTE_TRANSLATION,
                                             f"        lang: {tag}\n"))
    assert code == 0, err
    assert problems(err) == []


def test_english_quote_with_translation_is_a_warning(tmp_path, capsys):
    """A translation of English words means lang is wrong (the page would say "Our
    translation from English")."""
    code, err = check(tmp_path, capsys, edit(QUOTE_LANG, "        lang: en-GB\n"))
    assert code == 0, err
    assert problems(err) == [(
        TRANSLATION_AT, "warning",
        "quote is marked English (lang: en-GB) but has a translation; expected lang to name "
        "the language of the words, or no translation")]


def test_bad_language_tag_is_reported_once_by_the_schema(tmp_path, capsys):
    text = edit(QUOTE_LANG + QUOTE_TRANSLATION, "        lang: german\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert [(w, "BCP 47" in m) for w, _, m in problems(err)] == [(LANG_AT, True)]


def test_quote_of_a_claim_with_other_errors_is_still_checked(tmp_path, capsys):
    text = edit(QUOTE_TRANSLATION, "")
    text = edit("    rating: incorrect\n", "    rating: incorect\n", text)
    text = edit("    tags: [sky]\n", "    tgas: [sky]\n", text)
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [
        ("claims.yaml:36:13", "error"), (LANG_AT, "error"), ("claims.yaml:42:5", "error")]
    assert (LANG_AT, "error", NO_TRANSLATION.format("de")) in problems(err)


def test_each_quote_is_judged_on_its_own(tmp_path, capsys):
    quotes = (QUOTE_LANG + QUOTE_TRANSLATION +
              "      - source: report-a\n"
              "        text: The sky is green.\n"
              "        lang: en\n"                   # line 45: fine
              "      - source: report-b\n"
              "        text: Небо зелёное.\n"
              "        lang: ru\n")                  # line 48, col 15: no translation
    code, err = check(tmp_path, capsys, edit(QUOTE_LANG + QUOTE_TRANSLATION, quotes))
    assert code == 1
    assert problems(err) == [("claims.yaml:48:15", "error", NO_TRANSLATION.format("ru"))]


def test_untranslated_quote_missing_from_its_copy_gets_both_errors(tmp_path, capsys):
    """The verbatim rule (quotes.py, tested in test_quotes.py) and this one are independent."""
    text = edit(REPORT_B_LANGUAGE, REPORT_B_LANGUAGE + "    local_copy: evidence/b.txt\n")
    text = edit(QUOTE_TRANSLATION, "", text)
    code, err = check(tmp_path, capsys, text,
                      extra={"evidence/b.txt": "Der Himmel ist blau.\n"})
    assert code == 1
    assert [(w, m.split(";")[0]) for w, _, m in problems(err)] == [
        ("claims.yaml:41:15", "quote not found verbatim in the local copy of 'report-b'"),
        ("claims.yaml:42:15", "quote in 'de' has no translation")]


# --- machine translations are flagged and explained (warnings) --------------------------------

def test_machine_translation_without_note_is_a_warning(tmp_path, capsys):
    code, err = check(tmp_path, capsys, MACHINE)
    assert code == 0, err
    assert problems(err) == [(MACHINE_BY_AT, "warning", NO_NOTE)]


def test_machine_translation_with_null_note_is_a_warning(tmp_path, capsys):
    text = edit("      by: machine\n", "      by: machine\n    note: null\n", MACHINE)
    code, err = check(tmp_path, capsys, text)
    assert code == 0, err
    assert problems(err) == [(MACHINE_BY_AT, "warning", NO_NOTE)]


def test_machine_translation_with_note_is_clean(tmp_path, capsys):
    note = "    note: Reads as a machine translation (\"Nikolai Pashinyan\").\n"
    code, err = check(tmp_path, capsys, edit("      by: machine\n", "      by: machine\n" + note,
                                             MACHINE))
    assert code == 0, err
    assert problems(err) == []


def test_note_calling_an_unflagged_source_machine_translated_is_a_warning(tmp_path, capsys):
    note = "    note: It reads as a machine translation of a Russian text.\n"
    text = edit(REPORT_B_LANGUAGE, REPORT_B_LANGUAGE + note)
    code, err = check(tmp_path, capsys, text)
    assert code == 0, err
    assert problems(err) == [("claims.yaml:29:11", "warning", UNFLAGGED)]


def test_note_against_a_translation_by_the_outlet_points_at_by(tmp_path, capsys):
    text = edit(REPORT_B_LANGUAGE, REPORT_B_LANGUAGE + "    translation:\n      of: null\n"
                "      by: outlet\n    note: Machine-translated, judging by the names.\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 0, err
    assert problems(err) == [("claims.yaml:31:11", "warning", UNFLAGGED)]


def test_machine_rules_run_on_a_source_with_other_errors(tmp_path, capsys):
    text = edit("    url: null\n", "    url: nowhere\n", MACHINE)
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [
        ("claims.yaml:27:10", "error"), (MACHINE_BY_AT, "warning")]


@pytest.mark.parametrize("note, flags", [
    ("It reads as a machine translation.", True),
    ("Machine-translated from Russian, judging by the names.", True),
    ("Probably machine translated; the outlet does not say so.", True),
    ("The outlet's own translation, not a machine translation.", False),
    ("No sign of machine translation.", False),
    ("It isn't machine-translated. Names are spelt right.", False),
    ("The outlet translated it. A machine translation of it also circulates? no.", True),
    ("Translated by the outlet's staff.", False),
])
def test_what_counts_as_calling_a_report_a_machine_translation(note, flags):
    assert calls_machine_translation(note) is flags


def test_note_scan_is_linear():
    """A long hostile note (no sentence ends, the phrase and negations everywhere) is fast."""
    note = "not machine machine-translat " * 20_000 + "x" * 200_000
    started = time.perf_counter()
    assert calls_machine_translation(note) is False
    assert time.perf_counter() - started < 1.0


# --- an analysis cites its sources (warning) --------------------------------------------------

def test_analysis_without_citations_is_a_warning(tmp_path, capsys):
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": "The sky is blue.\n"})
    assert code == 0, err
    assert problems(err) == [(
        "content/claims/sky-is-green.md:1:1", "warning",
        "analysis cites no source; expected a citation such as [@source-id, para. 2] for "
        "every point it makes")]


def test_placeholder_analysis_is_warned_about_once(tmp_path, capsys):
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": "TODO: the analysis.\n"})
    assert code == 0, err
    assert [(w, m) for w, _, m in problems(err)] == [
        ("content/claims/sky-is-green.md:1:1", "placeholder analysis left to write (a line starting TODO)")]


def test_analysis_whose_only_citation_is_broken_gets_only_the_error(tmp_path, capsys):
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": "The sky [@nowhere].\n"})
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [("content/claims/sky-is-green.md:1:9",
                                                      "error")]


# --- the rules are part of check_project, so build refuses what check refuses ------------------

def test_build_refuses_an_untranslated_quote(tmp_path):
    root = write_site(tmp_path / "site", edit(QUOTE_TRANSLATION, ""),
                      {"sky-is-green": VALID_ANALYSIS})
    result = check_project(Project(root))
    assert not result.ok and result.catalog is None
    assert [str(p.position) for p in result.problems.errors] == [LANG_AT]
