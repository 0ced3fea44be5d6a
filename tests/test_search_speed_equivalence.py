"""The search files score as the lunr.py index, weight for weight (issue 12).

The build does not run lunr.py's Builder: term_counts.py counts each term's hits, in two
runs on both cores (both_cores.py), the browser computes lunr's BM25 weights from the
counts (bm25.py, search-engine.js), and index.py reads analysis HTML without HTMLParser
where it can. Each shortcut is held here to lunr.py: the same weights from varied corpora
and from real builds of fixture sites (one large enough to use both cores), the same text
from HTML of every shape.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import PROJECT, build_site
from searchsite import write_multilingual_site

from factcheck.model.check import Project, check_project
from factcheck.search import both_cores, index
from factcheck.search.index import (FIELDS, SearchDocument, _TextOnly, _flat,
                                    build_index, build_postings, field_terms, html_text,
                                    results_list)
from factcheck.search.languages import language_analysers
from factcheck.search.shards import lunr_index, lunr_weights, read_search_folder
from factcheck.search.term_counts import (Postings, count_terms, hit_texts, posting_json,
                                          posting_texts, replace_documents)

NODE_MODULES = PROJECT / "node_modules"
WORDS = ("Песков said Raketen explodierten nicht Today.az Peskov's Əliyev Şuşa ёлка "
         "policy police the in war sky day Straße 2021 U.S. don't").split()


NAMES = [name for name, _ in FIELDS]


def through_lunr(docs: list[SearchDocument]) -> dict[str, list[list[int]]]:
    """Each term's weights, in thousandths, in the index lunr.py's Builder makes."""
    return lunr_weights(build_index(docs, NODE_MODULES))


def scored(postings: Postings, count: int) -> dict[str, list[list[int]]]:
    """The same from our postings of ``count`` documents, weighed as the browser weighs."""
    manifest = {"fields": NAMES, "boosts": [boost for _, boost in FIELDS],
                "lengths": list(postings.lengths), "kinds": "c" * count}
    terms = {term: json.loads(text) for term, text in postings.texts.items()}
    return lunr_weights(lunr_index(terms, manifest))


def serial(docs: list[SearchDocument]) -> Postings:
    """The postings counted in one process, nothing kept between builds."""
    analysers = language_analysers(NODE_MODULES)
    return posting_texts((field_terms(doc, analysers) for doc in docs), NAMES)


def corpus(count: int, seed: int) -> list[SearchDocument]:
    """Documents in three languages and scripts, with empty fields, repeated words, long
    and one-word texts, so field lengths, counts and idfs take many values."""
    rng = random.Random(seed)
    vocabulary = WORDS + [f"w{n}" for n in range(300)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def text(most: int) -> str:
        return " ".join(rng.choices(vocabulary, weights, k=rng.randint(0, most)))
    kinds = ("claim", "source", "event", "page")
    return [SearchDocument(kinds[n % 4], text(9) or "untitled", f"x/{n}/", people=text(3),
                           tags=text(2), text=text(400 if n % 7 == 0 else 40),
                           foreign=(("text", ("de", "ru", "en-GB")[n % 3], text(20)),),
                           title_lang=("en", "de", "ru")[n % 3])
            for n in range(count)]


@pytest.mark.parametrize("count, seed", [(1, 1), (2, 2), (57, 3), (300, 4)])
def test_weights_are_lunr_py_weights(count, seed):
    docs = corpus(count, seed)
    assert scored(build_postings(docs, NODE_MODULES), count) == through_lunr(docs)


def test_a_field_empty_in_every_document_is_scored_as_lunr_py_scores_it():
    docs = [SearchDocument("claim", "sky blue", "x/"), SearchDocument("page", "day", "y/")]
    assert scored(build_postings(docs, NODE_MODULES), 2) == through_lunr(docs)


def test_a_term_s_postings_depend_only_on_the_documents_holding_it():
    """What lets an edit rewrite only its own terms' shards: adding words to one document
    changes the postings of the terms it holds, before or after, and no other."""
    docs = corpus(120, 9)
    before = serial(docs)
    docs[40] = replace(docs[40], text=docs[40].text + " Straße policy Straße unheardof")
    after = serial(docs)
    analysers = language_analysers(NODE_MODULES)
    held = {term.lower() for terms in field_terms(docs[40], analysers).values()
            for term in terms}
    changed = {term for term in before.texts.keys() | after.texts.keys()
               if before.texts.get(term) != after.texts.get(term)}
    assert changed and "unheardof" in changed and changed <= held
    assert after.lengths[NAMES.index("text")] > before.lengths[NAMES.index("text")]


@pytest.mark.parametrize("seed", range(6))
def test_replacing_documents_gives_the_postings_of_the_edited_corpus(seed):
    """A serve process's edit (index.rewrite_search_files): the postings of the edited
    documents replaced equal the postings of the edited corpus counted afresh, whatever the
    edit: words added or removed, a document emptied, terms appearing or vanishing."""
    rng = random.Random(seed)
    docs = corpus(60, 20 + seed)
    analysers = language_analysers(NODE_MODULES)
    postings = serial(docs)
    for _ in range(4):
        refs = rng.sample(range(len(docs)), rng.randint(1, 3))
        old = {ref: field_terms(docs[ref], analysers) for ref in refs}
        for ref in refs:
            words = docs[ref].text.split()
            kept = rng.sample(words, rng.randint(0, len(words))) if words else []
            docs[ref] = replace(docs[ref], text=" ".join(kept + [f"fresh{seed}{ref}"] *
                                                         rng.randint(0, 2)),
                                tags=rng.choice(["", docs[ref].tags, "policy policy"]))
        new = {ref: field_terms(docs[ref], analysers) for ref in refs}
        postings = replace_documents(postings, old, new, NAMES)
        assert postings == serial(docs)


def test_runs_of_documents_join_into_the_postings_of_all_of_them():
    docs = corpus(120, 5)
    analysers = language_analysers(NODE_MODULES)
    terms = [field_terms(doc, analysers) for doc in docs]
    whole = serial(docs).texts
    assert scored(serial(docs), len(docs)) == through_lunr(docs)
    for cut in (1, 13, 60, 119):
        runs = [count_terms(terms[:cut], NAMES), count_terms(terms[cut:], NAMES, cut)]
        texts = [hit_texts(runs[0]), hit_texts(runs[1])]
        assert posting_json(texts) == whole, cut


def test_both_cores_give_what_one_process_gives(two_cores):
    docs = corpus(both_cores.MINIMUM + 50, 6)
    one = serial(docs)
    assert build_postings(docs, NODE_MODULES) == one
    assert scored(one, len(docs)) == through_lunr(docs)


def test_terms_kept_from_the_last_build_give_the_same_postings(tmp_path, monkeypatch,
                                                               two_cores):
    """Analysed terms kept between builds (terms_cache.py), on both cores: the first build
    keeps every document's terms (the worker's half too), the next analyses none (the file
    is not even rewritten) and an edited document alone is analysed again; the postings
    are those of a build that keeps nothing each time. (CI keeps no cache: here the build
    runs as on a laptop.)"""
    from factcheck.search.terms_cache import document_key
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    docs, project = corpus(both_cores.MINIMUM + 50, 7), tmp_path / "project"

    def kept() -> Path:
        found = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
        assert len(found) == 1 and found[0].suffix == ".jsonl"  # no part left behind
        return found[0]

    def keys_kept() -> set[str]:
        return {json.loads(line)[0] for line in kept().read_text().splitlines()}
    assert build_postings(docs, NODE_MODULES, project) == serial(docs)
    keys = {document_key(doc) for doc in docs}
    assert keys_kept() == keys
    written = kept().stat().st_mtime_ns
    assert build_postings(docs, NODE_MODULES, project) == serial(docs)
    assert kept().stat().st_mtime_ns == written  # nothing new was analysed
    edited = len(docs) - 3  # in the worker's half
    docs[edited] = replace(docs[edited], text=docs[edited].text + " Straße policy")
    assert build_postings(docs, NODE_MODULES, project) == serial(docs)
    assert keys_kept() == {document_key(doc) for doc in docs} != keys


def test_a_damaged_terms_file_is_analysed_again(tmp_path, monkeypatch):
    """Lines cut short or not JSON are never used: those documents are analysed again,
    and the next file holds good lines only. (A line of the right shape is trusted, as the
    rendered analyses are: the file is in the user's own cache folder, not the project.)"""
    from factcheck.search.terms_cache import document_key
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    docs, project = corpus(40, 8), tmp_path / "project"
    build_postings(docs, NODE_MODULES, project)
    [path] = (tmp_path / "cache").rglob("*.jsonl")
    lines = path.read_text().splitlines(keepends=True)
    lines[0] = lines[0][:len(lines[0]) // 2]  # cut short, at the end of the file
    lines[1] = lines[1][:len(lines[1]) // 2] + "\n"  # cut short
    lines[2] = '["' + "0" * 32 + '", not json\n'
    path.write_text("".join(lines[1:] + lines[:1]))
    assert build_postings(docs, NODE_MODULES, project) == serial(docs)
    kept = [json.loads(line) for line in path.read_text().splitlines()]
    assert {key for key, _ in kept} == {document_key(doc) for doc in docs}


def built_and_through_lunr(root: Path, monkeypatch) -> tuple[tuple, tuple]:
    """A real build's search files read back as a lunr index (weights as the browser
    computes them) with its results list, and lunr.py's index of the same documents
    (recorded as the generator hands them over) with theirs."""
    handed: list = []
    real = index.write_search_files

    def recording(output, docs, node_modules, *rest):
        handed.append(list(docs))
        return real(output, docs, node_modules, *rest)
    monkeypatch.setattr(index, "write_search_files", recording)
    output = build_site(root)
    ours, results = read_search_folder(output / "search")
    return ((lunr_weights(ours), results),
            (through_lunr(handed[0]), results_list(handed[0])))


def test_a_built_site_s_search_files_score_as_lunr_py_s_index(tmp_path, monkeypatch):
    ours, theirs = built_and_through_lunr(write_multilingual_site(tmp_path / "site"),
                                          monkeypatch)
    assert len(ours[0]) > 10 and ours == theirs


def test_a_site_large_enough_for_both_cores_scores_as_lunr_py_s_index(tmp_path, monkeypatch,
                                                                     two_cores):
    sys.path.insert(0, str(PROJECT / "bench"))
    from build_bench import synthetic_site
    root = synthetic_site(tmp_path / "large", both_cores.MINIMUM)  # and sources, events
    ours, theirs = built_and_through_lunr(root, monkeypatch)
    assert len(ours[1]) > both_cores.MINIMUM and ours == theirs


def slow_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return _flat("".join(parser.parts))


HTML_CASES = [
    '<p>blue<sup class="citation">[1]<sup>x</sup></sup> sky &amp; &lt;b&gt; a&#x41;b</p>',
    '<p>a<sup class="citation x">[2]</sup>b<sup class="note">3</sup></p>',
    '<sup CLASS="citation">q</sup>r', '<sup class="citation"/>zz', "<br/>x<br />y<hr>z",
    "<p>x<!-- c --> y</p>", "a < b", "<p title='a>b'>t</p>", '<p title="a>b">t</p>',
    "<script>a<b</script>c", "</ p>x", "<p>x</p", "<a href=x>y</a>z", "&amp", "a&unknown;b",
    '<sup id="class" class="citation">1</sup>2', '<h3 id="h-x">Head</h3><p>Text</p>',
]


def test_html_is_read_as_htmlparser_reads_it():
    rng = random.Random(7)
    pieces = list("<>/\"'=& ;#x1aA!-") + ["<sup ", "class=", '"citation"', "</sup>", "<p>",
                                          "&amp;", "<em>", "<br/>", "</em>", "text "]
    fuzz = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
            for _ in range(5000)]
    for html in HTML_CASES + fuzz:
        assert html_text(html) == slow_text(html), html


def test_html_of_real_analyses_is_read_as_htmlparser_reads_it():
    """The fast reading is taken for what the renderer writes (not only fallen back from):
    the sample's analyses as check renders them for the build."""
    result = check_project(Project(PROJECT))
    analyses = [analysis.rendered.html for analysis in result.analyses.values()]
    assert analyses and all(index._plain_tags_text(html) is not None for html in analyses)
    for html in analyses:
        assert html_text(html) == slow_text(html)
