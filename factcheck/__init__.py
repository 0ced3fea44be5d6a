"""Fact-check microsites from claims.yaml and Markdown analyses: a Pelican plugin.

Enable with ``PLUGINS = ["factcheck"]``. The plugin (``plugin.py``) is imported when Pelican
registers it, not with the package, so a command that needs none of it (an up-to-date
build, ``init``) starts quickly.
"""


def register():
    from .plugin import register as register_plugin

    register_plugin()
