"""Fact-check microsites from claims.yaml and Markdown analyses: a Pelican plugin.

Enable with ``PLUGINS = ["factcheck"]``. The plugin adds one generator; it keeps no state
of its own between builds, so several sites can be built in one process (as the tests do).
"""

from pelican import signals

from .conventions import adopt_defaults
from .model.pages import PageReader
from .render.generator import FactCheckGenerator

PAGE_EXTENSIONS = ("md",)


def get_generators(_pelican):
    return FactCheckGenerator


def use_page_reader(readers):
    """Pages are untrusted: only our reader, for .md files only. Pelican's HTML and
    reStructuredText readers would publish markup from a pull request as it is."""
    readers.reader_classes = dict.fromkeys(PAGE_EXTENSIONS, PageReader)


def use_plugin_defaults(pelican):
    """Settings a site left at Pelican's defaults become the plugin's (conventions.py)."""
    adopt_defaults(pelican.settings)
    pelican.theme = pelican.settings["THEME"]  # Pelican copied it before this signal


def register():
    signals.initialized.connect(use_plugin_defaults)
    signals.readers_init.connect(use_page_reader)
    signals.get_generators.connect(get_generators)
