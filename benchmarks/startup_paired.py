"""Start-up of two installs of gpucost, compared in interleaved pairs.

    python benchmarks/startup_paired.py OLD_GPUCOST NEW_GPUCOST [--runs 15]

Each case runs the old and the new console script one after the other, ``--runs`` times;
the figure is the median of the per-pair ratios new/old, which a shared, noisy machine
disturbs far less than two separate medians. To compare with an older commit, install it in
a venv of its own: ``git worktree add /tmp/old REV && python -m venv /tmp/old-venv &&
/tmp/old-venv/bin/pip install /tmp/old``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

CASES = [
    ["buy", "$6B", "--gpu", "H100", "-q"],
    ["power", "100k", "--gpu", "H100", "--json"],
    ["calc", "6e9 USD / H100.price"],
    ["--help"],
    ["buy", "B", "--gpu", "H100"],
]


def seconds(exe: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([exe, *args], capture_output=True, env=env, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=15)
    opts = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # warm bytecode, as users have
    print("| command | old ms | new ms | new/old (median of pairs) |\n|---|---:|---:|---:|")
    for args in CASES:
        for exe in (opts.old, opts.new):
            seconds(exe, args, env)  # warm the caches
        pairs = [(seconds(opts.old, args, env), seconds(opts.new, args, env)) for _ in range(opts.runs)]
        old = statistics.median(p[0] for p in pairs) * 1000
        new = statistics.median(p[1] for p in pairs) * 1000
        ratio = statistics.median(n / o for o, n in pairs)
        print(f"| `gpucost {' '.join(args)}` | {old:.0f} | {new:.0f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
