"""What a calculation returns: its inputs, the assumptions it used (with sources) and outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from estimator import __version__
from estimator.errors import InputError
from estimator.record import Record, fill, set_field
from estimator.status import Status
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Source


class Output(Record):
    """One computed figure, already in the unit it is reported in."""

    key: str
    label: str
    estimate: Estimate

    __slots__ = ("key", "label", "estimate")

    def __init__(self, key: str, label: str, estimate: Estimate) -> None:
        set_field(self, "key", key)
        set_field(self, "label", label)
        set_field(self, "estimate", estimate)


class Assumption(Record):
    """A figure the calculation took from the catalogue or from the user."""

    key: str
    label: str
    estimate: Estimate
    sources: tuple[Source, ...]
    as_of: str | None
    note: str | None
    origin: str  # or "user"

    __slots__ = ("key", "label", "estimate", "sources", "as_of", "note", "origin")

    def __init__(
        self,
        key: str,
        label: str,
        estimate: Estimate,
        sources: tuple[Source, ...] = (),
        as_of: str | None = None,
        note: str | None = None,
        origin: str = "catalogue",
    ) -> None:
        set_field(self, "key", key)
        set_field(self, "label", label)
        set_field(self, "estimate", estimate)
        set_field(self, "sources", sources)
        set_field(self, "as_of", as_of)
        set_field(self, "note", note)
        set_field(self, "origin", origin)


class Result(Record):
    command: str
    inputs: dict[str, Any]
    assumptions: list[Assumption]
    outputs: list[Output]
    notes: list[str]
    # what sensitivity() needs: the formula and the values it ran on, with their labels
    formula: Callable[[dict[str, Estimate]], list[Output]] | None
    values: dict[str, Estimate]
    labels: dict[str, str]
    breakdown: list[str]
    focus: str | None  # the output a sensitivity view looks at (default: the primary)
    keys: tuple[str, ...]  # every result key the command documents; missing ones are null
    skipped: list[str]  # the parts not computed, and why

    __slots__ = (
        "command",
        "inputs",
        "assumptions",
        "outputs",
        "notes",
        "formula",
        "values",
        "labels",
        "breakdown",
        "focus",
        "keys",
        "skipped",
    )
    mutable = True
    hidden = ("formula", "values", "labels")

    def __init__(
        self,
        command: str,
        inputs: dict[str, Any],
        assumptions: list[Assumption],
        outputs: list[Output],
        notes: list[str] | None = None,
        formula: Callable[[dict[str, Estimate]], list[Output]] | None = None,
        values: dict[str, Estimate] | None = None,
        labels: dict[str, str] | None = None,
        breakdown: list[str] | None = None,
        focus: str | None = None,
        keys: tuple[str, ...] = (),
        skipped: list[str] | None = None,
    ) -> None:
        fill(
            self,
            command,
            inputs,
            assumptions,
            outputs,
            [] if notes is None else notes,
            formula,
            {} if values is None else values,
            {} if labels is None else labels,
            [] if breakdown is None else breakdown,
            focus,
            keys,
            [] if skipped is None else skipped,
        )

    def output(self, key: str | None = None) -> Output:
        """The output ``key`` (default: the focus, else the primary one)."""
        key = key or self.focus or self.primary.key
        for o in self.outputs:
            if o.key == key:
                return o

        keys = ", ".join(o.key for o in self.outputs)
        raise InputError(f"{self.command} has no result {key!r}", f"choose one of {keys}")

    @property
    def primary(self) -> Output:
        return self.outputs[0]

    @property
    def status(self) -> Status:
        """A calculation has nothing to hold or fail."""
        return Status.ok

    ROW_HEADER = ("key", "label", "value", "low", "high", "unit")

    def rows(self) -> Rows:
        """One row per output (the csv, jsonl and markdown formats): raw numbers and the unit."""
        return Rows(
            list(self.ROW_HEADER),
            [
                [o.key, o.label.strip(), o.estimate.typical, o.estimate.low, o.estimate.high, o.estimate.unit_text]
                for o in self.outputs
            ],
        )

    def to_dict(self, version: str | None = None) -> dict[str, Any]:
        """The JSON output contract: command, inputs, assumptions, result, version."""
        return {
            "command": self.command,
            "inputs": {k: _plain(v) for k, v in self.inputs.items()},
            "assumptions": [
                {
                    "name": a.key,
                    "label": a.label,
                    **estimate_dict(a.estimate),
                    "as_of": a.as_of,
                    "origin": a.origin,
                    "source": [
                        {
                            "id": s.id,
                            "title": s.title,
                            "publisher": s.publisher,
                            "url": s.url,
                            "date": s.date or None,
                            "accessed": s.accessed or None,
                        }
                        for s in a.sources
                    ],
                    "note": a.note,
                }
                for a in self.assumptions
            ],
            "result": self._result_dict(),
            "breakdown": list(self.breakdown),
            "notes": list(self.notes),
            "version": version or __version__,
        }

    def _result_dict(self) -> dict[str, Any]:
        computed = {o.key: estimate_dict(o.estimate) for o in self.outputs}
        return {**{k: computed.get(k) for k in self.keys}, **computed}


class Rows(Record):
    """A report as one table: column names and rows of raw values (numbers unformatted, each
    with a unit column beside it), for csv, jsonl and markdown output."""

    header: list[str]
    rows: Iterable[list[Any]]

    __slots__ = ("header", "rows")
    mutable = True

    def __init__(self, header: list[str], rows: Iterable[list[Any]]) -> None:
        fill(self, header, rows)

    def records(self) -> Iterator[dict[str, Any]]:
        """Each row as an object keyed by the header (one jsonl line)."""
        for row in self.rows:
            yield dict(zip(self.header, row, strict=True))


def estimate_dict(est: Estimate) -> dict[str, Any]:
    return {"value": est.typical, "low": est.low, "high": est.high, "unit": est.unit_text}


def _plain(value: Any) -> Any:
    if isinstance(value, Estimate):
        return estimate_dict(value)
    return value
