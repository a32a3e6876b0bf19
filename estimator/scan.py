"""Find the compute figures in a news text and turn them into checks.

Extraction is regular expressions over English and Chinese number forms: money (``$6
billion``, ``$1.4T``, ``24 billion US dollars``, ``60亿美元``), unit prices (``each H100 costs
$30,000``, ``$25,000 per GPU``, ``每块H100售价2.5万美元``), accelerator counts with their model
(``20,000 Nvidia H100 GPUs``, ``20万块H100``), power (``100-megawatt``, ``100兆瓦``), energy
(``150 MWh``, ``150兆瓦时``: shown, never read as power), durations (``1-2 years``, ``1-2年``)
and spending rates (``a few billion dollars a year``). Each figure keeps its sentence and
character offsets. Chinese numbers are read by one parser (sections split at 亿, then 万, each
Arabic digits or numerals with 千/百/十: ``5千万`` is 5 x 10^7, ``一万二千`` 12,000); a run that is
not a well-formed number, or a number longer than ``MAX_NUMBER_CHARS``, is skipped, not guessed.

Figures in the same or adjacent sentences pair into checks: money with a GPU count (the
implied unit price), a GPU count with power, money with a rate and a duration (runway), and a
unit price that names its model with the catalogue's price. A figure with nothing to pair is
still worked out (what a count costs and draws, how many GPUs a power figure runs) and
reported as ``info``.

The work is linear in the text's length: every number pattern can only start at the start of
a run of digits or numerals and has no two adjacent quantifiers that can match the same
characters, overlapping matches are resolved by a sorted sweep, each figure is paired only with
the ``NEAR`` closest candidates of each kind, and identical checks are evaluated once.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple, TypeVar

from estimator.claims import Claim, Verdict, check_claim
from estimator.status import Status

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue
    from estimator.results import Assumption
    from estimator.values import Estimate

INFO = Status.info
# money near these words is spent on compute: worth saying how many GPU-hours it rents
COMPUTE_WORDS = re.compile(r"cloud|rent|lease|comput|GPU|chip|server|算力|云|租", re.I)
MAX_TEXT = 2_000_000
MAX_NUMBER_CHARS = 40  # a longer run of digits or numerals is not a figure of a news story
NEAR = 4  # candidates of each kind a figure is paired with: the closest by sentence gap, then characters
SAYS_CHARS = 300  # a claim's paraphrase is cut to this many characters
SAYS_BEFORE = 120  # ... and starts at most this far before its first figure
SAYS_WINDOW = 1_200  # raw characters read for it (whitespace is collapsed afterwards)
MEMO_SIZE = 4_096  # distinct checks remembered by scan()
BARE_PRICE_MAX = 1e6  # "$X each" / "apiece" is a unit price only up to this (else "$10 billion each" of companies)

SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "b": 1e9,
    "m": 1e6,
    "k": 1e3,
    "t": 1e12,
    "mn": 1e6,
    "tn": 1e12,
}
VAGUE = {
    "a few": (2, 5),
    "few": (2, 5),
    "several": (3, 9),
    "a couple of": (2, 3),
    "tens of": (20, 90),
    "hundreds of": (200, 900),
}
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "万萬亿億"
_ZEROS = "零〇"
_WAN = "万萬"
_YI = "亿億"

# A number: 1,000 or 1 000 (groups of three), 6.5, 24. It never starts inside another number
# (after a digit, '.' or ','), and the space-grouped form never starts at an inner group (after
# 1-3 digits and a separator), so each run of digits is tried from its start only: linear time.
_SEP = "[ \u00a0\u202f]"
_NOT_INNER_GROUP = rf"(?<!(?<!\d)\d{_SEP})(?<!(?<!\d)\d\d{_SEP})(?<!(?<!\d)\d\d\d{_SEP})"
_NUM = (
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)"
    rf"|{_NOT_INNER_GROUP}\d{{1,3}}(?:{_SEP}\d{{3}})+(?![\d,])"
    r"|\d+(?!\d))(?:\.\d+(?!\d))?(?![.,]\d)"
)
# A run of Chinese numerals and digits, from its start and to its end (the lookahead makes it
# behave as if possessive): 60, 1.5亿, 5千万, 一万二千, 十二万. cn_number() decides if it is a number.
_CN_RUN = rf"(?<![\d.,{_CN_CHARS}])(?:[\d{_CN_CHARS}]|[.,](?=\d))+(?![\d{_CN_CHARS}]|[.,]\d)"
_SCALE_WORD = r"(?:thousand|million|billion|trillion|bn|mn|tn)\b"
_RATE_TAIL = r"\s*(?:a|per|each|every)\s+year\b|\s*annually\b|\s*/\s*(?:yr|year)\b"
_VENDOR = r"(?:(?:Nvidia|NVIDIA|AMD|Intel|Google)(?:'s)?\s+)?"
_CN_MEASURE = r"(?:块|个|張|张|颗|顆|枚|片|台)"
_GPU_MARK = "\ue000"  # stands for a model name in the text before a price (a private-use character)


@dataclass
class Found:
    """A figure found in the text."""

    kind: str  # money, price, rate, count, power, energy, duration
    text: str
    start: int
    end: int
    sentence: int
    estimate: Estimate
    gpu: str | None = None


@dataclass
class Scan:
    path: str
    sentences: list[tuple[int, int]]
    figures: list[Found]
    checks: list[Verdict] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


class Hit(NamedTuple):
    """One pattern's match before overlaps are resolved."""

    kind: str
    start: int
    end: int
    text: str
    estimate: Estimate
    gpu: str | None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9$①-⑩\u4e00-\u9fff])|(?<=[。！？])|(?<!\s)\s*\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at . ! ? (then space) or 。！？, and at blank lines."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _plain(text: str) -> float:
    """``1,000``, ``1 000`` or ``6.5`` as a number."""
    return float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def _number(text: str) -> float | None:
    """An English-style number, or None when it is too long to be a figure."""
    if len(text) > MAX_NUMBER_CHARS:
        return None
    value = _plain(text)
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- Chinese numbers

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def cn_number(text: str) -> float | None:
    """A number in Chinese or mixed notation, or None when ``text`` is not a well-formed one.

    ``60``, ``1,000``, ``二十``, ``三百五十``, ``一千零五``, ``5千`` (5,000), ``1.5亿`` (1.5 x 10^8),
    ``5千万`` (5,000 x 10^4), ``3千亿`` (3,000 x 10^8), ``一万二千`` (12,000), ``十二万`` (120,000).
    The number splits at its last 亿 (the part before is a number below 10^8 and may hold 万:
    ``一万亿`` is 10^12), then at 万; each section is Arabic digits or numerals with 千/百/十 in
    falling order. A section after 万 or 亿 must fill its places or mark the gap with 零
    (``一万零五``), so the colloquial ``一万二`` (12,000 or 10,002?) is not read."""
    return _cn(text, vague=False)


def _cn(text: str, vague: bool) -> float | None:
    """``vague``: the number follows 数/几, which may stand for its leading coefficient (数亿, 几千)."""
    if not text or len(text) > MAX_NUMBER_CHARS:
        return None
    value = _cn_yi(text, vague)
    return value if value is not None and math.isfinite(value) else None


def _cn_yi(text: str, vague: bool) -> float | None:
    i = max(text.rfind("亿"), text.rfind("億"))
    if i < 0:
        return _cn_wan(text, lead=True, vague=vague)
    high, low = text[:i], text[i + 1 :]
    if any(c in high for c in _YI):
        return None
    if high:
        h = _cn_wan(high, lead=True, vague=vague)
    else:
        h = 1.0 if vague else None
    if h is None:
        return None
    if not low:
        return h * 1e8
    rest = _cn_after_yi(low)
    return None if rest is None else h * 1e8 + rest


def _cn_wan(text: str, lead: bool, vague: bool) -> float | None:
    """A number below 10^8 (any size when ``lead``: ``12000万`` and ``240`` before 亿 are fine)."""
    j = max(text.rfind("万"), text.rfind("萬"))
    if j < 0:
        return _cn_section(text, lead=lead, decimals=lead)
    high, low = text[:j], text[j + 1 :]
    if any(c in high for c in _WAN):
        return None
    if high:
        h = _cn_section(high, lead=True, decimals=lead)
        if h is None or (not lead and h >= 1e4):
            return None
    else:
        h = 1.0 if vague and lead else None
    if h is None:
        return None
    if not low:
        return h * 1e4
    rest = _cn_units_section(low)
    return None if rest is None else h * 1e4 + rest


def _cn_after_yi(text: str) -> float | None:
    """What follows 亿: ``2000万``, ``零500万`` or, with the 万 place skipped, ``零五百``."""
    if text[0] in _ZEROS:
        text = text[1:]
        if not text:
            return None
        if not any(c in text for c in _WAN):  # 一亿零五百: units only
            v = _cn_section(text, lead=True, decimals=False)
            return v if v is not None and v < 1e4 else None
    elif not any(c in text for c in _WAN):
        return None  # 1亿2000 or 一亿二千: the 万 place is neither filled nor marked with 零
    v = _cn_wan(text, lead=False, vague=False)
    return v if v is not None and v < 1e8 else None


def _cn_units_section(text: str) -> float | None:
    """The section after 万: four places filled (``2000``, ``二千``, ``0500``) or a gap marked (``零五``)."""
    if text[0] in _ZEROS:
        v = _cn_section(text[1:], lead=True, decimals=False) if len(text) > 1 else None
        return v if v is not None and v < 1000 else None
    if text.isascii():
        return float(text) if len(text) == 4 and text.isdigit() else None
    if len(text) < 2 or text[1] != "千":
        return None
    return _cn_section(text, lead=False, decimals=False)


def _cn_section(text: str, lead: bool, decimals: bool) -> float | None:
    """Arabic digits, or terms coefficient+千/百/十 in falling order and a last digit.

    ``lead``: a leading 十/百/千 may leave out its 一 (十二, 百万, 千亿), and Arabic digits may
    be any number; ``decimals``: Arabic digits may have a decimal part (1.5亿)."""
    if not text:
        return None
    if text.isascii():
        if not _ARABIC.fullmatch(text) or ("." in text and not decimals):
            return None
        return _plain(text) if lead or len(text) <= 4 else None
    if len(text) == 1 and text in _ZEROS:
        return 0.0
    total, last_unit, zero, i, n = 0, 10_000, False, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _ZEROS:
            if zero or i == 0 or i == n - 1:
                return None
            zero = True
            i += 1
            continue
        if ch in CN_DIGITS:
            coef = CN_DIGITS[ch]
            i += 1
        elif "1" <= ch <= "9":
            coef = int(ch)
            i += 1
        elif ch in CN_UNITS and i == 0 and lead:
            coef = 1  # 十二 = 12, 百万 = 10^6
        else:
            return None
        if i < n and text[i] in CN_UNITS:
            unit = CN_UNITS[text[i]]
            if unit >= last_unit:
                return None
            total += coef * unit
            last_unit, zero = unit, False
            i += 1
            continue
        # a last digit: the units place, right after 十 (三十五), after a marked gap (三百零五),
        # or as the whole section (五); 三百五 (colloquial 350) is not read
        if i != n or not (last_unit in (10, 10_000) or zero):
            return None
        total += coef
    return float(total)


def _cn_small(text: str) -> float | None:
    """``2``, ``两``, ``十八``, ``半`` (a half)."""
    if text == "半":
        return 0.5
    return cn_number(text)


# --------------------------------------------------------------------------- long runs

_LONG_EN = re.compile(rf"\d[\d.,\u00a0\u202f ]{{{MAX_NUMBER_CHARS},}}")
_LONG_CN = re.compile(rf"[\d{_CN_CHARS}][\d{_CN_CHARS}.,]{{{MAX_NUMBER_CHARS},}}")
_DIGITS = re.compile(r"\d+")
_CN_PIECE = re.compile(rf"[\d{_CN_CHARS}]+")
_MASK = "\x00"


def mask_long_numbers(text: str) -> str:
    """``text`` with every run of digits or numerals longer than MAX_NUMBER_CHARS blanked out
    (same length, so offsets hold). Such a run is never a figure, and blanking it first keeps
    every number pattern's repetition short: no backtracking state grows with the text.

    A run is what a number pattern could read: digit groups joined by ``,`` or a space before
    exactly three digits, or by ``.``; numerals and digits joined by ``.``/``,`` before a digit.
    The candidate regions are found with single character classes (no backtracking)."""
    spans: list[tuple[int, int]] = []
    for region in _LONG_EN.finditer(text):
        base, body = region.start(), region.group()
        run_start = run_end = -1
        for m in _DIGITS.finditer(body):
            a, b = m.span()
            gap = body[run_end:a] if run_end >= 0 else ""
            joined = run_end >= 0 and len(gap) == 1 and (gap == "." or (b - a == 3 and gap in ", \u00a0\u202f"))
            if not joined:
                if run_end - run_start > MAX_NUMBER_CHARS:
                    spans.append((base + run_start, base + run_end))
                run_start = a
            run_end = b
        if run_end - run_start > MAX_NUMBER_CHARS:
            spans.append((base + run_start, base + run_end))
    for region in _LONG_CN.finditer(text):
        base, body = region.start(), region.group()
        run_start = run_end = -1
        for m in _CN_PIECE.finditer(body):
            a, b = m.span()
            joined = run_end >= 0 and a - run_end == 1 and body[a].isdigit()
            if not joined:
                if run_end - run_start > MAX_NUMBER_CHARS:
                    spans.append((base + run_start, base + run_end))
                run_start = a
            run_end = b
        if run_end - run_start > MAX_NUMBER_CHARS:
            spans.append((base + run_start, base + run_end))
    if not spans:
        return text
    spans.sort()
    out, at = [], 0
    for a, b in spans:
        if b <= at:
            continue
        a = max(a, at)
        out += [text[at:a], _MASK * (b - a)]
        at = b
    out.append(text[at:])
    return "".join(out)


# --------------------------------------------------------------------------- patterns


def _estimate(low: float, high: float, unit: str) -> Estimate | None:
    """A figure's value, or None when it is not a finite, ordered range."""
    from estimator.values import Estimate

    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        return None
    base = Estimate.exact(1.0, unit)
    return Estimate((low + high) / 2, low, high, base.unit)


def _gpu_pattern(names: list[str]) -> str:
    ordered = sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in ordered)


@dataclass(frozen=True)
class _GpuPatterns:
    """Patterns that name the catalogue's models, compiled once per set of names."""

    count_en: re.Pattern[str] | None
    count_cn: re.Pattern[str] | None
    count_after: re.Pattern[str] | None
    mention: re.Pattern[str] | None
    price_before: re.Pattern[str]
    price_after: re.Pattern[str]


@lru_cache(maxsize=8)
def _gpu_patterns(names: tuple[str, ...]) -> _GpuPatterns:
    gpus = _gpu_pattern(list(names))
    words = r"GPU|chip|card|accelerator|unit|piece|device|board" + (f"|{gpus}" if gpus else "")
    nouns = rf"(?:(?:{words})s?\b|{_GPU_MARK})"
    # a unit price: "$25,000 per GPU", "at $30,000 apiece", "$30,000 for each H100", "2.5万美元/块"
    after = (
        rf"\s*(?:(?:(?:per|an?|each|every)(?:\s+|-)|/\s*)(?:single\s+)?{nouns}"
        rf"|for\s+(?:each|every|one|a\s+single)\s+{nouns}"
        r"|(?P<bare>apiece|each|a\s+piece)\b"
        rf"|(?:/|每|一){_CN_MEASURE})"
    )
    # ... or said before: "Each H100 costs about", "the unit price of", "每块H100售价", "单价约"
    # (in the text before the figure, with each model name replaced by _GPU_MARK)
    verbs = r"(?:cost|costs|costing|sells?|sold|selling|priced|retails?|goes|went)"
    before = (
        rf"(?:\b(?:each|every|one|a\s+single)\s+{_VENDOR}{nouns}[^.;!?$\d]{{0,30}}?\b{verbs}\b"
        rf"|\bper\s+{nouns}"
        r"|\b(?:unit|per[-\s]unit|per[-\s]GPU|per[-\s]chip)\s+(?:price|cost)s?\b"
        rf"|\bprices?\s+(?:per|of\s+(?:each|one|a\s+single|an?))\s+{nouns}"
        rf"|{_GPU_MARK}(?:'s|s)?\s+(?:(?:unit|list|retail|sale|selling|street)\s+)?prices?\b"
        r")[^.;!?$\d]{0,25}$"
        rf"|(?:单价|每一?{_CN_MEASURE}|(?:{_GPU_MARK}|芯片|显卡|加速卡|GPU)的?(?:售价|价格|报价|定价))[^，。；,;！？!?$\d]{{0,16}}$"
    )
    if not gpus:
        return _GpuPatterns(None, None, None, None, re.compile(before, re.I), re.compile(after, re.I))
    cn_count = rf"(?P<n>{_CN_RUN})余?{_CN_MEASURE}?\s*(?:(?:英伟达|輝達|Nvidia|NVIDIA)\s*)?(?P<g>{gpus})"
    return _GpuPatterns(
        count_en=re.compile(
            rf"(?P<n>{_NUM})(?:\s*(?P<s>thousand|million|k)\b)?(?:-GPU)?\s+(?:of\s+)?{_VENDOR}(?P<g>{gpus})s?\b"
        ),
        count_cn=re.compile(cn_count),
        count_after=re.compile(rf"(?P<g>{gpus})(?:芯片|GPU|显卡|加速卡)?\s*(?P<n>{_CN_RUN})余?{_CN_MEASURE}"),
        mention=re.compile(rf"(?<![A-Za-z0-9])(?:{gpus})s?(?![A-Za-z0-9])"),
        price_before=re.compile(before, re.I),
        price_after=re.compile(after, re.I),
    )


def _counts(text: str, gpu_names: dict[str, str], pats: _GpuPatterns) -> Iterator[list[Hit]]:
    """``20,000 Nvidia H100 GPUs``, ``100,000 H100s``, ``20万块H100``, ``H100芯片20万块``."""
    if pats.count_en is None or pats.count_cn is None or pats.count_after is None:
        return
    hits = []
    for m in pats.count_en.finditer(text):
        digits = m["n"]
        if not m["s"] and re.fullmatch(r"(19|20)\d\d", digits):
            continue  # "In 2024 H100 prices fell": a year, not a count
        n = _number(digits)
        if n is None:
            continue
        n *= SCALE.get((m["s"] or "").lower(), 1)
        est = _estimate(n, n, "GPU")
        if est is not None:
            hits.append(Hit("count", m.start(), m.end(), m.group(), est, gpu_names[m["g"]]))
    yield hits
    for pattern, skip_years in ((pats.count_cn, True), (pats.count_after, False)):
        hits = []
        for m in pattern.finditer(text):
            if skip_years and re.fullmatch(r"(19|20)\d\d", m["n"]):
                continue
            value = cn_number(m["n"])
            est = None if value is None else _estimate(value, value, "GPU")
            if est is not None:
                hits.append(Hit("count", m.start(), m.end(), m.group(), est, gpu_names[m["g"]]))
        yield hits


_HOURLY = r"(?!\s*(?:an|per|a|/)\s*(?:hour|hr|h|GPU-hour)\b)"  # "$2 an hour" is a rental rate, not a sum
# "between $3 and $6 billion" is a range like "$3 to $6 billion": "and" joins two figures only
# after "between" (the optional empty groups w1/w2 record that; the separator tests them).
_MONEY_EN = re.compile(
    rf"\b(?P<v>{'|'.join(re.escape(v) for v in VAGUE)})\s+(?P<s1>thousand|million|billion|trillion|bn|mn|tn)s?"
    rf"\s+(?:of\s+)?(?:US\s+)?dollars\b(?P<r1>{_RATE_TAIL})?"
    rf"|(?<![A-Za-z])(?P<w1>(?<=\bbetween\s))?(?:US)?\$\s?(?P<a>{_NUM})(?:\s*(?P<sa>{_SCALE_WORD}))?"
    rf"(?:\s*(?:-|–|to|(?(w1)and|(?!)))\s*\$?(?P<a2>{_NUM}))?(?:\s*(?P<s2>{_SCALE_WORD}|[BMKT]\b))?{_HOURLY}(?P<r2>{_RATE_TAIL})?"
    rf"|(?<![A-Za-z$])USD\s?(?P<c>{_NUM})(?:\s*(?P<s4>{_SCALE_WORD}))?{_HOURLY}(?P<r4>{_RATE_TAIL})?"
    rf"|(?P<w2>(?<=\bbetween\s))?(?P<b>{_NUM})(?:\s*(?:-|–|to|(?(w2)and|(?!)))\s*(?P<b2>{_NUM}))?(?:\s*(?P<s3>{_SCALE_WORD}))?\s+(?:US\s+)?(?:dollars|USD)\b"
    rf"(?P<r3>{_RATE_TAIL})?",
    re.I,
)
_MONEY_CN = re.compile(rf"(?P<v>数|几|數|幾)?(?P<n>{_CN_RUN})?美元(?P<r>每年|/年|一年)?")
_RATE_BEFORE_CN = re.compile(r"(每年|一年|年均|每一年)[^。，,]{0,12}$")
# after a per-unit price, a time: "$2 per GPU per hour", "$30,000 per GPU a year" is a rental, not a price
_TIME_TAIL = re.compile(
    r"[-\s]?(?:hours?|hrs?|h)\b|\s*(?:per|an?|/|each|every)\s*(?:hours?|hr|h|days?|weeks?|months?|mo|years?|yr)\b"
    r"|\s*(?:每|/|一)(?:小时|小時|天|日|月|年)",
    re.I,
)


_HOURLY_CN = re.compile(r"\s*(?:每|/|一)(?:个)?(?:GPU)?(?:小时|小時)")


def _price_cue(text: str, start: int, end: int, value: float, pats: _GpuPatterns) -> str | None:
    """``price`` when the money at ``text[start:end]`` is said per unit, ``rental`` when per unit
    and per time (not a sum at all), else None."""
    if _HOURLY_CN.match(text, end, min(len(text), end + 8)):
        return "rental"  # 2美元每小时, like "$2 an hour"
    m = pats.price_after.match(text, end, min(len(text), end + 60))
    if m:
        if _TIME_TAIL.match(text, m.end(), min(len(text), m.end() + 20)):
            return "rental"
        if not m["bare"] or value <= BARE_PRICE_MAX:
            return "price"
        return None
    before = text[max(0, start - 80) : start]
    if pats.mention is not None:
        before = pats.mention.sub(_GPU_MARK, before)
    return "price" if pats.price_before.search(before) else None


def _money(text: str, pats: _GpuPatterns) -> Iterator[list[Hit]]:
    """``$6 billion``, ``24 billion US dollars``, ``a few billion dollars a year``, ``60亿美元``,
    and unit prices (``$25,000 per GPU``)."""
    hits = []
    for m in _MONEY_EN.finditer(text):
        if m["v"]:
            low, high = (float(x) for x in VAGUE[m["v"].lower()])
            scale = SCALE[m["s1"].lower()]
            low, high = low * scale, high * scale
        else:
            first = m["a"] or m["b"] or m["c"]
            a, b = _number(first), _number(m["a2"] or m["b2"] or first)
            if a is None or b is None:
                continue
            scale_high = SCALE.get((m["s2"] or m["s3"] or m["s4"] or m["sa"] or "").lower(), 1)
            scale_low = SCALE.get(m["sa"].lower(), 1) if m["sa"] else scale_high
            low, high = a * scale_low, b * scale_high
        rate = bool(m["r1"] or m["r2"] or m["r3"] or m["r4"])
        hit = _money_hit(text, m, low, high, rate, pats)
        if hit is not None:
            hits.append(hit)
    yield hits
    hits = []
    for m in _MONEY_CN.finditer(text):
        if not (m["n"] or m["v"]):
            continue
        value = _cn(m["n"], vague=bool(m["v"])) if m["n"] else 1.0
        if value is None:
            continue
        # 数十亿 / 几十亿: "some tens of 100 million" = 2..9 billion
        low, high = (2 * value, 9 * value) if m["v"] else (value, value)
        rate = bool(m["r"]) or bool(_RATE_BEFORE_CN.search(text[max(0, m.start() - 14) : m.start()]))
        hit = _money_hit(text, m, low, high, rate, pats)
        if hit is not None:
            hits.append(hit)
    yield hits


def _money_hit(text: str, m: re.Match[str], low: float, high: float, rate: bool, pats: _GpuPatterns) -> Hit | None:
    cue = None if rate else _price_cue(text, m.start(), m.end(), high, pats)
    if cue == "rental":
        return None
    kind, unit = ("rate", "USD/yr") if rate else ("price", "USD/GPU") if cue else ("money", "USD")
    est = _estimate(low, high, unit)
    return None if est is None else Hit(kind, m.start(), m.end(), m.group(), est, None)


_POWER_UNITS = {"kilowatt": "kW", "kw": "kW", "megawatt": "MW", "mw": "MW", "gigawatt": "GW", "gw": "GW"}
_ENERGY_UNITS = {
    "kilo": "kWh",
    "mega": "MWh",
    "giga": "GWh",
    "tera": "TWh",
    "k": "kWh",
    "m": "MWh",
    "g": "GWh",
    "t": "TWh",
}
_HOURS_AFTER = r"(?!\s*(?:[-·]\s*)?(?:hours?|hrs?|h)\b)"  # "150 megawatt-hours" is energy, not power
_POWER_EN = re.compile(
    rf"(?P<n>{_NUM})\s*(?:-\s*)?(?P<u>kilowatts?|megawatts?|gigawatts?|kW|MW|GW)\b{_HOURS_AFTER}", re.I
)
_ENERGY_EN = re.compile(
    rf"(?P<n>{_NUM})\s*(?:-\s*)?(?:(?P<p>kilo|mega|giga|tera)watts?[-\s]?hours?\b|(?P<q>[kMGT])W[-·\s]?h\b)", re.I
)
# 千瓦 is kW; a run before 瓦 that ends in 千 (10万千瓦, 5千瓦) takes that 千 as the kilo
_WATT_CN = re.compile(rf"(?P<n>{_CN_RUN})(?P<u>兆瓦|吉瓦|瓦)(?P<h>时|時|小时|小時)?")
_WATT_CN_MW = {"千瓦": 1e-3, "兆瓦": 1.0, "吉瓦": 1e3}


def _power(text: str) -> Iterator[list[Hit]]:
    """``100-megawatt``, ``150 MW``, ``100兆瓦``; energy (``150 MWh``, ``150兆瓦时``) is its own kind."""
    hits = []
    for m in _POWER_EN.finditer(text):
        n = _number(m["n"])
        est = None if n is None else _estimate(n, n, _POWER_UNITS[m["u"].lower().rstrip("s")])
        if est is not None:
            hits.append(Hit("power", m.start(), m.end(), m.group(), est.to("MW"), None))
    yield hits
    hits = []
    for m in _WATT_CN.finditer(text):
        run, unit = m["n"], m["u"]
        if unit == "瓦":
            if not run.endswith("千"):
                continue  # watts alone are not a facility figure
            run, unit = run[:-1], "千瓦"
        value = cn_number(run)
        if value is None:
            continue
        mw = value * _WATT_CN_MW[unit]
        est = _estimate(mw, mw, "MWh" if m["h"] else "MW")
        if est is not None:
            hits.append(Hit("energy" if m["h"] else "power", m.start(), m.end(), m.group(), est, None))
    yield hits
    hits = []
    for m in _ENERGY_EN.finditer(text):
        n = _number(m["n"])
        est = None if n is None else _estimate(n, n, _ENERGY_UNITS[(m["p"] or m["q"]).lower()])
        if est is not None:
            hits.append(Hit("energy", m.start(), m.end(), m.group(), est.to("MWh"), None))
    yield hits


_DURATION_EN = re.compile(rf"(?P<a>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b>{_NUM}))?\s*(?:-\s*)?(?P<u>years?|months?)\b", re.I)
_DURATION_CN = re.compile(
    rf"(?P<a>半|{_CN_RUN})(?:\s*[-–至到~]\s*(?P<b>半|{_CN_RUN}))?\s*(?:(?P<y>年)(?!代|份|\d)|(?P<mo>个月|個月))"
)


def _durations(text: str) -> Iterator[list[Hit]]:
    """``1-2 years``, ``18 months``, ``1-2年``, ``十八个月``."""
    hits = []
    for m in _DURATION_EN.finditer(text):
        low, high = _number(m["a"]), _number(m["b"] or m["a"])
        if low is not None and high is not None and low <= high:
            unit = "yr" if m["u"].lower().startswith("year") else "mo"
            est = _estimate(low, high, unit)
            if est is not None:
                hits.append(Hit("duration", m.start(), m.end(), m.group(), est.to("yr"), None))
    yield hits
    hits = []
    for m in _DURATION_CN.finditer(text):
        low, high = _cn_small(m["a"]), _cn_small(m["b"] or m["a"])
        if low is not None and high is not None and low <= high < 100:
            est = _estimate(low, high, "yr" if m["y"] else "mo")
            if est is not None:
                hits.append(Hit("duration", m.start(), m.end(), m.group(), est.to("yr"), None))
    yield hits


def extract(text: str, gpu_names: dict[str, str]) -> tuple[list[tuple[int, int]], list[Found]]:
    """Every figure in ``text``; ``gpu_names`` maps each name and alias to its canonical name.

    Counts are found first, so ``100,000 H100`` is a count and not a bare number; a span
    already taken is not read again. Each pattern's matches come in text order and do not
    overlap one another, so one sweep over them and the spans taken so far resolves overlaps."""
    sentences = split_sentences(text)
    starts = [a for a, _ in sentences]
    pats = _gpu_patterns(tuple(sorted(gpu_names)))
    plain = mask_long_numbers(text)
    streams = [*_counts(plain, gpu_names, pats), *_money(plain, pats), *_power(plain), *_durations(plain)]
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    kept: list[Hit] = []
    for hits in streams:
        new: list[tuple[int, int]] = []
        j = 0
        for hit in hits:
            while j < len(taken) and taken[j][1] <= hit.start:
                j += 1
            if j < len(taken) and taken[j][0] < hit.end:
                continue
            new.append((hit.start, hit.end))
            kept.append(hit)
        if new:
            taken = sorted(taken + new)  # two sorted runs: a linear merge
    kept.sort(key=lambda h: h.start)
    mentions = _mentions(plain, gpu_names, pats)
    found: list[Found] = []
    for t, hit in enumerate(kept):
        sentence = max(0, bisect.bisect_right(starts, hit.start) - 1)
        gpu = hit.gpu
        if hit.kind == "price" and sentences:
            gpu = _named_near(plain, mentions, hit, sentences[sentence])
            # "350,000 H100s at $25,000 per GPU", "$25,000 per GPU for 350,000 H100s": the count beside it
            for other in (t - 1, t + 1):
                if gpu is None and 0 <= other < len(kept) and kept[other].kind == "count":
                    lo, hi = (kept[other].end, hit.start) if other < t else (hit.end, kept[other].start)
                    if 0 <= hi - lo <= 40 and not _BETWEEN.search(plain, lo, hi) and "\n" not in plain[lo:hi]:
                        gpu = kept[other].gpu
        found.append(
            Found(hit.kind, text[hit.start : hit.end].strip(), hit.start, hit.end, sentence, hit.estimate, gpu)
        )
    return sentences, found


def _mentions(text: str, gpu_names: dict[str, str], pats: _GpuPatterns) -> tuple[list[int], list[int], list[str]]:
    """Where each model name is written: starts, ends and canonical names, in text order."""
    if pats.mention is None:
        return [], [], []
    ms = list(pats.mention.finditer(text))
    names = [gpu_names.get(m.group(), gpu_names.get(m.group()[:-1], "")) for m in ms]
    return [m.start() for m in ms], [m.end() for m in ms], names


def _named_near(
    text: str, mentions: tuple[list[int], list[int], list[str]], hit: Hit, sentence: tuple[int, int]
) -> str | None:
    """The model a price is for: the closest name before it in its sentence (``Each H100 costs
    $30,000``), else one right after it (``$30,000 per H100``); only when no other number or
    clause break stands between them (in ``1,000 H100s at $25,000 and 2,000 B200 at $40,000``
    the H100 is not the second price's)."""
    starts, ends, names = mentions
    i = bisect.bisect_right(starts, hit.start) - 1
    if i >= 0 and starts[i] >= max(sentence[0], hit.start - 80) and names[i]:
        if not _BETWEEN.search(text, ends[i], hit.start):
            return names[i]
    k = bisect.bisect_left(starts, hit.end)
    if k < len(starts) and ends[k] <= min(sentence[1], hit.end + 40) and names[k]:
        if not _BETWEEN.search(text, hit.end, starts[k]):
            return names[k]
    return None


_BETWEEN = re.compile(r"[\d;；。$]|美元")


# --------------------------------------------------------------------------- pairing


def _q(est: Estimate, unit: str) -> str:
    """An estimate as calc text in ``unit`` (a range when it has one)."""
    e = est.to(unit)
    u = f" {unit}" if unit else ""
    if e.is_exact:
        return f"{e.typical:.6g}{u}"
    return f"{e.low:.6g}..{e.high:.6g}{u}"


def pair(
    scan_text: str,
    sentences: list[tuple[int, int]],
    figures: list[Found],
    default_gpu: str | None,
    tolerance: float,
) -> tuple[list[Claim], list[Claim]]:
    """Candidate checks (claims) and worked-out context (infos) from nearby figures.

    Possible checks (a count with money, a count with power, money with a rate and a duration)
    among figures at most one sentence apart are scored by sentence gap, then character
    distance; the closest are taken first and a figure serves one check only. Each figure is
    offered only its ``NEAR`` closest candidates of each kind by that score (found by bisection
    over the positions of each kind), so the work is O(k log k) in the figures k. A unit
    price that names its model is checked against the catalogue's price on its own."""
    begin = [f.start for f in figures]
    finish = [f.end for f in figures]
    sentence = [f.sentence for f in figures]
    kinds: dict[str, list[int]] = {}
    for i, f in enumerate(figures):
        kinds.setdefault(f.kind, []).append(i)
    starts = {k: [begin[j] for j in ix] for k, ix in kinds.items()}
    sents = {k: [sentence[j] for j in ix] for k, ix in kinds.items()}

    def span(i: int, j: int) -> int:
        return (finish[i] if finish[i] > finish[j] else finish[j]) - (begin[i] if begin[i] < begin[j] else begin[j])

    def near(i: int, kind: str) -> list[int]:
        """The NEAR closest figures of ``kind`` by (sentence gap, span): those in i's sentence
        first, then those in the sentences either side."""
        ix = kinds.get(kind)
        if not ix:
            return []
        s, ss = sentence[i], sents[kind]
        lo = bisect.bisect_left(ss, s)
        hi = bisect.bisect_right(ss, s, lo)
        p = bisect.bisect_left(starts[kind], begin[i], lo, hi)
        found: list[int] = []
        left, right = p - 1, p
        while len(found) < NEAR and (left >= lo or right < hi):
            if right >= hi or (left >= lo and span(i, ix[left]) <= span(i, ix[right])):
                found.append(ix[left])
                left -= 1
            else:
                found.append(ix[right])
                right += 1
        if len(found) < NEAR:
            lo_prev = bisect.bisect_left(ss, s - 1, 0, lo)
            hi_next = bisect.bisect_right(ss, s + 1, hi)
            beside = ix[max(lo_prev, lo - NEAR) : lo] + ix[hi : min(hi_next, hi + NEAR)]
            beside.sort(key=lambda j: (span(i, j), j))
            found += beside[: NEAR - len(found)]
        return found

    def gap(ix: tuple[int, ...]) -> tuple[int, int]:
        sn = [sentence[i] for i in ix]
        return max(sn) - min(sn), max(finish[i] for i in ix) - min(begin[i] for i in ix)

    options: list[tuple[tuple[int, int], str, tuple[int, ...]]] = []
    for i, f in enumerate(figures):
        if f.kind == "count" and f.gpu:
            options += [(gap((i, j)), "buy", (i, j)) for j in near(i, "money")]
            options += [(gap((i, j)), "power", (i, j)) for j in near(i, "power")]
        elif f.kind == "money":
            spans = near(i, "duration")
            triples = [
                (gap((i, r, d)), "runway", (i, r, d)) for r in near(i, "rate") for d in {*spans, *near(r, "duration")}
            ]
            options += sorted(triples)[:NEAR]
    options.sort(key=lambda o: (o[0], o[2]))

    line_starts = [0] + [m.end() for m in re.finditer("\n", scan_text)]

    def says(*fs: Found) -> str:
        """The sentences of the figures, whitespace collapsed, cut to SAYS_CHARS; read from a
        bounded window (at most SAYS_BEFORE before the first figure) so a long sentence costs
        no more than a short one."""
        first, last = min(f.sentence for f in fs), max(f.sentence for f in fs)
        a, b = sentences[first][0], sentences[last][1]
        lead = ""
        begin = min(f.start for f in fs)
        if begin - a > SAYS_BEFORE:
            a, lead = begin - SAYS_BEFORE, "…"
        return (lead + " ".join(scan_text[a : min(b, a + SAYS_WINDOW)].split()))[:SAYS_CHARS]

    def claim(ident: str, expr: str, expect: str, fs: tuple[Found, ...], note: str) -> Claim:
        line = bisect.bisect_right(line_starts, min(f.start for f in fs))
        return Claim(ident, expr, expect, says=says(*fs), tolerance=tolerance, note=note, line=line)

    def assign(first: str | None) -> tuple[set[int], list[tuple[str, tuple[int, ...]]]]:
        """Greedy, closest first; ``first`` puts one kind of check ahead of the others."""
        taken: set[int] = set()
        picked: list[tuple[str, tuple[int, ...]]] = []
        ordered = (
            options if first is None else [o for o in options if o[1] == first] + [o for o in options if o[1] != first]
        )
        for _, kind, ix in ordered:
            if not taken.intersection(ix):
                taken.update(ix)
                picked.append((kind, ix))
        return taken, picked

    # a greedy pick can take a figure that a second check needed: try each kind first, keep the most checks
    used, chosen = max((assign(k) for k in (None, "runway", "power", "buy")), key=lambda a: len(a[1]))
    prices: list[tuple[str, tuple[int, ...]]] = [
        ("price", (i,)) for i, f in enumerate(figures) if f.kind == "price" and f.gpu
    ]
    used = used.union(*(ix for _, ix in prices))
    claims: list[Claim] = []
    for kind, ix in sorted(chosen + prices, key=lambda c: min(figures[i].start for i in c[1])):
        fs = tuple(figures[i] for i in ix)
        ident = f"{kind}-{len(claims) + 1}"
        if kind == "buy":
            count, money = fs
            expr, expect = f"buy({_q(money.estimate, 'USD')}, {count.gpu})", _q(count.estimate, "GPU")
            note = (
                f"'{money.text}' and '{count.text}': the implied unit price against the catalogue's {count.gpu} price"
            )
        elif kind == "power":
            count, watts = fs
            expr, expect = f"power({_q(count.estimate, 'GPU')}, {count.gpu})", _q(watts.estimate, "MW")
            note = f"'{count.text}' and '{watts.text}': facility power of the cluster (server power x PUE)"
        elif kind == "price":
            (price,) = fs
            expr, expect = f"{price.gpu}.price", _q(price.estimate, "USD/GPU")
            note = f"'{price.text}': a unit price against the catalogue's {price.gpu} price"
        else:
            money, rate, duration = fs
            expr = f"runway({_q(money.estimate, 'USD')}, {_q(rate.estimate, 'USD/yr')})"
            expect, note = _q(duration.estimate, "yr"), f"'{money.text}' at '{rate.text}' lasts '{duration.text}'?"
        claims.append(claim(ident, expr, expect, fs, note))

    infos: list[Claim] = []
    gpu = default_gpu
    for i, f in enumerate(figures):
        if f.kind == "count" and f.gpu:
            gpu = f.gpu
        if i in used:
            continue
        if f.kind == "count" and f.gpu:
            gpus = _q(f.estimate, "GPU")
            infos.append(claim(f"cost-{i + 1}", f"{gpus} * {f.gpu}.price", "", (f,), f"what '{f.text}' cost"))
            infos.append(claim(f"power-{i + 1}", f"power({gpus}, {f.gpu})", "", (f,), f"facility power of '{f.text}'"))
        elif f.kind == "power" and gpu:
            infos.append(
                claim(
                    f"gpus-{i + 1}",
                    f"{_q(f.estimate, 'MW')} / power(1, {gpu}) * 1 GPU",
                    "",
                    (f,),
                    f"how many {gpu}s '{f.text}' runs (server power, IT overhead and PUE included)",
                )
            )
        elif f.kind == "money" and gpu and COMPUTE_WORDS.search(says(f)):
            infos.append(
                claim(
                    f"gpu-hours-{i + 1}",
                    f"{_q(f.estimate, 'USD')} / {gpu}.rental to GPU*h",
                    "",
                    (f,),
                    f"{gpu}-hours '{f.text}' rents",
                )
            )
        elif f.kind == "price" and default_gpu:
            note = f"'{f.text}' names no model: the catalogue's {default_gpu} price to compare"
            infos.append(claim(f"list-price-{i + 1}", f"{default_gpu}.price", "", (f,), note))
    return claims, infos


# --------------------------------------------------------------------------- checking


class _Memo:
    """Verdicts and computed values already worked out in one scan, by expression (and expectation,
    tolerance, date): a repeated figure is not evaluated again. At most MEMO_SIZE entries (LRU)."""

    def __init__(self) -> None:
        self.checks: OrderedDict[tuple[str, str, float, str | None], Verdict] = OrderedDict()
        self.infos: OrderedDict[tuple[str, str | None], tuple[Estimate | None, list[Assumption], str]] = OrderedDict()

    def check(self, c: Claim, cat: Catalogue) -> Verdict:
        key = (c.expr, c.expect, c.tolerance, c.as_of)
        seen = self.checks.get(key)
        if seen is not None and seen.claim is not None:
            self.checks.move_to_end(key)
            old = _prefix(seen.claim)
            if not seen.message or seen.message.startswith(old):
                message = _prefix(c) + seen.message[len(old) :] if seen.message else ""
                return dataclasses.replace(
                    seen, id=c.id, line=c.line, claim=c, message=message, assumptions=list(seen.assumptions)
                )
        verdict = check_claim(c, lambda: cat)
        _remember(self.checks, key, verdict)
        return verdict

    def info(self, c: Claim, cat: Catalogue) -> Verdict:
        from estimator.errors import EstimatorError
        from estimator.language.evaluate import Context, calculate

        key = (c.expr, c.as_of)
        seen = self.infos.get(key)
        if seen is None:
            ctx = Context(lambda: cat, as_of=c.as_of)
            try:
                seen = (calculate(c.expr, ctx), list(ctx.assumptions), "")
            except EstimatorError as exc:  # context that cannot be worked out is not an error of the text
                seen = (None, [], f"not available: {exc.message}")
            except (ArithmeticError, ValueError) as exc:
                seen = (None, [], f"not available: {type(exc).__name__}")
            _remember(self.infos, key, seen)
        else:
            self.infos.move_to_end(key)
        computed, assumptions, message = seen
        return Verdict(
            c.file, c.id, INFO, c.line, claim=c, computed=computed, assumptions=list(assumptions), message=message
        )


K = TypeVar("K")
V = TypeVar("V")


def _remember(table: OrderedDict[K, V], key: K, value: V) -> None:
    """Add to an LRU table of at most MEMO_SIZE entries."""
    table[key] = value
    if len(table) > MEMO_SIZE:
        table.popitem(last=False)


def _prefix(c: Claim) -> str:
    """How check_claim starts an error message for ``c``."""
    where = f"{c.file}:{c.line}" if c.line else c.file
    return f"{where}: {c.id}: "


def scan(
    text: str,
    path: str,
    catalogue: Callable[[], Catalogue],
    as_of: str | None = None,
    tolerance: float = 0.25,
    gpu: str | None = None,
) -> Scan:
    """Extract, pair and check: the figures, the verdicts of the checks and the infos."""
    from estimator.errors import InputError

    if len(text) > MAX_TEXT:
        raise InputError(f"{path}: the text is longer than {MAX_TEXT:,} characters", "scan a shorter extract")
    cat = catalogue()
    names: dict[str, str] = {}
    for canonical in cat.names:
        for alias in [canonical, *cat.gpus_raw[canonical].get("aliases", [])]:
            names[str(alias)] = canonical
            names[str(alias).replace("-", " ")] = canonical
    default_gpu = cat.resolve(gpu) if gpu else None
    sentences, figures = extract(text, names)
    claims, infos = pair(text, sentences, figures, default_gpu, tolerance)
    result = Scan(path, sentences, figures)
    memo = _Memo()
    for c in claims:
        c = dataclasses.replace(c, file=path, as_of=as_of)
        result.claims.append(c)
        result.checks.append(memo.check(c, cat))
    for c in infos:
        result.checks.append(memo.info(dataclasses.replace(c, file=path, as_of=as_of), cat))
    result.checks.sort(key=lambda v: v.line)
    return result


# --------------------------------------------------------------------------- claim files

# What YAML does not allow raw in a double-quoted scalar (C0 controls are already escaped by
# JSON), plus the characters YAML reads as line breaks and the byte-order mark.
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that any YAML reader accepts.

    A JSON string is a YAML double-quoted scalar once DEL, the C1 controls, U+2028/U+2029,
    U+FEFF, U+FFFE and U+FFFF are escaped too (``\\u007f``). A lone surrogate (an undecodable
    byte read with surrogateescape) has no escape libyaml accepts, so it becomes U+FFFD."""
    import json

    body = json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04x}", body)


def _tolerance_text(tolerance: float) -> str:
    """The shortest ``N%`` (or fraction) that reads back as exactly ``tolerance``."""
    for digits in range(3, 18):
        text = f"{tolerance * 100:.{digits}g}"
        if float(text) / 100 == tolerance:
            return f"{text}%"
    return repr(tolerance) if tolerance < 1 else f"{tolerance * 100!r}%"


def claims_yaml(result: Scan, source: str, as_of: str | None, tolerance: float) -> str:
    """A claim file skeleton for ``gpucost check``: the paired checks, then the worked-out
    figures as commented-out claims that need an expectation. ``claims: []`` when nothing paired."""
    q = yaml_string
    shown = source if source.isprintable() else q(source)
    lines = [
        f"# Claims found by gpucost scan in {shown}. Check each paraphrase and expectation,",
        "# then run: gpucost check THIS_FILE",
        f"title: {q('claims found in ' + source)}",
        f"source: {q(source)}",
    ]
    if as_of:
        lines.append(f"as_of: {q(as_of)}")
    lines += [f"tolerance: {_tolerance_text(tolerance)}", "claims:" if result.claims else "claims: []"]
    for c in result.claims:
        lines += [
            f"  - id: {q(c.id)}",
            f"    says: {q(c.says)}",
            f"    expr: {q(c.expr)}",
            f"    expect: {q(c.expect)}",
            f"    note: {q(c.note)}",
        ]
    infos = [v for v in result.checks if v.status == INFO and v.claim is not None]
    if infos:
        lines.append("  # Figures with nothing to compare in the text: add an expectation to check them.")
    for v in infos:
        assert v.claim is not None
        lines += [
            f"  # - id: {q(v.claim.id)}",
            f"  #   says: {q(v.claim.says)}",
            f"  #   expr: {q(v.claim.expr)}",
            "  #   expect: TODO",
        ]
    return "\n".join(lines) + "\n"
