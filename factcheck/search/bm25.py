"""lunr's BM25 weight of a term in a document's field, as search-engine.js computes it.

The search files carry counts, not weights (term_counts.py says why), so the weight of a
hit is computed where it is used: in the reader's browser, by search-engine.js, and here
for tools and tests that read the files back as a lunr index (shards.read_search_folder).
Both follow lunr.py's Builder._create_field_vectors operation by operation, so the numbers
are the ones lunr.py would have put in its index (tests/test_search_speed_equivalence.py
and tests/test_search_shards.py hold both to it).
"""

from __future__ import annotations

import math

K1, B = 1.2, 0.75  # lunr.py's Builder defaults (k1, b)


def idf(pairs: int, document_count: int) -> float:
    """lunr.idf, from the number of (field, document) pairs holding the term."""
    x = (document_count - pairs + 0.5) / (pairs + 0.5)
    return math.log(1 + abs(x))


def thousandths(tf: int, length: int, total_length: int, document_count: int,
                term_idf: float, boost: int) -> int:
    """The weight lunr.py's vector holds for a term occurring ``tf`` times in a field of
    ``length`` terms (the field's lengths over all documents summing to ``total_length``),
    in thousandths: lunr.py rounds it to three decimals."""
    average = total_length / document_count
    score = term_idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
    score *= boost
    return round(round(score, 3) * 1000)
