"""Everything in a pull request is untrusted: each reproduction from issue 8, as a test.

Most are positioned ``check`` errors; the rest are about what a build publishes or leaves
behind. The broad, generated version of the same promise is tests/test_hostile.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import build
from conftest import PROJECT, VALID_ANALYSIS, VALID_YAML, build_site, run, write_site
from test_check_errors import assert_error, check, edit, fails_at, problems

ANALYSIS = "content/claims/sky-is-green.md"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- pages are rendered like analyses -------------------------------------------------------

HOSTILE_PAGE = ("Title: About\nSlug: about\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n"
                "\n# Heading {onclick=alert(1)}\n\nText <svg onload=alert(1)>.\n")


def test_raw_html_in_a_page_is_shown_as_text(tmp_path):
    root = write_site(tmp_path / "site", extra={"content/pages/about.md": HOSTILE_PAGE})
    page = build_site(root) / "about" / "index.html"
    html = page.read_text(encoding="utf-8")
    parsed = soup(page)
    assert parsed.find("img", src="x") is None and parsed.find("svg") is None
    assert not [tag for tag in parsed.find_all(True)
                if any(name.startswith("on") for name in tag.attrs)]
    scripts = parsed.find_all("script")
    assert [s["src"] for s in scripts if s.get("src")] == [
        "../theme/js/search.js"]  # the theme's own, nothing from the page
    assert {s.get("type") for s in scripts if not s.get("src")} == {"application/ld+json"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert parsed.find("h2").get_text() == "Heading {onclick=alert(1)}"


@pytest.mark.parametrize("name, text", [("evil.html", "<script>alert(1)</script>"),
                                        ("notes.rst", ".. raw:: html\n\n   <script></script>\n"),
                                        ("Bad_Name.md", "Title: x\nSlug: x\n\nx\n")])
def test_only_markdown_pages_with_plain_names(tmp_path, capsys, name, text):
    code, err = check(tmp_path, capsys, extra={f"content/pages/{name}": text})
    assert code == 1
    assert_error(err, f"content/pages/{name}:1:1", "not a page file", "expected Markdown pages")


@pytest.mark.parametrize("header, where, words", [
    ("Save_as: claims/sky-is-green/index.html", "3:1", ("page header 'Save_as'",)),
    ("Template: claim", "3:1", ("page template 'claim'", "expected one of: page, methodology")),
])
def test_page_header_cannot_take_over_other_files(tmp_path, capsys, header, where, words):
    page = f"Title: About\nSlug: about\n{header}\n\nText.\n"
    code, err = check(tmp_path, capsys, extra={"content/pages/about.md": page})
    assert code == 1
    assert_error(err, f"content/pages/about.md:{where}", *words)


@pytest.mark.parametrize("slug", ["claims", "search", "../x", "methodology"])
def test_page_slug_cannot_shadow_a_section_or_another_page(tmp_path, capsys, slug):
    page = f"Title: Mine\nSlug: {slug}\n\nText.\n"
    code, err = check(tmp_path, capsys, extra={"content/pages/mine.md": page})
    assert code == 1
    assert_error(err, "content/pages/mine.md:2:1", f"page slug '{slug}'")


def test_page_links_are_checked_at_their_position(tmp_path, capsys):
    page = "Title: About\nSlug: about\n\nFirst line.\n\nSee [x](javascript:alert(1)).\n"
    code, err = check(tmp_path, capsys, extra={"content/pages/about.md": page})
    assert code == 1
    assert_error(err, "content/pages/about.md:6:9", "link to 'javascript:alert(1)'")


# --- input files stay inside the project ----------------------------------------------------

def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    return secret


def test_analysis_symlinked_outside_is_refused_and_never_echoed(tmp_path, capsys):
    root = write_site(tmp_path / "site", analyses={})
    (root / ANALYSIS).parent.mkdir(parents=True)
    (root / ANALYSIS).symlink_to(_outside(tmp_path))
    code, err = run(root, "check", capsys)
    assert code == 1
    assert_error(err, f"{ANALYSIS}:1:1", "leads outside the project")
    assert "SECRET-LINE" not in err


def test_page_symlinked_outside_is_refused(tmp_path, capsys):
    root = write_site(tmp_path / "site")
    (root / "content/pages/about.md").unlink()
    (root / "content/pages/about.md").symlink_to(_outside(tmp_path))
    code, err = run(root, "check", capsys)
    assert code == 1
    assert_error(err, "content/pages/about.md:1:1", "leads outside the project")


def test_evidence_folder_symlinked_outside_is_refused(tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "b.txt").write_text("Der Himmel ist grün.", encoding="utf-8")
    yaml_text = edit("    language: de\n", "    language: de\n    local_copy: evidence/b.txt\n")
    root = write_site(tmp_path / "site", yaml_text)
    (root / "evidence").symlink_to(outside, target_is_directory=True)
    code, err = run(root, "check", capsys)
    assert code == 1
    assert_error(err, "claims.yaml:29:17", "local copy 'evidence/b.txt' leads outside")


def test_symlink_inside_the_project_is_fine(tmp_path, capsys):
    root = write_site(tmp_path / "site", analyses={})
    (root / ANALYSIS).parent.mkdir(parents=True)
    (root / "notes").mkdir()
    (root / "notes/sky.md").write_text(VALID_ANALYSIS, encoding="utf-8")
    (root / ANALYSIS).symlink_to(root / "notes/sky.md")
    code, err = run(root, "check", capsys)
    assert code == 0, err


def test_analysis_that_is_a_symlink_loop_is_reported_not_followed(tmp_path, capsys):
    root = write_site(tmp_path / "site", analyses={})
    (root / ANALYSIS).parent.mkdir(parents=True)
    (root / "content/loop-a.md").symlink_to(root / "content/loop-b.md")
    (root / "content/loop-b.md").symlink_to(root / "content/loop-a.md")
    (root / ANALYSIS).symlink_to(root / "content/loop-a.md")
    code, err = run(root, "check", capsys)
    assert code == 1
    assert_error(err, f"{ANALYSIS}:1:1", "is a symlink that leads nowhere (a loop)")


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_analysis_that_is_not_a_regular_file(tmp_path, capsys, kind):
    root = write_site(tmp_path / "site", analyses={})
    (root / ANALYSIS).parent.mkdir(parents=True)
    os.mkfifo(root / ANALYSIS) if kind == "fifo" else (root / ANALYSIS).mkdir()
    code, err = run(root, "check", capsys)  # a FIFO would block a reader forever
    assert code == 1
    assert_error(err, f"{ANALYSIS}:1:1", "expected a regular text file")


def test_data_file_symlinked_outside_is_refused(tmp_path, capsys):
    root = write_site(tmp_path / "site")
    target = tmp_path / "other.yaml"
    target.write_text(VALID_YAML, encoding="utf-8")
    (root / "claims.yaml").unlink()
    (root / "claims.yaml").symlink_to(target)
    code, err = run(root, "check", capsys)
    assert code == 1
    assert_error(err, "claims.yaml:1:1", "leads outside the project")


# --- regular expressions on input are linear ------------------------------------------------

@pytest.mark.parametrize("text", ["[@a," + " " * 6000, "`" * 6000, "[" * 5000, "[@" * 3000,
                                  "](" * 3000, "<" * 5000, "[x](" + "../" * 3000 + ")",
                                  "[a](" * 5000, "- " * 5000, "> " * 5000, "a\n===\n" * 5000,
                                  "[x]:\n" * 5000, "# x\n" * 5000, "x" * 70000])
def test_pathological_analysis_checks_in_linear_time(tmp_path, capsys, text):
    root = write_site(tmp_path / "site", analyses={"sky-is-green": VALID_ANALYSIS + text})
    started = time.perf_counter()
    run(root, "check", capsys)
    assert time.perf_counter() - started < 5  # was over a minute for the first one


def test_pathological_event_text_checks_in_linear_time(tmp_path, capsys):
    yaml_text = edit("    title: Sam speaks\n",
                     "    title: Sam speaks\n    text: \"[@a," + " " * 6000 + "\"\n")
    started = time.perf_counter()
    code, err = check(tmp_path, capsys, yaml_text)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert_error(err, "claims.yaml:52:11", "event text: citation '[@a,", "is not closed")


# --- malformed citations are errors at their position ---------------------------------------

@pytest.mark.parametrize("citation, words", [
    ("[@ report-a]", ("has a space after '@'",)),
    ("[@report-a para. 3]", ("needs a comma between the source id and the locator",)),
    ("[@report-a; para. 2]", ("needs a comma",)),
    ("[@report-a", ("is not closed",)),
    ("[@]", ("names no source",)),
    ("[@report-a, ]", ("empty locator",)),
    ("[@Report-A]", ("does not name a source id",)),
])
def test_malformed_citation(tmp_path, capsys, citation, words):
    analysis = VALID_ANALYSIS + "\nSaid so " + citation + " here.\n"  # line 5, col 9
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 1
    assert_error(err, f"{ANALYSIS}:5:9", *words, "expected [@source-id] or [@source-id, locator]")


def test_citation_in_an_indented_code_block_is_code_for_check_and_page(tmp_path, capsys):
    analysis = VALID_ANALYSIS + "\nExample:\n\n    [@not-a-source]\n"
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 0, err
    page = build_site(tmp_path / "site") / "claims/sky-is-green/index.html"
    assert soup(page).find("code").get_text().strip() == "[@not-a-source]"


def test_escaped_citation_is_text(tmp_path, capsys):
    analysis = VALID_ANALYSIS + "\nWrite \\[@id] to cite.\n"
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 0, err


# --- ids, dates and references --------------------------------------------------------------

def test_id_with_surrounding_space_cannot_relabel_a_rating(tmp_path, capsys):
    yaml_text = edit("  - id: unproven\n    label: Unproven\n",
                     "  - id: unproven\n    label: Unproven\n    value: null\n    meaning: x\n"
                     "  - id: \"unproven \"\n    label: Correct\n")
    code, err = check(tmp_path, capsys, yaml_text)
    assert code == 1
    assert_error(err, "claims.yaml:14:9", "'unproven ' has whitespace around it")


@pytest.mark.parametrize("bad, words", [
    ("con", ("Windows reserves",)),
    ("lpt9", ("Windows reserves",)),
    ("a" * 300, ("300 characters long", "at most 80")),
])
def test_ids_that_cannot_be_file_names(tmp_path, capsys, bad, words):
    fails_at(tmp_path, capsys, "  - id: speech\n", f"  - id: {bad}\n", "claims.yaml:49:9", *words)


@pytest.mark.parametrize("date", ["0000-01-01", "9999-12-31~", "0000", "0999"])
def test_dates_outside_the_years_a_build_can_draw(tmp_path, capsys, date):
    fails_at(tmp_path, capsys, "    date: 2021-04-02\n", f"    date: \"{date}\"\n",
             "claims.yaml:50:11", "expected a year from 1000 to 2999")


def test_source_cannot_cite_itself(tmp_path, capsys):
    fails_at(tmp_path, capsys, "cites: [report-b]", "cites: [report-b, report-a]",
             "claims.yaml:22:23", "source 'report-a' cites itself")


def test_source_cannot_translate_itself(tmp_path, capsys):
    fails_at(tmp_path, capsys, "    language: de\n",
             "    language: de\n    translation: {of: report-b, by: us}\n",
             "claims.yaml:29:23", "source 'report-b' is a translation of itself")


# --- hostile YAML is refused at a position --------------------------------------------------

BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n")


@pytest.mark.parametrize("text, where, words", [
    (BOMB, "5:5", ("alias '*d' stands for 7381 values", "at most 1000")),
    ("ratings: &r [*r]\n", "1:14", ("alias '*r' is inside its own anchor",)),
    ("ratings: " + "[" * 10000 + "]" * 10000 + "\n", "1:73", ("nested more than 64 levels",)),
    ("ratings: []\nsources: [\x00]\n", "2:11", ("character U+0000 is not allowed",)),
    ("ratings: []\n# \x1b[2J\n", "2:3", ("character U+001B",)),
    ("ratings: []\nclaims: !!python/object:os.system x\n", "2:9", ("YAML tag",)),
    ("ratings: []\n---\nclaims: []\n", "2:1", ("a second YAML document",)),
])
def test_hostile_yaml_is_refused_at_its_position(tmp_path, capsys, text, where, words):
    root = write_site(tmp_path / "site", "ratings: []\n")
    (root / "claims.yaml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    code, err = run(root, "check", capsys)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert_error(err, f"claims.yaml:{where}", *words)


def test_invalid_utf8_is_refused_at_its_byte(tmp_path, capsys):
    root = write_site(tmp_path / "site")
    (root / "claims.yaml").write_bytes(VALID_YAML.encode().replace(b"Report A\n", b"Rep\xffort A\n"))
    code, err = run(root, "check", capsys)
    assert code == 1
    assert_error(err, "claims.yaml:16:15", "byte 0xff", "not UTF-8")


# --- what pages contain ---------------------------------------------------------------------

def test_heading_ids_never_collide_with_the_page_s_own(tmp_path):
    analysis = VALID_ANALYSIS + "\n## Sources\n\n## Main\n\n## Sources heading\n"
    root = write_site(tmp_path / "site", analyses={"sky-is-green": analysis})
    parsed = soup(build_site(root) / "claims/sky-is-green/index.html")
    ids = [tag["id"] for tag in parsed.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(ids)
    assert {"h-sources", "h-main", "h-sources-heading"} <= set(ids)


def test_remote_image_is_a_warning_and_a_link(tmp_path, capsys):
    analysis = VALID_ANALYSIS + "\n![pixel](https://tracker.example/p.gif)\n"
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 0
    assert [(w, s) for w, s, m in problems(err) if "tracker.example" in m] == [
        (f"{ANALYSIS}:5:10", "warning")]
    parsed = soup(build_site(tmp_path / "site") / "claims/sky-is-green/index.html")
    assert parsed.find("img", src="https://tracker.example/p.gif") is None
    assert parsed.find("a", href="https://tracker.example/p.gif").get_text() == "pixel"


def test_every_page_has_a_content_security_policy(tmp_path):
    output = build_site(write_site(tmp_path / "site"))
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        meta = soup(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        assert "script-src 'self'" in meta["content"] and "unsafe-inline" not in meta["content"]


# --- the build loop -------------------------------------------------------------------------

def test_a_killed_build_s_staging_folder_is_removed_by_the_next(tmp_path):
    root = write_site(tmp_path / "site")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftovers = [root / f".output.build-{dead}-x1y2z3", root / f".output.old-{dead}"]
    for folder in leftovers:
        (folder / "claims").mkdir(parents=True)
    build_site(root)
    assert not [path for path in leftovers if path.exists()]
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".output")) == []


def test_unwritable_output_is_one_line_and_leaves_nothing(tmp_path, capsys):
    root = write_site(tmp_path / "site")
    (root / "blocker").write_text("a file where the output's folder should be")
    for path in root.rglob("*"):  # old enough for their digests to be worth keeping
        os.utime(path, (time.time() - 3600,) * 2)
    capsys.readouterr()
    code = build.main(["build", "--root", str(root), "-o", "blocker/output"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("build failed")]
    assert failed == [failed[0]] and "cannot write" in failed[0]
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["blocker", "claims.yaml", "content", "pelicanconf.py"])


# --- build.py new ---------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["x\n", "-rf", "con", "Upper", " a"])
def test_new_refuses_what_the_schema_would_refuse(tmp_path, bad):
    root = write_site(tmp_path / "site")
    before = (root / "claims.yaml").read_bytes()
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "new", "claim", bad,
                             "--root", str(root)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr
    assert (root / "claims.yaml").read_bytes() == before
    assert sorted(p.name for p in (root / "content/claims").iterdir()) == ["sky-is-green.md"]


@pytest.mark.parametrize("text, where, words", [
    ("- " * 40 + "x", "5:1", ("nested more than 16 levels deep",)),
    ("Intro.\n\n" + "[" * 70, "7:1", ("without their closing", "write \\[ for a lone one")),
    ("[a](" * 70, "5:4", ("without their closing",)),
    ("# x\n" * 600, "5:1", ("more than 500 lines without a blank line",)),
    ("x" * 70000, "1:1", ("at most 65536",)),
])
def test_markdown_the_parser_cannot_take_is_refused_at_its_position(tmp_path, capsys, text,
                                                                      where, words):
    analysis = (VALID_ANALYSIS + "\n" + text) if not text.startswith("x") else text
    code, err = check(tmp_path, capsys, analyses={"sky-is-green": analysis})
    assert code == 1
    assert_error(err, f"{ANALYSIS}:{where}", *words)
