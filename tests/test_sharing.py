"""Sharing and search engines (issue 11): canonical URLs, meta descriptions, Open Graph and
Twitter card tags, a share image per claim, and the favicon.

One fixture site with three claims (Incorrect, Unproven, and a hostile one: HTML, quotes,
right-to-left marks, Hebrew, emoji, 5,000 characters) is built for production under a
subpath, twice, to compare bytes; a small site is built locally. Share cards are opened with
Pillow and checked for what a reader needs to see. The Nu HTML checker reads the production
heads. About 10 s (three builds, one vnu run).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageStat

import build
from conftest import (PROJECT, VALID_ANALYSIS, VALID_YAML, build_site, production_settings,
                      write_site)
from hostile import yaml_quoted
from htmlcheck import broken_links, soup
from test_readers_checks import VNU_JAR

from factcheck.render import share_images

SITE_URL = "https://example.org/sub"
HOSTILE_CLAIM = ('<script>alert("x")</script> & \'quoted\' "text" \u200f\u05e9\u05dc\u05d5\u05dd'
                 ' \u200b\U0001F600 ' + "long words here " * 320)
HOSTILE_CLAIMANT = '<b onmouseover="x()">Eve</b> \u200f\u05d0'
EXTRA_CLAIMS = f"""\
  - id: moon-is-cheese
    claim: The moon is made of cheese.
    claimant: Olga Orator
    date: 2021-05-01
    said_in: report-a
    rating: unproven
    summary: No report examines the moon's composition.
    published: 2026-11-26
  - id: hostile
    claim: {yaml_quoted(HOSTILE_CLAIM)}
    claimant: {yaml_quoted(HOSTILE_CLAIMANT)}
    date: null
    said_in: report-b
    rating: incorrect
    summary: {yaml_quoted('Summary <i>with</i> "markup" & more.')}
    published: 2026-11-27
"""
CLAIMS = {"sky-is-green": "incorrect", "moon-is-cheese": "unproven", "hostile": "incorrect"}


def fixture_site(root: Path) -> Path:
    yaml_text = VALID_YAML.replace("events:\n", EXTRA_CLAIMS + "events:\n")
    return write_site(root, yaml_text, analyses={claim: VALID_ANALYSIS for claim in CLAIMS},
                      extra={"publishconf.py": production_settings(SITE_URL)})


def production_build(root: Path, output: Path) -> Path:
    assert build.main(["build", "--root", str(root), "-s", "publishconf.py",
                       "-o", str(output)]) == 0
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return fixture_site(tmp_path_factory.mktemp("sharing") / "site")


@pytest.fixture(scope="module")
def output(site) -> Path:
    return production_build(site, site.parent / "output")


def pages(output: Path) -> dict[str, object]:
    """Site-relative directory URL ('' for home) -> parsed page, every page but the 404."""
    return {("" if path.parent == output else f"{path.parent.relative_to(output)}/"): soup(path)
            for path in sorted(output.rglob("index.html"))}


def meta(document, key: str) -> str | None:
    tag = (document.find("meta", attrs={"property": key})
           or document.find("meta", attrs={"name": key}))
    return tag["content"] if tag else None


def canonical(document) -> str | None:
    link = document.find("link", rel="canonical")
    return link["href"] if link else None


def test_every_page_has_an_absolute_canonical_url_and_open_graph(output):
    found = pages(output)
    assert {"", "claims/", "claims/hostile/", "sources/report-a/", "chronology/", "search/",
            "about/", "corrections/log/"} <= set(found)
    for folder, document in found.items():
        address = f"{SITE_URL}/{folder}"
        assert canonical(document) == address, folder
        assert meta(document, "og:url") == address, folder
        assert meta(document, "og:site_name"), folder
        for key in ("og:title", "og:description", "og:type", "twitter:card"):
            assert meta(document, key), (folder, key)
        is_claim = folder.startswith("claims/") and folder != "claims/"
        assert meta(document, "og:type") == ("article" if is_claim else "website"), folder
        assert meta(document, "twitter:card") == (
            "summary_large_image" if is_claim else "summary"), folder
        assert (meta(document, "og:image") is not None) == is_claim, folder


def test_claim_pages_name_their_share_image(output):
    for claim_id in CLAIMS:
        document = soup(output / "claims" / claim_id / "index.html")
        image = meta(document, "og:image")
        assert image == f"{SITE_URL}/claims/{claim_id}/share.png"
        assert (output / image.removeprefix(SITE_URL + "/")).is_file()
        assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == (
            "1200", "630")
        assert meta(document, "og:image:type") == "image/png"
    alt = meta(soup(output / "claims/sky-is-green/index.html"), "og:image:alt")
    # The claim is our restatement, not a quotation: no quotation marks around it.
    assert alt.startswith("Verdict: Incorrect. Claim checked: The sky is green. Claim by Sam Speaker.")


def test_descriptions_are_distinct_and_say_what_the_page_is(output):
    found = pages(output)
    descriptions = {folder: meta(document, "description") for folder, document in found.items()}
    assert all(descriptions.values())
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert descriptions["claims/sky-is-green/"] == (
        "Incorrect: The sky is green. Claim by Sam Speaker. Report A says the sky is blue.")
    assert descriptions["sources/report-a/"].startswith("Report A (Outlet A, 13 April 2021)")
    assert descriptions["sources/report-b/"].startswith("Report B (outlet unknown, April 2021)")
    assert descriptions["about/"] == "About."
    for folder, document in found.items():  # og:description repeats it
        assert meta(document, "og:description") == descriptions[folder]


def test_404_page_has_no_canonical_url(output):
    document = soup(output / "404.html")
    assert canonical(document) is None and meta(document, "og:url") is None
    assert meta(document, "og:title") and meta(document, "description")


def test_hostile_claim_is_escaped_and_bounded_in_every_tag(output):
    raw = (output / "claims/hostile/index.html").read_text(encoding="utf-8")
    head = raw.split("</head>")[0]
    assert '<script>alert("x")' not in raw and "<b onmouseover" not in raw
    document = soup(output / "claims/hostile/index.html")
    values = [meta(document, key) for key in ("description", "og:title", "og:description",
                                              "og:image:alt", "twitter:image:alt")]
    for value in values:
        assert value.startswith(("Incorrect: <script>alert(\"x\")</script> & 'quoted'",
                                 "<script>alert(\"x\")</script> & 'quoted'",
                                 "Verdict: Incorrect. Claim checked: <script>")), value
        assert "\u200f" not in value and "\u200b" not in value  # invisible marks dropped
        assert len(value) < 700 and "…" in value
    assert "<b onmouseover" in meta(document, "og:image:alt")  # as text, not markup
    assert head.count("<meta") == len(document.head.find_all("meta"))  # nothing injected


def test_share_card_is_a_1200_by_630_png_showing_the_verdict(output):
    false_colour = share_images.LOOKS["false"].colour
    unrated_colour = share_images.LOOKS["unrated"].colour
    cards = {claim_id: Image.open(output / "claims" / claim_id / "share.png")
             for claim_id in CLAIMS}
    for claim_id, card in cards.items():
        assert (card.format, card.size) == ("PNG", (1200, 630)), claim_id
        rgb = card.convert("RGB")
        assert min(ImageStat.Stat(rgb).stddev) > 20, claim_id  # not blank
        assert share_of(rgb, ink_colour()) > 0.005, claim_id  # dark text is drawn
    assert share_of(cards["sky-is-green"].convert("RGB"), false_colour) > 0.1
    assert share_of(cards["sky-is-green"].convert("RGB"), unrated_colour) == 0
    assert share_of(cards["moon-is-cheese"].convert("RGB"), unrated_colour) > 0.1
    assert share_of(cards["moon-is-cheese"].convert("RGB"), false_colour) == 0
    assert share_of(cards["hostile"].convert("RGB"), false_colour) > 0.1


def ink_colour() -> tuple[int, int, int]:
    return Image.new("RGB", (1, 1), share_images.INK).getpixel((0, 0))


def share_of(image: Image.Image, colour) -> float:
    """The fraction of ``image``'s pixels that are exactly ``colour``."""
    wanted = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    return sum(count for count, pixel in image.getcolors(1 << 24) if pixel == wanted) / (
        image.width * image.height)


def test_the_text_on_a_card_changes_with_the_claim(output):
    """The claim area is drawn from the claim: two claims with the same verdict differ there,
    and a longer claim covers more of it with ink."""
    short = Image.open(output / "claims/sky-is-green/share.png").convert("RGB")
    long = Image.open(output / "claims/hostile/share.png").convert("RGB")
    area = (64, 170, 1136, 500)
    assert short.crop(area).tobytes() != long.crop(area).tobytes()
    assert share_of(long.crop(area), ink_colour()) > 3 * share_of(short.crop(area), ink_colour())


def test_same_input_gives_the_same_bytes(site, output):
    again = production_build(site, site.parent / "output-again")
    for name in [f"claims/{claim_id}/share.png" for claim_id in CLAIMS] + ["favicon.ico"]:
        assert (again / name).read_bytes() == (output / name).read_bytes(), name


def test_favicons_are_linked_and_exist(output):
    assert broken_links(output, SITE_URL) == []
    icons = {link["href"] for link in soup(output / "index.html").find_all("link", rel="icon")}
    assert icons == {f"{SITE_URL}/theme/favicon.svg", f"{SITE_URL}/favicon.ico"}
    icon = Image.open(output / "favicon.ico")
    assert (icon.format, icon.size) == ("ICO", (32, 32))
    assert "<svg" in (output / "theme/favicon.svg").read_text(encoding="utf-8")


def test_local_build_has_no_relative_og_url(tmp_path):
    output = build_site(write_site(tmp_path / "site"))
    for path in [output / "index.html", output / "claims/sky-is-green/index.html"]:
        document = soup(path)
        assert canonical(document) is None
        for key in ("og:url", "og:image", "og:image:alt"):
            assert meta(document, key) is None, (path, key)
        assert meta(document, "og:title") and meta(document, "twitter:card")
    # No card either: nothing links to one (a card costs ~12 ms per claim at build time).
    assert not (output / "claims/sky-is-green/share.png").exists()
    assert (output / "favicon.ico").is_file()


def test_nu_checker_accepts_the_production_heads(output):
    java = shutil.which("java")
    assert java and VNU_JAR.is_file()
    files = [str(output / name) for name in (
        "index.html", "claims/hostile/index.html", "sources/report-b/index.html", "404.html",
        "about/index.html")]
    checked = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", *files],
                             capture_output=True, text=True, timeout=120)
    messages = json.loads(checked.stderr)["messages"]
    assert [m["message"] for m in messages if m["type"] == "error"] == []


# --- the drawing code on its own ------------------------------------------------------------


NODE_MODULES = PROJECT / "node_modules"


def test_clip_cuts_at_a_word_and_drops_invisible_characters():
    assert share_images.clip("a\u202eb\u200fc  d\n e", 50) == "abc d e"
    clipped = share_images.clip("word " * 100, 42)
    assert clipped.endswith("word…") and len(clipped) <= 42
    assert share_images.clip("x" * 100, 10) == "x" * 9 + "…"


def test_wrap_ellipsizes_and_stays_bounded_on_one_huge_word():
    face = share_images.font(NODE_MODULES, False, 38)
    started = time.perf_counter()
    lines = share_images.wrap("y" * 100_000, face, 1000, 6)
    assert time.perf_counter() - started < 1
    assert len(lines) == 6 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1000 for line in lines)


def test_a_card_with_override_characters_and_any_script_draws():
    card = share_images.Card("\u202eevil\u202c Ölkə şəhər Ωμέγα Москва 😀 " * 200,
                             "\u202eName", "A verdict label " * 50, "mixed", "Site " * 80)
    image = share_images.draw_card(card, NODE_MODULES)
    assert image.size == (1200, 630)
    data = share_images.png_bytes(image, share_images.LOOKS["mixed"].colour)
    assert data == share_images.png_bytes(share_images.draw_card(card, NODE_MODULES),
                                          share_images.LOOKS["mixed"].colour)


def test_card_colours_and_symbols_are_the_themes():
    """The cards draw each verdict style as the theme's light scheme does (site.css)."""
    css = (PROJECT / "factcheck/theme/static/css/site.css").read_text(encoding="utf-8")
    for style, look in share_images.LOOKS.items():
        colour = re.search(rf"--v-{style}-fg:\s*(#[0-9a-f]{{6}})", css)  # first: light scheme
        symbol = re.search(rf"\.verdict-style-{style}\s*{{[^}}]*--v-symbol:\s*\"([^\"]*)\"", css)
        assert colour and colour.group(1) == look.colour, style
        glyph = re.sub(r"\\([0-9A-Fa-f]{1,6}) ?", lambda m: chr(int(m.group(1), 16)),
                       symbol.group(1)).replace("\ufe0e", "")
        assert glyph == look.symbol, style


def test_plain_text_gives_the_per_character_result():
    """plain() skips NFC and the per-character category test for ASCII text, and looks a
    character's category up once (a translate table) for any other: on any input
    (controls, tabs, runs of spaces, format and private-use characters, lone surrogates,
    line separators) it must give what the per-character definition gives."""
    import random
    import unicodedata

    from factcheck.render.share_images import DROPPED, plain

    def general(text: str) -> str:
        kept = "".join(c for c in unicodedata.normalize("NFC", text)
                       if unicodedata.category(c) not in DROPPED or c in "\t\n\r")
        return " ".join(kept.split())
    rng = random.Random(2021)
    samples = ["".join(chr(rng.randrange(128)) for _ in range(rng.randrange(60)))
               for _ in range(5000)] + ["a\x00b\x7fc\td\ne\rf  g", "", " \x0b\x0c "]
    wide = [chr(c) for c in range(0x3000)] + [
        "\ufeff", "\u200b", "\u2028", "\u2029", "\ue000", "\ud800", "\U0001f600", "\U000e0001",
        "e\u0301", "Şuşa", "Шуша"]
    samples += ["".join(rng.choice(wide) for _ in range(rng.randrange(40)))
                for _ in range(5000)]
    assert [plain(s) for s in samples] == [general(s) for s in samples]
