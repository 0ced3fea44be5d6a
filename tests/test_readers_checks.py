"""The checkers readers' tools rely on, run over one built page of each type: the Nu HTML
checker (vnu-jar, Java) must report no errors, and axe-core in real Chromium no violations,
at a phone's and a desktop's width, in the light and the dark colour scheme, and with the
header search panel open.

Both checkers come pinned from npm (package-lock.json); Java is needed for vnu.jar. The
file takes about 30 s (one fixture build, one vnu run, 60 axe runs)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from browser import open_page, serve
from conftest import PROJECT, build_site, write_site
from pagedsite import month_site, paged_site

VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [(390, 844), (1280, 800)]

# One page of each type the generator writes, by site-relative folder.
PAGE_TYPES = {
    "home": "",
    "claims list": "claims/",
    "claim": "claims/sky-is-green/",
    "sources list": "sources/",
    "source": "sources/report-a/",
    "chronology": "chronology/",
    "search": "search/",
    "content page": "about/",
    "corrections log": "corrections/log/",
    "claimants list": "claimants/",
    "claimant": "claimants/sam-speaker/",
    "tags list": "tags/",
    "tag": "tags/sky/",
    # A large site's pages (tests/pagedsite.py, built into paged/ beside the small site).
    "claims list, page 2": "paged/claims/page/2/",
    "claimant, last page": "paged/claimants/pat-paged/page/3/",
    "tag, page 2": "paged/tags/sky/page/2/",
    "chronology index of years": "paged/chronology/",
    "chronology year": "paged/chronology/2021/",
    # A year too crowded for one page (pagedsite.month_site, built into months/).
    "chronology year by month": "months/chronology/2021/",
    "chronology month": "months/chronology/2021/03/",
}


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """One fixture site (claims, sources, events, pages, an update) built once, with a
    paginated one (lists in pages, the chronology by year) in its paged/ folder and one
    whose chronology is split by month in its months/ folder."""
    output = build_site(write_site(tmp_path_factory.mktemp("readers-checks") / "site"))
    paged = build_site(paged_site(tmp_path_factory.mktemp("readers-checks-paged") / "site"))
    shutil.copytree(paged, output / "paged")
    months = build_site(month_site(tmp_path_factory.mktemp("readers-checks-months") / "site"))
    shutil.copytree(months, output / "months")
    return output


@pytest.fixture(scope="module")
def url(output, tmp_path_factory):
    """The site served with axe-core beside it, so the page's CSP ('self') lets it load."""
    www = tmp_path_factory.mktemp("readers-www")
    shutil.copytree(output, www, dirs_exist_ok=True)
    shutil.copy(AXE_JS, www / "axe.min.js")
    with serve(www) as base:
        yield base


def test_every_page_type_exists(output):
    """Guards the checks below: a renamed page would otherwise drop out of them silently."""
    missing = [kind for kind, folder in PAGE_TYPES.items()
               if not (output / folder / "index.html").is_file()]
    assert missing == []


def test_nu_html_checker_finds_no_errors(output):
    java = shutil.which("java")
    assert java, "Java (17 or later) is needed to run the Nu HTML checker"
    assert VNU_JAR.is_file(), "run `make test` (npm ci) to install vnu-jar"
    files = [str(output / folder / "index.html") for folder in PAGE_TYPES.values()]
    checked = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html",
                              *files], capture_output=True, text=True, timeout=120)
    messages = json.loads(checked.stderr)["messages"]
    errors = [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == []


def axe_violations(page, url: str) -> list[str]:
    """Runs axe-core in the page; one line per violation and the elements it names. The
    colour-contrast rule must have run and passed some text: a check that silently skipped
    it would pass whatever the colours."""
    page.add_script_tag(url=f"{url}/axe.min.js")
    found = page.evaluate("""async () => {
        const result = await axe.run(document);
        const contrast = result.passes.some(p => p.id === 'color-contrast');
        return result.violations.map(v => v.id + ': ' + v.help + ' @ ' +
            v.nodes.map(n => n.target.join(' ')).join(', ')).concat(
            contrast ? [] : ['color-contrast: the rule did not run or checked nothing']);
    }""")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width, height", WIDTHS)
def test_axe_finds_no_violations_on_any_page_type(browser, url, width, height, scheme):
    problems = []
    with open_page(browser) as page:
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=scheme)
        for kind, folder in PAGE_TYPES.items():
            page.goto(f"{url}/{folder}")
            problems += [f"{kind}: {line}" for line in axe_violations(page, url)]
        assert page.errors == []
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width, height", WIDTHS)
def test_axe_finds_no_violations_with_the_header_search_open(browser, url, width, height,
                                                             scheme):
    with open_page(browser) as page:
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{url}/claims/")
        page.fill("#site-search-q", "sky")
        page.wait_for_selector("#site-search-panel:not([hidden]) .search-results li")
        assert page.get_attribute("#site-search-q", "aria-expanded") == "true"
        assert axe_violations(page, url) == []
        page.press("#site-search-q", "ArrowDown")            # an active option, focus stays
        active = page.get_attribute("#site-search-q", "aria-activedescendant")
        assert page.get_attribute(f"#{active}", "aria-selected") == "true"
        assert page.evaluate("() => document.activeElement.id") == "site-search-q"
        assert axe_violations(page, url) == []
        assert page.errors == []
