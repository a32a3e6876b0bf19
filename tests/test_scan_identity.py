"""scan's whole output stays byte-identical on two texts of our own: the xAI summary and a dense
made-up briefing of English and Chinese figures (sums, ranges, rates, unit prices, rentals, counts,
power, energy, durations, years, parts of numbers). The expected files were written by the code
before the scan was made faster (commit f4bc030), so a change to any figure, offset, pairing, id,
paraphrase, line or verdict shows here. Regenerate them only for a change of output that is meant:

    python -m tests.test_scan_identity   (with the fixture catalogue, as below)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from estimator.catalogue import load_catalogue
from estimator.scan import claims_yaml, scan

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = ["scan-xai-summary", "scan-mixed-figures"]


def outputs(name: str) -> tuple[str, str]:
    """The ``scan --json`` document and the ``--emit-claims`` file of one fixture text."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    result = scan(text, f"{name}.txt", load_catalogue, as_of="2024-05", gpu="H100")
    doc = json.dumps(result.to_dict(version="test"), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return doc, claims_yaml(result, f"{name}.txt", "2024-05", 0.25)


@pytest.mark.parametrize("name", TEXTS)
def test_output_is_unchanged(name: str) -> None:
    doc, claims = outputs(name)
    assert doc == (FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8")
    assert claims == (FIXTURES / f"{name}.expected.yaml").read_text(encoding="utf-8")


def test_the_texts_are_dense() -> None:
    # the briefing exercises every kind of figure and of check, so the identity above covers them
    doc = json.loads(outputs("scan-mixed-figures")[0])
    assert {f["kind"] for f in doc["figures"]} == {"money", "price", "rate", "count", "power", "energy", "duration"}
    kinds = {c["id"].rsplit("-", 1)[0] for c in doc["checks"]}
    assert kinds >= {"buy", "power", "runway", "price", "gpus", "gpu-hours"}


if __name__ == "__main__":  # pragma: no cover - regenerates the expected files
    import os

    os.environ["GPUCOST_BASE_CATALOGUE"] = str(FIXTURES / "catalogue.yaml")
    for name in TEXTS:
        doc, claims = outputs(name)
        (FIXTURES / f"{name}.expected.json").write_text(doc, encoding="utf-8")
        (FIXTURES / f"{name}.expected.yaml").write_text(claims, encoding="utf-8")
