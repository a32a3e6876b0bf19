"""The first run after an install (an empty cache folder every run), two installs in interleaved pairs.

    python benchmarks/first_run_paired.py A_GPUCOST B_GPUCOST [--runs 31]

Each run gets a new, empty ``GPUCOST_CACHE_DIR``, as a CI job or a fresh home has: nothing the
run before wrote helps it.  The pairs alternate which install goes first, so a load that
rises or falls over a pair does not favour one side.  The figure is the median of the per-pair
ratios B/A, with their range, for wall and cpu time (the child's user + system).  To see what
the wheel's prebuilt catalogue copy is worth, install one wheel twice and delete
``estimator/data/gpu_specs.checked.json`` from one of the venvs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time

ARGS = ["buy", "$6B", "--gpu", "H100", "-q"]


def one_run(exe: str, base_env: dict[str, str]) -> tuple[float, float]:
    """Wall and cpu seconds of one run with an empty cache folder of its own."""
    with tempfile.TemporaryDirectory(prefix="gpucost-first-run-") as cache:
        env = {**base_env, "GPUCOST_CACHE_DIR": cache}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([exe, *ARGS], capture_output=True, env=env, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{exe} failed: {proc.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def summary(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--runs", type=int, default=31)
    opts = parser.parse_args()
    # warm bytecode, as users have; no catalogue or cache settings from this shell
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("GPUCOST")}
    for exe in (opts.a, opts.b):
        one_run(exe, env)  # the OS's file cache, not gpucost's
    pairs = []
    for i in range(opts.runs):
        if i % 2:
            b, a = one_run(opts.b, env), one_run(opts.a, env)
        else:
            a, b = one_run(opts.a, env), one_run(opts.b, env)
        pairs.append((a, b))
    wall_a = statistics.median(p[0][0] for p in pairs) * 1000
    wall_b = statistics.median(p[1][0] for p in pairs) * 1000
    print(f"`gpucost {' '.join(ARGS)}`, empty cache folder every run, {opts.runs} pairs")
    print("| A ms | B ms | B/A wall, median [min-max] | B/A cpu, median [min-max] |\n|---:|---:|---:|---:|")
    walls = [b[0] / a[0] for a, b in pairs]
    cpus = [b[1] / a[1] for a, b in pairs]
    print(f"| {wall_a:.0f} | {wall_b:.0f} | {summary(walls)} | {summary(cpus)} |")


if __name__ == "__main__":
    main()
