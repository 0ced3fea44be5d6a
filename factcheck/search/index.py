"""Client-side search: a lunr index built here, answered in the reader's browser.

Documents are analysed into terms as languages.py says (lunr.py's Porter stemmer and stop
words for English, Snowball stemmers for German and Russian, lunr-languages' stop words)
and counted into each term's postings (term_counts.py); the browser scores them with
lunr's BM25 formula (search-engine.js, with lunr.js's token sets for prefixes and typos),
so a query ranks as lunr.js ranks lunr.py's index of the same documents.

What goes to output/search/: the postings, split by shards.py into shards by term that
a query fetches as it needs them, and a results list (kind, title, URL, verdict, snippet) in
small parts that the page fetches for the hits it shows. Every file is a JavaScript file that
sets a global rather than JSON to fetch(), so search also works when output/ is opened from
disk (file:// forbids fetch); each carries its data as one JSON string given to JSON.parse,
which a browser reads about ten times faster than the same data as an object literal. The
page loads them, with lunr.js and lunr-languages from npm, only when the reader first uses
search. Indexed: claims, sources, events, analysis bodies (when asked) and the site's pages.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from lunr.builder import Builder

from ..model.catalog import Catalog
from .languages import browser_tables, language_analysers, stop_sets
from .shards import write_posting_texts
from .term_counts import Postings, replace_documents
from .both_cores import postings_on_both_cores
from .terms_cache import CachedAnalyser, analysers_state, cache_file
from ..render.views import language_name, verdict_styles
from ..settings import Urls

# (field, boost): a hit in a claim's own words or a title counts most.
FIELDS = (("title", 10), ("people", 5), ("tags", 3), ("text", 1))
SNIPPET_CHARS = 160
# Browser libraries from node_modules, copied beside the index (with their licences).
VENDOR_FILES = {
    "lunr/lunr.min.js": "lunr.min.js",
    "lunr/LICENSE": "LICENSE-lunr.txt",
    "lunr-languages/min/lunr.stemmer.support.min.js": "lunr.stemmer.support.min.js",
    "lunr-languages/min/lunr.de.min.js": "lunr.de.min.js",
    "lunr-languages/min/lunr.ru.min.js": "lunr.ru.min.js",
    "lunr-languages/LICENSE": "LICENSE-lunr-languages.txt",
}


@dataclass(frozen=True)
class SearchDocument:
    """What is indexed (fields) and what a result shows (the rest)."""

    kind: str
    title: str
    url: str
    people: str = ""
    tags: str = ""
    text: str = ""
    verdict: str = ""
    style: str = ""  # the verdict's look: one of schema.VERDICT_STYLES
    snippet: str = ""
    # Text not in English, indexed by its own language: (field, BCP 47 tag, text).
    foreign: tuple = ()
    title_lang: str = "en"


def _flat(*parts: str) -> str:
    """One line of text: lunr.py splits on fewer kinds of space than lunr.js does."""
    return " ".join(" ".join(p for p in parts if p).split())


def _clip(text: str) -> str:
    text = _flat(text)
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class SitePage:
    """A page of the site (about, methodology, corrections) as search needs it."""

    title: str
    url: str
    html: str


# Tags that run inline with the words around them; any other tag separates words.
INLINE_TAGS = frozenset("a abbr b cite code em i mark q s small span strong sub u".split())


class _TextOnly(HTMLParser):
    """Collects an HTML fragment's text, entities decoded, a space where a block begins.
    Citation markers (<sup class="citation">[1]</sup>) are left out: "blue[1]" would be
    indexed as one word that no reader types."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_citation = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "sup" and "citation" in (dict(attrs).get("class") or "").split():
            self.in_citation += 1
        elif tag == "sup" and self.in_citation:
            self.in_citation += 1
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag == "sup" and self.in_citation:
            self.in_citation -= 1
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        if not self.in_citation:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The words of rendered HTML, without its tags: what a reader sees is what is indexed."""
    parts = _plain_tags_text(html)
    if parts is None:
        parser = _TextOnly()
        parser.feed(html)
        parser.close()
        parts = parser.parts
    return _flat("".join(parts))


# A start or end tag as HTMLParser reads its name. Our renderer writes ">" in an attribute
# value as &gt;, so a tag ends at the first ">"; a quote left open says it did not.
_TAG = re.compile(r"<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)([^>]*)>")
_CLASS = re.compile(r'\sclass="([^"]*)"')
_RAW_TEXT_TAGS = ("script", "style")  # HTMLParser reads their content differently


def _plain_tags_text(html: str) -> list[str] | None:
    """_TextOnly's parts, several times faster, for HTML as our Markdown renderer writes it:
    plain start and end tags with double-quoted attributes, every other "<" escaped. None
    for anything else (a comment, a bare "<", a single quote in a tag): HTMLParser reads it."""
    parts: list[str] = []
    in_citation, at = 0, 0
    for tag in _TAG.finditer(html):
        text = html[at:tag.start()]
        if "<" in text:
            return None
        if text and not in_citation:
            parts.append(unescape(text))
        at = tag.end()
        closing, name, attrs = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _RAW_TEXT_TAGS or "<" in attrs or "'" in attrs or attrs.count('"') % 2:
            return None
        if name == "sup" and not attrs.rstrip().endswith("/"):  # <sup/> opens and closes
            change = _citation_change(bool(closing), in_citation, attrs)
            if change is None:
                return None
            in_citation += change
        if name not in INLINE_TAGS:
            parts.append(" ")
    text = html[at:]
    if "<" in text:
        return None
    if text and not in_citation:
        parts.append(unescape(text))
    return parts


def _citation_change(closing: bool, in_citation: int, attrs: str) -> int | None:
    """How a <sup> tag changes _TextOnly.in_citation; None if its class is not plain."""
    if closing:
        return -1 if in_citation else 0
    if in_citation:
        return 1
    if "class" not in attrs.lower():
        return 0
    found = _CLASS.findall(attrs)
    if len(found) != 1 or attrs.lower().count("class") != 1:
        return None
    return int("citation" in unescape(found[0]).split())


def rating_scale_html(ratings) -> str:
    """The verdicts and their meanings that the methodology page shows beneath its text, so
    "misleading" finds the page that defines it."""
    return "<h2>The rating scale</h2>" + "".join(
        f"<p>{escape(rating.label)}: {escape(rating.meaning)}</p>" for rating in ratings)


def page_documents(pages: Iterable[SitePage]) -> Iterator[SearchDocument]:
    """The site's own pages, so "corrections policy" finds the corrections page."""
    for page in pages:
        text = html_text(page.html)
        yield SearchDocument("page", page.title, page.url, text=text, snippet=_clip(text))


def documents(catalog: Catalog, urls: Urls,
              analysis_text: Callable[[str], str] | None = None,
              pages: Iterable[SitePage] = ()) -> Iterator[SearchDocument]:
    """Claims (with their quotes, in the original and in translation, and their analysis
    text when given: ``analysis_text(claim id)``, made as each document is, so the texts
    of 10,000 analyses are not held twice), sources, events and the site's pages as search
    documents."""
    styles = verdict_styles(catalog.ratings.values())  # the theme's look, never the id
    for claim in catalog.claims.values():
        yield claim_document(claim, catalog, urls, analysis_text, styles)
    for source in catalog.sources.values():
        yield SearchDocument(
            "source", source.title, urls.url("source", source.id), title_lang=source.title_lang,
            people=_flat(source.publisher or "", *source.authors),
            tags=language_name(source.language),
            foreign=(("text", source.language, _flat(source.note or "")),),
            snippet=_clip(" · ".join(filter(None, [
                source.publisher or "outlet unknown",
                source.published.human() if source.published else "date unknown"]))))
    for event in catalog.events.values():
        accounts = " ".join(a.says for a in event.accounts)
        yield SearchDocument(
            "event", event.title, urls.url("chronology") + f"#event-{event.id}",
            text=_flat(event.text or "", accounts),
            snippet=_clip(f"{event.date.human() if event.date else 'Date unknown'}. "
                          f"{event.text or ''}"))
    yield from page_documents(pages)


def claim_document(claim, catalog: Catalog, urls: Urls,
                   analysis_text: Callable[[str], str] | None, styles: dict[str, str]
                   ) -> SearchDocument:
    """A claim as search indexes it: its words, its quotes in the original and in
    translation, its analysis's text when given (see ``documents``)."""
    rating = catalog.ratings[claim.rating]
    return SearchDocument(
        "claim", claim.claim, urls.url("claim", claim.id),
        people=_flat(claim.claimant, claim.claimant_role or ""),
        tags=_flat(*claim.tags, rating.label),
        text=_flat(claim.summary, *(q.translation or "" for q in claim.quotes),
                   analysis_text(claim.id) if analysis_text else ""),
        foreign=tuple(("text", q.lang, _flat(q.text)) for q in claim.quotes),
        verdict=rating.label, style=styles[rating.id], snippet=_clip(claim.summary))


def _language(tag: str) -> str:
    """The site language whose stemmer fits a BCP 47 tag ("de-AT" -> "de"); English else."""
    primary = tag.split("-")[0].lower()
    return primary if primary in ("de", "ru") else "en"


def field_terms(doc: SearchDocument, analysers: dict) -> dict[str, list[str]]:
    """Each field's finished terms: our prose stemmed as English, the rest by its language.
    Tags are lowercased first: a capitalised word also gets a name key, and a rating label
    ("Unproven") on every claim is not a name."""
    terms = {name: analysers["en"](getattr(doc, name)) for name, _ in FIELDS}
    terms["tags"] = analysers["en"](doc.tags.lower())
    terms["title"] = analysers[_language(doc.title_lang)](doc.title)
    for name, tag, text in doc.foreign:
        terms[name] += analysers[_language(tag)](text)
    return terms


class TermsBuilder(Builder):
    """lunr.py's Builder, fed finished terms. Its add() would tokenise each term again and
    deep-copy an empty metadata dict per occurrence (half the index's build time at 10,000
    claims); add_terms records the very same counts, lengths and postings, in the same order,
    once per distinct term, and lunr.py's build() scores them as before."""

    def add_terms(self, doc_ref: str, fields: dict[str, list[str]]) -> None:
        self._documents[doc_ref] = {}
        self.document_count += 1
        for field_name in self._fields:
            counts = Counter(term.lower() for term in fields[field_name])
            field_ref = f"{field_name}/{doc_ref}"
            self.field_term_frequencies[field_ref] = defaultdict(int, counts)
            self.field_lengths[field_ref] = len(fields[field_name])
            for term in counts:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = defaultdict(list)


def build_index(docs: list[SearchDocument], node_modules: Path) -> dict:
    """The serialised lunr index lunr.py builds; a document's ref is its position in
    ``docs``. Not written to the site: the reference the search files are held to in tests
    (the browser's scores are this index's)."""
    analysers = language_analysers(node_modules)
    builder = TermsBuilder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, doc in enumerate(docs):
        builder.add_terms(str(ref), field_terms(doc, analysers))
    return builder.build().serialize()


def build_postings(docs: list[SearchDocument], node_modules: Path,
                   project_root: Optional[Path] = None) -> Postings:
    """Each term's postings (term_counts.py) and the fields' total lengths: what lunr.py's
    Builder counts before it scores (the browser scores). With the project's root,
    documents analysed by its last build are not analysed again."""
    analysers = language_analysers(node_modules)
    analyse = CachedAnalyser(lambda doc: field_terms(doc, analysers), cache_file(
        project_root, analysers_state(stop_sets(node_modules))) if project_root else None)
    postings = postings_on_both_cores(docs, analyse, [name for name, _ in FIELDS])
    analyse.save()
    return postings


def results_list(docs: list[SearchDocument]) -> list[dict]:
    """What the page needs to show a hit, nothing more."""
    keep = ("kind", "title", "url", "verdict", "style", "snippet")
    return [{key: getattr(doc, key) for key in keep if getattr(doc, key)} for doc in docs]


@dataclass(frozen=True)
class SearchIndex:
    """What the search files were written from: a serve process keeps it, so an edit
    rewrites the index from the edited documents alone (``rewrite_search_files``)."""

    docs: list[SearchDocument]
    postings: Postings


def write_search_files(output: Path, docs: list[SearchDocument], node_modules: Path,
                       project_root: Optional[Path] = None,
                       previous: Optional[Path] = None) -> SearchIndex:
    """Write search/index.js (the manifest), the shards and parts it names, and the
    vendored browser libraries. ``previous``: the last build's output folder, whose files
    of the same name (named by their content) are linked rather than written again."""
    postings = build_postings(docs, node_modules, project_root)
    _write_index(output, docs, postings, node_modules, previous)
    return SearchIndex(docs, postings)


def rewrite_search_files(output: Path, index: SearchIndex, changed: dict[int, SearchDocument],
                         node_modules: Path, previous: Optional[Path] = None) -> SearchIndex:
    """``write_search_files`` for ``index``'s documents with those of ``changed`` (ref ->
    document) replaced: only the edited documents are analysed, only their terms'
    postings written again (term_counts.replace_documents); the same files either way."""
    analysers = language_analysers(node_modules)
    old = {ref: field_terms(index.docs[ref], analysers) for ref in changed}
    new = {ref: field_terms(doc, analysers) for ref, doc in changed.items()}
    postings = replace_documents(index.postings, old, new, [name for name, _ in FIELDS])
    docs = list(index.docs)
    for ref, doc in changed.items():
        docs[ref] = doc
    _write_index(output, docs, postings, node_modules, previous)
    return SearchIndex(docs, postings)


def _write_index(output: Path, docs: list[SearchDocument], postings: Postings,
                 node_modules: Path, previous: Optional[Path]) -> None:
    folder = output / "search"
    (folder / "vendor").mkdir(parents=True, exist_ok=True)
    write_posting_texts(folder, postings, FIELDS, results_list(docs), [doc.kind for doc in docs],
                        tables=browser_tables(node_modules),
                        previous=previous / "search" if previous else None)
    for source, target in VENDOR_FILES.items():
        shutil.copyfile(node_modules / source, folder / "vendor" / target)
