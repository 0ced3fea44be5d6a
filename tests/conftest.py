"""Shared fixtures: small real sites in temporary folders, built with the real build.py.

A fixture site has its own claims.yaml, content/ and pelicanconf.py (which reuses the
project's settings, theme and plugin), so every test exercises the same code path a
contributor's `python build.py build` does.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import build  # noqa: E402

PELICANCONF = f"""\
import runpy
from pathlib import Path
globals().update({{k: v for k, v in runpy.run_path({str(PROJECT / "pelicanconf.py")!r}).items()
                  if k.isupper()}})
ROOT = Path(__file__).resolve().parent
PATH = str(ROOT / "content")
FACTCHECK_ROOT = str(ROOT)
"""

# VALID_YAML's one event, for fixtures that write their own YAML.
SPEECH_EVENT = """\
  - id: speech
    date: 2021-04-02
    title: Sam speaks
    sources: [report-a]
    claims: [sky-is-green]
"""

VALID_YAML = """\
ratings:
  - id: incorrect
    label: Incorrect
    value: 1
    meaning: The cited evidence contradicts the claim.
  - id: correct
    label: Correct
    value: 4
    meaning: The cited evidence supports the claim.
  - id: unproven
    label: Unproven
    value: null
    meaning: The cited evidence neither confirms nor refutes the claim.
sources:
  - id: report-a
    title: Report A
    publisher: Outlet A
    authors: [Ann Author]
    published: 2021-04-13
    url: https://example.org/a
    language: en
    cites: [report-b]
  - id: report-b
    title: Report B
    publisher: null
    published: 2021-04?
    url: null
    language: de
claims:
  - id: sky-is-green
    claim: The sky is green.
    claimant: Sam Speaker
    claimant_role: Spokesperson
    date: 2021-04
    said_in: report-a
    rating: incorrect
    summary: Report A says the sky is blue.
    quotes:
      - source: report-b
        text: Der Himmel ist grün.
        lang: de
        translation: The sky is green.
    tags: [sky]
    published: 2026-11-24
    updates:
      - date: 2026-11-25
        note: Added a source.
events:
""" + SPEECH_EVENT


def production_settings(site_url: str) -> str:
    """A fixture site's settings for a production build: absolute URLs under ``site_url``."""
    return PELICANCONF + f"\nSITEURL = {site_url!r}\nRELATIVE_URLS = False\n" + CLEAN_URLS


# What publishconf.py does: the plugin's clean folder URLs instead of the local index.html ones.
CLEAN_URLS = """
for _name in [n for n in dir() if n.startswith("FACTCHECK_") and n.endswith("_URL")]:
    del globals()[_name]
PAGE_URL = "{slug}/"
"""


# The three ratings of VALID_YAML, one line each, for fixtures that write their own YAML.
FLOW_RATINGS = """\
ratings:
  - {id: incorrect, label: Incorrect, value: 1, meaning: The evidence contradicts it.}
  - {id: correct, label: Correct, value: 4, meaning: The evidence supports it.}
  - {id: unproven, label: Unproven, value: null, meaning: The evidence does not settle it.}
"""

VALID_ANALYSIS = "Report A says the sky is blue [@report-a, para. 2].\n\nSee also [@report-b].\n"

PAGES = {
    "about.md": "Title: About\nSlug: about\nTemplate: about\n\nAbout.\n",
    "methodology.md": "Title: Methodology\nSlug: methodology\nTemplate: methodology\n\nHow.\n",
    "corrections.md": "Title: Corrections\nSlug: corrections\nTemplate: corrections\n\nPolicy.\n",
}


def write_site(root: Path, yaml_text: str = VALID_YAML,
               analyses: dict[str, str] | None = None, extra: dict[str, str] | None = None) -> Path:
    """Write a complete site into ``root``; ``analyses`` maps claim id to Markdown."""
    files = {"pelicanconf.py": PELICANCONF, "claims.yaml": textwrap.dedent(yaml_text)}
    files.update({f"content/pages/{name}": text for name, text in PAGES.items()})
    for claim_id, text in (analyses if analyses is not None
                           else {"sky-is-green": VALID_ANALYSIS}).items():
        files[f"content/claims/{claim_id}.md"] = text
    files.update(extra or {})
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build_site(root: Path) -> Path:
    """Build a fixture site with the real build.py; returns its output folder."""
    assert build.main(["build", "--root", str(root)]) == 0
    return root / "output"


def run(root: Path, command: str, capsys) -> tuple[int, str]:
    """Run build.py in-process on a fixture site; return (exit code, stderr)."""
    capsys.readouterr()
    code = build.main([command, "--root", str(root)])
    return code, capsys.readouterr().err


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory):
    """Rendered analyses are cached in the user's cache folder (outside CI): the tests keep
    theirs in a temporary one, never the developer's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A valid fixture site."""
    return write_site(tmp_path / "site")


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> Path:
    """The shipped sample site, built once per test session into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "output"
    assert build.main(["build", "--output", str(out)]) == 0
    return out


@pytest.fixture
def two_cores(monkeypatch):
    """Work split over two processes as on a contributor's machine. can_fork() refuses while
    another thread runs (``make serve``'s server); the session's Chromium leaves an idle
    asyncio child-watcher thread here that a forked worker never touches, so a test that
    must exercise the split says so with this fixture instead of depending on test order."""
    import os
    from factcheck.render import parallel
    from factcheck.search import both_cores
    assert hasattr(os, "fork") and (os.cpu_count() or 1) > 1, \
        "needs fork and two cores, or the test proves nothing"
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(both_cores, "can_fork", lambda: True)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (found and started by tests/browser.py)."""
    from browser import chromium
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def url(output):
    """A local web server over the built site of the module's own ``output`` fixture."""
    from browser import serve
    with serve(output) as address:
        yield address
