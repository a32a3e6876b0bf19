"""The one renderer: ``emit(report, fmt, env)`` writes any command's report in any format.

A report (cli/reports.py, cli/catalogue_view.py) gives ``to_dict()`` (the JSON contract),
``rows()`` (one table of raw values: csv, and by default jsonl and markdown), ``primary``
(what ``-q`` prints), ``status`` (its outcome, hence the exit code), and draws its own
terminal table.  JSON goes through one writer (``write_json``: the only ``json.dumps`` in
cli/, ASCII-only output, lists given as iterators streamed item by item); data on stdout,
messages on stderr; rich is imported only for tables.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TextIO, Union

from cli.output import Environment, silence_stdout
from cli.shared import QUIET
from cli.status import exit_status
from estimator.humanize import human, human_estimate, human_span, number
from estimator.results import Output, Rows, estimate_dict
from estimator.status import Status, tally

if TYPE_CHECKING:
    from estimator.claims import ClaimFile, Verdict
    from estimator.results import Assumption, Result
    from estimator.scan import Scan
    from estimator.tornado import Swing

# what -q prints: a number command's primary output (its typical value), lines, or nothing
Primary = Union[Output, Sequence[str], None]


class Report:
    """What every command hands ``emit``; subclasses give ``to_dict``, ``rows`` and ``table``
    and may draw their own markdown, jsonl records or explanation."""

    primary: Primary = None
    json_explains = True  # its JSON lists every assumption with value and source already

    @property
    def status(self) -> Status:
        return Status.ok

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def rows(self) -> Rows:
        raise NotImplementedError

    def records(self) -> Iterable[dict[str, Any]]:
        """The jsonl lines: one object per row."""
        return self.rows().records()

    def table(self, env: Environment) -> None:
        raise NotImplementedError

    def markdown(self) -> str:
        return markdown_table(self.rows())

    def junit(self) -> str:
        raise NotImplementedError("only check writes JUnit")

    def explain(self) -> str | None:
        """``--explain``: every assumption used, with its source (None: nothing to explain)."""
        return None


def emit(report: Report, fmt: str, env: Environment | None = None, explain: bool = False) -> int:
    """Write ``report`` in ``fmt`` (a ``--format`` name, or ``quiet``) and return the exit
    code of its outcome.  A reader that goes away (``| head``) is not an error: the rest of
    the report is still worked out (the exit code depends on it), unprinted."""
    env = env or Environment.current()
    try:
        _write(report, fmt, env, explain)
        env.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    return exit_status(report.status)


def _write(report: Report, fmt: str, env: Environment, explain: bool) -> None:
    if fmt == QUIET:
        env.write("".join(line + "\n" for line in quiet_lines(report.primary)))
    elif fmt == "json":
        write_json(report.to_dict(), env.write)
    elif fmt == "jsonl":
        for record in report.records():
            env.write(dumps(record, indent=None) + "\n")
    elif fmt == "csv":
        write_csv(report.rows(), env.stdout)
    elif fmt == "markdown":
        env.write(report.markdown())
    elif fmt == "junit":
        env.write(report.junit())
    else:
        report.table(env)
    if explain:
        report.status  # noqa: B018 - reads what is left (-q prints none of it): the explanation covers all
    text = report.explain() if explain and not (fmt == "json" and report.json_explains) else None
    if text:  # after a table or markdown on stdout; beside data (-q, csv, jsonl, json, junit) on stderr
        (env.stdout if fmt in ("table", "markdown") else env.stderr).write(text)


def quiet_lines(primary: Primary) -> list[str]:
    if primary is None:
        return []
    if isinstance(primary, Output):
        return [number(primary.estimate.typical)]
    return list(primary)


# --------------------------------------------------------------------------- json, csv, markdown


def dumps(value: Any, indent: int | None = 2) -> str:
    """The one JSON encoding of cli/: ASCII only (``\\u`` escapes), so the bytes are right on
    any stream whatever its encoding."""
    return json.dumps(value, indent=indent, ensure_ascii=True)


def write_json(doc: Any, write: Callable[[str], None], level: int = 0) -> None:
    """``doc`` as ``json.dumps(doc, indent=2)`` would write it, and a newline; a value that is
    an iterator is written item by item as a list, and a callable is called when its turn
    comes (a summary counted while the list before it was written), so a report of a million
    claims is written in bounded memory."""
    _json(doc, write, level)
    if level == 0:
        write("\n")


def _json(value: Any, write: Callable[[str], None], level: int) -> None:
    pad = "  " * (level + 1)
    if callable(value):
        _json(value(), write, level)
    elif isinstance(value, dict) and any(callable(v) or isinstance(v, Iterator) for v in value.values()):
        write("{")
        for i, (key, item) in enumerate(value.items()):
            write(("," if i else "") + "\n" + pad + dumps(str(key)) + ": ")
            _json(item, write, level + 1)
        write("\n" + "  " * level + "}" if value else "}")
    elif isinstance(value, Iterator):
        write("[")
        count = 0
        for item in value:
            write(("," if count else "") + "\n" + pad)
            _json(item, write, level + 1)
            count += 1
        write("\n" + "  " * level + "]" if count else "]")
    else:
        write(dumps(value).replace("\n", "\n" + "  " * level))


def raw(value: Any) -> str:
    """A cell of csv or markdown: numbers unformatted (integers without ``.0``, others as
    Python prints them, every digit kept), nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def write_csv(rows: Rows, out: TextIO) -> None:
    """RFC 4180 csv (the stdlib's quoting) with a header row; lines end in \\n."""

    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows.header)
    for row in rows.rows:
        writer.writerow([raw(c) for c in row])


def markdown_table(rows: Rows) -> str:
    """Rows as a GitHub Markdown table, cells escaped."""
    lines = ["| " + " | ".join(_md(h) for h in rows.header) + " |", "|" + "---|" * len(rows.header)]
    for row in rows.rows:
        lines.append("| " + " | ".join(_md(raw(c)) for c in row) + " |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- number commands


def make_console(env: Environment | None = None, wide: bool = False) -> Any:
    """rich on ``env``'s stdout; when piped, 120 (or 200) columns rather than rich's 80 so rows
    stay whole."""
    from rich.console import Console

    out = (env or Environment.current()).stdout
    # markup off: names, sources and claim texts come from files and are printed as they are
    console = Console(file=out, highlight=False, markup=False, emoji=False)
    if not console.is_terminal:
        console = Console(file=out, highlight=False, markup=False, emoji=False, width=200 if wide else 120)
    elif console.width < 40:  # COLUMNS=0 or a tiny pane: rows would shrink to nothing
        console = Console(file=out, highlight=False, markup=False, emoji=False, width=80)
    console.on_broken_pipe = silence_stdout  # type: ignore[method-assign]  # rich would exit 1; `| head` is not an error
    return console


def swings_dict(out: Output, swings: list[Swing]) -> dict[str, object]:

    return {
        "output": out.key,
        "unit": out.estimate.unit_text,
        "at_typical": out.estimate.typical,
        "inputs": [
            {
                "name": s.name,
                "label": s.label,
                "input": estimate_dict(s.input),
                "output_at_low": s.at_low,
                "output_at_high": s.at_high,
                "swing": s.width,
            }
            for s in swings
        ],
    }


BAR = 36


def bars(result: Result) -> str:
    """The breakdown outputs as horizontal bars, scaled to the largest."""
    parts = [o for o in result.outputs if o.key in result.breakdown]
    if not parts:
        return ""
    top = max(abs(o.estimate.typical) for o in parts) or 1.0
    width = max(len(o.label.strip()) for o in parts)
    total = sum(o.estimate.typical for o in parts) or 1.0
    lines = ["", "cost breakdown (typical values)"]
    for o in parts:
        e = o.estimate
        n = round(BAR * abs(e.typical) / top)
        share = f"{e.typical / total:>4.0%}" if result.command == "cluster" else ""
        value = human(e.typical, e.unit_text)
        lines.append(f"  {o.label.strip():<{width}}  {'█' * n:<{BAR}}  {value} {share}".rstrip())
    return "\n".join(lines) + "\n"


def tornado(out: Output, swings: list[Swing]) -> str:
    """Each ranged input's swing of an output around its typical value, widest first."""
    unit = out.estimate.unit_text
    base = out.estimate.typical
    lines = ["", f"sensitivity of {out.label}: {human(base, unit)} at typical inputs"]
    if not swings:
        return "\n".join([*lines, "  no input has a range"]) + "\n"
    reach = max(max(abs(s.at_low - base), abs(s.at_high - base)) for s in swings) or 1.0
    half = BAR // 2
    width = max(len(s.label) for s in swings)
    for s in swings:
        lo, hi = min(s.at_low, s.at_high), max(s.at_low, s.at_high)
        left = round(half * (base - lo) / reach)
        right = round(half * (hi - base) / reach)
        bar = " " * (half - left) + "█" * left + "│" + "█" * right + " " * (half - right)
        span = f"{human(lo, unit)} .. {human(hi, unit)}"
        lines.append(f"  {s.label:<{width}}  {bar}  {span}")
    return "\n".join(lines) + "\n"


def number_table(result: Result, env: Environment) -> None:
    """A number command's outputs and the assumptions behind them, as rich tables."""
    from rich.table import Table

    console = make_console(env)
    out = Table(title=f"gpucost {result.command}", title_justify="left", show_edge=False)
    out.add_column("figure")
    out.add_column("typical", justify="right", style="bold")
    out.add_column("range (low .. high)", justify="right")
    for o in result.outputs:
        e = o.estimate
        span = human_span(e)
        out.add_row(clean(o.label), human(e.typical, e.unit_text), span)
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
            span = human_span(e)
            src = "you" if a.origin == "user" else ", ".join(s.id for s in a.sources)
            used.add_row(clean(a.label), human(e.typical, e.unit_text), span, a.as_of or "", clean(src))
        console.print(used)
    for note in result.notes:
        console.print(f"note: {clean(note)}", style="dim")
    console.file.flush()


def explain_text(result: Result) -> str:
    if not result.assumptions:
        return "explain: no catalogue figures or defaults were used\n"
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
    return human_estimate(a.estimate)


# --------------------------------------------------------------------------- check


def counts(n: dict[str, int]) -> str:
    claims = "claim" if n["total"] == 1 else "claims"
    return f"{n['holds']} hold, {n['fails']} fail, {n['error']} error, {n['total']} {claims}"


def check_table(verdicts: Iterable[Verdict], n: dict[str, int], env: Environment, chunk: int = 1000) -> None:
    """Verdicts as rich tables of ``chunk`` rows (a header on the first), then the counts
    ``n`` (complete once ``verdicts`` is exhausted)."""
    from rich.table import Table
    from rich.text import Text

    console = make_console(env)
    rows: list[Verdict] = []

    def flush(first: bool) -> None:
        out = Table(show_edge=False, show_header=first)
        for col in ("verdict", "claim", "computed", "expected", "claimed/computed"):
            out.add_column(
                col,
                justify="right" if col in ("computed", "claimed/computed") else "left",
                no_wrap=col == "verdict",
                min_width=6 if col == "verdict" else None,
            )
        for v in rows:
            label = v.id + (f"\n{v.claim.says}" if v.claim and v.claim.says else "")
            if v.status == Status.error:
                label += f"\n{v.message}"
            ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
            out.add_row(
                Text(v.status, style=STYLES[v.status]),
                clean(label),
                v.computed_text(),
                clean(v.claim.expect) if v.claim else "",
                ratio,
            )
        console.print(out)
        rows.clear()

    first = True
    for v in verdicts:
        rows.append(v)
        if len(rows) >= chunk:
            flush(first)
            first = False
    if rows or first:
        flush(first)
    console.print(counts(n))


STYLES = {Status.holds: "green", Status.fails: "red", Status.error: "yellow", Status.info: "blue"}


ICONS = {Status.holds: "✅ holds", Status.fails: "❌ fails", Status.error: "⚠️ error", Status.info: "ℹ️ info"}


def markdown(files: list[ClaimFile], verdicts: list[Verdict]) -> str:
    return markdown_head(files, tally(v.status for v in verdicts)) + "".join(markdown_row(v) for v in verdicts)


def markdown_head(files: list[ClaimFile], n: dict[str, int]) -> str:
    titles = ", ".join(f.title or f.path for f in files)
    lines = [
        f"### gpucost check: {_md(titles)}",
        "",
        counts(n),
        "",
        "| verdict | claim | computed | expected | claimed/computed |",
        "|---|---|---:|---|---:|",
    ]
    return "\n".join(lines) + "\n"


def markdown_row(v: Verdict) -> str:
    says = f"<br>{_md(v.claim.says)}" if v.claim and v.claim.says else ""
    err = f"<br>{_md(v.message)}" if v.status == Status.error else ""
    ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
    expect = _md(v.claim.expect) if v.claim else ""
    return f"| {ICONS[v.status]} | {code(v.id)}{says}{err} | {_md(v.computed_text())} | {expect} | {ratio} |\n"


# Patterns compiled on first use (re's own cache): a one-liner's output needs neither.
_MD_SPECIAL = r"([\\`*_\[\]<>|~&#$])"  # $ too: GitHub reads $...$ as math


def _md(text: str) -> str:
    """Text for a Markdown table cell, shown as it is: every character that could start
    emphasis, a link, HTML or a code span is escaped (``GPU*h`` stays ``GPU*h``), and so are
    pipes (a GitHub table cell)."""
    return re.sub(_MD_SPECIAL, r"\\\1", " ".join(clean(text).split()))


def code(text: str) -> str:
    """Text as a Markdown code span in a table cell (a backtick inside gets a longer fence)."""
    text = " ".join(clean(text).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]"


def clean(text: str) -> str:
    """Text without control characters (not allowed in XML, and they reach the terminal)."""
    return re.sub(_NOT_XML, "\ufffd", text)


def junit(files: list[ClaimFile], verdicts: list[Verdict]) -> str:
    """JUnit XML: one testsuite per file, one testcase per claim."""
    from xml.sax.saxutils import escape as _escape
    from xml.sax.saxutils import quoteattr as _quoteattr

    def escape(text: str) -> str:
        return _escape(clean(text))

    def quoteattr(text: str) -> str:
        return _quoteattr(clean(text))

    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    n = tally(v.status for v in verdicts)
    out.append(f'<testsuites name="gpucost" tests="{n["total"]}" failures="{n["fails"]}" errors="{n["error"]}">')
    by_file: dict[str, list[Verdict]] = {f.path: [] for f in files}
    for v in verdicts:
        by_file.setdefault(v.file, []).append(v)
    for i, (path, group) in enumerate(by_file.items()):
        s = tally(v.status for v in group)
        out.append(
            f'  <testsuite name={quoteattr(path)} id="{i}" tests="{s["total"]}" failures="{s["fails"]}" '
            f'errors="{s["error"]}" skipped="0" time="0">'
        )
        for v in group:
            out.append(f'    <testcase name={quoteattr(v.id)} classname={quoteattr(path)} time="0">')
            message = v.sentence()
            if v.status == Status.fails:
                out.append(f'      <failure message={quoteattr(message)} type="fails">{escape(message)}</failure>')
            elif v.status == Status.error:
                out.append(f'      <error message={quoteattr(message)} type="error">{escape(message)}</error>')
            else:
                out.append(f"      <system-out>{escape(message)}</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def explain_used(seen: dict[Any, Assumption]) -> str:
    lines = ["explain: catalogue figures used"]
    for a in seen.values():
        lines.append(f"  {a.key} = {_value(a)}" + (f" (as of {a.as_of})" if a.as_of else ""))
        for s in a.sources:
            lines.append(f"    source [{s.id}]: {s.cite()}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- scan


def scan_markdown(result: Scan) -> str:
    """Figures found and checks made, as Markdown tables."""
    lines = [
        f"### gpucost scan: {result.path}",
        "",
        "| figure | kind | value | sentence |",
        "|---|---|---:|---:|",
    ]
    for f in result.figures:
        value = f"{human(f.estimate.typical, f.estimate.unit_text)}" + (f" {f.gpu}" if f.gpu else "")
        lines.append(f"| {_md(f.text)} | {f.kind} | {_md(value)} | {f.sentence + 1} |")
    lines.append("")
    return "\n".join(lines) + "\n" + markdown([], result.checks).split("\n", 2)[2]


def scan_table(result: Scan, env: Environment) -> None:
    """Figures found and checks made, as rich tables."""
    from rich.table import Table
    from rich.text import Text

    console = make_console(env)
    if not result.figures:
        console.print("no compute figures found")
        return
    found = Table(title="figures found", title_justify="left", show_edge=False)
    for col in ("figure", "kind", "value", "sentence", "chars"):
        found.add_column(col, justify="right" if col in ("value", "sentence", "chars") else "left")
    for f in result.figures:
        value = human_estimate(f.estimate)
        found.add_row(
            clean(f.text),
            f.kind + (f" ({f.gpu})" if f.gpu else ""),
            value,
            str(f.sentence + 1),
            f"{f.start}-{f.end}",
        )
    console.print(found)
    checks = Table(title="checks", title_justify="left", show_edge=False)
    for col in ("verdict", "check", "computed", "text says", "claimed/computed"):
        checks.add_column(col, justify="right" if col in ("computed", "claimed/computed") else "left")
    for v in result.checks:
        c = v.claim
        label = Text(clean(c.note if c else v.id) + "\n") + Text(clean(c.expr if c else ""), style="dim")
        if v.status == Status.error:
            label += Text("\n" + clean(v.message))
        ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
        expect = clean(c.expect) if c else ""
        checks.add_row(Text(v.status, style=STYLES[v.status]), label, v.computed_text(), expect, ratio)
    console.print(checks)
    n = tally(v.status for v in result.checks)
    console.print(f"{n['holds']} hold, {n['fails']} fail, {n['error']} error, {n.get('info', 0)} info")
