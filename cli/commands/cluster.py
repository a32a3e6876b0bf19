from typing import Annotated, Optional

import typer

from cli.options import (
    Command,
    Electricity,
    Gpu,
    Grid,
    ItOverhead,
    Options,
    Pue,
    Rental,
    Sensitivity,
    SensitivityOf,
    common_options,
)

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

Opt = typer.Option


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(cluster)


@common_options
def cluster(
    count: Annotated[str, typer.Argument(metavar="COUNT", help="How many accelerators: 100k, 16,384.")],
    gpu: Gpu,
    years: Annotated[Optional[str], Opt(metavar="YEARS", help="Years owned (default: hardware life).")] = None,
    utilization: Annotated[
        Optional[str], Opt(metavar="SHARE", help="Share of hours busy (default: catalogue).")
    ] = None,
    maintenance: Annotated[
        Optional[str], Opt(metavar="SHARE", help="Maintenance and staff per year, share of hardware capex.")
    ] = None,
    price: Annotated[Optional[str], Opt(metavar="PRICE", help="Purchase price per GPU.")] = None,
    rental: Rental = None,
    pue: Pue = None,
    electricity: Electricity = None,
    it_overhead: ItOverhead = None,
    grid: Grid = None,
    sensitivity: Sensitivity = False,
    sensitivity_of: SensitivityOf = None,
    opts: Options = Options(),
) -> None:
    """Owning a cluster: capex by part, opex, TCO and $/GPU-hour against renting, with CO2."""
    from cli.render import render
    from estimator.api import cluster as compute

    result = compute(
        count,
        gpu,
        years=years,
        utilization=utilization,
        maintenance=maintenance,
        price=price,
        rental=rental,
        pue=pue,
        electricity=electricity,
        it_overhead=it_overhead,
        grid=grid,
        as_of=opts.as_of,
        catalogue=opts.catalogue,
    )
    render(result, opts, sensitivity, sensitivity_of)
