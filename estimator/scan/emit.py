"""What a scan found as a claim file for ``gpucost check`` (``--emit-claims``)."""

from __future__ import annotations

from estimator.claims import write_claims, yaml_string
from estimator.scan.check import INFO, Scan


def claims_yaml(result: Scan, source: str, as_of: str | None, tolerance: float) -> str:
    """A claim file skeleton for ``gpucost check``: the paired checks, then the worked-out
    figures as commented-out claims that need an expectation. ``claims: []`` when nothing paired."""
    shown = source if source.isprintable() else yaml_string(source)
    return write_claims(
        result.claims,
        title="claims found in " + source,
        source=source,
        as_of=as_of,
        tolerance=tolerance,
        comment=f"Claims found by gpucost scan in {shown}. Check each paraphrase and expectation,\n"
        "then run: gpucost check THIS_FILE",
        drafts=[v.claim for v in result.checks if v.status == INFO and v.claim is not None],
        drafts_comment="Figures with nothing to compare in the text: add an expectation to check them.",
    )
