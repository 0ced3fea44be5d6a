"""The search files of a large site written by a new Python process, not the build's own.

Counting a 10,000-claim site's terms holds its documents, every hit and every posting at
once: some 70 MB on top of everything the build already holds (the checked model, the
rendered analyses, Pelican's context), and the build's peak memory (issue 12). A new
interpreter (not a fork, so it inherits none of that) is given the documents on its
standard input as they are made, a batch at a time, and writes the very files
``index.write_search_files`` writes, with that function. The build's own process then
never holds more than a batch of documents.

The new process imports from the build's own ``sys.path`` and nothing else (``-I``; not
multiprocessing's spawn, which would import the build's main script again: a script that
builds at import, as a plain script may, would build twice). What crosses is pickled by
this process for that one; nothing from the project is unpickled.

Only where it pays: below ``FROM`` documents a new interpreter's start (0.5 s with its
imports) costs more than the memory is worth. A serve process keeps its index to rewrite
it after an edit, so it builds the index itself (generator.py).
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Optional

from .index import SearchDocument, write_search_files

FROM = 2_000  # documents
BATCH = 500  # documents sent at a time
_START = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
          "from factcheck.search.apart import receive_and_write; receive_and_write()")


class SearchIndexFailed(RuntimeError):
    """The process writing the search files failed; its traceback is already on stderr."""


def pays(documents: int) -> bool:
    return documents >= FROM


class SearchProcess:
    """``write_search_files(output, list(docs), ...)`` done by a new process, which ``send``
    gives the documents to as they are made; ``wait`` for it to finish."""

    def __init__(self, output: Path, node_modules: Path, project_root: Optional[Path] = None,
                 previous: Optional[Path] = None) -> None:
        where = [str(output), str(node_modules), project_root and str(project_root),
                 previous and str(previous)]
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", _START, json.dumps(sys.path), json.dumps(where)],
            stdin=subprocess.PIPE)

    def send(self, docs: Iterable[SearchDocument]) -> None:
        """Send every document, a batch at a time (only a batch is ever held here)."""
        stream = self.process.stdin
        assert stream is not None
        try:
            batch: list[SearchDocument] = []
            for doc in docs:
                batch.append(doc)
                if len(batch) == BATCH:
                    pickle.dump(batch, stream, pickle.HIGHEST_PROTOCOL)
                    batch = []
            pickle.dump(batch, stream, pickle.HIGHEST_PROTOCOL)
            pickle.dump(None, stream)
        except (BrokenPipeError, ConnectionResetError):
            pass  # it stopped reading: it failed, which its exit code tells ``wait``
        finally:
            try:
                stream.close()
            except (BrokenPipeError, ConnectionResetError):
                pass

    def wait(self) -> None:
        if self.process.wait() != 0:
            raise SearchIndexFailed("writing the search index failed (above)")


def receive_and_write() -> None:
    """In the new process: the documents from standard input, then the files."""
    output, node_modules, project_root, previous = json.loads(sys.argv[2])
    docs: list[SearchDocument] = []
    while (batch := pickle.load(sys.stdin.buffer)) is not None:
        docs.extend(batch)
    write_search_files(Path(output), docs, Path(node_modules),
                       Path(project_root) if project_root else None,
                       Path(previous) if previous else None)
