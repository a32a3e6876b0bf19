from typing import Annotated, Optional

import typer

from cli.catalogue_view import Entry, Listing
from cli.options import Command, Format, Options, common_options, complete_gpu
from cli.render import emit

EPILOG = """\b
Examples:
  gpucost gpus
  gpucost gpus H100
  gpucost gpus MI300X --json
  gpucost gpus H100 --as-of 2023-12     # the price point in force then
  gpucost gpus -q                       # canonical names, one per line
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(gpus)


@common_options(honours=("format", "json", "quiet", "catalogue", "as_of", "debug"))
def gpus(
    name: Annotated[
        Optional[str],
        typer.Argument(metavar="[NAME]", autocompletion=complete_gpu, help="One accelerator, by name or alias."),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Same as --format markdown (the list, as in the README).")
    ] = False,
    opts: Options = Options(),
) -> None:
    """Browse the catalogue: every accelerator, or one with each figure's source and date."""
    if markdown and (opts.format != Format.table.value):
        raise typer.BadParameter("--markdown excludes --json, --quiet and --format", param_hint="'--markdown'")
    if markdown and name is not None:
        raise typer.BadParameter("--markdown draws the whole list; leave out NAME", param_hint="'--markdown'")
    cat = opts.catalogue()
    report = Listing(cat, opts.as_of) if name is None else Entry(cat, cat.gpu(name), opts.as_of)
    emit(report, Format.markdown.value if markdown else opts.format)
