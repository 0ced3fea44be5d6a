"""What a claim page tells machines and other sites: schema.org ClaimReview, as search
engines read fact-checks, and the prefilled correction request.

Numbers come from the published scale: ratingValue is the verdict's value, bestRating and
worstRating the ends of the scale; an off-scale verdict ("unproven") carries only its
label, as Google's guidance allows, rather than a number that would mean nothing.

Dates say no more than the data. A date marked approximate (~) or uncertain (?) is read as
doubtful in its last part: JSON-LD gets the date without that part ("2021-04-02?" ->
"2021-04", "2021-03~" -> "2021"), and no date at all when only a year was given ("2021?").
ISO 8601 allows such reduced precision, and schema.org's Date is ISO 8601.

The publisher is one ``Organization`` (publisher.py's settings), in every page's head; a
ClaimReview's author is the same node, by its ``@id``, with the name and URL repeated for
readers of the ClaimReview alone (the exports, the DataFeed).
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote, urlencode

from ..model.dates import PartialDate
from ..model.publisher import Publisher
from ..model.schema import Claim, Rating, Source

# Site pages the Organization points to, when the site has them: (property, page slug).
POLICY_PAGES = (("publishingPrinciples", "methodology"), ("correctionsPolicy", "corrections"))


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


def certain_date(date: Optional[PartialDate]) -> Optional[str]:
    """The ISO 8601 date as far as it is certain: a flagged date loses its doubtful last part."""
    if date is None or not (date.approximate or date.uncertain):
        return date.iso if date else None
    if date.day:
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}" if date.month else None


def organization(publisher: Publisher, site_name: str, site_url: str,
                 page_urls: dict[str, str]) -> dict[str, Any]:
    """The publisher as schema.org data; only what the settings state. ``page_urls`` maps
    the site's page slugs to their URLs (policies are linked only when the page exists)."""
    node: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization",
                            "@id": absolute(site_url, "") + "#publisher",
                            "name": publisher.name or site_name}
    stated = {"url": publisher.url, "email": publisher.email,
              "ownershipFundingInfo": _ownership(publisher)}
    node.update({key: value for key, value in stated.items() if value})
    for prop, slug in POLICY_PAGES:
        if slug in page_urls:
            node[prop] = absolute(site_url, page_urls[slug])
    if publisher.corrections_contact:
        node["contactPoint"] = _corrections_point(publisher)
    return node


def _ownership(publisher: Publisher) -> Optional[str]:
    parts = [f"Owner: {publisher.owner}" if publisher.owner else "",
             f"Funding: {publisher.funding}" if publisher.funding else ""]
    return "; ".join(part for part in parts if part) or None


def _corrections_point(publisher: Publisher) -> dict[str, Any]:
    contact = publisher.corrections_contact or ""
    point: dict[str, Any] = {"@type": "ContactPoint", "contactType": "corrections"}
    if contact.startswith(("http://", "https://")):
        point["url"] = contact
    else:
        point["email"] = contact
    if publisher.corrections_response_time:
        point["description"] = f"Response time: {publisher.corrections_response_time}"
    return point


def author_reference(organization_node: dict[str, Any]) -> dict[str, Any]:
    """The publisher as a ClaimReview's author: the same node (``@id``), named."""
    return {key: organization_node[key] for key in ("@type", "@id", "name", "url")
            if key in organization_node}


def claim_review(claim: Claim, rating: Rating, said_in: Source, scale: list[Rating],
                 organization_node: dict, page_url: str) -> dict[str, Any]:
    """The ClaimReview object for one claim."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.claim,
        "datePublished": claim.published.isoformat(),
        "author": author_reference(organization_node),
        "reviewRating": _rating(rating, scale),
        "itemReviewed": _item(claim, said_in),
    }
    if claim.updates:
        review["dateModified"] = claim.updates[-1].date.isoformat()
    return review


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
    if certain_date(claim.date):
        item["datePublished"] = certain_date(claim.date)
    return item


def _appearance(source: Source) -> dict[str, Any]:
    # Our description of an untitled report is not its headline: schema.org's description.
    title_key = "description" if source.title_is_description else "headline"
    appearance: dict[str, Any] = {"@type": "CreativeWork", title_key: source.title}
    optional: dict[str, Optional[str]] = {
        "url": source.url,
        "datePublished": certain_date(source.published),
    }
    appearance.update({k: v for k, v in optional.items() if v})
    if source.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
    return appearance
