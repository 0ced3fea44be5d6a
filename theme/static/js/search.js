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
  var base = root + "/search/";
  var SCRIPTS = ["vendor/lunr.min.js", "vendor/lunr.stemmer.support.min.js",
                 "vendor/lunr.de.min.js", "vendor/lunr.ru.min.js", "lunr-index.js", "results.js"];
  var KINDS = { claim: "Claim", source: "Source", event: "Event" };
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

  /* The same folding as the index's "fold-yo" pipeline function (search_languages.py). */
  function foldYo(text) { return text.replace(/ё/g, "е").replace(/Ё/g, "Е"); }

  function loadEngine() {
    if (!engine) {
      engine = SCRIPTS.reduce(function (chain, src) {
        return chain.then(function () { return loadScript(base + src); });
      }, Promise.resolve()).then(function () {
        lunr.Pipeline.registerFunction(function (token) {
          return token.update(foldYo);
        }, "fold-yo");
        var data = window.FactcheckSearch;
        return { index: lunr.Index.load(data.index), docs: data.docs };
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  /* Keep letters, digits and lunr's own syntax (field:term, wild*, fuzzy~1, +must -not, ^boost). */
  function clean(query) {
    return foldYo(query).replace(/[^\p{L}\p{N}\s:*~^+\-]/gu, " ").replace(/\s+/g, " ").trim();
  }

  function search(query) {
    return loadEngine().then(function (found) {
      var text = clean(query);
      if (!text) { return []; }
      try {
        return found.index.search(text).map(function (hit) { return found.docs[Number(hit.ref)]; });
      } catch (error) {
        if (error instanceof lunr.QueryParseError) {
          throw new Error("Search could not read that query (" + error.message + "). " +
                          "Try plain words, or see the tips on the search page.");
        }
        throw error;
      }
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

  function resultItem(doc, withSnippet) {
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
