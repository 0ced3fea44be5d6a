"""Two pages written to one file: found by ``check``, before a build could overwrite one.

With URL settings of a site's own (FACTCHECK_TAG_URL = "claims/{slug}/") a tag can land on
a claim's file, a claim id on a list page, a Pelican page on either. Pelican would only warn
and keep the last page written, so a published claim could vanish without an error: every
file the generator writes for an entry or a list, and every page's PAGE_SAVE_AS, is listed
here once (a dict, linear at any size) and a second owner of a file is an error.
"""

from __future__ import annotations

from typing import Iterator

from ..model.catalog import Catalog
from ..settings import Urls, url_setting_names
from .taxonomy import claimant_slugs

LISTS = ("home", "claims", "sources", "claimants", "tags", "chronology", "search",
         "corrections_log")


def _owners(urls: Urls, catalog: Catalog, page_paths: dict[str, str], assigned: set[str]
            ) -> Iterator[tuple[str, str, str]]:
    """(file, what is written there, the setting that put it there)."""
    for kind in LISTS:
        yield (urls.save_as(kind), f"the {kind.replace('_', ' ')} page",
               _setting(kind, assigned))
    for claim_id in catalog.claims:
        yield (urls.save_as("claim", claim_id), f"claim '{claim_id}'",
               _setting("claim", assigned))
    for source_id in catalog.sources:
        yield (urls.save_as("source", source_id), f"source '{source_id}'",
               _setting("source", assigned))
    names = claimant_slugs(claim.claimant for claim in catalog.claims.values())
    for name, slug in names.items():
        yield (urls.save_as("claimant", slug), f"claimant '{name}'",
               _setting("claimant", assigned))
    for tag in sorted({tag for claim in catalog.claims.values() for tag in claim.tags}):
        yield urls.save_as("tag", tag), f"tag '{tag}'", _setting("tag", assigned)
    for slug, path in page_paths.items():
        yield path, f"page '{slug}'", "PAGE_SAVE_AS"


def _setting(kind: str, assigned: set[str]) -> str:
    """The setting a message points at: the SAVE_AS when the site set it, else the URL."""
    url, save_as = url_setting_names(kind)
    return url if url in assigned and save_as not in assigned else save_as


def collisions(urls: Urls, catalog: Catalog, page_paths: dict[str, str],
               assigned: set[str]) -> list[tuple[str, str]]:
    """(setting, message) for each file a second page would be written to; ``assigned``:
    the settings the site set, to point at the one it wrote."""
    first: dict[str, str] = {}
    found = []
    for path, owner, setting in _owners(urls, catalog, page_paths, assigned):
        earlier = first.setdefault(path, owner)
        if earlier != owner:
            found.append((setting, f"{owner} and {earlier} would both be written to {path}; "
                          f"expected a {setting} (or URL) that gives each page its own file"))
    return found


def page_paths(settings: dict, slugs: list[str]) -> dict[str, str]:
    """Where Pelican writes each page (PAGE_SAVE_AS with its slug); pages whose pattern
    needs more than the slug and language are left to Pelican."""
    pattern = settings.get("PAGE_SAVE_AS", "pages/{slug}.html")
    found = {}
    for slug in slugs:
        try:
            found[slug] = str(pattern).format(slug=slug, lang=settings.get("DEFAULT_LANG", "en"))
        except (KeyError, IndexError, ValueError):
            continue
    return found
