"""Load YAML into plain Python data while remembering where every value came from.

PyYAML's node graph carries line and column marks; ``yaml.safe_load`` throws them away.
We compose the node graph once and build the data ourselves, recording the position of
each value and each mapping key by its path (``("claims", 3, "rating")``), so any later
check can say exactly where a problem is. Two YAML pitfalls are handled here too:
duplicate keys (silently merged by PyYAML) are reported, and dates stay text, because
``2021-03~`` and ``2021-03-02`` must be parsed the same way, by our own date type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import yaml

from .problems import Position, Problems

Path = tuple


# libyaml's C parser composes ~20x faster than PyYAML's pure-Python one; both keep marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader without the timestamp resolver: dates are ours to parse."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LoadedYaml:
    """The data of one YAML file and the positions of its values and keys."""

    path: str
    data: Any = None
    # (line, column) pairs, 1-based: plain tuples keep loading 10,000 claims fast.
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest recorded ancestor."""
        table = self.keys if key else self.values
        while path:
            found = table.get(path) or self.values.get(path)
            if found:
                return Position(self.path, *found)
            path = path[:-1]
        return Position(self.path, *self.values.get((), (1, 1)))


def load_yaml(path: str, text: str, problems: Problems) -> LoadedYaml:
    """Parse ``text`` (read from ``path``); syntax errors go to ``problems``."""
    loaded = LoadedYaml(path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            loaded.data = _Builder(loaded, loader, problems).build(root, ())
    except yaml.MarkedYAMLError as err:
        # "while scanning a quoted scalar" and the like: where the thing began is more useful
        # than the end of the file, where the scanner noticed.
        scanning = (err.context or "").startswith("while scanning") and err.context_mark
        mark = err.context_mark if scanning else err.problem_mark or err.context_mark
        where = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
        what = " ".join(filter(None, [err.context, err.problem]))
        problems.error(where, f"YAML syntax error: {what}; expected valid YAML (check indentation, "
                              "colons and quotes)")
    except yaml.YAMLError as err:
        problems.error(Position(path), f"YAML error: {err}")
    finally:
        loader.dispose()
    return loaded


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, loaded: LoadedYaml, loader: _Loader, problems: Problems):
        self.loaded, self.loader, self.problems = loaded, loader, problems

    @staticmethod
    def _mark(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _pos(self, node: yaml.Node) -> Position:
        return Position(self.loaded.path, *self._mark(node))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.loaded.values[path] = self._mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in result:
                first_line = self.loaded.keys[path + (key,)][0]
                self.problems.error(self._pos(key_node),
                                    f"duplicate key '{key}' (first at line {first_line}); "
                                    "expected each key once per entry")
                continue
            self.loaded.keys[path + (key,)] = self._mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _key(self, key_node: yaml.Node) -> Optional[str]:
        if not isinstance(key_node, yaml.ScalarNode):
            self.problems.error(self._pos(key_node), "a key must be plain text; expected name: value")
            return None
        return str(key_node.value)
