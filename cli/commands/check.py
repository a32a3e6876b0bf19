import enum
from typing import Annotated, Optional

import typer

EPILOG = """\b
Examples:
  gpucost check data/claims/*.yaml
  gpucost check claims.yaml --format junit > report.xml
  gpucost check claims.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"
  printf 'claims:\\n- {id: c, expr: "buy($6B, H100)", expect: 200k GPU}\\n' | gpucost check -

\b
Claim file:
  title: ...            (optional)
  source: ...           (optional)
  tolerance: 10%        (optional, default for the claims; default 0%)
  as_of: 2024-05        (optional, price date for catalogue prices)
  claims:
    - id: six-billion-buys-200k-h100
      says: $6B would buy about 200,000 H100s
      expr: buy($6B, H100)
      expect: 200000 GPU      (or 150k..250k GPU, >= 100 MW, 150 MW ±20%)
      tolerance: 25%          (optional)

Exit status: 0 every claim holds, 1 a claim fails, 2 a claim or file is broken.
"""


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    junit = "junit"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG)(check)


def check(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Claim files (YAML); - reads stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="List the catalogue figures used, with sources.")] = False,
    catalogue: Annotated[
        Optional[str],
        typer.Option(
            "--catalogue",
            envvar="GPUCOST_CATALOGUE",
            metavar="FILE",
            help="A YAML overlay on the bundled catalogue.",
        ),
    ] = None,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", metavar="DATE", help="Price date for files that set none.")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Check files of published claims: each claim holds, fails (with the ratio) or is an error."""
    import sys

    from cli.render import render_check
    from estimator.api import check_claims
    from estimator.catalogue import load_catalogue, normal_date
    from estimator.claims import exit_code

    if as_of is not None and normal_date(as_of) is None:
        raise typer.BadParameter(f"{as_of!r} is not a date (write YYYY-MM or YYYY-MM-DD)", param_hint="'--as-of'")
    if files.count("-") > 1:
        raise typer.BadParameter("stdin (-) can be read only once", param_hint="'FILE...'")
    loaded = load_catalogue(catalogue)  # a broken catalogue is one error (exit 2), not one per claim
    stdin = sys.stdin.read() if "-" in files else ""
    claim_files, verdicts = check_claims(files, as_of=as_of, catalogue=loaded, stdin=stdin)
    if not quiet:
        try:
            render_check(claim_files, verdicts, "json" if json_ else format.value, explain)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the verdicts still decide the exit status
            from cli.main import silence_stdout

            silence_stdout()
    raise typer.Exit(exit_code(verdicts))
