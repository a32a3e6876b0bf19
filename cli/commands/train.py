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
  gpucost train --params 70B --tokens 1.4T --gpu H100 --count 2048 --mfu 0.4
  gpucost train --flops 3.15e23 --gpu A100 --count 1024
  gpucost train --params 405B --tokens 15T --gpu H100 --days 90        # solve for GPUs
  gpucost train --params 70B --tokens 15T --gpu H100 --count 16k --sensitivity
  gpucost train --params 7B --tokens 2T --gpu H100 --count 512 -q       # days

Compute is 6 x parameters x tokens unless --flops is given. Days = compute / (GPUs x dense
peak x MFU). Rented cost = GPU-hours x rental price; owned cost = GPU-hours x (hardware /
hardware life + facility / facility life + energy per GPU-hour).
"""

Opt = typer.Option


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(train)


@common_options
def train(
    gpu: Gpu,
    flops: Annotated[Optional[str], Opt(metavar="FLOP", help="Training compute, e.g. 3.15e23.")] = None,
    params: Annotated[Optional[str], Opt(metavar="N", help="Model parameters, e.g. 70B (with --tokens).")] = None,
    tokens: Annotated[Optional[str], Opt(metavar="N", help="Training tokens, e.g. 1.4T (with --params).")] = None,
    count: Annotated[Optional[str], Opt(metavar="GPUS", help="GPUs in the run, e.g. 2048.")] = None,
    days: Annotated[Optional[str], Opt(metavar="DAYS", help="Wall-clock days: solve for the GPUs needed.")] = None,
    mfu: Annotated[
        Optional[str], Opt(metavar="X", help="Model FLOPs utilization, e.g. 0.4 (default: catalogue).")
    ] = None,
    precision: Annotated[
        str, Opt(metavar="P", autocompletion=lambda: ["bf16", "fp8"], help="bf16 or fp8: which dense peak to use.")
    ] = "bf16",
    rental: Rental = None,
    price: Annotated[Optional[str], Opt(metavar="PRICE", help="Purchase price per GPU for the owned cost.")] = None,
    pue: Pue = None,
    electricity: Electricity = None,
    it_overhead: ItOverhead = None,
    grid: Grid = None,
    sensitivity: Sensitivity = False,
    sensitivity_of: SensitivityOf = None,
    opts: Options = Options(),
) -> None:
    """A training run: compute, days (or GPUs needed), GPU-hours, cost rented and owned, energy, CO2."""
    from cli.render import render
    from estimator.api import train as compute

    result = compute(
        gpu,
        flops=flops,
        params=params,
        tokens=tokens,
        count=count,
        days=days,
        mfu=mfu,
        precision=precision,
        rental=rental,
        price=price,
        pue=pue,
        electricity=electricity,
        it_overhead=it_overhead,
        grid=grid,
        as_of=opts.as_of,
        catalogue=opts.catalogue,
    )
    render(result, opts, sensitivity, sensitivity_of)
