"""Bad input never crashes check: mutated claims.yaml files always give positioned problems.

Hypothesis deletes, duplicates and garbles lines of a valid fixture; whatever comes out,
check must return (not raise), and every problem must point at a real line and column.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_YAML, write_site
from factcheck.model.check import Project, check_project

LINES = VALID_YAML.splitlines(keepends=True)
NOISE = st.sampled_from([" ", ":", "-", "[", "]", "{", "}", '"', "'", "#", "&", "*", "!", "|",
                         ">", "%", "@", "`", ",", "?", "\t", "\n", "null", "true", "1",
                         "2021-13", "~", "- ", "  ", "\ufeff", "ё", "[@x]"])
EDIT = st.tuples(st.sampled_from(["delete", "duplicate", "insert", "cut"]),
                 st.integers(0, len(LINES) - 1), st.integers(0, 80), NOISE)


def mutate(edits) -> str:
    lines = list(LINES)
    for kind, at, offset, noise in edits:
        at %= len(lines)
        line = lines[at]
        cut = min(offset, len(line))
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "insert":
            lines[at] = line[:cut] + noise + line[cut:]
        else:
            lines[at] = line[:cut] + line[cut + 3:]
    return "".join(lines)


ROOT = write_site(Path(tempfile.mkdtemp(prefix="fuzz-")) / "site")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, min_size=1, max_size=4))
def test_check_never_crashes_and_always_says_where(edits):
    text = mutate(edits)
    (ROOT / "claims.yaml").write_text(text, encoding="utf-8")
    result = check_project(Project(ROOT))
    line_count = {"claims.yaml": max(1, len(text.splitlines()))}
    for problem in result.problems:
        assert problem.position.line >= 1 and problem.position.col >= 1, problem
        limit = line_count.get(problem.position.path)
        assert limit is None or problem.position.line <= limit + 1, problem
    if result.ok:
        assert result.catalog is not None
