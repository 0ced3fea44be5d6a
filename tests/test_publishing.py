"""Publishing: links hold at a domain root, under a GitHub Pages subpath and from disk;
check speaks to humans, GitHub and tools; `new` scaffolds entries; readers can suggest
corrections."""

from __future__ import annotations

import json
import os
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

import build
from conftest import PROJECT, VALID_YAML, run, write_site
from htmlcheck import broken_links, page


def _build(root, settings="pelicanconf.py", env=None, output="output"):
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        assert build.main(["build", "--root", str(root), "-s", settings, "-o", output]) == 0
    finally:
        for key, value in old.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    return root / output


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A copy of the sample's inputs in a temporary root (so output/ of the checkout is never
    touched); copied, not linked, because inputs that lead outside their project are refused."""
    root = tmp_path_factory.mktemp("publish")
    for name in ("claims.yaml", "content", "evidence", "theme"):
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copyfile(source, root / name)
    (root / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        (root / name).write_text((PROJECT / name).read_text())
    return root


@pytest.mark.parametrize("site_url", ["https://factcheck.example.org",
                                      "https://example.github.io/factcheck"])
def test_links_resolve_at_a_domain_root_and_under_a_subpath(sample, site_url):
    out = _build(sample, "publishconf.py", {"SITEURL": site_url}, f"out-{len(site_url)}")
    assert broken_links(out, site_url=site_url) == []
    home = page(out, "")
    assert home.find("a", class_="site-name")["href"] == f"{site_url}/"
    assert page(out, "claims/").select_one(".claim-list a")["href"].startswith(
        f"{site_url}/claims/")


def test_links_open_from_disk(sample):
    out = _build(sample, output="out-disk")
    assert broken_links(out, directories=False) == []
    assert page(out, "").find("a", class_="site-name")["href"] == "./index.html"


def test_check_formats(tmp_path, capsys):
    root = write_site(tmp_path, VALID_YAML.replace("rating: incorrect", "rating: incorect"))
    capsys.readouterr()
    assert build.main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err.splitlines()
    at = err.index("claims.yaml:36:13: error: unknown rating 'incorect'; did you mean "
                   "'incorrect'? expected the id of an entry under ratings:")
    assert err[at + 1] == "     36 |     rating: incorect"
    assert err[at + 2] == "        |             ^"

    assert build.main(["check", "--root", str(root), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out == ("::error file=claims.yaml,line=36,col=13::unknown rating 'incorect'; did you "
                   "mean 'incorrect'? expected the id of an entry under ratings:\n")

    assert build.main(["check", "--root", str(root), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [{
        "file": "claims.yaml", "line": 36, "column": 13, "severity": "error",
        "message": "unknown rating 'incorect'; did you mean 'incorrect'? expected the id of "
                   "an entry under ratings:"}]


def test_github_format_escapes_what_would_break_a_workflow_command():
    from factcheck.model.problems import Position, Problems, format_github

    problems = Problems()
    problems.warning(Position("a,b:c.yaml", 2, 3), "50% done\n::error file=x::pwned\r\x1b[2J")
    assert format_github(problems) == ("::warning file=a%2Cb%3Ac.yaml,line=2,col=3::50%25 done"
                                       "\\x0a::error file=x::pwned\\x0d\\x1b[2J")


def test_input_never_starts_a_line_of_any_output_format(tmp_path, capsys):
    """A value holding a newline and a workflow command is quoted escaped, on one line."""
    hostile = r'"x\n::error file=a::pwned\n::add-mask::y\e[31m"'  # YAML escapes: real newlines
    root = write_site(tmp_path, VALID_YAML.replace("rating: incorrect", f"rating: {hostile}"))
    for fmt in ("human", "github", "json"):
        capsys.readouterr()
        assert build.main(["check", "--root", str(root), "--format", fmt]) == 1
        captured = capsys.readouterr()
        output = captured.out + captured.err
        assert "pwned" in output, fmt  # the value is quoted in the message...
        lines = output.splitlines()  # ...but never starts a line, and no escape gets through
        assert not [line for line in lines if line.lstrip().startswith(("::error file=a",
                                                                       "::add-mask"))], fmt
        assert "\x1b" not in output, fmt


COMMENTED = VALID_YAML.replace("sources:\n", "# Our sources, oldest first.\nsources:\n").replace(
    "claims:\n", "claims:  # keep newest last\n")


# What `new` leaves for the contributor that `check` rejects until it is given: no date and no
# language is guessed for them, so `new` itself exits 1 and says what is missing.
LEFT_TO_GIVE = {"claim": None, "source": "'TODO' is not a BCP 47 language tag",
                "event": "'TODO' is not a date"}


@pytest.mark.parametrize("kind", ["claim", "source", "event"])
def test_new_adds_a_skeleton_and_keeps_the_file(tmp_path, capsys, kind):
    root = write_site(tmp_path, COMMENTED)
    before = (root / "claims.yaml").read_text()
    capsys.readouterr()
    assert build.main(["new", kind, "fresh-one", "--root", str(root)]) == (
        1 if LEFT_TO_GIVE[kind] else 0)
    err = capsys.readouterr().err
    after = (root / "claims.yaml").read_text()
    kept = [line for line in after.splitlines() if "fresh-one" not in line]
    assert set(before.splitlines()) <= set(kept)           # nothing lost or changed
    assert "# Our sources, oldest first." in after and "claims:  # keep newest last" in after
    headers = [n for n, line in enumerate(after.splitlines()) if line[:1].isalpha()]
    new_at = after.splitlines().index("  - id: fresh-one")
    section = {"claim": "claims:", "source": "sources:", "event": "events:"}[kind]
    owner = max(n for n in headers if n < new_at)
    assert after.splitlines()[owner].startswith(section)
    assert f"added {kind} 'fresh-one' to claims.yaml" in err and "next:" in err
    code, err = run(root, "check", capsys)
    if LEFT_TO_GIVE[kind]:
        assert code == 1 and LEFT_TO_GIVE[kind] in err
    else:
        assert code == 0, err
        assert "warning: placeholder left to fill in" in err
    if kind == "claim":
        analysis = (root / "content/claims/fresh-one.md").read_text()
        headings = [line for line in analysis.splitlines() if line.startswith("## ")]
        assert headings == ["## What was said", "## What the cited reports show",
                            "## What they do not settle", "## Verdict"]
        assert "content/claims/fresh-one.md:3:1: warning: placeholder analysis" in err


def pyyaml_style(text: str) -> str:
    """claims.yaml as yaml.safe_dump writes it: list items at their key's own indentation."""
    return yaml.safe_dump(yaml.safe_load(text), sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize("kind", ["claim", "source", "event"])
def test_new_follows_the_file_s_own_indentation(tmp_path, capsys, kind):
    """A valid claims.yaml in PyYAML's style ("claims:" then "- id:" at column 0) stays valid:
    the new entry is indented as the file indents its lists."""
    text = pyyaml_style(VALID_YAML)
    assert "\n- id: sky-is-green\n" in text
    root = write_site(tmp_path, text)
    capsys.readouterr()
    build.main(["new", kind, "fresh-one", "--root", str(root)])
    after = (root / "claims.yaml").read_text()
    assert "\n- id: fresh-one\n" in after
    assert [line for line in after.splitlines() if line in set(text.splitlines())] == \
        text.splitlines()  # every line kept, in order
    entries = yaml.safe_load(after)[{"claim": "claims", "source": "sources",
                                     "event": "events"}[kind]]
    assert entries[-1]["id"] == "fresh-one" and len(entries) >= 2
    code, err = run(root, "check", capsys)
    assert "YAML syntax error" not in err and (code == 0 or LEFT_TO_GIVE[kind] in err), err


@pytest.mark.parametrize("edit, message", [
    (("    title: Report A\n", "    title: Report A: B\n"), "a second ': ' on one line"),
    (("claims:\n", "claims: [{id: x}]\nx:\n"), "'claims:' on line"),
], ids=["syntax-error", "flow-list"])
def test_new_refuses_a_file_it_cannot_add_to(tmp_path, capsys, edit, message):
    root = write_site(tmp_path, VALID_YAML.replace(*edit))
    before = (root / "claims.yaml").read_text()
    capsys.readouterr()
    assert build.main(["new", "claim", "fresh-one", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert message in err and (root / "claims.yaml").read_text() == before, err
    assert not (root / "content/claims/fresh-one.md").exists()


def test_new_entry_lands_in_its_own_section(tmp_path, capsys):
    root = write_site(tmp_path)
    assert build.main(["new", "source", "fresh-source", "--root", str(root)]) == 1  # language
    text = (root / "claims.yaml").read_text()
    assert text.index("- id: report-b") < text.index("- id: fresh-source") < text.index("claims:")


@pytest.mark.parametrize("args, message", [
    (["claim", "Bad_Id"], "'Bad_Id' is not a valid id"),
    (["claim", "sky-is-green"], "already has a claim with id 'sky-is-green'"),
])
def test_new_refuses_bad_or_taken_ids(tmp_path, capsys, args, message):
    root = write_site(tmp_path)
    before = (root / "claims.yaml").read_text()
    capsys.readouterr()
    assert build.main(["new", *args, "--root", str(root)]) == 1
    assert message in capsys.readouterr().err
    assert (root / "claims.yaml").read_text() == before


def test_suggest_a_correction_link(tmp_path):
    root = write_site(tmp_path)
    with open(root / "pelicanconf.py", "a") as conf:
        conf.write('FACTCHECK_REPOSITORY = "https://github.com/example/factcheck"\n')
    link = page(_build(root), "claims/sky-is-green/").select_one(".suggest-correction a")
    parts = urlsplit(link["href"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com",
                                                        "/example/factcheck/issues/new")
    query = parse_qs(parts.query)
    assert query["title"] == ["Correction: sky-is-green"]
    assert query["labels"] == ["correction"]
    assert "Claim: The sky is green." in query["body"][0]
    assert "claims/sky-is-green/" in query["body"][0]


def test_no_correction_link_without_a_repository(tmp_path):
    root = write_site(tmp_path)
    assert page(_build(root), "claims/sky-is-green/").select_one(".suggest-correction") is None


def test_publishconf_imports_its_own_sites_pelicanconf_after_another_site(tmp_path):
    """One process (the suite, ``make serve``) builds two sites whose publishconf.py does
    ``from pelicanconf import *``: each build must read its own pelicanconf.py, not the
    module or the folder an earlier build left behind."""
    publish = (PROJECT / "publishconf.py").read_text()
    outputs = {}
    for name in ("first", "second"):
        root = write_site(tmp_path / name)
        conf = (root / "pelicanconf.py").read_text()
        (root / "pelicanconf.py").write_text(conf + f"\nSITENAME = 'Site {name}'\n")
        (root / "publishconf.py").write_text(publish)
        outputs[name] = _build(root, "publishconf.py", {"SITEURL": "https://example.org"})
    for name, out in outputs.items():
        assert page(out, "").find("a", class_="site-name").get_text(" ", strip=True) \
            == f"Site {name}"
