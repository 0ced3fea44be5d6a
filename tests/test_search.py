"""The search index: built in Python, answered identically by lunr.js in the browser.

Python-side queries run against the index as written to output/; the parity tests run the
real lunr.js and lunr-languages from node_modules in Node over the same texts and the same
index, so the Python pipeline cannot drift from the browser's unnoticed.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from lunr.index import Index

from conftest import PROJECT, build_site
from factcheck.search import (FIELDS, SearchDocument, documents, html_text,
                             write_search_files)
from factcheck.search_languages import language_analysers
from factcheck.search_shards import read_part, read_search_folder
from searchsite import write_multilingual_site

NODE_MODULES = PROJECT / "node_modules"
NODE_SCRIPT = r"""
const nm = process.argv[1];
const lunr = require(nm + "/lunr");
require(nm + "/lunr-languages/lunr.stemmer.support.js")(lunr);
require(nm + "/lunr-languages/lunr.de.js")(lunr);
require(nm + "/lunr-languages/lunr.ru.js")(lunr);
const foldYo = t => t.update(s => s.replace(/ё/g, "е"));
const trimmer = lunr.trimmerSupport.generateTrimmer(
  "\\w" + lunr.de.wordCharacters + lunr.ru.wordCharacters);
const steps = {en: [lunr.stopWordFilter, lunr.stemmer], de: [lunr.de.stopWordFilter, lunr.de.stemmer],
               ru: [lunr.ru.stopWordFilter, lunr.ru.stemmer]};
const pipelines = {};
for (const lang in steps) {
  pipelines[lang] = new lunr.Pipeline();
  pipelines[lang].add(trimmer, foldYo, ...steps[lang]);
}
const stems = w => [...new Set(Object.values(steps).map(
  ([stop, stem]) => { const t = stop(new lunr.Token(w.replace(/ё/g, "е"), {})); return t && String(stem(t)); }
).filter(Boolean))];
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const index = lunr.Index.load(input.index);
const search = words => index.query(q => words.forEach(w => stems(w).forEach(
  s => q.term(s, {usePipeline: false})))).map(h => h.ref);
console.log(JSON.stringify({
  tokens: Object.fromEntries(Object.keys(steps).map(
    lang => [lang, input.texts.map(t => pipelines[lang].run(lunr.tokenizer(t)).map(String))])),
  results: input.queries.map(q => search(lunr.tokenizer(q).map(String))),
}));
"""
QUERIES = ["sky", "Raketen", "Rakete", "explodiert", "ракета", "Шуша", "елка", "ёлкой",
           "ivanov", "rockets debris", "green sky", "war", "Diskussion"]


def query_stems(word: str) -> list[str]:
    """A query word's stem in each site language, as search.js expands it."""
    analysers = language_analysers(NODE_MODULES)
    found = []
    for lang in ("en", "de", "ru"):
        for stem in analysers[lang](word.replace("ё", "е")):
            if stem not in found:
                found.append(stem)
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = write_multilingual_site(tmp_path_factory.mktemp("search"))
    index, docs = read_search_folder(build_site(root) / "search")
    return index, Index.load(index), docs


def python_search(index, query):
    """The index asked as search.js asks it (without its syntax): any stem of each word."""
    field, _, words = query.rpartition(":")

    query = index.create_query([field] if field else None)
    for word in words.split():
        for stem in query_stems(word.lower()):
            query.term(stem, use_pipeline=False)
    return index.query(query)


def titles(site, query):
    _, index, docs = site
    return [docs[int(hit["ref"])]["title"] for hit in python_search(index, query)]


@pytest.mark.parametrize("query, first", [
    ("green sky", "The sky is green."),
    ("Rakete", "The rockets failed to explode."),          # indexed as "Raketen"
    ("explodierte", "The rockets failed to explode."),     # "explodierten"
    ("ракета", "Обломки ракет в Шуше"),                    # a title's "ракет" outranks a quote
    ("Шуша", "Обломки ракет в Шуше"),                      # "Шуше"
    ("елка", "Debris was found in the town."),             # "ёлкой", ё folded
    ("people:ivanov", "Debris was found in the town."),
    ("Кавказский", "Обломки ракет в Шуше"),                # a source, by publisher
    ("Sam speaks", "Sam speaks"),                          # an event
])
def test_python_side_queries(site, query, first):
    assert titles(site, query)[0] == first


def test_russian_inflections_reach_the_quote(site):
    assert "Debris was found in the town." in titles(site, "ракета")[:2]   # quote: "ракеты"
    assert "Debris was found in the town." in titles(site, "Шуша")[:2]     # quote: "Шуше"


def test_results_list_is_small_and_complete(site):
    _, _, docs = site
    claim = next(d for d in docs if d["title"] == "The sky is green.")
    assert claim == {"kind": "claim", "title": "The sky is green.", "url": "claims/sky-is-green/",
                     "verdict": "Incorrect", "rating": "incorrect",
                     "snippet": "Report A says the sky is blue."}
    event = next(d for d in docs if d["kind"] == "event")
    assert event["url"] == "chronology/#event-speech"
    assert {d["kind"] for d in docs} == {"claim", "source", "event", "page"}


def test_index_pipeline_is_what_the_browser_registers(site):
    index, _, _ = site
    assert index["pipeline"] == []   # terms are stemmed per language before they are added
    assert index["fields"] == [name for name, _ in FIELDS]
    assert index["version"].startswith("2.3")


def _node(payload: dict) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is needed for the search parity tests (it comes with npm)"
    done = subprocess.run([node, "-e", NODE_SCRIPT, str(NODE_MODULES)], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def _vocabulary_texts(sample_output) -> list[str]:
    from factcheck.check import Project, check_project

    catalog = check_project(Project(PROJECT)).catalog
    texts = [getattr(d, name) for d in documents(catalog) for name, _ in FIELDS]
    words = (PROJECT / "tests" / "data" / "words.txt").read_text(encoding="utf-8")
    return texts + words.split("\n")


def test_python_and_browser_pipelines_agree_on_every_token(site, sample_output):
    index, _, _ = site
    texts = _vocabulary_texts(sample_output)
    analysers = language_analysers(NODE_MODULES)
    browser = _node({"index": index, "texts": texts, "queries": []})["tokens"]
    for lang, analyse in analysers.items():
        python = [analyse(text) for text in texts]
        mismatches = [(t, p, b) for t, p, b in zip(texts, python, browser[lang]) if p != b]
        assert mismatches == [], lang
        assert sum(len(tokens) for tokens in python) > 1000  # the comparison covered real text


def test_lunr_js_answers_our_index_as_python_does(site):
    index, python_index, _ = site
    browser = _node({"index": index, "texts": [], "queries": QUERIES})["results"]
    python = [[hit["ref"] for hit in python_search(python_index, q)] for q in QUERIES]
    assert browser == python
    assert all(browser[:9]), "each of the first queries should find something"


HOSTILE = "</script><script>alert(1)</script> <!-- \u2028line\u2029para \"quoted\" \\ ёлка"
NODE_LOAD = r"""
const window = {};
for (const file of process.argv.slice(1)) {
  new Function("window", require("fs").readFileSync(file, "utf8"))(window);
}
console.log(JSON.stringify(window.FactcheckSearch.parts));
"""


@pytest.fixture(scope="module")
def hostile_search(tmp_path_factory):
    """Search files written for a document whose title tries to break out of its script."""
    out = tmp_path_factory.mktemp("hostile")
    docs = [SearchDocument("claim", HOSTILE, "claims/x/", text="sky " + HOSTILE)]
    write_search_files(out, docs, NODE_MODULES)
    return out / "search"


def _data_files(folder):
    return sorted(p for p in folder.rglob("*.js") if "vendor" not in p.parts)


def test_hostile_title_cannot_end_the_script_and_round_trips(hostile_search):
    for path in _data_files(hostile_search):
        text = path.read_text(encoding="utf-8")
        assert "<" not in text and "\u2028" not in text and "\u2029" not in text
        assert text.count("\n") == 1
    index, docs = read_search_folder(hostile_search)
    assert docs[0]["title"] == HOSTILE
    assert index["fields"] == [name for name, _ in FIELDS]


def test_search_scripts_run_in_javascript_and_give_the_same_data(hostile_search):
    node = shutil.which("node")
    assert node, "Node.js is needed to run the search scripts"
    files = _data_files(hostile_search)
    done = subprocess.run([node, "-e", NODE_LOAD, *map(str, files)],
                          capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(done.stdout)
    assert loaded == {p.relative_to(hostile_search).with_suffix("").as_posix():
                      read_part(p) for p in files}
    assert loaded["index"]["fields"] == [name for name, _ in FIELDS]
    assert any(doc["title"] == HOSTILE for name, part in loaded.items()
               if name.startswith("d/") for doc in part)


def test_analyses_and_pages_are_indexed_as_text(site):
    """Cause 8: an analysis body's words find its claim, a page's words find the page; tags
    and Markdown syntax are not indexed."""
    assert titles(site, "remark")[0] == "The rockets failed to explode."
    assert titles(site, "see") == ["The sky is green."]                  # analysis only
    assert titles(site, "policy") == ["Corrections"]                      # page only
    assert titles(site, "refutes") == ["Methodology"]     # its template's rating scale
    _, _, docs = site
    page = next(d for d in docs if d["kind"] == "page" and d["title"] == "Corrections")
    assert page == {"kind": "page", "title": "Corrections", "url": "corrections/",
                    "snippet": "Policy."}
    assert titles(site, "strong") == [] and titles(site, "href") == []
    index, _, _ = site
    assert not [term for term, _ in index["invertedIndex"] if "[" in term]


def test_html_text_keeps_words_apart_and_drops_citation_markers():
    html = ('<p>sky is blue<sup class="citation"><a href="#s" title="para. 2">[1]</a></sup>.'
            '</p><p>See <em>al</em>so &amp; x<sup>2</sup></p><ul><li>one</li><li>two</li></ul>')
    assert html_text(html) == "sky is blue . See also & x 2 one two"


def test_each_text_is_stemmed_and_stop_filtered_by_its_own_language_only():
    """English is not passed on to the German stemmer (noted -> note, not "not"; later stays),
    and "war", a German stop word, stays in English text (issue 9, causes 1 and 2)."""
    analysers = language_analysers(NODE_MODULES)
    assert analysers["en"]("It was noted later: war.") == ["note", "later", "war"]
    assert analysers["de"]("Diskussion Diskussionen war") == ["diskussion", "diskussion"]
    assert analysers["de"]("Raketenabfälle Raketenabfällen") == ["raketenabfall"] * 2
    assert analysers["ru"]("Это была ёлка") == ["елк"]
