from typing import Annotated

import typer

from cli.options import Command
from cli.status import ExitStatus

EPILOG = """\b
Examples:
  gpucost catalogue validate my-prices.yaml
  gpucost catalogue validate data/gpu_specs.yaml
"""

catalogue_app = typer.Typer(help="Work with catalogue files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command(epilog=EPILOG, cls=Command)
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Catalogue or overlay YAML files.")],
) -> None:
    """Report every problem in catalogue files, each as file:line: field: message.

    Source ids may refer to the bundled catalogue's sources. Exit 0 when all files are
    clean, 2 when any has a problem.
    """
    import os
    import sys
    from pathlib import Path

    from cli.output import error, warning
    from estimator.catalogue import Catalogue, bundled_path, parse_layer
    from estimator.errors import CatalogueError

    base_file = Path(os.environ.get("GPUCOST_BASE_CATALOGUE") or bundled_path())  # what the commands read
    base, _ = parse_layer(base_file, "base catalogue")
    known = set(map(str, base.data.get("sources") or {}))
    bad = 0
    for name in files:
        path = Path(name)
        if not path.is_file():
            error(f"{name}: file not found" if not path.exists() else f"{name} is not a file", "check the path")
            bad += 1
            continue
        layer, problems = parse_layer(path, name, known_sources=known)
        if not problems and path.resolve() != base_file.resolve():
            try:  # as an overlay on the bundled catalogue: names and aliases must not clash
                cat = Catalogue([base, layer])
            except CatalogueError as exc:
                problems.append(exc.message)
            else:
                for message in cat.warnings:
                    warning(message)
        for problem in problems:
            sys.stdout.write(problem + "\n")
        if problems:
            error(f"{name}: {len(problems)} problem(s), listed above", "each line is file:line: field: message")
        else:
            sys.stderr.write(f"{name}: ok\n")
        bad += bool(problems)
    if bad:
        raise typer.Exit(ExitStatus.BAD_INPUT)
