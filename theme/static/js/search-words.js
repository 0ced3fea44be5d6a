/* How the reader's words become index terms: the browser half of factcheck/search_languages.py.
 *
 * Loaded after lunr.js and lunr-languages, before search.js runs a query. Both sides must
 * make the same terms of the same word, which tests/test_search_query.py checks in Node.
 */
(function () {
  "use strict";

  var NOT_WORD = /[^\p{L}\p{N}]+/gu;

  /* The same folding as the index's "fold-yo" pipeline function (search_languages.py). */
  function fold(text) { return text.replace(/ё/g, "е").replace(/Ё/g, "Е"); }

  /* Words as lunr's tokenizer splits and lowercases them, with non-letters blanked. */
  function words(text) {
    return lunr.tokenizer(fold(text).replace(NOT_WORD, " ")).map(String).filter(Boolean);
  }

  /* A query word's stem in each site language (the index stems each text by its own
   * language only), without duplicates; a word that is a stop word in a language has no stem
   * there, so a word that is a stop word everywhere has none and is dropped. */
  function lookups(word) {
    var ways = [[lunr.stopWordFilter, lunr.stemmer], [lunr.de.stopWordFilter, lunr.de.stemmer],
                [lunr.ru.stopWordFilter, lunr.ru.stemmer]];
    return ways.reduce(function (found, way) {
      var token = way[0](new lunr.Token(fold(word), {}));
      var stem = token && String(way[1](token));
      if (stem && found.indexOf(stem) < 0) { found.push(stem); }
      return found;
    }, []);
  }

  /* The form of a word that prefix matching compares with the index's terms. */
  function prefixForm(word) { return fold(word).toLowerCase(); }

  window.FactcheckWords = { fold: fold, words: words, lookups: lookups, prefixForm: prefixForm };
})();
