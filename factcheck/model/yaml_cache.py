"""claims.yaml as the last check parsed it, kept while the file does not change.

Parsing a 10,000-claim file and recording the position of each of its 440,000 values is
the largest single step of ``check`` (about 2 s), repeated by every build after an edit to
an analysis. The result is a pure function of the file's text and the parsing code, so it
is kept under a digest of both: one file per project in the user's cache folder (never in
the project, where a pull request could plant one; render_cache.py), replaced whenever
the text changes. It is written with ``marshal``: plain values only (dicts, lists, tuples,
text, numbers), which it loads in a sixth of the parse's time, where JSON takes longer
than parsing; unlike pickle it never runs code, and what it loads is checked for shape
and is then validated like any parse. Only a clean parse is kept (no problem reported, no
anchors: an alias's value is one object used twice, which a copy would not be), so
whatever a parse reports is always reported by a real parse. Not in CI.
"""

from __future__ import annotations

import hashlib
import marshal
from array import array
import sys
import os
from pathlib import Path
from typing import Optional

import yaml

from .problems import Problems
from .render_cache import cache_folder
from .yamlpos import LoadedYaml, load_yaml

_CODE = ("yamlpos.py", "yamlhints.py", "yaml_cache.py")


def load_yaml_cached(project_root: Path, path: str, text: str,
                     problems: Problems) -> LoadedYaml:
    """``load_yaml(path, text, problems)``, from the last parse of the same text if any."""
    where = _cache_file(project_root, path)
    key = _key(text)
    if where is not None:
        kept = _read(where, key, path)
        if kept is not None:
            return kept
    before = len(problems)
    loaded = load_yaml(path, text, problems)
    if where is not None and len(problems) == before and not loaded.anchors:
        _write(where, key, loaded)
    return loaded


def _cache_file(project_root: Path, path: str) -> Optional[Path]:
    folder = cache_folder()
    if folder is None:
        return None
    name = f"{project_root.resolve()}\0{path}".encode("utf-8", "surrogateescape")
    digest = hashlib.blake2b(name, digest_size=12).hexdigest()
    return folder.parent / "parsed-yaml" / f"{digest}.marshal"


def _key(text: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for name in _CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update(f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} "
                  f"{sys.version} {marshal.version}".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _read(where: Path, key: str, path: str) -> Optional[LoadedYaml]:
    """The kept parse of this text; None when there is none or it is not what _write
    writes (then the file is parsed again)."""
    try:
        kept = marshal.loads(where.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == key
            and isinstance(kept[2], bytes) and isinstance(kept[3], int)):
        return None
    blocks = array("Q")
    blocks.frombytes(kept[2][:len(kept[2]) - len(kept[2]) % blocks.itemsize])
    return LoadedYaml(path, kept[1], blocks, kept[3])


def _write(where: Path, key: str, loaded: LoadedYaml) -> None:
    """Best effort: a parse that cannot be kept is only parsed again next time."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        temporary = where.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((key, loaded.data, loaded.blocks.tobytes(),
                                                   loaded.root)))
        os.replace(temporary, where)
    except (OSError, ValueError):
        pass
