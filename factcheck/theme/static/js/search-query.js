/* What a reader's query means, and the order its results come in.
 *
 * A query is text, not lunr syntax: it is read here into words, so nothing typed can be a
 * parse error. Kept as syntax, when typed on purpose: field:word for one of the index's
 * fields, word* (prefix), word~1 or word~2 (typos), +word (must match) and -word (must
 * not). Any other colon, quote or bracket is a space. Words become index terms through
 * search-words.js; the terms are looked up by search-engine.js.
 */
(function (root) {
  "use strict";

  var OPTIONAL = "optional", REQUIRED = "required", PROHIBITED = "prohibited";
  var FALLBACK_BELOW = 5;     // fewer exact results than this: add prefix and typo matches
  var PREFIX_MIN = 3;         // letters the last word needs before it is matched as a prefix
  var FUZZY_MIN = 5;          // letters a word's term needs before one typo is allowed
  var MOST_WORDS = 2 / 3;     // share of a query's words a document must match exactly
  var MAX_WORDS = 32;         // words of a query read (one bit each in the engine's hits)

  /* The presence a leading + or - asks for (only directly before a letter). */
  function readSign(piece, term) {
    var sign = /^([+-])(?=\p{L})/u.exec(piece);
    if (!sign) { return piece; }
    term.presence = sign[1] === "+" ? REQUIRED : PROHIBITED;
    return piece.slice(1);
  }

  /* field:word, only for a field the index has; any other colon is just text. */
  function readField(piece, term, fields) {
    var field = /^(\p{L}+):/u.exec(piece);
    if (!field || fields.indexOf(field[1].toLowerCase()) < 0) { return piece; }
    term.fields = [field[1].toLowerCase()];
    return piece.slice(field[0].length);
  }

  /* word~1, word~2 or word* at the end of a piece. */
  function readSuffix(piece, term) {
    var fuzzy = /[\p{L}\p{N}]~([12])$/u.exec(piece);
    if (fuzzy) { term.editDistance = Number(fuzzy[1]); return piece.slice(0, -2); }
    if (/[\p{L}\p{N}]\*$/u.test(piece)) { term.prefix = true; return piece.slice(0, -1); }
    return piece;
  }

  /* One space-separated piece of the query as terms; a suffix applies to its last word. */
  function readPiece(piece, fields) {
    var term = { fields: fields, presence: OPTIONAL, prefix: false, editDistance: 0 };
    piece = readSuffix(readField(readSign(piece, term), term, fields), term);
    return FactcheckWords.words(piece).map(function (word, at, all) {
      var last = at === all.length - 1;
      return { word: word, lookups: FactcheckWords.lookups(word), fields: term.fields,
               presence: term.presence, prefix: last && term.prefix,
               editDistance: last ? term.editDistance : 0 };
    }).filter(function (t) { return t.prefix || t.editDistance || t.lookups.length; });
  }

  function readQuery(query, fields) {
    return FactcheckWords.fold(query).split(/\s+/).reduce(function (terms, piece) {
      return terms.concat(readPiece(piece, fields));
    }, []).slice(0, MAX_WORDS);
  }

  /* The index terms one word is looked up as, as engine clauses: a prefix (typed) is the
   * word itself, unstemmed, as lunr's parser does; otherwise each of its lookups. */
  function clauses(term, prohibited) {
    if (term.prefix || !term.lookups.length) {
      return [{ term: FactcheckWords.prefixForm(term.word), fields: term.fields,
                prefix: term.prefix, editDistance: term.prefix ? 0 : term.editDistance,
                prohibited: prohibited }];
    }
    return term.lookups.map(function (text) {
      return { term: text, fields: term.fields, editDistance: term.editDistance,
               prohibited: prohibited };
    });
  }

  /* Each word matches if any of its lookups does. A document must match most of the query's
   * words that are not stop words in some site language ("the", German "war"): MOST_WORDS
   * of them, rounded up (both of two), or one of them in its title. So one word shared with
   * a query about something else finds nothing, "corrections policy" still finds the page
   * titled Corrections, and a pasted headline need not match word for word. More words
   * matched ranks higher; +word must match. */
  function exactHits(engine, terms) {
    var all = [];
    terms.forEach(function (term, number) {
      clauses(term, term.presence === PROHIBITED).forEach(function (clause) {
        clause.group = number;
        all.push(clause);
      });
    });
    var wanted = terms.filter(function (t) {
      return t.presence !== PROHIBITED && !FactcheckWords.stopSomewhere(t.word);
    });
    var least = Math.max(1, Math.ceil(wanted.length * MOST_WORDS));
    var inTitle = 1 << engine.fields.indexOf("title");
    var required = terms.reduce(function (mask, term, number) {
      return term.presence === REQUIRED ? mask | (1 << number) : mask;
    }, 0);
    return engine.query(all).then(function (hits) {
      hits.forEach(function (hit) { hit.words = bits(hit.groups); });
      return hits.filter(function (hit) {
        return (hit.words >= least || hit.fields & inTitle) && (hit.groups & required) === required;
      }).sort(function (a, b) { return b.words - a.words || b.score - a.score || a.ref - b.ref; });
    });
  }

  /* The number of bits set: the query words a hit matched. */
  function bits(mask) {
    var count = 0;
    for (; mask; mask &= mask - 1) { count += 1; }
    return count;
  }

  /* The ways one word may match in the fallback: as typed; as a prefix if it is the last
   * word and long enough; with one typo if its term is long enough (the term is what is
   * compared: "noted" is "not", and "not"~1 matches junk). */
  function looseClauses(term, isLast) {
    var ways = clauses(term, false);
    if (term.prefix || term.editDistance) { return ways; }
    if (isLast && term.word.length >= PREFIX_MIN) {
      ways.push({ term: FactcheckWords.prefixForm(term.word), fields: term.fields, prefix: true });
    }
    if (term.word.length < FUZZY_MIN) { return ways; }
    term.lookups.forEach(function (text) {
      if (text.length >= FUZZY_MIN) { ways.push({ term: text, fields: term.fields, editDistance: 1 }); }
    });
    return ways;
  }

  /* Prefix and typo matches: a document must match every word (one way or another) and
   * none of the excluded ones, so words the site never uses still find nothing. */
  function fallbackHits(engine, terms) {
    var wanted = terms.filter(function (t) { return t.presence !== PROHIBITED; });
    var unwanted = terms.filter(function (t) { return t.presence === PROHIBITED; });
    var last = terms[terms.length - 1];
    return Promise.all(wanted.map(function (term) {
      return engine.query(looseClauses(term, term === last));
    }).concat(unwanted.length ? [engine.query([].concat.apply([], unwanted.map(function (term) {
      return clauses(term, false);
    })))] : [])).then(function (lists) {
      var excluded = new Set((unwanted.length ? lists.pop() : []).map(function (h) { return h.ref; }));
      return intersect(lists).filter(function (hit) { return !excluded.has(hit.ref); });
    });
  }

  /* The hits found in every list, each scored by the sum of its scores, best first. */
  function intersect(lists) {
    if (!lists.length) { return []; }
    var total = new Map(lists[0].map(function (hit) { return [hit.ref, hit.score]; }));
    lists.slice(1).forEach(function (hits) {
      var next = new Map();
      hits.forEach(function (hit) {
        if (total.has(hit.ref)) { next.set(hit.ref, total.get(hit.ref) + hit.score); }
      });
      total = next;
    });
    return Array.from(total, function (pair) { return { ref: pair[0], score: pair[1] }; })
      .sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
  }

  /* Results as the reader sees them: a document each, and one Chronology result holding
   * every event hit, placed where its best event ranks. */
  function grouped(engine, hits) {
    var results = [], group = null;
    hits.forEach(function (hit) {
      if (engine.kind(hit.ref) !== "event") { results.push({ ref: hit.ref }); return; }
      if (group) { group.events.push(hit.ref); return; }
      group = { events: [hit.ref] };
      results.push(group);
    });
    return results;
  }

  /* Exact matches first; if they are few, prefix and typo matches after them. */
  function rankedHits(engine, terms) {
    return exactHits(engine, terms).then(function (hits) {
      if (grouped(engine, hits).length >= FALLBACK_BELOW) { return hits; }
      var seen = new Set(hits.map(function (hit) { return hit.ref; }));
      return fallbackHits(engine, terms).then(function (more) {
        return hits.concat(more.filter(function (hit) { return !seen.has(hit.ref); }));
      });
    });
  }

  /* Resolves to the reader's results, in order: { ref } for a page, { events: [ref] } for
   * the chronology group. */
  function run(engine, query) {
    var terms = readQuery(query, engine.fields);
    if (!terms.some(function (t) { return t.presence !== PROHIBITED; })) { return Promise.resolve([]); }
    return rankedHits(engine, terms).then(function (hits) { return grouped(engine, hits); });
  }

  root.FactcheckQuery = { run: run, read: readQuery };
})(window);
