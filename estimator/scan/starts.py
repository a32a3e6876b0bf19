"""Where a figure can start. Each figure pattern begins with a lookbehind (``NUM``, ``CN_RUN``),
so the regular-expression engine can skip no character and tries the whole pattern at every one:
about 0.3 µs a character per pattern, 2.7 s for a megabyte of news text across the kinds.

Every match of a pattern starts at a place found by a few fast scans: the start of a run of digits
or numerals, a ``$``, a word such as ``USD`` or ``few``, a model's name. ``matches`` tries the
pattern at those places only, in order, and skips the ones inside a match already made: the very
matches ``finditer`` gives, for the work of a few tries per figure. ``Starts`` collects the places
of one text once; a list may hold places where nothing matches, never lack one where something does
(tests/test_scan_starts.py checks ``matches`` against ``finditer`` on every pattern).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from estimator.scan.numbers import CN_CHARS, VAGUE

_RUNS = re.compile(rf"[\d{CN_CHARS}]+")  # \d is str.isdecimal: digits of any script
# Words that start an English money figure (re.I), found in str.lower(): "USD 6 billion" and the
# vague amounts ("a few billion dollars", "tens of billions")
_MONEY_WORDS = ("usd", *VAGUE)
# re.I matches these to the letters i and s, which str.lower() does not give (and İ lowers to two
# characters, which would shift every offset): a text with any of them is searched with re.I
CASE_ODD = "İıſ"
_MONEY_WORDS_I = re.compile("|".join(re.escape(w) for w in _MONEY_WORDS), re.I)


def matches(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, given ``starts``: in increasing order, every place at which a
    match of ``pattern`` can begin (more places do no harm). The pattern must not match the empty
    string. ``match`` at a place sees the text before it, so lookbehinds work as in finditer."""
    end = 0
    for s in starts:
        if s >= end:
            m = pattern.match(text, s)
            if m is not None:
                end = max(m.end(), s + 1)
                yield m


def found(text: str, word: str) -> list[int]:
    """Every place where ``word`` is written in ``text``, overlapping ones too."""
    places, i = [], text.find(word)
    while i >= 0:
        places.append(i)
        i = text.find(word, i + 1)
    return places


def after(text: str, chars: str) -> list[int]:
    """The place right after each of ``chars`` in ``text``, in order."""
    return sorted(i + 1 for c in chars for i in found(text, c))


def line_breaks(text: str) -> list[int]:
    """Where each run of whitespace that holds a newline begins, in order. Each newline's run is
    walked back only to the newline before it, so the work is linear in the text."""
    places: list[int] = []
    last = -1  # the newline before
    for q in found(text, "\n"):
        i = q
        while i > last + 1 and text[i - 1].isspace():
            i -= 1
        if not (last >= 0 and i == last + 1):  # else the run goes on from the newline before
            places.append(i)
        last = q
    return places


def inside(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every place where some alternative of ``pattern`` (literals, no lookaround) begins, overlapping
    ones too: each place of each of its matches. An occurrence that overlaps a match found begins
    inside it; one that does not would have been found itself."""
    return [i for m in pattern.finditer(text) for i in range(m.start(), m.end())]


class Starts:
    """The places of one text where each kind of pattern can start, sorted.

    ``digits``: the start of each run of decimal digits that does not follow ``.`` or ``,``, where
    ``NUM`` can start (it starts after none of them: ``1,000`` is tried at its 1 only).
    ``numerals``: where ``CN_RUN`` can start: the start of each run of digits and Chinese
    numerals, or the ``.``/``,`` just before it (``CN_RUN`` never starts after one of them).
    ``money``: where the English money pattern can start: a number, a ``$`` or the ``US`` before
    it, ``USD``, a vague amount (``a few``, ``several``, ...)."""

    __slots__ = ("digits", "numerals", "money")

    def __init__(self, text: str) -> None:
        digits: list[int] = []
        numerals: list[int] = []
        for m in _RUNS.finditer(text):
            a, run = m.start(), m.group()
            after_separator = a > 0 and text[a - 1] in ".,"
            numerals.append(a - 1 if after_separator else a)
            if run.isdecimal():
                if not after_separator:
                    digits.append(a)
            else:
                digits += [
                    a + i
                    for i, c in enumerate(run)
                    if c.isdecimal() and (i > 0 and not run[i - 1].isdecimal() or i == 0 and not after_separator)
                ]
        self.digits = digits
        self.numerals = numerals
        dollars = found(text, "$")
        if any(c in text for c in CASE_ODD):
            words = inside(_MONEY_WORDS_I, text)
        else:
            low = text.lower()
            words = [i for w in _MONEY_WORDS for i in found(low, w)]
        money = {*digits, *dollars, *words, *(i - 2 for i in dollars if i >= 2)}
        self.money = sorted(money)

    def numerals_and(self, text: str, *words: str) -> list[int]:
        """``numerals`` with the places of ``words`` (patterns that may also start at a word)."""
        return sorted({*self.numerals, *(i for w in words for i in found(text, w))})

    def names(self, text: str, name: re.Pattern[str] | None) -> list[int]:
        """Where one of the models' names (``name``: their alternation) begins."""
        return [] if name is None else inside(name, text)

    def unless_lacking(self, places: list[int], text: str, needs: Iterable[str]) -> list[int]:
        """``places``, or none when ``text`` holds none of ``needs``: a pattern each of whose
        matches holds one of them (美元, 瓦) cannot match anywhere."""
        return places if any(n in text for n in needs) else []


class Everywhere(Starts):
    """Every place of the text, for every pattern: ``matches`` is then ``finditer`` itself (the
    tests compare what is found with ``Starts`` against this)."""

    def __init__(self, text: str) -> None:
        self.digits = self.numerals = self.money = list(range(len(text) + 1))

    def numerals_and(self, text: str, *words: str) -> list[int]:
        return self.digits

    def names(self, text: str, name: re.Pattern[str] | None) -> list[int]:
        return self.digits

    def unless_lacking(self, places: list[int], text: str, needs: Iterable[str]) -> list[int]:
        return self.digits
