"""Find the compute figures in a news text and turn them into checks.

Extraction is regular expressions over English and Chinese number forms: money (``$6
billion``, ``24 billion US dollars``, ``60亿美元``), accelerator counts with their model
(``20,000 Nvidia H100 GPUs``, ``20万块H100``), power (``100-megawatt``, ``100兆瓦``),
durations (``1-2 years``, ``1-2年``) and spending rates (``a few billion dollars a year``).
Each figure keeps its sentence and character offsets.

Figures in the same or adjacent sentences pair into checks: money with a GPU count (the
implied unit price), a GPU count with power, money with a rate and a duration (runway).  A
figure with nothing to pair is still worked out (what a count costs and draws, how many GPUs
a power figure runs) and reported as ``info``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Optional

from estimator.claims import Claim, Verdict, check_claim

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue
    from estimator.values import Estimate

INFO = "info"
# money near these words is spent on compute: worth saying how many GPU-hours it rents
COMPUTE_WORDS = re.compile(r"cloud|rent|lease|comput|GPU|chip|server|算力|云|租", re.I)
MAX_TEXT = 2_000_000

SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "b": 1e9,
    "m": 1e6,
    "k": 1e3,
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
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "萬": 1e4, "億": 1e8, "萬億": 1e12}

# a number: 1,000 or 1 000 (groups of three), 6.5, 24; never starting inside another number
_NUM = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
_CN_NUM = rf"(?:{_NUM}|[零〇一二两三四五六七八九十百千]+)"
_SCALE_WORD = r"thousand|million|billion|trillion|bn|mn|tn"
_RATE_TAIL = r"\s*(?:a|per|each|every)\s+year|\s*annually|\s*/\s*(?:yr|year)"


@dataclass
class Found:
    """A figure found in the text."""

    kind: str  # money, rate, count, power, duration
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


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at . ! ? (then space) or 。！？, and at blank lines."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9$①-⑩\u4e00-\u9fff])|(?<=[。！？])|\s*\n\s*", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _plain(text: str) -> float:
    """``1,000``, ``1 000`` or ``6.5`` as a number."""
    return float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def cn_number(text: str) -> float:
    """``60``, ``1,000``, ``二十`` or ``三百五十`` as a number."""
    if re.fullmatch(_NUM, text):
        return _plain(text)
    total, digit = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
    return float(total + digit)


def _estimate(low: float, high: float, unit: str) -> Estimate:
    from estimator.values import Estimate

    base = Estimate.exact(1.0, unit)
    return Estimate((low + high) / 2, low, high, base.unit)


def _gpu_pattern(names: list[str]) -> str:
    ordered = sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in ordered)


Hit = tuple[str, "re.Match[str]", "Estimate", Optional[str]]  # kind, match, value, accelerator


def _counts(text: str, gpu_names: dict[str, str]) -> Iterator[Hit]:
    """``20,000 Nvidia H100 GPUs``, ``100,000 H100s``, ``20万块H100``."""
    gpus = _gpu_pattern(list(gpu_names))
    if not gpus:
        return
    vendor = r"(?:(?:Nvidia|NVIDIA|AMD|Intel|Google)(?:'s)?\s+)?"
    en = rf"(?P<n>{_NUM})\s*(?P<s>thousand|million|k)?(?:-GPU)?\s+(?:of\s+)?{vendor}(?P<g>{gpus})s?\b"
    for m in re.finditer(en, text):
        digits = m["n"]
        if not m["s"] and re.fullmatch(r"(19|20)\d\d", digits):
            continue  # "In 2024 H100 prices fell": a year, not a count
        n = _plain(digits) * SCALE.get((m["s"] or "").lower(), 1)
        yield "count", m, _estimate(n, n, "GPU"), gpu_names[m["g"]]
    unit = r"(?:块|个|張|张|颗|顆|枚|片)"
    cn = rf"(?P<n>{_CN_NUM})(?P<s>万|亿|萬|億)?余?{unit}?\s*(?:(?:英伟达|輝達|Nvidia|NVIDIA)\s*)?(?P<g>{gpus})"
    for m in re.finditer(cn, text):
        if not m["s"] and re.fullmatch(r"(19|20)\d\d", m["n"]):
            continue
        n = cn_number(m["n"]) * CN_SCALE.get(m["s"] or "", 1)
        yield "count", m, _estimate(n, n, "GPU"), gpu_names[m["g"]]
    after = rf"(?P<g>{gpus})(?:芯片|GPU|显卡|加速卡)?\s*(?P<n>{_CN_NUM})(?P<s>万|亿|萬|億)?余?{unit}"
    for m in re.finditer(after, text):  # H100芯片20万块
        n = cn_number(m["n"]) * CN_SCALE.get(m["s"] or "", 1)
        yield "count", m, _estimate(n, n, "GPU"), gpu_names[m["g"]]


_HOURLY = r"(?!\s*(?:an|per|a|/)\s*(?:hour|hr|h|GPU-hour)\b)"  # "$2 an hour" is a rental rate, not a sum
_MONEY_EN = (
    rf"(?P<v>{'|'.join(re.escape(v) for v in VAGUE)})\s+(?P<s1>{_SCALE_WORD})s?\s+(?:of\s+)?(?:US\s+)?dollars"
    rf"(?P<r1>{_RATE_TAIL})?"
    rf"|(?<![A-Za-z])(?:US)?\$\s?(?P<a>{_NUM})(?:\s*(?P<sa>{_SCALE_WORD}))?"
    rf"(?:\s*(?:-|–|to)\s*\$?(?P<a2>{_NUM}))?(?:\s*(?P<s2>{_SCALE_WORD}|[BMK]\b))?{_HOURLY}(?P<r2>{_RATE_TAIL})?"
    rf"|(?<![A-Za-z$])USD\s?(?P<c>{_NUM})(?:\s*(?P<s4>{_SCALE_WORD}))?{_HOURLY}(?P<r4>{_RATE_TAIL})?"
    rf"|(?P<b>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b2>{_NUM}))?(?:\s*(?P<s3>{_SCALE_WORD}))?\s+(?:US\s+)?(?:dollars|USD)"
    rf"(?P<r3>{_RATE_TAIL})?"
)
_MONEY_CN = rf"(?P<v>数|几|數|幾)?(?P<n>{_CN_NUM})?(?P<s>万亿|萬億|亿|億|万|萬)?美元(?P<r>每年|/年|一年)?"
_RATE_BEFORE_CN = re.compile(r"(每年|一年|年均|每一年)[^。，,]{0,12}$")


def _money(text: str) -> Iterator[Hit]:
    """``$6 billion``, ``24 billion US dollars``, ``a few billion dollars a year``, ``60亿美元``."""
    for m in re.finditer(_MONEY_EN, text, re.I):
        if m["v"]:
            low, high = (float(x) for x in VAGUE[m["v"].lower()])
            scale = SCALE[m["s1"].lower()]
            low, high = low * scale, high * scale
        else:
            first = m["a"] or m["b"] or m["c"]
            low = _plain(first)
            high = _plain(m["a2"] or m["b2"] or first)
            scale_high = SCALE.get((m["s2"] or m["s3"] or m["s4"] or m["sa"] or "").lower(), 1)
            scale_low = SCALE.get(m["sa"].lower(), 1) if m["sa"] else scale_high
            low, high = low * scale_low, high * scale_high
        rate = bool(m["r1"] or m["r2"] or m["r3"] or m["r4"])
        if low > high:
            continue
        yield ("rate" if rate else "money"), m, _estimate(low, high, "USD/yr" if rate else "USD"), None
    for m in re.finditer(_MONEY_CN, text):
        if not (m["n"] or m["v"]):
            continue
        scale = CN_SCALE.get(m["s"] or "", 1)
        base = cn_number(m["n"]) if m["n"] else 1.0
        # 数十亿 / 几十亿: "some tens of 100 million" = 2..9 billion
        low, high = (2 * base * scale, 9 * base * scale) if m["v"] else (base * scale, base * scale)
        rate = bool(m["r"]) or bool(_RATE_BEFORE_CN.search(text[max(0, m.start() - 14) : m.start()]))
        yield ("rate" if rate else "money"), m, _estimate(low, high, "USD/yr" if rate else "USD"), None


_POWER_UNITS = {"kilowatt": "kW", "kw": "kW", "megawatt": "MW", "mw": "MW", "gigawatt": "GW", "gw": "GW"}
_POWER_CN = {"千瓦": 1e-3, "兆瓦": 1.0, "吉瓦": 1e3, "万千瓦": 10.0}  # in MW


def _power(text: str) -> Iterator[Hit]:
    """``100-megawatt``, ``150 MW``, ``100兆瓦``."""
    for m in re.finditer(rf"(?P<n>{_NUM})\s*-?\s*(?P<u>kilowatts?|megawatts?|gigawatts?|kW|MW|GW)\b", text, re.I):
        n = _plain(m["n"])
        yield "power", m, _estimate(n, n, _POWER_UNITS[m["u"].lower().rstrip("s")]).to("MW"), None
    for m in re.finditer(rf"(?P<n>{_CN_NUM})(?P<u>万千瓦|千瓦|兆瓦|吉瓦)", text):
        n = cn_number(m["n"]) * _POWER_CN[m["u"]]
        yield "power", m, _estimate(n, n, "MW"), None


def _durations(text: str) -> Iterator[Hit]:
    """``1-2 years``, ``18 months``, ``1-2年``."""
    en = rf"(?P<a>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b>{_NUM}))?\s*(?:-\s*)?(?P<u>years?|months?)\b"
    for m in re.finditer(en, text, re.I):
        low, high = _plain(m["a"]), _plain(m["b"] or m["a"])
        if low <= high:
            unit = "yr" if m["u"].lower().startswith("year") else "mo"
            yield "duration", m, _estimate(low, high, unit).to("yr"), None
    cn_digit = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)"
    cn = rf"(?P<a>{cn_digit})(?:\s*[-–至到~]\s*(?P<b>{cn_digit}))?\s*(?:(?P<y>年)(?!代|份|\d)|(?P<mo>个月|個月))"
    for m in re.finditer(cn, text):
        low, high = _cn_small(m["a"]), _cn_small(m["b"] or m["a"])
        if low <= high < 100:
            unit = "yr" if m["y"] else "mo"
            yield "duration", m, _estimate(low, high, unit).to("yr"), None


def _cn_small(text: str) -> float:
    """``2``, ``两``, ``十八``, ``半`` (a half)."""
    if text == "半":
        return 0.5
    return float(text) if text[0].isdigit() else cn_number(text)


def extract(text: str, gpu_names: dict[str, str]) -> tuple[list[tuple[int, int]], list[Found]]:
    """Every figure in ``text``; ``gpu_names`` maps each name and alias to its canonical name.

    Counts are found first, so ``100,000 H100`` is a count and not a bare number; a span
    already taken is not read again."""
    sentences = split_sentences(text)
    starts = [a for a, _ in sentences]
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, m, est, gpu in [*_counts(text, gpu_names), *_money(text), *_power(text), *_durations(text)]:
        a, b = m.span()
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        sentence = max(0, bisect.bisect_right(starts, a) - 1)
        found.append(Found(kind, m.group().strip(), a, b, sentence, est, gpu))
    found.sort(key=lambda f: f.start)
    return sentences, found


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

    Every possible check (a count with money, a count with power, money with a rate and a
    duration) among figures at most one sentence apart is scored by sentence gap, then
    character distance; the closest are taken first and a figure serves one check only.
    Looking only at neighbouring sentences keeps the work linear in the text's length."""
    by_sentence: dict[int, list[int]] = {}
    for i, f in enumerate(figures):
        by_sentence.setdefault(f.sentence, []).append(i)

    def near(i: int, kind: str) -> list[int]:
        s = figures[i].sentence
        return [j for k in (s - 1, s, s + 1) for j in by_sentence.get(k, []) if j != i and figures[j].kind == kind]

    def gap(*ix: int) -> tuple[int, int]:
        fs = [figures[i] for i in ix]
        return (
            max(f.sentence for f in fs) - min(f.sentence for f in fs),
            max(f.end for f in fs) - min(f.start for f in fs),
        )

    options: list[tuple[tuple[int, int], str, tuple[int, ...]]] = []
    for i, f in enumerate(figures):
        if f.kind == "count" and f.gpu:
            options += [(gap(i, j), "buy", (i, j)) for j in near(i, "money")]
            options += [(gap(i, j), "power", (i, j)) for j in near(i, "power")]
        elif f.kind == "money":
            for r in near(i, "rate"):
                options += [(gap(i, r, d), "runway", (i, r, d)) for d in {*near(i, "duration"), *near(r, "duration")}]
    options.sort(key=lambda o: (o[0], o[2]))

    def says(*fs: Found) -> str:
        first, last = min(f.sentence for f in fs), max(f.sentence for f in fs)
        a, b = sentences[first][0], sentences[last][1]
        return " ".join(scan_text[a:b].split())[:300]

    def claim(ident: str, expr: str, expect: str, fs: tuple[Found, ...], note: str) -> Claim:
        start = min(f.start for f in fs)
        line = scan_text.count("\n", 0, start) + 1
        return Claim(ident, expr, expect, says=says(*fs), tolerance=tolerance, note=note, line=line)

    def assign(first: str | None) -> tuple[set[int], list[tuple[str, tuple[int, ...]]]]:
        """Greedy, closest first; ``first`` puts one kind of check ahead of the others."""
        taken: set[int] = set()
        picked: list[tuple[str, tuple[int, ...]]] = []
        for _, kind, ix in sorted(options, key=lambda o: (o[1] != first, o[0], o[2])):
            if not taken.intersection(ix):
                taken.update(ix)
                picked.append((kind, ix))
        return taken, picked

    # a greedy pick can take a figure that a second check needed: try each kind first, keep the most checks
    used, chosen = max((assign(k) for k in (None, "runway", "power", "buy")), key=lambda a: len(a[1]))
    claims: list[Claim] = []
    for kind, ix in sorted(chosen, key=lambda c: min(figures[i].start for i in c[1])):
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
        else:
            money, rate, span = fs
            expr = f"runway({_q(money.estimate, 'USD')}, {_q(rate.estimate, 'USD/yr')})"
            expect, note = _q(span.estimate, "yr"), f"'{money.text}' at '{rate.text}' lasts '{span.text}'?"
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
    return claims, infos


def scan(
    text: str,
    path: str,
    catalogue: Callable[[], Catalogue],
    as_of: str | None = None,
    tolerance: float = 0.25,
    gpu: str | None = None,
) -> Scan:
    """Extract, pair and check: the figures, the verdicts of the checks and the infos."""
    from estimator.errors import EstimatorError, InputError
    from estimator.language import Context, calculate

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
    for c in claims:
        c = Claim(**{**c.__dict__, "file": path, "as_of": as_of})
        result.claims.append(c)
        result.checks.append(check_claim(c, lambda: cat))
    for c in infos:
        c = Claim(**{**c.__dict__, "file": path, "as_of": as_of})
        v = Verdict(path, c.id, INFO, c.line, claim=c)
        ctx = Context(lambda: cat, as_of=as_of)
        try:
            v.computed = calculate(c.expr, ctx)
            v.assumptions = ctx.assumptions
        except EstimatorError as exc:  # context that cannot be worked out is not an error of the text
            v.message = f"not available: {exc.message}"
        result.checks.append(v)
    result.checks.sort(key=lambda v: v.line)
    return result


def claims_yaml(result: Scan, source: str, as_of: str | None, tolerance: float) -> str:
    """A claim file skeleton for ``gpucost check``: the paired checks, then the worked-out
    figures as commented-out claims that need an expectation."""
    import json

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar

    lines = [
        f"# Claims found by gpucost scan in {source}. Check each paraphrase and expectation,",
        "# then run: gpucost check THIS_FILE",
        f"title: {q('claims found in ' + source)}",
        f"source: {q(source)}",
    ]
    if as_of:
        lines.append(f'as_of: "{as_of}"')
    lines += [f"tolerance: {tolerance * 100:g}%", "claims:"]
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
    if not result.claims:
        lines.append("  []")
    return "\n".join(lines) + "\n"
