"""A serve process's rebuild from what it kept (factcheck/live.py) writes what a clean build
writes, and falls back to a full build whenever more than analyses' text changed.

One builder is kept across builds, as `make serve` keeps it; after each edit its output is
compared byte for byte with a clean CI build of a copy of the same inputs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run
from test_incremental import (SECOND_SOURCE, analysis, clean_build, files, inode,  # noqa: F401
                              not_in_ci, site_yaml, write_site)  # not_in_ci: autouse here too

from factcheck.site import SiteBuilder

LIVE = "from what this process kept"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    claims = {"sky-is-green": "The sky is green.", "grass-is-blue": "The grass is blue."}
    root = write_site(tmp_path / "site", site_yaml(claims),
                      {cid: analysis(cid) for cid in claims})
    data = root / "claims.yaml"  # a second source, so an edit can cite another
    data.write_text(data.read_text().replace("claims:\n", SECOND_SOURCE[len("sources:\n"):]
                                             + "claims:\n", 1))
    return root


def serving(root: Path) -> SiteBuilder:
    builder = SiteBuilder(root, root / "pelicanconf.py", root / "output")
    builder.keeps_live = True
    return builder


def build(builder: SiteBuilder, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = builder.build()
    return code, capsys.readouterr().err


def equals_clean(builder: SiteBuilder, tmp_path: Path, capsys, live: bool) -> str:
    code, err = build(builder, capsys)
    assert code == 0, err
    assert (LIVE in err) == live, err
    assert files(builder.output) == clean_build(builder.root, tmp_path, capsys)
    return err


def edit(root: Path, claim_id: str, words: str) -> None:
    (root / "content/claims" / f"{claim_id}.md").write_text(analysis(words))


def test_an_edited_analysis_is_rebuilt_from_what_the_process_kept(site, tmp_path, capsys,
                                                                   monkeypatch):
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    before = {name: inode(builder.output / name) for name in files(builder.output)}
    started = {"pelican": 0}
    import factcheck.site as site_module
    real = site_module.CheckedPelican.run

    def counted(self):
        started["pelican"] += 1
        return real(self)
    edit(site, "grass-is-blue", "the grass is green, never blue")
    with monkeypatch.context() as patch:
        patch.setattr(site_module.CheckedPelican, "run", counted)
        patch.setattr(site_module, "check_site", None)  # and no full check
        code, err = build(builder, capsys)
    assert code == 0 and LIVE in err and started["pelican"] == 0  # no Pelican run
    assert "output/: changed 1 claim page," in err and "check: ok" in err
    assert files(builder.output) == clean_build(site, tmp_path, capsys)
    after = {name: inode(builder.output / name) for name in files(builder.output)}
    written = {name for name in after if before.get(name) != after[name]}
    assert {name for name in written if not name.startswith("search/")} == {
        "claims/grass-is-blue/index.html"}
    shards = [name for name in after if name.startswith("search/t/")]
    assert any(after[name] == before.get(name) for name in shards)  # unchanged: linked
    assert any(name not in before for name in shards)  # the edited terms' shards: new
    # a new process finds output/ up to date with the inputs
    assert "is up to date" in run(site, "build", capsys)[1]


def test_a_sequence_of_edits_each_rebuilds_to_a_clean_build(site, tmp_path, capsys):
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    edit(site, "sky-is-green", "the sky is blue")
    equals_clean(builder, tmp_path, capsys, live=True)
    edit(site, "sky-is-green", "the sky is blue by day")  # twice in a row
    edit(site, "grass-is-blue", "grass is green")          # and two at once
    equals_clean(builder, tmp_path, capsys, live=True)
    data = site / "claims.yaml"  # YAML: a full build, whose generator is kept in turn
    data.write_text(data.read_text().replace("Report A says otherwise.", "Report A disagrees."))
    equals_clean(builder, tmp_path, capsys, live=False)
    edit(site, "sky-is-green", "an edit after the full build")
    equals_clean(builder, tmp_path, capsys, live=True)
    # another source cited: its page lists the claim, so everything is rendered
    (site / "content/claims/sky-is-green.md").write_text(
        analysis("the same words").replace("@report-a", "@report-b"))
    equals_clean(builder, tmp_path, capsys, live=False)
    (site / "content/claims/sky-is-green.md").write_text(  # no words but its citation
        analysis("").replace("@report-a", "@report-b"))
    equals_clean(builder, tmp_path, capsys, live=True)


def test_an_edit_with_a_problem_is_reported_by_the_full_check(site, tmp_path, capsys):
    """A broken citation: the full check reports it at its line, nothing is written; the
    fix is then a full build too (the last check had a problem in that file)."""
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    kept = files(builder.output)
    (site / "content/claims/sky-is-green.md").write_text("Says [@no-such-report].\n")
    code, err = build(builder, capsys)
    assert code == 1 and "content/claims/sky-is-green.md:1:" in err and LIVE not in err
    assert files(builder.output) == kept
    edit(site, "sky-is-green", "fixed")
    equals_clean(builder, tmp_path, capsys, live=False)
    edit(site, "sky-is-green", "fixed again")
    equals_clean(builder, tmp_path, capsys, live=True)


def test_a_warning_in_an_edited_analysis_is_reported_by_the_full_check(site, tmp_path,
                                                                        capsys):
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    (site / "content/claims/sky-is-green.md").write_text("No citation at all.\n")
    err = equals_clean(builder, tmp_path, capsys, live=False)
    assert "analysis cites no source" in err and "1 warning(s)" in err


def test_output_replaced_by_another_build_is_not_built_on(site, tmp_path, capsys):
    """`make site` beside `make serve`: the serve process's output/ is gone, so it builds
    in full (and the result is still a clean build's)."""
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    edit(site, "sky-is-green", "built elsewhere")
    assert run(site, "build", capsys)[0] == 0  # another process
    edit(site, "sky-is-green", "then here")
    equals_clean(builder, tmp_path, capsys, live=False)


def test_a_hand_edit_in_output_is_not_built_on(site, tmp_path, capsys):
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    page = builder.output / "tags/index.html"
    page.write_text("edited by hand")
    os.utime(page, (1, 1))
    edit(site, "sky-is-green", "an edit")
    equals_clean(builder, tmp_path, capsys, live=False)


def test_a_serve_process_starting_on_a_built_site_builds_once_to_keep_it(site, tmp_path,
                                                                         capsys):
    assert run(site, "build", capsys)[0] == 0
    builder = serving(site)
    err = equals_clean(builder, tmp_path, capsys, live=False)
    assert "is up to date" not in err and "output/: no file changed" in err
    edit(site, "sky-is-green", "the first edit while serving")
    equals_clean(builder, tmp_path, capsys, live=True)


def test_a_failed_live_build_leaves_output_and_the_next_build_is_full(site, tmp_path, capsys,
                                                                       monkeypatch):
    builder = serving(site)
    equals_clean(builder, tmp_path, capsys, live=False)
    kept = files(builder.output)
    import factcheck.site as site_module

    def full_disk(staging, output):
        raise OSError(28, "No space left on device")
    edit(site, "sky-is-green", "an edit that cannot be written")
    with monkeypatch.context() as patch:
        patch.setattr(site_module, "update_in_place", full_disk)
        code, err = build(builder, capsys)
    assert code == 2 and "build failed" in err and "No space left on device" in err
    assert files(builder.output) == kept
    assert not list(site.glob(".output.build-*"))  # its folder is gone
    equals_clean(builder, tmp_path, capsys, live=False)
