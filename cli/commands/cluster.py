from typing import Annotated, Optional

import typer

from cli.options import Options, common_options, complete_gpu

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
    app.command(epilog=EPILOG)(cluster)


@common_options
def cluster(
    count: Annotated[str, typer.Argument(metavar="COUNT", help="How many accelerators: 100k, 16,384.")],
    gpu: Annotated[
        str,
        Opt("--gpu", "-g", metavar="NAME", autocompletion=complete_gpu, help="Accelerator name or alias, e.g. H100."),
    ],
    years: Annotated[Optional[str], Opt(metavar="YEARS", help="Years owned (default: hardware life).")] = None,
    utilization: Annotated[Optional[str], Opt(metavar="SHARE", help="Share of hours busy (default 1).")] = None,
    maintenance: Annotated[
        Optional[str], Opt(metavar="SHARE", help="Maintenance and staff per year, share of hardware capex.")
    ] = None,
    price: Annotated[Optional[str], Opt(metavar="PRICE", help="Purchase price per GPU.")] = None,
    rental: Annotated[Optional[str], Opt(metavar="PRICE", help="Rental price per GPU-hour to compare with.")] = None,
    pue: Annotated[Optional[str], Opt(metavar="X", help="Power usage effectiveness (default: catalogue).")] = None,
    electricity: Annotated[Optional[str], Opt(metavar="PRICE", help="Energy price, e.g. '0.08 USD/kWh'.")] = None,
    it_overhead: Annotated[Optional[str], Opt(metavar="SHARE", help="IT power beyond the GPU servers.")] = None,
    grid: Annotated[
        Optional[str], Opt(metavar="GRID", help="Carbon: a region (us, world, eu, ...) or '0.4 kg/kWh'.")
    ] = None,
    sensitivity: Annotated[bool, Opt("--sensitivity", help="Show which input's range moves the result most.")] = False,
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
    render(result, opts, sensitivity)
