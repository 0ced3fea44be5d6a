"""The search files of a large site written by a new Python process, not the build's own.

Counting a 10,000-claim site's terms holds its documents, every hit and every posting at
once: some 70 MB on top of everything the build already holds (the checked model, the
rendered analyses, Pelican's context), and the build's peak memory (issue 12). A process
started afresh (multiprocessing's "spawn": a new interpreter, not a fork, so it inherits
none of that) receives the documents as they are made, a batch at a time, and writes the
very files ``index.write_search_files`` writes, with that function. The build's own
process then never holds more than a batch of documents.

Only where it pays: below ``FROM`` documents a new interpreter's start (about half a
second) costs more than the memory is worth. A serve process keeps its index to rewrite
it after an edit, so it builds the index itself (generator.py).
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Iterable, Optional

from .index import SearchDocument, write_search_files

FROM = 2_000  # documents
BATCH = 500  # documents sent at a time


class SearchIndexFailed(RuntimeError):
    """The process writing the search files failed; its traceback is already on stderr."""


def pays(documents: int) -> bool:
    return documents >= FROM


class SearchProcess:
    """``write_search_files(output, list(docs), ...)`` done by a new process, which ``send``
    gives the documents to as they are made; ``wait`` for it to finish."""

    def __init__(self, output: Path, node_modules: Path, project_root: Optional[Path] = None,
                 previous: Optional[Path] = None) -> None:
        context = multiprocessing.get_context("spawn")
        receiving, self.sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_receive_and_write, name="factcheck-search",
                                       args=(receiving, output, node_modules, project_root,
                                             previous))
        self.process.start()
        receiving.close()

    def send(self, docs: Iterable[SearchDocument]) -> None:
        """Send every document, a batch at a time (only a batch is ever held here)."""
        try:
            batch: list[SearchDocument] = []
            for doc in docs:
                batch.append(doc)
                if len(batch) == BATCH:
                    self.sending.send(batch)
                    batch = []
            self.sending.send(batch)
            self.sending.send(None)
        except (BrokenPipeError, ConnectionResetError):
            pass  # it stopped reading: it failed, which its exit code tells ``wait``
        finally:
            self.sending.close()

    def wait(self) -> None:
        self.process.join()
        if self.process.exitcode != 0:
            raise SearchIndexFailed("writing the search index failed (above)")


def _receive_and_write(receiving, output: Path, node_modules: Path,
                       project_root: Optional[Path], previous: Optional[Path]) -> None:
    docs: list[SearchDocument] = []
    while (batch := receiving.recv()) is not None:
        docs.extend(batch)
    receiving.close()
    write_search_files(output, docs, node_modules, project_root, previous)
