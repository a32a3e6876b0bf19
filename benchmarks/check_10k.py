"""Benchmark: `gpucost check` on one file of 10,000 generated claims (budget: under 5 s).

    .venv/bin/python benchmarks/check_10k.py [--claims 10000]

Writes the claim file to a temporary folder, runs the installed console script on it with
/usr/bin/time when present, and prints the wall time, peak memory and the verdict counts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = [
    ("buy(${b}B, H100)", "{x}k GPU"),
    ("power({n}k, H100)", ">= {y} MW"),
    ("runway(${b}B, $3B..$6B/yr)", "1..3 yr"),
    ("{n}k GPU * H100.tdp to MW", "{z} MW ±20%"),
    ("100 MW / (H100.system_power * (1 + defaults.it_overhead) * defaults.pue) to GPU", "< {x}k GPU"),
    ("$10B / H100.rental to GPU*h", ">= 1e9 GPU*h"),
]


def claim_file(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["title: generated benchmark claims", "tolerance: 10%", "as_of: 2024-05", "claims:"]
    for i in range(count):
        expr, expect = TEMPLATES[i % len(TEMPLATES)]
        b, n = rng.randint(1, 20), rng.randint(1, 200)
        values = {"b": b, "n": n, "x": rng.randint(10, 400), "y": rng.randint(1, 300), "z": round(n * 0.7, 1)}
        lines.append(f"  - id: c{i}")
        lines.append(f"    expr: '{expr.format(**values)}'")
        lines.append(f"    expect: '{expect.format(**values)}'")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("gpucost")
    if not exe.exists():
        sys.exit(f"error: no gpucost next to {sys.executable}; run this with the venv's python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.yaml"
        path.write_text(claim_file(args.claims))
        cmd = [str(exe), "check", str(path), "--format", "json"]
        timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
        if timer:
            cmd = [timer, "-f", "%e %M", *cmd]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        peak = ""
        if timer:
            last = proc.stderr.strip().splitlines()[-1].split()
            wall, peak = float(last[0]), f", peak memory {int(last[1]) / 1024:.0f} MiB"
        summary = json.loads(proc.stdout)["summary"]
    print(f"gpucost check on {args.claims:,} claims: {wall:.2f} s{peak} (budget: under 5 s)")
    print(f"verdicts: {summary}, exit status {proc.returncode}")


if __name__ == "__main__":
    main()
