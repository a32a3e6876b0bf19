from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import CheckFormatOption, Command, Options, common_options, read_stdin
from cli.output import error, warning
from cli.render import emit
from cli.reports import CheckReport
from estimator.status import Status

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


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(check)


@common_options(
    formats=CheckFormatOption,
    help={
        "quiet": "Print nothing; only the exit status.",
        "explain": "List the catalogue figures used, with sources.",
        "catalogue": "A YAML overlay on the bundled catalogue.",
        "as_of": "Price date for files that set none.",
    },
)
def check(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Claim files (YAML); - reads stdin.")],
    opts: Options = Options(),
) -> None:
    """Check files of published claims: each claim holds, fails (with the ratio) or is an error."""
    from estimator.claims import MAX_FILE_BYTES, iter_verdicts, read_files  # LAZY: as scan's, for --help

    if files.count("-") > 1:
        raise typer.BadParameter("stdin (-) can be read only once", param_hint="'FILE...'")
    loaded = opts.catalogue()  # a broken catalogue is one error (exit 2), not one per claim
    claim_files = read_files(files, lambda: read_stdin(MAX_FILE_BYTES), opts.as_of)
    for cf in claim_files:
        if not cf.claims and not cf.problems:
            warning(f"{cf.path} has no claims to check")

    def seen(v: "Verdict") -> None:
        # a broken file is said on stderr too (the report may be a file, or -q prints none),
        # and with -q so is every claim that cannot be evaluated
        if v.status == Status.error and (v.id == "(file)" or opts.quiet):
            error(v.message, v.hint or None)  # an unreadable file's message carries its hint already

    report = CheckReport(claim_files, iter_verdicts(claim_files, lambda: loaded), seen)
    raise typer.Exit(emit(report, opts.format, explain=opts.explain))
