"""scan: one test (or a few) per defect of the reliability review (#1-#3, #23-#26, #28), with values
worked out by hand.

Fixture catalogue: H100 price 30,000 USD (25,000..40,000); server power 1,275 W, IT overhead 0.1,
PUE 1.2 (1.1..1.5). The default tolerance of scan is 25%.
"""

from __future__ import annotations

import pytest
import yaml

import estimator.claims
from estimator.catalogue import load_catalogue
from estimator.claims import Claim, check_claim, check_text
from estimator.scan import (
    MAX_NUMBER_CHARS,
    MEMO_SIZE,
    SAYS_CHARS,
    Memo,
    claims_yaml,
    cn_number,
    extract,
    mask_long_numbers,
    pair,
    scan,
    yaml_string,
)

NAMES = {"H100": "H100-SXM", "H100-SXM": "H100-SXM", "B200": "B200"}


def figures(text: str) -> list[tuple[str, str, float, float, str, str | None]]:
    return [
        (f.kind, f.text, f.estimate.low, f.estimate.high, f.estimate.unit_text, f.gpu) for f in extract(text, NAMES)[1]
    ]


def checks(text: str, **kw: object) -> list[tuple[str, str, str, str]]:
    result = scan(text, "t", load_catalogue, **kw)  # type: ignore[arg-type]
    return [(v.id, v.status, v.claim.expr, v.claim.expect) for v in result.checks if v.claim is not None]


# --------------------------------------------------------------------------- #1 number boundaries


@pytest.mark.parametrize(
    "text, kind, value",
    [
        # a space-grouped number may follow a year: 2024 is four digits, so 100 000 starts a new number
        ("In 2024 100 000 H100 GPUs were sold.", "count", 100_000),
        # after "2 " a plain number may still start when the grouped reading fails (",000" follows)
        ("Of the 2 100,000-GPU H100 clusters", "count", 100_000),
        ("a 1 000 000 H100 fleet", "count", 1_000_000),
        ("a 1\u00a0000\u00a0000 H100 fleet", "count", 1_000_000),
        # any whitespace between a number and its unit, however long
        ("needs 150" + " " * 5_000 + "MW", "power", 150),
        ("花费1" + " " * 3_000 + "年", "duration", 1),
    ],
)
def test_numbers_start_at_the_start_of_a_run(text: str, kind: str, value: float) -> None:
    (found,) = figures(text)
    assert (found[0], found[2], found[3]) == (kind, value, value)


def test_a_decimal_is_never_cut_short() -> None:
    # $2.50/GPU-hour is a rental rate; reading "$2" and leaving ".50/GPU-hour" would make it a $2 sum
    assert figures("They paid $2.50/GPU-hour.") == []
    # "$1,5 billion" (a decimal comma) is not "$1"
    assert figures("a $1,5 billion deal") == []


@pytest.mark.parametrize(
    "text",
    [
        "1" + "0" * (MAX_NUMBER_CHARS + 10) + " H100 chips",  # 51 digits: not a count of GPUs
        " ".join(["1"] + ["000"] * 20) + " H100 chips",  # 81 characters of one grouped number
        "一二三四五六七八九十" * 5 + "块H100",  # 50 numerals: not a number at all
        "$" + "9" * 400 + " billion",  # would be infinite as a float
    ],
)
def test_a_number_longer_than_the_limit_is_skipped_whole(text: str) -> None:
    # no part of the run is read either (the last group "000 H100" is not a count of 0)
    assert figures(text) == []


def test_long_runs_are_blanked_with_offsets_kept() -> None:
    long = "7" * (MAX_NUMBER_CHARS + 1)
    text = f"A {long} B 1,000 C 12 34 56 D"
    masked = mask_long_numbers(text)
    assert len(masked) == len(text)
    assert masked == "A " + "\x00" * len(long) + " B 1,000 C 12 34 56 D"
    # single-spaced two-digit numbers are separate numbers, not one run
    assert mask_long_numbers("12 " * 30) == "12 " * 30


# --------------------------------------------------------------------------- #3 overlaps


def test_overlapping_matches_keep_the_earlier_pattern() -> None:
    # counts are matched first: "200,000 H100" is a count, and "$6 billion" is money; the CN count
    # pattern would also match "200,000 H100", but the span is already taken
    text = "They raised $6 billion to buy 200,000 H100 chips, 20万块H100 in Chinese."
    assert [(k, t) for k, t, *_ in figures(text)] == [
        ("money", "$6 billion"),
        ("count", "200,000 H100"),
        ("count", "20万块H100"),
    ]


# --------------------------------------------------------------------------- #2 pairing


def test_one_long_sentence_of_counts_and_money() -> None:
    n = 50
    text = "1 H100 and $1B, " * n
    result = scan(text, "t", load_catalogue)
    buys = [v for v in result.checks if v.id.startswith("buy-")]
    # count i (at 16i) is 11 characters from money i-1 ("$1B, 1 H100") and 14 from money i
    # ("1 H100 and $1B"): closest first pairs every count but the first with the money before it
    assert len(buys) == n - 1
    assert {(v.claim.expr, v.claim.expect) for v in buys} == {("buy(1e+09 USD, H100-SXM)", "1 GPU")}
    # 1e9 / 30,000 = 33,333 whole GPUs, so "1 GPU" fails with claimed/computed 1 / 33,333
    assert all(v.status == "fails" and v.ratio == pytest.approx(1 / 33_333) for v in buys)
    infos = sorted(v.id for v in result.checks if v.status == "info")
    assert infos == ["cost-1", "power-1"]  # the first count is left over


def test_one_long_sentence_of_money_rates_and_durations() -> None:
    n = 40
    text = "$1B, $1B a year, 1 year, " * n
    result = scan(text, "t", load_catalogue)
    # 3 figures per repeat; each money with the rate and duration after it: 1e9 / 1e9 per year = 1 yr
    assert [f.kind for f in result.figures] == ["money", "rate", "duration"] * n
    assert len(result.checks) == n
    assert {(v.status, v.claim.expr, v.claim.expect) for v in result.checks} == {
        ("holds", "runway(1e+09 USD, 1e+09 USD/yr)", "1 yr")
    }


def test_pairing_stays_within_adjacent_sentences() -> None:
    text = "They raised $6 billion. Filler one. Filler two. They bought 200,000 H100 chips."
    # two sentences lie between the money (figure 1) and the count (figure 2): no buy check,
    # the count is worked out
    assert [c[0] for c in checks(text)] == ["cost-2", "power-2"]


def test_line_numbers_of_claims() -> None:
    text = "Intro.\n\nThey will spend $6 billion on 200,000 H100 GPUs.\nNext.\nA 100,000 H100 site needs 150 MW."
    lines = {v.id: v.line for v in scan(text, "t", load_catalogue).checks}
    assert lines == {"buy-1": 3, "power-2": 5}


def test_says_is_cut_from_a_window_around_the_figures() -> None:
    text = "word " * 2_000 + "and then they will spend $6 billion on 200,000 H100 GPUs"
    (c,) = scan(text, "t", load_catalogue).claims
    # one sentence of 10,000+ characters: the paraphrase starts 120 characters before "$6 billion"
    assert c.says.startswith("…") and "$6 billion on 200,000 H100 GPUs" in c.says
    assert len(c.says) <= SAYS_CHARS
    short = scan("They will spend $6 billion on 200,000 H100 GPUs.", "t", load_catalogue).claims[0]
    assert short.says == "They will spend $6 billion on 200,000 H100 GPUs."


def test_pair_offers_only_the_nearest_candidates() -> None:
    # 30 money figures, then one count: the count sees its 4 nearest and takes the closest
    text = "$1B, " * 30 + "2 H100"
    sentences, found = extract(text, NAMES)
    claims, _ = pair(text, sentences, found, None, 0.25)
    (buy,) = claims
    assert buy.expr == "buy(1e+09 USD, H100-SXM)" and buy.expect == "2 GPU"
    assert buy.note.startswith("'$1B' and '2 H100'")


# --------------------------------------------------------------------------- scan() memo


def test_repeated_checks_are_evaluated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = estimator.claims.calculate  # what the claim checker calls

    def counting(expr: str, ctx: object) -> object:
        calls.append(expr)
        return real(expr, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(estimator.claims, "calculate", counting)
    text = "They will spend $6 billion on 1,000,000 H100 GPUs.\n" * 30
    result = scan(text, "t", load_catalogue)
    assert len(result.checks) == 30 and {v.status for v in result.checks} == {"fails"}
    assert calls == ["buy(6e+09 USD, H100-SXM)"]
    # 6e9 / 30,000 = 200,000: 1,000,000 is 5 times that; each verdict keeps its own id and line
    assert [(v.id, v.line, v.ratio) for v in result.checks[:2]] == [("buy-1", 1, 5.0), ("buy-2", 2, 5.0)]


def test_memoised_errors_name_their_own_claim() -> None:
    cat = load_catalogue()
    memo = Memo()
    a = Claim("buy-1", "buy(6e9 USD, NoPrice-X)", "1 GPU", file="t", line=3, tolerance=0.25)
    b = Claim("buy-7", "buy(6e9 USD, NoPrice-X)", "1 GPU", file="t", line=9, tolerance=0.25)
    first, second = memo.check(a, cat), memo.check(b, cat)
    fresh = check_claim(b, lambda: cat)
    assert first.status == second.status == fresh.status == "error"
    assert second.message == fresh.message and second.message.startswith("t:9: buy-7: ")


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import estimator.scan.check as s

    monkeypatch.setattr(s, "MEMO_SIZE", 3)
    cat = load_catalogue()
    memo = Memo()
    for n in range(10):
        memo.check(Claim(f"c{n}", f"{n} MW", f"{n} MW", file="t"), cat)
    assert len(memo.checks) == 3 and MEMO_SIZE > 3
    assert [k[0] for k in memo.checks] == ["7 MW", "8 MW", "9 MW"]


# --------------------------------------------------------------------------- #23 T and tn


@pytest.mark.parametrize("text", ["signed $1.4T of deals", "signed $1.4 tn of deals", "signed US$1.4 trillion"])
def test_trillions(text: str) -> None:
    (found,) = figures(text)
    assert found[0] == "money" and found[2] == found[3] == pytest.approx(1.4e12)


def test_trillions_in_a_sentence() -> None:
    text = "OpenAI has signed $1.4T of compute deals. It will spend $6T on data centers."
    assert [(f[1], f[2]) for f in figures(text)] == [("$1.4T", pytest.approx(1.4e12)), ("$6T", 6e12)]


@pytest.mark.parametrize(
    "text, low, high",
    [
        # the scale after the right end applies to both: 3e9 .. 6e9, never a bare $3
        ("They will spend between $3 and $6 billion on chips.", 3e9, 6e9),
        ("They will spend between 3 and 6 billion dollars on chips.", 3e9, 6e9),
        ("They will spend $3 to $6 billion on chips.", 3e9, 6e9),
    ],
)
def test_money_ranges_with_the_scale_at_the_end(text: str, low: float, high: float) -> None:
    (found,) = figures(text)
    assert found[0] == "money" and (found[2], found[3]) == (low, high)


def test_and_without_between_joins_nothing() -> None:
    # two figures: $3 on its own and $6 billion
    text = "They paid $3 and $6 billion went to chips."
    assert [(f[2], f[3]) for f in figures(text)] == [(3.0, 3.0), (6e9, 6e9)]


# --------------------------------------------------------------------------- #24 unit prices


@pytest.mark.parametrize(
    "text, low, high, gpu",
    [
        ("Each H100 costs about $30,000.", 30_000, 30_000, "H100-SXM"),
        ("They bought 350,000 H100s at $25,000 per GPU.", 25_000, 25_000, "H100-SXM"),
        ("Meta paid $25,000 per GPU for 350,000 H100s.", 25_000, 25_000, "H100-SXM"),
        ("The H100 sells at $30,000 apiece.", 30_000, 30_000, "H100-SXM"),
        ("Dealers quote $25,000 to $40,000 per H100.", 25_000, 40_000, "H100-SXM"),
        ("Chips cost $25,000 per GPU.", 25_000, 25_000, None),
        # 2.5 x 10^4 = 25,000; 3 x 10^4 = 30,000
        ("每块H100售价2.5万美元。", 25_000, 25_000, "H100-SXM"),
        ("H100的单价约为3万美元。", 30_000, 30_000, "H100-SXM"),
        ("英伟达H100约2.5万美元/块。", 25_000, 25_000, "H100-SXM"),
    ],
)
def test_unit_prices(text: str, low: float, high: float, gpu: str | None) -> None:
    prices = [f for f in figures(text) if f[0] == "price"]
    assert [(f[2], f[3], f[4], f[5]) for f in prices] == [(low, high, "USD/GPU", gpu)]


@pytest.mark.parametrize(
    "text",
    [
        "Cloud rental is $2 per GPU per hour.",  # a rental rate: not a sum and not a price
        "H100 prices fell to $2 an hour.",
        "H100租金约2美元每小时。",
    ],
)
def test_rentals_are_not_prices(text: str) -> None:
    assert figures(text) == []


def test_a_bare_each_is_a_price_only_for_a_unit_sized_sum() -> None:
    # "$10 billion each" is what each company spent, not a GPU price
    kinds = [f[0] for f in figures("Two firms spent $10 billion each.")]
    assert kinds == ["money"]
    assert [f[0] for f in figures("Nvidia sells the H100 for $30,000 each.")] == ["price"]


def test_a_price_is_checked_against_the_catalogue_and_never_as_a_budget() -> None:
    text = "Each H100 costs about $30,000. Meta plans to buy 350,000 H100s this year."
    rows = checks(text)
    # no buy($30,000, H100) against 350,000 GPUs (it would fail 350,000-fold)
    assert [r for r in rows if r[0].startswith("buy")] == []
    assert ("price-1", "holds", "H100-SXM.price", "30000 USD/GPU") in rows


@pytest.mark.parametrize(
    "text, status, ratio",
    [
        # 25,000..40,000 widened by 25%: 18,750..50,000
        ("Each H100 costs about $30,000.", "holds", 1.0),
        ("An H100 is sold for $48,000 per GPU.", "holds", 1.6),  # 48,000 <= 50,000
        ("Each H100 costs about $60,000.", "fails", 2.0),  # 60,000 > 50,000; 60,000 / 30,000 = 2
        ("Each H100 costs about $15,000.", "fails", 0.5),  # 15,000 < 18,750
    ],
)
def test_price_verdicts(text: str, status: str, ratio: float) -> None:
    (check,) = [v for v in scan(text, "t", load_catalogue).checks if v.id.startswith("price")]
    assert check.status == status and check.ratio == pytest.approx(ratio)


def test_cli_unit_price_does_not_fail_the_story(cli, tmp_path) -> None:
    path = tmp_path / "t2.txt"
    path.write_text("Each H100 costs about $30,000. Meta plans to buy 350,000 H100s this year.\n")
    assert cli("scan", str(path), "-q") == (0, "", "")


def test_a_price_without_a_model_uses_the_default_gpu_as_info() -> None:
    result = scan("Chips cost $25,000 per GPU.", "t", load_catalogue, gpu="H100")
    (info,) = result.checks
    assert (info.id, info.status, info.claim.expr) == ("list-price-1", "info", "H100-SXM.price")
    assert info.computed.typical == 30_000
    assert scan("Chips cost $25,000 per GPU.", "t", load_catalogue).checks == []


# --------------------------------------------------------------------------- #25 energy


@pytest.mark.parametrize(
    "text, mwh",
    [
        ("consumed 150 megawatt-hours in a day", 150),
        ("consumed 150 megawatt hours", 150),
        ("consumed 150 MWh", 150),
        ("consumed 2 GWh", 2_000),  # 2 GWh = 2,000 MWh
        ("consumed 500 kWh", 0.5),
        ("耗电150兆瓦时", 150),
        ("耗电5千瓦时", 0.005),  # 5 kWh = 0.005 MWh
    ],
)
def test_energy_is_not_power(text: str, mwh: float) -> None:
    (found,) = figures(text)
    assert found[0] == "energy" and found[2] == pytest.approx(mwh) and found[4] == "MWh"


def test_energy_is_never_paired_as_power() -> None:
    text = "The cluster of 100,000 H100 GPUs consumed 150 megawatt-hours in a day."
    rows = checks(text)
    # only the count's worked-out cost and power; no power(100000 GPU) vs 150 MW check
    assert [r[0] for r in rows] == ["cost-1", "power-1"]
    assert all(r[1] == "info" for r in rows)


@pytest.mark.parametrize("text, mw", [("a 150 megawatts site", 150), ("10万千瓦的数据中心", 100), ("5千千瓦", 5)])
def test_power_still_reads(text: str, mw: float) -> None:
    # 10万千瓦 = 10 x 10^4 kW = 100 MW; 5千千瓦 = 5,000 kW = 5 MW
    (found,) = figures(text)
    assert found[0] == "power" and found[2] == pytest.approx(mw)


# --------------------------------------------------------------------------- #26 Chinese numbers


@pytest.mark.parametrize(
    "text, value",
    [
        ("5千万", 50_000_000),  # 5 x 1,000 x 10^4
        ("一万二千", 12_000),  # 1 x 10^4 + 2 x 1,000
        ("两万五千", 25_000),  # 2 x 10^4 + 5 x 1,000
        ("3千亿", 3e11),  # 3 x 1,000 x 10^8
        ("1.5亿", 1.5e8),
        ("十二万", 120_000),  # 12 x 10^4
        ("二十万", 200_000),  # 20 x 10^4
        ("三百五十", 350),
        ("一千零五", 1_005),
        ("一万零五", 10_005),
        ("一亿零五百万", 105_000_000),  # 10^8 + 500 x 10^4
        ("1亿2000万", 120_000_000),  # 10^8 + 2,000 x 10^4
        ("一万亿", 1e12),  # 1 x 10^4 x 10^8
        ("1万0500", 10_500),
        ("百万", 1e6),
        ("240亿", 2.4e10),
        ("1,000", 1_000),
    ],
)
def test_chinese_numbers(text: str, value: float) -> None:
    assert cn_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    ["一万二", "三百五", "1万5", "二〇二四", "一二三", "万", "亿", "一千零", "2千五", "1.5千", "一亿二千", "五六"],
)
def test_malformed_chinese_numbers_are_not_guessed(text: str) -> None:
    # 一万二 (12,000 or 10,002?), 三百五, 1万5: places neither filled nor marked with 零
    assert cn_number(text) is None


@pytest.mark.parametrize(
    "text, kind, low, high",
    [
        ("公司斥资5千万美元。", "money", 5e7, 5e7),
        ("公司采购了一万二千块H100。", "count", 12_000, 12_000),
        ("两万五千块H100芯片。", "count", 25_000, 25_000),
        ("投资3千亿美元", "money", 3e11, 3e11),
        ("融资1.5亿美元", "money", 1.5e8, 1.5e8),
        ("十二万块H100", "count", 120_000, 120_000),
        ("二十万块H100", "count", 200_000, 200_000),
        # 数十亿 = some tens of 10^8 = 2..9 x 10^9, a year
        ("每年需要花费数十亿美元", "rate", 2e9, 9e9),
        ("数亿美元", "money", 2e8, 9e8),
        ("需要十八个月", "duration", 1.5, 1.5),
    ],
)
def test_chinese_figures(text: str, kind: str, low: float, high: float) -> None:
    (found,) = figures(text)
    assert (found[0], found[2], found[3]) == (kind, pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("text", ["一万二块H100", "万亿美元", "二〇二四年H100"])
def test_malformed_chinese_figures_are_skipped(text: str) -> None:
    assert figures(text) == []


# --------------------------------------------------------------------------- #28 claim files


@pytest.mark.parametrize(
    "raw, written",
    [
        ("a\x7fb", '"a\\u007fb"'),
        ("a\x85b", '"a\\u0085b"'),
        ("a\x9fb", '"a\\u009fb"'),
        ("a\x01b", '"a\\u0001b"'),
        ("a\u2028b", '"a\\u2028b"'),
        ("a\ufeffb\ufffe\uffff", '"a\\ufeffb\\ufffe\\uffff"'),
        ("a\ud800b", '"a\ufffdb"'),  # libyaml refuses surrogate escapes: the replacement character
        ('tab\tand "quotes"', '"tab\\tand \\"quotes\\""'),
        ("中文 and 😀", '"中文 and 😀"'),
    ],
)
def test_yaml_strings(raw: str, written: str) -> None:
    assert yaml_string(raw) == written
    expected = raw.replace("\ud800", "\ufffd")
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        assert yaml.load(f"k: {written}\n", Loader=loader) == {"k": expected}


def test_claim_file_with_control_characters_is_accepted() -> None:
    text = "xAI will spend $6 billion on 200,000 H100s\x7f\x9b\x00.\n"
    result = scan(text, "c1.txt", load_catalogue)
    out = claims_yaml(result, "c1.txt", None, 0.25)
    out.encode("utf-8")  # writable as UTF-8
    cf, verdicts = check_text(out, "c1.yaml", load_catalogue)
    assert cf.problems == [] and [(v.id, v.status) for v in verdicts] == [("buy-1", "holds")]


def test_claim_file_source_with_a_newline_stays_a_comment() -> None:
    result = scan("Meta bought 350,000 H100s.", "a\nclaims: 5", load_catalogue)
    out = claims_yaml(result, "a\nclaims: 5", None, 0.25)
    assert out.splitlines()[0].startswith('# Claims found by gpucost scan in "a\\nclaims: 5". Check each')
    assert yaml.safe_load(out)["source"] == "a\nclaims: 5"


def test_no_paired_checks_writes_an_empty_list() -> None:
    result = scan("Meta bought 350,000 H100s.", "solo.txt", load_catalogue)
    out = claims_yaml(result, "solo.txt", None, 0.25)
    assert "claims: []\n" in out and "  []" not in out
    assert yaml.safe_load(out)["claims"] == []
    assert '  # - id: "cost-1"' in out  # the worked-out figures are still offered, commented out


def test_empty_claim_file_round_trip() -> None:
    result = scan("Meta bought 350,000 H100s.", "solo.txt", load_catalogue)
    cf, verdicts = check_text(claims_yaml(result, "solo.txt", None, 0.25), "solo.yaml", load_catalogue)
    assert cf.problems == [] and verdicts == []


@pytest.mark.parametrize("tolerance, text", [(0.25, "25%"), (0.125, "12.5%"), (0.07, "7%"), (0, "0%"), (2.5, "250%")])
def test_tolerance_is_written_exactly(tolerance: float, text: str) -> None:
    result = scan("x", "t", load_catalogue)
    out = claims_yaml(result, "t", None, tolerance)
    assert f"tolerance: {text}\n" in out


def test_an_odd_tolerance_reads_back_exactly() -> None:
    from estimator.claims import parse_tolerance

    t = 1 / 3
    result = scan("x", "t", load_catalogue)
    written = yaml.safe_load(claims_yaml(result, "t", None, t))["tolerance"]
    assert parse_tolerance(written, "tolerance") == t


def test_a_zero_amount_is_no_figure_to_check() -> None:
    # "$0 upfront" says nothing a check could test: the count stays, with its infos, and no error
    result = scan("The startup got 20,000 H100 GPUs for $0 upfront.\n", "t", load_catalogue)
    assert [f.text for f in result.figures] == ["20,000 H100"]
    assert all(v.status != "error" for v in result.checks)


@pytest.mark.parametrize("text", ["The firm spent $6 billion on 200.000 H100 GPUs.\n", "It bought 2.5 H100 GPUs.\n"])
def test_a_bare_decimal_count_is_not_guessed(text: str) -> None:
    # 200.000 is 200,000 in German and 200 in English; a count without a scale is whole
    result = scan(text, "t", load_catalogue)
    assert [f.kind for f in result.figures if f.kind == "count"] == []


def test_a_scaled_decimal_count_is_read() -> None:
    # 1.5万 = 15,000
    result = scan("购买1.5万块H100芯片。\n", "t", load_catalogue)
    assert [f.estimate.typical for f in result.figures if f.kind == "count"] == [15_000]


def test_money_beside_two_models_is_checked_against_neither() -> None:
    # $6B bought both lots (100,000 x $30k + 300,000 x $10k = $6B): against either lot alone
    # it would fail (200,000 H100s or 600,000 NoRental-Z), so it is checked against neither
    text = "It bought 100,000 H100s and 300,000 NoRental-Z chips for $6 billion.\n"
    result = scan(text, "t", load_catalogue)
    assert sorted(f.gpu for f in result.figures if f.kind == "count") == ["H100-SXM", "NoRental-Z"]
    assert [v.status for v in result.checks if v.status != "info"] == []
    # one model in the sentence: the money is checked against its count as before
    one = scan("It bought 200,000 H100s for $6 billion.\n", "t", load_catalogue)
    assert [v.status for v in one.checks if v.status != "info"] == ["holds"]


@pytest.mark.parametrize(
    "text",
    [
        "投资六点五亿美元。\n",  # 6.5 x 10^8: not its tail 5 x 10^8
        "维持一年半。\n",  # a year and a half: not one year
        "购买数十万块H100。\n",  # several hundred thousand: not exactly 100,000
        "It costs $6 1/2 billion.\n",  # not $6
    ],
)
def test_part_of_a_number_is_not_read_as_the_number(text: str) -> None:
    assert scan(text, "t", load_catalogue).figures == []


def test_the_whole_numbers_beside_them_still_read() -> None:
    # 6.5亿 = 6.5 x 10^8 USD; 20万 = 200,000
    result = scan("投资6.5亿美元，购买20万块H100。\n", "t", load_catalogue)
    assert [f.estimate.typical for f in result.figures] == [6.5e8, 200_000]


@pytest.mark.parametrize(
    "rate, per_year",
    [
        ("$250 million a month", 3e9),
        ("$750 million a quarter", 3e9),
        ("$250 million per month", 3e9),
        ("$3 billion a year", 3e9),
    ],
)
def test_a_burn_rate_per_month_or_quarter_is_a_yearly_rate(rate: str, per_year: float) -> None:
    # $250M x 12 = $750M x 4 = $3B a year; $6B at $3B a year lasts 2 years: the runway holds
    result = scan(f"With $6 billion and a burn of {rate}, the money lasts 2 years.\n", "t", load_catalogue)
    rates = [f.estimate.typical for f in result.figures if f.kind == "rate"]
    assert rates == [pytest.approx(per_year)]
    assert [v.status for v in result.checks] == ["holds"]
