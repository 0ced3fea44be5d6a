#!/usr/bin/env python3
"""This site's command line: the generator's (`factcheck --help`), run on this folder."""

from pathlib import Path

from factcheck.cli import exit_now, main as cli_main


def main(argv: list[str] | None = None) -> int:
    """Works on the folder build.py is in, wherever it is run from."""
    return cli_main(argv, root=Path(__file__).resolve().parent)


if __name__ == "__main__":
    exit_now(main())
