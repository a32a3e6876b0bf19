"""The one renderer: table on a terminal, ``--json``, ``-q``, ``--explain``.

JSON goes through ``sys.stdout.write(json.dumps(...))`` (rich would wrap it); data on
stdout, messages on stderr; rich is imported only for tables.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

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

    # markup off: names, sources and claim texts come from files and are printed as they are
    console = Console(highlight=False, markup=False, emoji=False)
    if not console.is_terminal:
        console = Console(highlight=False, markup=False, emoji=False, width=200 if wide else 120)
    elif console.width < 40:  # COLUMNS=0 or a tiny pane: rows would shrink to nothing
        console = Console(highlight=False, markup=False, emoji=False, width=80)
    console.on_broken_pipe = _broken_pipe  # rich would exit 1; `| head` is not an error
    return console


def _broken_pipe() -> None:
    from cli.output import silence_stdout

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
            span = "" if e.is_exact else f"{human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)}"
            src = "you" if a.origin == "user" else ", ".join(s.id for s in a.sources)
            used.add_row(clean(a.label), human(e.typical, e.unit_text), span, a.as_of or "", clean(src))
        console.print(used)
    for note in result.notes:
        console.print(f"note: {clean(note)}", style="dim")
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


def render_check(
    files: list[ClaimFile],
    verdicts: Iterable[Verdict],
    fmt: str,
    explain: bool,
    seen: Callable[[Verdict], None] | None = None,
) -> dict[str, int]:
    """Verdicts as table, json, jsonl, junit, markdown or nothing (``quiet``) on stdout, written
    as they come: memory does not grow with the number of claims for json, jsonl and quiet (junit
    and markdown keep one line per claim, a table one chunk).  ``seen`` is called with each
    verdict; returns the summary counts."""
    from estimator import __version__

    n = {"total": 0, "holds": 0, "fails": 0, "error": 0}
    used: dict[str, Assumption] = {}

    def each() -> Iterator[Verdict]:
        for v in verdicts:
            n["total"] += 1
            n[v.status] = n.get(v.status, 0) + 1
            if explain:
                for a in v.assumptions:
                    used.setdefault(a.key, a)
            if seen is not None:
                seen(v)
            yield v

    write = sys.stdout.write
    if fmt == "json":
        head = {"command": "check", "files": [{"path": f.path, "title": f.title, "source": f.source} for f in files]}
        write(json.dumps(head, indent=2)[:-2] + ',\n  "claims": [')
        count = 0
        for v in each():
            write(("," if count else "") + "\n    " + json.dumps(verdict_dict(v), indent=2).replace("\n", "\n    "))
            count += 1
        tail = json.dumps({"summary": n, "version": __version__}, indent=2)[1:]
        write(("\n  ]," if count else "],") + tail + "\n")
    elif fmt == "jsonl":
        for v in each():
            write(json.dumps(verdict_dict(v)) + "\n")
    elif fmt == "junit":
        write(junit(files, list(each())))
    elif fmt == "markdown":
        rows = [markdown_row(v) for v in each()]
        write(markdown_head(files, n) + "".join(rows))
    elif fmt == "table":
        check_table(each(), n)
    else:  # quiet
        for _ in each():
            pass
    if explain and fmt in ("table", "markdown"):
        write(explain_used(used))
    elif explain and fmt == "quiet":
        sys.stderr.write(explain_used(used))
    return n


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


def check_table(verdicts: Iterable[Verdict], n: dict[str, int], chunk: int = 1000) -> None:
    """Verdicts as rich tables of ``chunk`` rows (a header on the first), then the counts
    ``n`` (complete once ``verdicts`` is exhausted)."""
    from rich.table import Table
    from rich.text import Text

    console = make_console()
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
            if v.status == "error":
                label += f"\n{v.message}"
            ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
            out.add_row(
                Text(v.status, style=STYLES[v.status]),
                clean(label),
                computed_text(v),
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


STYLES = {"holds": "green", "fails": "red", "error": "yellow", "info": "blue"}


ICONS = {"holds": "✅ holds", "fails": "❌ fails", "error": "⚠️ error", "info": "ℹ️ info"}


def markdown(files: list[ClaimFile], verdicts: list[Verdict]) -> str:
    return markdown_head(files, summary(verdicts)) + "".join(markdown_row(v) for v in verdicts)


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
    err = f"<br>{_md(v.message)}" if v.status == "error" else ""
    ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
    expect = _md(v.claim.expect) if v.claim else ""
    return f"| {ICONS[v.status]} | {code(v.id)}{says}{err} | {_md(computed_text(v))} | {expect} | {ratio} |\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def _md(text: str) -> str:
    """Text for a Markdown table cell, shown as it is: every character that could start
    emphasis, a link, HTML or a code span is escaped (``GPU*h`` stays ``GPU*h``), and so are
    pipes (a GitHub table cell)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(clean(text).split()))


def code(text: str) -> str:
    """Text as a Markdown code span in a table cell (a backtick inside gets a longer fence)."""
    text = " ".join(clean(text).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


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
    return explain_used(seen)


def explain_used(seen: dict[str, Assumption]) -> str:
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
    from rich.text import Text

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
        if v.status == "error":
            label += Text("\n" + clean(v.message))
        ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
        expect = clean(c.expect) if c else ""
        checks.add_row(Text(v.status, style=STYLES[v.status]), label, computed_text(v), expect, ratio)
    console.print(checks)
    n = summary(result.checks)
    console.print(f"{n['holds']} hold, {n['fails']} fail, {n['error']} error, {n.get('info', 0)} info")


def computed_text_of(e: Estimate) -> str:
    return f"{human(e.typical, e.unit_text)} ({human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)})"
