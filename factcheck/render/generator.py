"""The Pelican generator: Pelican's two phases over one shared context.

``generate_context`` checks the inputs (or takes the result ``build.py`` already has) and
builds every page's view once; ``generate_output`` only renders templates. Nothing is
written when the check fails: the error is raised before the output phase begins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from ..export import feeds
from ..export import open_data as exports
from ..search import index as search
from . import chronology, share_images, sitemap
from ..model.catalog import Catalog
from .chronology import Entry
from ..model.dates import human_date
from .timelinejs import timeline
from ..model.check import CheckResult, Project, check_project
from .jsonld import absolute, claim_review, correction_url, organization
from ..model.pages import DEFAULT_TEMPLATES
from ..model.problems import CheckFailed
from ..model.publisher import publisher_from_settings
from ..model.schema import Rating
from .views import (ClaimView, GroupView, SourceView, claim_views, claimant_views,
                    language_name, latest_fact_checks, ratings_in_order, save_as, source_views,
                    tag_views, url_for, verdict_class, verdict_styles)


@dataclass(frozen=True)
class SiteViews:
    """Everything the fact-check templates read, under ``factcheck`` in the context."""

    catalog: Catalog
    ratings: list[Rating]
    claims: list[ClaimView]
    sources: list[SourceView]
    chronology: list[Entry]
    event_html: dict[str, str]
    latest: list[ClaimView] = ()  # the home page's "Latest fact-checks", all of them
    claimants: list[GroupView] = ()
    tags: list[GroupView] = ()


def project_from_settings(settings: dict) -> Project:
    """Inputs live beside the content folder unless settings say otherwise."""
    root = Path(settings.get("FACTCHECK_ROOT") or Path(settings["PATH"]).parent)
    return Project(root, settings.get("FACTCHECK_DATA", "claims.yaml"),
                   settings.get("FACTCHECK_ANALYSES", "content/claims"),
                   settings.get("FACTCHECK_PAGES", "content/pages"),
                   tuple(settings.get("FACTCHECK_IMAGE_HOSTS", ())),
                   tuple(settings.get("FACTCHECK_PAGE_TEMPLATES", DEFAULT_TEMPLATES)))


def content_security_policy(image_hosts: tuple[str, ...]) -> str:
    """Scripts, styles and everything else only from the site itself; images also from the
    hosts the site's settings allow (FACTCHECK_IMAGE_HOSTS)."""
    hosts = "".join(f" https://{host}" for host in image_hosts
                    if host and all(c.isalnum() or c in ".-" for c in host))
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src 'self'{hosts}; object-src 'none'; base-uri 'none'; form-action 'self'")


def node_modules(settings: dict) -> Path:
    """Where npm put the browser libraries and the share images' font."""
    return Path(settings.get("FACTCHECK_NODE_MODULES")
                or project_from_settings(settings).root / "node_modules")


CHRONOLOGY_URL = "chronology/"
SEARCH_URL = "search/"


class FactCheckGenerator(Generator):
    """Writes the home page, claim pages, source pages and their indexes."""

    def generate_context(self) -> None:
        result: CheckResult = self.settings.get("FACTCHECK_RESULT") or check_project(
            project_from_settings(self.settings))
        if not result.ok:
            raise CheckFailed(result.problems)
        self.result = result
        catalog = result.catalog
        claims = claim_views(catalog, result.analyses)
        self.site = SiteViews(
            catalog=catalog,
            ratings=list(catalog.ratings.values()),
            claims=claims,
            sources=source_views(catalog, result.verified_sources),
            chronology=chronology.entries(catalog),
            event_html=result.event_html,
            latest=latest_fact_checks(claims),
            claimants=claimant_views(claims, ratings_in_order(catalog)),
            tags=tag_views(claims, ratings_in_order(catalog)),
        )
        self.context["factcheck"] = self.site
        self.context["FACTCHECK_CSP"] = content_security_policy(
            project_from_settings(self.settings).image_hosts)
        self.context["FACTCHECK_FEEDS"] = feeds.feed_links(self.settings, catalog)
        # The publisher, read once: about and corrections pages, every page's JSON-LD.
        self.context["factcheck_publisher"] = publisher = publisher_from_settings(self.settings)
        self.context["factcheck_organization"] = organization(
            publisher, self.settings["SITENAME"], self.settings.get("SITEURL", ""),
            {page.slug: page.url for page in self.context.get("pages", [])})
        self.env.globals["language_name"] = language_name
        # In the shared context, not this generator's globals: the methodology page (Pelican's
        # page generator) shows verdicts too.
        self.context["verdict_class"] = verdict_class(verdict_styles(catalog.ratings.values()))
        self.env.filters["human_date"] = human_date  # not strftime: locale-free
        self.env.filters["clip"] = share_images.clip
        # Canonical and og: URLs (base.html), shared with Pelican's pages; "" in local builds.
        self.context["FACTCHECK_CANONICAL_ROOT"] = share_images.canonical_root(self.settings)
        self.context["FACTCHECK_SHARE_IMAGE"] = share_images.TEMPLATE_INFO

    def generate_output(self, writer) -> None:
        def write(url: str, template: str, **values) -> None:
            writer.write_file(save_as(url), self.get_template(template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=url,
                              page_url=url, **values)

        write("", "index")
        write(url_for("claim"), "claims")
        write(url_for("source"), "sources")
        publisher = self.context["factcheck_organization"]
        scale = self.site.catalog.scale
        repository = self.settings.get("FACTCHECK_REPOSITORY", "")
        reviews = {}
        for view in self.site.claims:
            page_url = absolute(self.settings.get("SITEURL", ""), view.url)
            jsonld = claim_review(view.claim, view.rating, view.said_in, scale, publisher,
                                  page_url)
            reviews[view.claim.id] = jsonld
            write(view.url, "claim", view=view, jsonld=jsonld,
                  correction_url=correction_url(repository, view.claim, page_url))
        for view in self.site.sources:
            write(view.url, "source", view=view)
        self._write_groups(write)
        self._write_chronology(write)
        self._write_search(write)
        output = Path(self.output_path)
        write(feeds.CORRECTIONS_LOG_URL, "corrections_log", log=feeds.corrections(self.site.claims))
        feeds.write_feeds(output, self.site.claims, self.settings, self.site.catalog)
        share_images.write_favicon(output)
        if self.context["FACTCHECK_CANONICAL_ROOT"]:  # og:image is absolute: production only
            share_images.write_share_images(
                output, self.site.claims, verdict_styles(self.site.catalog.ratings.values()),
                self.settings["SITENAME"], node_modules(self.settings))
        exports.write_exports(output, self.site.catalog, self.site.claims, self.site.sources,
                              reviews, self.settings)
        sitemap.write_not_found(writer, self.get_template("404"), self.context, self.settings)
        sitemap.write_sitemap(output, self.settings, self.site.claims, self.site.sources,
                              self.context.get("pages", []), CHRONOLOGY_URL,
                              groups=self.site.claimants + self.site.tags)

    def _write_groups(self, write) -> None:
        """The claimant and tag lists and a page for each claimant and each tag."""
        write(url_for("claimant"), "claimants")
        write(url_for("tag"), "tags")
        for group in self.site.claimants:
            write(group.url, "claimant", group=group)
        for group in self.site.tags:
            write(group.url, "tag", group=group)

    def _write_search(self, write) -> None:
        """The search page, the lunr index with its results list, and lunr.js itself. Analyses
        are indexed as rendered (the words a reader sees, not Markdown syntax); so are the
        site's pages, which Pelican's page generator put in the context."""
        analyses = None
        if self.settings.get("FACTCHECK_SEARCH_ANALYSES", True):
            analyses = {claim_id: search.html_text(a.rendered.html)
                        for claim_id, a in self.result.analyses.items()}

        def page_html(page) -> str:  # with the rating scale theme/templates/methodology.html adds
            scale = page.template == "methodology" and search.rating_scale_html(self.site.ratings)
            return page.content + (scale or "")
        pages = [search.SitePage(page.title, page.url, page_html(page))
                 for page in self.context.get("pages", [])]
        docs = list(search.documents(self.site.catalog, analyses, pages))
        search.write_search_files(Path(self.output_path), docs, node_modules(self.settings))
        write(SEARCH_URL, "search")

    def _write_chronology(self, write) -> None:
        """The chronology page and its TimelineJS export."""
        ordered = self.site.chronology
        write(CHRONOLOGY_URL, "chronology", groups=chronology.groups(ordered),
              overview=chronology.overview(ordered))
        export = timeline(self.settings["SITENAME"], ordered, self.site.event_html,
                          self.settings.get("SITEURL", ""))
        path = Path(self.output_path) / CHRONOLOGY_URL / "timeline.json"
        path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
