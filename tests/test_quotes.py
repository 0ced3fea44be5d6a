"""Quotes checked against a source's optional local text copy (``local_copy``).

The fixtures are VALID_YAML (numbered listing in test_check_errors.py) with one line added
after report-b's ``language: de`` (line 28):

    29     local_copy: evidence/b.txt          <- value at col 17

so everything below moves down by one; the claim's only quote is then

    40       - source: report-b
    41         text: Der Himmel ist grün.      <- value at col 15
    42         lang: de
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run, write_site
from factcheck.model.check import Project, check_project
from test_check_errors import edit, problems

WITH_COPY = edit("    language: de\n", "    language: de\n    local_copy: evidence/b.txt\n")
QUOTE_LINE = "        text: Der Himmel ist grün.\n"
QUOTE_AT = "claims.yaml:41:15"
COPY_AT = "claims.yaml:29:17"


def test_fixture_positions():
    lines = WITH_COPY.splitlines()
    assert lines[28] == "    local_copy: evidence/b.txt"
    assert lines[28].index("evidence") + 1 == 17
    assert lines[40] == QUOTE_LINE.rstrip("\n")
    assert lines[40].index("Der") + 1 == 15


def check(tmp_path: Path, capsys, copy: str | None, quote_line: str = QUOTE_LINE,
          yaml_text: str = WITH_COPY):
    text = edit(QUOTE_LINE, quote_line, yaml_text)
    extra = {"evidence/b.txt": copy} if copy is not None else {}
    root = write_site(tmp_path / "site", text, extra=extra)
    return run(root, "check", capsys)


COPY = "Bericht vom 13. April.\n\nEr sagte: Der Himmel ist grün. Dann ging er.\n"


def test_verbatim_quote_passes(tmp_path, capsys):
    code, err = check(tmp_path, capsys, COPY)
    assert code == 0, err
    assert problems(err) == []


@pytest.mark.parametrize("copy, quote_line", [
    # The copy breaks the quote over lines, with double spaces and a tab.
    ("Er sagte: Der  Himmel\nist\tgrün. Dann ging er.\n", QUOTE_LINE),
    ("Der Himmel\r\n\r\nist grün.", QUOTE_LINE),
    # Non-breaking space in the copy, as web pages have.
    ("Der Himmel ist\u00a0grün.", QUOTE_LINE),
    # The YAML has the extra whitespace.
    (COPY, '        text: "Der  Himmel\\n ist grün."\n'),
], ids=["copy-newlines-tabs", "copy-crlf", "copy-nbsp", "yaml-spaces"])
def test_whitespace_differences_pass(tmp_path, capsys, copy, quote_line):
    code, err = check(tmp_path, capsys, copy, quote_line)
    assert code == 0, err
    assert problems(err) == []


@pytest.mark.parametrize("copy, quote_line", [
    # Typographic quotes in the copy, straight ones in the YAML...
    ("Er sagte „Der Himmel ist grün“ dazu.", "        text: 'Er sagte \"Der Himmel ist grün\" dazu.'\n"),
    ("Er sagte “Der Himmel ist grün” dazu.", "        text: 'Er sagte \"Der Himmel ist grün\" dazu.'\n"),
    ("Er sagte «Der Himmel ist grün» dazu.", "        text: 'Er sagte \"Der Himmel ist grün\" dazu.'\n"),
    ("Er sagte ‘Der Himmel ist grün’ dazu.", "        text: \"Er sagte 'Der Himmel ist grün' dazu.\"\n"),
    ("Der Himmel ist’s grün.", "        text: \"Der Himmel ist's grün.\"\n"),
    # ... and the other way round.
    ("Er sagte \"Der Himmel ist grün\" dazu.", "        text: Er sagte „Der Himmel ist grün“ dazu.\n"),
    ("Er sagte 'Der Himmel ist grün' dazu.", "        text: Er sagte ‘Der Himmel ist grün’ dazu.\n"),
    # Different typographic styles on the two sides.
    ("Er sagte «Der Himmel ist grün» dazu.", "        text: Er sagte „Der Himmel ist grün“ dazu.\n"),
], ids=["low-high", "curly", "guillemets", "single-curly", "apostrophe",
        "straight-copy-double", "straight-copy-single", "guillemets-vs-low-high"])
def test_quote_mark_style_differences_pass(tmp_path, capsys, copy, quote_line):
    code, err = check(tmp_path, capsys, copy, quote_line)
    assert code == 0, err
    assert problems(err) == []


@pytest.mark.parametrize("quote_line", [
    "        text: Der Himmel ist blau.\n",          # a changed word
    "        text: Der Himmel war grün.\n",
    "        text: der Himmel ist grün.\n",          # case is not whitespace or quote style
    "        text: Der Himmel ist gruen.\n",         # spelling
    "        text: Der Himmel ist, grün.\n",         # punctuation added
])
def test_changed_quote_fails_at_the_quote_text(tmp_path, capsys, quote_line):
    code, err = check(tmp_path, capsys, COPY, quote_line)
    assert code == 1
    assert problems(err) == [(
        QUOTE_AT, "error",
        "quote not found verbatim in the local copy of 'report-b'; expected the exact words of "
        "the source (only whitespace and quote-mark style may differ)")]


def test_only_the_wrong_quote_of_several_is_reported(tmp_path, capsys):
    quotes = (QUOTE_LINE +
              "        lang: de\n"
              "        translation: The sky is green.\n"
              "      - source: report-b\n"
              "        text: Dann lief er.\n"                   # line 45, col 15
              "        lang: de\n"
              "        translation: Then he ran.\n"
              "      - source: report-b\n"
              "        text: Dann ging er.\n"                   # fine
              "        lang: de\n")
    text = edit(QUOTE_LINE + "        lang: de\n", quotes, WITH_COPY)
    root = write_site(tmp_path / "site", text, extra={"evidence/b.txt": COPY})
    code, err = run(root, "check", capsys)
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [("claims.yaml:45:15", "error")], err
    assert "not found verbatim" in err


def test_missing_copy_is_an_error_at_local_copy(tmp_path, capsys):
    code, err = check(tmp_path, capsys, copy=None)
    assert code == 1
    # Only the missing file: the quote cannot be (and is not) checked against nothing.
    assert problems(err) == [(
        COPY_AT, "error",
        "local copy 'evidence/b.txt' does not exist; expected a text file path relative to "
        "the project root")]


def test_copy_path_is_relative_to_the_site_root(tmp_path, capsys):
    text = edit("local_copy: evidence/b.txt", "local_copy: copies/deep/b.txt", WITH_COPY)
    root = write_site(tmp_path / "site", text,
                      extra={"copies/deep/b.txt": "Der Himmel ist blau.",
                             "evidence/b.txt": COPY})
    code, err = run(root, "check", capsys)
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [(QUOTE_AT, "error")], err


def test_source_without_local_copy_is_not_checked(tmp_path, capsys):
    # report-a has a copy that lacks the quote, but the quote is from report-b, which has none.
    text = edit("    cites: [report-b]\n",
                "    cites: [report-b]\n    local_copy: evidence/a.txt\n")
    root = write_site(tmp_path / "site", text,
                      extra={"evidence/a.txt": "Something else entirely."})
    code, err = run(root, "check", capsys)
    assert code == 0, err
    assert problems(err) == []


def test_verified_sources_are_those_with_a_copy(tmp_path):
    root = write_site(tmp_path / "site", WITH_COPY, extra={"evidence/b.txt": COPY})
    result = check_project(Project(root))
    assert result.ok, [str(p) for p in result.problems]
    assert result.verified_sources == {"report-b"}


# Regression (was a bug): the copy is searched as one string, so a
# quote that stops in the middle of a word passes. Here the source says "grünlich" (greenish)
# and the quote "grün" (green): not the exact words of the source.
def test_quote_must_match_whole_words(tmp_path, capsys):
    code, err = check(tmp_path, capsys, "Er sagte: Der Himmel ist grünlich. Dann ging er.",
                      "        text: Der Himmel ist grün\n")
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [(QUOTE_AT, "error")], err


# Regression (was a bug): quotes.py reads the copy with
# read_text(encoding="utf-8") unguarded, so a copy saved as Latin-1 crashes `check` with a
# UnicodeDecodeError traceback instead of a positioned error (claims.yaml gets one: check.py).
def test_copy_that_is_not_utf8_is_an_error_at_local_copy(tmp_path, capsys):
    root = write_site(tmp_path / "site", WITH_COPY)
    (root / "evidence").mkdir()
    (root / "evidence/b.txt").write_bytes("Der Himmel ist grün.".encode("latin-1"))
    code, err = run(root, "check", capsys)
    assert code == 1
    assert [(w, s) for w, s, _ in problems(err)] == [(COPY_AT, "error")], err
    assert "UTF-8" in err


@pytest.mark.parametrize("path", ["/etc/hostname", "../outside.txt"])
def test_copy_outside_the_project_is_refused(tmp_path, capsys, path):
    (tmp_path / "outside.txt").write_text("Der Himmel ist grün.", encoding="utf-8")
    root = write_site(tmp_path / "site", edit(
        "    language: de\n", f"    language: de\n    local_copy: {path}\n"))
    code, err = run(root, "check", capsys)
    assert code == 1
    assert f"claims.yaml:29:17: error: local copy '{path}' is outside the project" in err
