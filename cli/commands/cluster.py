"""gpucost cluster: built from its declaration in estimator/commands/cluster.py; this file holds
its examples."""

import typer

from cli.commands import build

EPILOG = """\b
Examples:
  gpucost cluster 100k --gpu H100 --years 4
  gpucost cluster 16k --gpu H100 --years 3..5 --utilization 0.7 --maintenance 0.05
  gpucost cluster 100k --gpu H100 --grid world --json
  gpucost cluster 100k --gpu H100 --sensitivity                  # which input matters most
  gpucost cluster 1024 --gpu B200 -q                             # owned $/GPU-hour

Capex: chips (count x price), servers (chips x (server factor - 1)), network (its share of
the hardware), facility (IT MW x capex per MW). Opex per year: energy at PUE and price,
plus maintenance (a share of hardware capex, off unless given). TCO over the years counts
the facility pro rata of its life. Owned $/GPU-hour = TCO / (GPUs x years x 8,766 h x
utilization), against the catalogue's rental price.
"""


def register(app: typer.Typer) -> None:
    build.register(app, "cluster", EPILOG)
