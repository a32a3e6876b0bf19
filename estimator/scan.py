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
CN_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
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
    for m in re.finditer(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9$①-⑩])|(?<=[。！？])|\n\s*\n", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def cn_number(text: str) -> float:
    """``60``, ``1,000``, ``二十`` or ``三百五十`` as a number."""
    if re.fullmatch(_NUM, text):
        return float(text.replace(",", ""))
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
    en = rf"(?P<n>{_NUM})\s*(?P<s>thousand|million|k)?\s+(?:(?:Nvidia|NVIDIA|AMD|Intel|Google)\s+)?(?P<g>{gpus})s?\b"
    for m in re.finditer(en, text):
        n = float(m["n"].replace(",", "")) * SCALE.get((m["s"] or "").lower(), 1)
        yield "count", m, _estimate(n, n, "GPU"), gpu_names[m["g"]]
    cn = rf"(?P<n>{_CN_NUM})(?P<s>万|亿)?(?:块|个|张|颗|枚|片)?\s*(?:(?:英伟达|Nvidia|NVIDIA)\s*)?(?P<g>{gpus})"
    for m in re.finditer(cn, text):
        n = cn_number(m["n"]) * CN_SCALE.get(m["s"] or "", 1)
        yield "count", m, _estimate(n, n, "GPU"), gpu_names[m["g"]]


_MONEY_EN = (
    rf"(?P<v>{'|'.join(re.escape(v) for v in VAGUE)})\s+(?P<s1>{_SCALE_WORD})\s+(?:US\s+)?dollars(?P<r1>{_RATE_TAIL})?"
    rf"|(?:US)?\$\s?(?P<a>{_NUM})(?:\s*(?:-|–|to)\s*\$?(?P<a2>{_NUM}))?\s*(?P<s2>{_SCALE_WORD}|[BMK]\b)?"
    rf"(?P<r2>{_RATE_TAIL})?"
    rf"|(?P<b>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b2>{_NUM}))?\s*(?P<s3>{_SCALE_WORD})?\s+(?:US\s+)?(?:dollars|USD)"
    rf"(?P<r3>{_RATE_TAIL})?"
)
_MONEY_CN = rf"(?P<v>数|几)?(?P<n>{_CN_NUM})?(?P<s>万亿|亿|万)?美元(?P<r>每年|/年|一年)?"
_RATE_BEFORE_CN = re.compile(r"(每年|一年|年均|每一年)[^。，,]{0,12}$")


def _money(text: str) -> Iterator[Hit]:
    """``$6 billion``, ``24 billion US dollars``, ``a few billion dollars a year``, ``60亿美元``."""
    for m in re.finditer(_MONEY_EN, text, re.I):
        if m["v"]:
            low, high = (float(x) for x in VAGUE[m["v"].lower()])
            scale = SCALE[m["s1"].lower()]
        else:
            low = float((m["a"] or m["b"]).replace(",", ""))
            high = float((m["a2"] or m["b2"] or m["a"] or m["b"]).replace(",", ""))
            scale = SCALE.get((m["s2"] or m["s3"] or "").lower(), 1)
        rate = bool(m["r1"] or m["r2"] or m["r3"])
        yield ("rate" if rate else "money"), m, _estimate(low * scale, high * scale, "USD/yr" if rate else "USD"), None
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
        n = float(m["n"].replace(",", ""))
        yield "power", m, _estimate(n, n, _POWER_UNITS[m["u"].lower().rstrip("s")]).to("MW"), None
    for m in re.finditer(rf"(?P<n>{_CN_NUM})(?P<u>万千瓦|千瓦|兆瓦|吉瓦)", text):
        n = cn_number(m["n"]) * _POWER_CN[m["u"]]
        yield "power", m, _estimate(n, n, "MW"), None


def _durations(text: str) -> Iterator[Hit]:
    """``1-2 years``, ``18 months``, ``1-2年``."""
    en = rf"(?P<a>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b>{_NUM}))?\s*(?:-\s*)?(?P<u>years?|months?)\b"
    for m in re.finditer(en, text, re.I):
        low, high = float(m["a"]), float(m["b"] or m["a"])
        if low <= high:
            unit = "yr" if m["u"].lower().startswith("year") else "mo"
            yield "duration", m, _estimate(low, high, unit).to("yr"), None
    for m in re.finditer(r"(?P<a>\d+(?:\.\d+)?)(?:\s*[-–至到~]\s*(?P<b>\d+(?:\.\d+)?))?\s*年(?!代|份|\d)", text):
        low, high = float(m["a"]), float(m["b"] or m["a"])
        if low <= high < 100:
            yield "duration", m, _estimate(low, high, "yr"), None


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
    """Candidate checks (claims) and worked-out context (infos) from nearby figures."""
    claims: list[Claim] = []
    infos: list[Claim] = []
    used: set[int] = set()

    def near(f: Found, kind: str) -> list[Found]:
        return [g for g in figures if g.kind == kind and abs(g.sentence - f.sentence) <= 1 and g is not f]

    def says(*fs: Found) -> str:
        first = min(f.sentence for f in fs)
        last = max(f.sentence for f in fs)
        a, b = sentences[first][0], sentences[last][1]
        return " ".join(scan_text[a:b].split())[:300]

    def claim(ident: str, expr: str, expect: str, fs: tuple[Found, ...], note: str) -> Claim:
        return Claim(ident, expr, expect, says=says(*fs), tolerance=tolerance, note=note, line=min(f.start for f in fs))

    for i, f in enumerate(figures):
        if f.kind == "money":
            rates = near(f, "rate")
            spans = (near(f, "duration") + near(rates[0], "duration")) if rates else []
            if rates and spans:
                r = rates[0]
                used.update({i, figures.index(r), figures.index(spans[0])})
                expect = _q(spans[0].estimate, "yr")
                claims.append(
                    claim(
                        f"runway-{len(claims) + 1}",
                        f"runway({_q(f.estimate, 'USD')}, {_q(r.estimate, 'USD/yr')})",
                        expect,
                        (f, r, spans[0]),
                        f"'{f.text}' at '{r.text}' lasts '{spans[0].text}'?",
                    )
                )

    def matches(kind_a: str, kind_b: str) -> list[tuple[Found, Found]]:
        """Greedy one-to-one pairs, closest first: same sentence before adjacent ones."""
        options = sorted(
            (
                (abs(f.sentence - g.sentence), abs(f.start - g.start), i, j)
                for i, f in enumerate(figures)
                for j, g in enumerate(figures)
                if f.kind == kind_a
                and g.kind == kind_b
                and f.gpu
                and abs(f.sentence - g.sentence) <= 1
                and i not in used
                and j not in used
            ),
        )
        done_a: set[int] = set()
        done_b: set[int] = set()
        out = []
        for _, _, i, j in options:
            if i not in done_a and j not in done_b:
                done_a.add(i)
                done_b.add(j)
                used.update({i, j})
                out.append((figures[i], figures[j]))
        return sorted(out, key=lambda p: p[0].start)

    for f, m in matches("count", "money"):
        claims.append(
            claim(
                f"buy-{len(claims) + 1}",
                f"buy({_q(m.estimate, 'USD')}, {f.gpu})",
                _q(f.estimate, "GPU"),
                (m, f),
                f"'{m.text}' and '{f.text}': the implied unit price against the catalogue's {f.gpu} price",
            )
        )
    for f, p in matches("count", "power"):
        claims.append(
            claim(
                f"power-{len(claims) + 1}",
                f"power({_q(f.estimate, 'GPU')}, {f.gpu})",
                _q(p.estimate, "MW"),
                (f, p),
                f"'{f.text}' and '{p.text}': facility power of the cluster (server power x PUE)",
            )
        )
    gpu = default_gpu
    for i, f in enumerate(figures):
        if f.kind == "count" and f.gpu:
            gpu = f.gpu
        if i in used:
            continue
        if f.kind == "count" and f.gpu:
            n = _q(f.estimate, "GPU")
            infos.append(claim(f"cost-{i + 1}", f"{n} * {f.gpu}.price", "", (f,), f"what '{f.text}' cost"))
            infos.append(claim(f"power-{i + 1}", f"power({n}, {f.gpu})", "", (f,), f"facility power of '{f.text}'"))
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
        except EstimatorError as exc:
            v.status, v.message = "error", f"{c.id}: {exc}"
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
    lines += [f"tolerance: {tolerance:.0%}", "claims:"]
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
