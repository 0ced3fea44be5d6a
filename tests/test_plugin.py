"""The plugin as a Pelican user meets it: plain `pelican`, Pelican's defaults, the FACTCHECK_*
settings read once and checked at their line, URL settings, links between pages, and a
theme that overrides one block of one template."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import PELICANCONF, PROJECT, VALID_YAML, build_site, run, write_site
from htmlcheck import broken_links, soup

PELICAN = Path(sys.executable).parent / "pelican"


def plain_pelican(root: Path, output: str = "plain") -> subprocess.CompletedProcess:
    """`pelican content -s pelicanconf.py -o OUTPUT`, as a Pelican user runs it."""
    return subprocess.run([str(PELICAN), "content", "-s", "pelicanconf.py", "-o", output],
                          cwd=root, capture_output=True, text=True, timeout=300)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_plain_pelican_builds_the_same_site_as_build_py(tmp_path):
    root = write_site(tmp_path / "site")
    ours = files(build_site(root))
    done = plain_pelican(root)
    assert done.returncode == 0, done.stderr
    plain = files(root / "plain")
    assert sorted(plain) == sorted(ours)
    assert [name for name in ours if plain[name] != ours[name]] == []
    assert "claims/sky-is-green/index.html" in plain


def test_plain_pelican_stops_on_bad_input_with_positioned_errors(tmp_path):
    root = write_site(tmp_path / "site", VALID_YAML.replace("rating: incorrect",
                                                           "rating: no-such-rating"))
    done = plain_pelican(root)
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "claims.yaml:" in said and "no-such-rating" in said and "Traceback" not in said
    assert not (root / "plain" / "claims").exists()


def test_pelican_defaults_are_enough(tmp_path):
    """A settings file with only the plugin and a name: no THEME, Pelican's own
    DIRECT_TEMPLATES, ARTICLE_PATHS, feeds and (no) autoescaping."""
    settings = textwrap.dedent(f"""\
        PLUGIN_PATHS = [{str(PROJECT)!r}]
        PLUGINS = ["factcheck"]
        SITENAME = "A new team's site"
        PATH = "content"
        TIMEZONE = "UTC"
        FACTCHECK_NODE_MODULES = {str(PROJECT / "node_modules")!r}
        """)
    hostile = VALID_YAML.replace("summary: Report A says the sky is blue.",
                                 "summary: Report A says <b>blue</b>.")
    assert hostile != VALID_YAML
    root = write_site(tmp_path / "site", hostile, extra={"pelicanconf.py": settings})
    output = build_site(root)
    claim = (output / "claims/sky-is-green/index.html").read_text(encoding="utf-8")
    assert "Report A says &lt;b&gt;blue&lt;/b&gt;." in claim and "<b>blue</b>" not in claim
    assert "A new team&#39;s site" in (output / "index.html").read_text(encoding="utf-8")
    for pelicans_own in ("archives.html", "tags.html", "feeds/all.atom.xml",
                         "pages/about.html"):  # Pelican's page URL is kept: pages/{slug}.html
        assert (output / pelicans_own).exists() == (pelicans_own == "pages/about.html")
    listed = soup(output / "claims/index.html").select_one("main .claim-list a")["href"]
    assert listed == "/claims/sky-is-green/"  # Pelican's default: root-absolute links


def test_conflicting_pelican_settings_are_errors_at_their_line(tmp_path, capsys):
    extra = ('DIRECT_TEMPLATES = ["index", "archives"]\n'
             'JINJA_ENVIRONMENT = {"autoescape": False}\n')
    root = write_site(tmp_path / "site", extra={"pelicanconf.py": PELICANCONF + extra})
    code, err = run(root, "check", capsys)
    conf = root / "pelicanconf.py"
    assert code == 1
    assert (f"pelicanconf.py:{line_of(conf, 'DIRECT_TEMPLATES')}:1: error: DIRECT_TEMPLATES has "
            "'index', which the factcheck plugin writes itself") in err
    assert f"pelicanconf.py:{line_of(conf, 'JINJA_ENVIRONMENT')}:1: error:" in err


def test_unknown_and_mistyped_settings_are_errors_at_their_line(tmp_path, capsys):
    extra = ('FACTCHECK_REPOSITRY = "https://github.com/o/r"\n'
             'FACTCHECK_SEARCH_ANALYSES = "yes"\n'
             'FACTCHECK_CLAIM_URL = "claims/"\n'
             'FACTCHECK_SOURCE_URL = "../elsewhere/{id}/"\n'
             'FACTCHECK_TAG_SAVE_AS = "tags/{slug}/"\n')
    root = write_site(tmp_path / "site", extra={"pelicanconf.py": PELICANCONF + extra})
    code, err = run(root, "check", capsys)
    conf = root / "pelicanconf.py"
    assert code == 1
    expected = {
        "FACTCHECK_REPOSITRY": "is not a setting of the factcheck plugin; did you mean "
                               "FACTCHECK_REPOSITORY?",
        "FACTCHECK_SEARCH_ANALYSES": "is 'yes': input should be a valid boolean",
        "FACTCHECK_CLAIM_URL": "is 'claims/'; expected exactly one placeholder, {id}",
        "FACTCHECK_SOURCE_URL": "expected a path inside the site",
        "FACTCHECK_TAG_SAVE_AS": "expected a file name ending in .html",
    }
    for setting, message in expected.items():
        line = line_of(conf, setting + " =")
        assert f"pelicanconf.py:{line}:1: error: {setting} " in err
        assert message in err
    assert "build" not in err.split("check:")[-1] or "nothing written" in err


def test_url_settings_are_used_for_every_page_and_link(tmp_path):
    extra = textwrap.dedent("""\
        FACTCHECK_CLAIM_URL = "fact-checks/{id}.html"
        FACTCHECK_SOURCE_URL = "evidence-base/{id}.html"
        FACTCHECK_CHRONOLOGY_URL = "timeline.html"
        FACTCHECK_TAG_URL = "topics/{slug}.html"
        """)
    root = write_site(tmp_path / "site", extra={"pelicanconf.py": PELICANCONF + extra})
    output = build_site(root)
    for path in ("fact-checks/sky-is-green.html", "evidence-base/report-a.html",
                 "timeline.html", "timeline.json"):
        assert (output / path).is_file(), path
    assert not (output / "claims" / "sky-is-green").exists()
    links = {a["href"] for a in soup(output / "claims/index.html").select("main a[href]")}
    assert "../fact-checks/sky-is-green.html" in links
    assert broken_links(output) == []
    results = (output / "search").rglob("*.js")
    assert any("fact-checks/sky-is-green.html" in p.read_text(encoding="utf-8") for p in results)


def test_links_between_pages_follow_the_url_settings(tmp_path, capsys):
    pages = {"content/pages/about.md": "Title: About\nSlug: about\nTemplate: about\n\n"
             "See [how we correct]({filename}corrections.md#asking) and "
             "[methods]({filename}/pages/methodology.md).\n"}
    root = write_site(tmp_path / "site", extra=pages)
    about = soup(build_site(root) / "about/index.html")
    hrefs = [a["href"] for a in about.select("main .prose a, main p a")]
    assert "../corrections/index.html#asking" in hrefs
    assert "../methodology/index.html" in hrefs
    (root / "content/pages/about.md").write_text(
        "Title: About\nSlug: about\nTemplate: about\n\nSee [x]({filename}nope.md) "
        "and [y]({static}/img.png).\n")
    code, err = run(root, "check", capsys)
    assert code == 1
    assert "content/pages/about.md:5:" in err and "'{filename}nope.md' names no page" in err
    assert "'{static}/img.png' looks like a Pelican placeholder" in err


def test_a_theme_overrides_one_block_of_the_claim_page(tmp_path):
    overrides = tmp_path / "site" / "theme" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "claim.html").write_text(
        '{% extends "!theme/claim.html" %}\n'
        '{% block claim_updates %}<p class="our-own">Changes: ask us.</p>{% endblock %}\n')
    extra = f"THEME_TEMPLATES_OVERRIDES = [{str(overrides)!r}]\n"
    root = write_site(tmp_path / "site", extra={"pelicanconf.py": PELICANCONF + extra})
    claim = soup(build_site(root) / "claims/sky-is-green/index.html")
    assert claim.select_one("p.our-own").get_text() == "Changes: ask us."
    assert claim.select_one("#updates-heading") is None      # the block replaced ...
    assert claim.select_one("#analysis-heading") is not None  # ... and only that block


def test_settings_documentation_is_generated_from_the_settings():
    from factcheck.settings import settings_markdown
    assert (PROJECT / "docs/plugin-settings.md").read_text(encoding="utf-8") == \
        settings_markdown(), "docs/plugin-settings.md is stale: run `make schema`"


def test_two_pages_on_one_file_are_a_check_error(tmp_path, capsys):
    """A tag URL pattern that puts tag 'sky-is-green' on claim sky-is-green's file: Pelican
    would keep whichever it wrote last; check refuses, at the setting's line."""
    tagged = VALID_YAML.replace("tags: [sky]", "tags: [sky-is-green]")
    assert tagged != VALID_YAML
    extra = 'FACTCHECK_TAG_URL = "claims/{slug}/"\n'
    root = write_site(tmp_path / "site", tagged,
                      extra={"pelicanconf.py": PELICANCONF + extra})
    code, err = run(root, "check", capsys)
    line = line_of(root / "pelicanconf.py", "FACTCHECK_TAG_URL")
    assert code == 1
    assert (f"pelicanconf.py:{line}:1: error: tag 'sky-is-green' and claim 'sky-is-green' "
            "would both be written to claims/sky-is-green/index.html") in err
    assert run(root, "build", capsys)[0] == 1 and not (root / "output").exists()
