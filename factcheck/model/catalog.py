"""The checked model with every lookup the pages need, built once in linear time.

Pages ask "which claims cite this source?" and "what does this source cite?" thousands of
times; answering by scanning lists would make a 10,000-claim build quadratic. Every
reverse index is therefore built here in one pass over the references.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .schema import Claim, Event, Rating, Source


@dataclass
class Catalog:
    ratings: dict[str, Rating]
    sources: dict[str, Source]
    claims: dict[str, Claim]
    events: dict[str, Event]
    cited_by: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))
    claims_citing: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    events_citing: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    events_of_claim: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    translations_of: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))
    republished_by: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, ratings, sources, claims, events, analysis_cites: dict[str, list[str]]):
        """Index entries by id and invert every reference once."""
        catalog = cls({r.id: r for r in ratings}, {s.id: s for s in sources},
                      {c.id: c for c in claims}, {e.id: e for e in events})
        for source in sources:
            for upstream in source.cites:
                catalog.cited_by[upstream].append(source)
            if source.translation and source.translation.of:
                catalog.translations_of[source.translation.of].append(source)
            if source.republishes:
                catalog.republished_by[source.republishes].append(source)
        for claim in claims:
            used = [claim.said_in, *(q.source for q in claim.quotes),
                    *analysis_cites.get(claim.id, [])]
            for source_id in dict.fromkeys(used):
                catalog.claims_citing[source_id].append(claim)
        for event in events:
            for source_id in dict.fromkeys(event.sources):
                catalog.events_citing[source_id].append(event)
            for claim_id in dict.fromkeys(event.claims):
                catalog.events_of_claim[claim_id].append(event)
        return catalog

    @property
    def scale(self) -> list[Rating]:
        """The on-scale ratings, worst first."""
        return sorted((r for r in self.ratings.values() if r.value is not None),
                      key=lambda r: r.value or 0)

    def claims_by_date(self) -> list[Claim]:
        """Newest claim first; claims of unknown date last, then by id."""
        dated = sorted((c for c in self.claims.values() if c.date), key=lambda c: (
            c.date.sort_key if c.date else (), c.id), reverse=True)
        return dated + sorted((c for c in self.claims.values() if not c.date), key=lambda c: c.id)
