"""Finding every figure of a text: sentences, one sweep over the kinds' matches that resolves
overlaps, and for each unit price the model it is for.

Counts are tried first, so ``100,000 H100`` is a count and not a bare number; a span already
taken is not read again.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from estimator.results import estimate_dict
from estimator.scan.figures import (
    GpuPatterns,
    Hit,
    find_counts,
    find_durations,
    find_money,
    find_power,
    gpu_patterns,
)
from estimator.scan.numbers import mask_long_numbers
from estimator.scan.starts import Starts, after, line_breaks, matches
from estimator.values import Estimate


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

    def to_dict(self) -> dict[str, object]:
        """The figure as ``scan --json`` writes it (``sentence`` counts from 1)."""
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence + 1,
            "gpu": self.gpu,
            "value": estimate_dict(self.estimate),
        }


_STOP = r"(?<=[.!?])\s+(?=[\"“(A-Z0-9$①-⑩\u4e00-\u9fff])"
_BREAK = r"(?<!\s)\s*\n\s*"
_SENTENCE_END = re.compile(rf"{_STOP}|(?<=[。！？])|{_BREAK}")
_SENTENCE_END_WIDE = re.compile(rf"{_STOP}|{_BREAK}")  # its alternatives that cannot match empty


def sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """``_SENTENCE_END.finditer(text)``, tried only after a stop and where a run of whitespace
    with a newline begins (``starts.matches`` for a pattern that can match empty): after its
    empty match behind 。！？ finditer takes a non-empty match at the same place, that is one
    of the other alternatives, else goes on from the next character."""
    end = 0
    for p in sorted({*after(text, ".!?。！？"), *line_breaks(text)}):
        if p < end:
            continue
        m = _SENTENCE_END.match(text, p)
        if m is None:
            continue
        yield m
        end = m.end()
        if end == p:
            m = _SENTENCE_END_WIDE.match(text, p)
            if m is not None:
                yield m
            end = p + 1 if m is None else m.end()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at . ! ? (then space) or 。！？, and at blank lines."""
    return spans_between(text, sentence_ends(text))


def spans_between(text: str, ends: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    """The non-blank stretches of ``text`` between the sentence ends ``ends`` (in order)."""
    spans, start = [], 0
    for m in ends:
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_BEFORE_PART = "点點数數几幾"  # 六点五亿: 五亿 is the tail of 6.5 x 10^8; 数十万: "several" hundred thousand
_AFTER_PART = "半多余餘"  # 一年半: a year and a half; 100多万: over a million
_FRACTION_AFTER = re.compile(r"\s*\d+/\d+")  # "$6 1/2 billion"


def cut_short(text: str, start: int, end: int) -> bool:
    """Whether the figure at ``start:end`` is only part of a number the patterns cannot read
    whole: skipped rather than read as its head or tail."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if (before and before in _BEFORE_PART) or (after and after in _AFTER_PART):
        return True
    return _FRACTION_AFTER.match(text, end) is not None


def extract(text: str, gpu_names: dict[str, str]) -> tuple[list[tuple[int, int]], list[Found]]:
    """Every figure in ``text``; ``gpu_names`` maps each name and alias to its canonical name.

    Counts are found first, so ``100,000 H100`` is a count and not a bare number; a span
    already taken is not read again. Each pattern's matches come in text order and do not
    overlap one another, so one sweep over them and the spans taken so far resolves overlaps."""
    sentences = split_sentences(text)
    starts = [a for a, _ in sentences]
    pats = gpu_patterns(tuple(sorted(gpu_names)))
    plain = mask_long_numbers(text)
    places = Starts(plain)
    names = places.names(plain, pats.name)
    streams = [
        *find_counts(plain, gpu_names, pats, places, names),
        *find_money(plain, pats, places),
        *find_power(plain, places),
        *find_durations(plain, places),
    ]
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
            if not cut_short(plain, hit.start, hit.end):
                kept.append(hit)  # (a part of a number is not read, and its span is not read again)
        if new:
            taken = sorted(taken + new)  # two sorted runs: a linear merge
    kept.sort(key=lambda h: h.start)
    mentions = _mentions(plain, gpu_names, pats, names)
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


def _mentions(
    text: str, gpu_names: dict[str, str], pats: GpuPatterns, places: list[int]
) -> tuple[list[int], list[int], list[str]]:
    """Where each model name is written: starts, ends and canonical names, in text order
    (``places``: where a name can start)."""
    if pats.mention is None:
        return [], [], []
    ms = list(matches(pats.mention, text, places))
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
