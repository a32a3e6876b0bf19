"""What a calculation returns: its inputs, the assumptions it used (with sources) and outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from estimator import __version__
from estimator.errors import InputError
from estimator.status import Status
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Source


@dataclass(frozen=True)
class Output:
    """One computed figure, already in the unit it is reported in."""

    key: str
    label: str
    estimate: Estimate


@dataclass(frozen=True)
class Assumption:
    """A figure the calculation took from the catalogue or from the user."""

    key: str
    label: str
    estimate: Estimate
    sources: tuple[Source, ...] = ()
    as_of: str | None = None
    note: str | None = None
    origin: str = "catalogue"  # or "user"


@dataclass
class Result:
    command: str
    inputs: dict[str, Any]
    assumptions: list[Assumption]
    outputs: list[Output]
    notes: list[str] = field(default_factory=list)
    # what sensitivity() needs: the formula and the values it ran on, with their labels
    formula: Callable[[dict[str, Estimate]], list[Output]] | None = field(default=None, repr=False)
    values: dict[str, Estimate] = field(default_factory=dict, repr=False)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    breakdown: list[str] = field(default_factory=list)
    focus: str | None = None  # the output a sensitivity view looks at (default: the primary)
    keys: tuple[str, ...] = ()  # every result key the command documents; missing ones are null
    skipped: list[str] = field(default_factory=list)  # the parts not computed, and why

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


@dataclass
class Rows:
    """A report as one table: column names and rows of raw values (numbers unformatted, each
    with a unit column beside it), for csv, jsonl and markdown output."""

    header: list[str]
    rows: Iterable[list[Any]]

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
