/* Client-side search for the fact-check site.
 *
 * Nothing is fetched until the reader first uses search: then lunr.js, lunr-languages
 * and the index (written at build time by factcheck/search/index.py) are loaded as plain
 * scripts, which works from a web server, under a subpath and from file://.
 * Results are built with textContent only: no indexed text is ever parsed as HTML.
 */
(function () {
  "use strict";

  var root = (document.documentElement.getAttribute("data-root") || ".").replace(/\/$/, "");
  var themeDir = document.documentElement.getAttribute("data-static") || "theme";  // THEME_STATIC_DIR
  var SCRIPTS = ["search/vendor/lunr.min.js", "search/vendor/lunr.stemmer.support.min.js",
                 "search/vendor/lunr.de.min.js", "search/vendor/lunr.ru.min.js",
                 themeDir + "/js/search-words.js", themeDir + "/js/search-engine.js",
                 themeDir + "/js/search-query.js"];
  var KINDS = { claim: "Claim", source: "Source", event: "Event", page: "Page" };
  var SHOWN = 20;             // results the search page shows before "Show more"
  var EVENTS_SHOWN = 10;      // events listed under the Chronology result
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

  /* One data file of search/ (the manifest, a shard, a part of the results list): a script
   * that leaves its value in FactcheckSearch.parts, taken from there once read. */
  function fetchPart(name) {
    return loadScript(root + "/search/" + name + ".js").then(function () {
      var parts = window.FactcheckSearch.parts || {};
      if (!(name in parts)) { throw new Error("could not read search/" + name + ".js"); }
      var value = parts[name];
      delete parts[name];
      return value;
    });
  }

  function loadEngine() {
    if (!engine) {
      engine = SCRIPTS.reduce(function (chain, src) {
        return chain.then(function () { return loadScript(root + "/" + src); });
      }, Promise.resolve()).then(function () {
        return fetchPart("index").then(function (manifest) {
          FactcheckWords.useTables(manifest.tables);
          return FactcheckEngine.create(manifest, fetchPart);
        });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  /* The documents a result shows: its own, or the first events of the chronology group. */
  function withDocuments(found, result) {
    if (!result.events) {
      return found.documents([result.ref]).then(function (docs) { return docs[0]; });
    }
    return found.documents(result.events.slice(0, EVENTS_SHOWN)).then(function (events) {
      return { kind: "chronology", title: "Chronology", url: events[0].url.split("#")[0],
               events: events, count: result.events.length };
    });
  }

  /* Resolves to the first ``shown`` results (SHOWN if not given), each ready to show, as an
   * array whose ``total`` is the number of results in all. */
  function search(query, shown) {
    return loadEngine().then(function (found) {
      return FactcheckQuery.run(found, query).then(function (results) {
        return Promise.all(results.slice(0, shown || SHOWN).map(function (result) {
          return withDocuments(found, result);
        })).then(function (docs) {
          docs.total = results.length;
          return docs;
        });
      });
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
    var count = group.count;
    item.appendChild(element("span", "result-kind", count + (count === 1 ? " event" : " events")));
    var link = element("a", "result-title", group.title);
    link.href = href(group.url);
    item.appendChild(link);
    var list = element("ul", "result-events");
    group.events.slice(0, limit || group.events.length).forEach(function (doc) {
      var entry = element("li", "result-event");
      var eventLink = element("a", "result-event-title", doc.title);
      eventLink.href = href(doc.url);
      entry.appendChild(eventLink);
      if (withSnippet && doc.snippet) { entry.appendChild(element("p", "snippet", doc.snippet)); }
      list.appendChild(entry);
    });
    item.appendChild(list);
    if (withSnippet && count > group.events.length) {
      item.appendChild(element("p", "result-more-events",
                               (count - group.events.length) + " more in the chronology"));
    }
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
      // The build writes one of a fixed set of looks (factcheck/model/schema.py VERDICT_STYLES).
      var style = /^[a-z-]{1,20}$/.test(doc.style) ? doc.style : "unrated";
      item.appendChild(element("span", "verdict verdict-style-" + style, doc.verdict));
    }
    if (withSnippet && doc.snippet) { item.appendChild(element("p", "snippet", doc.snippet)); }
    return item;
  }

  function show(list, status, docs, query, limit) {
    list.textContent = "";
    docs.slice(0, limit || docs.length).forEach(function (doc) {
      list.appendChild(resultItem(doc, !limit));
    });
    status.textContent = docs.total
      ? docs.total + (docs.total === 1 ? " result" : " results") + " for “" + query + "”"
      : "No results for “" + query + "”. Try fewer or other words, or a wildcard such as rak*.";
  }

  function showError(list, status, error) {
    list.textContent = "";
    status.textContent = error.message;
  }

  /* Runs queries so that only the latest one's answer is shown, however they finish. */
  function latestOnly(answer) {
    var asked = 0;
    return function (query, shown) {
      var mine = ++asked;
      return search(query, shown).then(function (docs) {
        if (mine === asked) { answer.shown(docs, query); }
      }, function (error) { if (mine === asked) { answer.failed(error); } });
    };
  }

  /* The search page: runs ?q= on load, and each submitted query without reloading; shows
   * SHOWN results, and SHOWN more each time the reader asks. */
  function searchPage(form) {
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var more = document.getElementById("search-more");
    var current = { query: "", shown: SHOWN };
    var ask = latestOnly({
      shown: function (docs, query) {
        show(list, status, docs, query);
        more.hidden = docs.length >= docs.total;
      },
      failed: function (error) { showError(list, status, error); more.hidden = true; }
    });
    function run(query, shown) {
      current = { query: query, shown: shown };
      if (shown === SHOWN) { status.textContent = "Searching…"; }
      ask(query, shown);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      if (!query) { return; }
      history.replaceState(null, "", "?q=" + encodeURIComponent(query));
      run(query, SHOWN);
    });
    more.addEventListener("click", function () { run(current.query, current.shown + SHOWN); });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial, SHOWN); }
  }

  /* The header box: a short list of hits under it as the reader types. */
  /* Turns the header panel's result links into listbox options (APG combobox pattern): the
   * items become presentational, every link an option described by its kind and verdict. */
  /* The header results as listbox options (links stay links for the mouse): list items and
   * nested lists get role=none, each option is described by its kind and verdict labels. */
  function asListbox(list) {
    Array.prototype.forEach.call(list.querySelectorAll("li, ul"), function (node) {
      node.setAttribute("role", "none");
    });
    return Array.prototype.map.call(list.querySelectorAll("a"), function (link, at) {
      link.id = "site-search-option-" + at;
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.tabIndex = -1;
      var item = link.parentNode;
      var labels = Array.prototype.filter.call(item.children, function (child) {
        return child.matches(".result-kind, .verdict");
      }).map(function (child, n) { return (child.id = link.id + "-d" + n); });
      if (labels.length) { link.setAttribute("aria-describedby", labels.join(" ")); }
      return link;
    });
  }

  /* The header box: an APG combobox. Focus stays in the input; the arrow keys move the active
   * option (aria-activedescendant), Enter opens it, Escape and leaving the form close. */
  function headerBox(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector(".search-popup");
    var list = panel.querySelector("ol");
    var status = panel.querySelector("[role=status]");
    var timer = null, options = [], active = -1;
    var ask = latestOnly({
      shown: function (docs, query) { show(list, status, docs, query, 8); options = asListbox(list); activate(-1); },
      failed: function (error) { showError(list, status, error); options = []; activate(-1); }
    });
    function activate(at) {
      if (options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = at;
      if (options[at]) {
        options[at].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[at].id);
        options[at].scrollIntoView({ block: "nearest" });
      } else { input.removeAttribute("aria-activedescendant"); }
    }
    function open(query) {
      ask(query, 8);
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() { activate(-1); panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    input.addEventListener("focus", loadEngine, { once: true });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      timer = setTimeout(function () { open(query); }, 120);
    });
    input.addEventListener("keydown", function (event) { onKey(event); });
    function onKey(event) {
      var shown = !panel.hidden;
      if (event.key === "Escape") { if (shown) { close(); } else { input.value = ""; } }
      else if (event.key === "ArrowDown" && !shown && input.value.trim().length >= 2) {
        event.preventDefault(); open(input.value.trim());
      } else if (event.key === "ArrowDown" && shown && options.length) {
        event.preventDefault(); activate(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp" && shown) {
        event.preventDefault(); activate(active - 1);
      } else if (event.key === "Enter" && shown && options[active]) {
        event.preventDefault(); options[active].click();
      }
    }
    /* The panel belongs to the input: it closes as soon as focus goes anywhere but the
     * input or an option (a click), so it never covers what Tab moves focus to. It is not a
     * stop of its own either (a scrolling box would otherwise be one, in Chromium). */
    panel.tabIndex = -1;
    form.addEventListener("focusout", function (event) {
      var to = event.relatedTarget;
      if (!to || (to !== input && !panel.contains(to))) { close(); }
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
