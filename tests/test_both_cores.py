"""Work split over both cores gives what one process gives (issue 12): analyses rendered
half in a forked worker come back in order and equal to rendering them one by one, and
share cards drawn on two processes are the same files as drawn in one.

Each test takes the split (conftest's ``two_cores``: it fails where there is no second core
or no fork, which would prove nothing). About 20 s.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import PROJECT, build_site
from factcheck.model import render_both_cores
from factcheck.model.analyses import located, report_findings
from factcheck.model.markup import MarkupRenderer
from factcheck.model.problems import Problems
from factcheck.render import share_images
from factcheck.render.parallel import in_two_processes

NODE_MODULES = PROJECT / "node_modules"


def analysis(number: int) -> str:
    """Varied analyses: citations (one to an unknown source, a finding), links, headings."""
    cited = "report-b" if number % 3 else "nope"
    return (f"## Part {number}\n\nReport A says {number} [@report-a, para. {number}].\n\n"
            f"See [a link](https://example.org/{number}) and [@{cited}].\n\n"
            f"{'*emphasis* ' * (number % 5)}\n")


def test_analyses_rendered_on_both_cores_equal_rendering_each_in_turn(two_cores):
    texts = [analysis(n) for n in range(render_both_cores.MINIMUM + 21)]
    renderer = MarkupRenderer(["report-a", "report-b"])
    one_by_one = [renderer.render(text) for text in texts]
    both = render_both_cores.render_all(MarkupRenderer(["report-a", "report-b"]), texts)
    assert both == one_by_one
    assert any(r.citation_findings for r in both)  # the findings cross back too


def test_findings_placed_in_the_worker_are_reported_where_they_are(two_cores):
    """Only the findings check reports cross back, already placed (analyses.located)."""
    texts = [analysis(n) for n in range(render_both_cores.MINIMUM + 21)]
    one_by_one, both = Problems(), Problems()
    renderer = MarkupRenderer(["report-a", "report-b"])
    for number, text in enumerate(texts):
        report_findings(f"a{number}.md", text, renderer.render(text), one_by_one)
    placed = render_both_cores.render_all(MarkupRenderer(["report-a", "report-b"]), texts,
                                          located)
    for number, (text, rendered) in enumerate(zip(texts, placed)):
        report_findings(f"a{number}.md", text, rendered, both)
    assert [str(p) for p in both] == [str(p) for p in one_by_one] and one_by_one.items
    assert all(f.at and f.severity != "ok" for r in placed for f in r.citation_findings)


def cards(count: int) -> list[tuple[str, share_images.Card]]:
    styles = list(share_images.LOOKS)
    return [(f"claims/c{n}/share.png",
             share_images.Card(f"Claim number {n} said something", f"Person {n}", "False",
                               styles[n % len(styles)], "Site"))
            for n in range(count)]


def pngs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.png")}


def test_share_cards_drawn_on_both_cores_are_the_cards_drawn_in_one(tmp_path, two_cores):
    drawn = cards(share_images.PARALLEL_CARDS + 6)
    share_images._draw_all(tmp_path / "one", drawn, NODE_MODULES)
    in_two_processes(drawn, lambda part: share_images._draw_all(tmp_path / "two", part,
                                                                NODE_MODULES),
                     minimum=share_images.PARALLEL_CARDS)
    one, two = pngs(tmp_path / "one"), pngs(tmp_path / "two")
    assert len(one) == len(drawn) and one == two


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_site_built_on_both_cores_is_the_site_built_in_one(tmp_path, monkeypatch):
    """Claim and source pages (render/parallel.py), analyses and the search index each
    split past their minimum: the whole output is the same bytes as one process writes."""
    import sys
    sys.path.insert(0, str(PROJECT / "bench"))
    from build_bench import synthetic_site
    from factcheck.render import parallel
    from factcheck.search import both_cores
    root = synthetic_site(tmp_path / "site", max(parallel.MINIMUM, both_cores.MINIMUM,
                                                 render_both_cores.MINIMUM) + 10)
    monkeypatch.setenv("CI", "true")  # no render cache, no build state: all work done twice
    forks: list[int] = []
    real_fork = parallel.os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()
    for module in (parallel, both_cores):
        monkeypatch.setattr(module, "can_fork", lambda: False)
    one = site_files(build_site(root))
    shutil.move(root / "output", tmp_path / "one")
    monkeypatch.setattr(parallel.os, "fork", counted_fork)
    for module in (parallel, both_cores):
        monkeypatch.setattr(module, "can_fork", lambda: True)
    two = site_files(build_site(root))
    assert forks and len(one) > 1000 and one == two


def test_analyses_the_render_cache_holds_are_not_sent_to_a_worker(tmp_path, two_cores,
                                                                   monkeypatch):
    """After one edit only that analysis is rendered, in this process: no worker is
    started to send back what the cache already holds."""
    import os

    from factcheck.model.render_cache import RenderCache
    sources = ["report-a", "report-b"]
    texts = [analysis(n) for n in range(render_both_cores.MINIMUM + 21)]
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()
    monkeypatch.setattr(os, "fork", counted_fork)
    cache = RenderCache(tmp_path / "cache", sources, ())
    first = render_both_cores.render_all(MarkupRenderer(sources, (), cache), texts)
    assert forks, "the first rendering of them all is split"
    forks.clear()
    texts[7] = analysis(10_000)
    again = render_both_cores.render_all(MarkupRenderer(sources, (), cache), texts)
    assert not forks
    assert again[:7] == first[:7] and again[8:] == first[8:]
    assert again[7] == MarkupRenderer(sources).render(texts[7]) != first[7]
