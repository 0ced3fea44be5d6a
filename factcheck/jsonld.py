"""What a claim page tells machines and other sites: schema.org ClaimReview, as search
engines read fact-checks, and the prefilled correction request.

Numbers come from the published scale: ratingValue is the verdict's value, bestRating and
worstRating the ends of the scale; an off-scale verdict ("unproven") carries only its
label, as Google's guidance allows, rather than a number that would mean nothing.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote, urlencode

from .schema import Claim, Rating, Source


def absolute(site_url: str, path: str) -> str:
    """The page's address; site-relative when no SITEURL is configured (local builds)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def correction_url(repository: str, claim: Claim, page_url: str) -> str | None:
    """A prefilled "new issue" link on the site's GitHub repository, or None when unset."""
    if not repository:
        return None
    body = (f"Fact-check: {page_url}\nClaim: {claim.claim}\n\n"
            "What is wrong, and what is right instead:\n\n"
            "Source for the correction (title, outlet, date, URL if there is one):\n")
    query = urlencode({"title": f"Correction: {claim.id}", "body": body, "labels": "correction"},
                      quote_via=quote)
    return f"{repository.rstrip('/')}/issues/new?{query}"


def claim_review(claim: Claim, rating: Rating, said_in: Source, scale: list[Rating],
                 publisher: dict, page_url: str) -> dict[str, Any]:
    """The ClaimReview object for one claim."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.claim,
        "datePublished": claim.published.isoformat(),
        "author": _organisation(publisher),
        "reviewRating": _rating(rating, scale),
        "itemReviewed": _item(claim, said_in),
    }
    if claim.updates:
        review["dateModified"] = claim.updates[-1].date.isoformat()
    return review


def _organisation(publisher: dict) -> dict[str, Any]:
    organisation = {"@type": "Organization", "name": publisher.get("name", "")}
    if publisher.get("url"):
        organisation["url"] = publisher["url"]
    return organisation


def _rating(rating: Rating, scale: list[Rating]) -> dict[str, Any]:
    result: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and scale:
        result.update(ratingValue=rating.value, bestRating=scale[-1].value,
                      worstRating=scale[0].value)
    return result


def _item(claim: Claim, said_in: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person" if claim.claimant_type == "person" else "Organization",
                   "name": claim.claimant},
        "appearance": _appearance(said_in),
    }
    if claim.claimant_role:
        item["author"]["jobTitle"] = claim.claimant_role
    if claim.date:
        item["datePublished"] = claim.date.iso
    return item


def _appearance(source: Source) -> dict[str, Any]:
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
    optional: dict[str, Optional[str]] = {
        "url": source.url,
        "datePublished": source.published.iso if source.published else None,
    }
    appearance.update({k: v for k, v in optional.items() if v})
    if source.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
    return appearance
