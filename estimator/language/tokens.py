"""The calc tokens, and a cursor that walks them.

A token is a number, a name, an operator or the end; it knows its column and whether a space
came before it (``6B`` is a scaled number, ``6 B`` a number and a unit). ``US$`` is read as
``$``. Scale suffixes and words (``k``, ``bn``, ``billion``) are the one table of the program.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from estimator.errors import CalcError, Span

MAX_LENGTH = 2000  # characters, for an expression and for a single value alike

SCALES = {"k": 3, "K": 3, "M": 6, "B": 9, "bn": 9, "T": 12}  # glued to a number: powers of ten
SCALE_WORDS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<dollar>(?:US)?\$)
  | (?P<number>(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<name>[A-Za-z_µμ][A-Za-z0-9_µμ]*(?:-[A-Za-z0-9_]+)*)
  | (?P<op>\*\*|\.\.|\+/-|\+-|[-+*/^(),.=±%])
    """,
    re.VERBOSE,
)
# Where a unit or a field stands (after a number: 100k, 2 MW; after a scale: 100k GPU; after
# '*', '/' or '**' in a unit: GPU*h; after '.': H100.tdp) a name has no hyphenated parts, so
# "100k-1k", "5 GPU*h-1 GPU*h" and "H100.tdp-100" subtract; an accelerator's name keeps its
# hyphens everywhere it is a reference or an argument (A100-80GB.price, buy($6B, HL-225H)).
_CURRENCIES = "€£¥₹₩₽"
_PLAIN_NAME = re.compile(r"[A-Za-z_µμ][A-Za-z0-9_µμ]*")
_UNIT_JOINS = {"*", "/", "**", "^"}


def _plain_here(tokens: list[Token], after: str) -> bool:
    """Whether a name starting here stops at a '-': always after '.' (a field), and in a unit
    unless the name is a reference or a call (``* H100-SXM5.price``)."""
    if not tokens:
        return False
    last = tokens[-1]
    if last.kind == "op" and last.text == ".":
        return True
    in_unit = last.kind == "number" or (last.kind == "op" and last.text in _UNIT_JOINS)
    in_unit = in_unit or (last.kind == "name" and len(tokens) > 1 and tokens[-2].kind == "number")
    return in_unit and after not in (".", "(")


class Token(NamedTuple):
    """A NamedTuple, not a Record: a claim's expr and expect make ~15 tokens, and making one
    took 4.2 us as a Record (``fill`` sets each field through ``object.__setattr__``) against
    0.7 us as a NamedTuple (timeit, loaded machine). The class costs ~0.2 ms at import, once."""

    kind: str  # number, name, op, end
    text: str
    col: int  # 1-based column
    glued: bool = False  # no space before it
    width: int = 0  # characters in the source (US$ is 3, read as $)

    @property
    def span(self) -> Span:
        return Span(self.col - 1, self.col - 1 + max(self.width, len(self.text), 1))


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise CalcError(f"expression is {len(text)} characters long (limit {MAX_LENGTH})", "split it into parts")
    tokens: list[Token] = []
    pos, glued = 0, False
    while pos < len(text):
        if text[pos] == "\u2212":  # the minus sign of typeset text: '-'
            tokens.append(Token("op", "-", pos + 1, glued, 1))
            glued, pos = True, pos + 1
            continue
        m = _TOKEN.match(text, pos)
        if not m and text[pos] in _CURRENCIES:
            raise CalcError(
                f"{text[pos]!r} {{at}} is a currency gpucost does not convert",
                "amounts are in US dollars: convert first and write $ or USD",
                Span(pos, pos + 1),
            )
        if not m:
            raise CalcError(
                f"unexpected character {text[pos]!r}",
                "expressions use numbers, units, + - * / ** ( ), names like H100.price and 'to'",
                Span(pos, pos + 1),
            )
        kind = m.lastgroup or ""
        if kind == "name" and "-" in m.group() and _plain_here(tokens, text[m.end() : m.end() + 1]):
            m = _PLAIN_NAME.match(text, pos) or m
        if kind == "space":
            glued = False
        else:
            tok = m.group()
            if kind == "dollar":
                kind, tok = "op", "$"
            elif kind == "op" and tok in ("+-", "+/-"):
                tok = "±"
            tokens.append(Token(kind, tok, pos + 1, glued, m.end() - pos))
            glued = True
        pos = m.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


class Cursor:
    """A position in a list of tokens, with the checks a recursive-descent reader needs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, n: int = 1) -> Token:
        return self.tokens[min(self.i + n, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.tok
        self.i += 1
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self.tokens[self.i]  # not self.tok: the parsers ask this ~40 times a claim
        return tok.kind == kind and (text is None or tok.text == text)

    def expect(self, text: str, hint: str) -> Token:
        if not self.at("op", text):
            raise self.error(f"expected {text!r}", hint)
        return self.next()

    def error(self, what: str, hint: str, tok: Token | None = None) -> CalcError:
        """``expected X but found Y``, pointing at the token found."""
        tok = tok or self.tok
        found = "the end" if tok.kind == "end" else repr(tok.text)
        return CalcError(f"{what} but found {found}", hint, tok.span)
