"""gpucost runway: built from its declaration in estimator/commands/runway.py; this file holds
its examples."""

import typer

from cli.commands import build

EPILOG = """\b
Examples:
  gpucost runway '$6B' --burn '$3B..$6B/yr'
  gpucost runway '6e9 USD' --burn '3e9 USD/yr' -q     # years
  gpucost runway '$6B' --burn '$4B/yr ±25%' --json
"""


def register(app: typer.Typer) -> None:
    build.register(app, "runway", EPILOG)
