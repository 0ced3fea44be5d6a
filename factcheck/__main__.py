"""``python -m factcheck``: the ``factcheck`` command (``make serve`` runs each rebuild so)."""

from .cli import command

command()
