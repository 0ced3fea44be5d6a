#!/usr/bin/env python3
"""Print how long checking and building take for the sample and for synthetic sites.

Not a test: it prints figures to compare across changes. Usage:

    .venv/bin/python bench/build_bench.py            # sample, 1,000 and 10,000 claims
    .venv/bin/python bench/build_bench.py 2000       # one synthetic size

Synthetic sites have one source per ten claims, one event per five claims, two quotes
and a three-citation analysis per claim, so every cross-reference path is exercised.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from factcheck.check import Project, check_project  # noqa: E402
from factcheck.site import SiteBuilder  # noqa: E402

RATINGS = """ratings:
  - {id: incorrect, label: Incorrect, value: 1, meaning: Contradicted by the evidence.}
  - {id: correct, label: Correct, value: 2, meaning: Supported by the evidence.}
  - {id: unproven, label: Unproven, value: null, meaning: Not settled by the evidence.}
"""


def synthetic_site(root: Path, claims: int) -> Path:
    """Write a site of ``claims`` claims under ``root``."""
    sources = max(1, claims // 10)
    lines = [RATINGS, "sources:"]
    for s in range(sources):
        cites = f"[source-{s - 1}]" if s else "[]"
        lines.append(f"  - {{id: source-{s}, title: Report {s}, publisher: Outlet {s % 7}, "
                     f"published: 2021-04-{1 + s % 28:02d}, url: https://example.org/{s}, "
                     f"language: en, cites: {cites}}}")
    lines.append("claims:")
    (root / "content/claims").mkdir(parents=True)
    for c in range(claims):
        src = f"source-{c % sources}"
        lines.append(
            f"  - {{id: claim-{c}, claim: Claim number {c} about missiles, claimant: Person {c % 50},"
            f" date: 2021-{1 + c % 12:02d}, said_in: {src}, rating: {('incorrect', 'correct', 'unproven')[c % 3]},"
            f" summary: Summary of claim {c}., published: 2026-11-24, tags: [t{c % 20}],"
            f" quotes: [{{source: {src}, text: Words {c}, lang: en}},"
            f" {{source: {src}, text: Wörter {c}, lang: de, translation: Words {c}}}]}}")
        (root / f"content/claims/claim-{c}.md").write_text(
            f"# Analysis\n\nFirst [@{src}, para. 1]. Second [@source-{(c + 1) % sources}].\n\n"
            f"Again [@{src}].\n", encoding="utf-8")
    lines.append("events:")
    for e in range(max(1, claims // 5)):
        lines.append(f"  - {{id: event-{e}, date: 2021-{1 + e % 12:02d}-{1 + e % 28:02d}, "
                     f"title: Event {e}, sources: [source-{e % sources}], claims: [claim-{e}]}}")
    (root / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("about", "methodology", "corrections"):
        page = root / "content/pages" / f"{name}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        template = "Template: methodology\n" if name == "methodology" else ""
        page.write_text(f"Title: {name}\nSlug: {name}\n{template}\nText.\n", encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        "import runpy\nfrom pathlib import Path\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(PROJECT / 'pelicanconf.py')!r})"
        ".items() if k.isupper()})\n"
        "PATH = str(Path(__file__).resolve().parent / 'content')\n"
        "FACTCHECK_ROOT = str(Path(__file__).resolve().parent)\n", encoding="utf-8")
    return root


def measure(label: str, root: Path) -> None:
    started = time.perf_counter()
    result = check_project(Project(root))
    checked = time.perf_counter() - started
    assert result.ok, "\n".join(map(str, list(result.problems)[:5]))
    builder = SiteBuilder(root, root / "pelicanconf.py", root / "output")
    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        code = builder.build()
    built = time.perf_counter() - started
    assert code == 0
    pages = sum(1 for _ in (root / "output").rglob("*.html"))
    print(f"{label:>14}: check {checked:6.2f} s, full build (check + render + write) "
          f"{built:6.2f} s, {pages} pages, {pages / built:6.0f} pages/s")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000]
    if not argv:
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("claims.yaml", "content", "evidence", "pelicanconf.py", "theme"):
                src = PROJECT / name
                (shutil.copytree if src.is_dir() else shutil.copy)(src, Path(tmp) / name)
            measure("sample", Path(tmp))
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            measure(f"{size:,} claims", synthetic_site(Path(tmp), size))


if __name__ == "__main__":
    main(sys.argv[1:])
