"""Fact-check microsites from claims.yaml and Markdown analyses: a Pelican plugin.

Enable with ``PLUGINS = ["factcheck"]``. The plugin adds one generator; it keeps no state
of its own between builds, so several sites can be built in one process (as the tests do).
"""

from pelican import signals

from .generator import FactCheckGenerator


def get_generators(_pelican):
    return FactCheckGenerator


def register():
    signals.get_generators.connect(get_generators)
