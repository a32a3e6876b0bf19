"""scan tries each figure pattern only where ``starts.Starts`` says a match can begin. The oracle is
``Everywhere``, which offers every place, so that ``matches`` is ``finditer`` itself: what extract
finds must be the same, figure for figure, on our fixtures and on texts built from the characters
and words the patterns look at (hypothesis and seeded random texts), the odd case-insensitive
letters ſ, ı, İ included."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import estimator.scan.extract as _extract_function  # noqa: F401 - the package's name is the function
from estimator.scan import VAGUE, extract
from estimator.scan.starts import _MONEY_WORDS, CASE_ODD, Everywhere, Starts, found, inside, matches

EXTRACT = sys.modules["estimator.scan.extract"]
FIGURES = sys.modules["estimator.scan.figures"]
FIXTURES = Path(__file__).parent / "fixtures"
NAMES = {"H100": "H100-SXM", "H100-SXM": "H100-SXM", "H100 SXM": "H100-SXM", "B200": "B200", "GB200": "GB200"}

# the pieces the patterns are built from, and their neighbours
PIECES = list("0123456789 ,.-–$BMKTkmbnt\u00a0\u202f\n!?。！？(\"“ASXſıİ") + [
    "H100", "H100s", " H100", "GB200", "B200", "H100-SXM", "H100 SXM", "GPU", " MW", " MWh", "-megawatt",
    " gigawatts", " years", " months", " billion", " million", " thousand", "k", " a year", " a month",
    " per GPU", " each", " apiece", " dollars", " US dollars", "US$", "USD ", "usd", "Usd", "between ", " and ",
    " to ", "a few", "A few", "few", "several", "ſeveral", "a couple of", "tens of", "Tens of", "hundreds of",
    " an hour", "Each ", " costs ", "In 2024 ", "零", "〇", "一", "二", "两", "三", "五", "九", "十", "百", "千",
    "万", "亿", "億", "萬", "块", "个", "台", "美元", "兆瓦", "千瓦", "瓦", "时", "年", "半", "个月", "個月",
    "每块", "单价", "数", "几", "數", "余", "点", "英伟达", "芯片", "每年", "。", ". ",
]  # fmt: skip


def extracted(text: str, starts: type[Starts], monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    with monkeypatch.context() as m:
        m.setattr(EXTRACT, "Starts", starts)
        sentences, figures = extract(text, NAMES)
    return [{"sentences": sentences}] + [f.to_dict() for f in figures]


def same_as_everywhere(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert extracted(text, Starts, monkeypatch) == extracted(text, Everywhere, monkeypatch)


@pytest.mark.parametrize("name", ["scan-xai-summary.txt", "scan-mixed-figures.txt"])
def test_fixtures_find_what_every_place_finds(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    same_as_everywhere(text, monkeypatch)
    assert len(extracted(text, Starts, monkeypatch)) > 10  # figures were found


@pytest.mark.parametrize("seed", range(6))
def test_random_texts_find_what_every_place_finds(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(1_500))
    same_as_everywhere(text, monkeypatch)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_short_texts_find_what_every_place_finds(pieces: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        same_as_everywhere("".join(pieces), monkeypatch)


def test_every_pattern_matches_as_finditer_does() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice(PIECES) for _ in range(3_000))
    pats = FIGURES.gpu_patterns(tuple(sorted(NAMES)))
    patterns = [p for p in vars(pats).values() if isinstance(p, re.Pattern)]
    patterns += [v for v in vars(FIGURES).values() if isinstance(v, re.Pattern)]
    everywhere = range(len(text) + 1)
    for p in patterns:
        assert [m.span() for m in matches(p, text, everywhere)] == [m.span() for m in p.finditer(text)], p.pattern


def test_digits_are_what_the_patterns_call_digits() -> None:
    # \d in a str pattern is str.isdecimal, the test Starts uses inside a run of digits and numerals
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert "".join(re.findall(r"\d", every)) == "".join(c for c in every if c.isdecimal())


def test_case_insensitive_words_are_found_in_the_lowered_text_or_searched_with_re_i() -> None:
    # the only characters re.I matches to a letter of the money words that str.lower() does not
    # lower to it (or that lower to more than one character): those make Starts search with re.I
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    letters = {c for w in _MONEY_WORDS for c in w if c.isalpha()}
    odd = set()
    for letter in letters:
        odd |= {c for c in re.findall(letter, every, re.I) if c.lower() != letter}
    assert odd <= set(CASE_ODD)
    assert all(len(c.lower()) == 1 for c in every if c not in CASE_ODD)
    assert all(w == w.lower() for w in VAGUE)  # found in the lowered text as written


@pytest.mark.parametrize(
    "text, money",
    [
        # "a few" starts at its "a"; US$ at its U; the number after $ is a run of digits
        ("spent a few billion dollars", [6, 8]),
        ("US$6 billion", [0, 2, 3]),
        ("ſeveral million dollars", [0]),  # re.I reads ſ as s: searched with re.I
        ("USD 5", [0, 4]),
    ],
)
def test_money_starts(text: str, money: list[int]) -> None:
    assert set(money) <= set(Starts(text).money)


def test_found_and_inside_give_overlapping_places() -> None:
    assert found("aaaa", "aa") == [0, 1, 2]
    # "GB200" holds "B200": both starts are offered though finditer finds only GB200
    assert {0, 1} <= set(inside(re.compile("GB200|B200"), "GB200"))


@pytest.mark.parametrize(
    "text, digits, numerals",
    [
        ("in 2024, 1,000 H100", [3, 9, 16], [3, 9, 10, 16]),  # ",000" may start a CN_RUN at its comma
        # CN_RUN may start at a separator before a digit (it then reads nothing, but it matches)
        (" .5万块", [], [1]),
        ("五万2千", [2], [0]),
        (".5 a,2万", [], [0, 4]),
    ],
)
def test_number_starts(text: str, digits: list[int], numerals: list[int]) -> None:
    starts = Starts(text)
    assert (starts.digits, starts.numerals) == (digits, numerals)


def sentences_by_finditer(text: str) -> list[tuple[int, int]]:
    """split_sentences as it was written, over every match of ``_SENTENCE_END``: the oracle."""
    return EXTRACT.spans_between(text, EXTRACT._SENTENCE_END.finditer(text))


LINES = list(' \t\n\r\u00a0\u2028\x1c.!?。！？AZaz09$“"(①一') + [". A", "。\n", "！ \n", ".\n\n", " \n ", "\n\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_sentences_are_those_of_finditer(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert EXTRACT.split_sentences(text) == sentences_by_finditer(text)
    assert [m.span() for m in EXTRACT.sentence_ends(text)] == [m.span() for m in EXTRACT._SENTENCE_END.finditer(text)]


@pytest.mark.parametrize("name", ["scan-xai-summary.txt", "scan-mixed-figures.txt"])
def test_fixture_sentences_are_those_of_finditer(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert EXTRACT.split_sentences(text) == sentences_by_finditer(text)


def test_whitespace_is_what_the_patterns_call_whitespace() -> None:
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert "".join(re.findall(r"\s", every)) == "".join(c for c in every if c.isspace())


def test_line_breaks_start_each_run_of_whitespace_with_a_newline() -> None:
    from estimator.scan.starts import line_breaks

    # "a \n\n b": one run from 1; "c\n": the run at 7; "d  \t\n x": the run from 9
    assert line_breaks("a \n\n bc\nd  \t\n x") == [1, 7, 9]
    assert line_breaks("\n" * 5) == [0]


CUES = PIECES + [
    "each ", "Every ", "one ", "a single ", "per ", "unit ", "Unit ", "price", "Prices ", "cost", " sells",
    "单价", "每", "售价", "价格", "报价", "定价", "的", "GPU", "PER", "ProCe", "prıce", "unıt", "sıngle",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CUES), max_size=16))
def test_a_window_without_a_cue_word_is_no_unit_price(pieces: list[str]) -> None:
    # the quick test may pass a window the pattern then refuses, never refuse one it would take
    pats = FIGURES.gpu_patterns(tuple(sorted(NAMES)))
    before = "".join(pieces)[-80:]
    if pats.price_before.search(pats.mention.sub(FIGURES._GPU_MARK, before)):
        assert FIGURES.may_cue_price(before)


def test_cue_words() -> None:
    assert FIGURES.may_cue_price("Each H100 costs about ") and FIGURES.may_cue_price("每块H100售价约")
    assert not FIGURES.may_cue_price("xAI is raising ")
    assert FIGURES.may_cue_price("a sıngle ")  # re.I reads ı as i: searched
