from typing import Annotated, Optional

import typer

from cli.options import QUIET, Command, Format, Options, common_options, complete_gpu, read_stdin
from cli.output import Environment, error
from cli.render import emit
from cli.reports import ScanReport
from estimator.errors import EstimatorError, InputError
from estimator.status import Status

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


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(scan)


@common_options(
    honours=("format", "json", "quiet", "catalogue", "as_of", "debug"),
    help={
        "quiet": "Print nothing; only the exit status.",
        "catalogue": "A YAML overlay.",
        "as_of": "Price date, e.g. the story's.",
    },
)
def scan(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A text file; - reads stdin.")],
    emit_claims: Annotated[
        Optional[str],
        typer.Option("--emit-claims", metavar="FILE", help="Write the checks as a claim file (- for stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --emit-claims replace an existing file.")] = False,
    tolerance: Annotated[
        str, typer.Option(metavar="PCT", help="Tolerance for the checks (news figures are rounded).")
    ] = "25%",
    gpu: Annotated[
        Optional[str],
        typer.Option(
            "--gpu", "-g", metavar="NAME", autocompletion=complete_gpu, help="Model for figures that name none."
        ),
    ] = None,
    opts: Options = Options(),
) -> None:
    """Find the compute figures in a news text and check them against the catalogue."""
    if emit_claims == "-" and not opts.quiet and opts.format != Format.table.value:
        raise typer.BadParameter(
            "--emit-claims - writes the claim file to stdout, so no report can go there too",
            param_hint="'--format'",
        )
    from estimator.api import scan_text  # LAZY: scan's patterns cost start-up to every --help
    from estimator.claims import parse_tolerance, read_source
    from estimator.scan import MAX_TEXT, claims_yaml

    tol = parse_tolerance(tolerance, "--tolerance")
    limit = 4 * MAX_TEXT  # UTF-8 takes at most 4 bytes a character
    text = read_source(file, lambda: read_stdin(limit), limit=limit, kind="text file")
    label = "<stdin>" if file == "-" else file
    if emit_claims not in (None, "-"):
        writable(emit_claims, file, force)
    result = scan_text(text, path=label, as_of=opts.as_of, tolerance=tol, gpu=gpu, catalogue=opts.catalogue())
    report = ScanReport(result)
    env = Environment.current()
    if emit_claims is not None:
        skeleton = claims_yaml(result, label, opts.as_of, tol)
        accepted(skeleton)
        if emit_claims == "-":
            env.write(skeleton)
        else:
            write_new(emit_claims, skeleton)
            if not opts.quiet:
                n = len(result.claims)
                env.stderr.write(f"wrote {n} claim{'' if n == 1 else 's'} to {emit_claims}\n")
    if emit_claims == "-":  # the claim file is the output: no report
        fmt = QUIET
    else:
        fmt = opts.format
    if fmt == QUIET:  # no report: a check that cannot be worked out is said on stderr
        for v in result.checks:
            if v.status == Status.error:
                error(v.message)
    raise typer.Exit(emit(report, fmt, env))


def writable(target: str, source: str, force: bool) -> None:
    """Refuse to write the claim file over the text being scanned, or over any existing file
    (a symlink included) without --force."""
    import os

    if source != "-" and os.path.exists(source) and os.path.exists(target) and os.path.samefile(source, target):
        raise InputError(f"--emit-claims {target} is the text being scanned", "write the claims to another file")
    if os.path.lexists(target):
        import stat

        if os.path.isdir(target):
            raise InputError(f"--emit-claims {target} is a folder", "name a file, e.g. claims.yaml")
        mode = os.lstat(target).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # a device, a FIFO, a socket: never replaced
            raise InputError(f"--emit-claims {target} is not a regular file", "name a file, or - to write to stdout")
        if not force:
            raise InputError(f"--emit-claims {target} exists", "give --force to replace it, or name a new file")


def accepted(skeleton: str) -> None:
    """The claim file written must be one that ``gpucost check`` reads without a file error."""
    from estimator.claims import read_claims  # LAZY: as in scan()

    problems = [v.message for v in read_claims(skeleton, "<emitted>").problems]
    if problems:  # pragma: no cover - a bug in claims_yaml, never a file left half-right
        raise EstimatorError(f"internal error: the claim file to emit is not valid: {problems[0]}", "report it")


def write_new(target: str, text: str) -> None:
    """Write through a temporary file renamed into place: a symlink is replaced, not followed,
    and a failed write leaves no half file."""
    import os
    import tempfile

    folder = os.path.dirname(os.path.abspath(target))
    umask = os.umask(0)
    os.umask(umask)
    try:  # a replaced file keeps its permissions; a new one gets the umask's, as open() would give
        mode = os.stat(target).st_mode & 0o7777 if os.path.isfile(target) and not os.path.islink(target) else None
    except OSError:
        mode = None
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".gpucost-", suffix=".yaml", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, mode if mode is not None else 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise InputError(f"cannot write {target} ({exc.strerror})", "give a writable path") from None
