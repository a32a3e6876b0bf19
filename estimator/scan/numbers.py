"""Reading numbers as news texts write them: English digits and scale words, Chinese numerals.

``NUM`` and ``CN_RUN`` are the regular-expression pieces every figure pattern is built from;
``number`` and ``cn_number`` turn what they match into a value, or None when it is not a
well-formed number of a reasonable length. ``mask_long_numbers`` blanks out runs too long to
be a figure before any pattern runs.
"""

from __future__ import annotations

import math
import re

MAX_NUMBER_CHARS = 40  # a longer run of digits or numerals is not a figure of a news story

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
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "万萬亿億"
_ZEROS = "零〇"
_WAN = "万萬"
_YI = "亿億"

# A number: 1,000 or 1 000 (groups of three), 6.5, 24. It never starts inside another number
# (after a digit, '.' or ','), and the space-grouped form never starts at an inner group (after
# 1-3 digits and a separator), so each run of digits is tried from its start only: linear time.
SEP = "[ \u00a0\u202f]"
_NOT_INNER_GROUP = rf"(?<!(?<!\d)\d{SEP})(?<!(?<!\d)\d\d{SEP})(?<!(?<!\d)\d\d\d{SEP})"
NUM = (
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)"
    rf"|{_NOT_INNER_GROUP}\d{{1,3}}(?:{SEP}\d{{3}})+(?![\d,])"
    r"|\d+(?!\d))(?:\.\d+(?!\d))?(?![.,]\d)"
)
SCALE_WORD = r"(?:thousand|million|billion|trillion|bn|mn|tn)\b"  # after a number, the words of SCALE
# A run of Chinese numerals and digits, from its start and to its end (the lookahead makes it
# behave as if possessive): 60, 1.5亿, 5千万, 一万二千, 十二万. cn_number() decides if it is a number.
CN_RUN = rf"(?<![\d.,{CN_CHARS}])(?:[\d{CN_CHARS}]|[.,](?=\d))+(?![\d{CN_CHARS}]|[.,]\d)"


_GROUPING = re.compile(r"[,\s\u00a0\u202f]")


def _plain(text: str) -> float:
    """``1,000``, ``1 000`` or ``6.5`` as a number."""
    return float(_GROUPING.sub("", text))


def number(text: str) -> float | None:
    """An English-style number, or None when it is too long to be a figure."""
    if len(text) > MAX_NUMBER_CHARS:
        return None
    value = _plain(text)
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- Chinese numbers

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def cn_number(text: str, vague: bool = False) -> float | None:
    """A number in Chinese or mixed notation, or None when ``text`` is not a well-formed one.

    ``60``, ``1,000``, ``二十``, ``三百五十``, ``一千零五``, ``5千`` (5,000), ``1.5亿`` (1.5 x 10^8),
    ``5千万`` (5,000 x 10^4), ``3千亿`` (3,000 x 10^8), ``一万二千`` (12,000), ``十二万`` (120,000).
    The number splits at its last 亿 (the part before is a number below 10^8 and may hold 万:
    ``一万亿`` is 10^12), then at 万; each section is Arabic digits or numerals with 千/百/十 in
    falling order. A section after 万 or 亿 must fill its places or mark the gap with 零
    (``一万零五``), so the colloquial ``一万二`` (12,000 or 10,002?) is not read.

    ``vague``: the number follows 数/几, which may stand for its leading coefficient (数亿, 几千)."""
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


def cn_small(text: str) -> float | None:
    """``2``, ``两``, ``十八``, ``半`` (a half)."""
    if text == "半":
        return 0.5
    return cn_number(text)


# --------------------------------------------------------------------------- long runs

_LONG_EN = re.compile(rf"\d[\d.,\u00a0\u202f ]{{{MAX_NUMBER_CHARS},}}")
_LONG_CN = re.compile(rf"[\d{CN_CHARS}][\d{CN_CHARS}.,]{{{MAX_NUMBER_CHARS},}}")
_DIGITS = re.compile(r"\d+")
_CN_PIECE = re.compile(rf"[\d{CN_CHARS}]+")
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
