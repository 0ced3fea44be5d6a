"""`factcheck init DIR` (or `build.py init DIR`): start a new, empty fact-check site.

The site is the files under ``factcheck/starter/``, shipped in the package, copied as they
are but for two substitutions: a path part written ``dot-x`` becomes ``.x`` (so the starter's
``.gitignore`` and ``.github/`` do not act on this repository), and ``__FACTCHECK_GENERATOR__``
in requirements.txt becomes the line that pins the generator. The site installs the generator
from that pin instead of carrying a copy of it, and picks up a later version by changing it.
Values the new team must supply start with TODO, which ``check`` warns about.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Optional

from .model.schemadoc import write_schema_files

STARTER = Path(__file__).resolve().parent / "starter"
DISTRIBUTION = "factcheck-microsite"
GENERATOR_TOKEN = "__FACTCHECK_GENERATOR__"
EXECUTABLE = frozenset(["build.py", ".ci/run"])


class StarterError(Exception):
    """The site cannot be created; the message says why."""


def starter_files() -> dict[str, Path]:
    """Each file of the new site (its path there, with '/') -> the starter file."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            parts = path.relative_to(STARTER).parts
            files["/".join("." + p[4:] if p.startswith("dot-") else p for p in parts)] = path
    return files


def site_files(generator: str) -> dict[str, str]:
    """The new site's text files, with the generator pinned."""
    files = {name: path.read_text(encoding="utf-8") for name, path in starter_files().items()}
    files["requirements.txt"] = files["requirements.txt"].replace(GENERATOR_TOKEN, generator)
    return files


def init_site(target: Path, generator: str) -> list[str]:
    """Write the site into ``target`` (missing or empty); returns the files written."""
    if len(generator.strip().splitlines()) != 1:
        raise StarterError(f"--generator {generator!r} is not one requirements.txt line; "
                           "expected e.g. 'factcheck-microsite @ git+https://…@<commit>'")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StarterError(f"{target} exists and is not an empty folder; expected a new "
                           "folder's name (or an empty folder)")
    files = site_files(generator.strip())
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if name in EXECUTABLE:
            path.chmod(0o755)
    # claims.yaml's modeline names claims.schema.json; docs/ describe the pinned generator's
    # data model (`make schema` rewrites them after an upgrade).
    schema = [path.relative_to(target).as_posix() for path in write_schema_files(target)]
    return sorted([*files, *schema])


def running_generator() -> str:
    """The requirements.txt line for the generator that is running: its source checkout,
    or what PEP 610's direct_url.json says it was installed from, or its released version."""
    checkout = source_checkout()
    if checkout is not None:
        return f"{DISTRIBUTION} @ {checkout.as_uri()}"
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise StarterError(f"cannot tell where the running generator comes from; give "
                           f"--generator '{DISTRIBUTION} @ <its URL>'") from None
    direct = dist.read_text("direct_url.json")
    return pin_from_direct_url(json.loads(direct)) if direct else (
        f"{DISTRIBUTION}=={dist.version}")


def source_checkout() -> Optional[Path]:
    """The checkout the running package was imported from, if it is not an installed copy:
    the folder above it with the pyproject.toml that names this distribution."""
    folder = Path(__file__).resolve().parent.parent
    pyproject = folder / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return None
    return folder if f'name = "{DISTRIBUTION}"' in text else None


def pin_from_direct_url(direct: dict) -> str:
    """A PEP 508 direct reference from PEP 610's record: a VCS URL at the exact commit that
    was installed, or the file/archive URL (with its hash when pip recorded one)."""
    url = direct.get("url", "")
    vcs = direct.get("vcs_info")
    if vcs:
        url = f"{vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}"
    hashes = (direct.get("archive_info") or {}).get("hashes") or {}
    if "sha256" in hashes:
        url += f"#sha256={hashes['sha256']}"
    if direct.get("subdirectory"):
        url += ("&" if "#" in url else "#") + f"subdirectory={direct['subdirectory']}"
    return f"{DISTRIBUTION} @ {url}"
