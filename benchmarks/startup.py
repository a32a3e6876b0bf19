"""Benchmarks for the README: start-up paired against ``import pint``, and check/scan at scale.

Run it with the Python of the venv gpucost is installed in (not a pyenv shim, which adds
~80 ms per call), or name the console script with ``--exe``:

    .venv/bin/python benchmarks/startup.py                 # both parts, 21 pairs per case
    .venv/bin/python benchmarks/startup.py --only start --runs 31
    .venv/bin/python benchmarks/startup.py --only scale
    .venv/bin/python benchmarks/startup.py --quick         # a smoke test: few runs, small sizes

Time a plain ``pip install .`` (what users get). An editable install is not a wheel build, so
it lacks the files the build hook writes (the prebuilt --help texts, the checked catalogue
copy) and its --help goes through typer.

It prints Markdown tables.  The machine this project runs on is shared and noisy, so
absolute times move by 2x from one hour to the next; the figures that carry over are ratios
taken pair by pair.

1. Start-up.  Each case is paired with ``python -c "import pint"`` run by the Python next to
   the console script: warm-up pairs first, then A B A B ...  For each case: the median wall
   time, the median of the per-pair wall ratios with [min-max], the median per-pair cpu ratio
   (user + sys of the child, from ``os.wait4``), the median peak RSS (GNU time's %M; see
   ``gnu_time`` for why not ``ru_maxrss``) and its ratio to pint's in the same pairs, and the
   SPEC budget with whether the median meets it.
2. Scale.  ``check -q`` on generated files of 1k/10k/100k claims, and ``scan --json`` on texts
   of 10 KB/100 KB/1 MB and at its input limit (``estimator.scan.MAX_TEXT``), each the median
   of 3 whole-process runs of the console script.  The growth exponent is the log-log slope of
   cpu time between neighbouring sizes, net of the command's own start-up (the same command on
   a one-claim file or a one-copy text), so that a fixed cost does not pass for sub-linearity.

Every run's exit status is checked (0 for a number, 2 for a usage error, 0 or 1 for a check or
scan): a command that broke fails the benchmark instead of being timed.  The children get
``NO_COLOR=1`` and no ``PYTHONDONTWRITEBYTECODE`` (users have warm bytecode), and write to a
pipe this script drains.

Other tools here: ``startup_paired.py`` compares two installs (an old and a new commit) pair by
pair, ``--first-run`` with an empty cache every run; ``scan_scaling.py`` times ``scan()``
in-process on adversarial input shapes.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "fixtures" / "scan-xai-summary.txt"
KIB_PER_MIB = 1024
MB = 1_000_000
LINEAR = 1.2  # the largest exponent read as linear: the noise here moves a step's exponent by about 0.2
CHECK_CLAIMS, CHECK_MIB = 100_000, 200 * MB / 1024 / 1024  # SPEC: check under 200 MB at 100,000 claims with -q
SCAN_MB_S = 1.0  # SPEC: scan at least 1 MB/s, up to its input limit

# A 443-character paragraph with 8 figures (three GPU counts, two sums, a power, a duration and a
# rate): the review's dense case, about 16x the figure density of a real article.
DENSE = (
    "Earlier this year, Musk said that training the Grok 2 model took about 20,000 Nvidia H100 GPUs, and that "
    "the next model would need 100,000 H100 chips. xAI is raising $6 billion, enough for about 200,000 H100s "
    "at today's prices. The planned cluster would draw 150 MW at full load, and analysts said the money would "
    "last 1-2 years at a few billion dollars a year. A rival lab signed a $10 billion cloud deal to rent compute "
    "for its next models.\n"
)

# Claim templates: buy, power, runway, catalogue arithmetic, conversions (about 1/6 each).
TEMPLATES = [
    ("buy(${b}B, H100)", "{x}k GPU"),
    ("power({n}k, H100)", ">= {y} MW"),
    ("runway(${b}B, $3B..$6B/yr)", "1..3 yr"),
    ("{n}k GPU * H100.tdp to MW", "{z} MW ±20%"),
    ("100 MW / (H100.system_power * (1 + defaults.it_overhead) * defaults.pue) to GPU", "< {x}k GPU"),
    ("$10B / H100.rental to GPU*h", ">= 1e9 GPU*h"),
]

NUMBER = {0}  # a one-liner answers: exit 0
USAGE = {2}  # a usage error: exit 2
VERDICTS = {0, 1}  # check and scan: every claim holds (0) or one fails (1); 2 would be a broken run


@dataclass(frozen=True)
class Case:
    """One start-up case: the command as the table shows it, its argv after the console script,
    the exit statuses it may end with, its budgets as multiples of pint's (None: no budget) and
    a note on what it is."""

    command: str
    args: list[str]
    codes: set[int]
    time_budget: float | None = None
    memory_budget: float | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return f"`{self.command}`" + (f" ({self.note})" if self.note else "")


def cases() -> list[Case]:
    """The SPEC's start-up cases: number one-liners (<= 1.0x pint, memory <= 1.1x), help, version
    and usage errors (<= 0.4x pint).  ``python -c pass`` is added by ``startup`` as the floor."""
    one = {"time_budget": 1.0, "memory_budget": 1.1}
    fast = {"time_budget": 0.4}
    return [
        Case("gpucost buy '$6B' --gpu H100 -q", ["buy", "$6B", "--gpu", "H100", "-q"], NUMBER, **one),
        Case("gpucost buy '$6B' --gpu H100 --json", ["buy", "$6B", "--gpu", "H100", "--json"], NUMBER, **one),
        Case("gpucost power 100k --gpu H100 --json", ["power", "100k", "--gpu", "H100", "--json"], NUMBER, **one),
        Case("gpucost runway '$6B' --burn '$3B/yr' -q", ["runway", "$6B", "--burn", "$3B/yr", "-q"], NUMBER, **one),
        Case(
            "gpucost train --params 70B --tokens 1.4T --gpu H100 --count 2048 -q",
            ["train", "--params", "70B", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048", "-q"],
            NUMBER,
            **one,
        ),
        Case(
            "gpucost cluster 100k --gpu H100 --years 4 -q",
            ["cluster", "100k", "--gpu", "H100", "--years", "4", "-q"],
            NUMBER,
            **one,
        ),
        Case("gpucost calc '6e9 USD / H100.price' -q", ["calc", "6e9 USD / H100.price", "-q"], NUMBER, **one),
        Case("gpucost --help", ["--help"], NUMBER, **fast),
        Case("gpucost buy --help", ["buy", "--help"], NUMBER, **fast),
        Case("gpucost --version", ["--version"], NUMBER, **fast),
        Case("gpucost buy '$6B'", ["buy", "$6B"], USAGE, **fast, note="usage error: no --gpu"),
        Case(
            "gpucost buy B --gpu H100",
            ["buy", "B", "--gpu", "H100"],
            USAGE,
            **fast,
            note="usage error: the shell ate the $",
        ),
        Case("gpucost bye", ["bye"], USAGE, **fast, note="usage error: unknown command"),
    ]


@dataclass(frozen=True)
class Sample:
    """One whole-process run: wall and cpu (user + sys) seconds, peak RSS in KiB (None when it
    could not be measured), exit status."""

    wall: float
    cpu: float
    peak_kib: int | None
    code: int


class BenchmarkError(Exception):
    """A run ended with an exit status its case does not allow, or the setup is wrong: the
    message says what, the hint what to try."""

    def __init__(self, message: str, hint: str = "run that command by hand to see why") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def child_env() -> dict[str, str]:
    """The children's environment: no colour, and bytecode written and read as users have it
    (a PYTHONDONTWRITEBYTECODE shell would recompile gpucost on every call, ~30 ms)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def gnu_time() -> Path | None:
    """GNU time, if installed: the peak RSS that ``os.wait4`` reports is not the child's alone.
    Linux carries the spawning process's high-water RSS into the child at exec, so from this
    script every child would peak at least at this script's own ~16 MiB (``python -c pass``
    read 15.9 MiB that way, 8.5 MiB under GNU time, whose own footprint is ~1 MiB)."""
    path = Path("/usr/bin/time")
    if not path.exists():
        return None
    proc = subprocess.run([str(path), "--version"], capture_output=True, text=True)
    return path if "GNU" in proc.stdout + proc.stderr else None


class Runner:
    """Runs commands one at a time and measures them: wall time around the process, cpu time
    from ``os.wait4``, peak RSS from GNU time's %M (written to a file, so the output stays the
    child's). Without GNU time the peaks are None and print as n/a, never as a wrong figure."""

    def __init__(self, tmp: Path, timer: Path | None) -> None:
        self.env = child_env()
        self.timer = timer
        self.peak_file = tmp / "peak.txt"

    def run(self, argv: list[str], codes: set[int]) -> Sample:
        """Run argv once with stdout and stderr on a pipe that is drained as it fills. An exit
        status outside ``codes`` raises, with the start of what the child wrote."""
        full = [str(self.timer), "-f", "%M", "-o", str(self.peak_file), *argv] if self.timer else argv
        self.peak_file.unlink(missing_ok=True)  # a stale figure must not pass for this run's
        start = time.perf_counter()
        proc = subprocess.Popen(
            full,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=self.env,
            start_new_session=True,  # a group of its own, to be killed whole if this script is stopped
        )
        assert proc.stdout is not None
        head = b""
        try:
            while chunk := proc.stdout.read(1 << 16):
                head = head or chunk[:800]
            _, status, usage = os.wait4(proc.pid, 0)  # cpu of this child and what it waited for (GNU time: ~1 ms)
        except BaseException:  # Ctrl-C or SIGTERM: leave no 100,000-claim check running on its own
            os.killpg(proc.pid, signal.SIGKILL)  # its group: GNU time and the command under it
            proc.wait()
            raise
        wall = time.perf_counter() - start
        proc.stdout.close()
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        if code not in codes:
            said = " ".join(head.decode("utf-8", "replace").split())  # one line, however the child wrote it
            raise BenchmarkError(f"{' '.join(argv)} exited {code}, expected {sorted(codes)}: {said[:300]}")
        return Sample(wall, usage.ru_utime + usage.ru_stime, self.peak(), code)

    def peak(self) -> int | None:
        """GNU time's %M, the last line of its file (a line before it may say the exit status)."""
        if self.timer is None or not self.peak_file.exists():
            return None
        lines = self.peak_file.read_text().split()
        return int(lines[-1]) if lines and lines[-1].isdigit() else None


def paired(
    runner: Runner, a: list[str], b: list[str], codes: set[int], runs: int, warmup: int
) -> list[tuple[Sample, Sample]]:
    """Run A then B, ``warmup`` times untimed and then ``runs`` times: each pair shares the load
    of its moment, which a median of separate runs would not."""
    pairs = []
    for i in range(warmup + runs):
        pair = (runner.run(a, codes), runner.run(b, NUMBER))
        if i >= warmup:
            pairs.append(pair)
    return pairs


def median_peak(samples: list[Sample]) -> float | None:
    """The median peak in KiB, None when any run's peak is unknown."""
    peaks = [s.peak_kib for s in samples]
    return None if any(p is None for p in peaks) else statistics.median(p for p in peaks if p is not None)


@dataclass(frozen=True)
class Paired:
    """A case's figures from its pairs against the reference."""

    wall_ms: float
    ratio: float
    ratio_min: float
    ratio_max: float
    cpu_ratio: float
    peak_mib: float | None
    peak_ratio: float | None


def summarize(pairs: list[tuple[Sample, Sample]]) -> Paired:
    """Medians over the pairs: the ratios are taken pair by pair, then their median; the peak
    ratio is of the two median peaks (peak memory does not move with the load)."""
    ratios = [a.wall / b.wall for a, b in pairs]
    peak_a = median_peak([a for a, _ in pairs])
    peak_b = median_peak([b for _, b in pairs])
    return Paired(
        wall_ms=1000 * statistics.median(a.wall for a, _ in pairs),
        ratio=statistics.median(ratios),
        ratio_min=min(ratios),
        ratio_max=max(ratios),
        cpu_ratio=statistics.median(a.cpu / b.cpu for a, b in pairs),
        peak_mib=None if peak_a is None else peak_a / KIB_PER_MIB,
        peak_ratio=None if peak_a is None or peak_b is None else peak_a / peak_b,
    )


def fmt(value: float | None, digits: int) -> str:
    """A figure, or n/a when it was not measured."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def verdict(value: float | None, budget: float | None) -> str:
    """The budget column: '<= 1.0x: yes' or '<= 1.0x: **no**'; '' when the case has no budget."""
    if budget is None:
        return ""
    if value is None:
        return f"<= {budget:.1f}x: n/a"
    return f"<= {budget:.1f}x: {'yes' if value <= budget else '**no**'}"


def startup(runner: Runner, exe: Path, python: Path, runs: int, warmup: int) -> list[str]:
    """The start-up table: every case, then the floor, each paired with ``import pint``."""
    pint = [str(python), "-c", "import pint"]
    rows = [(case, [str(exe), *case.args]) for case in cases()]
    rows.append((Case("python -c pass", [], NUMBER, note="the floor"), [str(python), "-c", "pass"]))
    refs: list[Sample] = []
    lines = [
        f"Start-up: {runs} pairs per case after {warmup} warm-up pairs, each case (A) against "
        '`python -c "import pint"` (B) in the same venv, A B A B ...; ratio = A/B pair by pair, median [min-max]; '
        "cpu = user+sys of the child, median of the pair ratios; peak = median RSS (GNU time), ratio to B's.",
        "",
        "| command | median wall ms | ratio to `import pint`, wall [min-max] | cpu ratio | peak RSS MiB | "
        "peak ratio | budget: time | budget: memory |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for case, argv in rows:
        pairs = paired(runner, argv, pint, case.codes, runs, warmup)
        refs.extend(b for _, b in pairs)
        s = summarize(pairs)
        lines.append(
            f"| {case.label} | {s.wall_ms:.0f} | **{s.ratio:.2f}** [{s.ratio_min:.2f}-{s.ratio_max:.2f}] | "
            f"{s.cpu_ratio:.2f} | {fmt(s.peak_mib, 1)} | {fmt(s.peak_ratio, 2)} | "
            f"{verdict(s.ratio, case.time_budget)} | {verdict(s.peak_ratio, case.memory_budget)} |"
        )
    ref_ms = 1000 * statistics.median(r.wall for r in refs)
    ref_peak = median_peak(refs)
    ref_mib = None if ref_peak is None else ref_peak / KIB_PER_MIB
    lines.append(
        f'| `python -c "import pint"` (B, median of all pairs) | {ref_ms:.0f} | 1.00 | 1.00 | {fmt(ref_mib, 1)} | '
        "1.00 | | |"
    )
    return lines


def claim_file(count: int, seed: int = 7) -> str:
    """A claim file of ``count`` claims from TEMPLATES, with seeded random figures (some hold,
    some fail; none is an error, so the run exits 0 or 1)."""
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


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated and cut to ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


@dataclass(frozen=True)
class Medians:
    """Wall, cpu and peak of ``runs`` runs, each its own median (one run's three would mix a
    slow wall with a fast cpu no less than the medians do, and be noisier)."""

    wall: float
    cpu: float
    peak_mib: float | None


def median_run(runner: Runner, argv: list[str], codes: set[int], runs: int) -> Medians:
    samples = [runner.run(argv, codes) for _ in range(runs)]
    peak = median_peak(samples)
    return Medians(
        wall=statistics.median(s.wall for s in samples),
        cpu=statistics.median(s.cpu for s in samples),
        peak_mib=None if peak is None else peak / KIB_PER_MIB,
    )


def exponent(n1: float, t1: float, n2: float, t2: float) -> float:
    """The log-log slope between two sizes: 1 when time is proportional to size, 2 when quadratic
    (nan when a time is not positive, e.g. a net time lost in the noise)."""
    if t1 <= 0 or t2 <= 0:
        return math.nan
    return math.log(t2 / t1) / math.log(n2 / n1)


def size_label(n: int) -> str:
    """10 KB, 1 MB, 2,000,000 chars: sizes as the README writes them."""
    if n >= MB and n % MB == 0:
        return f"{n // MB} MB"
    if n % 1000 == 0 and n < MB:
        return f"{n // 1000} KB"
    return f"{n:,} chars"


def growth(sizes: list[int], samples: list[Medians], base: Medians) -> list[float | None]:
    """The exponents: None for the first size, then the slope of net cpu from the size before."""
    out: list[float | None] = [None]
    for i in range(1, len(sizes)):
        out.append(exponent(sizes[i - 1], samples[i - 1].cpu - base.cpu, sizes[i], samples[i].cpu - base.cpu))
    return out


def slope(e: float | None) -> str:
    """An exponent cell: blank for the first size, which has no step before it."""
    return "" if e is None else f"{e:.2f}"


def linear(exponents: list[float | None]) -> str:
    """The linearity verdict on the last step (the largest sizes, where a fixed cost weighs least)."""
    last = exponents[-1] if len(exponents) > 1 else None
    if last is None or math.isnan(last):
        return "linear: n/a (no exponent)"
    return f"linear (exponent at most {LINEAR} at the last step): {'yes' if last <= LINEAR else '**no**'} ({last:.2f})"


def check_scale(runner: Runner, exe: Path, sizes: list[int], runs: int, tmp: Path) -> list[str]:
    """``check -q`` on generated claim files; the start-up to net out is a one-claim file."""
    paths = {}
    for n in [1, *sizes]:
        paths[n] = tmp / f"claims-{n}.yaml"
        paths[n].write_text(claim_file(n), encoding="utf-8")
    base = median_run(runner, [str(exe), "check", str(paths[1]), "-q"], VERDICTS, runs)
    samples = [median_run(runner, [str(exe), "check", str(paths[n]), "-q"], VERDICTS, runs) for n in sizes]
    exps = growth(sizes, samples, base)
    lines = [
        f"`gpucost check FILE -q`, median of {runs} runs. Net = minus the start-up, the same command on a one-claim "
        "file.",
        "",
        "| claims | file | wall s | cpu s | peak MiB | cpu ms per claim, net | exponent, net |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| 1 (start-up) | {paths[1].stat().st_size} B | {base.wall:.2f} | {base.cpu:.2f} | "
        f"{fmt(base.peak_mib, 1)} | | |",
    ]
    for n, s, e in zip(sizes, samples, exps, strict=True):
        kb = paths[n].stat().st_size / 1000
        per = 1000 * (s.cpu - base.cpu) / n
        lines.append(
            f"| {n:,} | {kb:,.0f} KB | {s.wall:.2f} | {s.cpu:.2f} | {fmt(s.peak_mib, 1)} | {per:.3f} | {slope(e)} |"
        )
    peak = samples[-1].peak_mib
    if sizes[-1] < CHECK_CLAIMS:
        memory = f"under 200 MB at {CHECK_CLAIMS:,} claims: not measured (largest file {sizes[-1]:,})"
    else:
        memory = f"under 200 MB ({CHECK_MIB:.1f} MiB) at {sizes[-1]:,} claims: {verdict_below(peak, CHECK_MIB)}"
    return [*lines, "", f"Targets: {linear(exps)}; {memory}."]


def verdict_below(value: float | None, limit: float) -> str:
    """'yes (83.5 MiB)' when value < limit, '**no** (...)' when not, n/a when unmeasured."""
    if value is None:
        return "n/a"
    return f"{'yes' if value < limit else '**no**'} ({value:.1f} MiB)"


def scan_scale(
    runner: Runner, exe: Path, sizes: list[int], runs: int, tmp: Path, texts: dict[str, str], limit: int
) -> list[str]:
    """``scan --json`` on each text repeated to each size; the start-up to net out is one copy."""
    lines = [
        f"`gpucost scan FILE --as-of 2024-05 --json` (output to a pipe), median of {runs} runs. MB/s is the text "
        "over the whole run's wall time; net = minus the start-up, one copy of the text.",
        "",
        "| text | size | wall s | cpu s | peak MiB | MB/s | exponent, net |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    targets = []
    for i, (name, unit) in enumerate(texts.items()):
        scan = [str(exe), "scan", "FILE", "--as-of", "2024-05", "--json"]
        path = tmp / f"text-{i}.txt"
        path.write_text(unit, encoding="utf-8")
        scan[2] = str(path)
        base = median_run(runner, scan, VERDICTS, runs)
        lines.append(
            f"| {name}, one copy (start-up) | {len(unit):,} chars | {base.wall:.2f} | {base.cpu:.2f} | "
            f"{fmt(base.peak_mib, 1)} | | |"
        )
        samples, rates = [], []
        for n in sizes:
            text = repeated(unit, n)
            path.write_text(text, encoding="utf-8")
            sample = median_run(runner, scan, VERDICTS, runs)
            samples.append(sample)
            rates.append(len(text.encode("utf-8")) / MB / sample.wall)
        exps = growth(sizes, samples, base)
        for n, rate, s, e in zip(sizes, rates, samples, exps, strict=True):
            label = size_label(n) + (" (the limit)" if n == limit else "")
            lines.append(
                f"| {name} | {label} | {s.wall:.2f} | {s.cpu:.2f} | {fmt(s.peak_mib, 1)} | {rate:.2f} | {slope(e)} |"
            )
        where = "at the limit" if sizes[-1] == limit else f"at {size_label(sizes[-1])} (the limit was not run)"
        rate_ok = "yes" if rates[-1] >= SCAN_MB_S else "**no**"
        targets.append(f"{name}: {linear(exps)}; at least 1 MB/s {where}: {rate_ok} ({rates[-1]:.2f} MB/s).")
    return [*lines, "", "Targets:", "", *(f"- {t}" for t in targets)]


PROBE = """
import importlib.metadata as m, os, sys
import cli, estimator
from estimator.scan import MAX_TEXT
print(sys.version.split()[0], estimator.__version__, MAX_TEXT, os.path.dirname(os.path.dirname(cli.__file__)))
print(" ".join(f"{d} {m.version(d)}" for d in ("pint", "typer", "rich", "PyYAML")))
"""


@dataclass(frozen=True)
class Install:
    """What is measured: the console script, the Python beside it, and what that Python sees."""

    exe: Path
    python: Path
    python_version: str
    version: str
    max_text: int
    source: Path
    libraries: str


def interpreter(exe: Path) -> Path:
    """The Python that runs the console script: its ``#!`` line when that names a Python, else
    the ``python`` beside the script (pipx links the script from elsewhere: follow the link)."""
    try:
        first = exe.read_bytes()[:400].split(b"\n", 1)[0].decode("utf-8", "replace")
    except OSError:
        first = ""
    if first.startswith("#!"):
        named = Path(first[2:].strip().split(" ")[0])
        if named.name.startswith("python") and named.exists():
            return named
    return exe.resolve().with_name("python")


def install(exe: Path) -> Install:
    """Find the Python of the console script and ask it for versions and the scan limit, so
    that the figures name what they measured (not the Python running this script)."""
    python = interpreter(exe)
    if not exe.exists() or not python.exists():
        raise BenchmarkError(f"no gpucost and python together at {exe.parent}", "give --exe VENV/bin/gpucost")
    proc = subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True, env=child_env())
    if proc.returncode != 0:
        said = proc.stderr.strip().splitlines()[-1:] or [""]
        raise BenchmarkError(f"{python} cannot import gpucost: {said[0]}", "install gpucost into that venv")
    first, libraries = proc.stdout.splitlines()[:2]
    py, version, max_text, source = first.split(" ", 3)
    return Install(exe, python, py, version, int(max_text), Path(source), libraries)


def commit(source: Path) -> str:
    """The last commit of the measured code (estimator, cli, data), '+ uncommitted changes' when
    the tree differs from it; '' outside git.  Commits to benchmarks/ or docs change nothing
    measured, so they are not named."""
    code = ["--", "estimator", "cli", "data", "pyproject.toml"]
    head = subprocess.run(["git", "-C", str(source), "log", "-1", "--format=%h", *code], capture_output=True, text=True)
    if head.returncode != 0 or not head.stdout.strip():
        return ""
    dirty = subprocess.run(
        ["git", "-C", str(source), "status", "--porcelain", *code],
        capture_output=True,
        text=True,
    )
    return head.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")


def header(inst: Install) -> list[str]:
    """Where and what: the figures mean little without the machine's load and the versions."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rev = commit(inst.source)
    return [
        f"gpucost {inst.version}{f', code at {rev}' if rev else ''} ({inst.source}), Python {inst.python_version}, "
        f"{inst.libraries}; {os.cpu_count()} cores, load average {load}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
    ]


@dataclass(frozen=True)
class Plan:
    """How much to run: the full benchmark, or --quick for a smoke test."""

    runs: int
    warmup: int
    scale_runs: int
    claims: list[int]
    texts: list[int]


def plan(runs: int | None, quick: bool, max_text: int) -> Plan:
    """Pairs and sizes: --quick runs 1 pair with no warm-up pairs of its own (``warm`` has run)
    and small sizes, once each; --runs overrides the pairs."""
    if quick:
        return Plan(runs or 1, 0, 1, [100, 1000], [10_000, 30_000])
    return Plan(runs or 21, 2, 3, [1000, 10_000, 100_000], [10_000, 100_000, MB, max_text])


class Parser(argparse.ArgumentParser):
    """argparse with the project's one-line errors: ``error: ... (hint: ...)``, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (hint: see {self.prog} --help)\n")


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = Parser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, help="pairs per start-up case (default 21; --quick: 1)")
    parser.add_argument("--only", choices=["start", "scale"], help="run one part only")
    parser.add_argument("--quick", action="store_true", help="a smoke test: few runs, small sizes")
    parser.add_argument(
        "--exe", type=Path, help="the console script to time (default: the gpucost next to this python)"
    )
    parser.add_argument("--article", type=Path, default=ARTICLE, help="the text of real density that scan repeats")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def warm(runner: Runner, inst: Install) -> None:
    """One run of a one-liner and of the reference before anything is timed: the first run after
    an install writes bytecode, the catalogue cache and pint's definitions cache."""
    runner.run([str(inst.exe), *cases()[0].args], NUMBER)
    runner.run([str(inst.python), "-c", "import pint"], NUMBER)


def report(args: argparse.Namespace) -> Iterator[str]:
    """Every table of the run, with the header naming what was measured; each table is given
    as soon as it is measured (a full run takes minutes)."""
    inst = install(args.exe or Path(sys.executable).with_name("gpucost"))
    p = plan(args.runs, args.quick, inst.max_text)
    timer = gnu_time()
    yield from header(inst)
    if args.quick:
        yield from ["--quick: a smoke test of the benchmark itself; its figures are too few to mean anything.", ""]
    if timer is None:
        yield from ["Peak RSS: n/a (GNU time is not installed at /usr/bin/time).", ""]
    texts = {}
    if args.only in (None, "scale"):
        try:
            texts[f"article ({args.article.name})"] = args.article.read_text(encoding="utf-8")
        except OSError as exc:
            raise BenchmarkError(f"cannot read {args.article}: {exc.strerror}", "give --article TEXT") from None
        texts["dense paragraph (review §3.2)"] = DENSE
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        runner = Runner(tmp, timer)
        warm(runner, inst)
        if args.only in (None, "start"):
            yield from [*startup(runner, inst.exe, inst.python, p.runs, p.warmup), ""]
        if args.only in (None, "scale"):
            yield from [*check_scale(runner, inst.exe, p.claims, p.scale_runs, tmp), ""]
            yield from [*scan_scale(runner, inst.exe, p.texts, p.scale_runs, tmp, texts, inst.max_text), ""]
    yield f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}."


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so the running child is killed too
    try:
        for line in report(args):
            print(line, flush=True)
    except BenchmarkError as exc:
        print(f"error: {exc.message} (hint: {exc.hint})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
