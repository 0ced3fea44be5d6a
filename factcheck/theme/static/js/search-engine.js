/* The sharded search index, queried as lunr.js would query the single index it came from.
 *
 * factcheck/search/shards.py writes a manifest, shards of postings by term prefix and parts
 * of the results list. This engine fetches only the shards holding a query's terms (through
 * the fetchPart function it is given: script tags in the page, files in the Node tests) and
 * scores with lunr's own formula: for each field, the query vector (the boosts of the terms
 * looked up) dotted with the document's BM25 weights, divided by the query vector's length,
 * summed over fields. The postings carry counts; each weight is computed here as lunr.py
 * computes it when it builds an index (factcheck/search/bm25.py, step for step). Prefix and typo terms are expanded with lunr.TokenSet, as lunr does.
 * tests/test_search_shards.py runs it beside lunr.js's Index.query and compares rankings.
 */
(function (root) {
  "use strict";

  var KINDS = { c: "claim", s: "source", e: "event", p: "page" };
  var MAX_PREFIX_SHARDS = 16;   // a prefix spanning more shards than this is matched in these
  var K1 = 1.2, B = 0.75;       // lunr's BM25 constants

  /* round(round(score, 3) * 1000) as Python computes it: the weight lunr.py's index holds,
   * in thousandths. score * 1000 is within 1e-10 of its exact value, so Math.round agrees
   * unless it lies within a millionth of a half; then toFixed, which rounds the exact value,
   * taking the even neighbour of an exact tie (a multiple of 1/16) as Python does. */
  function thousandths(score) {
    var scaled = score * 1000, whole = Math.round(scaled);
    if (Math.abs(scaled - whole) < 0.499999) { return whole; }
    whole = Math.round(Number(score.toFixed(3)) * 1000);
    if (whole % 2 === 1 && (2 * whole - 1) % 125 === 0 && (whole - 0.5) / 1000 === score) {
      whole -= 1;
    }
    return whole;
  }

  /* lunr's BM25 weight of a hit: tf, the field's length in the document, the term's idf. */
  function weight(scale, field, tf, length, idf) {
    var average = scale.lengths[field] / scale.documents;
    var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf);
    score *= scale.boosts[field];
    return thousandths(score) / 1000;
  }

  /* lunr.idf, from the number of (field, document) pairs holding the term. */
  function idf(pairs, documents) {
    var x = (documents - pairs + 0.5) / (pairs + 0.5);
    return Math.log(1 + Math.abs(x));
  }

  function codePoints(text) { return Array.from(text); }

  /* One shard: its terms, their decoded postings (on first use) and a TokenSet (on the
   * first prefix or typo lookup). ``scale``: what weights need from the manifest. */
  function Shard(terms, scale) {
    this.terms = terms;
    this.scale = scale;
    this.decoded = Object.create(null);
    this.tokenSet = null;
  }

  Shard.prototype.has = function (term) {
    return Object.prototype.hasOwnProperty.call(this.terms, term);
  };

  /* field number -> { refs, weights } (typed arrays, refs ascending) for one term, from
   * its postings [field, ref, tf, length, ref gap, tf, length, ...]. */
  Shard.prototype.postings = function (term) {
    if (!this.decoded[term]) {
      var byField = {}, scale = this.scale, flats = this.terms[term], pairs = 0;
      flats.forEach(function (flat) { pairs += (flat.length - 1) / 3; });
      var termIdf = idf(pairs, scale.documents);
      flats.forEach(function (flat) {
        var count = (flat.length - 1) / 3, ref = 0, field = flat[0];
        var refs = new Int32Array(count), weights = new Float64Array(count);
        for (var at = 0; at < count; at++) {
          ref += flat[1 + 3 * at];
          refs[at] = ref;
          weights[at] = weight(scale, field, flat[2 + 3 * at], flat[3 + 3 * at], termIdf);
        }
        byField[field] = { refs: refs, weights: weights };
      });
      this.decoded[term] = byField;
    }
    return this.decoded[term];
  };

  Shard.prototype.matching = function (clauseTokenSet) {
    if (!this.tokenSet) { this.tokenSet = lunr.TokenSet.fromArray(Object.keys(this.terms).sort()); }
    return this.tokenSet.intersect(clauseTokenSet).toArray();
  };

  function Engine(manifest, fetchPart) {
    this.manifest = manifest;
    this.fields = manifest.fields;
    this.fetchPart = fetchPart;
    this.scale = { boosts: manifest.boosts, lengths: manifest.lengths,
                   documents: manifest.kinds.length };
    this.shards = Object.create(null);
    this.parts = Object.create(null);
    this.keys = Object.keys(manifest.shards);
    this.longestKey = this.keys.reduce(function (n, key) {
      return Math.max(n, codePoints(key).length);
    }, 0);
  }

  /* The shard a term would be in: the longest shard key that begins it. */
  Engine.prototype.keyOf = function (term) {
    var letters = codePoints(term);
    for (var length = Math.min(letters.length, this.longestKey); length > 0; length--) {
      var key = letters.slice(0, length).join("");
      if (Object.prototype.hasOwnProperty.call(this.manifest.shards, key)) { return key; }
    }
    return null;
  };

  Engine.prototype.shard = function (key) {
    if (!this.shards[key]) {
      var self = this;
      this.shards[key] = this.fetchPart(this.manifest.shards[key]).then(function (terms) {
        return new Shard(terms, self.scale);
      });
      this.shards[key].catch(function () { delete self.shards[key]; });
    }
    return this.shards[key];
  };

  /* The keys of every shard that may hold a term beginning with ``prefix``. */
  Engine.prototype.prefixKeys = function (prefix) {
    var own = this.keyOf(prefix);
    var keys = this.keys.filter(function (key) { return key !== own && key.indexOf(prefix) === 0; });
    return (own ? [own] : []).concat(keys).slice(0, MAX_PREFIX_SHARDS);
  };

  /* Resolves to [[shard, term], ...]: the index terms a clause stands for. */
  Engine.prototype.expand = function (clause) {
    var self = this;
    if (clause.prefix) {
      var set = lunr.TokenSet.fromString(clause.term + "*");
      return Promise.all(this.prefixKeys(clause.term).map(function (key) {
        return self.shard(key).then(function (shard) {
          return shard.matching(set).map(function (term) { return [shard, term]; });
        });
      })).then(function (lists) { return [].concat.apply([], lists); });
    }
    var key = this.keyOf(clause.term);
    if (!key) { return Promise.resolve([]); }
    return this.shard(key).then(function (shard) {
      if (!clause.editDistance) { return shard.has(clause.term) ? [[shard, clause.term]] : []; }
      var fuzzy = lunr.TokenSet.fromFuzzyString(clause.term, clause.editDistance);
      return shard.matching(fuzzy).map(function (term) { return [shard, term]; });
    });
  };

  /* Each clause: { term, fields (names; all if absent), boost (1), prohibited, prefix,
   * editDistance, group (0-31: the caller's number for what the clause stands for, e.g. a
   * query word) }. Resolves to hits [{ ref, score, groups, fields }] best first: ``groups``
   * and ``fields`` are bit sets of the clause groups and the fields a document matched. */
  Engine.prototype.query = function (clauses) {
    var self = this;
    return Promise.all(clauses.map(function (clause) { return self.expand(clause); }))
      .then(function (expanded) { return self.score(clauses, expanded); });
  };

  Engine.prototype.fieldNumbers = function (clause) {
    var fields = this.fields;
    return (clause.fields || fields).map(function (name) { return fields.indexOf(name); })
      .filter(function (n) { return n >= 0; });
  };

  /* lunr's query vector per field: term -> summed boost (and the groups asking for it);
   * and the refs a prohibited clause matches. */
  Engine.prototype.queryVectors = function (clauses, expanded) {
    var vectors = this.fields.map(function () { return new Map(); });
    var prohibited = new Set();
    var self = this;
    clauses.forEach(function (clause, at) {
      var boost = clause.boost === undefined ? 1 : clause.boost;
      self.fieldNumbers(clause).forEach(function (field) {
        expanded[at].forEach(function (found) {
          var posting = found[0].postings(found[1])[field];
          if (clause.prohibited) {
            if (posting) { posting.refs.forEach(function (ref) { prohibited.add(ref); }); }
            return;
          }
          var entry = vectors[field].get(found[1]) || { posting: posting, boost: 0, groups: 0 };
          entry.boost += boost;
          entry.groups |= 1 << (clause.group || 0);
          vectors[field].set(found[1], entry);
        });
      });
    });
    return { vectors: vectors, prohibited: prohibited };
  };

  /* Scores summed into arrays indexed by ref: a common word's thousands of postings cost
   * no object each. */
  Engine.prototype.score = function (clauses, expanded) {
    var query = this.queryVectors(clauses, expanded);
    var size = this.manifest.kinds.length;
    var scores = new Float64Array(size), groups = new Uint32Array(size), fields = new Uint8Array(size);
    var found = [];
    query.vectors.forEach(function (vector, field) {
      var length = 0;
      vector.forEach(function (entry) { length += entry.boost * entry.boost; });
      length = Math.sqrt(length);
      vector.forEach(function (entry) {
        if (!entry.posting) { return; }
        var refs = entry.posting.refs, weights = entry.posting.weights, factor = entry.boost / length;
        for (var at = 0; at < refs.length; at++) {
          var ref = refs[at];
          if (!fields[ref]) { found.push(ref); }
          fields[ref] |= 1 << field;
          groups[ref] |= entry.groups;
          scores[ref] += factor * weights[at];
        }
      });
    });
    return found.filter(function (ref) { return !query.prohibited.has(ref); })
      .map(function (ref) { return { ref: ref, score: scores[ref], groups: groups[ref], fields: fields[ref] }; })
      .sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
  };

  Engine.prototype.kind = function (ref) { return KINDS[this.manifest.kinds.charAt(ref)]; };

  /* Resolves to the results-list entries of ``refs``, in that order. */
  Engine.prototype.documents = function (refs) {
    var self = this, size = this.manifest.docsPerPart;
    var wanted = Array.from(new Set(refs.map(function (ref) { return Math.floor(ref / size); })));
    return Promise.all(wanted.map(function (number) {
      if (!self.parts[number]) {
        self.parts[number] = self.fetchPart(self.manifest.parts[number]);
        self.parts[number].catch(function () { delete self.parts[number]; });
      }
      return self.parts[number];
    })).then(function () {
      return Promise.all(refs.map(function (ref) {
        return self.parts[Math.floor(ref / size)].then(function (docs) { return docs[ref % size]; });
      }));
    });
  };

  var api = { create: function (manifest, fetchPart) { return new Engine(manifest, fetchPart); },
              thousandths: thousandths };
  if (typeof module === "object" && module.exports) { module.exports = api; }
  else { root.FactcheckEngine = api; }
})(typeof window === "object" ? window : this);
