from typing import Annotated, Optional

import typer

from cli.options import Command, Options, common_options, complete_gpu

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


@common_options
def gpus(
    name: Annotated[
        Optional[str],
        typer.Argument(metavar="[NAME]", autocompletion=complete_gpu, help="One accelerator, by name or alias."),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="The list as a Markdown table (as in the README).")
    ] = False,
    opts: Options = Options(),
) -> None:
    """Browse the catalogue: every accelerator, or one with each figure's source and date."""
    from cli import catalogue_view

    if markdown and (opts.json or opts.quiet):
        raise typer.BadParameter("--markdown excludes --json and --quiet", param_hint="'--markdown'")
    if markdown and name is not None:
        raise typer.BadParameter("--markdown draws the whole list; leave out NAME", param_hint="'--markdown'")
    cat = opts.catalogue()
    if name is None:
        catalogue_view.show_all(cat, opts, markdown)
    else:
        catalogue_view.show_one(cat, cat.gpu(name), opts)
