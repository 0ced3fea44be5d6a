/* Client-side search for the fact-check site.
 *
 * Nothing is fetched until the reader first uses search: then lunr.js, lunr-languages
 * and the index (written at build time by factcheck/search.py) are loaded as plain
 * scripts, which works from a web server, under a subpath and from file://.
 * Results are built with textContent only: no indexed text is ever parsed as HTML.
 */
(function () {
  "use strict";

  var root = (document.documentElement.getAttribute("data-root") || ".").replace(/\/$/, "");
  var SCRIPTS = ["search/vendor/lunr.min.js", "search/vendor/lunr.stemmer.support.min.js",
                 "search/vendor/lunr.de.min.js", "search/vendor/lunr.ru.min.js",
                 "theme/js/search-words.js", "search/lunr-index.js", "search/results.js"];
  var KINDS = { claim: "Claim", source: "Source", event: "Event", page: "Page" };
  var engine = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function loadEngine() {
    if (!engine) {
      engine = SCRIPTS.reduce(function (chain, src) {
        return chain.then(function () { return loadScript(root + "/" + src); });
      }, Promise.resolve()).then(function () {
        var data = window.FactcheckSearch;
        return { index: lunr.Index.load(data.index), docs: data.docs };
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  /* A reader's query is text, not lunr syntax: it is read here into terms and given to
   * index.query, so nothing typed can be a parse error. Kept as syntax, when typed on purpose:
   * field:word for one of the index's fields, word* (prefix), word~1 or word~2 (typos),
   * +word (must match) and -word (must not). Any other colon, quote or bracket is a space. */
  var FALLBACK_BELOW = 5;     // fewer exact results than this: add prefix and typo matches
  var PREFIX_MIN = 3;         // letters the last word needs before it is matched as a prefix
  var FUZZY_MIN = 5;          // letters a word needs before one typo is allowed

  /* The presence a leading + or - asks for (only directly before a letter). */
  function readSign(piece, term) {
    var sign = /^([+-])(?=\p{L})/u.exec(piece);
    if (!sign) { return piece; }
    term.presence = sign[1] === "+" ? lunr.Query.presence.REQUIRED : lunr.Query.presence.PROHIBITED;
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
    var term = { fields: fields, presence: lunr.Query.presence.OPTIONAL, prefix: false,
                 editDistance: 0 };
    piece = readSuffix(readField(readSign(piece, term), term, fields), term);
    return FactcheckWords.words(piece).map(function (word, at, all) {
      var last = at === all.length - 1;
      return { word: word, stems: FactcheckWords.lookups(word), fields: term.fields, presence: term.presence,
               prefix: last && term.prefix, editDistance: last ? term.editDistance : 0 };
    }).filter(function (t) { return t.prefix || t.editDistance || t.stems.length; });
  }

  function readQuery(query, fields) {
    return FactcheckWords.fold(query).split(/\s+/).reduce(function (terms, piece) {
      return terms.concat(readPiece(piece, fields));
    }, []);
  }

  /* lunr clause options; a prefix is matched unstemmed, as lunr's own parser does. Only a
   * fuzzy clause may carry editDistance: lunr reads its mere presence as "fuzzy", and a fuzzy
   * match ignores wildcards. */
  function clause(term, prefix, editDistance) {
    var options = { fields: term.fields, presence: term.presence, usePipeline: !prefix,
                    wildcard: prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE };
    if (editDistance) { options.editDistance = editDistance; }
    return options;
  }

  /* The strings one term is looked up as: the word itself for a prefix (unstemmed, as
   * lunr's parser does), else its stems (a typo search too, as lunr's parser does). */
  function lookups(term) {
    return term.prefix || !term.stems.length ? [term.word] : term.stems;
  }

  /* Each word matches if any of its stems does; a required word (+word) is asked as optional
   * and checked afterwards, since lunr would require every stem. */
  function exactHits(index, terms) {
    var hits = index.query(function (q) {
      terms.forEach(function (term) {
        var options = clause(term, term.prefix, term.editDistance);
        options.usePipeline = false;
        if (options.presence === lunr.Query.presence.REQUIRED) {
          options.presence = lunr.Query.presence.OPTIONAL;
        }
        lookups(term).forEach(function (text) { q.term(text, Object.assign({}, options)); });
      });
    });
    return hits.filter(function (hit) { return terms.every(function (term) {
      return term.presence !== lunr.Query.presence.REQUIRED || lookups(term).some(function (text) {
        return term.prefix || term.editDistance || text in hit.matchData.metadata;
      });
    }); });
  }

  /* The ways one word may match in the fallback, as [term, options]: as typed; as a prefix
   * if it is the last word and long enough; with one typo if it and its stem are long
   * enough (the stem is what lunr compares: "noted" is "not", and "not"~1 matches junk). */
  function looseClauses(index, term, isLast) {
    var exact = clause(term, term.prefix, term.editDistance);
    exact.usePipeline = false;
    var ways = lookups(term).map(function (text) { return [text, Object.assign({}, exact)]; });
    if (term.prefix || term.editDistance) { return ways; }
    if (isLast && term.word.length >= PREFIX_MIN) { ways.push([term.word, clause(term, true, 0)]); }
    if (term.word.length < FUZZY_MIN) { return ways; }
    term.stems.forEach(function (stem) {
      if (stem.length < FUZZY_MIN) { return; }
      var options = clause(term, false, 1);
      options.usePipeline = false;
      ways.push([stem, options]);
    });
    return ways;
  }

  /* ref -> score of the documents one word matches in any of its ways. */
  function looseScores(index, term, isLast) {
    var scores = {};
    index.query(function (q) {
      looseClauses(index, term, isLast).forEach(function (way) {
        way[1].presence = lunr.Query.presence.OPTIONAL;
        q.term(way[0], way[1]);
      });
    }).forEach(function (hit) { scores[hit.ref] = hit.score; });
    return scores;
  }

  /* Prefix and typo matches: a document must match every word (one way or another) and
   * none of the excluded ones, so words the site never uses still find nothing. */
  function fallbackHits(index, terms) {
    var wanted = terms.filter(function (t) { return t.presence !== lunr.Query.presence.PROHIBITED; });
    var total = null;
    wanted.forEach(function (term) {
      var scores = looseScores(index, term, term === terms[terms.length - 1]);
      var next = {};
      Object.keys(total || scores).forEach(function (ref) {
        if (ref in scores) { next[ref] = (total ? total[ref] : 0) + scores[ref]; }
      });
      total = next;
    });
    total = total || {};
    terms.filter(function (t) { return wanted.indexOf(t) < 0; }).forEach(function (term) {
      exactHits(index, [{ word: term.word, stems: term.stems, fields: term.fields, prefix: term.prefix,
                          editDistance: term.editDistance,
                          presence: lunr.Query.presence.OPTIONAL }])
        .forEach(function (hit) { delete total[hit.ref]; });
    });
    return Object.keys(total).map(function (ref) { return { ref: ref, score: total[ref] }; })
      .sort(function (a, b) { return b.score - a.score; });
  }

  /* Exact matches first; if they are few, prefix and typo matches after them. */
  function rankedHits(index, terms) {
    var hits = exactHits(index, terms);
    if (pagesShown(hits) >= FALLBACK_BELOW) { return hits; }
    var seen = {};
    hits.forEach(function (hit) { seen[hit.ref] = true; });
    return hits.concat(fallbackHits(index, terms).filter(function (hit) { return !seen[hit.ref]; }));
  }

  /* Results as the reader sees them: events all count as one (the chronology). */
  function pagesShown(hits) {
    var docs = window.FactcheckSearch.docs;
    var events = hits.filter(function (hit) { return docs[Number(hit.ref)].kind === "event"; });
    return hits.length - events.length + (events.length ? 1 : 0);
  }

  /* Every event hit goes into one "Chronology" result, placed where its best event ranks. */
  function groupEvents(docs) {
    var results = [];
    var group = null;
    docs.forEach(function (doc) {
      if (doc.kind !== "event") { results.push(doc); return; }
      if (group) { group.events.push(doc); return; }
      group = { kind: "chronology", title: "Chronology", url: doc.url.split("#")[0], events: [doc] };
      results.push(group);
    });
    return results;
  }

  /* Resolves to the results in order: documents, and at most one chronology group. */
  function search(query) {
    return loadEngine().then(function (found) {
      var terms = readQuery(query, found.index.fields);
      var lookingFor = terms.some(function (t) { return t.presence !== lunr.Query.presence.PROHIBITED; });
      if (!lookingFor) { return []; }
      return groupEvents(rankedHits(found.index, terms).map(function (hit) {
        return found.docs[Number(hit.ref)];
      }));
    });
  }

  /* Directory URLs do not open index.html from disk, so name it there. */
  function href(url) {
    var parts = url.split("#");
    if (location.protocol === "file:" && /\/$/.test(parts[0])) { parts[0] += "index.html"; }
    return root + "/" + parts.join("#");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  /* The chronology group: one titled result, its events listed beneath it (their links are
   * not .result-title: the group is one result). */
  function groupItem(group, withSnippet, limit) {
    var item = element("li", "result result-chronology");
    var count = group.events.length;
    item.appendChild(element("span", "result-kind", count + (count === 1 ? " event" : " events")));
    var link = element("a", "result-title", group.title);
    link.href = href(group.url);
    item.appendChild(link);
    var list = element("ul", "result-events");
    group.events.slice(0, limit || count).forEach(function (doc) {
      var entry = element("li", "result-event");
      var eventLink = element("a", "result-event-title", doc.title);
      eventLink.href = href(doc.url);
      entry.appendChild(eventLink);
      if (withSnippet && doc.snippet) { entry.appendChild(element("p", "snippet", doc.snippet)); }
      list.appendChild(entry);
    });
    item.appendChild(list);
    return item;
  }

  function resultItem(doc, withSnippet) {
    if (doc.events) { return groupItem(doc, withSnippet, withSnippet ? 0 : 3); }
    var item = element("li", "result result-" + doc.kind);
    item.appendChild(element("span", "result-kind", KINDS[doc.kind] || doc.kind));
    var link = element("a", "result-title", doc.title);
    link.href = href(doc.url);
    item.appendChild(link);
    if (doc.verdict) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "verdict verdict-" + doc.rating, doc.verdict));
    }
    if (withSnippet && doc.snippet) { item.appendChild(element("p", "snippet", doc.snippet)); }
    return item;
  }

  function show(list, status, docs, query, limit) {
    list.textContent = "";
    docs.slice(0, limit || docs.length).forEach(function (doc) {
      list.appendChild(resultItem(doc, !limit));
    });
    status.textContent = docs.length
      ? docs.length + (docs.length === 1 ? " result" : " results") + " for “" + query + "”"
      : "No results for “" + query + "”. Try fewer or other words, or a wildcard such as rak*.";
  }

  function showError(list, status, error) {
    list.textContent = "";
    status.textContent = error.message;
  }

  /* The search page: runs ?q= on load, and each submitted query without reloading. */
  function searchPage(form) {
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    function run(query) {
      status.textContent = "Searching…";
      search(query).then(function (docs) { show(list, status, docs, query); },
                         function (error) { showError(list, status, error); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      if (!query) { return; }
      history.replaceState(null, "", "?q=" + encodeURIComponent(query));
      run(query);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
  }

  /* The header box: a short list of hits under it as the reader types. */
  function headerBox(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector(".search-popup");
    var list = panel.querySelector("ol");
    var status = panel.querySelector("[role=status]");
    var timer = null;
    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    input.addEventListener("focus", loadEngine, { once: true });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      timer = setTimeout(function () {
        search(query).then(function (docs) { show(list, status, docs, query, 8); },
                           function (error) { showError(list, status, error); });
        panel.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }, 120);
    });
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); input.focus(); }
      else if (event.key === "ArrowDown" && links.length) {
        event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault(); (at === 0 ? input : links[at - 1]).focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); }
    });
  }

  /* For tools such as bench/search_bench.py: load the engine, or run a query. */
  window.FactcheckSearch = window.FactcheckSearch || {};
  window.FactcheckSearch.load = loadEngine;
  window.FactcheckSearch.search = search;

  var page = document.getElementById("search-page-form");
  if (page) { searchPage(page); }
  var box = document.getElementById("site-search");
  if (box && !page) { headerBox(box); }
})();
