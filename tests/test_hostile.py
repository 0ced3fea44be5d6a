"""Hostile input never gets through (issue 8, "Done when"): about 330 hostile inputs, one at
a time, then a hypothesis property test that splices them into a valid site.

For every input: check and build finish within TIMEOUT (a forked child, killed if not),
print no traceback and exit 0 or 1, every problem has a FILE:LINE:COL inside its file (and
on the hostile lines, where the case knows them), nothing input-controlled starts a line
of output (GitHub workflow commands) or reaches the terminal raw, an error leaves the
previous output/ byte for byte; and when check passes, build succeeds and no built page
holds executable markup, a remote resource or a duplicate id (see hostile.scan_page).
Inputs the issue says must be refused (symlinks out of the project, bad ids and dates,
YAML bombs, ...) must make check fail.

Cost: about 35 s on a 2-core machine when every case passes (each case copies a built
fixture site and forks build.py twice; the property test runs 50 examples, about 6 s,
without shrinking). A case that hangs costs TIMEOUT more.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import hostile
from conftest import CLEAN_URLS, VALID_ANALYSIS, build_site, write_site
from hostile import Run, SECRET

TIMEOUT = 10.0  # seconds per build.py run; the slowest case takes under 2 s when linear
LEAKS = (SECRET, "root:x:0:0:")  # a file outside the project, and /etc/passwd
CASES = hostile.all_cases()


PUBLISH = hostile.Site("https://factcheck.example")
# publishconf.py's differences, with a SITEURL and a repository for correction links.
PUBLISH_SETTINGS = f"""
SITEURL = {PUBLISH.url!r}
RELATIVE_URLS = False
FACTCHECK_REPOSITORY = "https://github.com/owner/repo"
FACTCHECK_PUBLISHER = {{"name": SITENAME, "url": SITEURL}}
""" + CLEAN_URLS
JINJA_CACHE = """
from jinja2 import FileSystemBytecodeCache
JINJA_ENVIRONMENT = dict(JINJA_ENVIRONMENT, bytecode_cache=FileSystemBytecodeCache({folder!r}))
"""


def make_base(folder: Path, site: hostile.Site, settings: str = "") -> Path:
    """A valid fixture site with a built output/, copied by every case.

    Two things only make the ~400 builds affordable, neither changes what is built: the
    site caches its compiled Jinja templates (Jinja's own bytecode cache; templates are
    not input here), which takes a build from 0.2 s to 0.07 s; and it is built once in
    this process, so the forked children start with Pelican's lazy imports done. The
    base is scanned here, so each case need scan only the files it changed."""
    root = write_site(folder / "site")
    (folder / "jinja").mkdir()
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(JINJA_CACHE.format(folder=str(folder / "jinja")) + settings)
    output = build_site(root)
    assert hostile.scan_site(output, site) == []
    return root


@pytest.fixture(scope="module")
def base_site(tmp_path_factory) -> Path:
    """Built as `make site` builds: relative URLs."""
    return make_base(tmp_path_factory.mktemp("hostile-base"), hostile.Site())


@pytest.fixture(scope="module")
def publish_site(tmp_path_factory) -> Path:
    """Built as the deploy workflow builds (publishconf.py): absolute URLs."""
    return make_base(tmp_path_factory.mktemp("hostile-publish"), PUBLISH, PUBLISH_SETTINGS)


def attack(base: Path, workdir: Path, apply, site: hostile.Site = hostile.Site()
           ) -> tuple[list[str], Run]:
    """Copy the built site, apply one hostile change, run check and build: what went wrong,
    and check's run."""
    root = workdir / "site"
    shutil.copytree(base, root, symlinks=True)
    apply(root, workdir / "outside")
    before = hostile.tree_digest(root / "output")
    checked = hostile.run_cli(["check", "--root", str(root), "--format", "github"], TIMEOUT)
    if checked.code is None:
        return [f"check did not finish in {TIMEOUT:.0f} s"], checked
    built = hostile.run_cli(["build", "--root", str(root)], TIMEOUT)
    return verdict(root, checked, built, before, site), checked


def verdict(root: Path, checked: Run, built: Run, before: dict[str, str],
            site: hostile.Site = hostile.Site()) -> list[str]:
    """Every broken promise, for one input: empty when the input was handled safely."""
    wrong = output_problems("check", checked) + output_problems("build", built)
    github = hostile.github_problems(checked.out)
    wrong += [f"check: {p}" for p in position_problems(root, github)]
    if checked.code == 1 and not any(p.severity == "error" for p in github):
        wrong.append("check failed without reporting an error")
    if built.code is None:
        return wrong + [f"build did not finish in {TIMEOUT:.0f} s"]
    human = hostile.human_problems(built.err)
    if built.code in (0, 1) and sorted(map(str, human)) != sorted(map(str, github)):
        wrong.append(f"build reports {len(human)} problems, check --format github {len(github)}")
    if checked.code == 0 and built.code != 0:
        wrong.append(f"check passed but build exited {built.code}: {_tail(built.err)}")
    if checked.code == 1 and built.code != 1:
        wrong.append(f"check failed but build exited {built.code}")
    return wrong + output_folder_problems(root, built, before, site)


def output_problems(command: str, run: Run) -> list[str]:
    """No traceback, exit 0/1, nothing raw or stray on the terminal or in the CI log."""
    if run.code is None:
        return []
    wrong = []
    if run.code not in (0, 1):
        wrong.append(f"{command} exited {run.code}: {_tail(run.err)}")
    if "Traceback" in run.out + run.err:
        wrong.append(f"{command} printed a traceback: {_tail(run.err)}")
    stray = hostile.stray_human_lines(run.err) + hostile.stray_github_lines(run.out)
    if stray:
        wrong.append(f"{command} printed lines that are none of its forms: {stray[:3]!r}")
    raw = hostile.UNSAFE_CHARS_RE.findall(run.out + run.err)
    if raw:
        wrong.append(f"{command} printed raw control characters {sorted(set(raw))!r}")
    wrong += [f"{command} echoed {leak!r}" for leak in LEAKS if leak in run.out + run.err]
    return wrong


def output_folder_problems(root: Path, built: Run, before: dict[str, str],
                           site: hostile.Site) -> list[str]:
    """On failure output/ is untouched; on success every page is inert and nothing leaked."""
    output = root / "output"
    leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith(".output."))
    wrong = [f"build left {leftovers}"] if leftovers else []
    if built.code != 0:
        changed = _changed(before, hostile.tree_digest(output))
        return wrong + ([f"output/ changed on failure: {changed[:5]}"] if changed else [])
    wrong += hostile.scan_site(output, site, known_clean=before)  # before: the scanned base
    for path in output.rglob("*"):
        if path.is_file() and any(leak.encode() in path.read_bytes() for leak in LEAKS):
            wrong.append(f"output/{path.relative_to(output)} publishes a file from outside")
    return wrong


def position_problems(root: Path, reported) -> list[str]:
    """Each position names a file of the project and a line and column inside it."""
    wrong = []
    for problem in reported:
        where = f"{problem.path}:{problem.line}:{problem.col}"
        if problem.line < 1 or problem.col < 1:
            wrong.append(f"{where}: line and column count from 1")
        elif os.path.isabs(problem.path) or problem.path.split("/")[0] == "..":
            wrong.append(f"{where}: a path outside the project")
        elif not _inside_file(root, problem):
            wrong.append(f"{where}: not a position in that file")
    return wrong


def _inside_file(root: Path, problem) -> bool:
    lines_by_rule = _file_lines(root, problem.path)
    if lines_by_rule is None:  # not a readable file of the project: only 1:1 means anything
        named = "\\" in problem.path or os.path.lexists(root / problem.path)
        return named and (problem.line, problem.col) == (1, 1)
    return any(problem.line <= len(lines) and problem.col <= len(lines[problem.line - 1]) + 1
               for lines in lines_by_rule)


def _file_lines(root: Path, name: str) -> list[list[str]] | None:
    """The file's lines as editors, YAML and Python count them; None unless it is a regular
    file inside the project (never opened otherwise: it may be a FIFO or /etc/passwd)."""
    path = root / name
    try:
        real = path.resolve()
        regular = real.is_file() and root.resolve() in real.parents
    except (OSError, RuntimeError):
        return None
    if not regular:
        return None
    text = real.read_bytes().decode("utf-8", "replace")
    return [text.split("\n"), re.split(r"\r\n|\r|\n", text), text.splitlines() or [""]]


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys()
                  if before.get(name) != after.get(name))


def _tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-2:])[:300]


# --- every hostile input, one at a time -----------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_handled_safely(base_site, tmp_path, case):
    wrong, checked = attack(base_site, tmp_path, case.apply)
    if case.refuse and checked.code == 0:
        wrong.append("check passed input it must refuse")
    if case.where and checked.code is not None:
        wrong += misplaced(case.where, case.refuse, hostile.github_problems(checked.out))
    if case.fragment and checked.code == 0 and not wrong and hostile.tree_digest(
            tmp_path / "site" / "output") == hostile.tree_digest(base_site / "output"):
        wrong.append("check passed but the input is in no page: was it applied at all?")
    assert not wrong, hostile.report(wrong)


def misplaced(where: hostile.Where, refuse: bool, reported) -> list[str]:
    """Problems about the hostile input must point at it, not at the top of the file."""
    lines = range(where.first, where.last + 1)
    inside = [p for p in reported if p.path == where.path]
    wrong = []
    if where.only:
        wrong += [f"{p.path}:{p.line}:{p.col}: {p.severity} outside the hostile input "
                  f"(lines {where.first}-{where.last})" for p in inside if p.line not in lines]
    if refuse and not any(p.severity == "error" and p.line in lines for p in inside):
        wrong.append(f"no error on {where.path} lines {where.first}-{where.last}; reported: "
                     f"{[str(p) for p in reported][:4]}")
    return wrong


# --- the same inputs, spliced into a valid site at random -----------------------------------

FRAGMENTS = hostile.fragments()
YAML_EDIT = st.tuples(st.just("yaml"), st.sampled_from(hostile.TEXT_FIELDS),
                      st.sampled_from(FRAGMENTS), st.integers(0, 200))
ANALYSIS_EDIT = st.tuples(st.just("analysis"), st.just(""), st.sampled_from(FRAGMENTS),
                          st.integers(0, len(VALID_ANALYSIS)))
RAW_EDIT = st.tuples(st.just("raw"), st.sampled_from(sorted(hostile.FIELDS)),
                     st.sampled_from(hostile.RAW_VALUES), st.just(0))
EDITS = st.lists(st.one_of(YAML_EDIT, ANALYSIS_EDIT, RAW_EDIT), min_size=1, max_size=3)


def mutate(edits) -> tuple[str, str]:
    """(claims.yaml, analysis) with each fragment spliced into a text value or the analysis,
    or a value of the wrong type put in place of a field's."""
    values: dict[str, str] = {}
    analysis = VALID_ANALYSIS
    for kind, field, fragment, at in edits:
        if kind == "raw":
            values[field] = hostile.Raw(fragment)
        elif kind == "yaml":
            value = values.get(field, hostile.ORIGINAL[field])
            cut = at % (len(value) + 1)
            values[field] = value[:cut] + fragment + value[cut:]
        else:
            cut = at % (len(analysis) + 1)
            analysis = analysis[:cut] + fragment + analysis[cut:]
    return hostile.yaml_with_values(values), analysis


@settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=EDITS, publish=st.booleans())
def test_mutated_site_check_ok_means_build_ok_and_nothing_executable(base_site, publish_site,
                                                                    edits, publish):
    """Half the examples are built with production settings (absolute URLs, correction
    links). No shrinking (phases): a hang would make shrinking cost minutes; the failing
    example is printed as drawn, and its fragments are in the corpus above."""
    yaml_text, analysis = mutate(edits)

    def apply(root: Path, scratch: Path) -> None:
        hostile.write(root, "claims.yaml", yaml_text)
        hostile.write(root, hostile.ANALYSIS, analysis)

    base, site = (publish_site, PUBLISH) if publish else (base_site, hostile.Site())
    with tempfile.TemporaryDirectory(prefix="hostile-") as workdir:
        wrong, _ = attack(base, Path(workdir), apply, site)
    assert not wrong, hostile.report(wrong)


# --- the scanner and the verdict cannot pass vacuously --------------------------------------

FORBIDDEN_MARKUP = [
    ('<img src="x" onerror="alert(1)">', "event handler attribute onerror"),
    ('<svg onload="alert(1)"></svg>', "event handler attribute onload"),
    ('<a href="javascript:alert(1)">x</a>', "href with a javascript: URL"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "href with a javascript: URL"),
    ('<a href="java\tscript:alert(1)">x</a>', "href with a javascript: URL"),
    ('<a href=" \x01javascript:alert(1)">x</a>', "href with a javascript: URL"),
    ('<a href="javascript&#58;alert(1)">x</a>', "href with a javascript: URL"),
    ('<a href="&#x6A;avascript:alert(1)">x</a>', "href with a javascript: URL"),
    ('<a href="vbscript:msgbox(1)">x</a>', "href with a vbscript: URL"),
    ('<a href="data:text/html,x">x</a>', "href with a data: URL"),
    ('<form action="javascript:alert(1)"></form>', "action with a javascript: URL"),
    ('<button formaction="javascript:alert(1)">x</button>', "formaction attribute"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "xlink:href with a javascript"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "srcdoc attribute"),
    ('<video poster="javascript:alert(1)"></video>', "poster with a javascript: URL"),
    ('<object data="data:text/html,x"></object>', "<object> element"),
    ("<script>alert(1)</script>", "script that is not the site's own"),
    ('<script src="https://evil.example/x.js"></script>', "script that is not the site's own"),
    ('<script src="../content/x.js"></script>', "script that is not the site's own"),
    ('<script type="application/ld+json">{"a": "</script>', "script"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe> element"),
    ('<embed src="x.swf">', "<embed> element"),
    ('<base href="https://evil.example/">', "<base> element"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "http-equiv='refresh'"),
    ('<form action="https://evil.example/"><input name="q"></form>', "form that is not"),
    ('<form id="site-search" action="https://evil.example/"></form>', "form that is not"),
    ('<p style="background: u\\rl(https://t.example/p.gif)">x</p>', "style attribute"),
    ('<p style="width: expression(alert(1))">x</p>', "style attribute"),
    ("<style>body { background: red }</style>", "<style> element"),
    ('<img src="https://tracker.example/p.gif">', "img src loads from another site"),
    ('<img src="//tracker.example/p.gif">', "img src loads from another site"),
    ('<img srcset="a.png 1x, https://tracker.example/p.gif 2x">', "img srcset loads from"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "link href loads from"),
    ('<a href="https://example.org/" ping="https://tracker.example/">x</a>', "ping attribute"),
    ('<main id="main"></main><h3 id="main">Main</h3>', "id 'main' used twice"),
    ('<img src="/\\evil.example/p.gif">', "img src loads from another site"),
    ('<img src="https:\\evil.example/p.gif">', "img src loads from another site"),
    ('<img src="\\\\evil.example\\share\\p.gif">', "img src loads from another site"),
]


@pytest.mark.parametrize("markup, finding", FORBIDDEN_MARKUP,
                         ids=[f"{i}-{re.sub(r'[^a-z]+', '-', m[:24])}"
                              for i, (m, _) in enumerate(FORBIDDEN_MARKUP)])
def test_scanner_flags_each_forbidden_thing(markup, finding):
    findings = hostile.scan_page(f"<!DOCTYPE html><html><body>{markup}</body></html>",
                                 "claims/x/index.html")
    assert any(finding in f for f in findings), findings


PREFIX = ("window.FactcheckSearch=window.FactcheckSearch||{};"
          "window.FactcheckSearch.parts=window.FactcheckSearch.parts||{};window.FactcheckSearch.parts")


def _data(value: str) -> str:
    """A search script's payload as factcheck/search/index.py writes it: JSON.parse of a string."""
    return "JSON.parse(" + json.dumps(value).replace("<", "\\u003c") + ")"


@pytest.mark.parametrize("script, finding", [
    (PREFIX + '["d/0-ab"]=' + _data('[{"title": "x"}]') + ';alert(1);\n', "not the one assignment"),
    (PREFIX + '["d/0-ab"]=' + _data('[{"title": "x"}]') + ';\nalert(1)', "not the one assignment"),
    (PREFIX + '["d/0-ab"]=[{"title": "x"}];\n', "not the one assignment"),
    (PREFIX + '["d/0-ab"]=JSON.parse("[{\\"t\\": 1}]"+alert(1)+"");\n', "not the one assignment"),
    (PREFIX + '["index"]=' + _data('[]') + ';\n', "not the one assignment"),
    (PREFIX + '["d/0-ab"]=JSON.parse("[{\\"title\\": \\"</script>\\"}]");\n', "'<' or a raw"),
    (PREFIX + '["d/0-ab"]=' + _data('[{"title": "x"') + ';\n', "not JSON"),
    (PREFIX + '["d/0-ab"]=' + _data('[{"url": "javascript:alert(1)"}]') + ';\n', "leaves the site"),
    (PREFIX + '["d/0-ab"]=' + _data('[{"url": "//evil.example/"}]') + ';\n', "leaves the site"),
])
def test_scanner_flags_search_data_that_is_code(script, finding):
    assert any(finding in f for f in hostile.scan_search_data(script, "search/d/0-ab.js"))
    assert hostile.scan_search_data(PREFIX + '["d/0-ab"]=' + _data('[{"url": "claims/x/"}]') + ';\n',
                                    "search/d/0-ab.js") == []


def test_scanner_accepts_the_site_s_own_markup():
    page = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<meta name="description" content="javascript: is text here">
<link rel="stylesheet" href="../../theme/css/site.css">
<script src="../../theme/js/search.js" defer></script>
<script type="application/ld+json">{"@type": "ClaimReview", "x": "\\u003c/script>"}</script>
</head><body>
<form id="site-search" action="../../search/index.html" method="get"><input name="q"></form>
<a href="https://example.org/a">a</a> <a href="#h-x">x</a> <a href="mailto:a@example.org">m</a>
<img src="../../theme/img/x.png" alt=""> <svg viewBox="0 0 10 10"><rect width="1"/></svg>
<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p></body></html>"""
    assert hostile.scan_page(page, "claims/x/index.html") == []
    assert hostile.scan_page(
        '<form id="search-page-form" action="" method="get"></form>', "search/index.html") == []


def test_scanner_allows_the_site_s_own_absolute_urls_and_allowed_image_hosts():
    markup = ('<img src="https://images.example.org/a.png">'
              '<script src="https://factcheck.example/theme/js/search.js"></script>'
              '<form id="site-search" action="https://factcheck.example/search/"></form>')
    assert len(hostile.scan_page(markup, "index.html")) >= 3
    site = hostile.Site("https://factcheck.example", ("images.example.org",))
    assert hostile.scan_page(markup, "index.html", site) == []
    evil = '<script src="https://factcheck.example.evil.example/theme/js/x.js"></script>'
    assert hostile.scan_page(evil, "index.html", site) != []


def test_the_valid_fixture_builds_clean(base_site):
    """The baseline every case starts from: built, and the scanner finds nothing in it."""
    pages = list((base_site / "output").rglob("*.html"))
    assert len(pages) >= 10
    assert hostile.scan_site(base_site / "output") == []


def test_verdict_catches_what_it_must(base_site):
    before = hostile.tree_digest(base_site / "output")
    ok = Run(0, "", "check: ok (1 claims, 2 sources, 1 events; 0 warning(s))\n", 0.1)
    built = Run(0, "", ok.err + "built output/ in 0.2 s\n", 0.2)
    assert verdict(base_site, ok, built, before) == []
    bad_check = Run(1, "::error file=claims.yaml,line=999,col=1::x\n",
                    "Traceback (most recent call last):\n::add-mask::x\n\x1b[2J", 0.1)
    failed = Run(2, "", "build failed: x\n", 0.1)
    found = "\n".join(verdict(base_site, bad_check, failed, {"changed": "x"}))
    for words in ("traceback", "none of its forms", "raw control", "claims.yaml:999:1",
                  "build exited 2", "output/ changed"):
        assert words in found, found
    assert "\n::" not in hostile.report(["x\n::error file=x::pwned", "\u2028::add-mask::x"])
    hung = Run(None, "", "", TIMEOUT)
    assert "did not finish" in "\n".join(verdict(base_site, ok, hung, before))


HOSTILE_IDS = sorted({value for field, value in hostile.REFUSED_VALUES if field.endswith(".id")})


@pytest.mark.parametrize("bad", HOSTILE_IDS, ids=[hostile.label(v) for v in HOSTILE_IDS])
def test_new_refuses_every_hostile_id(base_site, tmp_path, bad):
    root = tmp_path / "site"
    shutil.copytree(base_site, root, symlinks=True)
    before = hostile.tree_digest(root)
    run = hostile.run_cli(["new", "claim", bad, "--root", str(root)], TIMEOUT)
    assert run.code == 1, hostile.shown(run.err)
    assert output_problems("new", run) == []
    assert hostile.tree_digest(root) == before


def test_runner_kills_a_hang_and_reports_a_crash():
    hang = hostile.run_in_child(lambda: time.sleep(60) or 0, 0.5)
    assert hang.code is None and hang.seconds < 5
    crash = hostile.run_in_child(lambda: 1 // 0, TIMEOUT)
    assert crash.code == 70 and "Traceback" in crash.err and "ZeroDivisionError" in crash.err
    assert "Traceback" in "\n".join(output_problems("check", crash))
