"""Client-side search: documents, the lunr index (lunr.py) split into shards by term, and
the language tables the browser needs."""
