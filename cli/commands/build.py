"""The typer command of a number command, built from its declaration (estimator/commands/).

Each input becomes an argument or an option with its metavar, help and completion; the
command gets ``--sensitivity``/``--sensitivity-of`` and the shared options it honours
(``--as-of`` only when it reads dated prices, ``--catalogue`` only when it reads the
catalogue), and hands what it read to ``cli.invoke.number``, as the one-liner's fast path
(``cli/fast.py``) does.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

from cli import invoke
from cli.options import Command, Sensitivity, SensitivityOf, complete_gpu, complete_grid, shared_parameters
from estimator.commands import spec_of
from estimator.commands.spec import CHOICE, GPU, GRID

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


def command(spec: Spec) -> Callable[..., int]:
    """The command-line function of ``spec``, ready for ``app.command``: it hands every value
    read to ``cli.invoke.number``, as the one-liner's fast path does."""

    def run(**kwargs: Any) -> int:
        return invoke.number(spec.name, kwargs)

    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [parameter(i) for i in spec.inputs]
    params += [
        inspect.Parameter("sensitivity", keyword, default=False, annotation=Sensitivity),
        inspect.Parameter("sensitivity_of", keyword, default=None, annotation=SensitivityOf),
    ]
    params += shared_parameters(invoke.honours(spec))
    run.__name__ = spec.name
    run.__doc__ = spec.doc
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


def register(app: typer.Typer, name: str, epilog: str) -> None:
    """Add the number command ``name`` to ``app``."""

    spec = spec_of(name)
    app.command(name, epilog=epilog, cls=Command, help=spec.doc)(command(spec))
