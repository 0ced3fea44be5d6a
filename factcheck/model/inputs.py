"""Open the files a pull request names, refusing any that leads outside the project.

Everything in a pull request is untrusted, file names and symlinks included: an analysis
that is a symlink to ``/etc/passwd``, or a ``local_copy`` of ``../../secrets``, would make
CI read (and the site publish) files that are not the project's. Every input file is
therefore opened through ``read_input``, which accepts only regular files whose real
path, symlinks resolved, lies inside the project folder. Symlinks that stay inside it
(an ``evidence/`` folder kept elsewhere in the tree, say) are fine.
"""

from __future__ import annotations

import errno
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Union

from .problems import Position, Problems

MAX_INPUT_BYTES = 64 * 1024 * 1024  # far above any real claims.yaml or analysis


class InputError(Exception):
    """Why a named file cannot be used; the message is the part after the position."""


def input_path(root: Path, name: str, what: str = "file") -> Path:
    """The real path of ``name`` (relative to ``root``), or InputError saying why not."""
    if "\0" in name:
        raise InputError(f"{what} name cannot contain a NUL character")
    relative = os.path.normpath(name)
    if os.path.isabs(relative) or relative.split(os.sep)[0] == os.pardir:
        raise InputError(f"{what} '{name}' is outside the project; expected a path relative to the "
                         "project folder, such as evidence/report.txt")
    real_root = _real_folder(str(root))
    real = os.path.realpath(os.path.join(root, relative))
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise InputError(f"{what} '{name}' leads outside the project (through a symlink); expected a "
                         "file inside the project folder")
    try:
        mode = os.stat(real).st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(f"{what} '{name}' is a symlink that leads nowhere (a loop); "
                             "expected a regular text file") from None
        raise InputError(f"{what} '{name}' does not exist; expected a text file path relative to the "
                         "project root") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise InputError(f"{what} '{name}' is {kind}; expected a regular text file")
    return Path(real)


@lru_cache(maxsize=16)
def _real_folder(root: str) -> str:
    """The project folder's real path, once per build rather than once per input file
    (os.path.realpath: a 10,000-claim site reads 10,000 analyses)."""
    return os.path.realpath(root)


def read_bytes(root: Path, name: str, what: str = "file") -> bytes:
    """The contents of an input file, or InputError."""
    path = input_path(root, name, what)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as err:
        raise InputError(f"{what} '{name}' cannot be read ({err.strerror})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{what} '{name}' is larger than {MAX_INPUT_BYTES // 2**20} MB; expected a "
                         "text file of reasonable size")
    return data


def read_text(root: Path, name: str, where: Union[Position, str], problems: Problems,
              what: str = "file") -> Optional[str]:
    """UTF-8 text of an input file, or None after reporting why at ``where``."""
    where = where if isinstance(where, Position) else Position(where)
    try:
        data = read_bytes(root, name, what)
    except InputError as err:
        problems.error(where, str(err))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[:err.start].decode("utf-8")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        at = Position(name, line, col) if where.path == name else where
        problems.error(at, f"byte 0x{data[err.start]:02x} of {what} '{name}' is not UTF-8 text; "
                           "expected a file saved as UTF-8")
        return None


def folder_reader(root: Path, folder: str) -> Callable[[str], Optional[bytes]]:
    """Read many files of one folder with one ``open`` each (10,000 analyses): the folder's
    real path is checked once, here, and each file is opened without following a symlink.
    The reader returns None for anything but a plain regular file of reasonable size in a
    folder reached without symlinks; ``read_text`` then decides and says why."""
    real_root = os.path.realpath(root)
    relative = os.path.normpath(folder)
    expected = os.path.normpath(os.path.join(real_root, relative))
    plain = (not os.path.isabs(relative) and relative.split(os.sep)[0] != os.pardir
             and "\0" not in folder and os.path.realpath(expected) == expected)

    def read(name: str) -> Optional[bytes]:
        if not plain or "/" in name or "\0" in name or name in (".", ".."):
            return None
        try:  # O_NONBLOCK: a FIFO planted as an analysis must not hang the check
            handle = os.open(os.path.join(expected, name),
                             os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            regular = stat.S_ISREG(os.fstat(handle).st_mode)
        except OSError:
            regular = False
        if not regular:  # a folder or a device: read_text says what it is
            os.close(handle)
            return None
        try:
            with open(handle, "rb") as opened:  # closes the handle
                data = opened.read(MAX_INPUT_BYTES + 1)
        except OSError:
            return None
        return data if len(data) <= MAX_INPUT_BYTES else None
    return read


def read_text_with(reader: Callable[[str], Optional[bytes]], root: Path, folder: str,
                   name: str, problems: Problems) -> Optional[str]:
    """``read_text`` of ``folder/name`` through a ``folder_reader``; anything it does not
    read plainly, or that is not UTF-8, goes through ``read_text`` for its message."""
    data = reader(name)
    if data is not None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    shown = f"{folder}/{name}"
    return read_text(root, shown, shown, problems)
