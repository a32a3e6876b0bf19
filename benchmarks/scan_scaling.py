"""Benchmark: how `estimator.scan.scan` scales with the length of the text.

    .venv/bin/python benchmarks/scan_scaling.py [--sizes 10000,100000,1000000] [--timeout 60] [--repo PATH]

Each case (an input shape repeated to a length) runs in its own subprocess, timed in-process
around `scan()` only (imports and catalogue loading excluded), and is killed after --timeout
seconds; a shape that ran out of time at one size is not run at the larger sizes. The child
reports its wall time, CPU time (less disturbed by other work on the machine; the ratio column
uses it) and peak resident memory (``ru_maxrss``, which includes about 27 MB of
interpreter, pint and catalogue). --repo measures another checkout, e.g. a worktree of an old
commit. The output is a Markdown table with the time, MB/s of UTF-8 text and the time relative to the
smallest size of the same shape, so that 1x/10x/100x input reads as ~1x/10x/100x time when
scan is linear.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each shape is a unit repeated (and cut) to the length; all the sentences are written for this benchmark.
SHAPES: dict[str, tuple[str, str, str]] = {
    # name: (prefix, repeated unit, suffix)
    "prose": ("", "The lab bought 350,000 Nvidia H100 GPUs for $10 billion. ", ""),
    "digits": ("", "1234567890", ""),
    "Chinese numerals": ("", "一二三四五六七八九十", ""),
    "space-grouped digits": ("1", " 000", ""),
    "NBSP-grouped digits": ("1", "\u00a0000", ""),
    "1 + spaces + x": ("1", " ", "x"),
    "one list sentence": ("", "$1B, $1B a year, 1 year, ", ""),
    "count+money sentence": ("", "1 H100 and $1B, ", ""),
}

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
prefix, unit, suffix, size = json.loads(sys.stdin.read())
import estimator.scan as s
from estimator.catalogue import load_catalogue
cat = load_catalogue(None)
body = (unit * (size // len(unit) + 1))[: max(0, size - len(prefix) - len(suffix))]
text = prefix + body + suffix
s.scan("warm-up: $6 billion for 200,000 H100 chips.", "w", lambda: cat)
start, cpu = time.perf_counter(), time.process_time()
result = s.scan(text, "bench", lambda: cat)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_mb": peak, "figures": len(result.figures),
                  "checks": len(result.checks), "bytes": len(text.encode("utf-8", "surrogatepass")),
                  "module": s.__file__}))
"""


def run_case(repo: Path, shape: tuple[str, str, str], size: int, timeout: float) -> dict[str, object] | None:
    """One case in a fresh interpreter; None when it ran out of time."""
    prefix, unit, suffix = shape
    env = dict(os.environ)
    env.setdefault("GPUCOST_CACHE_DIR", str(Path(tempfile.gettempdir()) / "gpucost-bench-cache"))
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(repo)],
            input=json.dumps([prefix, unit, suffix, size]),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        sys.exit(f"error: the case failed:\n{exc.stderr}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def size_label(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n / 1000:g} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated text lengths in characters")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case before it is killed")
    parser.add_argument("--repo", default=str(ROOT), help="checkout whose estimator/ is measured")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    repo = Path(args.repo).resolve()
    wanted = [s.strip() for s in args.shapes.split(",") if s.strip()] or list(SHAPES)
    print(f"scan() scaling, {repo}, Python {sys.version.split()[0]}, cap {args.timeout:g} s per case")
    print()
    print("| input | size | figures | checks | time | CPU time | MB/s | CPU time / smallest | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in wanted:
        base: float | None = None
        timed_out = False
        for size in sizes:
            if timed_out:
                print(f"| {name} | {size_label(size)} | | | not run (smaller size > {args.timeout:g} s) | | | | |")
                continue
            r = run_case(repo, SHAPES[name], size, args.timeout)
            if r is None:
                timed_out = True
                print(f"| {name} | {size_label(size)} | | | > {args.timeout:g} s | | | | |")
                sys.stdout.flush()
                continue
            seconds = float(r["seconds"])  # type: ignore[arg-type]
            cpu = float(r["cpu"])  # type: ignore[arg-type]
            mb_s = (int(r["bytes"]) / 1e6) / seconds if seconds else float("inf")  # type: ignore[call-overload]
            base = base if base is not None else cpu
            ratio = cpu / base if base else float("nan")
            print(
                f"| {name} | {size_label(size)} | {r['figures']} | {r['checks']} | {seconds:.3f} s | {cpu:.3f} s | "
                f"{mb_s:.2f} | "
                f"{ratio:.1f}x | {float(r['peak_mb']):.0f} MB |"  # type: ignore[arg-type]
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
