"""scan on adversarial inputs of 40-120 KB: each runs in well under a second now that extraction,
overlap resolution and pairing are linear (or k log k), and would run for many minutes if the
quadratic behaviour came back (the review measured 46 s for 20 KB of digits, 47 s for 10 KB of
Chinese numerals, 30 s for a 3 KB list sentence). No assertion is about time: each checks what
was found, so a wrong fix fails too.
"""

from __future__ import annotations

import random

import pytest

from estimator.catalogue import load_catalogue
from estimator.scan import extract, pair, scan

NAMES = {"H100": "H100-SXM", "H100-SXM": "H100-SXM", "B200": "B200"}
SIZE = 120_000


def repeat(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize(
    "text",
    [
        repeat("1234567890"),  # digits: one run of 200,000 (the CN duration pattern's \d+ restarted everywhere)
        repeat("一二三四五六七八九十"),  # numerals: every [零〇一…]+ branch restarted everywhere
        repeat("一二三百千万亿"),
        "1" + repeat(" 000"),  # space-grouped: the grouped form restarted at every group
        "1" + repeat("\u00a0000"),
        "1" + repeat("\u202f000"),
        "1" + " " * SIZE + "x",  # \s* followed by \s+ (or \s*-?\s*) on the same run
        "1" + "\n" * SIZE + "x",
        repeat("1,000,"),
        repeat("1.1."),
    ],
    ids=["digits", "numerals", "numerals-units", "spaces", "nbsp", "nnbsp", "space-run",
         "newlines", "commas", "dots"],
)  # fmt: skip
def test_no_figures_in_long_runs(text: str) -> None:
    sentences, found = extract(text, NAMES)
    assert found == []
    claims, infos = pair(text, sentences, found, "H100-SXM", 0.25)
    assert claims == infos == []


@pytest.mark.parametrize("unit, kind", [("MW campus", "power"), ("MWh a day", "energy"), ("years", "duration")])
def test_a_number_then_a_long_whitespace_run_then_its_unit(unit: str, kind: str) -> None:
    # the whitespace is crossed once: 150 MW (or MWh, or years), even 120,000 spaces away
    text = "a 150" + " " * SIZE + unit
    (f,) = extract(text, NAMES)[1]
    assert (f.kind, f.estimate.typical, f.start) == (kind, 150, 2)


def test_one_long_sentence_of_money_rates_and_durations() -> None:
    unit = "$1B, $1B a year, 1 year, "
    n = 60_000 // len(unit)  # 2,400 repeats, 7,200 figures, one sentence
    text = unit * n
    sentences, found = extract(text, NAMES)
    assert len(sentences) == 1 and len(found) == 3 * n
    claims, infos = pair(text, sentences, found, None, 0.25)
    # each money pairs with the rate and the duration right after it (see test_scan_defects)
    assert len(claims) == n and infos == []
    assert {(c.expr, c.expect) for c in claims} == {("runway(1e+09 USD, 1e+09 USD/yr)", "1 yr")}


def test_scan_of_a_long_list_sentence() -> None:
    unit = "$1B, $1B a year, 1 year, "
    n = 40_000 // len(unit)
    result = scan(unit * n, "t", load_catalogue)
    # 1e9 / (1e9 per year) = 1 yr each: all hold
    assert len(result.checks) == n and {v.status for v in result.checks} == {"holds"}


def test_one_long_sentence_of_counts_and_money() -> None:
    unit = "1 H100 and $1B, "
    n = 80_000 // len(unit)  # 5,000 repeats
    text = unit * n
    sentences, found = extract(text, NAMES)
    assert len(found) == 2 * n
    claims, infos = pair(text, sentences, found, None, 0.25)
    # every count but the first takes the money before it (11 characters away, against 14)
    assert len(claims) == n - 1 and [i.id for i in infos] == ["cost-1", "power-1"]
    assert claims[0].expr == "buy(1e+09 USD, H100-SXM)" and claims[0].expect == "1 GPU"


def test_ordinary_prose_repeated() -> None:
    unit = "The lab bought 350,000 Nvidia H100 GPUs for $10 billion. "
    n = 100_000 // len(unit)
    result = scan(unit * n, "t", load_catalogue)
    # each sentence: a count and money; 1e10 / 30,000 = 333,333 GPUs (250,000..400,000): 350,000 holds
    assert len(result.figures) == 2 * n
    buys = [v for v in result.checks if v.id.startswith("buy-")]
    assert len(buys) == n and {v.status for v in buys} == {"holds"}
    assert buys[-1].line == 1 and buys[-1].claim.says.startswith("The lab bought")


def test_many_lines() -> None:
    line = "They will spend $6 billion on 1,000,000 H100 GPUs.\n"
    n = 100_000 // len(line)
    result = scan(line * n, "t", load_catalogue)
    # 6e9 / 30,000 = 200,000 GPUs: 1,000,000 is 5 times that, on every line
    assert [v.line for v in result.checks] == list(range(1, n + 1))
    assert {(v.status, v.ratio) for v in result.checks} == {("fails", 5.0)}


def test_chinese_prose_repeated() -> None:
    unit = "公司斥资60亿美元采购了20万块H100。"
    n = 60_000 // len(unit)
    result = scan(unit * n, "t", load_catalogue)
    # 6e9 / 30,000 = 200,000 GPUs: each sentence holds
    assert len(result.figures) == 2 * n
    assert {(v.status, v.claim.expr, v.claim.expect) for v in result.checks} == {
        ("holds", "buy(6e+09 USD, H100-SXM)", "200000 GPU")
    }


# the characters the patterns look at: digits, separators, scale letters, units, numerals, $ and 美元
ALPHABET = list("0123456789 ,.-–$BMKTkmbnt\u00a0\u202f\n") + [
    "H100", " H100", "GPU", " MW", " MWh", " years", " months", " billion", " a year", " per GPU", " each",
    " dollars", "US$", "USD ", "零", "〇", "一", "二", "两", "三", "五", "九", "十", "百", "千", "万", "亿",
    "億", "萬", "块", "美元", "兆瓦", "千瓦", "时", "年", "个月", "每块", "单价", "数", "。", ". ", "Each ",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(5))
def test_random_text_over_the_pattern_alphabet(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(30_000))  # about 100 KB
    result = scan(text, "t", load_catalogue, gpu="H100")
    ends = 0
    for f in result.figures:
        assert f.start >= ends and f.text == text[f.start : f.end].strip()
        assert f.estimate.low <= f.estimate.typical <= f.estimate.high
        ends = f.end
    ids = [c.id for c in result.claims]
    assert len(ids) == len(set(ids))
