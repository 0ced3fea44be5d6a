"""Broken fixture sites: every kind of input error, reported as PATH:LINE:COL with a message
that says what is wrong and what is expected.

Each fixture is VALID_YAML (see conftest.py) with one exact substring replaced, so the
expected positions can be checked by hand against the numbered listing below.

VALID_YAML, line by line (columns are 1-based; "  - id: x" has 'id' at col 5, 'x' at col 9):

     1 ratings:
     2   - id: incorrect
     3     label: Incorrect
     4     value: 1
     5     meaning: The cited evidence contradicts the claim.
     6   - id: correct
     7     label: Correct
     8     value: 4
     9     meaning: The cited evidence supports the claim.
    10   - id: unproven
    11     label: Unproven
    12     value: null
    13     meaning: The cited evidence neither confirms nor refutes the claim.
    14 sources:
    15   - id: report-a
    16     title: Report A
    17     publisher: Outlet A
    18     authors: [Ann Author]
    19     published: 2021-04-13
    20     url: https://example.org/a
    21     language: en
    22     cites: [report-b]
    23   - id: report-b
    24     title: Report B
    25     publisher: null
    26     published: 2021-04?
    27     url: null
    28     language: de
    29 claims:
    30   - id: sky-is-green
    31     claim: The sky is green.
    32     claimant: Sam Speaker
    33     claimant_role: Spokesperson
    34     date: 2021-04
    35     said_in: report-a
    36     rating: incorrect
    37     summary: Report A says the sky is blue.
    38     quotes:
    39       - source: report-b
    40         text: Der Himmel ist grün.
    41         lang: de
    42         translation: The sky is green.
    43     tags: [sky]
    44     published: 2026-11-24
    45     updates:
    46       - date: 2026-11-25
    47         note: Added a source.
    48 events:
    49   - id: speech
    50     date: 2021-04-02
    51     title: Sam speaks
    52     sources: [report-a]
    53     claims: [sky-is-green]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, VALID_ANALYSIS, VALID_YAML, build_site, run, write_site

LINE_RE = re.compile(r"^(?P<where>[^\s:]+:\d+:\d+): (?P<severity>error|warning): (?P<message>.*)$")


def test_fixture_listing_matches_valid_yaml():
    """The numbered listing in this module's docstring is what the positions are computed from."""
    listing = [re.sub(r"^\s*\d+ ", "", line) for line in __doc__.split("\n\n")[3].splitlines()]
    assert listing == VALID_YAML.splitlines()


def edit(old: str, new: str, text: str = VALID_YAML) -> str:
    """``text`` with the one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"fixture substring must occur exactly once: {old!r}"
    return text.replace(old, new)


def problems(stderr: str) -> list[tuple[str, str, str]]:
    """(PATH:LINE:COL, severity, message) of every problem line, in printed order."""
    found = []
    for line in stderr.splitlines():
        match = LINE_RE.match(line)
        if match:
            found.append((match["where"], match["severity"], match["message"]))
    return found


def errors_at(stderr: str, where: str) -> list[str]:
    return [m for w, s, m in problems(stderr) if w == where and s == "error"]


def check(tmp_path: Path, capsys, yaml_text: str = VALID_YAML, analyses=None, extra=None):
    root = write_site(tmp_path / "site", yaml_text, analyses, extra)
    return run(root, "check", capsys)


def fails_at(tmp_path: Path, capsys, old: str, new: str, where: str, *words: str) -> str:
    """Check VALID_YAML with ``old`` replaced by ``new``: it must fail with an error at exactly
    ``where`` whose message has every one of ``words``; returns that message."""
    code, err = check(tmp_path, capsys, edit(old, new))
    assert code == 1, err
    return assert_error(err, where, *words)


def assert_error(stderr: str, where: str, *words: str) -> str:
    """There is an error at exactly ``where`` whose message contains every one of ``words``."""
    messages = errors_at(stderr, where)
    assert messages, f"no error at {where}; stderr was:\n{stderr}"
    matching = [m for m in messages if all(w in m for w in words)]
    assert matching, f"error(s) at {where} lack {words}: {messages}"
    return matching[0]


# --- the valid fixture is valid -------------------------------------------------------------

def test_valid_fixture_has_no_problems(tmp_path, capsys):
    code, err = check(tmp_path, capsys)
    assert code == 0, err
    assert problems(err) == []
    assert "check: ok (1 claims, 2 sources, 1 events; 0 warning(s))" in err


# --- 1. YAML syntax errors ------------------------------------------------------------------

# Key words are those both PyYAML's pure-Python parser and libyaml (CSafeLoader) use.
@pytest.mark.parametrize("old, new, where, words", [
    # Unclosed flow list: the parser reaches the ':' of the next line's 'published:'.
    ("    authors: [Ann Author]\n", "    authors: [Ann Author\n", "claims.yaml:19:14",
     ["flow sequence", "',' or ']'"]),
    # Unclosed double quote: the parser notices at the end of the file, but the error points
    # at where the quoted scalar began (the opening '"', col 12), which is what needs fixing.
    ("    title: Report A\n", '    title: "Report A\n', "claims.yaml:16:12",
     ["quoted scalar", "end of stream"]),
])
def test_yaml_syntax_error_position(tmp_path, capsys, old, new, where, words):
    fails_at(tmp_path, capsys, old, new, where, "YAML syntax error", *words, "expected valid YAML")


# The mistakes contributors make most, in plain words at the line to fix (PyYAML itself says
# "mapping values are not allowed in this context", or points at the line before a tab).
@pytest.mark.parametrize("old, new, where, words", [
    # A second ': ' inside a plain value: the colon after "Report A" (col 4 + "title: Report A").
    ("    title: Report A\n", "    title: Report A: B\n", "claims.yaml:16:20",
     ["a second ': ' on one line", "expected one key per line, or the value in quotes"]),
    # 'publisher' indented by 3 instead of 4 spaces.
    ("    publisher: Outlet A\n", "   publisher: Outlet A\n", "claims.yaml:17:1",
     ["indented 3 spaces, which matches no level above it", "'title' line has 4"]),
    # ... and by 5: it would silently join the title, so YAML stops at its colon.
    ("    publisher: Outlet A\n", "     publisher: Outlet A\n", "claims.yaml:17:1",
     ["indented 5 spaces, more than the 'title' line above it (4)", "expected 4 spaces"]),
    # A tab in the indentation: reported on its own line, not at the end of the one before.
    ("    publisher: Outlet A\n", "\tpublisher: Outlet A\n", "claims.yaml:17:1",
     ["a tab in the indentation", "expected spaces"]),
    ("    publisher: Outlet A\n", "  \t  publisher: Outlet A\n", "claims.yaml:17:3",
     ["a tab in the indentation", "expected spaces"]),
])
def test_common_yaml_mistakes_in_plain_words(tmp_path, capsys, old, new, where, words):
    message = fails_at(tmp_path, capsys, old, new, where, "YAML syntax error", *words)
    assert "mapping values" not in message and "scanning" not in message


# Regression (was a bug): after a YAML syntax error, check.py still
# runs every other check on the empty data, so one typo also yields "claims.yaml:1:1: expected a
# mapping with the sections ..." and, worse, "content/claims/sky-is-green.md:1:1: analysis
# without a claim ... or remove this file" for every analysis file -- telling the contributor to
# delete their work. Expected: the syntax error alone.
def test_yaml_syntax_error_does_not_cascade(tmp_path, capsys):
    code, err = check(tmp_path, capsys, edit("    title: Report A\n", "    title: Report A: B\n"))
    assert code == 1
    assert [w for w, s, m in problems(err)] == ["claims.yaml:16:20"], err


# --- 2. unknown keys --------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, where, words", [
    ("    tags: [sky]\n", "    tgas: [sky]\n", "claims.yaml:43:5",
     ["unknown key 'tgas'; did you mean 'tags'?", "expected one of:", "tags"]),
    ("sources:\n", "sourses:\n", "claims.yaml:14:1",
     ["unknown key 'sourses'; did you mean 'sources'?", "expected one of: ratings, sources"]),
    ("        lang: de\n", "        lnag: de\n", "claims.yaml:41:9",
     ["unknown key 'lnag'; did you mean 'lang'?"]),
    ("    publisher: Outlet A\n", "    publisher: Outlet A\n    colour: blue\n", "claims.yaml:18:5",
     ["unknown key 'colour'; expected one of: id, title, publisher"]),
])
def test_unknown_key(tmp_path, capsys, old, new, where, words):
    message = fails_at(tmp_path, capsys, old, new, where, *words)
    if "colour" in new:
        assert "did you mean" not in message


# --- 3. missing required fields ---------------------------------------------------------------

@pytest.mark.parametrize("old, new, where, words", [
    # The claim's mapping starts at 'id' on its '- id:' line (30:5).
    ("    rating: incorrect\n", "", "claims.yaml:30:5",
     ["missing required field 'rating'", "id of the verdict's rating"]),
    ("    title: Report A\n", "", "claims.yaml:15:5",
     ["missing required field 'title'", "headline or title"]),
    # The quote's mapping starts at 'source' on its '- source:' line (39:9).
    ("        lang: de\n", "", "claims.yaml:39:9",
     ["missing required field 'lang'", "BCP 47"]),
    # A whole missing section is reported at the start of the file.
    (VALID_YAML[:VALID_YAML.index("sources:")], "", "claims.yaml:1:1",
     ["missing required section 'ratings'", "rating scale"]),
])
def test_missing_required(tmp_path, capsys, old, new, where, words):
    fails_at(tmp_path, capsys, old, new, where, *words)


# --- 4. wrong types ---------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, where, words", [
    ("    authors: [Ann Author]\n", "    authors: 5\n", "claims.yaml:18:14",
     ["authors:", "valid list", "expected bylines"]),
    ("    value: 1\n", "    value: high\n", "claims.yaml:4:12",
     ["value:", "valid integer", "expected position on the scale"]),
    ("    quotes:\n      - source: report-b\n        text: Der Himmel ist grün.\n"
     "        lang: de\n        translation: The sky is green.\n",
     '    quotes: "x"\n', "claims.yaml:38:13",
     ["quotes:", "valid list", "expected verbatim quotes"]),
    # Unquoted yes is a YAML boolean: the message says to quote it.
    ("    label: Correct\n", "    label: yes\n", "claims.yaml:7:12",
     ["label:", "valid string", "unquoted true as a bool", "put it in quotes"]),
    ("    title: Sam speaks\n", "    title: [a, b]\n", "claims.yaml:51:12",
     ["title:", "valid string", "expected what happened"]),
    ("    updates:\n      - date: 2026-11-25\n        note: Added a source.\n",
     "    updates:\n      - just a note\n", "claims.yaml:46:9",
     ["updates[0] must be a mapping", "name: value"]),
])
def test_wrong_type(tmp_path, capsys, old, new, where, words):
    fails_at(tmp_path, capsys, old, new, where, *words)


# Regression (was a bug): pydantic's lax mode turns a YAML
# boolean into an int, so `value: yes` silently becomes rating value 1 -- the YAML pitfall that
# validate.py reports for text fields ("put it in quotes") goes unreported for numbers.
def test_boolean_rating_value_is_an_error(tmp_path, capsys):
    code, err = check(tmp_path, capsys, edit("    value: 1\n", "    value: yes\n"))
    assert code == 1
    assert_error(err, "claims.yaml:4:12", "value:")


# --- 5. duplicates ----------------------------------------------------------------------------

def test_duplicate_source_id(tmp_path, capsys):
    code, err = check(tmp_path, capsys, edit("  - id: report-b\n", "  - id: report-a\n"))
    assert code == 1
    assert_error(err, "claims.yaml:23:9", "duplicate source id 'report-a'", "first at line 15",
                 "expected each id once")
    assert not errors_at(err, "claims.yaml:15:9"), "the first occurrence is not the error"


def test_duplicate_claim_id(tmp_path, capsys):
    second = VALID_YAML.split("claims:\n")[1].split("events:\n")[0]     # lines 30-47
    text = edit("events:\n", second + "events:\n")
    # The copy of the claim starts 18 lines after the first one (lines 30-47 -> 48-65).
    assert text.splitlines()[47] == "  - id: sky-is-green"
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:48:9", "duplicate claim id 'sky-is-green'", "first at line 30")


def test_duplicate_key_in_one_mapping(tmp_path, capsys):
    text = edit("    publisher: Outlet A\n", "    publisher: Outlet A\n    title: Report A again\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:18:5", "duplicate key 'title'", "first at line 16",
                 "expected each key once")


# --- 6. unknown references --------------------------------------------------------------------

TRANSLATION = "    language: de\n    translation:\n      of: {of}\n      by: outlet\n"


@pytest.mark.parametrize("old, new, where, words", [
    ("    rating: incorrect\n", "    rating: incorect\n", "claims.yaml:36:13",
     ["unknown rating 'incorect'", "did you mean 'incorrect'?", "under ratings:"]),
    ("    said_in: report-a\n", "    said_in: report-aa\n", "claims.yaml:35:14",
     ["unknown source 'report-aa'", "did you mean 'report-a'?", "under sources:"]),
    ("      - source: report-b\n", "      - source: report-bb\n", "claims.yaml:39:17",
     ["unknown source 'report-bb'", "did you mean 'report-b'?"]),
    ("    cites: [report-b]\n", "    cites: [reportb]\n", "claims.yaml:22:13",
     ["unknown source 'reportb'", "did you mean 'report-b'?"]),
    ("    language: de\n", TRANSLATION.format(of="report-bx"), "claims.yaml:30:11",
     ["unknown source 'report-bx'", "did you mean 'report-b'?"]),
    ("    sources: [report-a]\n", "    sources: [repot-a]\n", "claims.yaml:52:15",
     ["unknown source 'repot-a'", "did you mean 'report-a'?"]),
    ("    claims: [sky-is-green]\n", "    claims: [sky-is-gren]\n", "claims.yaml:53:14",
     ["unknown claim 'sky-is-gren'", "did you mean 'sky-is-green'?", "under claims:"]),
])
def test_unknown_reference(tmp_path, capsys, old, new, where, words):
    fails_at(tmp_path, capsys, old, new, where, *words)


@pytest.mark.parametrize("old, new, where, words", [
    ("    rating: incorrect\n", "    rating: false-ish\n", "claims.yaml:36:13",
     ["unknown rating 'false-ish'; expected the id of an entry under ratings:"]),
    ("    language: de\n", TRANSLATION.format(of="zzz"), "claims.yaml:30:11",
     ["unknown source 'zzz'; expected the id of an entry under sources:"]),
])
def test_unknown_reference_without_close_match_has_no_guess(tmp_path, capsys, old, new, where,
                                                            words):
    assert "did you mean" not in fails_at(tmp_path, capsys, old, new, where, *words)


# --- 7. dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    ("2021-13", ["'2021-13' has month 13", "expected 01 to 12"]),
    ("2021-02-30", ["'2021-02-30' has day 30", "February 2021 does not have"]),
    ("21-04-02", ["'21-04-02' is not a date", "expected YYYY, YYYY-MM or YYYY-MM-DD"]),
    ("2021/04/02x", ["'2021/04/02x' is not a date", "expected YYYY"]),
    ("April 2021", ["'April 2021' is not a date", "expected YYYY"]),
])
def test_bad_claim_date(tmp_path, capsys, value, words):
    code, err = check(tmp_path, capsys, edit("    date: 2021-04\n", f"    date: {value}\n"))
    assert code == 1
    assert_error(err, "claims.yaml:34:11", "date:", *words)


@pytest.mark.parametrize("value", ["2026-11", "2026", "2026-11-24~", "2026-11-24?", "24.11.2026"])
def test_published_must_be_a_full_date(tmp_path, capsys, value):
    text = edit("    published: 2026-11-24\n", f"    published: {value}\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:44:16", f"'{value}' is not a full date", "expected YYYY-MM-DD")


def test_event_range_that_ends_before_it_starts(tmp_path, capsys):
    text = edit("    date: 2021-04-02\n", "    date: 2020-11-10/2020-09-27\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:50:11", "ends before it starts", "expected START/END in order")


@pytest.mark.parametrize("old, new", [
    ("    date: 2021-04\n", "    date: 2021\n"),
    ("    date: 2021-04\n", "    date: 2021-03~\n"),
    ("    date: 2021-04\n", "    date: 2021-04-02?\n"),
    ("    date: 2021-04\n", "    date: 2020-02-29\n"),
    ("    date: 2021-04\n", "    date: null\n"),
    ("    published: 2021-04-13\n", "    published: 2021\n"),
    ("    date: 2021-04-02\n", "    date: 2020-09-27/2020-11-10\n"),
    ("    date: 2021-04-02\n", "    date: 2020-09~/2020-11\n"),
])
def test_accepted_dates(tmp_path, capsys, old, new):
    code, err = check(tmp_path, capsys, edit(old, new))
    assert code == 0, err
    assert problems(err) == []


# --- 8. URLs ----------------------------------------------------------------------------------

BAD_URLS = ["ftp://x", "javascript:alert(1)", "example.org", "https://", "mailto:a@example.org"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_url_must_be_http(tmp_path, capsys, url):
    text = edit("    url: https://example.org/a\n", f"    url: {url}\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:20:10", f"url: '{url}' is not an http(s) URL",
                 "expected an address starting with http:// or https://")


@pytest.mark.parametrize("url", BAD_URLS)
def test_archive_url_must_be_http(tmp_path, capsys, url):
    text = edit("    url: https://example.org/a\n",
                f"    url: https://example.org/a\n    archive_url: {url}\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:21:18", f"archive_url: '{url}' is not an http(s) URL",
                 "http:// or https://")


def test_http_and_https_urls_pass(tmp_path, capsys):
    text = edit("    url: https://example.org/a\n",
                "    url: http://example.org/a?b=c#d\n"
                "    archive_url: https://web.archive.org/web/2021/https://example.org/a\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 0, err
    assert problems(err) == []


# --- 9. language tags -------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["english", "en_US", "xx-yy-zz"])
@pytest.mark.parametrize("old, template, where", [
    ("    language: en\n", "    language: {}\n", "claims.yaml:21:15"),
    ("        lang: de\n", "        lang: {}\n", "claims.yaml:41:15"),
])
def test_bad_language_tag(tmp_path, capsys, tag, old, template, where):
    code, err = check(tmp_path, capsys, edit(old, template.format(tag)))
    assert code == 1
    assert_error(err, where, f"'{tag}' is not a BCP 47 language tag", "expected e.g. en, de")


@pytest.mark.parametrize("tag", ["pt-BR", "und", "zh-Hant-TW", "ru"])
def test_good_language_tag(tmp_path, capsys, tag):
    code, err = check(tmp_path, capsys, edit("    language: en\n", f"    language: {tag}\n"))
    assert code == 0, err
    assert problems(err) == []


# --- 10. citations in analyses ----------------------------------------------------------------

def test_unknown_citation_in_analysis(tmp_path, capsys):
    analysis = (
        "Report A says the sky is blue [@report-a, para. 2].\n"   # line 1: fine
        "\n"
        "But a blog disagrees [@unknown-id].\n"                    # line 3: '[' at col 22
        "\n"
        "  And a typo [@report-aa, p. 3] here.\n"                  # line 5: '[' at col 14
    )
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 1
    assert_error(err, "content/claims/sky-is-green.md:3:22",
                 "citation of unknown source 'unknown-id'", "under sources:")
    assert_error(err, "content/claims/sky-is-green.md:5:14",
                 "citation of unknown source 'report-aa'", "did you mean 'report-a'?")
    assert [w for w, _, _ in problems(err)] == ["content/claims/sky-is-green.md:3:22",
                                                "content/claims/sky-is-green.md:5:14"]


def test_citation_in_code_is_ignored(tmp_path, capsys):
    """What is code is decided by the renderer's own parse: backtick fences, indented blocks."""
    analysis = (
        "Cite sources like this:\n"
        "\n"
        "```markdown\n"
        "The sky [@unknown-id] is blue.\n"
        "```\n"
        "\n"
        "    [@also-unknown] in an indented code block\n"
        "\n"
        "Some text.\n"
        "\n"
        "Outside again [@outside-unknown].\n"                       # line 11: '[' at col 15
    )
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 1
    assert [(w, m.split(";")[0]) for w, _, m in problems(err)] == [
        ("content/claims/sky-is-green.md:11:15", "citation of unknown source 'outside-unknown'")]


# Regression (was a bug): analyses.py skips fenced code but not inline
# code, so explaining the citation syntax in backticks is reported as a citation of an unknown
# source, although the renderer (code spans take priority over citations) leaves it as text.
def test_citation_in_inline_code_is_ignored(tmp_path, capsys):
    analysis = VALID_ANALYSIS + "\nWrite `[@source-id]` to cite a source.\n"
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 0, err
    assert problems(err) == []


# --- 11. claims and analysis files pair up ----------------------------------------------------

def test_claim_without_analysis(tmp_path, capsys):
    code, err = check(tmp_path, capsys, analyses={})
    assert code == 1
    assert_error(err, "claims.yaml:30:9", "claim 'sky-is-green' has no analysis",
                 "expected a Markdown file content/claims/sky-is-green.md")


def test_analysis_without_claim(tmp_path, capsys):
    code, err = check(tmp_path, capsys,
                      analyses={"sky-is-green": VALID_ANALYSIS, "orphan": "No claim.\n"})
    assert code == 1
    assert_error(err, "content/claims/orphan.md:1:1", "analysis without a claim",
                 "expected a claim with id 'orphan' in claims.yaml")
    assert [w for w, _, _ in problems(err)] == ["content/claims/orphan.md:1:1"]


# --- 12. unsafe links in analyses -------------------------------------------------------------

@pytest.mark.parametrize("line, where, target", [
    ("Click [x](javascript:alert(1)) now.", "5:11", "javascript:alert"),  # the target, after '('
    ("See [x](JavaScript:alert(1)).", "5:9", "JavaScript:alert"),
    ("See [x][r].\n\n[r]: javascript:alert(1)", "7:6", "javascript:alert(1)"),  # reference
    ("An [image](data:text/html,hi).", "5:12", "data:text/html,hi"),
    ("![pixel](vbscript:x)", "5:10", "vbscript:x"),
])
def test_unsafe_link_in_analysis(tmp_path, capsys, line, where, target):
    analysis = VALID_ANALYSIS + "\n" + line + "\n"            # VALID_ANALYSIS has 3 lines
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 1
    assert_error(err, f"content/claims/sky-is-green.md:{where}", f"link to '{target}",
                 "is not allowed", "expected an http(s) URL or a relative link")


@pytest.mark.parametrize("line", ["Or <javascript:alert(1)> too.", "[x]: javascript:alert(1)"])
def test_text_that_is_no_link_is_not_reported(tmp_path, capsys, line):
    """Not an autolink, an unused definition: Markdown publishes no link, so nothing to say."""
    analysis = VALID_ANALYSIS + "\n" + line + "\n"
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 0, err
    html = build_site(tmp_path / "site").joinpath("claims/sky-is-green/index.html").read_text()
    assert "javascript:" not in html.replace("&lt;javascript:alert(1)&gt;", "")


# Regression (was a bug): an HTML character reference
# hides the scheme from both checks (urlsplit sees no ':'), Python-Markdown keeps the '&#58;'
# as is in the href, and the browser decodes it: the page gets <a href="javascript&#58;alert(1)">,
# which runs the script on click. Expected: check reports it like any javascript: link.
@pytest.mark.parametrize("line", ["[x](javascript&#58;alert(1))", "[x](javascript&colon;alert(1))"])
def test_entity_encoded_unsafe_link_in_analysis(tmp_path, capsys, line):
    analysis = VALID_ANALYSIS + "\n" + line + "\n"
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 1
    assert_error(err, "content/claims/sky-is-green.md:5:5", "is not allowed")


def test_safe_links_in_analysis_pass(tmp_path, capsys):
    analysis = VALID_ANALYSIS + (
        "\n[a](https://example.org) [b](http://example.org) [c](mailto:a@example.org)"
        " [d](../sources/) [e](#source-1) <https://example.org/x>\n")
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 0, err
    assert problems(err) == []


# Regression (was a bug): analyses.py reads each file with
# read_text(encoding="utf-8") unguarded, so an analysis saved as Latin-1 crashes `check` with a
# UnicodeDecodeError traceback instead of a positioned error, as claims.yaml gets (check.py).
def test_analysis_that_is_not_utf8_is_an_error(tmp_path, capsys):
    root = write_site(tmp_path / "site")
    (root / "content/claims/sky-is-green.md").write_bytes("Café [@report-a].\n".encode("latin-1"))
    code, err = run(root, "check", capsys)
    assert code == 1
    assert [w.split(":")[0] for w, _, _ in problems(err)] == ["content/claims/sky-is-green.md"], err
    assert "UTF-8" in err


# --- 13. event accounts -----------------------------------------------------------------------

ACCOUNTS = ("    claims: [sky-is-green]\n"
            "    accounts:\n"
            "      - source: report-a\n"
            "        says: It was on Friday.\n"
            "      - source: report-b\n"                      # line 57, value at col 17
            "        says: It was on Saturday.\n")


def test_account_source_must_be_an_event_source(tmp_path, capsys):
    code, err = check(tmp_path, capsys, edit("    claims: [sky-is-green]\n", ACCOUNTS))
    assert code == 1
    assert_error(err, "claims.yaml:57:17", "account by 'report-b'",
                 "not among this event's sources", "expected one of: report-a")
    assert [w for w, _, _ in problems(err)] == ["claims.yaml:57:17"]


def test_accounts_from_event_sources_pass(tmp_path, capsys):
    text = edit("    sources: [report-a]\n", "    sources: [report-a, report-b]\n",
                edit("    claims: [sky-is-green]\n", ACCOUNTS))
    code, err = check(tmp_path, capsys, text)
    assert code == 0, err
    assert problems(err) == []


# --- 14. every problem in one run -------------------------------------------------------------

def test_all_problems_reported_in_one_run_sorted(tmp_path, capsys):
    text = VALID_YAML
    for old, new in [
        ("    value: 4\n", "    value: high\n"),                        # 8:12  wrong type
        ("    url: https://example.org/a\n", "    url: ftp://x\n"),      # 20:10 url
        ("    language: de\n", "    language: english\n"),              # 28:15 language
        ("    date: 2021-04\n", "    date: 2021-13\n"),                   # 34:11 date
        ("    tags: [sky]\n", "    tgas: [sky]\n"),                       # 43:5  unknown key
        ("    claims: [sky-is-green]\n", "    claims: [nope]\n"),        # 53:14 reference
    ]:
        text = edit(old, new, text)
    analysis = "Text [@nowhere].\n"                                      # 1:6
    code, err = check(tmp_path, capsys, text,
                      analyses={"sky-is-green": analysis, "stray": "x\n"})
    assert code == 1
    found = problems(err)
    expected = [
        ("claims.yaml:8:12", "valid integer"),
        ("claims.yaml:20:10", "not an http(s) URL"),
        ("claims.yaml:28:15", "not a BCP 47 language tag"),
        ("claims.yaml:34:11", "has month 13"),
        ("claims.yaml:43:5", "unknown key 'tgas'"),
        ("claims.yaml:53:14", "unknown claim 'nope'"),
        ("content/claims/sky-is-green.md:1:6", "unknown source 'nowhere'"),
        ("content/claims/stray.md:1:1", "analysis without a claim"),
    ]
    assert [w for w, _, _ in found] == [w for w, _ in expected], err
    for (where, severity, message), (_, words) in zip(found, expected):
        assert severity == "error" and words in message, (where, message)
    assert "check: 8 error(s), 0 warning(s); nothing written" in err


# Regression (was a bug): references are checked
# only for entries that passed the schema, so a claim with an unknown key (or a bad date) AND an
# unknown rating reports only the first problem; the rating typo appears only after the first is
# fixed. Expected: both in one run ("collect every problem in one pass", check.py).
def test_invalid_entry_still_has_its_references_checked(tmp_path, capsys):
    text = edit("    tags: [sky]\n", "    tgas: [sky]\n")
    text = edit("    rating: incorrect\n", "    rating: incorect\n", text)
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert_error(err, "claims.yaml:43:5", "unknown key 'tgas'")
    assert_error(err, "claims.yaml:36:13", "unknown rating 'incorect'", "did you mean 'incorrect'?")


def test_claim_with_errors_is_still_cross_checked(tmp_path, capsys):
    """A claim broken in one field does not hide the problems of the other entries."""
    text = edit("    rating: incorrect\n", "    rating: 7\n")
    text = edit("    cites: [report-b]\n", "    cites: [nope]\n", text)
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert [w for w, _, _ in problems(err)] == ["claims.yaml:22:13", "claims.yaml:36:13"], err


# --- 15. warnings -----------------------------------------------------------------------------

def test_long_claim_is_a_warning_not_an_error(tmp_path, capsys):
    long_claim = "The sky over the whole of the city was said to be bright green in April 2021."
    assert len(long_claim) == 77
    text = edit("    claim: The sky is green.\n", f"    claim: {long_claim}\n")
    code, err = check(tmp_path, capsys, text)
    assert code == 0, err
    assert problems(err) == [("claims.yaml:31:12", "warning",
                              "claim is 77 characters; expected under 75 for search engines' "
                              "ClaimReview")]
    assert "1 warning(s)" in err


@pytest.mark.parametrize("length, warned", [(74, False), (75, True)])
def test_long_claim_threshold(tmp_path, capsys, length, warned):
    claim = ("A" * length)
    code, err = check(tmp_path, capsys, edit("    claim: The sky is green.\n",
                                              f"    claim: {claim}\n"))
    assert code == 0, err
    expected = [("claims.yaml:31:12", "warning")] if warned else []
    assert [(w, s) for w, s, _ in problems(err)] == expected


# --- 16. a failing build leaves output/ as it was ---------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder`` (and itself): kind, bytes and mtime."""
    entries = {".": ("dir", None, folder.stat().st_mtime_ns)}
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        key = path.relative_to(folder).as_posix()
        if path.is_dir():
            entries[key] = ("dir", None, stat.st_mtime_ns)
        else:
            entries[key] = ("file", path.read_bytes(), stat.st_mtime_ns)
    return entries


def staging_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".output."))


@pytest.mark.parametrize("break_site", [
    pytest.param(lambda root: (root / "claims.yaml").write_text(
        edit("    rating: incorrect\n", "    rating: nope\n"), encoding="utf-8"), id="claims.yaml"),
    pytest.param(lambda root: (root / "content/claims/sky-is-green.md").write_text(
        "Cites [@nope].\n", encoding="utf-8"), id="analysis"),
])
def test_failed_build_leaves_output_untouched(site, capsys, break_site):
    code, err = run(site, "build", capsys)
    assert code == 0, err
    output = site / "output"
    assert (output / "claims/sky-is-green/index.html").is_file()
    before = snapshot(output)
    assert len(before) > 5

    break_site(site)
    code, err = run(site, "build", capsys)
    assert code == 1
    assert problems(err) and all(s == "error" for _, s, _ in problems(err)), err
    assert "nothing written" in err
    assert snapshot(output) == before
    assert staging_folders(site) == []


def test_failed_first_build_writes_no_output(tmp_path, capsys):
    root = write_site(tmp_path / "site", edit("    rating: incorrect\n", "    rating: nope\n"))
    code, err = run(root, "build", capsys)
    assert code == 1
    assert_error(err, "claims.yaml:36:13", "unknown rating 'nope'")
    assert not (root / "output").exists()
    assert staging_folders(root) == []


def test_successful_rebuild_leaves_no_staging_folders(site, capsys):
    assert run(site, "build", capsys)[0] == 0
    analysis = site / "content/claims/sky-is-green.md"
    analysis.write_text(analysis.read_text() + "\nOne more sentence.\n")
    code, err = run(site, "build", capsys)
    assert code == 0 and "built output/" in err, err
    assert staging_folders(site) == []
    # Only the build cache (the last build's state, replaced folders being deleted)
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [".cache"]


# --- 17. the real command line ----------------------------------------------------------------

def cli_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "check", "--root", str(root)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_cli_subprocess(tmp_path):
    good = write_site(tmp_path / "good")
    done = cli_check(good)
    assert done.returncode == 0, done.stderr
    assert "check: ok" in done.stderr

    bad = write_site(tmp_path / "bad", edit("    tags: [sky]\n", "    tgas: [sky]\n"))
    done = cli_check(bad)
    assert done.returncode == 1
    assert "claims.yaml:43:5: error: unknown key 'tgas'; did you mean 'tags'?" in done.stderr
    assert done.stdout == ""


# --- check writes nothing; a template failure keeps the old site too ----------------------------

def test_check_writes_nothing(site, capsys):
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    code, err = run(site, "check", capsys)
    assert code == 0 and "check: ok" in err
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_template_failure_keeps_previous_output(site, capsys):
    assert run(site, "build", capsys)[0] == 0
    before = snapshot(site / "output")
    overrides = site / "theme" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "claim.html").write_text('{% extends "!theme/claim.html" %}\n'
                                          "{% block title %}{{ view.claim.no_such_method() }}"
                                          "{% endblock %}\n")
    with open(site / "pelicanconf.py", "a") as conf:
        conf.write(f"THEME_TEMPLATES_OVERRIDES = [{str(overrides)!r}]\n")
    code, err = run(site, "build", capsys)
    assert code == 2
    assert "build failed: UndefinedError" in err and "the previous output/ is unchanged" in err
    assert snapshot(site / "output") == before
    assert staging_folders(site) == []
