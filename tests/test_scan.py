"""scan: extraction from English and Chinese text, pairing into checks, output and --emit-claims.

Fixture catalogue: H100 price 30,000 USD (25,000..40,000), so $6B buys 200,000 (150,000..240,000);
100k H100 draw 168.3 MW at the facility (147.26..219.94).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from estimator.catalogue import load_catalogue
from estimator.scan import cn_number, extract, scan, split_sentences

# our own summary of a news story on xAI's funding and compute, with the story's figures
ARTICLE = Path(__file__).parent / "fixtures" / "scan-xai-summary.txt"

NAMES = {"H100": "H100-SXM", "H100-SXM": "H100-SXM", "B200": "B200"}


def figures(text: str):
    return [(f.kind, f.text, f.estimate.typical, f.estimate.unit_text, f.gpu) for f in extract(text, NAMES)[1]]


@pytest.mark.parametrize(
    "text, kind, typical, unit, gpu",
    [
        ("plans to raise $6 billion soon", "money", 6e9, "USD", None),
        ("a round of 24 billion US dollars", "money", 24e9, "USD", None),
        ("a $10B cloud deal", "money", 10e9, "USD", None),
        ("about 20,000 Nvidia H100 GPUs", "count", 20_000, "GPU", "H100-SXM"),
        ("100,000 H100 chips", "count", 100_000, "GPU", "H100-SXM"),
        ("50k B200 accelerators", "count", 50_000, "GPU", "B200"),
        ("a 100-megawatt campus", "power", 100, "MW", None),
        ("needs 150 MW", "power", 150, "MW", None),
        ("a 1.2 gigawatt site", "power", 1200, "MW", None),
        # "1-2 years": typical is the midpoint
        ("enough for 1-2 years", "duration", 1.5, "yr", None),
        ("18 months", "duration", 1.5, "yr", None),
        # "a few billion dollars a year": 2..5 billion a year, typical 3.5 billion
        ("a few billion dollars a year", "rate", 3.5e9, "USD/yr", None),
        # 60 x 100 million = 6e9
        ("融资60亿美元", "money", 6e9, "USD", None),
        ("估值240亿美元", "money", 24e9, "USD", None),
        # 20 x 10,000 = 200,000
        ("购买20万块H100", "count", 200_000, "GPU", "H100-SXM"),
        ("需要2万个英伟达H100", "count", 20_000, "GPU", "H100-SXM"),
        ("100兆瓦的数据中心", "power", 100, "MW", None),
        ("只够烧1-2年", "duration", 1.5, "yr", None),
        # 数十亿 = some tens of 100 million = 2..9 billion, typical 5.5 billion, a year
        ("每年需要花费数十亿美元", "rate", 5.5e9, "USD/yr", None),
        ("will buy 200 000 H100 GPUs", "count", 200_000, "GPU", "H100-SXM"),
        ("a 100,000-GPU H100 cluster", "count", 100_000, "GPU", "H100-SXM"),
        ("100,000 of Nvidia's H100 chips", "count", 100_000, "GPU", "H100-SXM"),
        ("USD 6 billion", "money", 6e9, "USD", None),
        # "tens of billions": 20..90 billion, typical 55 billion
        ("tens of billions of dollars", "money", 55e9, "USD", None),
        # one rate from $3B to $6B a year, typical 4.5 billion
        ("$3 billion to $6 billion per year", "rate", 4.5e9, "USD/yr", None),
        ("需要18个月", "duration", 1.5, "yr", None),
        ("一到两年", "duration", 1.5, "yr", None),
        ("1万余块H100", "count", 10_000, "GPU", "H100-SXM"),
        ("H100芯片20万块", "count", 200_000, "GPU", "H100-SXM"),
        ("投资60億美元", "money", 6e9, "USD", None),
    ],
)
def test_extraction(text, kind, typical, unit, gpu) -> None:
    (found,) = figures(text)
    assert found[0] == kind
    assert found[2] == pytest.approx(typical)
    assert (found[3], found[4]) == (unit, gpu)


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 H100 rental prices fell to $2 an hour.",
        "They raised HK$6 billion and NT$6 billion.",
        "在2024年H100价格下降",
    ],
)
def test_not_figures(text: str) -> None:
    # a year before a model is not a count; "$2 an hour" is a rate, not a sum; HK$ and NT$ are not US$
    assert figures(text) == []


def test_offsets_cover_the_figure_only() -> None:
    text = "They raised $6,000,000,000 for chips"
    (found,) = extract(text, NAMES)[1]
    assert text[found.start : found.end] == "$6,000,000,000"


def test_same_sentence_pairs_beat_adjacent_ones() -> None:
    text = "Beta Labs signed a $10B cloud deal. Its rival will deploy 50k H100s in a 100 MW campus."
    result = scan(text, "t", load_catalogue)
    checks = [v.claim.expr for v in result.checks if v.status != "info"]
    # the count and the power share a sentence: that check wins over money from the sentence before
    assert checks == ["power(50000 GPU, H100-SXM)"]


def test_an_info_that_cannot_be_worked_out_is_still_info(cli, tmp_path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("They bought 100 NoPrice-X chips.")
    code, out, _ = cli("scan", str(path), "--json")
    doc = json.loads(out)
    assert code == 0
    assert {c["verdict"] for c in doc["checks"]} == {"info"}
    assert any(c["message"].startswith("not available:") for c in doc["checks"])


def test_messages_give_line_numbers(tmp_path) -> None:
    text = "First line.\nSecond line.\nThey will spend $6 billion on 1,000,000 H100 GPUs."
    result = scan(text, "t.txt", load_catalogue)
    (check,) = [v for v in result.checks if v.status != "info"]
    assert check.claim.line == 3


def test_emit_keeps_the_tolerance(cli, tmp_path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("xAI will raise $6 billion, enough to buy 200,000 H100 chips.")
    code, out, _ = cli("scan", str(path), "--tolerance", "12.5%", "--emit-claims", "-")
    assert "tolerance: 12.5%" in out


def test_offsets_and_sentences() -> None:
    text = "xAI wants money. It plans to raise $6 billion. That buys 200,000 H100 chips."
    sentences, found = extract(text, NAMES)
    assert len(sentences) == 3
    money, count = found
    assert text[money.start : money.end] == "$6 billion" and money.sentence == 1
    assert text[count.start : count.end] == "200,000 H100" and count.sentence == 2


def test_chinese_numerals() -> None:
    assert cn_number("二十") == 20
    assert cn_number("三百五十") == 350
    assert cn_number("1,000") == 1000
    assert split_sentences("第一句。第二句！") == [(0, 4), (4, 8)]


def test_pairs_become_checks() -> None:
    text = (
        "xAI will raise $6 billion, enough to buy 200,000 H100 chips. "
        "A 100,000-GPU cluster of 100,000 H100 needs 150 MW. "
        "At a few billion dollars a year, $6 billion lasts 1-2 years."
    )
    result = scan(text, "t.txt", load_catalogue)
    checks = {v.claim.expr: v for v in result.checks if v.status != "info"}
    buy = checks["buy(6e+09 USD, H100-SXM)"]
    assert buy.status == "holds" and buy.claim.expect == "200000 GPU"
    power = checks["power(100000 GPU, H100-SXM)"]
    # 150 MW against 168.3 MW (147.26..219.94): holds
    assert power.status == "holds" and power.claim.expect == "150 MW"
    runway = checks["runway(6e+09 USD, 2e+09..5e+09 USD/yr)"]
    # 6 / (2..5) = 1.2..3 years overlaps 1..2
    assert runway.status == "holds" and runway.claim.expect == "1..2 yr"


def test_a_wrong_figure_fails() -> None:
    # 6e9 / 30,000 = 200,000 (150,000..240,000); 1,000,000 is outside even with 25%
    result = scan("They will spend $6 billion on 1,000,000 H100 GPUs.", "t", load_catalogue)
    (check,) = [v for v in result.checks if v.status != "info"]
    assert check.status == "fails" and check.ratio == pytest.approx(5.0)


def test_lone_figures_are_worked_out() -> None:
    text = "Training took 20,000 Nvidia H100 GPUs. Something else. A separate 100-megawatt campus."
    result = scan(text, "t", load_catalogue)
    infos = {v.claim.expr: v.computed for v in result.checks if v.status == "info"}
    # 20,000 x 30,000 = 600 M USD; 20,000 x 1,683 W = 33.66 MW
    assert infos["20000 GPU * H100-SXM.price"].typical == pytest.approx(6e8)
    assert infos["power(20000 GPU, H100-SXM)"].typical == pytest.approx(33.66)
    # 100 MW / 1,683 W per GPU (1,275 W x 1.1 x 1.2) = 59,417.7 GPU
    assert infos["100 MW / power(1, H100-SXM) * 1 GPU"].typical == pytest.approx(59_417.7, rel=1e-5)


def test_the_article(bundled) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    result = scan(text, "article", load_catalogue, as_of="2024-05")
    found = {(f.kind, f.text) for f in result.figures}
    assert {
        ("money", "6 billion US dollars"),
        ("money", "24 billion US dollars"),
        ("money", "10 billion US dollars"),
        ("count", "20,000 Nvidia H100"),
        ("count", "100,000 Nvidia H100"),
        ("count", "200,000 H100"),
        ("duration", "1-2 years"),
        ("rate", "a few billion dollars a year"),
        ("power", "100-megawatt"),
    } <= found
    offsets = {f.text: (f.start, f.end) for f in result.figures}
    a, b = offsets["200,000 H100"]
    assert text[a:b] == "200,000 H100"
    verdicts = {v.claim.expr.split("(")[0]: v.status for v in result.checks if v.status != "info"}
    assert verdicts == {"buy": "holds", "runway": "holds"}


def test_cli_table_json_markdown_and_stdin(cli, tmp_path) -> None:
    text = "xAI will raise $6 billion, enough to buy 200,000 H100 chips."
    path = tmp_path / "story.txt"
    path.write_text(text)
    code, out, _ = cli("scan", str(path))
    assert code == 0 and "figures found" in out and "holds" in out
    code, out, _ = cli("scan", str(path), "--json")
    doc = json.loads(out)
    assert doc["command"] == "scan" and [f["kind"] for f in doc["figures"]] == ["money", "count"]
    assert doc["figures"][0]["start"] == text.index("$6 billion")
    code, out, _ = cli("scan", str(path), "--format", "markdown")
    assert out.startswith("### gpucost scan:") and "✅ holds" in out
    path.write_text(text + " Grok 2 took 20,000 Nvidia H100 GPUs to train.")
    code, out, _ = cli("scan", str(path), "--format", "markdown")
    assert code == 0 and "ℹ️ info" in out
    code, out, _ = cli("scan", "-", "--json", input=text)
    assert json.loads(out)["file"] == "<stdin>"


def test_cli_exit_code_on_failure(cli, tmp_path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("They will spend $6 billion on 1,000,000 H100 GPUs.")
    assert cli("scan", str(path), "-q") == (1, "", "")


def test_emit_claims_round_trip(cli, tmp_path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("xAI will raise $6 billion, enough to buy 200,000 H100 chips. Grok took 20,000 H100 GPUs.")
    out_file = tmp_path / "claims.yaml"
    code, _, err = cli("scan", str(story), "--emit-claims", str(out_file))
    assert code == 0 and "wrote 1 claim to" in err
    text = out_file.read_text()
    assert '# - id: "cost-' in text and "expect: TODO" in text
    code, out, _ = cli("check", str(out_file), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and [c["verdict"] for c in doc["claims"]] == ["holds"]
    assert doc["claims"][0]["expr"] == "buy(6e+09 USD, H100-SXM)"


def test_cli_errors(cli, tmp_path) -> None:
    code, out, err = cli("scan", str(tmp_path / "none.txt"))
    assert code == 2 and out == "" and err.startswith("error: file not found: ")
    code, out, err = cli("scan", "-", "--format", "xml", input="x")
    assert code == 2 and "--format" in err


def test_a_check_and_an_info_never_share_an_id() -> None:
    """Checks are numbered in order and infos by their figure: here the check power-1 (the
    later count with the power) and the info power-1 (the first count's power) met."""
    text = "The lab trained on 20,000 H100 GPUs. Its next run needs 100,000 H100 chips drawing 150 MW."
    result = scan(text, "t", load_catalogue)
    ids = [v.claim.id for v in result.checks]
    assert len(ids) == len(set(ids))
    assert "power-1" in ids and "power-1-info" in ids
