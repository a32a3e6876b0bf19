"""gpucost buy: built from its declaration in estimator/commands/buy.py; this file holds
its examples."""

import typer

from cli.commands import build

EPILOG = """\b
Examples:
  gpucost buy '$6B' --gpu H100
  gpucost buy '6 billion USD' --gpu H100 --price '25000..40000 USD'
  gpucost buy '$6B' --gpu H100 -q          # bare number, for $(...)
  gpucost buy '$6B' --gpu H100 --json --explain
"""


def register(app: typer.Typer) -> None:
    build.register(app, "buy", EPILOG)
