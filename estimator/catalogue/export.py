"""The catalogue as data: the ``gpus --json`` objects (an accelerator with every figure and
dated point, the sources they cite), built in the library like every command's JSON."""

from __future__ import annotations

from typing import Any

from estimator import __version__
from estimator.catalogue.objects import Accelerator, Figure
from estimator.catalogue.registry import Catalogue
from estimator.catalogue.schema import ACCELERATOR_FIELDS, FIGURE, POINT
from estimator.errors import MissingFigure, Problem

# field -> (column title, the unit it is shown in), from the catalogue's field table
COLUMNS = {f.key: f.column for f in ACCELERATOR_FIELDS if f.kind == FIGURE}
POINTS = {f.key: f.column for f in ACCELERATOR_FIELDS if f.kind == POINT}


def latest(acc: Accelerator, key: str, as_of: str | None) -> Figure | None:
    points = acc.price if key == "price" else acc.rental
    if not points:
        return None
    try:
        return acc.point(key, as_of)
    except MissingFigure:  # no point at or before as_of
        return None


def figure_dict(fig: Figure, unit: str) -> dict[str, Any]:
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
        return [{**figure_dict(p, unit), "scope": p.scope, "in_use": p is in_use[key]} for p in items]

    return {
        "name": acc.name,
        "aliases": list(acc.aliases),
        "vendor": acc.vendor,
        "released": acc.released,
        "figures": {k: figure_dict(acc.figures[k], u) for k, (_, u) in COLUMNS.items() if k in acc.figures},
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


def listing_dict(cat: Catalogue, as_of: str | None = None) -> dict[str, Any]:
    """``gpucost gpus --json``: every accelerator and the sources they cite."""
    entries = [cat.gpu(n) for n in cat.names]
    ids = set().union(*(cited(a) for a in entries)) if entries else set()
    return {
        "command": "gpus",
        "gpus": [entry_dict(cat, a, as_of) for a in entries],
        "sources": source_dict(cat, ids),
        "version": __version__,
    }


def one_dict(cat: Catalogue, acc: Accelerator, as_of: str | None = None) -> dict[str, Any]:
    """``gpucost gpus NAME --json``: one accelerator and its sources."""
    return {
        "command": "gpus",
        "gpu": entry_dict(cat, acc, as_of),
        "sources": source_dict(cat, cited(acc)),
        "version": __version__,
    }


def validation_dict(files: list[tuple[str, list[Problem]]]) -> dict[str, Any]:
    """``gpucost catalogue validate --json``: each file with its problems as data."""
    return {
        "command": "catalogue validate",
        "files": [
            {
                "path": path,
                "ok": not problems,
                "problems": [{"line": p.line, "field": p.field, "message": p.message} for p in problems],
            }
            for path, problems in files
        ],
        "version": __version__,
    }
