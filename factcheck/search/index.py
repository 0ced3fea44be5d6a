"""Client-side search: a lunr index built here, answered by lunr.js in the reader's browser.

What goes to output/search/: the index, split by shards.py into shards by term that
a query fetches as it needs them, and a results list (kind, title, URL, verdict, snippet) in
small parts that the page fetches for the hits it shows. Every file is a JavaScript file that
sets a global rather than JSON to fetch(), so search also works when output/ is opened from
disk (file:// forbids fetch); each carries its data as one JSON string given to JSON.parse,
which a browser reads about ten times faster than the same data as an object literal. The
page loads them, with lunr.js and lunr-languages from npm, only when the reader first uses
search. Indexed: claims, sources, events, analysis bodies (when asked) and the site's pages.
"""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from lunr.builder import Builder

from ..model.catalog import Catalog
from .languages import browser_tables, language_analysers
from .shards import write_shards
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
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return _flat("".join(parser.parts))


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


def documents(catalog: Catalog, urls: Urls, analyses: dict[str, str] | None = None,
              pages: Iterable[SitePage] = ()) -> Iterator[SearchDocument]:
    """Claims (with their quotes, in the original and in translation, and their analysis
    text when given), sources, events and the site's pages as search documents."""
    styles = verdict_styles(catalog.ratings.values())  # the theme's look, never the id
    for claim in catalog.claims.values():
        rating = catalog.ratings[claim.rating]
        yield SearchDocument(
            "claim", claim.claim, urls.url("claim", claim.id),
            people=_flat(claim.claimant, claim.claimant_role or ""),
            tags=_flat(*claim.tags, rating.label),
            text=_flat(claim.summary, *(q.translation or "" for q in claim.quotes),
                       (analyses or {}).get(claim.id, "")),
            foreign=tuple(("text", q.lang, _flat(q.text)) for q in claim.quotes),
            verdict=rating.label, style=styles[rating.id], snippet=_clip(claim.summary))
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
    """The serialised lunr index; a document's ref is its position in ``docs``."""
    analysers = language_analysers(node_modules)
    builder = TermsBuilder()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, doc in enumerate(docs):
        builder.add_terms(str(ref), field_terms(doc, analysers))
    return builder.build().serialize()


def results_list(docs: list[SearchDocument]) -> list[dict]:
    """What the page needs to show a hit, nothing more."""
    keep = ("kind", "title", "url", "verdict", "style", "snippet")
    return [{key: getattr(doc, key) for key in keep if getattr(doc, key)} for doc in docs]


def write_search_files(output: Path, docs: list[SearchDocument], node_modules: Path) -> None:
    """Write search/index.js (the manifest), the shards and parts it names, and the
    vendored browser libraries."""
    folder = output / "search"
    (folder / "vendor").mkdir(parents=True, exist_ok=True)
    write_shards(folder, build_index(docs, node_modules), results_list(docs),
                 [doc.kind for doc in docs], tables=browser_tables(node_modules))
    for source, target in VENDOR_FILES.items():
        shutil.copyfile(node_modules / source, folder / "vendor" / target)
