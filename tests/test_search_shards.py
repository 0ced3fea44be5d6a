"""The search index split into shards (issue 9, size targets): nothing lost, every term in
exactly one shard a query can find, and the sharded engine ranks as lunr.js ranks over the
single index it came from (run side by side in Node over a generated corpus)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from conftest import PROJECT
from lunr.builder import Builder

from factcheck.search.index import (FIELDS, SearchDocument, TermsBuilder, build_index,
                                    build_postings, field_terms, results_list)
from factcheck.search.languages import language_analysers
from factcheck.search.shards import (lunr_weights, read_search_folder, shard_keys,
                                     write_posting_texts)

NODE_MODULES = PROJECT / "node_modules"
THEME_JS = PROJECT / "factcheck" / "theme" / "static" / "js"
SMALL_SHARDS = 600        # bytes: forces shards split two and three letters deep

NODE_PARITY = r"""
const [nm, engineFile, folder] = process.argv.slice(1);
const fs = require("fs");
global.lunr = require(nm + "/lunr");
const { create } = require(engineFile);
const readPart = name => {
  const window = {};
  new Function("window", fs.readFileSync(`${folder}/${name}.js`, "utf8"))(window);
  return window.FactcheckSearch.parts[name];
};
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const index = lunr.Index.load(input.index);
const fetched = [];
const engine = create(readPart("index"), name => { fetched.push(name); return Promise.resolve(readPart(name)); });
const P = lunr.Query.presence;
const asLunr = c => Object.assign({ usePipeline: false, boost: c.boost || 1,
  presence: c.prohibited ? P.PROHIBITED : P.OPTIONAL,
  wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE },
  c.fields ? { fields: c.fields } : {}, c.editDistance ? { editDistance: c.editDistance } : {});
(async () => {
  const answers = [];
  for (const clauses of input.queries) {
    fetched.length = 0;
    const ours = await engine.query(clauses);
    const theirs = index.query(q => clauses.forEach(c => q.term(c.term, asLunr(c))));
    answers.push({ ours: ours.map(h => [h.ref, h.score]),
                   theirs: theirs.map(h => [Number(h.ref), h.score]), fetched: fetched.length });
  }
  console.log(JSON.stringify(answers));
})();
"""


def corpus(count: int = 240, seed: int = 3) -> list[SearchDocument]:
    """Documents of made-up words sharing prefixes, common and rare, in every field."""
    rng = random.Random(seed)
    stems = ["ab", "abr", "abs", "ka", "kar", "kat", "s", "sa", "sar", "mo", "mor", "t"]
    words = [stem + "".join(rng.choice("aeioubdgklmnrstvz") for _ in range(rng.randint(1, 6)))
             for stem in stems for _ in range(12)]
    pick = lambda n: " ".join(rng.choices(words, weights=[1 / (i + 1) for i in range(len(words))], k=n))  # noqa: E731
    kinds = ["claim", "source", "event", "page"]
    return [SearchDocument(kinds[i % 4], pick(5), f"x/{i}/", people=pick(2), tags=pick(1),
                           text=pick(rng.randint(3, 40))) for i in range(count)]


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    docs = corpus()
    index = build_index(docs, NODE_MODULES)
    folder = tmp_path_factory.mktemp("shards")
    manifest = write_posting_texts(folder, build_postings(docs, NODE_MODULES), FIELDS,
                                   results_list(docs), [d.kind for d in docs],
                                   limit=SMALL_SHARDS)
    return docs, index, folder, manifest


def test_terms_builder_builds_what_lunr_py_builds_from_the_same_terms():
    """add_terms is a shortcut, not a different index: the serialised index is identical."""
    analysers = language_analysers(NODE_MODULES)
    plain, fast = Builder(), TermsBuilder()
    for builder in (plain, fast):
        builder.ref("ref")
        for name, boost in FIELDS:
            builder.field(name, boost=boost)
    for ref, doc in enumerate(corpus(count=60, seed=5)):
        terms = field_terms(doc, analysers)
        plain.add({"ref": str(ref), **terms})
        fast.add_terms(str(ref), terms)
    assert fast.build().serialize() == plain.build().serialize()


def test_shards_lose_nothing(sharded):
    docs, index, folder, _ = sharded
    rebuilt, results = read_search_folder(folder)
    assert results == results_list(docs)
    assert lunr_weights(rebuilt) == lunr_weights(index)


def test_every_term_is_in_the_one_shard_its_longest_key_prefix_names(sharded):
    _, index, _, manifest = sharded
    keys = manifest["shards"]
    assert max(map(len, keys)) >= 3, "the small limit should split shards deeply"
    by_key = shard_keys({term: 1 for term, _ in index["invertedIndex"]}, limit=40)
    for key, terms in by_key.items():
        for term in terms:
            longest = max((k for k in by_key if term.startswith(k)), key=len)
            assert longest == key, (term, key, longest)
    assert sorted(t for terms in by_key.values() for t in terms) == \
        sorted(term for term, _ in index["invertedIndex"])


def test_a_shard_is_split_only_while_it_is_too_big():
    sizes = {"a": 5, "ab": 5, "abc": 5, "abd": 5, "b": 30}
    assert shard_keys(sizes, limit=12) == {"a": ["a"], "ab": ["ab"], "abc": ["abc"],
                                           "abd": ["abd"], "b": ["b"]}
    assert shard_keys(sizes, limit=100) == {"a": ["a", "ab", "abc", "abd"], "b": ["b"]}


def test_each_part_holds_a_slice_of_the_results_list(sharded):
    docs, _, _, manifest = sharded
    assert manifest["kinds"] == "".join(d.kind[0] for d in docs)
    assert len(manifest["parts"]) == -(-len(docs) // manifest["docsPerPart"])


def _queries(index: dict, rng: random.Random) -> list[list[dict]]:
    terms = [term for term, _ in index["invertedIndex"]]
    long_terms = [t for t in terms if len(t) >= 5]
    fields = index["fields"]
    one = lambda: {"term": rng.choice(terms)}  # noqa: E731
    queries = [[one()] for _ in range(25)]
    queries += [[one() for _ in range(rng.randint(2, 5))] for _ in range(25)]
    queries += [[dict(one(), fields=[rng.choice(fields)]), one()] for _ in range(10)]
    queries += [[dict(one(), boost=3), one()] for _ in range(5)]
    queries += [[{"term": rng.choice(terms)[:rng.randint(1, 3)], "prefix": True}] for _ in range(10)]
    queries += [[{"term": rng.choice(long_terms), "editDistance": 1}] for _ in range(10)]
    queries += [[one(), one(), dict(one(), prohibited=True)] for _ in range(10)]
    queries += [[{"term": "zzzz"}], [{"term": "zzzz"}, one()]]
    return queries


def test_sharded_engine_ranks_as_lunr_js_ranks_the_single_index(sharded):
    """Same documents, same scores (to rounding), same order but for exact ties; and a query
    fetches a few shards, not the index."""
    _, index, folder, manifest = sharded
    node = shutil.which("node")
    assert node, "Node.js is needed for the parity tests (it comes with npm)"
    queries = _queries(index, random.Random(11))
    done = subprocess.run([node, "-e", NODE_PARITY, str(NODE_MODULES),
                           str(THEME_JS / "search-engine.js"), str(folder)],
                          input=json.dumps({"index": index, "queries": queries}),
                          capture_output=True, text=True, timeout=120, check=True)
    answers = json.loads(done.stdout)
    assert sum(1 for a in answers if a["theirs"]) > 80        # the queries do find things
    capped = 0
    for clauses, answer in zip(queries, answers):
        ours, theirs = answer["ours"], answer["theirs"]
        if _spans_too_many_shards(clauses, manifest) or clauses[0].get("editDistance"):
            # A prefix is matched in the first MAX_PREFIX_SHARDS shards only, a typo among
            # the terms of the word's own shard (not in the letters the shards split by).
            capped += 1
            assert set(dict(ours)) <= set(dict(theirs)), clauses
            continue
        assert dict(ours).keys() == dict(theirs).keys(), clauses
        for ref, score in theirs:
            assert dict(ours)[ref] == pytest.approx(score, rel=1e-9, abs=1e-12), (clauses, ref)
        assert [round(s, 9) for _, s in ours] == [round(s, 9) for _, s in theirs], clauses
        assert answer["fetched"] <= 16 + len(clauses), clauses
    assert max(a["fetched"] for a in answers) < len(manifest["shards"])
    assert len(queries) - capped >= 80     # every other query compared exactly


def _spans_too_many_shards(clauses: list[dict], manifest: dict) -> bool:
    return any(c.get("prefix") and sum(k.startswith(c["term"]) for k in manifest["shards"]) > 15
               for c in clauses)


NODE_THOUSANDTHS = r"""
const { thousandths } = require(process.argv[1]);
const values = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(values.map(thousandths)));
"""


def test_the_browser_rounds_weights_as_lunr_py_rounds_them():
    """round(round(score, 3) * 1000) in Python, half to even on the exact value, against the
    engine's rounding: scores near a half thousandth, exact ties (multiples of 1/16) and
    random scores of every size the index can hold."""
    rng = random.Random(13)
    values = [m / 16 for m in range(0, 400)] + [rng.uniform(0, 200) for _ in range(5000)]
    values += [(n + 0.5) / 1000 + d for n in range(0, 3000, 7)
               for d in (-1e-12, -1e-15, 0.0, 1e-15, 1e-12)]
    values = [v for v in values if v >= 0]
    done = subprocess.run([shutil.which("node") or "node", "-e", NODE_THOUSANDTHS,
                           str(THEME_JS / "search-engine.js")], input=json.dumps(values),
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == [round(round(v, 3) * 1000) for v in values]
