"""Fact-check microsites from claims.yaml and Markdown analyses: a Pelican plugin.

Enable with ``PLUGINS = ["factcheck"]``. The plugin adds one generator; it keeps no state
of its own between builds, so several sites can be built in one process (as the tests do).
"""

from pelican import signals

from .render.generator import FactCheckGenerator
from .model.pages import PageReader

PAGE_EXTENSIONS = ("md",)


def get_generators(_pelican):
    return FactCheckGenerator


def use_page_reader(readers):
    """Pages are untrusted: only our reader, for .md files only. Pelican's HTML and
    reStructuredText readers would publish markup from a pull request as it is."""
    readers.reader_classes = dict.fromkeys(PAGE_EXTENSIONS, PageReader)


def no_metadata_from_file_names(pelican):
    """Pelican would take a date from a page named 2021-13-45-x.md and fail on it."""
    pelican.settings["FILENAME_METADATA"] = ""
    pelican.settings["PATH_METADATA"] = ""


def register():
    signals.initialized.connect(no_metadata_from_file_names)
    signals.readers_init.connect(use_page_reader)
    signals.get_generators.connect(get_generators)
