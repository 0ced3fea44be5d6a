"""`build.py init DIR`: another team's new site, which installs this generator from a pin.

The fast tests run the new site's build.py against this checkout (PYTHONPATH). The slow one
does what a new team does: `make site` in the new folder creates its own venv, pip installs
the generator from requirements.txt (pinned to this checkout) and everything else from the
package registry, npm installs the locked assets; then a claim is added with `new`, filled
in, and `make site` and `make test` pass. It takes a minute or two and is never skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import PROJECT
from htmlcheck import broken_links, claim_reviews, soup
from test_workflows import RULES, run_actionlint, zizmor

from factcheck.init_site import STARTER, pin_from_direct_url

GENERATOR = f"factcheck-microsite @ {PROJECT.as_uri()}"
SLOW = 900  # seconds for one make or pip step: a fresh venv is installed from the registry


def run(*command: str | Path, cwd: Path = PROJECT, timeout: float = 120,
        env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def init(target: Path, *extra: str) -> subprocess.CompletedProcess:
    return run(sys.executable, PROJECT / "build.py", "init", target, *extra)


def with_checkout(site: Path) -> dict:
    """Run a new site against this checkout (no venv of its own): its node_modules are ours."""
    (site / "node_modules").symlink_to(PROJECT / "node_modules")
    return {"PYTHONPATH": str(PROJECT)}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_site_has_every_starter_file_and_pins_the_generator(tmp_path):
    site = tmp_path / "my-site"
    result = init(site, "--generator", GENERATOR)
    assert result.returncode == 0, result.stderr
    files = set(tree(site))
    assert {"claims.yaml", "pelicanconf.py", "publishconf.py", "build.py", "Makefile",
            "requirements.txt", "package.json", "package-lock.json", ".gitignore", "README.md",
            "CONTRIBUTING.md", "tests/test_site.py", ".ci/run", ".github/workflows/check.yml",
            ".github/workflows/publish.yml", "content/pages/about.md",
            "content/pages/methodology.md", "content/pages/corrections.md",
            "content/claims/.gitkeep", "theme/README.md", "theme/templates/.gitkeep",
            "claims.schema.json", "docs/data-model.md"} <= files
    assert not any(part.startswith("dot-") for name in files for part in name.split("/"))
    pins = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert GENERATOR in pins and "__FACTCHECK_GENERATOR__" not in pins
    assert os.access(site / "build.py", os.X_OK) and os.access(site / ".ci" / "run", os.X_OK)
    settings = (site / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'PLUGINS = ["factcheck"]' in settings and "PLUGIN_PATHS =" not in settings


def test_without_generator_init_pins_this_checkout(tmp_path):
    result = init(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pins = (tmp_path / "site" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert GENERATOR in pins


def test_a_fresh_site_checks_clean_and_warns_only_about_its_todos(tmp_path):
    site = tmp_path / "site"
    assert init(site, "--generator", GENERATOR).returncode == 0
    env = with_checkout(site)
    result = run(sys.executable, site / "build.py", "check", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)
    assert {p["severity"] for p in problems} == {"warning"}
    assert all(p["message"].startswith("placeholder") for p in problems), problems
    warned = {(p["file"], p["message"].split(" is ")[0]) for p in problems}
    assert ("pelicanconf.py", "placeholder left to fill in: SITENAME") in warned
    assert {p["file"] for p in problems} >= {"content/pages/about.md",
                                             "content/pages/methodology.md",
                                             "content/pages/corrections.md"}


def test_a_fresh_site_builds_with_working_links(tmp_path):
    site = tmp_path / "site"
    assert init(site, "--generator", GENERATOR).returncode == 0
    result = run(sys.executable, site / "build.py", "build", env=with_checkout(site))
    assert result.returncode == 0, result.stderr
    assert broken_links(site / "output", directories=False) == []


@pytest.mark.parametrize("existing", ["a file", "a non-empty folder"])
def test_init_refuses_a_target_that_is_not_an_empty_folder(tmp_path, existing):
    target = tmp_path / "site"
    if existing == "a file":
        target.write_text("mine\n", encoding="utf-8")
    else:
        (target / "notes").mkdir(parents=True)
        (target / "notes" / "mine.txt").write_text("mine\n", encoding="utf-8")
    before = tree(tmp_path)
    result = init(target, "--generator", GENERATOR)
    assert result.returncode == 1
    assert "is not an empty folder" in result.stderr and "nothing was written" in result.stderr
    assert tree(tmp_path) == before


def test_init_into_an_empty_folder_is_allowed(tmp_path):
    (tmp_path / "site").mkdir()
    assert init(tmp_path / "site", "--generator", GENERATOR).returncode == 0
    assert (tmp_path / "site" / "claims.yaml").is_file()


def test_the_pin_says_exactly_what_was_installed():
    """PEP 610's direct_url.json, as pip writes it, becomes a PEP 508 direct reference."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    assert pin_from_direct_url({"url": "https://github.com/o/r.git", "vcs_info": {
        "vcs": "git", "commit_id": commit, "requested_revision": "main"}}) == (
        f"factcheck-microsite @ git+https://github.com/o/r.git@{commit}")
    assert pin_from_direct_url({"url": "https://example.org/f.whl", "archive_info": {
        "hashes": {"sha256": "ab12"}}}) == (
        "factcheck-microsite @ https://example.org/f.whl#sha256=ab12")
    assert pin_from_direct_url({"url": "file:///src/gen", "dir_info": {}}) == (
        "factcheck-microsite @ file:///src/gen")


def pins(path: Path) -> dict[str, str]:
    """name (normalised) -> version of each `name==version` line."""
    lines = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return {name.lower().replace("_", "-"): version for name, _, version in
            (line.partition("==") for line in lines if "==" in line)}


def test_the_package_and_the_new_site_pin_what_this_repository_pins():
    """pyproject.toml, requirements.txt and the starter's copies of them cannot drift apart."""
    ours = pins(PROJECT / "requirements.txt")
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    package = {name.lower().replace("_", "-"): version for name, _, version in
               (dependency.partition("==") for dependency in project["project"]["dependencies"])}
    assert package and all(ours.get(name) == version for name, version in package.items())
    starter = pins(STARTER / "requirements.txt")
    assert set(package) <= set(starter)
    assert {name: version for name, version in starter.items() if ours.get(name) != version} == {}
    npm = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    site_npm = json.loads((STARTER / "package.json").read_text(encoding="utf-8"))
    assert site_npm["dependencies"] == npm
    lock = json.loads((STARTER / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert {name: lock[f"node_modules/{name}"]["version"] for name in npm} == npm


def test_the_new_sites_workflows_pass_the_same_rules_and_linters(tmp_path):
    site = tmp_path / "site"
    assert init(site, "--generator", GENERATOR).returncode == 0
    workflows = sorted((site / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["check.yml", "publish.yml"]
    for path in workflows:
        assert {rule.__name__: rule(path) for rule in RULES if rule(path)} == {}, path.name
    linted = run_actionlint(*(p.relative_to(site) for p in workflows), cwd=site)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    code, findings = zizmor(".github/workflows", site)
    assert code == 0 and findings == [], findings


# -- what a new team does, for real -----------------------------------------------------------

SOURCE = """sources:
  - id: report-a
    title: "Report A"
    publisher: Outlet A
    authors: []
    published: "2021-04-13"
    url: https://example.org/a
    archive_url: null
    language: en
    cites: []
    local_copy: null
    note: null
"""
FILLED = {"claim": '"The sky is green."', "claimant": '"Sam Speaker"',
          "said_in": "report-a", "summary": '"Report A says the sky is blue."'}
ANALYSIS = """## What was said

Sam Speaker said the sky is green [@report-a, para. 1].

## What the cited reports show

Report A says the sky is blue [@report-a, para. 2].

## What they do not settle

Nothing else is known.

## Verdict

Report A alone does not settle it.
"""


def fill_in_claim(site: Path, claim_id: str) -> None:
    """What the contributor does after `new claim`: a source, then every TODO replaced."""
    data = site / "claims.yaml"
    lines = []
    for line in data.read_text(encoding="utf-8").replace("sources: []\n", SOURCE).splitlines():
        key = line.strip().split(":")[0]
        if "TODO" in line and key in FILLED:
            line = f"{line[:line.index(key)]}{key}: {FILLED[key]}"
        lines.append(line)
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (site / "content" / "claims" / f"{claim_id}.md").write_text(ANALYSIS, encoding="utf-8")


def make(site: Path, target: str) -> subprocess.CompletedProcess:
    """`make TARGET` as a person runs it: no PYTHONPATH or venv of ours leaks in."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run(["make", target], cwd=site, capture_output=True, text=True,
                          timeout=SLOW, stdin=subprocess.DEVNULL, env=env)


def test_a_new_team_installs_adds_a_claim_builds_and_tests(tmp_path):
    assert shutil.which("make") and shutil.which("npm"), "make and npm are needed, as for ours"
    site = tmp_path / "fact-site"
    assert init(site, "--generator", GENERATOR).returncode == 0
    built = make(site, "site")  # a venv of its own, the generator installed from the pin
    assert built.returncode == 0, built.stdout + built.stderr
    python = site / ".venv" / "bin" / "python"
    where = run(python, "-c", "import factcheck; print(factcheck.__file__)", cwd=tmp_path)
    installed = Path(where.stdout.strip()).parent
    assert installed.is_relative_to(site / ".venv"), where.stdout + where.stderr
    assert (installed / "theme" / "templates" / "claim.html").is_file()

    added = run(python, "build.py", "new", "claim", "some-id", cwd=site)
    assert added.returncode == 1, added.stderr  # no source yet: said_in is a TODO
    fill_in_claim(site, "some-id")
    checked = run(python, "build.py", "check", cwd=site)
    assert checked.returncode == 0, checked.stderr
    built = make(site, "site")
    assert built.returncode == 0, built.stdout + built.stderr
    claim_page = soup(site / "output" / "claims" / "some-id" / "index.html")
    assert claim_page.h1.get_text(" ", strip=True) == "The sky is green."
    assert [review["claimReviewed"] for review in claim_reviews(claim_page)] == [
        "The sky is green."]
    tested = make(site, "test")
    assert tested.returncode == 0, tested.stdout + tested.stderr

    # The installed command pins what it was installed from (PEP 610), here this checkout.
    again = run(site / ".venv" / "bin" / "factcheck", "init", tmp_path / "second", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    pins = (tmp_path / "second" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert GENERATOR in pins


def test_the_new_sites_settings_are_the_samples_where_they_must_agree():
    """The starter's settings are a copy of the sample's apart from the site's own words, so
    a new kind of page or a changed convention cannot reach one and miss the other: both
    name every page the generator writes with an index.html URL for local builds, share
    Pelican's conventions, and publish with the same publishconf.py."""
    import runpy

    from factcheck.settings import URL_DEFAULTS, default_save_as, url_setting_names
    sample = runpy.run_path(str(PROJECT / "pelicanconf.py"))
    starter = runpy.run_path(str(STARTER / "pelicanconf.py"))
    on_disk = {url_setting_names(kind)[0]: default_save_as(url)
               for kind, url in URL_DEFAULTS.items()}
    for settings in (sample, starter):
        assert {name: settings.get(name) for name in on_disk} == on_disk
    shared = ("RELATIVE_URLS", "ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS", "PAGE_URL",
              "PAGE_SAVE_AS", "DIRECT_TEMPLATES", "JINJA_ENVIRONMENT", "MARKDOWN", "LOCALE",
              "FACTCHECK_PAGE_TEMPLATES", "FACTCHECK_IMAGE_HOSTS", "PLUGINS")
    assert {k: sample.get(k) for k in shared} == {k: starter.get(k) for k in shared}
    assert (PROJECT / "publishconf.py").read_bytes() == (STARTER / "publishconf.py").read_bytes()
