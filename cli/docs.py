"""Generated README sections: ``python -m cli.docs`` rewrites them, ``--check`` fails if stale.

A section sits between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``.
tests/test_docs.py runs the check, so CI fails when the README and the catalogue disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli import main
from cli.catalogue_view import catalogue_markdown
from cli.main import app
from estimator.catalogue import DEFAULT, FIELDS, POINT, Catalogue, bundled_path, read_layer
from estimator.commands import SPECS


def catalogue_section() -> str:

    return catalogue_markdown(Catalogue([read_layer(bundled_path(), "bundled catalogue")]))


# every command, the catalogue group by its one subcommand
COMMANDS = [c if c != "catalogue" else "catalogue validate" for c in main.COMMANDS]


def reference_section() -> str:
    """Every command's --help, as the installed command prints it."""
    runner = CliRunner()
    parts = []
    for command in ["", *COMMANDS]:
        args = [*command.split(), "--help"]
        out = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100"}).stdout
        title = f"gpucost {command}".strip()
        parts.append(f"#### `{title}`\n\n```text\n{out.rstrip()}\n```\n")
    return "\n".join(parts)


def functions_section() -> str:
    """The calc functions, from the commands' declarations (estimator/commands/)."""

    rows = ["| function | result | arguments (`?`: may be left out) |", "|---|---|---|"]
    for spec in SPECS.values():
        params = ", ".join(i.calc_param for i in spec.inputs)
        for f in spec.functions:
            rows.append(f"| `{f.name}` | {f.doc}: `{spec.name}`'s `{f.output}` | `{params}` |")
    return "\n".join(rows) + "\n"


def _bounds(bounds: tuple[float, float | None]) -> str:
    low, high = bounds
    above = "above 0" if 0 < low < 1e-3 else f"at least {low:g}"  # 1e-6: a share that divides
    if high is None:
        return above
    return f"{low:g}..{high:g}" if low >= 1e-3 or low == 0 else f"{above}, at most {high:g}"


def fields_section() -> str:
    """The catalogue's fields, from its field table (estimator/catalogue/schema.py); a default
    the bundled catalogue does not hold says so."""

    bundled = read_layer(bundled_path(), "bundled catalogue").data.get("defaults") or {}
    rows = ["| field | where | unit | bounds | what it is |", "|---|---|---|---|---|"]
    for f in FIELDS:
        where = "`defaults:`" if f.kind == DEFAULT else "an accelerator"
        if f.dated:
            where += ", dated points" if f.kind == POINT else ", with `as_of`"
        bounds = _bounds(f.bounds) if f.kind == DEFAULT else "more than 0"  # a figure that divides
        missing = " (none bundled)" if f.kind == DEFAULT and f.key not in bundled else ""
        rows.append(f"| `{f.key}` | {where} | {f.unit or 'a number'} | {bounds} | {f.help}{missing} |")
    return "\n".join(rows) + "\n"


SECTIONS = {
    "catalogue": catalogue_section,
    "fields": fields_section,
    "reference": reference_section,
    "functions": functions_section,
}


def render(text: str) -> str:
    """``text`` with every generated section replaced by its current content."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"error: README has no generated:{name} section")
        text = pattern.sub(lambda m, content=make(): m[1] + content + m[2], text)
    return text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[-1]) if args and not args[-1].startswith("-") else Path("README.md")
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in args:
        if new != old:
            sys.stderr.write(f"error: {path} is stale (hint: run python -m cli.docs {path})\n")
            return 1
        return 0
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
