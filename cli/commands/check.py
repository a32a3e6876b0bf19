import enum
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cli.options import Command
from cli.status import exit_status
from estimator.status import Status, overall

if TYPE_CHECKING:
    from estimator.claims import Verdict

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
    app.command(epilog=EPILOG, cls=Command)(check)


def check(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Claim files (YAML); - reads stdin.")],
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format (default: table).")] = None,
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
    from cli.options import as_of_date, load, read_stdin
    from cli.output import error, silence_stdout, warning
    from cli.render import render_check
    from estimator.claims import MAX_FILE_BYTES, iter_verdicts, read_files

    if json_ and quiet:
        raise typer.BadParameter("--json and --quiet exclude each other", param_hint="'--quiet'")
    if json_ and format not in (None, Format.json):
        raise typer.BadParameter(f"--json and --format {format.value} exclude each other", param_hint="'--json'")
    if quiet and format is not None:
        raise typer.BadParameter("--quiet prints no report, so it takes no --format", param_hint="'--quiet'")
    date = as_of_date(as_of)
    if files.count("-") > 1:
        raise typer.BadParameter("stdin (-) can be read only once", param_hint="'FILE...'")
    loaded = load(catalogue)  # a broken catalogue is one error (exit 2), not one per claim
    claim_files = read_files(files, lambda: read_stdin(MAX_FILE_BYTES), date)
    for cf in claim_files:
        if not cf.claims and not cf.problems:
            warning(f"{cf.path} has no claims to check")

    counts = {Status.holds: 0, Status.fails: 0, Status.error: 0}

    def seen(v: "Verdict") -> None:
        counts[v.status] += 1
        # a broken file is said on stderr too (the report may be a file, or -q prints none),
        # and with -q so is every claim that cannot be evaluated
        if v.status == Status.error and (v.id == "(file)" or quiet):
            hint = file_hint(v.message) if v.id == "(file)" and "(hint:" not in v.message else None
            error(v.message, hint)

    fmt = "quiet" if quiet else "json" if json_ else (format or Format.table).value
    verdicts = iter_verdicts(claim_files, lambda: loaded)
    try:
        render_check(claim_files, verdicts, fmt, explain, seen)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the rest is checked unprinted, the verdicts decide the status
        silence_stdout()
        render_check(claim_files, verdicts, "quiet", False, seen)
    raise typer.Exit(exit_status(overall(Status(k) for k, n in counts.items() if n)))


def file_hint(message: str) -> str:
    """A hint for a claim file that cannot be read as one."""
    if "not valid YAML" in message or "YAML" in message:
        return "check the YAML at that line; quote values with : # [ ] { } or a leading > <"
    if "not found" in message or "folder" in message:
        return "check the path"
    if "larger than" in message or "UTF-8" in message:
        return "give a UTF-8 claim file under 20 MB"
    return "a claim file is a mapping with claims: [{id, expr, expect}, ...]; see gpucost check --help"
