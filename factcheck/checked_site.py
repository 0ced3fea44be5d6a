"""A site's settings and inputs, checked together: what a build may start from.

``build.py`` checks before it builds (to report problems in its own formats and leave
``output/`` alone) and hands the result to the generator through the Pelican instance; under
plain ``pelican`` the generator checks the same way itself. Either way the settings are read
once and every problem, in the settings file or the inputs, is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .model.check import CheckResult, Project, check_project
from .model.placeholders import warn_placeholder_settings
from .model.problems import Problems
from .model.pages import page_slugs
from .render.output_paths import collisions, page_paths
from .settings import PluginSettings, Urls, check_settings, report_settings


@dataclass(frozen=True)
class CheckedSite:
    plugin: PluginSettings
    urls: Urls
    project: Project
    result: CheckResult

    @property
    def ok(self) -> bool:
        return self.result.ok


def check_site(settings: dict, settings_file: Optional[Path]) -> CheckedSite:
    """Check the FACTCHECK_* settings, then claims.yaml, the analyses and the pages."""
    problems = Problems()
    plugin, urls = check_settings(settings, settings_file, problems)
    project = plugin.project(settings)
    warn_placeholder_settings(settings, settings_file, project.root, problems)
    result = check_project(project, problems)
    if result.catalog is not None:
        found = collisions(urls, result.catalog, page_paths(
            settings, page_slugs(project.root, project.pages)), set(settings))
        report_settings(settings_file, project.root, found, problems)
    return CheckedSite(plugin, urls, project, result)
