"""The typer app: the root group, loading each command's module only when it is asked for.

``cli.main`` builds it only for what the fast path (``cli/fast.py``) does not read itself:
--help, completion, the file commands, and any unusual command line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from cli.guard import run
from cli.main import COMMANDS, HELP, SUMMARIES, shortened
from estimator import __version__
from estimator.errors import close_matches

_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")  # click's, via typer


class App(typer.core.TyperGroup):
    """The root command: maps every error to one ``error:`` line and an exit code, and loads
    a command's module only when that command is asked for, so ``gpucost --help`` and a
    mistyped command import none of them (the list of commands is ``SUMMARIES``)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in SUMMARIES if name in self.commands or name in self.lazy]

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in self.lazy:
            self.add_command(load_command(name), name)
        return self.commands.get(name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As click's, with the did-you-mean taken from every command, loaded or not."""
        try:
            return self._click_resolve_command(ctx, args)
        except _USAGE_ERROR as exc:
            matches = close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and "Did you mean" not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)  # as click shortens a command's help
        rows = [(name, shortened(SUMMARIES[name], limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    lazy: frozenset[str] = frozenset()  # the commands make_app offers (typer builds the group)

    def main(  # type: ignore[override]
        self,
        args: Optional[list[str]] = None,
        prog_name: Optional[str] = None,
        complete_var: Optional[str] = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = sys.argv[1:] if args is None else list(args)
        name = prog_name or "gpucost"

        def program() -> Any:
            return super(App, self).main(
                args=args, prog_name=name, complete_var=complete_var, standalone_mode=False, **extra
            )

        code = run(program, args, name)
        if standalone_mode:
            sys.exit(code)
        return code


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"gpucost {__version__}\n")
        raise typer.Exit()


SETTINGS: dict[str, Any] = {
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    # a fixed help width: the README's command reference is generated from it
    "context_settings": {"help_option_names": ["-h", "--help"], "terminal_width": 100, "max_content_width": 100},
}


def load_command(name: str) -> Any:
    """The click command of ``cli/commands/<name>.py``, built from its module."""
    import importlib

    holder = typer.Typer(**SETTINGS)
    holder.callback()(lambda: None)  # a group, so that the command keeps its own name
    importlib.import_module(f"cli.commands.{name}").register(holder)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Check the numbers in AI-compute news and plans."""


def make_app(commands: list[str] = COMMANDS) -> typer.Typer:
    """The app offering ``commands``; each command's module loads when it is asked for."""
    group = type("App", (App,), {"lazy": frozenset(commands)})  # this app's own commands
    app = typer.Typer(name="gpucost", cls=group, help=HELP, no_args_is_help=True, **SETTINGS)
    app.callback()(_root)
    return app


def help_texts() -> dict[str, str]:
    """Every ``--help`` of the root and of each command, as the app prints it ("" is the root's).
    The wheel ships them prebuilt (``help.json`` beside the catalogue, see ``cli.main.prebuilt_help``)
    so that ``gpucost buy --help`` needs no typer; built here, they cannot differ from typer's."""
    import contextlib
    import io

    texts = {}
    for name in ["", *COMMANDS]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = typer.main.get_command(make_app()).main(
                [name, "--help"] if name else ["--help"], standalone_mode=False
            )
        assert code == 0, f"gpucost {name} --help failed"
        texts[name] = out.getvalue()
    return texts


HELP_FILE = "help.json"  # beside the catalogue in the wheel (estimator/data/)


def write_help(folder: str | Path) -> Path:
    """Write every ``--help`` into ``folder/help.json`` with the versions it was made by (the
    wheel's build hook calls this); returns the file."""
    import json

    path = Path(folder) / HELP_FILE
    doc = {"version": __version__, "typer": typer.__version__, "texts": help_texts()}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
