"""The one renderer: table on a terminal, ``--json``, ``-q``, ``--explain``.

JSON goes through ``sys.stdout.write(json.dumps(...))`` (rich would wrap it); data on
stdout, messages on stderr; rich is imported only for tables.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from cli.humanize import human, number

if TYPE_CHECKING:
    from cli.options import Options
    from estimator.results import Assumption, Result


def render(result: Result, opts: Options) -> None:
    from estimator import __version__

    if opts.json:
        sys.stdout.write(json.dumps(result.to_dict(__version__), indent=2) + "\n")
        return
    if opts.quiet:
        sys.stdout.write(number(result.primary.estimate.typical) + "\n")
        if opts.explain:
            sys.stderr.write(explain_text(result))
        return
    table(result, opts)


def table(result: Result, opts: Options) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    out = Table(title=f"gpucost {result.command}", title_justify="left", show_edge=False)
    out.add_column("figure")
    out.add_column("typical", justify="right", style="bold")
    out.add_column("range (low .. high)", justify="right")
    for o in result.outputs:
        e = o.estimate
        span = "" if e.is_exact else f"{human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)}"
        out.add_row(o.label, human(e.typical, e.unit_text), span)
    console.print(out)
    if result.assumptions:
        used = Table(title="assumptions", title_justify="left", show_edge=False)
        used.add_column("name")
        used.add_column("typical", justify="right")
        used.add_column("range", justify="right")
        used.add_column("as of")
        used.add_column("source")
        for a in result.assumptions:
            e = a.estimate
            span = "" if e.is_exact else f"{human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)}"
            src = "you" if a.origin == "user" else ", ".join(s.id for s in a.sources)
            used.add_row(a.label, human(e.typical, e.unit_text), span, a.as_of or "", src)
        console.print(used)
    for note in result.notes:
        console.print(f"note: {note}", style="dim")
    if opts.explain:
        console.file.flush()
        sys.stdout.write(explain_text(result))


def explain_text(result: Result) -> str:
    lines = ["explain:"]
    for a in result.assumptions:
        lines.append(f"  {a.key} = {_value(a)}" + (f" (as of {a.as_of})" if a.as_of else ""))
        if a.origin == "user":
            lines.append("    given on the command line")
        for s in a.sources:
            lines.append(f"    source [{s.id}]: {s.cite()}")
        if a.note:
            lines.append(f"    note: {a.note}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines) + "\n"


def _value(a: Assumption) -> str:
    e = a.estimate
    text = human(e.typical, e.unit_text)
    return text if e.is_exact else f"{text} ({human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)})"
