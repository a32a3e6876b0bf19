"""The catalogue's reports for ``gpucost gpus``: the list and one entry (table, JSON, csv,
Markdown, ``-q`` names)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.output import Environment
from cli.render import Report, make_console
from estimator.catalogue import DEFAULT_FIGURES
from estimator.catalogue.export import COLUMNS, POINTS, latest, listing_dict, one_dict
from estimator.humanize import human
from estimator.results import Rows

if TYPE_CHECKING:
    from estimator.catalogue import Accelerator, Catalogue, Figure


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


FIGURE_HEADER = ["name", "figure", "value", "low", "high", "unit", "as_of", "scope", "in_use", "source"]


def figure_rows(acc: Accelerator, as_of: str | None) -> list[list[Any]]:
    """One accelerator's figures as rows of raw values: each spec figure, then every price and
    rental point (``in_use`` marks the one the commands use at ``as_of``)."""
    out: list[list[Any]] = []
    for key, (_, unit) in COLUMNS.items():
        fig = acc.figures.get(key)
        if fig is not None:
            e = fig.estimate.to(unit)
            out.append(
                [acc.name, key, e.typical, e.low, e.high, e.unit_text, fig.as_of, None, None, " ".join(fig.sources)]
            )
    for key, (_, unit) in POINTS.items():
        chosen = latest(acc, key, as_of)
        for p in acc.price if key == "price" else acc.rental:
            e = p.estimate.to(unit)
            out.append(
                [
                    acc.name,
                    key,
                    e.typical,
                    e.low,
                    e.high,
                    e.unit_text,
                    p.as_of,
                    p.scope,
                    p is chosen,
                    " ".join(p.sources),
                ]
            )
    return out


class Listing(Report):
    """``gpucost gpus``: every accelerator in the catalogue."""

    def __init__(self, cat: Catalogue, as_of: str | None) -> None:
        self.cat = cat
        self.as_of = as_of
        self.entries = [cat.gpu(n) for n in cat.names]
        self.primary = [a.name for a in self.entries]

    def to_dict(self) -> dict[str, Any]:
        return listing_dict(self.cat, self.as_of)

    def rows(self) -> Rows:
        return Rows(FIGURE_HEADER, [r for a in self.entries for r in figure_rows(a, self.as_of)])

    def markdown(self) -> str:
        return catalogue_markdown(self.cat)

    def table(self, env: Environment) -> None:
        from rich.table import Table

        table = Table(show_edge=False)
        for h in HEADERS:
            table.add_column(h, justify="left" if h in ("name", "vendor", "released") else "right")
        for a in self.entries:
            table.add_row(*row(a, self.as_of, ranged=False))
        console = make_console(env, wide=True)
        console.print(table)
        console.print(f"{len(self.entries)} accelerators; gpucost gpus NAME shows one with its sources", style="dim")


def catalogue_markdown(cat: Catalogue) -> str:
    """The catalogue as Markdown tables: accelerators, then cluster defaults."""

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


class Entry(Report):
    """``gpucost gpus NAME``: one accelerator, each figure with its source and date."""

    def __init__(self, cat: Catalogue, acc: Accelerator, as_of: str | None) -> None:
        self.cat = cat
        self.acc = acc
        self.as_of = as_of
        self.primary = [acc.name]

    def to_dict(self) -> dict[str, Any]:
        return one_dict(self.cat, self.acc, self.as_of)

    def rows(self) -> Rows:
        return Rows(FIGURE_HEADER, figure_rows(self.acc, self.as_of))

    def table(self, env: Environment) -> None:
        cat, acc = self.cat, self.acc
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
            chosen = latest(acc, key, self.as_of)
            if not points:
                out.append(f"  {title}: -")
            for p in sorted(points, key=lambda f: f.as_of or ""):
                mark = "  <- used" if p is chosen else ""
                out.append(f"  {title} as of {p.as_of}: {show(p, unit)}{mark}")
                out += _cite(cat, p)
        env.write("\n".join(out) + "\n")


def _cite(cat: Catalogue, fig: Figure) -> list[str]:
    lines = [f"      source [{sid}]: {cat.source(sid).cite()}" for sid in fig.sources]
    if fig.note:
        lines.append(f"      note: {fig.note}")
    return lines
