"""Who made a claim and what it is about: the names claimant and tag pages are grouped by.

A claimant is free text in claims.yaml, in any script. Claims group by the exact name, after
only the changes a reader cannot see (Unicode NFC, runs of spaces): "Ilham Aliyev" and
"İlham Əliyev" are two names and get two pages, because merging names that merely look alike
could pin one person's words on another. A page's folder is an ASCII slug (anyascii's Latin
for any script, lowercase, so it is also safe on case-insensitive disks and in any URL);
names whose slugs would clash all get a suffix from a hash of the name instead, so the result
never depends on file order and two names never share a page. Tags are ids already.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from typing import Iterable

from anyascii import anyascii

from ..model.schema import WINDOWS_RESERVED

SLUG_MAX_LENGTH = 60
HASH_LENGTH = 8
FALLBACK_SLUG = "claimant"  # for a name with no letter or digit anyascii can write
_NOT_SLUG_RE = re.compile("[^a-z0-9]+")


def claimant_key(name: str) -> str:
    """The name claims group by: as written, in NFC and with single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def base_slug(name: str) -> str:
    """'Игорь Конашенков' -> 'igor-konashenkov': lowercase ASCII letters, digits and hyphens,
    at most SLUG_MAX_LENGTH characters, never empty or a name Windows reserves."""
    latin = anyascii(claimant_key(name)).replace("'", "").lower()
    slug = _NOT_SLUG_RE.sub("-", latin).strip("-")[:SLUG_MAX_LENGTH].rstrip("-")
    slug = slug or FALLBACK_SLUG
    return f"{slug}-{FALLBACK_SLUG}" if slug in WINDOWS_RESERVED else slug


def claimant_slugs(names: Iterable[str]) -> dict[str, str]:
    """Each distinct claimant key -> its own slug, from the set of names alone (never their
    order). A slug two keys would share is given to neither: each gets it with a hash of its
    own key appended. So a name's URL changes only if a clashing name is added."""
    by_base: dict[str, list[str]] = defaultdict(list)
    for key in sorted({claimant_key(name) for name in names}):
        by_base[base_slug(key)].append(key)
    taken = {base for base, keys in by_base.items() if len(keys) == 1}
    slugs = {keys[0]: base for base, keys in by_base.items() if len(keys) == 1}
    for base, keys in sorted(by_base.items()):
        if len(keys) > 1:
            for key in keys:
                slugs[key] = _hashed_slug(base, key, taken)
    return slugs


def _hashed_slug(base: str, key: str, taken: set[str]) -> str:
    """``base-<hash of key>``, not yet taken; a counter only if a name was made to clash."""
    slug = f"{base}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:HASH_LENGTH]}"
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical in Latin letters whatever the script, the same on every machine."""
    return (anyascii(name).casefold(), name)
