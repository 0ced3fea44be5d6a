r"""English, German and Russian search pipelines that match lunr.js + lunr-languages exactly.

The browser stems query words with lunr-languages' Snowball stemmers; the index must hold
the very stems those produce, or "Raketen" would not find "Rakete". So, on the Python side:

* stemmers come from the ``snowballstemmer`` package (the same Snowball algorithms), under
  lunr-languages' labels ``stemmer-de`` and ``stemmer-ru``; English uses lunr.py's Porter
  stemmer corrected to lunr.js's step 1c;
* the word characters of the trimmer and the German and Russian stop-word lists are read
  from the installed lunr-languages package itself, so both sides share one list;
* ``fold-yo`` folds ё to е before anything else, on both sides (theme/static/js/search.js);
* lunr.py splits on fewer kinds of space than lunr.js's /[\s\-]+/, so search.py folds all
  whitespace to plain spaces before indexing.

A test runs the real lunr-languages code in Node over the site's whole vocabulary and
compares, so a drift between the two sides fails the build's tests, not the reader.
lunr.py's own ``languages=`` option is not used: it downloads NLTK data at build time.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from lunr.stop_word_filter import generate_stop_word_filter, stop_word_filter

LANGUAGES = {"de": "german", "ru": "russian"}
# JavaScript's \w is ASCII; lunr-languages adds 0-9 to every trimmer.
_ASCII_WORD = "A-Za-z0-9_"
_WORD_CHARS_RE = r'lunr\.{lang}\.wordCharacters = "([^"]*)"'
_STOP_WORDS_RE = r"lunr\.{lang}\.stopWordFilter = lunr\.generateStopWordFilter\('([^']*)'"


class LanguageDataError(RuntimeError):
    """lunr-languages is missing or no longer has the shape we read."""


@dataclass(frozen=True)
class LanguageData:
    word_characters: str
    stop_words: frozenset


def read_language_data(node_modules: Path, lang: str) -> LanguageData:
    """Word characters and stop words of one language, from lunr.<lang>.js."""
    path = node_modules / "lunr-languages" / f"lunr.{lang}.js"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LanguageDataError(f"{path}: {err}; run `make site` to install the npm packages") \
            from err
    chars = re.search(_WORD_CHARS_RE.format(lang=lang), source)
    words = re.search(_STOP_WORDS_RE.format(lang=lang), source)
    if not chars or not words:
        raise LanguageDataError(f"{path}: word characters or stop words not found; "
                                "has lunr-languages changed its layout?")
    return LanguageData(codecs.decode(chars.group(1), "unicode_escape"),
                        frozenset(words.group(1).split(" ")))


def _label(fn, label: str):
    """Register ``fn`` under ``label`` once (lunr's registry is process-wide). Replacing
    lunr.py's own "stemmer" is deliberate, so lunr's warning about it is not shown."""
    if Pipeline.registered_functions.get(label) is not fn:
        pipeline_log = logging.getLogger("lunr.pipeline")
        level = pipeline_log.level
        pipeline_log.setLevel(logging.ERROR)
        try:
            Pipeline.register_function(fn, label)
        finally:
            pipeline_log.setLevel(level)
    return fn


class _LunrJsPorter(PorterStemmer):
    """lunr.py's Porter stemmer with lunr.js's step 1c: y becomes i after a consonant that is
    not the word's first letter ("sky" -> "ski", "day" stays), where lunr.py wants a vowel
    anywhere before it ("day" -> "dai"). Without this, "sky" indexed here is never found."""

    _RE_1C = re.compile(r"^(.+?[^aeiou])y$")

    def step1c(self):
        if self._RE_1C.match(self.b[: self.k + 1]):
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1:]


_english = lru_cache(maxsize=200_000)(_LunrJsPorter().stem)


def english_stemmer(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: _english(s))


def fold_yo(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: s.replace("ё", "е"))


@lru_cache(maxsize=None)
def _snowball(lang: str):
    stemmer = snowballstemmer.stemmer(LANGUAGES[lang])
    stem_word = lru_cache(maxsize=200_000)(stemmer.stemWord)

    def stem(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: stem_word(s))

    return _label(stem, f"stemmer-{lang}")


def _trimmer(word_characters: str):
    allowed = _ASCII_WORD + word_characters
    start, end = re.compile(f"^[^{allowed}]+"), re.compile(f"[^{allowed}]+$")

    def trim(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: end.sub("", start.sub("", s)))

    return _label(trim, "lunr-multi-trimmer-en-de-ru")


@lru_cache(maxsize=None)
def _stop_filter(lang: str, words: frozenset):
    return _label(generate_stop_word_filter(words, lang), f"stopWordFilter-{lang}")


ALL_LANGUAGES = ("en", "de", "ru")


@lru_cache(maxsize=None)
def language_analysers(node_modules: Path) -> dict:
    """lang -> function(text) -> the terms lunr.js + lunr-languages would make of that text
    in that language alone: trimmed, ё folded, that language's stop words dropped, stemmed
    by that language's stemmer. Each text is stemmed once, by its own language."""
    data = {lang: read_language_data(node_modules, lang) for lang in LANGUAGES}
    _label(fold_yo, "fold-yo")
    trimmer = _trimmer("".join(data[lang].word_characters for lang in LANGUAGES))
    steps = {"en": (stop_word_filter, _label(english_stemmer, "stemmer")),
             **{lang: (_stop_filter(lang, data[lang].stop_words), _snowball(lang))
                for lang in LANGUAGES}}
    return {lang: _analyser(_memoised(trimmer, fold_yo, *steps[lang], label=f"index-{lang}"))
            for lang in ALL_LANGUAGES}


def _analyser(pipeline_fn):
    def analyse(text: str) -> list[str]:
        tokens = (pipeline_fn(token) for token in Tokenizer(text))
        return [str(token) for token in tokens if token is not None and str(token)]
    return analyse


def term_builder() -> Builder:
    """A lunr Builder for fields given as lists of finished terms: no pipeline on either
    side (the browser stems each query word in every language itself)."""
    return Builder()


def _memoised(*functions, label="factcheck-index-pipeline"):
    """One language's pipeline as one function that runs each distinct word once: prose
    repeats its words, and pipeline steps per occurrence were half the index's build time."""
    pipeline = Pipeline()
    pipeline.add(*functions)
    seen: dict[str, str | None] = {}

    def run(token, i=None, tokens=None):
        word = str(token)
        if word not in seen:
            out = pipeline.run([Token(word)])
            seen[word] = str(out[0]) if out else None
        result = seen[word]
        return None if result is None else token.update(lambda s, metadata=None: result)

    return _label(run, label)
