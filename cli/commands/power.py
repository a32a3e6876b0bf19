from typing import Annotated, Optional

import typer

from cli.options import Options, common_options, complete_gpu

EPILOG = """\b
Examples:
  gpucost power 100k --gpu H100
  gpucost power 100,000 --gpu H100 --pue 1.1..1.4 --electricity '0.05..0.10 USD/kWh'
  gpucost power 100k --gpu H100 -q         # facility power in MW
  gpucost power 20k --gpu B200 --json --grid world
  gpucost power 100k --gpu H100 --sensitivity
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG)(power)


@common_options
def power(
    count: Annotated[str, typer.Argument(metavar="COUNT", help="How many accelerators: 100k, 100,000, 1.5M.")],
    gpu: Annotated[
        str,
        typer.Option(
            "--gpu", "-g", metavar="NAME", autocompletion=complete_gpu, help="Accelerator name or alias, e.g. H100."
        ),
    ],
    pue: Annotated[
        Optional[str],
        typer.Option(metavar="X", help="Power usage effectiveness, e.g. 1.2 or 1.1..1.4 (default: catalogue)."),
    ] = None,
    electricity: Annotated[
        Optional[str],
        typer.Option(metavar="PRICE", help="Energy price, e.g. '0.08 USD/kWh' (default: catalogue)."),
    ] = None,
    it_overhead: Annotated[
        Optional[str],
        typer.Option(
            metavar="SHARE",
            help="IT power beyond the GPU servers as a share of it, e.g. 0.1 (default: catalogue).",
        ),
    ] = None,
    grid: Annotated[
        Optional[str],
        typer.Option(metavar="GRID", help="Carbon: a region (us, world, eu, ...) or '0.4 kg/kWh'."),
    ] = None,
    sensitivity: Annotated[
        bool, typer.Option("--sensitivity", help="Show which input's range moves the result most.")
    ] = False,
    opts: Options = Options(),
) -> None:
    """Power a cluster draws: chips, IT load, facility (x PUE), energy, its bill and CO2 per year."""
    from cli.render import render
    from estimator.api import power as compute

    settings = {"pue": pue, "electricity": electricity, "it_overhead": it_overhead, "grid": grid}
    result = compute(count, gpu, **settings, catalogue=opts.catalogue)
    render(result, opts, sensitivity)
