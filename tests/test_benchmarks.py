"""benchmarks/startup.py: its arithmetic by hand, its measuring against known children, and the
shape of what ``--quick`` prints.  No assertion is about how fast anything ran: the figures
are checked for being positive numbers in the right places, not for their size."""

from __future__ import annotations

import importlib.util
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "startup.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_startup", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_startup"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def sample(wall: float, cpu: float, peak: int | None):
    return bench.Sample(wall=wall, cpu=cpu, peak_kib=peak, code=0)


def test_summarize_takes_ratios_pair_by_pair() -> None:
    pairs = [
        (sample(0.30, 0.20, 30720), sample(0.20, 0.10, 25600)),  # wall 1.5, cpu 2.0
        (sample(0.60, 0.30, 30720), sample(0.60, 0.30, 25600)),  # wall 1.0, cpu 1.0 (a slow moment for both)
        (sample(0.25, 0.15, 29696), sample(0.20, 0.10, 25600)),  # wall 1.25, cpu 1.5
    ]
    s = bench.summarize(pairs)
    assert s.wall_ms == pytest.approx(300)  # median of 300, 600, 250 ms
    assert (s.ratio, s.ratio_min, s.ratio_max) == pytest.approx((1.25, 1.0, 1.5))
    assert s.cpu_ratio == pytest.approx(1.5)  # median of 2.0, 1.0, 1.5
    assert s.peak_mib == pytest.approx(30.0)  # median 30720 KiB / 1024
    assert s.peak_ratio == pytest.approx(1.2)  # 30720 / 25600


def test_an_unknown_peak_is_not_a_number() -> None:
    s = bench.summarize([(sample(0.3, 0.2, None), sample(0.2, 0.1, 25600))])
    assert s.peak_mib is None and s.peak_ratio is None
    assert bench.fmt(s.peak_ratio, 2) == "n/a"
    assert bench.verdict(s.peak_ratio, 1.1) == "<= 1.1x: n/a"


def test_verdict() -> None:
    assert bench.verdict(1.0, 1.0) == "<= 1.0x: yes"
    assert bench.verdict(1.01, 1.0) == "<= 1.0x: **no**"
    assert bench.verdict(0.5, None) == ""


def test_exponent() -> None:
    assert bench.exponent(1000, 2.0, 10_000, 20.0) == pytest.approx(1.0)  # 10x the size, 10x the time
    assert bench.exponent(1000, 2.0, 10_000, 200.0) == pytest.approx(2.0)  # 10x the size, 100x the time
    assert bench.exponent(100, 1.0, 200, 2 ** 1.5) == pytest.approx(1.5)  # fmt: skip
    assert math.isnan(bench.exponent(100, -0.1, 1000, 1.0))  # a net time lost in the noise


def test_growth_nets_out_the_start_up() -> None:
    base = bench.Medians(wall=0.5, cpu=0.5, peak_mib=30.0)
    samples = [bench.Medians(1.0, 1.5, 31.0), bench.Medians(10.0, 10.5, 40.0)]
    # net cpu 1.0 s at 1,000 and 10.0 s at 10,000: exponent 1 (raw 1.5 -> 10.5 would read 0.85)
    assert bench.growth([1000, 10_000], samples, base) == [None, pytest.approx(1.0)]


def test_targets() -> None:
    assert bench.linear([None, 0.97, 1.19]) == "linear (exponent at most 1.2 at the last step): yes (1.19)"
    assert bench.linear([None, 1.0, 1.98]) == "linear (exponent at most 1.2 at the last step): **no** (1.98)"
    assert bench.linear([None]) == bench.linear([None, math.nan]) == "linear: n/a (no exponent)"
    assert bench.CHECK_MIB == pytest.approx(190.73, abs=0.01)  # 200e6 / 1024**2
    assert bench.verdict_below(83.5, bench.CHECK_MIB) == "yes (83.5 MiB)"
    assert bench.verdict_below(483.5, bench.CHECK_MIB) == "**no** (483.5 MiB)"


def test_size_labels() -> None:
    assert [bench.size_label(n) for n in (10_000, 100_000, 1_000_000, 2_000_000, 1_999_776)] == [
        "10 KB",
        "100 KB",
        "1 MB",
        "2 MB",
        "1,999,776 chars",
    ]


def test_repeated_cuts_to_the_size() -> None:
    assert bench.repeated("abc", 7) == "abcabca"
    assert len(bench.repeated(bench.DENSE, 10_000)) == 10_000


def test_claim_file_has_the_claims_asked_for() -> None:
    doc = yaml.safe_load(bench.claim_file(12))
    assert len(doc["claims"]) == 12
    assert len({c["id"] for c in doc["claims"]}) == 12
    assert doc["claims"][1]["expr"].startswith("power(")  # templates in turn: buy, power, ...


def test_run_refuses_an_unexpected_exit_status(tmp_path: Path) -> None:
    runner = bench.Runner(tmp_path, bench.gnu_time())
    argv = [sys.executable, "-c", "import sys; print('broke'); sys.exit(3)"]
    with pytest.raises(bench.BenchmarkError, match=r"exited 3, expected \[0\]: broke"):
        runner.run(argv, {0})
    assert runner.run(argv, {3}).code == 3


def test_run_drains_output_larger_than_a_pipe(tmp_path: Path) -> None:
    runner = bench.Runner(tmp_path, None)
    s = runner.run([sys.executable, "-c", "import sys; sys.stdout.write('x' * 1_000_000)"], {0})
    assert s.code == 0 and s.wall > 0 and s.cpu > 0 and s.peak_kib is None


@pytest.mark.skipif(bench.gnu_time() is None, reason="GNU time is not installed")
def test_peaks_are_the_childs_own(tmp_path: Path) -> None:
    """os.wait4 would report at least this process's high-water RSS for any child; GNU time
    reports the child's: a child that allocates 64 MiB more peaks about 64 MiB higher."""
    import resource

    runner = bench.Runner(tmp_path, bench.gnu_time())
    small = runner.run([sys.executable, "-c", "pass"], {0}).peak_kib
    big = runner.run([sys.executable, "-c", "b = b'x' * (64 << 20)"], {0}).peak_kib
    assert small is not None and big is not None
    assert small < resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # pytest holds far more than a bare python
    assert 60 * 1024 <= big - small < 72 * 1024  # KiB: the 64 MiB, give or take what python -c pass holds


def test_interpreter_is_the_scripts_own(tmp_path: Path) -> None:
    script = tmp_path / "gpucost"
    script.write_text(f"#!{sys.executable}\nprint('hi')\n")
    assert bench.interpreter(script) == Path(sys.executable)
    script.write_text("#!/bin/sh\nexec true\n")  # not a Python: the one beside the script
    assert bench.interpreter(script) == tmp_path / "python"


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def tables(out: str) -> list[list[list[str]]]:
    """The Markdown tables of the output, each a list of rows of cells (separator rows dropped)."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in out.splitlines() + [""]:
        if line.startswith("|"):
            if not re.fullmatch(r"\|(-+:?\|)+", line.replace("---:", "---")):
                current.append(cells(line))
        elif current:
            found.append(current)
            current = []
    return found


def positive(text: str) -> float:
    value = float(text.strip("*"))
    assert value > 0 and math.isfinite(value), text
    return value


needs_script = pytest.mark.skipif(
    not Path(sys.executable).with_name("gpucost").exists(), reason="the console script is not installed"
)


@needs_script
def test_quick_run_prints_the_three_tables() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    start, check, scan = tables(proc.stdout)
    assert [row[0] for row in start[1:]] == [
        *(case.label for case in bench.cases()),
        "`python -c pass` (the floor)",
        '`python -c "import pint"` (B, median of all pairs)',
    ]
    peaks_known = bench.gnu_time() is not None
    *rows, reference = start[1:]
    assert reference[2:4] == ["1.00", "1.00"] and len(reference) == 8
    positive(reference[1])
    for row in rows:
        assert len(row) == len(start[0]) == 8
        positive(row[1])  # median wall ms
        ratio, spread = row[2].split(" [")
        low, high = (positive(x) for x in spread.rstrip("]").split("-"))
        assert low <= positive(ratio) <= high
        positive(row[3])
        if peaks_known:
            positive(row[4]), positive(row[5])
    for row, case in zip(start[1:], bench.cases(), strict=False):
        assert re.fullmatch(rf"<= {case.time_budget}x: (yes|\*\*no\*\*)", row[6])
        if case.memory_budget is None:
            assert row[7] == ""
        elif peaks_known:
            assert re.fullmatch(rf"<= {case.memory_budget}x: (yes|\*\*no\*\*)", row[7])
    assert [row[0] for row in check[1:]] == ["1 (start-up)", "100", "1,000"]
    for row in check[1:]:
        assert len(row) == 7
        positive(row[2]), positive(row[3])
    assert check[2][6] == "" and check[3][6] != ""  # an exponent from the second size on
    assert len(scan) - 1 == 2 * 3  # two texts: start-up, 10 KB, 30 KB each
    for row in scan[1:]:
        assert len(row) == 7
        positive(row[2]), positive(row[3])
    assert [row[1] for row in scan[1:] if "start-up" not in row[0]] == ["10 KB", "30 KB"] * 2
    assert "Targets: linear" in proc.stdout and "not measured (largest file 1,000)" in proc.stdout
    assert proc.stdout.count("(the limit was not run)") == 2
    for row in (r for r in scan[1:] if "start-up" not in r[0]):
        positive(row[5])  # MB/s


def test_bad_options_are_usage_errors() -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--runs", "0"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "error: --runs must be at least 1 (hint: see startup.py --help)\n"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--only", "both"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.startswith("error: argument --only: invalid choice: 'both'")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--exe", "/nonexistent/gpucost"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no gpucost and python together at /nonexistent")
    assert "hint: give --exe VENV/bin/gpucost" in proc.stderr
    assert "Traceback" not in proc.stderr
