#!/usr/bin/env python3
"""Print what search finds and what it costs a reader, for our search and for Pagefind.

Not a test: it prints figures to compare across changes. Everything is measured in real
headless Chromium over a local web server, on the same built output/ for both engines:

* Recall (sample site only): the queries of bench/queries.yaml, each with the pages a reader
  expects, typed into our search page (search/?q=...) and given to Pagefind's JS API. The score
  of a query is the fraction of its expected pages among the first five results (a chronology
  event counts for the chronology page); a query the site has nothing for scores 1 only if it
  finds nothing. Printed per cause of issue 9 and overall.
* Size and speed (sample, and synthetic sites of 1,000 and 10,000 claims from
  bench/build_bench.py): our index and results list raw and gzipped; for each engine the bytes
  a first search transfers (every script and data file the page fetches to load the engine
  and answer one typical query, gzipped as a server would send them), the time to load the
  engine, and the p50/p95 time of a query once loaded (Pagefind's includes fetching the data
  of its first five results, which a results list needs; ours fetches the results-list parts
  of the results it shows).

Pagefind (bench/package.json, pinned; never part of a site build) is installed into
bench/node_modules with `npm ci --prefix bench` the first time it is needed. Usage:

    .venv/bin/python bench/search_bench.py             # sample (with recall), 1,000 and 10,000
    .venv/bin/python bench/search_bench.py 1000        # one synthetic size
    .venv/bin/python bench/search_bench.py --recall -v # recall only, with every query's results
    .venv/bin/python bench/search_bench.py 1000 --no-analyses   # without analysis bodies
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "bench"
sys.path[:0] = [str(PROJECT), str(BENCH), str(PROJECT / "tests")]

import yaml  # noqa: E402

from browser import chromium, open_page, serve  # noqa: E402
from build_bench import Vocabulary, synthetic_site  # noqa: E402
from factcheck.site import SiteBuilder  # noqa: E402

QUERY_SET = BENCH / "queries.yaml"
PAGEFIND = BENCH / "node_modules" / ".bin" / "pagefind"
PAGEFIND_PAGE = "pagefind-bench.html"
QUERIES = Vocabulary(seed=7).queries(40) + ["Raketen", "шуша", "people:outlet", "unproven"]
TYPICAL_QUERY = "Iskander missiles"   # the first search whose transfer is measured
TOP = 5
TIMEOUT_MS = 20_000
CAUSES = {0: "control (works today)", 1: "chained stemmers", 2: "stop words, all languages",
          3: "tokenisation", 4: "colon is syntax", 5: "prefix and typos", 6: "folding",
          7: "names across scripts", 8: "scope and grouping"}
NOT_SCRIPT = {"document", "stylesheet", "image", "font", "media"}


def gz_size(data: bytes) -> int:
    """Bytes on the wire from a server that gzips when it helps (Pagefind's files are
    already compressed)."""
    return min(len(data), len(gzip.compress(data, compresslevel=6)))


def gz(path: Path) -> int:
    return gz_size(path.read_bytes())


def kb(size: int | None) -> str:
    return "   n/a" if size is None else f"{size / 1024:6.0f}"


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


# --- Pagefind -------------------------------------------------------------------------------

def ensure_pagefind() -> str:
    """Install the locked Pagefind into bench/node_modules if missing; return its version."""
    if not PAGEFIND.exists():
        subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund",
                        "--loglevel=error"], check=True)
    return subprocess.run([str(PAGEFIND), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def index_with_pagefind(output: Path) -> float:
    """Run Pagefind over ``output`` (it writes output/pagefind/, which our search ignores) and
    add a bare page to query it from; returns the indexing time in seconds."""
    started = time.perf_counter()
    subprocess.run([str(PAGEFIND), "--site", str(output)], check=True, capture_output=True)
    took = time.perf_counter() - started
    (output / PAGEFIND_PAGE).write_text(
        "<!doctype html><html lang=en><meta charset=utf-8><title>Pagefind</title>\n",
        encoding="utf-8")
    return took


PAGEFIND_LOAD = """async () => { const t0 = performance.now();
    window.pf = await import('/pagefind/pagefind.js'); await window.pf.init();
    return performance.now() - t0; }"""
PAGEFIND_QUERY = """async ([q, top]) => { const found = await window.pf.search(q);
    const results = found ? found.results : [];
    const data = await Promise.all(results.slice(0, top).map(r => r.data()));
    return [results.length, data.map(d => d.url)]; }"""
OURS_LOAD = """async () => { const t0 = performance.now(); await window.FactcheckSearch.load();
    return performance.now() - t0; }"""
# One query as timed: what a results list needs (Pagefind fetches its first results' data).
OURS_TIMED = """async q => { try { await window.FactcheckSearch.search(q); }
    catch (error) { /* an unreadable query costs time too */ } }"""
PAGEFIND_TIMED = f"""async q => {{ const found = await window.pf.search(q);
    if (found) {{ await Promise.all(found.results.slice(0, {TOP}).map(r => r.data())); }} }}"""


# --- The browser ----------------------------------------------------------------------------

def new_page(browser):
    return open_page(browser, TIMEOUT_MS)


def local_file(directory: Path, url: str) -> Path | None:
    """The file of ``directory`` that the local server sent for ``url``."""
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = directory / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def fetched_bytes(page, directory: Path, run) -> tuple[int, object]:
    """Gzipped bytes of every script and data file the page fetches while ``run()`` runs
    (from its start: ``run`` does the navigation), and what ``run`` returned."""
    urls: list[str] = []

    def record(response):
        if response.request.resource_type not in NOT_SCRIPT:
            urls.append(response.url)
    page.on("response", record)
    value = run()
    page.remove_listener("response", record)
    files = {local_file(directory, url) for url in urls} - {None}
    return sum(gz(path) for path in files), value


def percentiles(rounds: list[list[float]]) -> tuple[float, float, float]:
    """(p50, p95) of the warm rounds, and p95 of the first (cold) round."""
    warm = [t for times in rounds[1:] for t in times]
    return (statistics.quantiles(warm, n=100)[49], statistics.quantiles(warm, n=100)[94],
            statistics.quantiles(rounds[0], n=100)[94])


def timed_rounds(page, script: str, rounds: int) -> list[list[float]]:
    """Each query of QUERIES ``rounds`` times, timed inside the page."""
    return page.evaluate(f"""async ([queries, rounds]) => {{
        const run = {script}; const all = [];
        for (let r = 0; r < rounds; r++) {{ const times = [];
          for (const q of queries) {{ const t0 = performance.now(); await run(q);
                                     times.push(performance.now() - t0); }}
          all.push(times); }}
        return all; }}""", [QUERIES, rounds])


# --- Size and speed -------------------------------------------------------------------------

@dataclass
class Cost:
    first_search: int
    load_ms: float
    p50: float
    p95: float
    cold_p95: float


def ours_cost(browser, output: Path, url: str, rounds: int = 5) -> Cost:
    with new_page(browser) as page:
        def first_search():
            page.goto(f"{url}/search/")
            load_ms = page.evaluate(OURS_LOAD)
            page.evaluate("q => window.FactcheckSearch.search(q).then(docs => docs.length)",
                          TYPICAL_QUERY)
            return load_ms
        size, load_ms = fetched_bytes(page, output, first_search)
        return Cost(size, load_ms, *percentiles(timed_rounds(page, OURS_TIMED, rounds)))


def pagefind_cost(browser, output: Path, url: str, rounds: int = 5) -> Cost:
    with new_page(browser) as page:
        def first_search():
            page.goto(f"{url}/{PAGEFIND_PAGE}")
            load_ms = page.evaluate(PAGEFIND_LOAD)
            page.evaluate(PAGEFIND_QUERY, [TYPICAL_QUERY, TOP])
            return load_ms
        size, load_ms = fetched_bytes(page, output, first_search)
        return Cost(size, load_ms, *percentiles(timed_rounds(page, PAGEFIND_TIMED, rounds)))


def cost_line(cost: Cost) -> str:
    return (f"first search {kb(cost.first_search)} KB gz | load {cost.load_ms:6.0f} ms"
            f" | query p50 {cost.p50:6.2f} ms p95 {cost.p95:6.2f} ms"
            f" (first round p95 {cost.cold_p95:6.2f} ms)")


def folder_size(paths: list[Path]) -> tuple[int, int]:
    """(raw, gzipped) bytes of ``paths``, each file gzipped on its own as a server sends it."""
    return sum(p.stat().st_size for p in paths), sum(gz(p) for p in paths)


def report(label: str, output: Path, browser) -> None:
    """Our index sizes and costs, then Pagefind's on the same output."""
    search = output / "search"
    manifest, shards, parts = ([search / "index.js"], sorted((search / "t").glob("*.js")),
                               sorted((search / "d").glob("*.js")))
    sized = {name: folder_size(paths) for name, paths in
             (("manifest", manifest), ("shards", shards), ("results", parts))}
    pagefind_s = index_with_pagefind(output)
    pagefind_kb = sum(p.stat().st_size for p in (output / "pagefind").rglob("*") if p.is_file())
    with serve(output) as url:
        ours, theirs = ours_cost(browser, output, url), pagefind_cost(browser, output, url)
    print(f"{label:>16}: " + " | ".join(
        f"{name} {kb(raw)} KB raw {kb(zipped)} KB gz" for name, (raw, zipped) in sized.items())
        + f" | {len(shards)} shards, largest {kb(max((gz(p) for p in shards), default=0))} KB gz")
    print(f"{'':>16}  {cost_line(ours)}")
    print(f"{'Pagefind':>16}: indexed in {pagefind_s:5.1f} s, {kb(pagefind_kb)} KB on disk"
          f" | {cost_line(theirs)}")


# --- Recall ---------------------------------------------------------------------------------

def normalise(url: str) -> str:
    """A page's URL relative to the site root: no origin, fragment or index.html."""
    path = urlsplit(url).path.lstrip("/")
    return path[: -len("index.html")] if path.endswith("index.html") else path


def ours_results(page, url: str, query: str) -> tuple[int, list[str], str]:
    """(result count, first URLs, status line) from our search page, run by ?q= on load."""
    page.goto(f"{url}/search/?q={quote(query)}")
    try:
        page.wait_for_function("""q => { const s = document.getElementById('search-status');
            const text = s ? s.textContent : '';
            return text.includes(q) || /could not|no results/i.test(text)
                || document.querySelectorAll('#search-results .result-title').length > 0; }""",
                               arg=query)
    except Exception as error:  # a query that never finishes scores as finding nothing
        return 0, [], f"timed out: {error}"
    hrefs = page.eval_on_selector_all("#search-results .result-title", "els => els.map(e => e.href)")
    return len(hrefs), [normalise(h) for h in hrefs[:TOP]], page.inner_text("#search-status")


def pagefind_results(page, query: str) -> tuple[int, list[str], str]:
    count, urls = page.evaluate(PAGEFIND_QUERY, [query, TOP])
    return count, [normalise(u) for u in urls], f"{count} results"


def score(entry: dict, count: int, top: list[str]) -> float:
    expect = entry["expect"]
    if not expect:
        return 1.0 if count == 0 else 0.0
    hits = sum(url in top for url in expect)
    return float(hits > 0) if entry.get("any") else hits / len(expect)


def run_queries(browser, url: str, entries: list[dict], verbose: bool):
    """Each query on both engines: [(our score, Pagefind's score)], and the queries our
    search page answered with an error message instead of results."""
    scores, errors = [], []
    with new_page(browser) as ours, new_page(browser) as theirs:
        theirs.goto(f"{url}/{PAGEFIND_PAGE}")
        theirs.evaluate(PAGEFIND_LOAD)
        for entry in entries:
            found = ours_results(ours, url, entry["q"]), pagefind_results(theirs, entry["q"])
            scores.append(tuple(score(entry, count, top) for count, top, _ in found))
            if re.search(r"could not|timed out", found[0][2], re.IGNORECASE):
                errors.append(entry["q"])
            if verbose:
                show_query(entry, found, scores[-1])
    return scores, errors


def show_query(entry: dict, found, scores: tuple[float, float]) -> None:
    print(f"[{entry['cause']}] {entry['q']!r} expects {entry['expect'] or 'nothing'}")
    for name, (count, top, status), value in zip(("ours", "Pagefind"), found, scores):
        print(f"    {name:>8} {value:4.2f}  {count:3} results, top {top}  ({status})")


def mean(values: list[float]) -> str:
    return f"{100 * statistics.mean(values):5.0f}%" if values else "     -"


def recall_row(label: str, rows: list[tuple[dict, tuple[float, float]]]) -> str:
    find = [s for e, s in rows if e["expect"]]
    empty = [s for e, s in rows if not e["expect"]]
    return (f"{label:<28} {len(find):3}  {mean([s[0] for s in find])} {mean([s[1] for s in find])}"
            f"   {len(empty):3}  {mean([s[0] for s in empty])} {mean([s[1] for s in empty])}")


def print_recall(entries: list[dict], scores: list[tuple[float, float]]) -> None:
    rows = list(zip(entries, scores))
    print(f"\nRecall@{TOP} on {len(entries)} queries ({QUERY_SET.name}):")
    print(f"{'cause':<28} {'n':>3}  {'ours':>6} {'Pagef.':>6}   {'n':>3}  must find nothing")
    for cause, name in CAUSES.items():
        print(recall_row(f"{cause} {name}", [r for r in rows if r[0]["cause"] == cause]))
    print(recall_row("all", rows))


def recall(output: Path, browser, verbose: bool) -> None:
    entries = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))
    if not (output / PAGEFIND_PAGE).exists():
        index_with_pagefind(output)
    with serve(output) as url:
        scores, errors = run_queries(browser, url, entries, verbose)
    print_recall(entries, scores)
    print(f"Our search page answered {len(errors)} queries with an error message:",
          "; ".join(map(repr, errors)) or "none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--no-analyses", dest="analyses", action="store_false",
                        help="leave analysis bodies out of the index (the site indexes them)")
    parser.add_argument("--recall", action="store_true", help="recall on the sample only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's results")
    args = parser.parse_args()
    print(ensure_pagefind(), "| first search measured with the query", repr(TYPICAL_QUERY))
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        if not args.sizes:
            sample = build(PROJECT, Path(tmp) / "sample", args.analyses)
            report("sample", sample, browser)
            recall(sample, browser, args.verbose)
        for size in [] if args.recall else args.sizes or [1000, 10000]:
            root = synthetic_site(Path(tmp) / f"n{size}", size)
            report(f"{size:,} claims", build(root, root / "output", args.analyses), browser)


if __name__ == "__main__":
    main()
