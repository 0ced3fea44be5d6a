"""The fast search index is the lunr.py index, byte for byte (issue 12).

The build no longer runs lunr.py's Builder: weights.py computes its BM25 weights straight
into the postings, in two runs on both cores (both_cores.py), and index.py reads analysis
HTML without HTMLParser where it can. Each shortcut is held here to the path it replaced:
the same postings from varied corpora, the same files from real builds of fixture sites
(one large enough to use both cores), the same text from HTML of every shape.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build_site
from searchsite import write_multilingual_site

from factcheck.model.check import Project, check_project
from factcheck.search import both_cores, index
from factcheck.search.index import (FIELDS, VENDOR_FILES, SearchDocument, _TextOnly, _flat,
                                    build_index, build_postings, field_terms, html_text,
                                    results_list)
from factcheck.search.languages import browser_tables, language_analysers
from factcheck.search.shards import postings, write_shards
from factcheck.search.weights import count_terms, hit_texts, posting_json, scale

NODE_MODULES = PROJECT / "node_modules"
WORDS = ("Песков said Raketen explodierten nicht Today.az Peskov's Əliyev Şuşa ёлка "
         "policy police the in war sky day Straße 2021 U.S. don't").split()


def through_lunr(docs: list[SearchDocument]) -> dict[str, str]:
    """The postings as the build made them before: lunr.py's index, then shards.postings."""
    return {term: json.dumps(p, separators=(",", ":"))
            for term, p in postings(build_index(docs, NODE_MODULES)).items()}


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
    assert build_postings(docs, NODE_MODULES) == through_lunr(docs)


def test_a_field_empty_in_every_document_is_scored_as_lunr_py_scores_it():
    docs = [SearchDocument("claim", "sky blue", "x/"), SearchDocument("page", "day", "y/")]
    assert build_postings(docs, NODE_MODULES) == through_lunr(docs)


def test_runs_of_documents_join_into_the_postings_of_all_of_them():
    docs = corpus(120, 5)
    analysers = language_analysers(NODE_MODULES)
    terms = [field_terms(doc, analysers) for doc in docs]
    names, boosts = [name for name, _ in FIELDS], [boost for _, boost in FIELDS]
    whole = through_lunr(docs)
    for cut in (1, 13, 60, 119):
        runs = [count_terms(terms[:cut], names), count_terms(terms[cut:], names)]
        scaled = scale(runs)
        texts = [hit_texts(runs[0], boosts, scaled, 0), hit_texts(runs[1], boosts, scaled, cut)]
        assert posting_json(texts) == whole, cut


def test_both_cores_give_what_one_process_gives(two_cores):
    docs = corpus(both_cores.MINIMUM + 50, 6)
    analysers = language_analysers(NODE_MODULES)
    serial = both_cores.posting_texts((field_terms(doc, analysers) for doc in docs), FIELDS)
    assert build_postings(docs, NODE_MODULES) == serial == through_lunr(docs)


def test_terms_kept_from_the_last_build_give_the_same_postings(tmp_path, monkeypatch,
                                                               two_cores):
    """Analysed terms kept between builds (terms_cache.py), on both cores: the first build
    keeps every document's terms (the worker's half too), the next analyses none (the file
    is not even rewritten) and an edited document alone is analysed again; the postings
    are lunr.py's each time. (CI keeps no cache: here the build runs as on a laptop.)"""
    from dataclasses import replace

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
    assert build_postings(docs, NODE_MODULES, project) == through_lunr(docs)
    keys = {document_key(doc) for doc in docs}
    assert keys_kept() == keys
    written = kept().stat().st_mtime_ns
    assert build_postings(docs, NODE_MODULES, project) == through_lunr(docs)
    assert kept().stat().st_mtime_ns == written  # nothing new was analysed
    edited = len(docs) - 3  # in the worker's half
    docs[edited] = replace(docs[edited], text=docs[edited].text + " Straße policy")
    assert build_postings(docs, NODE_MODULES, project) == through_lunr(docs)
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
    assert build_postings(docs, NODE_MODULES, project) == through_lunr(docs)
    kept = [json.loads(line) for line in path.read_text().splitlines()]
    assert {key for key, _ in kept} == {document_key(doc) for doc in docs}


def lunr_search_folder(output: Path, docs: list[SearchDocument]) -> None:
    """output/search/ as the build wrote it through lunr.py."""
    folder = output / "search"
    (folder / "vendor").mkdir(parents=True)
    write_shards(folder, build_index(docs, NODE_MODULES), results_list(docs),
                 [doc.kind for doc in docs], tables=browser_tables(NODE_MODULES))
    for source, target in VENDOR_FILES.items():
        shutil.copyfile(NODE_MODULES / source, folder / "vendor" / target)


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a search folder but its page (index.html), which the generator writes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "index.html"}


def built_and_through_lunr(root: Path, monkeypatch) -> tuple[dict, dict]:
    """A real build's search/ folder, and the one lunr.py writes from the same documents
    (recorded as the generator hands them over)."""
    handed: list = []
    real = index.write_search_files

    def recording(output, docs, node_modules, *rest):
        handed.append(list(docs))
        return real(output, docs, node_modules, *rest)
    monkeypatch.setattr(index, "write_search_files", recording)
    output = build_site(root)
    lunr_search_folder(root / "lunr", handed[0])
    return files(output / "search"), files(root / "lunr" / "search")


def test_a_built_site_writes_the_lunr_py_search_files(tmp_path, monkeypatch):
    ours, theirs = built_and_through_lunr(write_multilingual_site(tmp_path / "site"),
                                          monkeypatch)
    assert len(ours) > 10 and ours == theirs


def test_a_site_large_enough_for_both_cores_writes_the_lunr_py_search_files(tmp_path,
                                                                            monkeypatch,
                                                                            two_cores):
    sys.path.insert(0, str(PROJECT / "bench"))
    from build_bench import synthetic_site
    root = synthetic_site(tmp_path / "large", both_cores.MINIMUM)  # and sources, events
    ours, theirs = built_and_through_lunr(root, monkeypatch)
    assert len(ours) > 100 and ours == theirs


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
