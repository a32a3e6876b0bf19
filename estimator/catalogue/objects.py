"""What the catalogue holds, as objects: sources, sourced figures, accelerators; and the
spellings of dates and names they are compared by."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping
from typing import Any, Callable, TypeVar

from estimator.errors import MissingFigure
from estimator.record import Record, fill
from estimator.values import Estimate


class Source(Record):
    id: str
    title: str
    publisher: str
    url: str
    date: str
    accessed: str

    __slots__ = ("id", "title", "publisher", "url", "date", "accessed")

    def __init__(
        self, id: str, title: str, publisher: str = "", url: str = "", date: str = "", accessed: str = ""
    ) -> None:
        fill(self, id, title, publisher, url, date, accessed)

    def cite(self) -> str:
        when = self.date or (f"undated, accessed {self.accessed}" if self.accessed else "")
        parts = [self.title, self.publisher, when, self.url]
        return ", ".join(p for p in parts if p)


class Figure(Record):
    """A sourced figure: an estimate, the ids of its sources, and when it held."""

    name: str
    estimate: Estimate
    sources: tuple[str, ...]
    as_of: str | None
    note: str | None
    scope: str

    __slots__ = ("name", "estimate", "sources", "as_of", "note", "scope")

    def __init__(
        self,
        name: str,
        estimate: Estimate,
        sources: tuple[str, ...],
        as_of: str | None = None,
        note: str | None = None,
        scope: str = "gpu",
    ) -> None:
        fill(self, name, estimate, sources, as_of, note, scope)


V = TypeVar("V")


class Lazy(Mapping[str, V]):
    """An accelerator's figures (or its lists of dated points) by key, each read (its text
    parsed into an Estimate) when it is first asked for: a one-liner uses one or two of the
    dozen, and parsing them all cost it about 1.5% of its time."""

    __slots__ = ("_raw", "_read", "_done")

    def __init__(self, raw: Mapping[str, Any], read: Callable[[str, Any], V]) -> None:
        self._raw, self._read = raw, read
        self._done: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        if key not in self._done:
            self._done[key] = self._read(key, self._raw[key])
        return self._done[key]

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"Lazy({list(self._raw)})"


class Accelerator(Record):
    """One accelerator: its names, its figures and its dated price and rental points (each
    list read when first asked for)."""

    name: str
    aliases: tuple[str, ...]
    vendor: str
    released: str
    figures: Mapping[str, Figure]
    points: Mapping[str, list[Figure]]

    __slots__ = ("name", "aliases", "vendor", "released", "figures", "points")

    def __init__(
        self,
        name: str,
        aliases: tuple[str, ...],
        vendor: str,
        released: str,
        figures: Mapping[str, Figure],
        points: Mapping[str, list[Figure]],
    ) -> None:
        fill(self, name, aliases, vendor, released, figures, points)

    @property
    def price(self) -> list[Figure]:
        return self.points["price"]

    @property
    def rental(self) -> list[Figure]:
        return self.points["rental"]

    def figure(self, key: str) -> Figure:
        if key in self.figures:
            return self.figures[key]
        raise MissingFigure(
            f"the catalogue has no {key} for {self.name}",
            "add one in an overlay file (--catalogue FILE)",
        )

    def point(self, key: str, as_of: str | None = None) -> Figure:
        """The latest price (or rental) point at or before ``as_of`` (default: latest)."""
        points = self.price if key == "price" else self.rental
        word = "purchase price" if key == "price" else "rental price"
        option = "--price" if key == "price" else "--rental"
        if not points:
            raise MissingFigure(
                f"the catalogue has no {word} for {self.name}",
                f"give one ({option} on the command line) or add it in an overlay file (--catalogue FILE)",
            )
        ordered = sorted(points, key=lambda p: date_key(p.as_of or "0"))
        if as_of is None:
            return ordered[-1]
        limit = date_key(as_of, end=True)
        eligible = [p for p in ordered if date_key(p.as_of or "0") <= limit]
        if not eligible:
            raise MissingFigure(
                f"the catalogue has no {word} for {self.name} at or before {as_of}",
                f"the earliest is from {ordered[0].as_of}; use a later --as-of or give {option}",
            )
        return eligible[-1]


# --------------------------------------------------------------------------- dates and names

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def normal_date(value: Any) -> str | None:
    """``2024-05``-style text for a YAML date, or None when it is not one."""
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        return None
    month, day = int(m[2] or 1), int(m[3] or 1)
    try:
        _dt.date(int(m[1]), month, day)
    except ValueError:
        return None
    return text


def date_key(text: str, end: bool = False) -> tuple[int, int, int]:
    """Sortable key; with ``end``, a month or year means its last day."""
    m = _DATE.match(text)
    if not m:
        return (0, 0, 0)
    fill = 99 if end else 0
    return (int(m[1]), int(m[2]) if m[2] else fill, int(m[3]) if m[3] else fill)


def never_chosen(dates: list[str]) -> dict[int, str]:
    """The points (by index, in load order) that no ``--as-of`` ever picks, each with the date
    of the point that hides it. A point is picked from its date until the next point's date
    (the later in load order on a tie); a year stands for its start, so ``2026`` is hidden by
    a ``2026-01`` point, as the earliest date a reader can ask for, 2026-01-01, is already
    that point's."""
    order = sorted(range(len(dates)), key=lambda i: date_key(dates[i]))
    hidden: dict[int, str] = {}
    for here, after in zip(order, order[1:], strict=False):
        y, m, d = date_key(dates[here])
        earliest_asked = (y, max(m, 1), max(d, 1))  # the first day a query of that date covers
        if earliest_asked >= date_key(dates[after]):
            hidden[here] = dates[after]
    return hidden


def normal_name(name: str) -> str:
    """An accelerator name as it is looked up: no spaces, dashes or underscores, any case."""
    return re.sub(r"[\s_\-]+", "", name).casefold()
