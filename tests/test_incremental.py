"""A build that reuses what the last one knew must write exactly what a clean build writes.

One fixture site is edited step by step (add, change, rename and delete a claim; change a
source many claims cite; override a template; touch nothing; damage output/) and rebuilt in
place after each step; a copy of its inputs is built from scratch beside it, and the two
output folders must be equal byte for byte.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import SPEECH_EVENT, run, write_site

SOURCES = """\
sources:
  - id: report-a
    title: Report A
    publisher: Outlet A
    published: 2021-04-13
    url: https://example.org/a
    language: en
"""


def claim(claim_id: str, text: str, rating: str = "incorrect") -> str:
    return textwrap.indent(textwrap.dedent(f"""\
        - id: {claim_id}
          claim: {text}
          claimant: Sam Speaker
          date: 2021-04-02
          said_in: report-a
          rating: {rating}
          summary: Report A says otherwise.
          published: 2026-11-24
        """), "  ")


RATINGS = """\
ratings:
  - {id: incorrect, label: Incorrect, value: 1, meaning: The evidence contradicts it.}
  - {id: correct, label: Correct, value: 2, meaning: The evidence supports it.}
"""


def site_yaml(claims: dict[str, str], outlet: str = "Outlet A") -> str:
    body = "".join(claim(cid, text) for cid, text in claims.items())
    return (RATINGS + SOURCES.replace("Outlet A", outlet) + "claims:\n" + body
            + "events:\n" + SPEECH_EVENT.replace("[sky-is-green]", f"[{next(iter(claims))}]"))


def analysis(words: str) -> str:
    return f"Report A says {words} [@report-a, para. 2].\n"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(root: Path, tmp_path: Path, capsys) -> dict[str, bytes]:
    """The same inputs, copied to a new folder with no build state, built from scratch as CI
    builds: no skipping, no cached renderings."""
    fresh = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("output", ".cache", ".output*"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CI", "true")
        assert run(fresh, "build", capsys)[0] == 0
    return files(fresh / "output")


@pytest.fixture(autouse=True)
def not_in_ci(monkeypatch):
    """As on a contributor's machine: CI never skips a build (tested below)."""
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    claims = {"sky-is-green": "The sky is green.", "grass-is-blue": "The grass is blue."}
    return write_site(tmp_path / "site", site_yaml(claims),
                      {cid: analysis(cid) for cid in claims})


def rebuild_equals_clean(site: Path, tmp_path: Path, capsys) -> str:
    code, err = run(site, "build", capsys)
    assert code == 0, err
    assert files(site / "output") == clean_build(site, tmp_path, capsys)
    return err


def test_every_kind_of_edit_rebuilds_to_what_a_clean_build_writes(site, tmp_path, capsys):
    assert "built output/" in rebuild_equals_clean(site, tmp_path, capsys)
    data = site / "claims.yaml"
    analyses = site / "content" / "claims"
    # add a claim
    claims = {"sky-is-green": "The sky is green.", "grass-is-blue": "The grass is blue.",
              "sea-is-red": "The sea is red."}
    data.write_text(site_yaml(claims))
    (analyses / "sea-is-red.md").write_text(analysis("the sea is blue"))
    rebuild_equals_clean(site, tmp_path, capsys)
    # change one claim's analysis
    (analyses / "grass-is-blue.md").write_text(analysis("the grass is green, not blue"))
    err = rebuild_equals_clean(site, tmp_path, capsys)
    assert "output/: changed 1 claim page," in err  # what changed is said
    assert "source page" not in err and "tag page" not in err
    # rename a claim
    claims = {"sky-is-green": "The sky is green.", "grass-is-blue": "The grass is blue.",
              "ocean-is-red": "The sea is red."}
    data.write_text(site_yaml(claims))
    (analyses / "sea-is-red.md").rename(analyses / "ocean-is-red.md")
    rebuild_equals_clean(site, tmp_path, capsys)
    assert not (site / "output/claims/sea-is-red").exists()
    # delete a claim
    del claims["grass-is-blue"]
    data.write_text(site_yaml(claims))
    (analyses / "grass-is-blue.md").unlink()
    rebuild_equals_clean(site, tmp_path, capsys)
    # change the source every claim cites
    data.write_text(site_yaml(claims, outlet="Outlet A (renamed)"))
    rebuild_equals_clean(site, tmp_path, capsys)
    # override a template
    overrides = site / "theme" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "claim.html").write_text('{% extends "!theme/claim.html" %}\n'
                                          "{% block claim_tags %}<p>Tagged.</p>{% endblock %}\n")
    with open(site / "pelicanconf.py", "a") as conf:
        conf.write(f"THEME_TEMPLATES_OVERRIDES = [{str(overrides)!r}]\n")
    rebuild_equals_clean(site, tmp_path, capsys)
    (overrides / "claim.html").write_text('{% extends "!theme/claim.html" %}\n')
    rebuild_equals_clean(site, tmp_path, capsys)


def test_an_unchanged_site_is_not_rebuilt_and_says_so(site, tmp_path, capsys):
    rebuild_equals_clean(site, tmp_path, capsys)
    before = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")}
    err = rebuild_equals_clean(site, tmp_path, capsys)
    assert "output/ is up to date: nothing changed since the last build" in err
    assert "check: ok" in err  # the check's summary (and any warnings) is repeated
    assert {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")} == before


def test_cached_renderings_are_used_and_equal_fresh_ones(site, tmp_path, capsys,
                                                          monkeypatch):
    """The second build of an edited site takes every unchanged analysis from the cache;
    the output still equals a clean build's (above), and the cache holds plain JSON. The
    cache is this test's own: the session's holds other tests' renderings of bad input."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "own-cache"))
    rebuild_equals_clean(site, tmp_path, capsys)
    folder = tmp_path / "own-cache" / "factcheck" / "rendered"
    entries = sorted(folder.rglob("*.json"))
    assert entries and all(json.loads(p.read_text())["html"] for p in entries)
    (site / "content/claims/grass-is-blue.md").write_text(analysis("an edit"))
    rebuild_equals_clean(site, tmp_path, capsys)
    assert len(sorted(folder.rglob("*.json"))) == len(entries) + 1  # only the edit rendered


def test_ci_always_builds(site, tmp_path, capsys, monkeypatch):
    rebuild_equals_clean(site, tmp_path, capsys)
    monkeypatch.setenv("CI", "true")
    err = rebuild_equals_clean(site, tmp_path, capsys)
    assert "built output/" in err and "no file changed" not in err  # nor compared


def test_a_damaged_output_is_rebuilt(site, tmp_path, capsys):
    rebuild_equals_clean(site, tmp_path, capsys)
    (site / "output/claims/sky-is-green/index.html").write_text("edited by hand")
    assert "built output/" in rebuild_equals_clean(site, tmp_path, capsys)
    shutil.rmtree(site / "output/sources")
    assert "built output/" in rebuild_equals_clean(site, tmp_path, capsys)


def test_a_failed_build_changes_neither_output_nor_state(site, tmp_path, capsys):
    rebuild_equals_clean(site, tmp_path, capsys)
    data = site / "claims.yaml"
    good = data.read_text()
    data.write_text(good.replace("rating: incorrect", "rating: nowhere", 1))
    assert run(site, "build", capsys)[0] == 1
    data.write_text(good)  # back to the inputs of the last good build, whose output is there
    assert "is up to date" in rebuild_equals_clean(site, tmp_path, capsys)


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_an_edited_analysis_renders_its_page_and_the_search_index_only(site, tmp_path,
                                                                        capsys):
    """Only the analyses' text changed: the other files are the last build's own (the same
    inodes, linked), and the whole output still equals a clean build's."""
    rebuild_equals_clean(site, tmp_path, capsys)
    output = site / "output"
    before = {name: inode(output / name) for name in files(output)}
    (site / "content/claims/grass-is-blue.md").write_text(analysis("the grass is green"))
    err = rebuild_equals_clean(site, tmp_path, capsys)
    assert "kept" in err and "unchanged files of the last build" in err
    assert "output/: changed 1 claim page," in err
    after = {name: inode(output / name) for name in files(output)}
    rendered = {name for name in after if before.get(name) != after[name]}
    # Pelican writes its own pages and the theme's files in every build, the plugin the
    # edited claim's page and the search index; all the rest is linked
    assert {name for name in rendered if not name.startswith(("search/", "theme/"))} == {
        "claims/grass-is-blue/index.html", "about/index.html", "corrections/index.html",
        "methodology/index.html"}
    assert after["claims/sky-is-green/index.html"] == before["claims/sky-is-green/index.html"]
    assert after["sources/report-a/index.html"] == before["sources/report-a/index.html"]


SECOND_SOURCE = SOURCES.replace("report-a", "report-b").replace("Report A", "Report B")


@pytest.mark.parametrize("edit", ["cites", "yaml", "output", "new analysis"])
def test_anything_but_analysis_text_renders_everything(site, tmp_path, capsys, edit):
    """A changed citation (source pages list the claims citing them), any other input, a
    hand edit in output/ or a new analysis file: nothing is reused, and the result is still
    a clean build's."""
    data, analyses = site / "claims.yaml", site / "content/claims"
    data.write_text(data.read_text().replace("claims:\n", SECOND_SOURCE[len("sources:\n"):]
                                             + "claims:\n", 1))
    rebuild_equals_clean(site, tmp_path, capsys)
    if edit == "cites":  # the same words, another source
        (analyses / "grass-is-blue.md").write_text(
            analysis("grass-is-blue").replace("@report-a", "@report-b"))
    else:
        (analyses / "grass-is-blue.md").write_text(analysis("the grass is green"))
    if edit == "yaml":
        data.write_text(data.read_text().replace("Report A says otherwise.",
                                                 "Report A disagrees."))
    elif edit == "output":
        (site / "output/tags/index.html").write_text("edited by hand")
    elif edit == "new analysis":
        (analyses / "stray.md").write_text(analysis("no claim"))
    code, err = run(site, "build", capsys)
    if edit == "new analysis":  # an analysis without a claim is an error: nothing built
        assert code == 1 and "analysis without a claim" in err
        return
    assert code == 0, err
    assert "unchanged files of the last build" not in err
    assert files(site / "output") == clean_build(site, tmp_path, capsys)
    if edit == "cites":
        assert "grass-is-blue" in (site / "output/sources/report-b/index.html").read_text()


def test_an_output_replaced_during_the_build_is_not_linked_from(site, tmp_path, capsys,
                                                                monkeypatch):
    """Another build that replaces output/ while this one renders: this build's folder,
    linked from an output/ it did not decide on, is dropped (exit 2, output/ as the other
    build left it); the next build is a clean build's."""
    from factcheck import reuse
    rebuild_equals_clean(site, tmp_path, capsys)
    (site / "content/claims/grass-is-blue.md").write_text(analysis("the grass is green"))
    real = reuse._link_folder
    other = site / "output/tags/index.html"

    def beside_another_build(old, new, relative=()):
        if not relative:
            other.write_text("written by another build")
        return real(old, new, relative)
    monkeypatch.setattr(reuse, "_link_folder", beside_another_build)
    code, err = run(site, "build", capsys)
    assert code == 2 and "was replaced while this build ran" in err
    assert other.read_text() == "written by another build"
    monkeypatch.setattr(reuse, "_link_folder", real)
    assert "built output/" in rebuild_equals_clean(site, tmp_path, capsys)


def test_unchanged_files_are_not_read_again_and_changed_ones_always_are(site, tmp_path,
                                                                        capsys, monkeypatch):
    """Files are known by their stat signature (size, times, inode) once it is older than a
    clock tick: an unchanged site is found up to date without reading a file; an edit that
    keeps the size and puts the old mtime back still changes the ctime, and is built."""
    import hashlib
    import os
    old = 1_600_000_000
    for path in site.rglob("*"):
        os.utime(path, (old, old))
    rebuild_equals_clean(site, tmp_path, capsys)
    read: list[str] = []
    real = hashlib.file_digest

    def counted(handle, name):
        read.append(handle.name)
        return real(handle, name)
    monkeypatch.setattr(hashlib, "file_digest", counted)
    assert "is up to date" in run(site, "build", capsys)[1]
    assert read == []
    analysis_file = site / "content/claims/grass-is-blue.md"
    text = analysis_file.read_text()
    analysis_file.write_text(text.replace("grass", "GRASS"))  # the same size
    os.utime(analysis_file, (old, old))
    assert "is up to date" not in rebuild_equals_clean(site, tmp_path, capsys)
    assert str(analysis_file) in read


def test_pages_a_site_keeps_under_search_are_kept_but_the_old_index_is_not(site, tmp_path,
                                                                           capsys):
    """The last index's shards are replaced, never linked (their names change with their
    content); a site's own pages under search/ (a claim URL chosen there) are linked."""
    with open(site / "pelicanconf.py", "a") as conf:
        conf.write('FACTCHECK_CLAIM_URL = "search/claims/{id}.html"\n')
    rebuild_equals_clean(site, tmp_path, capsys)
    assert (site / "output/search/claims/sky-is-green.html").is_file()
    (site / "content/claims/grass-is-blue.md").write_text(analysis("the grass is green"))
    err = rebuild_equals_clean(site, tmp_path, capsys)
    assert "unchanged files of the last build" in err
