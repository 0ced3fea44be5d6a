"""The Pelican side of the plugin: its signals, its generator and its page reader.

Enable with ``PLUGINS = ["factcheck"]``. The plugin adds one generator; it keeps no state
of its own between builds, so several sites can be built in one process (as the tests do).
"""

import logging

from pelican import signals

from .conventions import adopt_defaults
from .model.pages import PageReader
from .model.problems import CheckFailed
from .render.generator import FactCheckGenerator

PAGE_EXTENSIONS = ("md",)


def get_generators(pelican):
    """The fact-check generator; build.py, which checked before building, hands over its
    check on the Pelican instance (site.CheckedPelican) so it is not repeated, what the
    last build's output may still be used for (reuse.py) and, in a serve process, where to
    keep the generator for the next edit (live.py)."""
    checked = getattr(pelican, "factcheck_checked", None)
    if checked is None:
        return FactCheckGenerator
    keep = getattr(pelican, "factcheck_keep", None)
    return type(FactCheckGenerator.__name__, (FactCheckGenerator,), {
        "checked": checked, "reuse": getattr(pelican, "factcheck_reuse", None),
        "previous_output": getattr(pelican, "factcheck_previous", None),
        "keep": staticmethod(keep) if keep is not None else None})


def use_page_reader(readers):
    """Pages are untrusted: only our reader, for .md files only. Pelican's HTML and
    reStructuredText readers would publish markup from a pull request as it is."""
    readers.reader_classes = dict.fromkeys(PAGE_EXTENSIONS, PageReader)


def use_plugin_defaults(pelican):
    """Settings a site left at Pelican's defaults become the plugin's (conventions.py)."""
    adopt_defaults(pelican.settings)
    pelican.theme = pelican.settings["THEME"]  # Pelican copied it before this signal


class _NoTracebackForBadInput(logging.Filter):
    """Plain `pelican` logs any exception with its traceback; for bad input the positioned
    problems are the whole message (CheckFailed's text), so that traceback only hides them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], CheckFailed):
            record.exc_info = None
        return True


def register():
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, _NoTracebackForBadInput) for f in pelican_logger.filters):
        pelican_logger.addFilter(_NoTracebackForBadInput())
    signals.initialized.connect(use_plugin_defaults)
    signals.readers_init.connect(use_page_reader)
    signals.get_generators.connect(get_generators)
