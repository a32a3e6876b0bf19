"""scan: property tests (hypothesis) for the Chinese-number parser, extraction and the
scan -> claims_yaml -> check round trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimator.catalogue import load_catalogue
from estimator.claims import check_text
from estimator.scan import INFO, claims_yaml, cn_number, extract, scan

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = {"H100": "H100-SXM", "H100-SXM": "H100-SXM", "B200": "B200"}
DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """``n`` (0 < n < 10^12) in formal Chinese numerals: 零 marks every gap, 十 leads without 一."""

    def section(x: int, first: bool) -> str:
        out, started, gap = "", False, False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // unit % 10
            if d == 0:
                gap = gap or started
                continue
            if gap:
                out, gap = out + "零", False
            out += "十" if (unit == 10 and d == 1 and first and not started) else DIGITS[d] + name
            started = True
        return out

    parts = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out, higher, skipped = "", False, False
    for value, name in parts:
        if value == 0:
            skipped = skipped or higher
            continue
        if higher and (skipped or value < 1000):
            out += "零"
        out += section(value, not higher) + name
        higher, skipped = True, False
    return out


def test_the_renderer_itself() -> None:
    # hand-written references for the renderer the properties use
    assert [chinese(n) for n in (12, 350, 1_005, 12_000, 25_000, 10_005, 105_000_000, 100_002_000, 100_000_005)] == [
        "十二",
        "三百五十",
        "一千零五",
        "一万二千",
        "二万五千",
        "一万零五",
        "一亿零五百万",
        "一亿零二千",
        "一亿零五",
    ]


@PROPS
@given(st.integers(1, 10**12 - 1))
def test_formal_chinese_numbers_read_back(n: int) -> None:
    assert cn_number(chinese(n)) == n


@PROPS
@given(st.integers(1, 9999), st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]))
def test_digits_with_a_scale(a: int, scale: tuple[str, int]) -> None:
    # 60亿 = 60 x 10^8; 2万亿 = 2 x 10^4 x 10^8
    assert cn_number(f"{a}{scale[0]}") == a * scale[1]


@PROPS
@given(st.integers(1, 9), st.sampled_from([("千", 10**3), ("百", 10**2), ("十", 10)]), st.sampled_from(["万", "亿"]))
def test_a_digit_and_a_unit_before_a_scale(d: int, unit: tuple[str, int], scale: str) -> None:
    # 5千万 = 5 x 1,000 x 10^4; 3千亿 = 3 x 1,000 x 10^8
    assert cn_number(f"{d}{unit[0]}{scale}") == d * unit[1] * (10**4 if scale == "万" else 10**8)


@PROPS
@given(st.integers(1, 9999), st.integers(0, 9999))
def test_mixed_wan_sections(high: int, low: int) -> None:
    # 1万2000 = 12,000; the section after 万 is written with all four places (0500)
    assert cn_number(f"{high}万{low:04d}") == high * 10**4 + low


@PROPS
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿0123456789.,", min_size=1, max_size=60))
def test_any_run_is_a_number_or_nothing(text: str) -> None:
    value = cn_number(text)
    assert value is None or (value >= 0 and value == value and value < 1e40)


FRAGMENTS = [
    "xAI will raise $6 billion",
    ", enough to buy 200,000 H100 chips",
    "They will spend $6 billion on 1,000,000 H100 GPUs",
    "A 100,000-GPU cluster of 100,000 H100 needs 150 MW",
    "At a few billion dollars a year, $6 billion lasts 1-2 years",
    "Each H100 costs about $30,000",
    "$25,000 per GPU",
    "It consumed 150 megawatt-hours",
    "OpenAI signed $1.4T of deals",
    "公司斥资5千万美元",
    "采购了一万二千块H100",
    "每块H100售价2.5万美元",
    "融资60亿美元，购买20万块H100",
    "需要100兆瓦",
    "只够烧1-2年",
    "每年需要花费数十亿美元",
    "1万余块H100",
    "NoPrice-X",
    " 100 NoPrice-X chips",
    "\x00",
    "\x01",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\t",
    "\r\n",
    "\n",
    "\n\n",
    ". ",
    "。",
    '"',
    "'",
    "\\",
    ": ",
    "- ",
    "#",
    "{",
    "}",
    "[",
    "]",
    "&a",
    "*a",
    "!x",
    "%",
    "@",
    "`",
    "|",
    ">",
    " ",
    "\u00a0",
]


@PROPS
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join),
    st.sampled_from([None, "2024-05", "2023-08"]),
    st.sampled_from([0.0, 0.07, 0.125, 0.25, 1 / 3, 2.5]),
    st.sampled_from([None, "H100"]),
)
def test_emitted_claims_check_the_same(text: str, as_of: str | None, tolerance: float, gpu: str | None) -> None:
    result = scan(text, "story\x7f.txt", load_catalogue, as_of=as_of, tolerance=tolerance, gpu=gpu)
    out = claims_yaml(result, "story\x7f.txt", as_of, tolerance)
    out.encode("utf-8")  # writable
    cf, verdicts = check_text(out, "claims.yaml", load_catalogue)
    assert [v.message for v in verdicts if v.id == "(file)"] == []
    assert cf.problems == []
    assert {v.id: v.status for v in verdicts} == {v.id: v.status for v in result.checks if v.status != INFO}


@PROPS
@given(st.lists(st.sampled_from(FRAGMENTS + list("0123456789 ,.$BMKT万亿千百十")), max_size=60).map("".join))
def test_figures_are_ordered_disjoint_and_finite(text: str) -> None:
    sentences, found = extract(text, NAMES)
    end = 0
    for f in found:
        assert end <= f.start < f.end <= len(text)
        assert f.text == text[f.start : f.end].strip() and f.text
        assert 0 <= f.sentence < len(sentences)
        assert f.estimate.low <= f.estimate.typical <= f.estimate.high
        end = f.end
