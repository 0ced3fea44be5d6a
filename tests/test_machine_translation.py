"""A quote taken from a machine translation is attributed as the machine's wording on the
claim page, never as the speaker's own words (issue 11).

One fixture site, built once: VALID_YAML's claim gets three quotes, from

- report-a, an English report (the ordinary case: "as printed in");
- report-b, a machine translation whose original is not identified (``of: null``);
- report-d, a machine translation of report-c, a Russian report that is cited too.
"""

from __future__ import annotations

import pytest

from browser import open_page
from conftest import VALID_YAML, build_site, write_site
from htmlcheck import page

MACHINE_SOURCES = """\
    translation: {of: null, by: machine}
    note: Names are spelled as a translation engine spells them.
  - id: report-c
    title: Bericht C im Original
    publisher: Outlet C
    published: 2021-04-12
    url: null
    language: ru
  - id: report-d
    title: Report D, machine-translated
    publisher: null
    published: null
    url: null
    language: de
    translation: {of: report-c, by: machine}
    note: Reads as a machine translation of report C.
"""

QUOTES = """\
    quotes:
      - source: report-a
        text: The sky is green.
        lang: en
        locator: para. 1
      - source: report-b
        text: Der Himmel ist grün.
        lang: de
        translation: The sky is green.
        locator: para. 2
      - source: report-d
        text: Der Himmel ist <b>grün</b>.
        lang: de
        translation: The sky is green.
        speaker: <i>Sam</i>, as reported
"""

YAML = (VALID_YAML
        .replace("    language: de\n", "    language: de\n" + MACHINE_SOURCES, 1)
        .replace(VALID_YAML[VALID_YAML.index("    quotes:\n"):VALID_YAML.index("    tags:")],
                 QUOTES))

CLAIM_URL = "claims/sky-is-green/"
UNKNOWN_ORIGINAL = "an original that has not been identified"


def words(element) -> str:
    """The element's text as a reader hears it: runs of whitespace as one space."""
    return " ".join(element.get_text().split())


def test_fixture_has_the_three_quotes():
    assert YAML.count("      - source: report-") == 3
    assert "translation: {of: report-c, by: machine}" in YAML


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_site(write_site(tmp_path_factory.mktemp("mt") / "site", YAML))


@pytest.fixture(scope="module")
def captions(output):
    figures = page(output, CLAIM_URL).select("figure.quote")
    assert len(figures) == 3
    return [figure.figcaption for figure in figures]


def test_quote_from_an_ordinary_report_is_as_printed(captions):
    assert words(captions[0]) == "Sam Speaker, as printed in Report A, para. 1"
    assert captions[0].select_one(".flag") is None


def test_machine_translation_of_an_unknown_original_is_attributed_to_the_machine(captions):
    assert words(captions[1]) == ("Sam Speaker, as given in a machine translation of "
                                  f"{UNKNOWN_ORIGINAL} (Report B, para. 2): the wording is "
                                  "the machine's, not the speaker's own.")
    assert captions[1].select_one("strong.flag").get_text() == "as given in a machine translation"
    assert captions[1].a["href"] == "../../sources/report-b/index.html"


def test_machine_translation_names_and_links_its_original(captions):
    links = [(a.get_text(), a["href"]) for a in captions[2].find_all("a")]
    assert links == [("Bericht C im Original", "../../sources/report-c/index.html"),
                     ("Report D, machine-translated", "../../sources/report-d/index.html")]
    assert captions[2].a["lang"] == "ru"
    assert UNKNOWN_ORIGINAL not in captions[2].get_text()


def test_speaker_and_words_stay_text(output, captions):
    """The speaker is untrusted: shown as written, never as markup."""
    assert captions[2].find("i") is None
    assert words(captions[2]).startswith("<i>Sam</i>, as reported, as given in a machine")
    quoted = page(output, CLAIM_URL).select("figure.quote blockquote:not(.translation)")[2]
    assert quoted.find("b") is None and "<b>grün</b>" in quoted.get_text()


def test_our_translation_says_it_renders_a_machine(output):
    notes = [n.get_text() for n in page(output, CLAIM_URL).select(".translation-note")]
    assert notes == ["Our translation from German, of a machine's wording"] * 2


def test_other_pages_keep_their_flag(output):
    """The source page still flags the report, as before."""
    facts = page(output, "sources/report-b/").find("dl", class_="source-facts")
    assert facts.find(class_="flag").get_text() == "Machine translation."


def test_a_reader_sees_the_attribution(browser, url):
    """In Chromium, as laid out: the caption's visible text names the machine translation,
    and the flag is shown, not hidden by the theme."""
    with open_page(browser) as tab:
        tab.goto(f"{url}/{CLAIM_URL}")
        caption = tab.locator("figure.quote figcaption").nth(1)
        assert caption.is_visible()
        seen = caption.inner_text()
        assert "as given in a machine translation of " + UNKNOWN_ORIGINAL in seen
        assert "not the speaker's own" in seen
        assert tab.locator("figure.quote figcaption").nth(1).locator(".flag").is_visible()
        assert tab.errors == []
