import os
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.options import Command, Options, common_options
from cli.output import Environment, error, warning
from cli.render import Report, emit
from estimator import catalogue as catalogue_package
from estimator.catalogue.export import validation_dict  # its loader loads on first use (PEP 562)
from estimator.errors import CatalogueError, Problem
from estimator.results import Rows
from estimator.status import Status

EPILOG = """\b
Examples:
  gpucost catalogue validate my-prices.yaml
  gpucost catalogue validate data/gpu_specs.yaml
"""

catalogue_app = typer.Typer(help="Work with catalogue files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(catalogue_app, name="catalogue")


class Validation(Report):
    """The problems ``catalogue validate`` found, file by file."""

    HEADER = ["file", "line", "field", "message"]

    def __init__(self) -> None:
        self.files: list[tuple[str, list[Problem]]] = []
        self.missing: set[str] = set()  # said on stderr only, in a table

    def add(self, path: str, problems: list[Problem], missing: bool = False) -> None:
        self.files.append((path, problems))
        if missing:
            self.missing.add(path)

    @property
    def status(self) -> Status:
        return Status.error if any(problems for _, problems in self.files) else Status.ok

    def to_dict(self) -> dict[str, Any]:
        return validation_dict(self.files)

    def rows(self) -> Rows:
        return Rows(self.HEADER, [[p.file, p.line, p.field, p.message] for _, ps in self.files for p in ps])

    def table(self, env: Environment) -> None:
        env.write("".join(f"{p}\n" for path, ps in self.files if path not in self.missing for p in ps))


@catalogue_app.command(epilog=EPILOG, cls=Command)
@common_options(honours=("format", "json", "debug"))
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Catalogue or overlay YAML files.")],
    opts: Options = Options(),
) -> None:
    """Report every problem in catalogue files, each as file:line: field: message.

    Source ids may refer to the bundled catalogue's sources. Exit 0 when all files are
    clean, 2 when any has a problem.
    """
    base_file = Path(
        os.environ.get("GPUCOST_BASE_CATALOGUE") or catalogue_package.bundled_path()
    )  # what the commands read
    base, _ = catalogue_package.parse_layer(base_file, "base catalogue")
    known = set(map(str, base.data.get("sources") or {}))
    report = Validation()
    env = Environment.current()
    for name in files:
        path = Path(name)
        if not path.is_file():
            message = f"{name}: file not found" if not path.exists() else f"{name} is not a file"
            error(message, "check the path")
            report.add(name, [Problem(name, None, None, message)], missing=True)  # said on stderr already
            continue
        layer, problems = catalogue_package.parse_layer(path, name, known_sources=known)
        if not problems and path.resolve() != base_file.resolve():
            try:  # as an overlay on the bundled catalogue: names and aliases must not clash
                cat = catalogue_package.Catalogue([base, layer])
            except CatalogueError as exc:
                problems.extend(exc.problems)
            else:
                for message in cat.warnings:
                    warning(message)
        report.add(name, problems)
        if problems:
            error(f"{name}: {len(problems)} problem(s), listed on stdout", "each line is file:line: field: message")
        else:
            env.stderr.write(f"{name}: ok\n")
    raise typer.Exit(emit(report, opts.format, env))
