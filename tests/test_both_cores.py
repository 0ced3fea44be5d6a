"""Work split over both cores gives what one process gives (issue 12): analyses rendered
half in a forked worker come back in order and equal to rendering them one by one, and
share cards drawn on two processes are the same files as drawn in one.

Each test first asserts the split is really taken here (two cores, fork, one thread), or it
would prove nothing. About 10 s.
"""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECT
from factcheck.model import render_both_cores
from factcheck.model.markup import MarkupRenderer
from factcheck.render import share_images
from factcheck.render.parallel import can_fork, in_two_processes

NODE_MODULES = PROJECT / "node_modules"


def analysis(number: int) -> str:
    """Varied analyses: citations (one to an unknown source, a finding), links, headings."""
    cited = "report-b" if number % 3 else "nope"
    return (f"## Part {number}\n\nReport A says {number} [@report-a, para. {number}].\n\n"
            f"See [a link](https://example.org/{number}) and [@{cited}].\n\n"
            f"{'*emphasis* ' * (number % 5)}\n")


def test_analyses_rendered_on_both_cores_equal_rendering_each_in_turn():
    assert can_fork(), "this test must run where the worker is used, or it proves nothing"
    texts = [analysis(n) for n in range(render_both_cores.MINIMUM + 21)]
    renderer = MarkupRenderer(["report-a", "report-b"])
    one_by_one = [renderer.render(text) for text in texts]
    both = render_both_cores.render_all(MarkupRenderer(["report-a", "report-b"]), texts)
    assert both == one_by_one
    assert any(r.citation_findings for r in both)  # the findings cross back too


def cards(count: int) -> list[tuple[str, share_images.Card]]:
    styles = list(share_images.LOOKS)
    return [(f"claims/c{n}/share.png",
             share_images.Card(f"Claim number {n} said something", f"Person {n}", "False",
                               styles[n % len(styles)], "Site"))
            for n in range(count)]


def pngs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.png")}


def test_share_cards_drawn_on_both_cores_are_the_cards_drawn_in_one(tmp_path):
    assert can_fork(), "this test must run where the worker is used, or it proves nothing"
    drawn = cards(share_images.PARALLEL_CARDS + 6)
    share_images._draw_all(tmp_path / "one", drawn, NODE_MODULES)
    in_two_processes(drawn, lambda part: share_images._draw_all(tmp_path / "two", part,
                                                                NODE_MODULES),
                     minimum=share_images.PARALLEL_CARDS)
    one, two = pngs(tmp_path / "one"), pngs(tmp_path / "two")
    assert len(one) == len(drawn) and one == two
