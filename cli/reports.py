"""The reports the commands hand ``cli.render.emit``: a number command's result (with its
sensitivity view), a claim run (``check``) and a scan.  The catalogue's are in
cli/catalogue_view.py.

Each gives the JSON contract (``to_dict``), one table of raw values (``rows``: csv, jsonl,
markdown), what ``-q`` prints (``primary``), its outcome (``status``) and its terminal table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from cli.output import Environment
from cli.render import (
    Report,
    bars,
    check_table,
    explain_text,
    explain_used,
    junit,
    markdown_head,
    markdown_row,
    markdown_table,
    number_table,
    scan_markdown,
    scan_table,
    swings_dict,
    tornado,
)
from estimator import __version__
from estimator.humanize import human, human_span
from estimator.results import Rows
from estimator.status import Status, overall
from estimator.tornado import sensitivity as swings_of

if TYPE_CHECKING:
    from estimator.claims import ClaimFile, Verdict
    from estimator.results import Output, Result
    from estimator.scan import Scan
    from estimator.tornado import Swing


class NumberReport(Report):
    """buy, power, runway, train, cluster, calc: a Result, and the sensitivity view if asked."""

    def __init__(self, result: Result, sensitivity: bool = False, of: str | None = None) -> None:

        self.result = result
        self.primary = result.primary
        sensitivity = sensitivity or of is not None
        # worked out whatever the format: an unknown --sensitivity-of is an error in every one
        self.focus: Output | None = result.output(of) if sensitivity else None
        self.swings: list[Swing] | None = swings_of(result, of) if sensitivity else None

    @property
    def status(self) -> Status:
        return self.result.status

    def to_dict(self) -> dict[str, Any]:
        doc = self.result.to_dict(__version__)
        if self.focus is not None and self.swings is not None:
            doc["sensitivity"] = swings_dict(self.focus, self.swings)
        return doc

    def rows(self) -> Rows:
        return self.result.rows()

    def table(self, env: Environment) -> None:
        number_table(self.result, env)
        if self.result.breakdown:
            env.write(bars(self.result))
        if self.focus is not None and self.swings is not None:
            env.write(tornado(self.focus, self.swings))

    def markdown(self) -> str:
        """The figures as the table shows them (typical, range), then the assumptions."""
        r = self.result

        span = human_span

        out = Rows(
            ["figure", "typical", "range (low .. high)"],
            [[o.label.strip(), human(o.estimate.typical, o.estimate.unit_text), span(o.estimate)] for o in r.outputs],
        )
        text = f"### gpucost {r.command}\n\n" + markdown_table(out)
        if r.assumptions:
            used = Rows(
                ["assumption", "typical", "range", "as of", "source"],
                [
                    [
                        a.label,
                        human(a.estimate.typical, a.estimate.unit_text),
                        span(a.estimate),
                        a.as_of or "",
                        "you" if a.origin == "user" else ", ".join(s.id for s in a.sources),
                    ]
                    for a in r.assumptions
                ],
            )
            text += "\n" + markdown_table(used)
        return text + "".join(f"\nnote: {n}\n" for n in r.notes)

    def explain(self) -> str:
        return explain_text(self.result)


# the csv/jsonl columns of a claim run and of a scan's checks: raw numbers, the unit beside them
CHECK_HEADER = [
    "file",
    "line",
    "id",
    "verdict",
    "value",
    "low",
    "high",
    "unit",
    "expect",
    "tolerance",
    "ratio",
    "message",
]


def verdict_row(v: Verdict) -> list[Any]:
    c, e = v.claim, v.computed
    return [
        v.file,
        v.line,
        v.id,
        v.status.value,
        e.typical if e else None,
        e.low if e else None,
        e.high if e else None,
        e.unit_text if e else None,
        c.expect if c else None,
        c.tolerance if c else None,
        v.ratio,
        v.message or v.sentence(),
    ]


class CheckReport(Report):
    """A claim run, written as it is checked: each format reads the verdicts once, as they come
    (json, jsonl, csv and a table in bounded memory), and the counts, the catalogue figures
    used (for --explain) and the outcome are known once they have all been read."""

    json_explains = False  # a claim's JSON names its figures only: --explain says the rest on stderr

    def __init__(
        self, files: list[ClaimFile], verdicts: Iterable[Verdict], seen: Callable[[Verdict], None] | None = None
    ) -> None:
        self.files = files
        self.counts = {"total": 0, "holds": 0, "fails": 0, "error": 0}
        self.used: dict[Any, Any] = {}
        self._seen = seen
        self._stream = self._each(verdicts)

    def _each(self, verdicts: Iterable[Verdict]) -> Iterator[Verdict]:
        for v in verdicts:
            self.counts["total"] += 1
            self.counts[v.status.value] = self.counts.get(v.status.value, 0) + 1
            for a in v.assumptions:  # one entry per figure and point: two dates are two entries
                self.used.setdefault((a.key, a.as_of, tuple(s.id for s in a.sources), a.estimate.typical), a)
            if self._seen is not None:
                self._seen(v)
            yield v

    @property
    def status(self) -> Status:
        """The run's outcome; the verdicts not yet read are checked first."""
        for _ in self._stream:
            pass
        return overall(Status(k) for k in ("holds", "fails", "error") if self.counts[k])

    def to_dict(self) -> dict[str, Any]:
        from estimator.claims import run_dict  # LAZY: a number command's report does not load the checker

        return run_dict(self.files, self._stream, lambda: dict(self.counts), __version__)

    def records(self) -> Iterator[dict[str, Any]]:
        return (v.to_dict() for v in self._stream)

    def rows(self) -> Rows:
        return Rows(CHECK_HEADER, (verdict_row(v) for v in self._stream))

    def table(self, env: Environment) -> None:
        check_table(self._stream, self.counts, env)

    def markdown(self) -> str:
        rows = [markdown_row(v) for v in self._stream]  # the counts head the table
        return markdown_head(self.files, self.counts) + "".join(rows)

    def junit(self) -> str:
        return junit(self.files, list(self._stream))

    def explain(self) -> str:
        return explain_used(self.used)


class ScanReport(Report):
    """The figures a scan found and the checks it made of them."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan

    @property
    def status(self) -> Status:
        return self.scan.status

    def to_dict(self) -> dict[str, Any]:
        return self.scan.to_dict(__version__)

    def rows(self) -> Rows:
        """The checks (a lone figure's is an info row), as a claim run's rows."""
        return Rows(CHECK_HEADER, [verdict_row(v) for v in self.scan.checks])

    def records(self) -> Iterator[dict[str, Any]]:
        return (v.to_dict() for v in self.scan.checks)

    def table(self, env: Environment) -> None:
        scan_table(self.scan, env)

    def markdown(self) -> str:
        return scan_markdown(self.scan)


__all__ = ["CHECK_HEADER", "CheckReport", "NumberReport", "ScanReport", "verdict_row"]
