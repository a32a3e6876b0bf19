"""gpucost power: built from its declaration in estimator/commands/power.py; this file holds
its examples."""

import typer

from cli.commands import build

EPILOG = """\b
Examples:
  gpucost power 100k --gpu H100
  gpucost power 100,000 --gpu H100 --pue 1.1..1.4 --electricity '0.05..0.10 USD/kWh'
  gpucost power 100k --gpu H100 -q         # facility power in MW
  gpucost power 20k --gpu B200 --json --grid world
  gpucost power 100k --gpu H100 --sensitivity
"""


def register(app: typer.Typer) -> None:
    build.register(app, "power", EPILOG)
