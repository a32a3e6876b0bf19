"""Start-up of two installs of gpucost, compared in interleaved pairs.

    python benchmarks/startup_paired.py OLD_GPUCOST NEW_GPUCOST [--runs 15] [--first-run]

Each case runs the two console scripts one after the other, ``--runs`` times, alternating
which goes first, so that a load that rises or falls over a pair favours neither; the figures
are the medians of the per-pair ratios new/old, with their range, for wall and cpu time (the
child's user + system), which a shared, noisy machine disturbs far less than two separate
medians. ``--first-run`` gives every run a new, empty ``GPUCOST_CACHE_DIR``, as a CI job or a
fresh home has (to see what the wheel's prebuilt catalogue copy is worth, install one wheel
twice and delete ``estimator/data/gpu_specs.checked.json`` from one of the venvs). To compare
with an older commit, install it in a venv of its own: ``git worktree add /tmp/old REV &&
python -m venv /tmp/old-venv && /tmp/old-venv/bin/pip install /tmp/old``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time

CASES = [
    ["buy", "$6B", "--gpu", "H100", "-q"],
    ["power", "100k", "--gpu", "H100", "--json"],
    ["calc", "6e9 USD / H100.price"],
    ["--help"],
    ["buy", "B", "--gpu", "H100"],
]


def one_run(exe: str, args: list[str], env: dict[str, str], first_run: bool) -> tuple[float, float]:
    """Wall and cpu seconds of one run (with an empty cache folder of its own for a first run)."""
    with tempfile.TemporaryDirectory(prefix="gpucost-run-") as cache:
        run_env = {**env, "GPUCOST_CACHE_DIR": cache} if first_run else env
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([exe, *args], capture_output=True, env=run_env, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def summary(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--first-run", action="store_true", help="an empty cache folder for every run")
    opts = parser.parse_args()
    # warm bytecode, as users have; no catalogue or cache settings from this shell
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("GPUCOST")}
    print(f"{opts.runs} pairs per case{', an empty cache folder every run' if opts.first_run else ''}\n")
    print("| command | old ms | new ms | new/old wall, median [min-max] | new/old cpu |\n|---|---:|---:|---:|---:|")
    for args in CASES:
        for exe in (opts.old, opts.new):
            one_run(exe, args, env, opts.first_run)  # the OS's file cache and gpucost's
        pairs = []
        for i in range(opts.runs):
            if i % 2:
                new, old = one_run(opts.new, args, env, opts.first_run), one_run(opts.old, args, env, opts.first_run)
            else:
                old, new = one_run(opts.old, args, env, opts.first_run), one_run(opts.new, args, env, opts.first_run)
            pairs.append((old, new))
        old_ms = statistics.median(o[0] for o, _ in pairs) * 1000
        new_ms = statistics.median(n[0] for _, n in pairs) * 1000
        walls = [n[0] / o[0] for o, n in pairs]
        cpus = [n[1] / o[1] for o, n in pairs]
        print(f"| `gpucost {' '.join(args)}` | {old_ms:.0f} | {new_ms:.0f} | {summary(walls)} | {summary(cpus)} |")


if __name__ == "__main__":
    main()
