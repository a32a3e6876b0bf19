"""Checking what was found: ``scan()`` extracts, pairs and checks, with a memo so that a
repeated figure is evaluated once.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from estimator import __version__
from estimator.claims import Claim, Verdict, check_claim, failed, summary
from estimator.errors import EstimatorError, InputError
from estimator.language.evaluate import Context, calculate
from estimator.results import Assumption
from estimator.scan.extract import Found, extract
from estimator.scan.pair import pair
from estimator.status import Status, overall
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

INFO = Status.info
MAX_TEXT = 2_000_000
MEMO_SIZE = 4_096  # distinct checks remembered by scan()


@dataclass
class Scan:
    path: str
    sentences: list[tuple[int, int]]
    figures: list[Found]
    checks: list[Verdict] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return overall(v.status for v in self.checks)

    def to_dict(self, version: str | None = None) -> dict[str, Any]:
        """The ``scan --json`` object."""
        return {
            "command": "scan",
            "file": self.path,
            "figures": [f.to_dict() for f in self.figures],
            "checks": [v.to_dict() for v in self.checks],
            "summary": summary(self.checks),
            "version": version or __version__,
        }


class Memo:
    """Verdicts and computed values already worked out in one scan, by expression (and expectation,
    tolerance, date): a repeated figure is not evaluated again. At most MEMO_SIZE entries (LRU)."""

    def __init__(self) -> None:
        self.checks: OrderedDict[tuple[str, str, float, str | None], Verdict] = OrderedDict()
        self.infos: OrderedDict[tuple[str, str | None], tuple[Estimate | None, list[Assumption], str]] = OrderedDict()

    def check(self, c: Claim, cat: Catalogue) -> Verdict:
        key = (c.expr, c.expect, c.tolerance, c.as_of)
        seen = self.checks.get(key)
        if seen is not None and seen.claim is not None:
            self.checks.move_to_end(key)
            again = dataclasses.replace(seen, id=c.id, line=c.line, claim=c, assumptions=list(seen.assumptions))
            return failed(again, seen.reason) if seen.reason else again
        verdict = check_claim(c, lambda: cat)
        _remember(self.checks, key, verdict)
        return verdict

    def info(self, c: Claim, cat: Catalogue) -> Verdict:
        key = (c.expr, c.as_of)
        seen = self.infos.get(key)
        if seen is None:
            ctx = Context(lambda: cat, as_of=c.as_of)
            try:
                seen = (calculate(c.expr, ctx), list(ctx.assumptions), "")
            except EstimatorError as exc:  # context that cannot be worked out is not an error of the text
                seen = (None, [], f"not available: {exc.message}")
            except (ArithmeticError, ValueError) as exc:
                seen = (None, [], f"not available: {type(exc).__name__}")
            _remember(self.infos, key, seen)
        else:
            self.infos.move_to_end(key)
        computed, assumptions, message = seen
        return Verdict(
            c.file, c.id, INFO, c.line, claim=c, computed=computed, assumptions=list(assumptions), message=message
        )


K = TypeVar("K")
V = TypeVar("V")


def _remember(table: OrderedDict[K, V], key: K, value: V) -> None:
    """Add to an LRU table of at most MEMO_SIZE entries."""
    table[key] = value
    if len(table) > MEMO_SIZE:
        table.popitem(last=False)


def scan(
    text: str,
    path: str,
    catalogue: Callable[[], Catalogue],
    as_of: str | None = None,
    tolerance: float = 0.25,
    gpu: str | None = None,
) -> Scan:
    """Extract, pair and check: the figures, the verdicts of the checks and the infos."""
    if len(text) > MAX_TEXT:
        raise InputError(f"{path}: the text is longer than {MAX_TEXT:,} characters", "scan a shorter extract")
    cat = catalogue()
    names: dict[str, str] = {}
    for alias, canonical in cat.aliases().items():
        names[alias] = canonical
        names[alias.replace("-", " ")] = canonical
    default_gpu = cat.resolve(gpu) if gpu else None
    sentences, figures = extract(text, names)
    claims, infos = pair(text, sentences, figures, default_gpu, tolerance, file=path, as_of=as_of)
    result = Scan(path, sentences, figures, claims=claims)
    memo = Memo()
    result.checks = [memo.check(c, cat) for c in claims] + [memo.info(c, cat) for c in infos]
    result.checks.sort(key=lambda v: v.line)
    return result
