from typing import Annotated, Optional

import typer

from cli.options import Command, complete_gpu
from cli.status import exit_status
from estimator.status import Status, overall

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
    app.command(epilog=EPILOG, cls=Command)(scan)


def scan(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A text file; - reads stdin.")],
    format: Annotated[
        Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="table (default), json or markdown.")
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status.")] = False,
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

    from cli.options import as_of_date, load, read_stdin
    from cli.render import render_scan
    from estimator.api import scan_text
    from estimator.claims import parse_tolerance, read_source
    from estimator.scan import MAX_TEXT, claims_yaml

    fmt = "json" if json_ else format or "table"
    if fmt not in Format.choices:
        raise typer.BadParameter(f"{format!r} is not one of {', '.join(Format.choices)}", param_hint="'--format'")
    if json_ and format not in (None, "json"):
        raise typer.BadParameter(f"--json and --format {format} exclude each other", param_hint="'--json'")
    if emit_claims == "-" and (json_ or format is not None):
        raise typer.BadParameter(
            "--emit-claims - writes the claim file to stdout, so no report can go there too",
            param_hint="'--format'",
        )
    date = as_of_date(as_of)
    tol = parse_tolerance(tolerance, "--tolerance")
    limit = 4 * MAX_TEXT  # UTF-8 takes at most 4 bytes a character
    text = read_source(file, lambda: read_stdin(limit), limit=limit, kind="text file")
    label = "<stdin>" if file == "-" else file
    if emit_claims not in (None, "-"):
        writable(emit_claims, file, force)
    cat = load(catalogue)
    result = scan_text(text, path=label, as_of=date, tolerance=tol, gpu=gpu, catalogue=cat)
    if emit_claims is not None:
        skeleton = claims_yaml(result, label, date, tol)
        accepted(skeleton)
        if emit_claims == "-":
            sys.stdout.write(skeleton)
        else:
            write_new(emit_claims, skeleton)
            if not quiet:
                sys.stderr.write(f"wrote {len(result.claims)} claims to {emit_claims}\n")
    if not quiet and emit_claims != "-":
        render_scan(result, fmt)
    else:  # no report: a check that cannot be worked out is said on stderr
        from cli.output import error

        for v in result.checks:
            if v.status == Status.error:
                error(v.message)
    raise typer.Exit(exit_status(overall(v.status for v in result.checks)))


def writable(target: str, source: str, force: bool) -> None:
    """Refuse to write the claim file over the text being scanned, or over any existing file
    (a symlink included) without --force."""
    import os

    from estimator.errors import InputError

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
    from estimator.claims import read_claims
    from estimator.errors import EstimatorError

    problems = [v.message for v in read_claims(skeleton, "<emitted>").problems]
    if problems:  # pragma: no cover - a bug in claims_yaml, never a file left half-right
        raise EstimatorError(f"internal error: the claim file to emit is not valid: {problems[0]}", "report it")


def write_new(target: str, text: str) -> None:
    """Write through a temporary file renamed into place: a symlink is replaced, not followed,
    and a failed write leaves no half file."""
    import os
    import tempfile

    from estimator.errors import InputError

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
