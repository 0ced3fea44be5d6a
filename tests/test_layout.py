"""Layout in real Chromium: no page wider than a 320px screen, a chronology overview that
makes no scrollbar of its own on a desktop and opens where its marks are on a phone, a search
page that does not jump as results load (CLS), and focus never hidden under the header's
search panel.

One fixture site whose chronology starts with a lone event months before the rest, and
whose sources all mention the sky, so a search fills a screen. About 6 s."""

from __future__ import annotations

import pytest

from browser import open_page, serve
from conftest import VALID_YAML, build_site, write_site
from test_readers_checks import PAGE_TYPES

BUSY_DAYS = range(1, 13)  # April 2021, one event a day; a lone event in October 2020


def yaml_site() -> str:
    """VALID_YAML with a dozen more sources on the sky and an event citing each."""
    sources = "".join(
        f"  - {{id: sky-{n}, title: Sky report {n} on the colour of the sky, publisher: Outlet,"
        f" published: 2021-04-{n:02}, url: 'https://example.org/{n}', language: en}}\n"
        for n in BUSY_DAYS)
    events = "  - {id: early, date: 2020-10-03, title: Early sky event, sources: [report-a]}\n"
    events += "".join(f"  - {{id: day-{n}, date: 2021-04-{n:02}, title: Sky event {n},"
                      f" sources: [sky-{n}]}}\n" for n in BUSY_DAYS)
    text = VALID_YAML.replace("claims:\n", sources + "claims:\n", 1)
    return text.replace("events:\n", "events:\n" + events, 1)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_site(write_site(tmp_path_factory.mktemp("layout") / "site", yaml_site()))


@pytest.fixture(scope="module")
def url(output):
    with serve(output) as address:
        yield address


def test_no_page_type_is_wider_than_a_320px_screen(browser, url):
    wide = {}
    with open_page(browser) as page:
        page.set_viewport_size({"width": 320, "height": 640})
        for kind, folder in PAGE_TYPES.items():
            page.goto(f"{url}/{folder}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[kind] = width
    assert wide == {}


OVERVIEW = """() => {
  const box = document.querySelector('.overview-scroll'), r = box.getBoundingClientRect();
  const seen = [...box.querySelectorAll('.mark-event')].filter(m => {
    const b = m.getBoundingClientRect(); return b.left >= r.left && b.right <= r.right; });
  return {page: document.documentElement.scrollWidth, box: box.scrollWidth - box.clientWidth,
          left: box.scrollLeft, seen: seen.map(m => m.getAttribute('href'))};
}"""


def test_chronology_overview_fits_a_desktop_and_opens_at_the_marks_on_a_phone(browser, url):
    with open_page(browser) as page:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{url}/chronology/")
        desktop = page.evaluate(OVERVIEW)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/chronology/")
        phone = page.evaluate(OVERVIEW)
        assert page.errors == []
    assert (desktop["page"], desktop["box"]) == (1280, 0)          # no scrollbar at all
    assert phone["page"] == 390 and phone["box"] > 0               # the box scrolls, not the page
    assert phone["left"] > 0
    assert {f"#event-day-{n}" for n in BUSY_DAYS} <= set(phone["seen"])


CLS = """window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) {
  if (!e.hadRecentInput) { window.__cls += e.value; } } })
  .observe({type: 'layout-shift', buffered: true});"""


def test_search_page_does_not_shift_as_results_load(browser, url):
    with open_page(browser) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.add_init_script(CLS)
        page.goto(f"{url}/search/?q=sky")
        page.wait_for_function(
            "() => document.getElementById('search-status').textContent.includes('results')")
        page.wait_for_timeout(300)                 # let the last frame's shifts be reported
        assert page.locator("#search-results li").count() >= 10
        assert page.evaluate("window.__cls") < 0.1


FOCUSED = """() => {
  const a = document.activeElement, r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {tag: a.tagName, onTop: a === hit || a.contains(hit),
          inPanel: !!a.closest('#site-search-panel'),
          panelOpen: !document.getElementById('site-search-panel').hidden};
}"""


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_tab_from_the_open_header_search_never_hides_focus(browser, url, width, height):
    with open_page(browser) as page:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{url}/claims/")
        page.fill("#site-search-q", "sky")
        page.wait_for_selector("#site-search-panel:not([hidden]) .search-results li")
        steps = []
        for _ in range(3):
            page.keyboard.press("Tab")
            steps.append(page.evaluate(FOCUSED))
    assert steps[0]["tag"] == "BUTTON"
    assert all(step["onTop"] and not step["inPanel"] and not step["panelOpen"]
               for step in steps)
