"""The one renderer: table on a terminal, ``--json``, ``-q``, ``--explain``.

JSON goes through ``sys.stdout.write(json.dumps(...))`` (rich would wrap it); data on
stdout, messages on stderr; rich is imported only for tables.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from cli.humanize import human, number

if TYPE_CHECKING:
    from cli.options import Options
    from estimator.claims import ClaimFile, Verdict
    from estimator.results import Assumption, Output, Result
    from estimator.scan import Found, Scan
    from estimator.tornado import Swing
    from estimator.values import Estimate


def make_console(wide: bool = False) -> Any:
    """rich on stdout; when piped, 120 (or 200) columns rather than rich's 80 so rows stay whole."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200 if wide else 120)
    console.on_broken_pipe = _broken_pipe  # rich would exit 1; `| head` is not an error
    return console


def _broken_pipe() -> None:
    from cli.main import silence_stdout

    silence_stdout()


def render(result: Result, opts: Options, sensitivity: bool = False, of: str | None = None) -> None:
    """A command's result as a table, ``--json`` or ``-q``; bars and a tornado when asked."""
    from estimator import __version__

    if of and not sensitivity:
        sensitivity = True
    focus = result.output(of) if sensitivity else None
    swings = _swings(result, of) if sensitivity else None
    if opts.json:
        doc = result.to_dict(__version__)
        if swings is not None:
            doc["sensitivity"] = swings_dict(focus, swings)
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return
    if opts.quiet:
        sys.stdout.write(number(result.primary.estimate.typical) + "\n")
        if opts.explain:
            sys.stderr.write(explain_text(result))
        return
    table(result, opts)
    if result.breakdown:
        sys.stdout.write(bars(result))
    if swings is not None:
        sys.stdout.write(tornado(focus, swings))
    if opts.explain:
        sys.stdout.write(explain_text(result))


def _swings(result: Result, of: str | None = None) -> list[Swing]:
    from estimator.tornado import sensitivity

    return sensitivity(result, of)


def swings_dict(out: Output, swings: list[Swing]) -> dict[str, object]:
    from estimator.results import estimate_dict

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


def table(result: Result, opts: Options) -> None:
    from rich.table import Table

    console = make_console()
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
    console.file.flush()


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


# --------------------------------------------------------------------------- check


def render_check(files: list[ClaimFile], verdicts: list[Verdict], fmt: str, explain: bool) -> None:
    """Verdicts as table, json, jsonl, junit or markdown on stdout."""
    from estimator import __version__

    if fmt == "json":
        doc = {
            "command": "check",
            "files": [{"path": f.path, "title": f.title, "source": f.source} for f in files],
            "summary": summary(verdicts),
            "claims": [verdict_dict(v) for v in verdicts],
            "version": __version__,
        }
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    elif fmt == "jsonl":
        sys.stdout.write("".join(json.dumps(verdict_dict(v)) + "\n" for v in verdicts))
    elif fmt == "junit":
        sys.stdout.write(junit(files, verdicts))
    elif fmt == "markdown":
        sys.stdout.write(markdown(files, verdicts))
    else:
        check_table(verdicts)
    if explain and fmt in ("table", "markdown"):
        sys.stdout.write(explain_check(verdicts))


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    count = {"total": len(verdicts), "holds": 0, "fails": 0, "error": 0}
    for v in verdicts:
        count[v.status] = count.get(v.status, 0) + 1
    return count


def counts(n: dict[str, int]) -> str:
    claims = "claim" if n["total"] == 1 else "claims"
    return f"{n['holds']} hold, {n['fails']} fail, {n['error']} error, {n['total']} {claims}"


def verdict_dict(v: Verdict) -> dict[str, object]:
    from estimator.results import estimate_dict

    c = v.claim
    return {
        "file": v.file,
        "line": v.line,
        "id": v.id,
        "verdict": v.status,
        "says": c.says if c else "",
        "expr": c.expr if c else "",
        "expect": c.expect if c else "",
        "tolerance": c.tolerance if c else None,
        "as_of": c.as_of if c else None,
        "computed": estimate_dict(v.computed) if v.computed is not None else None,
        "ratio": v.ratio,
        "message": v.message or verdict_message(v),
        "assumptions": [a.key for a in v.assumptions],
        "source": c.source if c else "",
        "note": c.note if c else "",
    }


def computed_text(v: Verdict) -> str:
    if v.computed is None:
        return ""
    e = v.computed
    text = human(e.typical, e.unit_text)
    return text if e.is_exact else f"{text} ({human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)})"


def verdict_message(v: Verdict) -> str:
    """One sentence on the verdict: what was computed against what was claimed."""
    if v.status == "error":
        return v.message
    c = v.claim
    tol = f" ±{c.tolerance:.0%}" if c and c.tolerance else ""
    ratio = f"; claimed/computed = {v.ratio:.2f}" if v.ratio is not None else ""
    verb = "within" if v.status == "holds" else "outside"
    return f"expected {c.expect if c else ''} is {verb} computed {computed_text(v)}{tol}{ratio}"


def check_table(verdicts: list[Verdict]) -> None:
    from rich.table import Table

    console = make_console()
    styles = {"holds": "green", "fails": "red", "error": "yellow"}
    out = Table(show_edge=False)
    for col in ("verdict", "claim", "computed", "expected", "claimed/computed"):
        out.add_column(col, justify="right" if col in ("computed", "claimed/computed") else "left")
    for v in verdicts:
        label = v.id + (f"\n{v.claim.says}" if v.claim and v.claim.says else "")
        if v.status == "error":
            label += f"\n{v.message}"
        label = escape_markup(clean(label))
        ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
        out.add_row(
            f"[{styles[v.status]}]{v.status}[/]",
            label,
            computed_text(v),
            escape_markup(clean(v.claim.expect)) if v.claim else "",
            ratio,
        )
    console.print(out)
    n = summary(verdicts)
    console.print(counts(n))


def markdown(files: list[ClaimFile], verdicts: list[Verdict]) -> str:
    icons = {"holds": "✅ holds", "fails": "❌ fails", "error": "⚠️ error", "info": "ℹ️ info"}
    n = summary(verdicts)
    titles = ", ".join(f.title or f.path for f in files)
    lines = [
        f"### gpucost check: {titles}",
        "",
        counts(n),
        "",
        "| verdict | claim | computed | expected | claimed/computed |",
        "|---|---|---:|---|---:|",
    ]
    for v in verdicts:
        says = f"<br>{_md(v.claim.says)}" if v.claim and v.claim.says else ""
        err = f"<br>{_md(v.message)}" if v.status == "error" else ""
        ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
        expect = _md(v.claim.expect) if v.claim else ""
        lines.append(f"| {icons[v.status]} | `{_md(v.id)}`{says}{err} | {_md(computed_text(v))} | {expect} | {ratio} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return clean(text).replace("|", "\\|").replace("\n", " ")


def escape_markup(text: str) -> str:
    """Text shown in a rich table as it is (brackets are not markup)."""
    from rich.markup import escape

    return escape(text)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without control characters (not allowed in XML, and they reach the terminal)."""
    return _NOT_XML.sub("\ufffd", text)


def junit(files: list[ClaimFile], verdicts: list[Verdict]) -> str:
    """JUnit XML: one testsuite per file, one testcase per claim."""
    from xml.sax.saxutils import escape as _escape
    from xml.sax.saxutils import quoteattr as _quoteattr

    def escape(text: str) -> str:
        return _escape(clean(text))

    def quoteattr(text: str) -> str:
        return _quoteattr(clean(text))

    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    n = summary(verdicts)
    out.append(f'<testsuites name="gpucost" tests="{n["total"]}" failures="{n["fails"]}" errors="{n["error"]}">')
    by_file: dict[str, list[Verdict]] = {f.path: [] for f in files}
    for v in verdicts:
        by_file.setdefault(v.file, []).append(v)
    for i, (path, group) in enumerate(by_file.items()):
        s = summary(group)
        out.append(
            f'  <testsuite name={quoteattr(path)} id="{i}" tests="{s["total"]}" failures="{s["fails"]}" '
            f'errors="{s["error"]}" skipped="0" time="0">'
        )
        for v in group:
            out.append(f'    <testcase name={quoteattr(v.id)} classname={quoteattr(path)} time="0">')
            message = verdict_message(v)
            if v.status == "fails":
                out.append(f'      <failure message={quoteattr(message)} type="fails">{escape(message)}</failure>')
            elif v.status == "error":
                out.append(f'      <error message={quoteattr(message)} type="error">{escape(message)}</error>')
            else:
                out.append(f"      <system-out>{escape(message)}</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def explain_check(verdicts: list[Verdict]) -> str:
    seen: dict[str, Assumption] = {}
    for v in verdicts:
        for a in v.assumptions:
            seen.setdefault(a.key, a)
    lines = ["explain: catalogue figures used"]
    for a in seen.values():
        lines.append(f"  {a.key} = {_value(a)}" + (f" (as of {a.as_of})" if a.as_of else ""))
        for s in a.sources:
            lines.append(f"    source [{s.id}]: {s.cite()}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- scan


def figure_dict(f: Found) -> dict[str, object]:
    from estimator.results import estimate_dict

    return {
        "kind": f.kind,
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "sentence": f.sentence + 1,
        "gpu": f.gpu,
        "value": estimate_dict(f.estimate),
    }


def render_scan(result: Scan, fmt: str) -> None:
    """Figures found and checks made, as table, json or markdown."""
    from estimator import __version__

    if fmt == "json":
        doc = {
            "command": "scan",
            "file": result.path,
            "figures": [figure_dict(f) for f in result.figures],
            "checks": [verdict_dict(v) for v in result.checks],
            "summary": summary(result.checks),
            "version": __version__,
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "markdown":
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
        sys.stdout.write("\n".join(lines) + "\n" + markdown([], result.checks).split("\n", 2)[2])
        return
    from rich.table import Table

    console = make_console()
    if not result.figures:
        console.print("no compute figures found")
        return
    found = Table(title="figures found", title_justify="left", show_edge=False)
    for col in ("figure", "kind", "value", "sentence", "chars"):
        found.add_column(col, justify="right" if col in ("value", "sentence", "chars") else "left")
    for f in result.figures:
        value = human(f.estimate.typical, f.estimate.unit_text) if f.estimate.is_exact else computed_text_of(f.estimate)
        found.add_row(
            f.text,
            f.kind + (f" ({f.gpu})" if f.gpu else ""),
            value,
            str(f.sentence + 1),
            f"{f.start}-{f.end}",
        )
    console.print(found)
    checks = Table(title="checks", title_justify="left", show_edge=False)
    for col in ("verdict", "check", "computed", "text says", "claimed/computed"):
        checks.add_column(col, justify="right" if col in ("computed", "claimed/computed") else "left")
    styles = {"holds": "green", "fails": "red", "error": "yellow", "info": "blue"}
    for v in result.checks:
        c = v.claim
        note, expr = escape_markup(clean(c.note if c else v.id)), escape_markup(clean(c.expr if c else ""))
        label = f"{note}\n[dim]{expr}[/]"
        if v.status == "error":
            label += f"\n{escape_markup(clean(v.message))}"
        ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
        expect = escape_markup(clean(c.expect)) if c else ""
        checks.add_row(f"[{styles[v.status]}]{v.status}[/]", label, computed_text(v), expect, ratio)
    console.print(checks)
    n = summary(result.checks)
    console.print(f"{n['holds']} hold, {n['fails']} fail, {n['error']} error, {n.get('info', 0)} info")


def computed_text_of(e: Estimate) -> str:
    return f"{human(e.typical, e.unit_text)} ({human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)})"
