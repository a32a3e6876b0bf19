"""The patterns for each kind of figure: GPU counts with their model, money (sums, unit prices,
spending rates), power and energy, durations. Each finder yields lists of ``Hit``s, one list per
pattern, in text order; ``extract`` resolves the overlaps between them.

Every pattern is built from ``numbers.NUM`` / ``numbers.CN_RUN``, which can only start at the
start of a run of digits or numerals, so each pattern runs in time linear in the text; each is
tried only where ``starts.Starts`` says a match of it can begin (a pattern whose every match holds
a word the text lacks, such as 美元 or 瓦, is not run at all).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

from estimator.scan.numbers import CN_RUN, NUM, SCALE, SCALE_WORD, VAGUE, cn_number, cn_small, number
from estimator.scan.starts import CASE_ODD, Starts, matches
from estimator.values import Estimate

if TYPE_CHECKING:
    import pint

BARE_PRICE_MAX = 1e6  # "$X each" / "apiece" is a unit price only up to this (else "$10 billion each" of companies)

_RATE_TAIL = (
    r"\s*(?:a|per|each|every)\s+(?:year|month|quarter|week)\b|\s*(?:annually|monthly|quarterly|weekly)\b"
    r"|\s*/\s*(?:yr|year|mo|month|wk|week)\b"
)
# a spending rate's periods a year: "$250 million a month" is $3 billion a year
_PER_YEAR = (("quarter", 4.0), ("week", 365.25 / 7), ("wk", 365.25 / 7), ("mo", 12.0))


def per_year(tail: str) -> float:
    """How many of the rate's periods make a year (0 when ``tail`` states no rate)."""
    if not tail:
        return 0.0
    return next((n for word, n in _PER_YEAR if word in tail.lower()), 1.0)


_VENDOR = r"(?:(?:Nvidia|NVIDIA|AMD|Intel|Google)(?:'s)?\s+)?"
_CN_MEASURE_CHARS = "块个張张颗顆枚片台"
_CN_MEASURE = rf"(?:{'|'.join(_CN_MEASURE_CHARS)})"
_GPU_MARK = "\ue000"  # stands for a model name in the text before a price (a private-use character)


class Hit(NamedTuple):
    """One pattern's match before overlaps are resolved."""

    kind: str
    start: int
    end: int
    text: str
    estimate: Estimate
    gpu: str | None


def _figure_value(low: float, high: float, unit: str) -> Estimate | None:
    """A figure's value, or None when it is not a finite, ordered range."""
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        return None
    return Estimate((low + high) / 2, low, high, _unit(unit))


@lru_cache(maxsize=32)
def _unit(text: str) -> pint.Unit:
    """The unit a figure is read in (a few kinds: looked up once, not once a figure)."""
    return Estimate.exact(1.0, text).unit


def _gpu_pattern(names: list[str]) -> str:
    ordered = sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in ordered)


@dataclass(frozen=True)
class GpuPatterns:
    """Patterns that name the catalogue's models, compiled once per set of names."""

    count_en: re.Pattern[str] | None
    count_cn: re.Pattern[str] | None
    count_after: re.Pattern[str] | None
    mention: re.Pattern[str] | None
    name: re.Pattern[str] | None  # any name, without mention's lookarounds: where a name can start
    price_before: re.Pattern[str]
    price_after: re.Pattern[str]


@lru_cache(maxsize=8)
def gpu_patterns(names: tuple[str, ...]) -> GpuPatterns:
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
        return GpuPatterns(None, None, None, None, None, re.compile(before, re.I), re.compile(after, re.I))
    cn_count = rf"(?P<n>{CN_RUN})余?{_CN_MEASURE}?\s*(?:(?:英伟达|輝達|Nvidia|NVIDIA)\s*)?(?P<g>{gpus})"
    return GpuPatterns(
        count_en=re.compile(
            rf"(?P<n>{NUM})(?:\s*(?P<s>thousand|million|k)\b)?(?:-GPU)?\s+(?:of\s+)?{_VENDOR}(?P<g>{gpus})s?\b"
        ),
        count_cn=re.compile(cn_count),
        count_after=re.compile(rf"(?P<g>{gpus})(?:芯片|GPU|显卡|加速卡)?\s*(?P<n>{CN_RUN})余?{_CN_MEASURE}"),
        mention=re.compile(rf"(?<![A-Za-z0-9])(?:{gpus})s?(?![A-Za-z0-9])"),
        name=re.compile(gpus),
        price_before=re.compile(before, re.I),
        price_after=re.compile(after, re.I),
    )


_YEAR = re.compile(r"(19|20)\d\d")
_BARE_DECIMAL = re.compile(r"[\d.]*\.[\d.]*")


def find_counts(
    text: str, gpu_names: dict[str, str], pats: GpuPatterns, starts: Starts, names: list[int]
) -> Iterator[list[Hit]]:
    """``20,000 Nvidia H100 GPUs``, ``100,000 H100s``, ``20万块H100``, ``H100芯片20万块``;
    ``names``: where a model's name can start (``Starts.names``)."""
    if pats.count_en is None or pats.count_cn is None or pats.count_after is None:
        return
    hits = []
    for m in matches(pats.count_en, text, starts.digits):
        digits = m["n"]
        if not m["s"] and _YEAR.fullmatch(digits):
            continue  # "In 2024 H100 prices fell": a year, not a count
        if not m["s"] and "." in digits:
            continue  # "200.000 H100" is 200,000 in German and 200 in English: not a figure to guess
        n = number(digits)
        if n is None:
            continue
        n *= SCALE.get((m["s"] or "").lower(), 1)
        est = _figure_value(n, n, "GPU")
        if est is not None:
            hits.append(Hit("count", m.start(), m.end(), m.group(), est, gpu_names[m["g"]]))
    yield hits
    for pattern, skip_years, places in (
        (pats.count_cn, True, starts.numerals),
        (pats.count_after, False, starts.unless_lacking(names, text, _CN_MEASURE_CHARS)),
    ):
        hits = []
        for m in matches(pattern, text, places):
            if skip_years and _YEAR.fullmatch(m["n"]):
                continue
            if _BARE_DECIMAL.fullmatch(m["n"]):
                continue  # a bare decimal count, "200.000 H100": as above (1.5万块 has its scale)
            value = cn_number(m["n"])
            est = None if value is None else _figure_value(value, value, "GPU")
            if est is not None:
                hits.append(Hit("count", m.start(), m.end(), m.group(), est, gpu_names[m["g"]]))
        yield hits


_HOURLY = r"(?!\s*(?:an|per|a|/)\s*(?:hour|hr|h|GPU-hour)\b)"  # "$2 an hour" is a rental rate, not a sum
# "between $3 and $6 billion" is a range like "$3 to $6 billion": "and" joins two figures only
# after "between" (the optional empty groups w1/w2 record that; the separator tests them).
_MONEY_EN = re.compile(
    rf"\b(?P<v>{'|'.join(re.escape(v) for v in VAGUE)})\s+(?P<s1>thousand|million|billion|trillion|bn|mn|tn)s?"
    rf"\s+(?:of\s+)?(?:US\s+)?dollars\b(?P<r1>{_RATE_TAIL})?"
    rf"|(?<![A-Za-z])(?P<w1>(?<=\bbetween\s))?(?:US)?\$\s?(?P<a>{NUM})(?:\s*(?P<sa>{SCALE_WORD}))?"
    rf"(?:\s*(?:-|–|to|(?(w1)and|(?!)))\s*\$?(?P<a2>{NUM}))?(?:\s*(?P<s2>{SCALE_WORD}|[BMKT]\b))?{_HOURLY}(?P<r2>{_RATE_TAIL})?"
    rf"|(?<![A-Za-z$])USD\s?(?P<c>{NUM})(?:\s*(?P<s4>{SCALE_WORD}))?{_HOURLY}(?P<r4>{_RATE_TAIL})?"
    rf"|(?P<w2>(?<=\bbetween\s))?(?P<b>{NUM})(?:\s*(?:-|–|to|(?(w2)and|(?!)))\s*(?P<b2>{NUM}))?(?:\s*(?P<s3>{SCALE_WORD}))?\s+(?:US\s+)?(?:dollars|USD)\b"
    rf"(?P<r3>{_RATE_TAIL})?",
    re.I,
)
_VAGUE_CN = "数几數幾"
_MONEY_CN = re.compile(rf"(?P<v>{'|'.join(_VAGUE_CN)})?(?P<n>{CN_RUN})?美元(?P<r>每年|/年|一年)?")
_RATE_BEFORE_CN = re.compile(r"(每年|一年|年均|每一年)[^。，,]{0,12}$")
# after a per-unit price, a time: "$2 per GPU per hour", "$30,000 per GPU a year" is a rental, not a price
_TIME_TAIL = re.compile(
    r"[-\s]?(?:hours?|hrs?|h)\b|\s*(?:per|an?|/|each|every)\s*(?:hours?|hr|h|days?|weeks?|months?|mo|years?|yr)\b"
    r"|\s*(?:每|/|一)(?:小时|小時|天|日|月|年)",
    re.I,
)


_HOURLY_CN = re.compile(r"\s*(?:每|/|一)(?:个)?(?:GPU)?(?:小时|小時)")


def _price_cue(text: str, start: int, end: int, value: float, pats: GpuPatterns) -> str | None:
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
    if not may_cue_price(before):
        return None
    if pats.mention is not None:
        before = pats.mention.sub(_GPU_MARK, before)
    return "price" if pats.price_before.search(before) else None


# every alternative of price_before holds one of these (re.I): a window with none of them is not
# searched (most windows before a sum are not)
_CUE_WORDS = ("each", "every", "one", "single", "per", "unit", "price", "单价", "每", "售价", "价格", "报价", "定价")


def may_cue_price(before: str) -> bool:
    """Whether the text ``before`` a sum can say it is a unit price: it holds a cue word (or a
    letter re.I reads as i or s that str.lower() does not give, when it is searched anyway)."""
    low = before.lower()
    return any(w in low for w in _CUE_WORDS) or any(c in before for c in CASE_ODD)


def find_money(text: str, pats: GpuPatterns, starts: Starts) -> Iterator[list[Hit]]:
    """``$6 billion``, ``24 billion US dollars``, ``a few billion dollars a year``, ``60亿美元``,
    and unit prices (``$25,000 per GPU``)."""
    hits = []
    for m in matches(_MONEY_EN, text, starts.money):
        if m["v"]:
            low, high = (float(x) for x in VAGUE[m["v"].lower()])
            scale = SCALE[m["s1"].lower()]
            low, high = low * scale, high * scale
        else:
            first = m["a"] or m["b"] or m["c"]
            a, b = number(first), number(m["a2"] or m["b2"] or first)
            if a is None or b is None:
                continue
            scale_high = SCALE.get((m["s2"] or m["s3"] or m["s4"] or m["sa"] or "").lower(), 1)
            scale_low = SCALE.get(m["sa"].lower(), 1) if m["sa"] else scale_high
            low, high = a * scale_low, b * scale_high
        rate = per_year(m["r1"] or m["r2"] or m["r3"] or m["r4"] or "")
        hit = _money_hit(text, m, low, high, rate, pats)
        if hit is not None:
            hits.append(hit)
    yield hits
    hits = []
    places = starts.unless_lacking(starts.numerals_and(text, "美元", *_VAGUE_CN), text, ["美元"])
    for m in matches(_MONEY_CN, text, places):
        if not (m["n"] or m["v"]):
            continue
        value = cn_number(m["n"], vague=bool(m["v"])) if m["n"] else 1.0
        if value is None:
            continue
        # 数十亿 / 几十亿: "some tens of 100 million" = 2..9 billion
        low, high = (2 * value, 9 * value) if m["v"] else (value, value)
        yearly = bool(m["r"]) or bool(_RATE_BEFORE_CN.search(text[max(0, m.start() - 14) : m.start()]))
        hit = _money_hit(text, m, low, high, 1.0 if yearly else 0.0, pats)
        if hit is not None:
            hits.append(hit)
    yield hits


def _money_hit(text: str, m: re.Match[str], low: float, high: float, rate: float, pats: GpuPatterns) -> Hit | None:
    """A sum, a unit price or (``rate``: periods a year, 0 for none) a spending rate, in USD/yr."""
    if high <= 0:
        return None  # "$0 upfront" states no amount to check
    cue = None if rate else _price_cue(text, m.start(), m.end(), high, pats)
    if cue == "rental":
        return None
    kind, unit = ("rate", "USD/yr") if rate else ("price", "USD/GPU") if cue else ("money", "USD")
    if rate:
        low, high = low * rate, high * rate
    est = _figure_value(low, high, unit)
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
    rf"(?P<n>{NUM})\s*(?:-\s*)?(?P<u>kilowatts?|megawatts?|gigawatts?|kW|MW|GW)\b{_HOURS_AFTER}", re.I
)
_ENERGY_EN = re.compile(
    rf"(?P<n>{NUM})\s*(?:-\s*)?(?:(?P<p>kilo|mega|giga|tera)watts?[-\s]?hours?\b|(?P<q>[kMGT])W[-·\s]?h\b)", re.I
)
# 千瓦 is kW; a run before 瓦 that ends in 千 (10万千瓦, 5千瓦) takes that 千 as the kilo
_WATT_CN = re.compile(rf"(?P<n>{CN_RUN})(?P<u>兆瓦|吉瓦|瓦)(?P<h>时|時|小时|小時)?")
_WATT_CN_MW = {"千瓦": 1e-3, "兆瓦": 1.0, "吉瓦": 1e3}


def find_power(text: str, starts: Starts) -> Iterator[list[Hit]]:
    """``100-megawatt``, ``150 MW``, ``100兆瓦``; energy (``150 MWh``, ``150兆瓦时``) is its own kind."""
    hits = []
    for m in matches(_POWER_EN, text, starts.digits):
        n = number(m["n"])
        est = None if n is None else _figure_value(n, n, _POWER_UNITS[m["u"].lower().rstrip("s")])
        if est is not None:
            hits.append(Hit("power", m.start(), m.end(), m.group(), est.to("MW"), None))
    yield hits
    hits = []
    for m in matches(_WATT_CN, text, starts.unless_lacking(starts.numerals, text, "瓦")):
        run, unit = m["n"], m["u"]
        if unit == "瓦":
            if not run.endswith("千"):
                continue  # watts alone are not a facility figure
            run, unit = run[:-1], "千瓦"
        value = cn_number(run)
        if value is None:
            continue
        mw = value * _WATT_CN_MW[unit]
        est = _figure_value(mw, mw, "MWh" if m["h"] else "MW")
        if est is not None:
            hits.append(Hit("energy" if m["h"] else "power", m.start(), m.end(), m.group(), est, None))
    yield hits
    hits = []
    for m in matches(_ENERGY_EN, text, starts.digits):
        n = number(m["n"])
        est = None if n is None else _figure_value(n, n, _ENERGY_UNITS[(m["p"] or m["q"]).lower()])
        if est is not None:
            hits.append(Hit("energy", m.start(), m.end(), m.group(), est.to("MWh"), None))
    yield hits


_DURATION_EN = re.compile(rf"(?P<a>{NUM})(?:\s*(?:-|–|to)\s*(?P<b>{NUM}))?\s*(?:-\s*)?(?P<u>years?|months?)\b", re.I)
_DURATION_CN = re.compile(
    rf"(?P<a>半|{CN_RUN})(?:\s*[-–至到~]\s*(?P<b>半|{CN_RUN}))?\s*(?:(?P<y>年)(?!代|份|\d)|(?P<mo>个月|個月))"
)


def find_durations(text: str, starts: Starts) -> Iterator[list[Hit]]:
    """``1-2 years``, ``18 months``, ``1-2年``, ``十八个月``."""
    hits = []
    for m in matches(_DURATION_EN, text, starts.digits):
        low, high = number(m["a"]), number(m["b"] or m["a"])
        if low is not None and high is not None and low <= high:
            unit = "yr" if m["u"].lower().startswith("year") else "mo"
            est = _figure_value(low, high, unit)
            if est is not None:
                hits.append(Hit("duration", m.start(), m.end(), m.group(), est.to("yr"), None))
    yield hits
    hits = []
    places = starts.unless_lacking(starts.numerals_and(text, "半"), text, "年月")  # 年, 个月 or 個月 ends each
    for m in matches(_DURATION_CN, text, places):
        low, high = cn_small(m["a"]), cn_small(m["b"] or m["a"])
        if low is not None and high is not None and low <= high < 100:
            est = _figure_value(low, high, "yr" if m["y"] else "mo")
            if est is not None:
                hits.append(Hit("duration", m.start(), m.end(), m.group(), est.to("yr"), None))
    yield hits
