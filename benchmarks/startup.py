"""Start-up benchmark: median wall time of the one-liner against ``python -c "import pint"``.

Run it with the Python of the venv gpucost is installed in (not a pyenv shim, which adds
~80 ms per call):

    .venv/bin/python benchmarks/startup.py            # hyperfine when installed
    .venv/bin/python benchmarks/startup.py --runs 20

It prints a Markdown table for the README.  Budgets (SPEC.md): the one-liner at most 1.5x
the pint import; --help and usage errors at most 80 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CLAIMS = Path(__file__).resolve().parent.parent / "data" / "claims" / "xai-2024-05.yaml"
TIME = Path("/usr/bin/time")


def cases() -> list[tuple[str, list[str], str]]:
    py, gc = str(Path(sys.executable)), str(BIN / "gpucost")
    return [
        ('python -c "import pint"', [py, "-c", "import pint"], "reference"),
        ("gpucost buy '$6B' --gpu H100 -q", [gc, "buy", "$6B", "--gpu", "H100", "-q"], "<= 1.5x pint"),
        ("gpucost buy '$6B' --gpu H100 --json", [gc, "buy", "$6B", "--gpu", "H100", "--json"], ""),
        ("gpucost --help", [gc, "--help"], "<= 80 ms"),
        ("gpucost buy B --gpu H100 (usage error)", [gc, "buy", "B", "--gpu", "H100"], ""),
        ("gpucost bye (unknown command)", [gc, "bye"], "<= 80 ms"),
        ("gpucost check data/claims/xai-2024-05.yaml", [gc, "check", str(CLAIMS), "-q"], ""),
    ]


def with_hyperfine(argv: list[str], runs: int) -> float:
    import shlex

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                "hyperfine",
                "-N",
                "--warmup",
                "3",
                "--runs",
                str(runs),
                "-i",
                "--export-json",
                out.name,
                shlex.join(argv),
            ],
            check=True,
            capture_output=True,
        )
        return float(json.load(open(out.name))["results"][0]["median"])


def with_timer(argv: list[str], runs: int) -> float:
    for _ in range(3):
        subprocess.run(argv, capture_output=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_memory(argv: list[str], runs: int = 5) -> float | None:
    """Median peak resident memory in MiB, from GNU time's %M (None without /usr/bin/time)."""
    if not TIME.exists():
        return None
    peaks = []
    for _ in range(runs):
        proc = subprocess.run([str(TIME), "-f", "%M", *argv], capture_output=True, text=True)
        peaks.append(int(proc.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-hyperfine", action="store_true")
    args = parser.parse_args()
    if not (BIN / "gpucost").exists():
        sys.exit(f"error: no gpucost next to {sys.executable}; run this with the venv's python")
    use_hf = shutil.which("hyperfine") is not None and not args.no_hyperfine
    measure = with_hyperfine if use_hf else with_timer
    os.environ.setdefault("NO_COLOR", "1")
    # Users run with bytecode caches; a PYTHONDONTWRITEBYTECODE=1 shell would recompile our
    # modules on every call (~30 ms) and measure something no user sees.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = []
    for label, argv, budget in cases():
        rows.append((label, measure(argv, args.runs) * 1000, peak_memory(argv), budget))
    pint_ms = rows[0][1]
    tool = "hyperfine -N" if use_hf else "perf_counter"
    print(
        f"median of {args.runs} runs ({tool}); peak memory: median of 5 (GNU time); Python {sys.version.split()[0]}\n"
    )
    print("| command | median ms | x pint import | peak MiB | budget |")
    print("|---|---:|---:|---:|---|")
    for label, ms, mib, budget in rows:
        memory = f"{mib:.0f}" if mib is not None else "-"
        print(f"| `{label}` | {ms:.0f} | {ms / pint_ms:.2f} | {memory} | {budget} |")


if __name__ == "__main__":
    main()
