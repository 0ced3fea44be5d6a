"""A large site's search files, written by a new process the documents are sent to
(search/apart.py, issue 12: the build's peak memory), are the files the build writes
itself; a failure there fails the build and leaves the last output as it was.

The fixture sites are small, so the size from which the index goes apart is lowered for
each test; the new process is real (multiprocessing's spawn), as in a large build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build_site, run
from factcheck.search import apart
from factcheck.search.index import SearchDocument
from pagedsite import paged_site


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_written_apart_is_the_index_written_here(tmp_path, monkeypatch):
    root = paged_site(tmp_path / "site")
    monkeypatch.setattr(apart, "FROM", 10**9)
    here = files(build_site(root))
    shutil.rmtree(root / "output")
    started, real_wait = [], apart.SearchProcess.wait

    def spied_wait(self):
        started.append(self.process.pid)
        real_wait(self)
    monkeypatch.setattr(apart, "FROM", 1)
    monkeypatch.setattr(apart.SearchProcess, "wait", spied_wait)
    written_apart = files(build_site(root))
    assert started, "the index was not written apart"
    assert written_apart == here
    assert any(name.startswith("search/t/") for name in here)  # shards, not an empty index


def test_a_failure_apart_fails_the_build_and_keeps_the_last_output(tmp_path, monkeypatch,
                                                                    capsys):
    root = paged_site(tmp_path / "site")
    before = files(build_site(root))
    with open(root / "claims.yaml", "a", encoding="utf-8") as data:
        data.write("# an edit: the next build is a full one\n")
    real_start = apart.SearchProcess.__init__

    def broken_start(self, output, node_modules, *rest):  # the real process, without lunr
        real_start(self, output, tmp_path / "no-node-modules", *rest)
    monkeypatch.setattr(apart, "FROM", 1)
    monkeypatch.setattr(apart.SearchProcess, "__init__", broken_start)
    code, err = run(root, "build", capsys)
    assert code != 0 and "writing the search index failed" in err
    assert files(root / "output") == before


def test_documents_are_sent_in_batches_and_the_process_writes_them(tmp_path, monkeypatch):
    monkeypatch.setattr(apart, "BATCH", 3)
    docs = [SearchDocument("page", f"Page {n}", f"p{n}/", text=f"word{n} shared")
            for n in range(10)]
    writing = apart.SearchProcess(tmp_path, PROJECT / "node_modules")
    writing.send(iter(docs))
    writing.wait()
    assert (tmp_path / "search/index.js").is_file()
    with pytest.raises(apart.SearchIndexFailed):
        failing = apart.SearchProcess(tmp_path / "other", tmp_path / "no-node-modules")
        failing.send(iter(docs))
        failing.wait()


def test_a_script_that_builds_when_it_runs_builds_once(tmp_path):
    """The new process imports only what it needs: a build started by a plain script (no
    ``if __name__ == "__main__"``) is not started again there (multiprocessing's spawn
    would run the script again)."""
    root = paged_site(tmp_path / "site")
    script = tmp_path / "build_it.py"
    script.write_text(
        "from pathlib import Path\n"
        "from factcheck.cli import main\n"
        "from factcheck.search import apart\n"
        "apart.FROM = 1\n"
        f"print('exit', main(['build', '--root', {str(root)!r}]))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["exit 0"] and done.stderr.count("built output/") == 1
    assert (root / "output/search/index.js").is_file()
