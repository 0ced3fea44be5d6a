"""Importing the plugin and building a search index must not change lunr.py for other code
in the same process (issue 10): no pipeline function registered or replaced, and an ordinary
lunr.py index answers as it does without us."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import PROJECT

SCRIPT = r"""
import json, sys
from lunr import lunr
from lunr.pipeline import Pipeline

def ordinary():
    docs = [{"id": "1", "body": "Rockets were flying over the hills"},
            {"id": "2", "body": "The rocket flew; flying is fun"}]
    index = lunr(ref="id", fields=["body"], documents=docs)
    return [[hit["ref"], round(hit["score"], 9)] for hit in index.search("flying rockets")]

def registry():
    return sorted((label, f"{fn.__module__}.{fn.__qualname__}")
                  for label, fn in Pipeline.registered_functions.items())

before = (registry(), ordinary())
if sys.argv[1] == "with-plugin":
    sys.path.insert(0, sys.argv[2])
    import factcheck.plugin  # the whole plugin, as Pelican registers it
    from pathlib import Path
    from factcheck.search.index import SearchDocument, build_index
    build_index([SearchDocument("claim", "Песков said", "x/", text="Raketen flogen")],
                Path(sys.argv[2]) / "node_modules")
print(json.dumps({"before": before, "after": (registry(), ordinary())}))
"""


def _run(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode, str(PROJECT)],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_the_plugin_leaves_lunr_py_as_it_found_it():
    plain, with_plugin = _run("plain"), _run("with-plugin")
    assert with_plugin["after"] == with_plugin["before"] == plain["after"]
    assert plain["after"][1], "the ordinary index should find something"
