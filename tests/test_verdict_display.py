"""The verdict at a glance: one look (colour and symbol) per place on ANY rating scale, never
keyed to a rating's id; large, right under the claim and on a phone's first screen; still
legible in dark mode, in forced colours and on paper, where each source's URL is printed.

One fixture site with a seven-point scale whose ids mean nothing to the theme (one of them
even spells a style's name), two off-scale ratings (one with its own `style`) and a claim of
about 300 characters. About 6 s (one build, one Chromium)."""

from __future__ import annotations

import shutil

import pytest

from browser import open_page, serve
from conftest import build_site, run, write_site
from htmlcheck import page
from test_readers_checks import AXE_JS, axe_violations

from factcheck.model.schema import Rating
from factcheck.render.views import verdict_styles

# (id, label, value, style): ids chosen so that none says where it sits on the scale.
RATINGS = [
    ("pants-on-fire", "Pants on Fire", 0, None),
    ("style-true", "Wrong", 2, None),           # an id that spells another look's class
    ("mostly-wrong", "Mostly wrong", 3, None),
    ("half", "Half right", 5, None),
    ("mostly-right", "Mostly right", 6, None),
    ("nearly", "Nearly right", 8, None),
    ("spot-on", "Spot on", 20, None),
    ("unproven", "Unproven", None, None),
    ("satire", "Satire", None, "partly-false"),
]
EXPECTED = {"pants-on-fire": "false", "style-true": "mostly-false", "mostly-wrong": "partly-false",
            "half": "mixed", "mostly-right": "partly-true", "nearly": "mostly-true",
            "spot-on": "true", "unproven": "unrated", "satire": "partly-false"}
ON_SCALE = [r[0] for r in RATINGS if r[2] is not None]
LONG_CLAIM = ("The sky over the capital was green for the whole of the second week of April, "
              "according to the ministry, which said that its own measurements, taken at three "
              "stations and confirmed by two independent laboratories, leave no doubt about it "
              "at all. It was, the ministry added, plainly visible to everyone in the city.")
LONG_ROLE = ("Deputy Head of the Press and Information Department of the Ministry of Foreign "
             "Affairs of the Republic, speaking at the weekly briefing")
SOURCES = """\
sources:
  - {id: report-a, title: Report A, publisher: Outlet A, published: 2021-04-13,
     url: "https://example.org/a?x=1", language: en}
  - {id: report-b, title: Report B, publisher: null, published: null, url: null, language: de}
"""


def yaml_site() -> str:
    """Ratings in a shuffled order (the file's order must not matter) and one claim each."""
    lines = ["ratings:"]
    for rid, label, value, style in reversed(RATINGS):
        value_text = "null" if value is None else value
        extra = f", style: {style}" if style else ""
        lines.append(f"  - {{id: {rid}, label: {label}, value: {value_text}, "
                     f"meaning: What {label} means.{extra}}}")
    lines.append(SOURCES.rstrip())
    lines.append("claims:")
    for rid, *_ in RATINGS:
        text = LONG_CLAIM if rid == "pants-on-fire" else f"A claim rated {rid}."
        lines += [f"  - id: claim-{rid}", f"    claim: \"{text}\"", "    claimant: Sam Speaker",
                  f"    claimant_role: {LONG_ROLE}", "    date: 2021-04-02",
                  "    said_in: report-a", f"    rating: {rid}",
                  "    summary: Report A says the sky is blue.", "    published: 2026-11-24"]
    return "\n".join(lines) + "\n"


ANALYSIS = "Report A says blue [@report-a, para. 2]. Report B agrees [@report-b].\n"


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("verdicts") / "site", yaml_site(),
                      analyses={f"claim-{r[0]}": ANALYSIS for r in RATINGS})
    return build_site(root)


# --- the look comes from the scale ---------------------------------------------------------

def rating(rid: str, value, style=None) -> Rating:
    return Rating(id=rid, label=rid, value=value, meaning="m", style=style)


@pytest.mark.parametrize("length", range(1, 8))
def test_every_rating_of_a_scale_up_to_seven_gets_its_own_look(length):
    styles = verdict_styles([rating(f"r{i}", i * 10) for i in range(length)])
    assert len(set(styles.values())) == length
    if length > 1:
        assert (styles["r0"], styles[f"r{length - 1}"]) == ("false", "true")


def test_look_follows_rank_not_id_or_file_order():
    styles = verdict_styles([rating("correct", 1), rating("incorrect", 9), rating("x", None),
                             rating("same", 9), rating("mine", 5, "unrated")])
    assert styles == {"correct": "false", "incorrect": "true", "x": "unrated", "same": "true",
                      "mine": "unrated"}


def test_a_style_outside_the_fixed_set_is_an_error_at_its_line(tmp_path, capsys):
    root = write_site(tmp_path, yaml_site().replace("style: partly-false",
                                                    "style: \"red; background: url(x)\""),
                      analyses={f"claim-{r[0]}": ANALYSIS for r in RATINGS})
    code, err = run(root, "check", capsys)
    assert code == 1 and "claims.yaml:2:" in err and "partly-false" in err


def test_pages_carry_the_look_of_the_rating_never_its_id(output):
    methodology = page(output, "methodology/")
    for rid in EXPECTED:
        badge = methodology.select_one(f"#rating-{rid} .verdict")
        off = ["off-scale"] if rid in ("unproven", "satire") else []
        assert badge["class"] == ["verdict", f"verdict-style-{EXPECTED[rid]}", *off]
    items = page(output, "claims/").select("ol.claim-list > li")
    assert sorted(li["class"][0] for li in items) == sorted(
        f"verdict-style-{s}" for s in EXPECTED.values())


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def url(output):
    """The site served with axe-core beside it, so the page's CSP ('self') lets it load."""
    shutil.copy(AXE_JS, output / "axe.min.js")
    with serve(output) as address:
        yield address


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_look_has_aa_contrast(browser, url, scheme):
    """The methodology table shows all nine verdicts; a claim page shows the large one."""
    problems = []
    with open_page(browser) as page_:
        page_.emulate_media(color_scheme=scheme)
        for folder in ("methodology/", *(f"claims/claim-{rid}/" for rid in EXPECTED)):
            page_.goto(f"{url}/{folder}")
            problems += [f"{folder}: {line}" for line in axe_violations(page_, url)]
    assert problems == []


LOOKS = """() => [...document.querySelectorAll('table.ratings tr[id] .verdict')].map(v => {
  const s = getComputedStyle(v), b = getComputedStyle(v, '::before');
  return {id: v.closest('tr').id.slice(7), color: s.color, background: s.backgroundColor,
          border: s.borderTopStyle + ' ' + s.borderTopWidth + ' ' + s.borderTopColor,
          symbol: b.content};
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_place_on_the_scale_has_its_own_colour_and_symbol(browser, url, scheme):
    with open_page(browser) as page_:
        page_.emulate_media(color_scheme=scheme)
        page_.goto(f"{url}/methodology/")
        looks = {look["id"]: look for look in page_.evaluate(LOOKS)}
    on_scale = [looks[rid] for rid in ON_SCALE]
    for key in ("color", "background", "symbol"):
        assert len({look[key] for look in on_scale}) == len(ON_SCALE), key
    assert all(look["symbol"] not in ("none", "normal", '""') for look in looks.values())
    assert looks["unproven"]["border"].startswith("dashed")
    assert looks["satire"]["border"].startswith("dashed")
    assert looks["satire"]["symbol"] == looks["mostly-wrong"]["symbol"]


def test_forced_colours_keep_the_symbol_and_the_outline(browser, url):
    with open_page(browser) as page_:
        page_.emulate_media(forced_colors="active")
        page_.goto(f"{url}/claims/claim-half/")
        box = page_.evaluate("""() => {
          const v = document.querySelector('.verdict-box .verdict');
          const s = getComputedStyle(v), b = getComputedStyle(v, '::before');
          return [b.content, s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderTopColor,
                  s.color, matchMedia('(forced-colors: active)').matches];
        }""")
    symbol, style, width, border_colour, text_colour, forced = box
    assert forced and symbol not in ("none", "normal", '""')
    assert style == "solid" and width >= 1 and border_colour == text_colour


def test_verdict_is_on_a_phones_first_screen_under_a_long_claim(browser, url):
    with open_page(browser) as page_:
        page_.set_viewport_size({"width": 375, "height": 667})
        page_.goto(f"{url}/claims/claim-pants-on-fire/")
        assert len(page_.inner_text("h1")) >= 290
        label = page_.locator(".verdict-box .verdict").bounding_box()
        h1 = page_.locator("h1").bounding_box()
        role = page_.locator("dl.claim-facts .role").bounding_box()
        assert page_.inner_text(".verdict-box .verdict") == "Pants on Fire"
        assert "What Pants on Fire means." in page_.inner_text(".verdict-box .meaning")
        assert page_.evaluate("document.documentElement.scrollWidth") <= 375
    assert h1["y"] + h1["height"] <= label["y"]            # right under the claim
    assert label["x"] >= 0 and label["x"] + label["width"] <= 375
    assert label["y"] >= 0 and label["y"] + label["height"] <= 667
    assert role["y"] > label["y"]                          # who/when/where come after it


def test_a_printed_claim_page_lists_each_source_with_its_url(browser, url):
    with open_page(browser) as page_:
        page_.goto(f"{url}/claims/claim-half/")
        assert not page_.locator(".cited-sources .source-url").first.is_visible()   # screen
        page_.emulate_media(media="print")
        urls = page_.locator(".cited-sources .source-url")
        assert [urls.nth(i).is_visible() for i in range(2)] == [True, True]
        assert urls.all_inner_texts() == ["Online at https://example.org/a?x=1",
                                          "No online copy known."]
        symbol = page_.evaluate("""getComputedStyle(
            document.querySelector('.verdict-box .verdict'), '::before').content""")
        assert symbol not in ("none", "normal", '""')
        assert page_.locator(".verdict-box .verdict").is_visible()
