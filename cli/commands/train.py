"""gpucost train: built from its declaration in estimator/commands/train.py; this file holds
its examples."""

import typer

from cli.commands import build

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


def register(app: typer.Typer) -> None:
    build.register(app, "train", EPILOG)
