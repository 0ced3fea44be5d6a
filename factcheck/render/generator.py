"""The Pelican generator: Pelican's two phases over one shared context.

``generate_context`` checks the settings and inputs (or takes the check ``build.py`` already
made) and builds every page's view once; ``generate_output`` only renders templates. Nothing
is written when the check fails: the error is raised before the output phase begins, with
every problem at its FILE:LINE:COL (plain ``pelican`` prints it without a traceback).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from pelican.generators import Generator
from pelican.writers import Writer

from ..checked_site import CheckedSite, check_site
from ..export import feeds
from ..export import open_data as exports
from ..model.analyses import Analysis
from ..model.catalog import Catalog
from ..model.dates import human_date
from ..model.problems import CheckFailed
from ..model.publisher import publisher_from_settings
from ..model.schema import Rating
from ..search import apart, index as search
from ..settings import Urls, settings_file_of_pelican_command
from . import chronology, share_images, sitemap
from .chronology import Entry
from .chronology_pages import ChronologyPages, YearPage, chronology_pages
from .paging import Page, paginate
from ..progress import stage
from .parallel import in_two_processes
from .jsonld import absolute, claim_review, correction_url, organization
from .timelinejs import timeline
from .views import (ClaimView, GroupView, SourceView, analysis_view, claim_views,
                    claimant_views, language_name, latest_fact_checks, ratings_in_order,
                    source_views, tag_views, verdict_class, verdict_styles)


@dataclass(frozen=True)
class SiteViews:
    """Everything the fact-check templates read, under ``factcheck`` in the context."""

    catalog: Catalog
    ratings: list[Rating]
    claims: list[ClaimView]
    sources: list[SourceView]
    chronology: list[Entry]
    event_html: dict[str, str]
    latest: list[ClaimView] = field(default_factory=list)  # "Latest fact-checks", all
    claimants: list[GroupView] = field(default_factory=list)
    tags: list[GroupView] = field(default_factory=list)
    chronology_pages: Optional[ChronologyPages] = None  # one page, or a page per year


def content_security_policy(image_hosts: tuple[str, ...]) -> str:
    """Scripts, styles and everything else only from the site itself; images also from the
    hosts the site's settings allow (FACTCHECK_IMAGE_HOSTS)."""
    hosts = "".join(f" https://{host}" for host in image_hosts
                    if host and all(c.isalnum() or c in ".-" for c in host))
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src 'self'{hosts}; object-src 'none'; base-uri 'none'; form-action 'self'")


def link_helper(urls: Urls, pages: list) -> Callable[..., Optional[str]]:
    """The templates' one way to link a page: ``path_to('claim', id)``, ``path_to('tags')``,
    ``path_to('page', 'methodology')`` (None when the site has no such page), a list's later
    page ``path_to('claims', '', 2)``."""
    page_urls = {page.slug: page.url for page in pages}

    def path_to(kind: str, key: str = "", number: Optional[int] = None) -> Optional[str]:
        return page_urls.get(key) if kind == "page" else urls.url(kind, key, number)
    return path_to


class FactCheckGenerator(Generator):
    """Writes the home page, claim pages, source pages and their indexes."""

    checked: Optional[CheckedSite] = None  # set by build.py, which has checked already
    # Set by build.py when only analyses' text changed since the last build (reuse.py): the
    # claims whose page to render; every other file but the search index is the last one's.
    reuse: Optional[frozenset[str]] = None
    # The last build's output/, whose search files of the same name this build links.
    previous_output: Optional[Path] = None
    # A serve process keeps the generator once it has written the site (live.py).
    keep: Optional[Callable[["FactCheckGenerator"], None]] = None
    search_index: Optional[search.SearchIndex] = None  # what the search files hold

    def generate_context(self) -> None:
        checked = self.checked or check_site(self.settings, settings_file_of_pelican_command())
        catalog = checked.result.catalog
        if not checked.ok or catalog is None:
            raise CheckFailed(checked.result.problems)
        self.plugin, self.urls, self.result = checked.plugin, checked.urls, checked.result
        located = chronology_pages(chronology.entries(catalog), self.urls,
                                   self.plugin.chronology_page_size)
        claims = claim_views(catalog, self.result.analyses, self.urls, located.entry_urls())
        self.site = SiteViews(
            catalog=catalog,
            ratings=list(catalog.ratings.values()),
            claims=claims,
            sources=source_views(catalog, self.result.verified_sources, self.urls),
            chronology=located.entries,
            event_html=self.result.event_html,
            latest=latest_fact_checks(claims),
            claimants=claimant_views(claims, ratings_in_order(catalog)),
            tags=tag_views(claims, ratings_in_order(catalog), self.urls),
            chronology_pages=located,
        )
        self.context["factcheck"] = self.site
        self._share_helpers(catalog)

    def _share_helpers(self, catalog: Catalog) -> None:
        """Values and functions every template needs, Pelican's page templates included (they
        have their own Jinja environment, so these go in the shared context)."""
        pages = self.context.get("pages", [])
        self.context["path_to"] = link_helper(self.urls, pages)
        self.context["factcheck_csp"] = content_security_policy(self.plugin.image_hosts)
        self.context["factcheck_feeds"] = feeds.feed_links(self.settings, catalog)
        self.context["factcheck_publisher"] = publisher = publisher_from_settings(self.settings)
        self.context["factcheck_organization"] = organization(
            publisher, self.settings["SITENAME"], self.settings.get("SITEURL", ""),
            {page.slug: page.url for page in pages})
        self.context["verdict_class"] = verdict_class(verdict_styles(catalog.ratings.values()))
        # Canonical and og: URLs (base.html), shared with Pelican's pages; "" in local builds.
        self.context["factcheck_canonical_root"] = share_images.canonical_root(self.settings)
        self.context["factcheck_share_image"] = share_images.TEMPLATE_INFO
        self.env.globals["language_name"] = language_name
        self.env.filters["human_date"] = human_date  # not strftime: locale-free
        self.env.filters["clip"] = share_images.clip

    def _write(self, writer, kind: str, key: str = "", template: str = "",
               number: Optional[int] = None, **values) -> None:
        url = self.urls.url(kind, key, number)
        writer.write_file(self.urls.save_as(kind, key, number),
                          self.get_template(template or kind), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url,
                          page_url=url, **values)

    def generate_output(self, writer) -> None:
        self._generate_output(writer)
        if self.keep is not None:
            self.keep(self)

    def _generate_output(self, writer) -> None:
        if self.reuse is not None:
            self._write_edited(writer, self.reuse)
            return
        site = self.site
        with stage(f"{len(site.claims)} claim pages and the claims list"):
            self._write(writer, "home", template="index")
            self._write_paged(writer, "claims", "", site.claims)
            self._write_claims(writer, site.claims)
        with stage(f"{len(site.sources)} source pages"):
            self._write(writer, "sources")
            in_two_processes(site.sources, lambda views: self._write_sources(writer, views))
        with stage(f"{len(site.claimants)} claimant and {len(site.tags)} tag pages"):
            self._write_groups(writer)
        with stage(f"the chronology ({len(site.chronology)} entries)"):
            self._write_chronology(writer)
        with stage("the search index"):
            self._write_search(writer)
        with stage("corrections log, feeds, share images, open data, sitemap"):
            self._write(writer, "corrections_log", log=feeds.corrections(site.claims))
            self._write_files(writer)

    def _write_sources(self, writer, views: Sequence[SourceView]) -> None:
        for view in views:
            self._write(writer, "source", view.source.id, view=view)

    def _write_edited(self, writer, claim_ids: frozenset[str]) -> None:
        """A rebuild after analyses' text was edited: their claim pages and the search
        index; build.py links every other file from the last build (reuse.py)."""
        edited = [view for view in self.site.claims if view.claim.id in claim_ids]
        with stage(f"{len(edited)} claim page(s) whose analysis changed"):
            self._write_claims(writer, edited)
        with stage("the search index"):
            self._write_search(writer)

    def write_live_edit(self, output: Path, analyses: dict[str, Analysis]) -> None:
        """A serve process's rebuild after analyses' text was edited (live.py): the edited
        analyses' claim pages and the search index, from this generator's context, into
        ``output``; the caller links every other file from the last build."""
        self.result.analyses.update(analyses)
        self.output_path = str(output)
        edited = [view for view in self.site.claims if view.claim.id in analyses]
        self._write_claims(Writer(str(output), settings=self.settings), edited)
        assert self.search_index is not None, "a kept generator has written the index"
        refs = {claim_id: ref for ref, claim_id in enumerate(self.site.catalog.claims)}
        changed = {refs[view.claim.id]: search.claim_document(
            view.claim, self.site.catalog, self.urls, self._analysis_text(), self._styles)
            for view in edited}
        self.search_index = search.rewrite_search_files(
            output, self.search_index, changed, self.plugin.modules(self.settings),
            self.previous_output)

    def _review(self, view: ClaimView) -> dict:
        """A claim's ClaimReview: on its page and in the data exports, made where each is
        written (at 10,000 claims, all of them held from first to last stage cost 10 MB)."""
        return claim_review(view.claim, view.rating, view.said_in, self.site.catalog.scale,
                            self.context["factcheck_organization"],
                            absolute(self.settings.get("SITEURL", ""), view.url))

    def _write_claims(self, writer, views: Sequence[ClaimView]) -> None:
        """Each claim page, with its analysis (the one view that holds it) and ClaimReview."""
        repository = self.plugin.repository or ""
        site_url = self.settings.get("SITEURL", "")
        analyses, catalog = self.result.analyses, self.site.catalog

        def render(views: Sequence[ClaimView]) -> None:
            for view in views:
                self._write(writer, "claim", view.claim.id, view=view,
                            analysis=analysis_view(analyses[view.claim.id], catalog),
                            jsonld=self._review(view), correction_url=correction_url(
                                repository, view.claim, absolute(site_url, view.url)))
        in_two_processes(views, render)

    def _write_files(self, writer) -> None:
        """Feeds, favicon, share cards, data exports, 404 page, sitemap."""
        output = Path(self.output_path)
        feeds.write_feeds(output, self.site.claims, self.settings, self.site.catalog)
        share_images.write_favicon(output)
        modules = self.plugin.modules(self.settings)
        if self.context["factcheck_canonical_root"]:  # og:image is absolute: production only
            share_images.write_share_images(
                output, self.site.claims, verdict_styles(self.site.catalog.ratings.values()),
                self.settings["SITENAME"], modules)
        exports.write_exports(output, self.site.catalog, self.site.claims, self.site.sources,
                              self._review, self.settings, self._event_urls())
        sitemap.write_not_found(writer, self.get_template("404"), self.context, self.settings)
        sitemap.write_sitemap(output, self.settings, self.site.claims, self.site.sources,
                              self.context.get("pages", []), self.urls,
                              groups=self.site.claimants + self.site.tags,
                              paged=self._paged_urls())

    def _event_urls(self) -> dict[str, str]:
        """Each event's URL in the chronology (its year or month page once split), by id."""
        return {entry.id: entry.url for entry in self.site.chronology if entry.kind == "event"}

    def _write_groups(self, writer) -> None:
        """The claimant and tag lists and a page for each claimant and each tag."""
        self._write(writer, "claimants")
        self._write(writer, "tags")
        for group in self.site.claimants:
            self._write_paged(writer, "claimant", group.slug, group.claims, group=group)
        for group in self.site.tags:
            self._write_paged(writer, "tag", group.slug, group.claims, group=group)

    def _list_pages(self, kind: str, key: str, claims: list[ClaimView]) -> list[Page]:
        """A list of claims in pages of FACTCHECK_LIST_PAGE_SIZE, page 1 at the list's URL."""
        return paginate(claims, self.plugin.list_page_size,
                        lambda number: self.urls.url(kind, key, number))

    def _write_paged(self, writer, kind: str, key: str, claims: list[ClaimView],
                     **values) -> None:
        """Each page of a list of claims; the template lists ``pager.items`` and links the
        other pages (a claimant's or tag's tally, from ``group``, stays the whole group's)."""
        for page in self._list_pages(kind, key, claims):
            self._write(writer, kind, key, number=page.number, pager=page, **values)

    def _paged_urls(self) -> list[str]:
        """The pages past the first of every list, and the chronology's year pages: the
        sitemap's share of the pages written here."""
        lists = [("claims", "", self.site.claims)]
        lists += [("claimant", group.slug, group.claims) for group in self.site.claimants]
        lists += [("tag", group.slug, group.claims) for group in self.site.tags]
        found = [url for kind, key, claims in lists
                 for url in self._list_pages(kind, key, claims)[0].urls[1:]]
        located = self.site.chronology_pages
        return found + (located.page_urls() if located else [])

    def _write_search(self, writer) -> None:
        """The search page, the lunr index with its results list, and lunr.js itself. A
        large site's index is written by a new process that the documents are sent to as
        they are made (apart.py: this process's peak memory); a small site's, and a serve
        process's, which keeps its index for the next edit, here."""
        output, modules = Path(self.output_path), self.plugin.modules(self.settings)
        root, catalog = self.plugin.project(self.settings).root, self.site.catalog
        if self.keep is None and apart.pays(len(catalog.claims) + len(catalog.sources)
                                            + len(catalog.events)):
            writing = apart.SearchProcess(output, modules, root, self.previous_output)
            writing.send(self._search_documents())
            writing.wait()
        else:
            written = search.write_search_files(output, list(self._search_documents()),
                                                modules, root, self.previous_output)
            if self.keep is not None:  # held only where an edit will need it
                self.search_index = written
        self._write(writer, "search")

    def _search_documents(self) -> Iterator[search.SearchDocument]:
        """What search indexes, made one at a time. Analyses are indexed as rendered (the
        words a reader sees, not Markdown syntax); so are the site's pages, which Pelican's
        page generator put in the context."""
        def page_html(page) -> str:  # with the rating scale methodology.html adds
            scale = page.template == "methodology" and search.rating_scale_html(self.site.ratings)
            return page.content + (scale or "")
        pages = [search.SitePage(page.title, page.url, page_html(page))
                 for page in self.context.get("pages", [])]
        return self._events_located(search.documents(self.site.catalog, self.urls,
                                                      self._analysis_text(), pages))

    def _analysis_text(self) -> Optional[Callable[[str], str]]:
        """A claim's analysis as search indexes it (its words as rendered), if it does."""
        if not self.plugin.search_analyses:
            return None

        def analysis_text(claim_id: str) -> str:
            found = self.result.analyses.get(claim_id)
            return search.html_text(found.rendered.html) if found else ""
        return analysis_text

    @property
    def _styles(self) -> dict[str, str]:
        return verdict_styles(self.site.catalog.ratings.values())

    def _events_located(self, docs: Iterable[search.SearchDocument]
                        ) -> Iterator[search.SearchDocument]:
        """Search documents with each event linked where it is listed: search.documents
        names the chronology's own page, which no longer lists an event once the chronology
        is split by year (the URL is then the event's year page, or its month page)."""
        index = self.urls.url("chronology")
        moved = {f"{index}#event-{event_id}": url
                 for event_id, url in self._event_urls().items()}
        return (replace(doc, url=moved.get(doc.url, doc.url)) if doc.kind == "event" else doc
                for doc in docs)

    def _write_chronology(self, writer) -> None:
        """The chronology page (or the index of its years and a page per year, or per month
        of a crowded year) and its TimelineJS export beside it."""
        ordered = self.site.chronology
        located = self.site.chronology_pages
        if not located or not located.years:
            self._write(writer, "chronology", groups=chronology.groups(ordered),
                        overview=chronology.overview(ordered))
        else:
            self._write(writer, "chronology", groups=chronology.groups(located.undated),
                        overview=None, located=located)
            for year in located.years:
                self._write_chronology_year(writer, located, year)
        export = timeline(self.settings["SITENAME"], ordered, self.site.event_html,
                          self.settings.get("SITEURL", ""), self.urls)
        path = Path(self.output_path) / Path(self.urls.save_as("chronology")).parent
        (path / "timeline.json").write_text(exports.json_lines(export), encoding="utf-8")

    def _write_chronology_year(self, writer, located: ChronologyPages, year: YearPage) -> None:
        """A year's page with its own overview; a crowded year's page lists its months and
        the entries of no month instead, and each month has a page with its overview."""
        key = str(year.year)
        if not year.months:
            self._write(writer, "chronology_year", key, "chronology", located=located,
                        year=year, groups=chronology.groups(year.entries),
                        overview=chronology.overview(year.entries))
            return
        self._write(writer, "chronology_year", key, "chronology", located=located, year=year,
                    groups=year.month_unknown_groups, overview=None)
        for month in year.months:
            self._write(writer, "chronology_month", key, "chronology", month.month,
                        located=located, year=year, month=month, groups=month.groups,
                        overview=chronology.overview(month.entries))
