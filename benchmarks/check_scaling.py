"""Benchmark: `gpucost check` time and peak memory at 1x, 10x and 100x the claims.

    .venv/bin/python benchmarks/check_scaling.py [--sizes 1000,10000,100000] [--formats quiet,json]

Generates one claim file per size (the templates of check_10k.py: buy, power, runway, catalogue
arithmetic, conversions), runs the installed console script on it under GNU time (wall time and
peak resident memory), and prints a Markdown table with the time per claim and the ratio to the
smallest size, so linear time shows as ratios near 10x and 100x and bounded memory as peaks that
do not grow with the claims. Budget (SPEC): linear, under 200 MB at 100,000 claims with -q.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_10k import claim_file  # noqa: E402


def run(exe: Path, path: Path, fmt: str) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit status of one check run (output to /dev/null)."""
    timer = shutil.which("time") or "/usr/bin/time"
    args = ["-q"] if fmt == "quiet" else ["--format", fmt]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run(
            [timer, "-f", "%e %M", str(exe), "check", str(path), *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
        err.seek(0)
        last = err.read().decode().strip().splitlines()[-1].split()
    return float(last[0]), int(last[1]) / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--formats", default="quiet,json")
    parser.add_argument("--exe", help="the gpucost to time (default: next to this python)")
    args = parser.parse_args()
    exe = Path(args.exe) if args.exe else Path(sys.executable).with_name("gpucost")
    if not exe.exists():
        sys.exit(f"error: no gpucost at {exe}; run this with the venv's python or give --exe")
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| claims | format | wall s | ms/claim | x time of the smallest | peak MiB | exit |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            base = None
            for n in sizes:
                path = Path(tmp) / f"claims-{n}.yaml"
                if not path.exists():
                    path.write_text(claim_file(n))
                wall, peak, code = run(exe, path, fmt)
                base = base or wall
                per = 1000 * wall / n
                print(f"| {n:,} | {fmt} | {wall:.2f} | {per:.3f} | {wall / base:.1f} | {peak:.0f} | {code} |")


if __name__ == "__main__":
    main()
