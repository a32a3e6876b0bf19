from typing import Annotated, Optional

import typer

from cli.options import complete_gpu

EPILOG = """\b
Examples:
  gpucost scan article.txt
  gpucost scan article.txt --as-of 2024-05 --format markdown
  curl -s https://example.com/story.txt | gpucost scan -
  gpucost scan article.txt --emit-claims claims.yaml && gpucost check claims.yaml

Finds money ($6 billion, 24 billion US dollars, 60亿美元), accelerator counts with their
model (20,000 Nvidia H100 GPUs, 20万块H100), power (100-megawatt, 100兆瓦), durations (1-2
years, 1-2年) and spending rates (a few billion dollars a year). Figures in the same or
adjacent sentences become checks: money and a GPU count (the implied unit price), a GPU count
and power, money with a rate and a duration (runway). Lone figures are worked out (cost and
power of a count, GPUs a power figure runs, GPU-hours money rents) and shown as info.

Exit status: 0 every check holds, 1 a check fails, 2 an error.
"""


class Format:
    choices = ("table", "json", "markdown")


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG)(scan)


def scan(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A text file; - reads stdin.")],
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table, json or markdown.")] = "table",
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status.")] = False,
    emit_claims: Annotated[
        Optional[str],
        typer.Option("--emit-claims", metavar="FILE", help="Write the checks as a claim file (- for stdout)."),
    ] = None,
    tolerance: Annotated[
        str, typer.Option(metavar="PCT", help="Tolerance for the checks (news figures are rounded).")
    ] = "25%",
    gpu: Annotated[
        Optional[str],
        typer.Option(
            "--gpu", "-g", metavar="NAME", autocompletion=complete_gpu, help="Model for figures that name none."
        ),
    ] = None,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", metavar="DATE", help="Price date, e.g. the story's.")
    ] = None,
    catalogue: Annotated[
        Optional[str],
        typer.Option("--catalogue", envvar="GPUCOST_CATALOGUE", metavar="FILE", help="A YAML overlay."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Find the compute figures in a news text and check them against the catalogue."""
    import sys
    from pathlib import Path

    from cli.render import render_scan
    from estimator.api import scan_text
    from estimator.catalogue import load_catalogue, normal_date
    from estimator.claims import exit_code, parse_tolerance, read_source
    from estimator.scan import claims_yaml

    fmt = "json" if json_ else format
    if fmt not in Format.choices:
        raise typer.BadParameter(f"{format!r} is not one of {', '.join(Format.choices)}", param_hint="'--format'")
    if as_of is not None and normal_date(as_of) is None:
        raise typer.BadParameter(f"{as_of!r} is not a date (write YYYY-MM or YYYY-MM-DD)", param_hint="'--as-of'")
    tol = parse_tolerance(tolerance, "--tolerance")
    text = read_source(file, sys.stdin.read)
    label = "<stdin>" if file == "-" else file
    cat = load_catalogue(catalogue)
    date = normal_date(as_of) if as_of else None
    result = scan_text(text, path=label, as_of=date, tolerance=tol, gpu=gpu, catalogue=cat)
    if emit_claims is not None:
        skeleton = claims_yaml(result, label, as_of, tol)
        if emit_claims == "-":
            sys.stdout.write(skeleton)
        else:
            try:
                Path(emit_claims).write_text(skeleton, encoding="utf-8")
            except OSError as exc:
                from estimator.errors import InputError

                raise InputError(f"cannot write {emit_claims} ({exc.strerror})", "give a writable path") from None
            if not quiet:
                sys.stderr.write(f"wrote {len(result.claims)} claims to {emit_claims}\n")
    if not quiet and emit_claims != "-":
        render_scan(result, fmt)
    raise typer.Exit(exit_code(result.checks))
