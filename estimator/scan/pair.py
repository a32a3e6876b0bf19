"""Pairing figures into checks (claims) and worked-out context (infos).

Figures in the same or adjacent sentences pair into checks: money with a GPU count (the
implied unit price), a GPU count with power, money with a rate and a duration (runway), and a
unit price that names its model with the catalogue's price. A figure with nothing to pair is
still worked out (what a count costs and draws, how many GPUs a power figure runs) and
reported as an info.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from estimator.claims import Claim
from estimator.scan.extract import Found
from estimator.values import Estimate

# money near these words is spent on compute: worth saying how many GPU-hours it rents
COMPUTE_WORDS = re.compile(r"cloud|rent|lease|comput|GPU|chip|server|算力|云|租", re.I)
NEAR = 4  # candidates of each kind a figure is paired with: the closest by sentence gap, then characters
SAYS_CHARS = 300  # a claim's paraphrase is cut to this many characters
SAYS_BEFORE = 120  # ... and starts at most this far before its first figure
SAYS_WINDOW = 1_200  # raw characters read for it (whitespace is collapsed afterwards)


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
    file: str = "",
    as_of: str | None = None,
) -> tuple[list[Claim], list[Claim]]:
    """Candidate checks (claims) and worked-out context (infos) from nearby figures, each of
    ``file`` and priced ``as_of`` (made so at once, not copied once a claim for them).

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

    # "100,000 H100s and 50,000 H200s for $6 billion": the money bought both lots, so it is
    # checked against neither alone
    models: dict[int, set[str]] = {}
    for f in figures:
        if f.kind == "count" and f.gpu:
            models.setdefault(f.sentence, set()).add(f.gpu)

    def one_model(j: int) -> bool:
        return len(models.get(sentence[j], ())) <= 1

    options: list[tuple[tuple[int, int], str, tuple[int, ...]]] = []
    for i, f in enumerate(figures):
        if f.kind == "count" and f.gpu:
            options += [(gap((i, j)), "buy", (i, j)) for j in near(i, "money") if one_model(j)]
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
        return Claim(
            ident, expr, expect, says=says(*fs), tolerance=tolerance, as_of=as_of, note=note, file=file, line=line
        )

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
    # checks are numbered in order, infos by their figure: an info that took a check's id
    # (a check power-1 and the info power-1 of another count) is told apart
    taken = {c.id for c in claims}
    infos = [c if c.id not in taken else replace(c, id=f"{c.id}-info") for c in infos]
    return claims, infos
