"""Load YAML into plain Python data while remembering where every value came from.

``yaml.safe_load`` throws PyYAML's line and column marks away, and trusts its input more
than a pull request deserves. We build the data ourselves from the parser's event stream,
in one pass, recording the position of each value and each mapping key, so any later check
can ask for the position of a path (``("claims", 3, "rating")``) and say exactly where a
problem is.

Building from events rather than from a composed node graph also lets us refuse, at the
exact position, what a hostile file could use against the checker: aliases that would
expand a few lines into millions of values, recursive aliases, nesting deep enough to
exhaust the stack, characters YAML forbids and bytes that are not UTF-8. Two YAML pitfalls
are handled here too: duplicate keys (silently merged by PyYAML) are reported, and dates
stay text, because ``2021-03~`` and ``2021-03-02`` must be parsed by our own date type.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, Optional

import yaml

from .problems import Position, Problems
from .yamlhints import explain

Path = tuple

MAX_DEPTH = 64  # claims.yaml needs about 6 levels; deeper is an attack or a mistake
MAX_ALIAS_VALUES = 1_000  # values one alias may stand for; more is an "alias bomb"
MAX_ALIASED_TOTAL = 100_000  # values all aliases of a file may stand for together

# libyaml's C parser is ~20x faster than PyYAML's pure-Python one; both keep marks.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader without the timestamp resolver: dates are ours to parse."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STR = "tag:yaml.org,2002:str"
# Characters YAML 1.1 does not allow in a stream (a BOM only as the very first character).
_FORBIDDEN_RE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                           "\U00010000-\U0010ffff]")
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass
class LoadedYaml:
    """The data of one YAML file and the positions of its values and keys.

    Positions are only read when a problem is reported, so they are stored compactly rather
    than by path: each mapping and list has a block of ``blocks`` (a mapping's key and value
    positions, pair by pair in its order; a list's value positions), blocks laid end to end
    in the order their containers closed. A path is found by walking ``data`` beside them
    (``position``). A dict of path tuples cost 50 MB for a 10,000-claim file; this costs 3.
    ``data`` must not be changed once loaded."""

    path: str
    data: Any = None
    # Line and column (1-based) packed into one int (``packed``); ALIASED marks a value
    # that is an alias: the walk stops there, as positions inside an alias are the anchor's.
    blocks: array = field(default_factory=lambda: array("Q"))
    root: int = 0  # the position of the document's top value (0: none)
    anchors: bool = False  # the file has anchors: some values are one object used twice
    _starts: Optional[dict[int, int]] = field(default=None, compare=False, repr=False)
    _indexes: dict[int, dict] = field(default_factory=dict, compare=False, repr=False)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest ancestor in the file; with ``key``,
        of the key that names it (for a list item, or where there is none: its value)."""
        found = self.root or packed(1, 1)
        node = self.data
        for step in path:
            hit = self._child(node, step)
            if hit is None:
                break
            key_at, value_at, node = hit
            found = (key_at if key and key_at else value_at) & ~ALIASED
            if value_at & ALIASED:
                break
        return Position(self.path, *unpacked(found))

    def _child(self, node: Any, step: Any) -> Optional[tuple[int, int, Any]]:
        """(key position or 0, value position, value) of ``step`` in ``node``."""
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            at = self._start(node) + 2 * self._index(node, step)
            key_at = self.blocks[at] if at < len(self.blocks) else 0
            at += 1
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            at, key_at = self._start(node) + step, 0
        else:
            return None
        if at >= len(self.blocks):  # only a damaged kept parse: no position rather than a crash
            return None
        return key_at, self.blocks[at], node[step]

    def _index(self, mapping: dict, key: str) -> int:
        """Where ``key`` is in ``mapping``'s order; a large mapping's order is kept, so many
        problems in it never cost a scan each."""
        if len(mapping) <= 16:
            return list(mapping).index(key)
        order = self._indexes.get(id(mapping))
        if order is None:
            order = self._indexes[id(mapping)] = {k: i for i, k in enumerate(mapping)}
        return order[key]

    def _start(self, container: Any) -> int:
        """Where ``container``'s block begins (the parse notes it; a kept parse walks
        ``data`` for it once)."""
        if self._starts is None:
            self._starts = _block_starts(self.data)
        return self._starts.get(id(container), len(self.blocks))


def _block_starts(data: Any) -> dict[int, int]:
    """id(container) -> where its block begins, for data whose every container is one
    object closed in document order: a clean parse (no anchors, no skipped duplicate key),
    the only kind yaml_cache.py keeps. Each container's block follows its children's."""
    starts: dict[int, int] = {}
    offset = 0
    # (container, its children still to visit): an explicit stack, as deep as the file
    stack = [(data, iter(_children(data)))] if isinstance(data, (dict, list)) else []
    while stack:
        container, children = stack[-1]
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, iter(_children(child))))
                break
        else:
            stack.pop()
            starts[id(container)] = offset
            offset += 2 * len(container) if isinstance(container, dict) else len(container)
    return starts


def _children(container: Any) -> Any:
    return container.values() if isinstance(container, dict) else container


_COLUMN_BITS = 32  # a line of up to 4 G characters; files are refused past 64 MB
ALIASED = 1 << 63


def packed(line: int, column: int) -> int:
    return line << _COLUMN_BITS | column


def unpacked(position: int) -> tuple[int, int]:
    return position >> _COLUMN_BITS, position & ((1 << _COLUMN_BITS) - 1)


def load_yaml(path: str, text: str, problems: Problems) -> LoadedYaml:
    """Parse ``text`` (read from ``path``); every problem goes to ``problems``."""
    loaded = LoadedYaml(path)
    if _report_forbidden(path, text, problems):
        return loaded
    loader = _Loader(text)
    builder = _Builder(loaded, loader, problems)
    try:
        loaded.data = builder.document()
        loaded.anchors = bool(builder.anchors)
        loaded._starts = builder.starts
    except _Refused:
        loaded.data = None
    except yaml.MarkedYAMLError as err:
        _report_syntax(path, text, err, problems)
    except yaml.YAMLError as err:  # no mark: libyaml's reader and emitter errors
        problems.error(Position(path), f"YAML error: {err}; expected valid YAML")
    finally:
        loader.dispose()
    return loaded


def _report_forbidden(path: str, text: str, problems: Problems) -> bool:
    """Control characters (NUL, escapes, ...) cannot be in YAML; say where the first is."""
    match = _FORBIDDEN_RE.search(text, 1 if text.startswith("\ufeff") else 0)
    if not match:
        return False
    line = text.count("\n", 0, match.start()) + 1
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    problems.error(Position(path, line, col), f"character U+{ord(match.group()):04X} is not "
                   "allowed in YAML; expected printable text (remove it)")
    return True


def _report_syntax(path: str, text: str, err: yaml.MarkedYAMLError, problems: Problems) -> None:
    hint = explain(err, text)
    if hint:
        problems.error(Position(path, hint.line, hint.column), f"YAML syntax error: {hint.message}")
        return
    # "while scanning a quoted scalar" and the like: where the thing began is more useful
    # than the end of the file, where the scanner noticed.
    scanning = (err.context or "").startswith("while scanning") and err.context_mark
    mark = err.context_mark if scanning else err.problem_mark or err.context_mark
    where = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
    what = " ".join(filter(None, [err.context, err.problem]))
    problems.error(where, f"YAML syntax error: {what}; expected valid YAML (check indentation, "
                          "colons and quotes)")


class _Refused(Exception):
    """The file uses a construct we refuse; the problem is already reported."""


@dataclass
class _Anchor:
    value: Any
    size: int  # how many values it stands for, nested ones included
    open: bool = True  # still being built: an alias to it would be recursive


class _Builder:
    """Turns the event stream into dicts, lists and scalars, recording positions."""

    def __init__(self, loaded: LoadedYaml, loader: _Loader, problems: Problems):
        self.loaded, self.loader, self.problems = loaded, loader, problems
        self.anchors: dict[str, _Anchor] = {}
        self.depth = 0
        self.aliased = 0  # values that aliases stood for so far
        self.starts: dict[int, int] = {}  # id(container) -> its block (LoadedYaml._starts)

    def document(self) -> Any:
        """The first document's data (None for an empty file); a second one is an error."""
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        data, _, self.loaded.root = self.value()
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            self._refuse(loader.peek_event(), "a second YAML document ('---'); expected one "
                                              "document per file")
        return data

    def _refuse(self, event, message: str) -> NoReturn:
        mark = event.start_mark
        self.problems.error(Position(self.loaded.path, mark.line + 1, mark.column + 1), message)
        raise _Refused

    def value(self) -> tuple[Any, int, int]:
        """Build the next value; returns it, how many values it holds and its position
        (marked ALIASED for an alias)."""
        event = self.loader.get_event()
        mark = event.start_mark
        at = packed(mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            return (*self._alias(event), at | ALIASED)
        if isinstance(event, yaml.ScalarEvent):
            result = self._scalar(event), 1
        else:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self._refuse(event, f"nested more than {MAX_DEPTH} levels deep; expected the "
                                    "few levels claims.yaml uses")
            if event.tag not in _COLLECTION_TAGS:
                self._refuse(event, f"YAML tag '{event.tag}' is not supported; expected a plain "
                                    "list or mapping")
            anchor = self._open_anchor(event)
            if isinstance(event, yaml.MappingStartEvent):
                result = self._mapping()
            else:
                result = self._sequence()
            self.depth -= 1
            if anchor:
                self.anchors[anchor] = _Anchor(result[0], result[1], open=False)
            return (*result, at)
        if event.anchor:
            self.anchors[event.anchor] = _Anchor(result[0], result[1], open=False)
        return (*result, at)

    def _open_anchor(self, event) -> Optional[str]:
        if event.anchor:
            self.anchors[event.anchor] = _Anchor(None, 0)
        return event.anchor

    def _alias(self, event) -> tuple[Any, int]:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            self._refuse(event, f"alias '*{event.anchor}' has no anchor '&{event.anchor}' "
                                "before it; expected an anchor defined above its aliases")
        if anchor.open:
            self._refuse(event, f"alias '*{event.anchor}' is inside its own anchor; expected "
                                "no recursive aliases")
        if anchor.size > MAX_ALIAS_VALUES:
            self._refuse(event, f"alias '*{event.anchor}' stands for {anchor.size} values; "
                                f"expected at most {MAX_ALIAS_VALUES} (write them out)")
        self.aliased += anchor.size
        if self.aliased > MAX_ALIASED_TOTAL:
            self._refuse(event, f"aliases in this file stand for more than {MAX_ALIASED_TOTAL} "
                                "values; expected entries written out")
        return anchor.value, anchor.size

    def _scalar(self, event) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        constructor = self.loader.yaml_constructors.get(tag)
        if constructor is None or tag.endswith((":binary", ":timestamp")):
            self._refuse(event, f"YAML tag '{event.tag}' is not supported; expected plain "
                                "text, numbers, true/false or null")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(self.loader, node)
        except (ValueError, OverflowError, yaml.YAMLError) as err:  # e.g. a 5,000-digit number
            self._refuse(event, f"cannot read this value ({err}); expected text, a number, "
                                "true/false or null")

    def _sequence(self) -> tuple[list, int]:
        items: list = []
        block = array("Q")
        size = 1
        while not self.loader.check_event(yaml.SequenceEndEvent):
            item, item_size, at = self.value()
            items.append(item)
            block.append(at)
            size = self._grow(size, item_size)
        self.loader.get_event()
        self._close(items, block)
        return items, size

    def _mapping(self) -> tuple[dict, int]:
        result: dict = {}
        block = array("Q")  # key, value, key, value, ...
        order: Optional[dict[str, int]] = None  # key -> its pair, once a key comes twice
        size = 1
        while not self.loader.check_event(yaml.MappingEndEvent):
            mark = self.loader.peek_event().start_mark
            key = self._key()
            if key is not None and key in result:
                if order is None:
                    order = {name: pair for pair, name in enumerate(result)}
                first, _ = unpacked(block[2 * order[key]])
                self.problems.error(Position(self.loaded.path, mark.line + 1, mark.column + 1),
                                    f"duplicate key '{key}' (first at line {first}); expected "
                                    "each key once per entry")
                key = None
            if key is None:  # reported; still read the value, so parsing goes on
                self.value()
                continue
            if order is not None:
                order[key] = len(result)
            result[key], item_size, at = self.value()
            block.extend((packed(mark.line + 1, mark.column + 1), at))
            size = self._grow(size, item_size)
        self.loader.get_event()
        self._close(result, block)
        return result, size

    def _close(self, container: Any, block: array) -> None:
        """Lay ``container``'s block after those of the containers closed before it."""
        self.starts[id(container)] = len(self.loaded.blocks)
        self.loaded.blocks.extend(block)

    def _grow(self, size: int, more: int) -> int:
        """Aliases inside aliases multiply: stop counting past any sane file's size."""
        return min(size + more, 10 * MAX_ALIAS_VALUES)

    def _key(self) -> Optional[str]:
        event = self.loader.peek_event()
        if not isinstance(event, yaml.ScalarEvent) or event.anchor:
            self.problems.error(Position(self.loaded.path, event.start_mark.line + 1,
                                         event.start_mark.column + 1),
                                "a key must be plain text; expected name: value")
            self.value()
            return None
        self.loader.get_event()
        return str(event.value)
