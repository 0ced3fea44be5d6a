#!/usr/bin/env python3
"""Print what the first search costs a reader: bytes transferred, load time, query times.

Not a test: it prints figures. For the sample site and synthetic sites of 1,000 and 10,000
claims (bench/build_bench.py makes them), it reports the index and results list raw and
gzipped, the whole first-search transfer (scripts + index + results, gzipped), and in real
headless Chromium the time to load the engine and the p50/p95 time of a query. Usage:

    .venv/bin/python bench/search_bench.py             # sample, 1,000 and 10,000 claims
    .venv/bin/python bench/search_bench.py 1000 --analyses   # analysis bodies indexed too
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import statistics
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "bench"), str(PROJECT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402

from browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from build_bench import Vocabulary, synthetic_site  # noqa: E402
from factcheck.site import SiteBuilder  # noqa: E402

FIRST_SEARCH = ["theme/js/search.js", "search/vendor/lunr.min.js",
                "search/vendor/lunr.stemmer.support.min.js", "search/vendor/lunr.de.min.js",
                "search/vendor/lunr.ru.min.js", "search/lunr-index.js", "search/results.js"]
QUERIES = Vocabulary(seed=7).queries(40) + ["Raketen", "шуша", "people:outlet", "unproven"]


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def build(root: Path, output: Path, analyses: bool) -> Path:
    """Build the site at ``root`` into ``output``, with analysis bodies indexed if asked."""
    settings = output.parent / f"{output.name}-conf.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(root / 'pelicanconf.py')!r})"
        ".items() if k.isupper()})\n"
        f"FACTCHECK_SEARCH_ANALYSES = {analyses}\n", encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        assert SiteBuilder(root, settings, output).build() == 0
    return output


def in_browser(output: Path, rounds: int = 5) -> tuple[float, float, float]:
    """(engine load ms, p50 query ms, p95 query ms), measured inside the page."""
    with serve(output) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}/search/")
        load_ms = page.evaluate("""async () => {
            const t0 = performance.now(); await window.FactcheckSearch.load();
            return performance.now() - t0; }""")
        times = page.evaluate("""async ([queries, rounds]) => {
            const engine = await window.FactcheckSearch.load(); const times = [];
            for (let r = 0; r < rounds; r++) for (const q of queries) {
              const t0 = performance.now(); engine.index.search(q); times.push(performance.now() - t0); }
            return times; }""", [QUERIES, rounds])
        browser.close()
    cuts = statistics.quantiles(times, n=100)
    return load_ms, cuts[49], cuts[94]


def report(label: str, output: Path) -> None:
    index, results = output / "search/lunr-index.js", output / "search/results.js"
    total = sum(gz(output / name) for name in FIRST_SEARCH)
    load_ms, p50, p95 = in_browser(output)
    print(f"{label:>16}: index {index.stat().st_size / 1024:8.0f} KB raw {gz(index) / 1024:7.0f} KB gz"
          f" | results {results.stat().st_size / 1024:6.0f} KB raw {gz(results) / 1024:5.0f} KB gz"
          f" | first search {total / 1024:6.0f} KB gz | load {load_ms:6.0f} ms"
          f" | query p50 {p50:6.2f} ms p95 {p95:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--analyses", action="store_true", help="index analysis bodies too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.sizes:
            report("sample", build(PROJECT, Path(tmp) / "sample", args.analyses))
        for size in args.sizes or [1000, 10000]:
            root = synthetic_site(Path(tmp) / f"n{size}", size)
            report(f"{size:,} claims", build(root, root / "output", args.analyses))

if __name__ == "__main__":
    main()
