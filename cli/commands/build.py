"""The typer command of a number command, built from its declaration (estimator/commands/).

Each input becomes an argument or an option with its metavar, help and completion; the
command gets ``--sensitivity``/``--sensitivity-of`` and the shared options it honours
(``--as-of`` only when it reads dated prices, ``--catalogue`` only when it reads the
catalogue), and calls the same API function a script calls.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

from cli.options import (
    EVERY,
    QUIET,
    Command,
    Options,
    Sensitivity,
    SensitivityOf,
    common_options,
    complete_gpu,
    complete_grid,
)
from cli.render import emit
from cli.reports import NumberReport
from cli.shell import check_dollar
from estimator.commands import SPECS
from estimator.commands.spec import CHOICE, GPU, GRID, named_as_options

if TYPE_CHECKING:
    from estimator.commands.spec import Input, Spec


def _completion(inp: Input) -> Callable[..., list[str]] | None:

    if inp.kind == GPU:
        return complete_gpu
    if inp.kind == GRID:
        return complete_grid
    if inp.kind == CHOICE:
        return lambda: list(inp.choices)
    return None


def parameter(inp: Input) -> inspect.Parameter:
    """The typer parameter of one input."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    if inp.positional:
        info: Any = typer.Argument(metavar=inp.metavar, help=inp.help)
        return inspect.Parameter(inp.name, keyword, annotation=Annotated[str, info])
    names = [inp.option, *([inp.short] if inp.short else [])]
    info = typer.Option(*names, metavar=inp.metavar, help=inp.help, autocompletion=_completion(inp))
    if inp.required:
        return inspect.Parameter(inp.name, keyword, annotation=Annotated[str, info])
    if inp.default is not None:
        return inspect.Parameter(inp.name, keyword, default=inp.default, annotation=Annotated[str, info])
    return inspect.Parameter(inp.name, keyword, default=None, annotation=Annotated[Optional[str], info])


def command(spec: Spec) -> Callable[..., None]:
    """The command-line function of ``spec``, ready for ``app.command``."""

    def run(**kwargs: Any) -> None:
        with named_as_options():  # on the command line an input is its option: --price
            command_run(kwargs)

    def command_run(kwargs: dict[str, Any]) -> None:
        opts: Options = kwargs.pop("opts")
        for inp in spec.inputs:
            if inp.kind not in (GPU, GRID, CHOICE) and isinstance(kwargs.get(inp.name), str):
                check_dollar(kwargs[inp.name], inp.what, money="USD" in inp.unit)
        sensitivity, sensitivity_of = kwargs.pop("sensitivity"), kwargs.pop("sensitivity_of")
        if (sensitivity or sensitivity_of) and opts.format not in ("table", "json"):
            shown = "-q" if opts.format == QUIET else f"--format {opts.format}"
            raise typer.BadParameter(
                f"the sensitivity view shows in the table and in --json, not with {shown}",
                param_hint="'--sensitivity'",
            )
        extra: dict[str, Any] = {}
        if spec.dated:
            extra["as_of"] = opts.as_of
        if spec.catalogue:
            extra["catalogue"] = opts.catalogue
        from estimator import api  # LAZY: the formulas' helpers load when a command runs, not for --help

        result = getattr(api, spec.name)(**kwargs, **extra)
        report = NumberReport(result, sensitivity, sensitivity_of)
        emit(report, opts.format, explain=opts.explain)

    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [parameter(i) for i in spec.inputs]
    params += [
        inspect.Parameter("sensitivity", keyword, default=False, annotation=Sensitivity),
        inspect.Parameter("sensitivity_of", keyword, default=None, annotation=SensitivityOf),
        inspect.Parameter("opts", keyword, default=Options(), annotation=Options),
    ]
    run.__name__ = spec.name
    run.__doc__ = spec.doc
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    honours = tuple(o for o in EVERY if (spec.catalogue or o != "catalogue") and (spec.dated or o != "as_of"))
    return common_options(run, honours=honours)


def register(app: typer.Typer, name: str, epilog: str) -> None:
    """Add the number command ``name`` to ``app``."""

    spec = SPECS[name]
    app.command(name, epilog=epilog, cls=Command, help=spec.doc)(command(spec))
