#!/usr/bin/env python3
"""Print how long checking and building take for the sample and for synthetic sites.

Not a test: it prints figures to compare across changes. Usage:

    .venv/bin/python bench/build_bench.py            # sample, 1,000 and 10,000 claims
    .venv/bin/python bench/build_bench.py 2000       # one synthetic size
    .venv/bin/python bench/build_bench.py --anchor 1000 10000   # beside plain Pelican
    .venv/bin/python bench/build_bench.py --anchor 10000 --rounds 1   # one quick round

With --anchor, each size is built in fresh processes, interleaved with plain Pelican (its
default theme) on the same number of Markdown articles holding the same analyses' prose;
the script prints medians of full build, no-change rebuild and one-edit rebuild (one
analysis changed), peak RSS of each, and every figure as a ratio of plain Pelican's full
build in the same run: the machine is noisy, ratios are what count. Then it starts
`build.py serve` on the same site and times, five times, an analysis edit until the serve
process says "built output/" (file watching included), with the serve process's resident
memory after the edits.

Synthetic sites have one source per ten claims, one event per five claims, two quotes
and a three-citation analysis per claim, so every cross-reference path is exercised; their
prose is drawn from a Zipf-distributed vocabulary (the sample's words, then invented ones),
so index sizes and query times resemble a real corpus rather than one repeated sentence.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import subprocess
import random
import re
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from factcheck.model.check import Project, check_project  # noqa: E402
from factcheck.site import SiteBuilder  # noqa: E402

RATINGS = """ratings:
  - {id: incorrect, label: Incorrect, value: 1, meaning: Contradicted by the evidence.}
  - {id: correct, label: Correct, value: 2, meaning: Supported by the evidence.}
  - {id: unproven, label: Unproven, value: null, meaning: Not settled by the evidence.}
"""


class Vocabulary:
    """Words drawn with a Zipf-like law, as in real prose: the sample's own English and
    German words first (most frequent), then invented ones for the long tail."""

    def __init__(self, seed: int = 2021, tail: int = 20_000):
        text = (PROJECT / "claims.yaml").read_text(encoding="utf-8") + " ".join(
            p.read_text(encoding="utf-8") for p in sorted((PROJECT / "content/claims").glob("*.md")))
        known = sorted(set(re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", text)))
        self.words = known + [f"term{n}" for n in range(tail)]
        self.rng = random.Random(seed)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=count))

    def queries(self, count: int) -> list[str]:
        """What readers type: mostly one or two common-ish words, some lunr syntax."""
        plain = [self.text(1 + n % 2) for n in range(count - 4)]
        return plain + [self.text(1)[:4] + "*", self.text(1) + "~1",
                        "title:" + self.text(1), "+" + self.text(1) + " -" + self.text(1)]


def synthetic_site(root: Path, claims: int) -> Path:
    """Write a site of ``claims`` claims under ``root``, with Zipf-distributed prose."""
    words = Vocabulary()
    sources = max(1, claims // 10)
    lines = [RATINGS, "sources:"]
    for s in range(sources):
        cites = f"[source-{s - 1}]" if s else "[]"
        lines.append(f"  - {{id: source-{s}, title: {json.dumps(words.text(8))}, "
                     f"publisher: Outlet {s % 97}, published: 2021-04-{1 + s % 28:02d}, "
                     f"url: https://example.org/{s}, language: en, cites: {cites}}}")
    lines.append("claims:")
    (root / "content/claims").mkdir(parents=True)
    for c in range(claims):
        src = f"source-{c % sources}"
        lines.append(
            f"  - {{id: claim-{c}, claim: {json.dumps(words.text(7))}, claimant: Person {c % 500},"
            f" date: 2021-{1 + c % 12:02d}, said_in: {src},"
            f" rating: {('incorrect', 'correct', 'unproven')[c % 3]},"
            f" summary: {json.dumps(words.text(55))}, published: 2026-11-24, tags: [t{c % 40}],"
            f" quotes: [{{source: {src}, text: {json.dumps(words.text(15))}, lang: en}},"
            f" {{source: {src}, text: {json.dumps(words.text(15))}, lang: de,"
            f" translation: {json.dumps(words.text(15))}}}]}}")
        (root / f"content/claims/claim-{c}.md").write_text(
            f"# Analysis\n\n{words.text(110)} [@{src}, para. 1].\n\n{words.text(110)} "
            f"[@source-{(c + 1) % sources}].\n\n{words.text(80)} [@{src}].\n", encoding="utf-8")
    lines.append("events:")
    for e in range(max(1, claims // 5)):
        lines.append(f"  - {{id: event-{e}, date: 2021-{1 + e % 12:02d}-{1 + e % 28:02d}, "
                     f"title: {json.dumps(words.text(9))}, text: {json.dumps(words.text(30))}, "
                     f"sources: [source-{e % sources}], claims: [claim-{e}]}}")
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


def measure(label: str, root: Path, output: Path) -> None:
    started = time.perf_counter()
    result = check_project(Project(root))
    checked = time.perf_counter() - started
    assert result.ok, "\n".join(map(str, list(result.problems)[:5]))
    builder = SiteBuilder(root, root / "pelicanconf.py", output)
    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        code = builder.build()
    built = time.perf_counter() - started
    assert code == 0
    pages = sum(1 for _ in output.rglob("*.html"))
    print(f"{label:>14}: check {checked:6.2f} s, full build (check + render + write) "
          f"{built:6.2f} s, {pages} pages, {pages / built:6.0f} pages/s")


def plain_pelican_site(root: Path, synthetic: Path) -> Path:
    """Plain Pelican's anchor: one article per claim, with that claim's analysis as its prose,
    default theme and settings (feeds included, as a new Pelican site has them)."""
    content = root / "content"
    content.mkdir(parents=True)
    for n, analysis in enumerate(sorted((synthetic / "content/claims").glob("*.md"))):
        body = analysis.read_text(encoding="utf-8")
        (content / f"article-{n}.md").write_text(
            f"Title: Article {n}\nDate: 2021-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"Category: c{n % 10}\nTags: t{n % 40}\n\n{body}", encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'Plain'\nSITEURL = ''\nPATH = 'content'\nTIMEZONE = 'UTC'\n"
        "DEFAULT_LANG = 'en'\nLOCALE = ('C.UTF-8', 'C')\n", encoding="utf-8")
    return root


def timed(command: list[str], cwd: Path, cache: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of ``command`` in a fresh process;
    ``cache``: its user cache folder (rendered analyses), so a full build starts cold."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # as on a contributor's machine
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def edit_one_analysis(root: Path, round_: int) -> None:
    path = root / "content/claims/claim-0.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nEdited, round {round_}.\n",
                    encoding="utf-8")


def anchored(size: int, tmp: Path, rounds: int = 3) -> None:
    """Our full build, no-change rebuild and one-edit rebuild, interleaved with plain
    Pelican's full build, in fresh processes; medians and ratios."""
    ours = synthetic_site(tmp / f"ours-{size}", size)
    plain = plain_pelican_site(tmp / f"plain-{size}", ours)
    build = [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(ours),
             "--output", str(ours / "output")]
    pelican = [str(Path(sys.executable).with_name("pelican")), "content", "-s",
               "pelicanconf.py", "-o", "output", "-q", "--delete-output-directory"]
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in
                                                  ("plain", "full", "nochange", "oneedit")}
    for round_ in range(rounds):
        runs["plain"].append(timed(pelican, plain))
        subprocess.run(["rm", "-rf", str(ours / "output"), str(ours / ".cache")], check=True)
        cache = tmp / f"xdg-{size}-{round_}"  # empty: the full build renders everything
        runs["full"].append(timed(build, ours, cache))
        runs["nochange"].append(timed(build, ours, cache))
        edit_one_analysis(ours, round_)
        runs["oneedit"].append(timed(build, ours, cache))  # with the full build's cache
    runs["serve"] = served_edits(ours, cache)
    anchor = statistics.median(t for t, _ in runs["plain"])
    print(f"{size:,} claims ({rounds} interleaved rounds, medians; ratio = / plain Pelican's "
          "full build):")
    labels = {"plain": "plain Pelican, full build", "full": "ours, full build",
              "nochange": "ours, rebuild, no change", "oneedit": "ours, rebuild, one analysis edited",
              "serve": "ours, make serve, one analysis edited"}
    for key, label in labels.items():
        seconds = statistics.median(t for t, _ in runs[key])
        peak = max(m for _, m in runs[key])
        memory = "resident" if key == "serve" else "peak RSS"
        print(f"  {label:<36} {seconds:7.2f} s  {seconds / anchor:5.2f}x   {memory} {peak:5.0f} MB")


def served_edits(root: Path, cache: Path, edits: int = 5) -> list[tuple[float, float]]:
    """Start `build.py serve` on ``root`` (its first build uses the rendering caches of
    ``cache``), then edit one analysis ``edits`` times, each timed from the write until the
    serve process reports "built output/"; with its resident memory (MB) after each."""
    import queue
    import socket
    import threading

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["XDG_CACHE_HOME"] = str(cache)
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--root",
                                str(root), "--port", str(port)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=env)
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr],
                     daemon=True).start()

    def wait_for(text: str, seconds: float = 600) -> None:
        deadline = time.monotonic() + seconds
        while (line := lines.get(timeout=max(0.1, deadline - time.monotonic()))):
            if text in line:
                return
            if "build failed" in line or "error" in line.lower():
                raise SystemExit(f"serve: {line}")
    results = []
    try:
        wait_for("serving http")
        for round_ in range(edits):
            time.sleep(1.0)  # settled, as between a person's edits
            started = time.perf_counter()
            edit_one_analysis(root, 100 + round_)
            wait_for("built output/")
            elapsed = time.perf_counter() - started
            results.append((elapsed, _resident_mb(process.pid)))
    finally:
        process.terminate()
        process.wait()
    return results


def _resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str]) -> None:
    rounds = 3
    if "--rounds" in argv:  # fewer rounds for a quick 10,000-claim figure (medians of fewer)
        at = argv.index("--rounds")
        rounds = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    if argv[:1] == ["--anchor"]:
        with tempfile.TemporaryDirectory() as tmp:
            for size in [int(a) for a in argv[1:]] or [1000, 10000]:
                anchored(size, Path(tmp), rounds)
        return
    sizes = [int(a) for a in argv] or [1000, 10000]
    with tempfile.TemporaryDirectory() as tmp:
        if not argv:
            measure("sample", PROJECT, Path(tmp) / "sample-output")
        for size in sizes:
            root = synthetic_site(Path(tmp) / f"n{size}", size)
            measure(f"{size:,} claims", root, root / "output")

if __name__ == "__main__":
    main(sys.argv[1:])
