"""Claimant and tag pages, "Latest fact-checks" by fact-check date, and the chronology's short
source labels (issue 11, Readers).

Real builds of one fixture site: a Cyrillic claimant, two names that differ only by accents
(never one page), hostile names (markup, "../", a very long one), tags, and claims whose
claim dates and fact-check dates order differently. A local build is checked from disk
(every link resolves to a file) and in Chromium; a production build for the sitemap.
About 7 s (two builds, one browser page).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

import build
from browser import open_page
from conftest import FLOW_RATINGS, build_site, production_settings, run, write_site
from factcheck.render.taxonomy import HASH_LENGTH, SLUG_MAX_LENGTH, base_slug, claimant_slugs

LONG_NAME = "Very Long Name " * 200
HOSTILE_NAME = '<script>alert(1)</script> ../../../etc "Evil" & Co'
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")

SITE_YAML = FLOW_RATINGS + """\
sources:
  - {id: report-a, title: "Moscow: Azerbaijan, Russia in close talks over fragments",
     publisher: AzerNews, published: 2021-04-13, url: "https://example.org/a", language: en}
  - {id: report-b, title: Zweite Meldung, publisher: null, published: 2021-04-13,
     url: null, language: de}
  - {id: report-c, title: A second AzerNews report the same day, publisher: AzerNews,
     published: 2021-04-13~, url: null, language: en}
  - {id: report-d, title: A third AzerNews report the same day, publisher: AzerNews,
     published: 2021-04-13~, url: null, language: en}
claims:
  - {id: konashenkov-denial, claim: Iskanders were not used., claimant: Игорь Конашенков,
     claimant_role: MoD spokesman, date: 2021-04-10, said_in: report-a, rating: incorrect,
     summary: S., tags: [russia, denial], published: 2026-01-05}
  - {id: konashenkov-second, claim: A second claim., claimant: Игорь Конашенков, date: null,
     said_in: report-a, rating: unproven, summary: S., tags: [denial], published: 2026-01-05}
  - {id: perez-accented, claim: An old claim checked last., claimant: José Pérez,
     date: 2021-01-01, said_in: report-a, rating: correct, summary: S., tags: [russia],
     published: 2026-03-01}
  - {id: perez-plain, claim: The newest claim., claimant: Jose Perez, date: 2021-06-01,
     said_in: report-a, rating: unproven, summary: S., published: 2026-02-01,
     updates: [{date: 2026-04-01, note: Corrected a date.}]}
  - {id: hostile-name, claim: A hostile name., date: 2020-01-01,
     claimant: '""" + HOSTILE_NAME.replace("'", "''") + """', said_in: report-a, rating: unproven, summary: S.,
     published: 2025-01-01}
  - {id: long-name, claim: A long name., claimant: '""" + LONG_NAME + """', date: 2020-01-02,
     said_in: report-a, rating: unproven, summary: S., published: 2025-01-02}
events:
  - id: talks
    date: 2021-04-13
    title: Talks
    sources: [report-a, report-b, report-c, report-d]
    accounts:
      - {source: report-a, says: Close talks.}
      - {source: report-b, says: Eine Diskussion.}
"""
CLAIM_IDS = ["konashenkov-denial", "konashenkov-second", "perez-accented", "perez-plain",
             "hostile-name", "long-name"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main(output: Path, folder: str) -> BeautifulSoup:
    return soup(output / folder / "index.html").find("main")


def target(page: Path, href: str) -> Path:
    """The file a relative link on ``page`` opens from disk."""
    return (page.parent / unquote(urlsplit(href).path)).resolve()


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("claimants") / "site", SITE_YAML,
                      analyses={claim_id: "Text.\n" for claim_id in CLAIM_IDS})
    return build_site(root)


def claimant_pages(output: Path) -> dict[str, Path]:
    """Claimant name as the list shows it -> the page its link opens."""
    page = output / "claimants" / "index.html"
    links = soup(page).select("main .group-list a.group-name")
    return {a.get_text(): target(page, a["href"]) for a in links}


def tally(page: Path) -> list[tuple[str, str]]:
    return [(li.select_one(".verdict").get_text(), li.select_one(".tally-count").get_text())
            for li in soup(page).select("main ul.tally li")]


def test_one_page_per_exact_name_and_names_differing_by_accents_never_share(output):
    pages = claimant_pages(output)
    assert sorted(pages) == sorted(["Игорь Конашенков", "José Pérez", "Jose Perez",
                                    HOSTILE_NAME, LONG_NAME.strip()])
    assert len(set(pages.values())) == len(pages) and all(p.is_file() for p in pages.values())
    assert pages["Игорь Конашенков"] == (output / "claimants/igor-konashenkov/index.html").resolve()
    accented, plain = pages["José Pérez"].parent.name, pages["Jose Perez"].parent.name
    assert accented != plain
    assert accented.startswith("jose-perez-") and plain.startswith("jose-perez-")
    claims_on = {name: [a["href"].split("/")[-2] for a in soup(p).select("main .claim-text a")]
                 for name, p in pages.items()}
    assert claims_on["José Pérez"] == ["perez-accented"]
    assert claims_on["Jose Perez"] == ["perez-plain"]
    assert claims_on["Игорь Конашенков"] == ["konashenkov-denial", "konashenkov-second"]


def test_claimant_page_tallies_verdicts_in_scale_order(output):
    page = output / "claimants/igor-konashenkov/index.html"
    assert soup(page).find("h1").get_text() == "Игорь Конашенков"
    assert tally(page) == [("Incorrect", "1"), ("Unproven", "1")]  # scale, then off-scale
    incorrect, unproven = (s["class"] for s in soup(page).select("main ul.tally .verdict"))
    assert incorrect != unproven and "off-scale" in unproven and "off-scale" not in incorrect
    assert soup(page).select_one("main .role").get_text() == "MoD spokesman"


def test_tag_pages_list_and_tally_their_claims(output):
    index = output / "tags" / "index.html"
    links = {a.get_text(): target(index, a["href"])
             for a in soup(index).select("main a.group-name")}
    assert list(links) == ["denial", "russia"]  # A to Z; only tags in use
    assert links["russia"] == (output / "tags/russia/index.html").resolve()
    assert tally(links["russia"]) == [("Incorrect", "1"), ("Correct", "1")]
    assert [a.get_text() for a in soup(links["russia"]).select("main .claim-text a")] == [
        "Iskanders were not used.", "An old claim checked last."]  # newest claim first
    assert tally(links["denial"]) == [("Incorrect", "1"), ("Unproven", "1")]


def test_claim_page_links_its_claimant_and_tags(output):
    page = output / "claims/konashenkov-denial/index.html"
    who = soup(page).find("dt", string="Who").find_next_sibling("dd").a
    assert who.get_text() == "Игорь Конашенков"
    assert target(page, who["href"]) == (output / "claimants/igor-konashenkov/index.html").resolve()
    tags = {a.get_text(): target(page, a["href"]) for a in soup(page).select(".tags a.tag")}
    assert tags == {"russia": (output / "tags/russia/index.html").resolve(),
                    "denial": (output / "tags/denial/index.html").resolve()}


def test_latest_fact_checks_by_fact_check_date_not_claim_date(output):
    items = main(output, "").select("ol.claim-list > li")
    order = [li.select_one(".claim-text a")["href"].split("/")[-2] for li in items]
    # Claim dates would give perez-plain, konashenkov-denial, perez-accented, ...
    assert order == ["perez-accented", "perez-plain", "konashenkov-denial",
                     "konashenkov-second", "long-name", "hostile-name"]
    meta = {o: li.select_one(".meta") for o, li in zip(order, items)}
    assert "fact-checked 1 March 2026" in meta["perez-accented"].get_text()
    assert "updated" not in meta["perez-accented"].get_text()
    times = [t["datetime"] for t in meta["perez-plain"].find_all("time")]
    assert times == ["2021-06-01", "2026-02-01", "2026-04-01"]  # said, checked, updated
    assert "fact-checked 1 February 2026, updated 1 April 2026" in meta["perez-plain"].get_text()
    claims_list = main(output, "claims").select("ol.claim-list .meta")
    assert "fact-checked" not in claims_list[0].get_text()  # only the home page shows it


def test_chronology_names_sources_by_outlet_and_date(output):
    event = main(output, "chronology").find(id="event-talks")
    listed = [(a.get_text(), a["title"]) for a in event.select(".entry-sources a")]
    assert listed == [
        ("AzerNews, 13 Apr 2021", "Moscow: Azerbaijan, Russia in close talks over fragments"),
        ("unknown outlet, 13 Apr 2021", "Zweite Meldung"),
        ("AzerNews, c. 13 Apr 2021: A second AzerNews report the same day",
         "A second AzerNews report the same day"),
        ("AzerNews, c. 13 Apr 2021: A third AzerNews report the same day",
         "A third AzerNews report the same day")]
    accounts = [a.get_text() for a in event.select(".account-source a")]
    assert accounts == ["AzerNews, 13 Apr 2021", "unknown outlet, 13 Apr 2021"]
    page = output / "chronology" / "index.html"
    assert target(page, event.select_one(".account-source a")["href"]) == (
        output / "sources/report-a/index.html").resolve()


def test_hostile_and_long_names_are_text_in_safe_folders(output):
    names = list((output / "claimants").iterdir())
    assert all(p.is_dir() and SLUG_RE.fullmatch(p.name) or p.name == "index.html" for p in names)
    assert {p.name for p in (output / "claimants").iterdir() if p.is_dir()} >= {
        "script-alert-1-script-etc-evil-co", base_slug(LONG_NAME)}
    assert len(base_slug(LONG_NAME)) <= SLUG_MAX_LENGTH
    page = output / "claimants/script-alert-1-script-etc-evil-co/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert soup(page).find("h1").get_text() == HOSTILE_NAME
    assert not (output.parent / "etc").exists() and not (output / "etc").exists()
    claim = soup(output / "claims/hostile-name/index.html")
    assert claim.find("dt", string="Who").find_next_sibling("dd").a.get_text() == HOSTILE_NAME


def test_every_link_on_the_new_pages_opens_a_file_from_disk(output):
    pages = [output / "claimants/index.html", output / "tags/index.html",
             *claimant_pages(output).values(), output / "tags/russia/index.html",
             output / "index.html"]
    broken = [(page.relative_to(output), a["href"]) for page in pages
              for a in soup(page).select("a[href]")
              if not a["href"].startswith(("#", "http")) and not target(page, a["href"]).is_file()]
    assert broken == []


def test_claim_page_to_claimant_page_in_chromium_from_disk(output, browser):
    with open_page(browser) as page:
        page.goto((output / "claims/perez-plain/index.html").as_uri())
        page.click("dl.claim-facts a:has-text('Jose Perez')")
        page.wait_for_selector("h1:has-text('Jose Perez')")
        assert page.url.startswith((output / "claimants").as_uri() + "/jose-perez-")
        assert page.locator("main ul.tally li").all_inner_texts() == ["Unproven 1"]
        page.click("nav.breadcrumb a")
        assert page.locator("main .group-list > li").count() == 5
        assert page.errors == []


def test_slugs_depend_on_the_names_only_and_never_clash():
    digest = hashlib.sha256("Ilham Aliyev".encode()).hexdigest()[:HASH_LENGTH]
    names = ["Ilham Aliyev", "ILHAM ALIYEV", "İlham Əliyev", "Ilham  Aliyev", "Con", "!!!",
             "?", f"Ilham Aliyev {digest}", "李明", "Сергей", "Ilham Aliyev\u0301"]
    slugs = claimant_slugs(names)
    assert slugs == claimant_slugs(reversed(names))
    assert len(set(slugs.values())) == len(slugs) == len(names) - 1  # two spacings, one name
    assert all(SLUG_RE.fullmatch(s) for s in slugs.values())
    assert slugs[f"Ilham Aliyev {digest}"] == f"ilham-aliyev-{digest}"  # a name made to clash
    assert slugs["Ilham Aliyev"] == f"ilham-aliyev-{digest}-2"
    assert slugs["Con"] != "con" and slugs["李明"] == "liming" and slugs["!!!"] != slugs["?"]


def test_sitemap_lists_claimant_and_tag_pages(tmp_path):
    site_url = "https://example.org/sub"
    root = write_site(tmp_path / "site", SITE_YAML,
                      analyses={claim_id: "Text.\n" for claim_id in CLAIM_IDS},
                      extra={"publishconf.py": production_settings(site_url)})
    assert build.main(["build", "--root", str(root), "-s", "publishconf.py"]) == 0
    sitemap = (root / "output" / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("claimants/", "claimants/igor-konashenkov/", "tags/", "tags/russia/"):
        assert f"<loc>{site_url}/{path}</loc>" in sitemap


@pytest.mark.parametrize("slug", ["claimants", "tags"])
def test_pages_cannot_take_the_claimant_or_tag_folders(tmp_path, capsys, slug):
    root = write_site(tmp_path / "site", extra={
        "content/pages/clash.md": f"Title: Clash\nSlug: {slug}\n\nText.\n"})
    code, err = run(root, "check", capsys)
    assert code == 1 and f"content/pages/clash.md:2:1: error: page slug '{slug}'" in err
