"""Rendering the catalogue for ``gpucost gpus``: table, one entry, JSON, Markdown."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from cli.humanize import human
from estimator.catalogue.schema import ACCELERATOR_FIELDS, FIGURE, POINT
from estimator.errors import MissingFigure

if TYPE_CHECKING:
    from cli.options import Options
    from estimator.catalogue import Accelerator, Catalogue, Figure

# field -> (column title, the unit it is shown in), from the catalogue's field table
COLUMNS = {f.key: f.column for f in ACCELERATOR_FIELDS if f.kind == FIGURE}
POINTS = {f.key: f.column for f in ACCELERATOR_FIELDS if f.kind == POINT}


def cell(x: float, unit: str) -> str:
    """Compact per-accelerator figures: ``$30,000``, ``$2.49/h``, ``80 GB``."""
    if unit == "USD/GPU":
        return f"${x:,.0f}"
    if unit == "USD/GPU/h":
        return f"${x:.2f}/h"
    return human(x, unit)


def show(fig: Figure | None, unit: str, ranged: bool = True) -> str:
    if fig is None:
        return "-"
    e = fig.estimate.to(unit)
    text = cell(e.typical, e.unit_text)
    if ranged and not e.is_exact:
        text += f" ({cell(e.low, e.unit_text)}..{cell(e.high, e.unit_text)})"
    return text


def latest(acc: Accelerator, key: str, as_of: str | None) -> Figure | None:
    points = acc.price if key == "price" else acc.rental
    if not points:
        return None
    try:
        return acc.point(key, as_of)
    except MissingFigure:  # no point at or before as_of
        return None


def row(acc: Accelerator, as_of: str | None, ranged: bool) -> list[str]:
    cells = [acc.name, acc.vendor, acc.released]
    cells += [show(acc.figures.get(k), unit, ranged) for k, (_, unit) in COLUMNS.items()]
    for key, (_, unit) in POINTS.items():
        fig = latest(acc, key, as_of)
        cells.append(f"{show(fig, unit, ranged)} ({fig.as_of})" if fig else "-")
    return cells


HEADERS = [
    "name",
    "vendor",
    "released",
    *(t for t, _ in COLUMNS.values()),
    *(f"{t} (as of)" for t, _ in POINTS.values()),
]


def figure_dict(cat: Catalogue, fig: Figure, unit: str) -> dict[str, Any]:
    e = fig.estimate.to(unit)
    return {
        "value": e.typical,
        "low": e.low,
        "high": e.high,
        "unit": e.unit_text,
        "as_of": fig.as_of,
        "source": list(fig.sources),
        "note": fig.note,
    }


def entry_dict(cat: Catalogue, acc: Accelerator, as_of: str | None = None) -> dict[str, Any]:
    in_use = {key: latest(acc, key, as_of) for key in POINTS}

    def points(key: str, unit: str) -> list[dict[str, Any]]:
        items = acc.price if key == "price" else acc.rental
        return [{**figure_dict(cat, p, unit), "scope": p.scope, "in_use": p is in_use[key]} for p in items]

    return {
        "name": acc.name,
        "aliases": list(acc.aliases),
        "vendor": acc.vendor,
        "released": acc.released,
        "figures": {k: figure_dict(cat, acc.figures[k], u) for k, (_, u) in COLUMNS.items() if k in acc.figures},
        "price": points("price", "USD/GPU"),
        "rental": points("rental", "USD/GPU/h"),
    }


def source_dict(cat: Catalogue, ids: set[str]) -> dict[str, Any]:
    out = {}
    for sid in sorted(ids):
        s = cat.source(sid)
        out[sid] = {
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "date": s.date or None,
            "accessed": s.accessed or None,
        }
    return out


def cited(acc: Accelerator) -> set[str]:
    ids: set[str] = set()
    for fig in [*acc.figures.values(), *acc.price, *acc.rental]:
        ids.update(fig.sources)
    return ids


def show_all(cat: Catalogue, opts: Options, markdown: bool) -> None:
    from estimator import __version__

    entries = [cat.gpu(n) for n in cat.names]
    if opts.json:
        ids = set().union(*(cited(a) for a in entries)) if entries else set()
        doc = {
            "command": "gpus",
            "gpus": [entry_dict(cat, a, opts.as_of) for a in entries],
            "sources": source_dict(cat, ids),
            "version": __version__,
        }
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    elif opts.quiet:
        sys.stdout.write("".join(a.name + "\n" for a in entries))
    elif markdown:
        sys.stdout.write(catalogue_markdown(cat))
    else:
        from rich.table import Table

        from cli.render import make_console

        table = Table(show_edge=False)
        for h in HEADERS:
            table.add_column(h, justify="left" if h in ("name", "vendor", "released") else "right")
        for a in entries:
            table.add_row(*row(a, opts.as_of, ranged=False))
        console = make_console(wide=True)
        console.print(table)
        console.print(f"{len(entries)} accelerators; gpucost gpus NAME shows one with its sources", style="dim")


def catalogue_markdown(cat: Catalogue) -> str:
    """The catalogue as Markdown tables: accelerators, then cluster defaults."""
    from estimator.catalogue import DEFAULT_FIGURES

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for name in cat.names:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row(cat.gpu(name), None, True)) + " |")
    lines += ["", "| default | typical (low..high) | as of | sources |", "|---|---|---|---|"]
    for key, unit in DEFAULT_FIGURES.items():
        fig = cat.default_or(key, None)
        if fig is not None:
            lines.append(f"| {key} | {show(fig, unit)} | {fig.as_of or ''} | {', '.join(fig.sources)} |")
    n_sources = len(cat.source_ids())
    lines += [
        "",
        f"{len(cat.names)} accelerators, {n_sources} sources. Ranges are low..high; "
        "`gpucost gpus NAME` shows every figure with its source, date and note.",
    ]
    return "\n".join(lines) + "\n"


def show_one(cat: Catalogue, acc: Accelerator, opts: Options) -> None:
    from estimator import __version__

    if opts.json:
        doc = {
            "command": "gpus",
            "gpu": entry_dict(cat, acc, opts.as_of),
            "sources": source_dict(cat, cited(acc)),
            "version": __version__,
        }
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return
    if opts.quiet:
        sys.stdout.write(acc.name + "\n")
        return
    out = [f"{acc.name} ({acc.vendor}, released {acc.released or 'unknown'})"]
    if acc.aliases:
        out.append(f"  aliases: {', '.join(acc.aliases)}")
    for key, (title, unit) in COLUMNS.items():
        fig = acc.figures.get(key)
        out.append(f"  {title}: {show(fig, unit)}")
        if fig:
            out += _cite(cat, fig)
    for key, (title, unit) in POINTS.items():
        points = acc.price if key == "price" else acc.rental
        chosen = latest(acc, key, opts.as_of)
        if not points:
            out.append(f"  {title}: -")
        for p in sorted(points, key=lambda f: f.as_of or ""):
            mark = "  <- used" if p is chosen else ""
            out.append(f"  {title} as of {p.as_of}: {show(p, unit)}{mark}")
            out += _cite(cat, p)
    sys.stdout.write("\n".join(out) + "\n")


def _cite(cat: Catalogue, fig: Figure) -> list[str]:
    lines = [f"      source [{sid}]: {cat.source(sid).cite()}" for sid in fig.sources]
    if fig.note:
        lines.append(f"      note: {fig.note}")
    return lines
