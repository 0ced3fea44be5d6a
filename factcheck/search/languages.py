r"""How text becomes search terms: the index's half here, the reader's half in the browser.

The browser (theme/static/js/search-words.js) turns a query into the terms to look up; the
index must hold exactly those terms, so both halves split, fold and stem words the same way.
tests/test_search.py runs that file in Node over the sites' vocabulary and compares.

* Words: runs of letters, digits and combining marks (Unicode L, N, M). A possessive 's or ’s
  is dropped ("Peskov's" -> peskov); other apostrophes, hyphens, quotes and guillemets only
  separate words. A dotted name ("Today.az") is one word, ``today.az``, which the index also
  holds as its parts (``today``, ``az``): a reader may type either.
* Folding: lowercase; ё -> е; letters without a decomposition folded as anyascii does
  (ß -> ss, ø -> o, ı -> i), but Azerbaijani ə -> a and ş -> sh, as Əliyev and Şuşa are
  written Aliyev and Shusha; other accents stripped (not the breve of Cyrillic й).
* Stemming: each text by its own language's Snowball stemmer (English: lunr.js's Porter), its
  stop words (folded too) dropped; a query word is looked up as its stem in every language.
* Umlauts typed as ae/oe/ue ("Telefongespraech"): the query also looks up the German stem
  of the word with that e dropped, which is what the folded "Telefongespräch" became.
* Names across scripts: ``name_key`` writes a word in Latin (anyascii's tables for Cyrillic,
  Armenian, Georgian), then evens out German and English spellings and Russian case endings,
  so Песков, Пескова, Peskov and Peskow share the key ``peskov``. A key is indexed as a term
  of its own, ``peskov_`` (KEY_MARK), so keys meet only keys: "policy", keyed ``polic``, must
  not find "police", stemmed ``polic``. The index adds the key term of capitalised words (the
  names); a query looks up every word's key term.

Stop words come from the installed lunr-languages files, so both sides share one list.
lunr.py's own ``languages=`` option is not used: it downloads NLTK data at build time.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from anyascii import anyascii
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as ENGLISH_STOP_WORDS

LANGUAGES = {"de": "german", "ru": "russian"}
ALL_LANGUAGES = ("en", "de", "ru")
_STOP_WORDS_RE = r"lunr\.{lang}\.stopWordFilter = lunr\.generateStopWordFilter\('([^']*)'"

# Blocks whose letters name_key writes in Latin (Cyrillic, Armenian, Georgian), and the
# Latin blocks whose letters fold() folds.
SCRIPT_BLOCKS = ((0x0400, 0x0530), (0x0530, 0x0590), (0x10A0, 0x1100))
LATIN_BLOCKS = ((0x00C0, 0x0250), (0x1E00, 0x1F00))
# Azerbaijani Əliyev and Şuşa are written Aliyev and Shusha (so is Romanian ș).
FOLD_OVERRIDES = {"ə": "a", "ş": "sh", "ș": "sh", "ё": "е"}
KEY_SPELLINGS = (("tsch", "ch"), ("sch", "sh"), ("w", "v"), ("j", "y"))
KEY_MIN = 3            # shorter keys join too many unrelated words
ENDING_MIN = 5         # keys this long lose a case ending
KEY_MARK = "_"         # ends every key term: "_" separates words, so no word ends with it
DOTTED_PART_MIN = 3    # parts of a dotted name a query also looks up ("u.s" has none)
UMLAUT_MIN = 6         # shorter ae/oe/ue words are English ("does", "poet"), not German

# Combining marks, except the breve and diaeresis of Cyrillic й, ё, ї.
_MARKS = re.compile("(?<![\u0400-\u04ff])[\u0306\u0308]|[\u0300-\u0305\u0307\u0309-\u036f]")
_APOSTROPHES = re.compile("[\u2019\u02bc]")
_IY_BEFORE_VOWEL = re.compile("iy(?=[aeiou])")
_ASCII_KEY = re.compile("[a-z0-9]+")
_UMLAUT_SPELLING = re.compile("[aou]e")


class LanguageDataError(RuntimeError):
    """lunr-languages is missing or no longer has the shape we read."""


@dataclass(frozen=True)
class LanguageData:
    stop_words: frozenset


def read_language_data(node_modules: Path, lang: str) -> LanguageData:
    """The stop words of one language, from lunr.<lang>.js."""
    path = node_modules / "lunr-languages" / f"lunr.{lang}.js"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LanguageDataError(f"{path}: {err}; run `make site` to install the npm packages") \
            from err
    words = re.search(_STOP_WORDS_RE.format(lang=lang), source)
    if not words:
        raise LanguageDataError(f"{path}: stop words not found; "
                                "has lunr-languages changed its layout?")
    return LanguageData(frozenset(words.group(1).split(" ")))


# --- Tables (written into the search manifest for the browser by each build) ---------------

def _letters(blocks) -> list[str]:
    return [chr(code) for start, end in blocks for code in range(start, end)
            if unicodedata.category(chr(code)) in ("Ll", "Lo")]


@lru_cache(maxsize=None)
def fold_table() -> dict[str, str]:
    """Latin letters that no decomposition strips to ASCII (ß, ø, ı), as anyascii writes
    them, and the overrides."""
    table = {}
    for letter in _letters(LATIN_BLOCKS):
        ascii_form = anyascii(letter).lower()
        if unicodedata.normalize("NFD", letter) == letter and ascii_form.isalpha() \
                and ascii_form.isascii():
            table[letter] = ascii_form
    return {**table, **FOLD_OVERRIDES}


@lru_cache(maxsize=None)
def transliteration_table() -> dict[str, str]:
    """Cyrillic, Armenian and Georgian lowercase letters in Latin, as anyascii writes them
    (signs such as ь, which anyascii writes as an apostrophe, become nothing)."""
    return {letter: re.sub("[^a-z]", "", anyascii(letter).lower())
            for letter in _letters(SCRIPT_BLOCKS)}


@lru_cache(maxsize=None)
def folded_stop_words(node_modules: Path) -> dict[str, list[str]]:
    """Per language, the folded spellings of its stop words that the list lacks ("für" is
    "fur" once folded): the browser's stop filters know only the list as written."""
    lists = _stop_lists(node_modules)
    return {lang: sorted({fold(w) for w in words} - words) for lang, words in lists.items()}


@lru_cache(maxsize=None)
def _stop_lists(node_modules: Path) -> dict[str, frozenset]:
    lists = {lang: read_language_data(node_modules, lang).stop_words for lang in LANGUAGES}
    return {"en": frozenset(ENGLISH_STOP_WORDS), **lists}


@lru_cache(maxsize=None)
def stop_sets(node_modules: Path) -> dict[str, frozenset]:
    """Each language's stop words, as written and folded."""
    return {lang: words | {fold(w) for w in words}
            for lang, words in _stop_lists(node_modules).items()}


def browser_tables(node_modules: Path) -> dict:
    """The letter tables search-words.js needs, from the pinned anyascii and lunr-languages:
    written into the search manifest by each build, so no copy of them is kept in the
    repository and the two sides cannot drift apart."""
    return {"fold": fold_table(), "latin": transliteration_table(),
            "stops": folded_stop_words(node_modules)}


# --- Words -----------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _word_class() -> str:
    """Unicode categories L, N and M as a character class body: JavaScript's
    [\\p{L}\\p{N}\\p{M}] (Python's re has no \\p)."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code))[0] in "LNM":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


@lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """The possessive ('s not followed by a letter) and a chunk (letters and dots)."""
    word = _word_class()
    return re.compile(f"'[sS](?![{word}])"), re.compile(f"[{word}.]+")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=None)
def _bmp_chunk() -> re.Pattern:
    """The chunk pattern for text with no character beyond U+FFFF, which is nearly all: re
    tests a character against the class's ranges beyond U+FFFF one by one, so every space
    and comma paid for some 300 of them (10 times slower over the analyses)."""
    ranges = re.findall(r"\\U([0-9a-f]{8})-\\U([0-9a-f]{8})", _word_class())
    bmp = "".join(f"\\U{start}-\\U{min(int(end, 16), 0xFFFF):08x}"
                  for start, end in ranges if int(start, 16) <= 0xFFFF)
    return re.compile(f"[{bmp}.]+")


def fold(text: str) -> str:
    """Lowercase, the fold table's letters replaced (ё -> е, ß -> ss), then accents stripped
    (but not the breve of й)."""
    text = unicodedata.normalize("NFC", text.lower()).translate(_fold_translation())
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))


@lru_cache(maxsize=None)
def _fold_translation() -> dict:
    return str.maketrans(fold_table())


def chunks(text: str) -> list[str]:
    """Runs of letters, digits, marks and dots, possessives dropped; not yet folded."""
    possessive, chunk = _patterns()
    text = possessive.sub("", _APOSTROPHES.sub("'", text))
    return (chunk if _ASTRAL.search(text) else _bmp_chunk()).findall(text)


def chunk_words(chunk: str) -> list[str]:
    """A chunk's folded words: one, or the parts of a dotted name ("Today.az")."""
    return [word for word in (fold(part) for part in chunk.split(".")) if word]


def query_words(text: str) -> list[str]:
    """Words as the browser reads a query: a dotted name is one word (today.az)."""
    found = []
    for chunk in chunks(text):
        parts = chunk_words(chunk)
        if parts:
            found.append(".".join(parts))
    return found


# --- Stems and keys --------------------------------------------------------------------------

class _LunrJsPorter(PorterStemmer):
    """lunr.py's Porter stemmer with lunr.js's step 1c: y becomes i after a consonant that is
    not the word's first letter ("sky" -> "ski", "day" stays), where lunr.py wants a vowel
    anywhere before it ("day" -> "dai"). Without this, "sky" indexed here is never found."""

    _RE_1C = re.compile(r"^(.+?[^aeiou])y$")

    def step1c(self):
        if self._RE_1C.match(self.b[: self.k + 1]):
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1:]


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    if lang == "en":
        return lru_cache(maxsize=200_000)(_LunrJsPorter().stem)
    return lru_cache(maxsize=200_000)(snowballstemmer.stemmer(LANGUAGES[lang]).stemWord)


def stem(lang: str, word: str) -> str:
    return _stemmer(lang)(word)


def name_key(word: str) -> str:
    """A folded word as a name written in Latin, its spellings evened out, or "" if it has
    letters of other scripts: Песков, Peskow, Пескова -> peskov; Алиев, Alijew -> aliev;
    Шуша, Schuscha, Shushi -> shush."""
    table = transliteration_table()
    latin = "".join(table.get(letter, letter) for letter in word)
    if not _ASCII_KEY.fullmatch(latin):
        return ""
    for spelling, common in KEY_SPELLINGS:
        latin = latin.replace(spelling, common)
    return _without_case_ending(_IY_BEFORE_VOWEL.sub("i", latin))


def key_term(word: str) -> str:
    """The index term of a word's name key: the key and KEY_MARK, a character no word has,
    so keys meet only keys ("wet", keyed "vet", must not find a vet); "" if it has none."""
    key = name_key(word)
    return key + KEY_MARK if len(key) >= KEY_MIN else ""


def _without_case_ending(key: str) -> str:
    """A Russian case ending dropped (-ym, -om, a final vowel run) from a key of 5+ letters,
    keeping 3: Пескова and Песковым meet Песков; short words ("Kura", "kure") stay apart,
    as they get no typo matches either."""
    if len(key) < ENDING_MIN:
        return key
    if len(key) >= 6 and key[-2:] in ("ym", "om"):
        key = key[:-2]
    bare = key.rstrip("aeiouy")
    return bare if len(bare) >= KEY_MIN else key


def umlaut_variant(word: str) -> str:
    """ "telefongespraech" -> "telefongesprach": an ae, oe, ue spelling of ä, ö, ü written
    as the folded umlaut (not ue after q); "" when there is none or the word is short."""
    if len(word) < UMLAUT_MIN:
        return ""
    variant = _UMLAUT_SPELLING.sub(
        lambda m: m.group() if m.start() and word[m.start() - 1] == "q" else m.group()[0],
        word)
    return variant if variant != word else ""


# --- The two sides ---------------------------------------------------------------------------

def lookups(word: str, node_modules: Path) -> list[str]:
    """The index terms a query word is looked up as (search-words.js's lookups): its stem in
    each language where it is not a stop word, the German stem of its umlaut variant, its
    name key's term. A stop word in every language has none."""
    if "." in word:
        return _dotted_lookups(word, node_modules)
    stops = stop_sets(node_modules)
    found: list[str] = []
    for lang in ALL_LANGUAGES:
        if word not in stops[lang]:
            _add(found, stem(lang, word))
    if not found:
        return found
    variant = umlaut_variant(word)
    if variant and variant not in stops["de"]:
        _add(found, stem("de", variant))
    _add(found, key_term(word))
    return found


def _dotted_lookups(word: str, node_modules: Path) -> list[str]:
    """A dotted name as itself, and as each part but the last (a pasted "azernews.az" finds
    the outlet the site calls AzerNews) that has DOTTED_PART_MIN letters ("U.S." has none)."""
    found = [word]
    for part in word.split(".")[:-1]:
        if len(part) >= DOTTED_PART_MIN:
            for term in lookups(part, node_modules):
                _add(found, term)
    return found


def stop_somewhere(word: str, node_modules: Path) -> bool:
    """Whether a word is a stop word in some site language ("the", "in", "war"): the index
    may not hold it at all, so a query can do without it when it matches nothing."""
    stops = stop_sets(node_modules)
    return any(word in stops[lang] for lang in ALL_LANGUAGES)


def _add(found: list[str], term: str) -> None:
    if term and term not in found:
        found.append(term)


def _word_terms(lang: str, word: str, capitalised: bool, stops: frozenset) -> tuple:
    """A word's index terms in one language: its stem, and a proper name's key."""
    if word in stops:
        return ()
    stemmed = stem(lang, word)
    key = key_term(word) if capitalised else ""
    return (stemmed, key) if key and key != stemmed else (stemmed,)


def _chunk_analyser(lang: str, stops: frozenset):
    """chunk -> its terms in ``lang``, memoised: prose repeats its words."""

    @lru_cache(maxsize=200_000)
    def terms(chunk: str) -> tuple:
        parts = [(fold(part), part[:1].isupper()) for part in chunk.split(".")]
        parts = [(word, capitalised) for word, capitalised in parts if word]
        found = [".".join(word for word, _ in parts)] if len(parts) > 1 else []
        for word, capitalised in parts:
            found.extend(_word_terms(lang, word, capitalised, stops))
        return tuple(found)

    return terms


@lru_cache(maxsize=None)
def language_analysers(node_modules: Path) -> dict:
    """lang -> function(text) -> that text's index terms in that language alone: split and
    folded as above, that language's stop words dropped, stemmed by its stemmer, plus the
    name keys of capitalised words and the whole of dotted names."""
    stops = stop_sets(node_modules)
    return {lang: _analyser(_chunk_analyser(lang, stops[lang])) for lang in ALL_LANGUAGES}


def _analyser(chunk_terms):
    def analyse(text: str) -> list[str]:
        return [term for chunk in chunks(text) for term in chunk_terms(chunk)]
    return analyse
