/* How the reader's words become index terms: the browser half of factcheck/search/languages.py
 * (its docstring says what each step is for; both halves must make the same terms of the same
 * word, which tests/test_search.py checks by running this very file in Node).
 *
 * Loaded after lunr.js and lunr-languages, before a query is read:
 *   fold(text)        lowercase, ё -> е, ß -> ss, ə -> a, ş -> sh, accents stripped (not й)
 *   words(text)       the query's words: letters and digits, possessive 's dropped, a dotted
 *                     name ("Today.az") kept whole; apostrophes, hyphens, quotes separate
 *   lookups(word)     the index terms to look up for one word; any of them matching is a match
 *   prefixForm(word)  what prefix matching compares with index terms
 *   nameKey(word)     a name written in Latin with its spellings evened out (Песков -> peskov)
 *   stopSomewhere(word)  a stop word in some site language: the index may not hold it
 * Every regular expression here is linear: no nested quantifiers.
 */
(function () {
  "use strict";

  /* Letter tables, written into the search manifest at build time by browser_tables() in
   * factcheck/search/languages.py from the pinned anyascii and lunr-languages: fold (Latin letters
   * without a decomposition), latin (Cyrillic, Armenian, Georgian as anyascii writes them),
   * stops (folded stop words lunr-languages' filters do not know). Set by useTables(). */
  var TABLES = { fold: {}, latin: {}, stops: { en: [], de: [], ru: [] } };

  function useTables(tables) { TABLES = tables; }

  var LANGUAGES = ["en", "de", "ru"];
  var CHUNK = /[\p{L}\p{N}\p{M}.]+/gu;
  var POSSESSIVE = /'[sS](?![\p{L}\p{N}\p{M}])/gu;
  var APOSTROPHES = /[\u2019\u02bc]/g;
  /* Combining marks, except the breve and diaeresis of Cyrillic й, ё, ї. */
  var MARKS = /(?<![\u0400-\u04ff])[\u0306\u0308]|[\u0300-\u0305\u0307\u0309-\u036f]/g;
  var IY_BEFORE_VOWEL = /iy(?=[aeiou])/g;
  var ASCII_KEY = /^[a-z0-9]+$/;
  var UMLAUT_SPELLING = /[aou]e/g;
  var KEY_SPELLINGS = [["tsch", "ch"], ["sch", "sh"], ["w", "v"], ["j", "y"]];
  var KEY_MIN = 3;       // shorter keys join too many unrelated words
  var ENDING_MIN = 5;    // keys this long lose a case ending
  var KEY_MARK = "_";    // ends every key term: "_" separates words, so no word ends with it
  var DOTTED_PART_MIN = 3;   // parts of a dotted name a query also looks up
  var UMLAUT_MIN = 6;    // shorter ae/oe/ue words are English ("does", "poet"), not German

  function mapLetters(text, table) {
    var out = "";
    for (var letter of text) {
      out += Object.prototype.hasOwnProperty.call(table, letter) ? table[letter] : letter;
    }
    return out;
  }

  function fold(text) {
    var letters = mapLetters(text.toLowerCase().normalize("NFC"), TABLES.fold);
    return letters.normalize("NFD").replace(MARKS, "").normalize("NFC");
  }

  /* Runs of letters, digits, marks and dots, possessives dropped; not yet folded. */
  function chunks(text) {
    return text.replace(APOSTROPHES, "'").replace(POSSESSIVE, "").match(CHUNK) || [];
  }

  /* The query's words; a dotted name is one word (the index also holds its parts). */
  function words(text) {
    return chunks(text).reduce(function (found, chunk) {
      var parts = chunk.split(".").map(fold).filter(Boolean);
      if (parts.length) { found.push(parts.join(".")); }
      return found;
    }, []);
  }

  function isStop(lang, word) {
    var filter = lang === "en" ? lunr.stopWordFilter : lunr[lang].stopWordFilter;
    return !filter(new lunr.Token(word, {})) || TABLES.stops[lang].indexOf(word) >= 0;
  }

  function stem(lang, word) {
    var stemmer = lang === "en" ? lunr.stemmer : lunr[lang].stemmer;
    return String(stemmer(new lunr.Token(word, {})));
  }

  /* A Russian case ending dropped (-ym, -om, a final vowel run) from a key of 5+ letters,
   * keeping 3. */
  function withoutCaseEnding(key) {
    if (key.length < ENDING_MIN) { return key; }
    if (key.length >= 6 && (/ym$/.test(key) || /om$/.test(key))) { key = key.slice(0, -2); }
    var end = key.length;
    while (end > 0 && "aeiouy".indexOf(key[end - 1]) >= 0) { end -= 1; }
    return end >= KEY_MIN ? key.slice(0, end) : key;
  }

  /* Песков, Peskow, Пескова -> peskov; Алиев, Alijew -> aliev; "" for other scripts. */
  function nameKey(word) {
    var latin = mapLetters(word, TABLES.latin);
    if (!ASCII_KEY.test(latin)) { return ""; }
    KEY_SPELLINGS.forEach(function (pair) { latin = latin.split(pair[0]).join(pair[1]); });
    return withoutCaseEnding(latin.replace(IY_BEFORE_VOWEL, "i"));
  }

  /* The index term of a word's name key: the key and KEY_MARK, so keys meet only keys. */
  function keyTerm(word) {
    var key = nameKey(word);
    return key.length >= KEY_MIN ? key + KEY_MARK : "";
  }

  /* "telefongespraech" -> "telefongesprach" (not ue after q); "" if none or short. */
  function umlautVariant(word) {
    if (Array.from(word).length < UMLAUT_MIN) { return ""; }
    var variant = word.replace(UMLAUT_SPELLING, function (pair, at) {
      return at && word[at - 1] === "q" ? pair : pair[0];
    });
    return variant !== word ? variant : "";
  }

  function add(found, term) {
    if (term && found.indexOf(term) < 0) { found.push(term); }
  }

  /* A word's stem in each language where it is not a stop word, the German stem of its
   * umlaut variant and its name key's term; none for a stop word in every language, so such
   * a word is dropped from the query. */
  function lookups(word) {
    if (word.indexOf(".") >= 0) { return dottedLookups(word); }
    var found = [];
    LANGUAGES.forEach(function (lang) {
      if (!isStop(lang, word)) { add(found, stem(lang, word)); }
    });
    if (!found.length) { return found; }
    var variant = umlautVariant(word);
    if (variant && !isStop("de", variant)) { add(found, stem("de", variant)); }
    add(found, keyTerm(word));
    return found;
  }

  /* A dotted name as itself, and as each part but the last with 3+ letters (a pasted
   * "azernews.az" finds the outlet the site calls AzerNews; "U.S." has no such part). */
  function dottedLookups(word) {
    var found = [word];
    word.split(".").slice(0, -1).forEach(function (part) {
      if (Array.from(part).length < DOTTED_PART_MIN) { return; }
      lookups(part).forEach(function (term) { add(found, term); });
    });
    return found;
  }

  /* Whether a word is a stop word in some site language ("the", "in", "war"): the index may
   * not hold it at all, so a query can do without it when it matches nothing. */
  function stopSomewhere(word) {
    return LANGUAGES.some(function (lang) { return isStop(lang, word); });
  }

  /* The form of a word that prefix matching compares with the index's terms. */
  function prefixForm(word) { return fold(word); }

  window.FactcheckWords = { fold: fold, words: words, lookups: lookups, prefixForm: prefixForm,
                            nameKey: nameKey, stopSomewhere: stopSomewhere, useTables: useTables };
})();
