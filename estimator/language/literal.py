"""The one grammar for a quantity: what a user may write for a value, everywhere.

::

    quantity := side [".." side] ["±" NUMBER "%"]
    side     := ["-"] ["$"] NUMBER [scale] [unit]        (scale glued: 6B; or a word: 6 billion)
    unit     := "%" | ["/"] NAME ["**" INT] (("*" | "/") NAME ["**" INT])*

The calc parser reads a quantity with these functions wherever an expression holds a number;
``parse_estimate`` is the restricted entry that reads a whole text as one quantity and nothing
else. Command-line values, catalogue figures and claim ``expect:`` values go through it, so the
same text means the same thing in all of them (numbat's parse_quantity is the model).

Range rules, as a person reads them: ``3..6 billion USD`` puts the scale and the unit on both
ends; ``$3B..$6B/yr`` and ``$3B..6B/yr`` are rates at both ends; an exponent written on the
right end only is refused (``3..6e9``: is the left end 3 or 3e9?).
"""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from typing import Any

from estimator.errors import CalcError, EstimatorError, InputError, RangeUnitsError, Span, close_matches
from estimator.language.tokens import MAX_LENGTH, SCALE_WORDS, SCALES, Cursor, Token
from estimator.units import is_unit as registry_has
from estimator.units import parse_unit, registry
from estimator.values import Estimate

DOLLAR_UNITS = ("USD", "usd", "dollar", "dollars")  # "$6B USD" says dollars twice, harmlessly


def decimal_number(digits: str, exponent: str | None, scale: int) -> float:
    """``digits`` (``1,000.5``) times 10 to ``exponent`` + ``scale``, rounded once: ``6.0551B``
    is the float nearest 6,055,100,000, not 6.0551 x 1e9 rounded twice."""
    exp = int(exponent[1:]) if exponent else 0
    return float(f"{digits.replace(',', '')}e{exp + scale}")


def spread(typical: float, percent: Decimal) -> float:
    """``typical`` moved by ``percent``, in decimal and rounded once: $1M -7% is exactly
    930,000 USD (in binary floats 929,999.9999999999, a GPU short of 930 at $1k each)."""
    return float(Decimal(repr(typical)) * (100 + percent) / 100)


def is_unit(name: str) -> bool:
    return registry_has(name)


def unit_of(text: str, span: Span | None) -> Any:
    """A pint unit from unit text (``/yr`` is ``1/yr``); errors point at ``span``."""
    try:
        return parse_unit("1" + text if text.startswith("/") else text)
    except EstimatorError as exc:
        raise CalcError(exc.message, exc.hint, span) from None


def literal(typical: float, low: float, high: float, unit: str, span: Span | None) -> Estimate:
    return Estimate(typical, low, high, unit_of(unit, span))


class QuantityReader:
    """Reads quantities and units from a cursor (the parser of expressions is one too)."""

    cur: Cursor

    def unit_at(self, offset: int) -> bool:
        """Is the token at ``offset`` a unit name (not a function or catalogue name)?"""
        tok, after = self.cur.peek(offset), self.cur.peek(offset + 1)
        if tok.kind != "name" or tok.text == "to" or not is_unit(tok.text):
            return False
        return not (after.kind == "op" and after.text in ("(", ".") and after.glued)

    def unit_power(self) -> str:
        """``**N``, ``**-N`` or ``**+N`` after a unit name (``W*m**-2``), or nothing."""
        cur = self.cur
        if not (cur.at("op", "**") or cur.at("op", "^")):
            return ""
        signed = cur.peek().kind == "op" and cur.peek().text in "+-" and cur.peek(2).kind == "number"
        if cur.peek().kind != "number" and not signed:
            return ""
        cur.next()
        sign = cur.next().text.replace("+", "") if signed else ""
        return "**" + sign + cur.next().text

    def unit_text(self, required: bool, last_power: bool = True) -> str:
        """A unit expression: unit names joined by ``*`` and ``/``, with integer powers.

        A leading ``/`` (``$3B/yr``, ``100 /h``) makes a per-unit: the text starts with ``/``.
        Without ``last_power`` a power after a unit of one name is left to the caller: in a
        quantity, ``2 USD ** 2`` is (2 USD) ** 2 = 4 USD^2, as ``$2 ** 2`` is, while in
        ``1 W/m**2`` the power is the metre's.
        """
        cur = self.cur
        start = cur.tok
        if cur.at("op", "%") and not required:
            cur.next()
            return "%"  # 40%: a share, as on the command line (--mfu 40%)
        if self.unit_at(0):
            text = cur.next().text
        elif cur.at("op", "/") and self.unit_at(1):
            cur.next()
            text = "/" + cur.next().text
        else:
            if required:
                raise cur.error("expected a unit", "e.g. MW, USD/yr, GPU*h", start)
            return ""
        names = 1
        while True:
            mark = cur.i
            power = self.unit_power()
            if (cur.at("op", "/") or cur.at("op", "*")) and self.unit_at(1):
                text += power + cur.next().text + cur.next().text
                names += 1
                continue
            if power and not last_power and names == 1 and not text.startswith("/"):
                cur.i = mark  # the power belongs to the whole quantity (not in $2/h**2: USD/h)
            else:
                text += power
            return text

    def number(self) -> tuple[float, Token, bool, int, str]:
        """``[$] NUMBER [scale]``: magnitude, first token, whether a $ was given, the scale's
        power of ten (0 when none was written) and the exponent as written."""
        cur = self.cur
        first = cur.tok
        dollar = cur.at("op", "$")
        if dollar:
            cur.next()
            if not cur.at("number"):
                raise cur.error("expected a number after '$'", "write e.g. $6B or $30k")
        if not cur.at("number"):
            raise cur.error("expected a number", "e.g. 25000..40000 USD")
        tok = cur.next()
        digits, _, exponent = tok.text.lower().partition("e")
        scale = 0
        if cur.tok.kind == "name" and cur.tok.text in SCALES and (cur.tok.glued or dollar):
            scale = SCALES[cur.next().text]  # 6B; after a '$' also "$6.0 B", as gpucost prints it
        elif cur.tok.kind == "name" and cur.tok.text in SCALE_WORDS:
            scale = SCALE_WORDS[cur.next().text]
        mag = decimal_number(digits, "e" + exponent if exponent else None, scale)
        span = Span(first.span.start, tok.span.end)
        if not math.isfinite(mag):
            raise CalcError("the number {at} is not a finite number (beyond ±1.8e308)", "use an ordinary number", span)
        if mag < sys.float_info.min and digits.strip("0.,"):
            raise CalcError("the number {at} is too small (below 2.2e-308)", "use an ordinary number", span)
        return mag, first, dollar, scale, exponent

    def side(self, negative: bool = False) -> tuple[float, str, Token, int, bool, str]:
        """One end of a quantity, ``[-][$] NUMBER [scale] [unit]``: magnitude, unit text, first
        token, the scale's power of ten, whether it was a plain number (no unit written after
        it, no scale, no exponent) and its exponent."""
        cur = self.cur
        if not negative and cur.at("op", "-") and cur.peek().kind == "number" and cur.peek().glued:
            cur.next()
            negative = True
        mag, first, dollar, scale, exponent = self.number()
        mag = -mag if negative else mag
        unit = self.unit_text(required=False, last_power=False)
        bare = not unit and not scale and not exponent
        if dollar:
            head, slash, rest = unit.partition("/")
            if head.strip() in DOLLAR_UNITS:
                unit = slash + rest
            if unit and not unit.startswith("/"):
                raise CalcError(f"'$' and the unit {unit!r} {{at}} do not mix", "write e.g. $3B/yr", first.span)
            unit = "USD" + unit
        return mag, unit, first, scale, bare, exponent

    def quantity(self, negative: bool = False) -> tuple[Estimate, Span]:
        """A quantity literal (see the module's grammar) in the unit written, and the span it
        covers."""
        cur = self.cur
        typical, unit, first, _, left_bare, _ = self.side(negative)
        at = first.span
        low = high = typical
        ranged = False
        if cur.at("op", ".."):
            ranged = True
            cur.next()
            high, unit2, _, scale2, _, exponent2 = self.side()
            if left_bare and exponent2:  # 3..6e9 and 3..6e3k alike: is the left end 3 or 3e9?
                raise CalcError(
                    "in the range {at} only the right end has an exponent",
                    "write it on both ends (e.g. 3e9..6e9) or neither",
                    at,
                )
            if scale2 and left_bare:
                # "3..6 billion USD" is 3 billion .. 6 billion, as a person reads it
                typical = float(Decimal(repr(typical)).scaleb(scale2))  # one rounding: 6.05..7 billion
                if typical > high:
                    raise CalcError(
                        "the range {at} has its scale on the right end only, and applied to both ends it runs "
                        "backwards",
                        "write the scale on both ends, e.g. 500..2000 or 0.5k..2k",
                        at,
                    )
            if unit and unit2.startswith("/") and not unit.startswith("/"):
                unit2 = unit + unit2  # "$3B..6B/yr": a rate at both ends
            dollars_only = first.text == "$" and unit == "USD"  # "$3B": no unit of its own written
            if not unit or (dollars_only and unit2.startswith("USD") and unit2[3:][:1] in ("/", "*")):
                unit = unit2  # the left end borrows the right end's unit: $3B..$6B/yr (not 3 W..6 W*h)
            if unit2 and unit != unit2:
                try:
                    typical = literal(typical, typical, typical, unit, at).to(unit_of(unit2, at)).typical
                except EstimatorError:
                    raise RangeUnitsError(
                        "the ends of the range {at} have different kinds of unit",
                        "write both ends in one unit, e.g. 25000..40000 USD",
                        at,
                    ) from None
                unit = unit2
            low = typical
            if low > high:
                raise CalcError("range {at} has low > high", "write it as low..high", at)
            typical = low / 2 + high / 2
        if cur.at("op", "±"):
            if ranged:
                raise CalcError(
                    "the range {at} is followed by '±'",
                    "give either a range (25000..40000 USD) or a value with a spread (30000 USD ±20%)",
                    at,
                )
            cur.next()
            if not cur.at("number"):
                raise cur.error("expected a percentage after '±'", "write e.g. 30000 USD ±20%")
            pct = Decimal(cur.next().text.replace(",", ""))
            cur.expect("%", "write the spread as a percentage, e.g. ±20%")
            if pct >= 100:
                raise CalcError(f"±{pct}% {{at}} leaves no positive range", "use less than 100%", at)
            low, high = sorted(spread(typical, sign * pct) for sign in (-1, 1))
        if not all(math.isfinite(x) for x in (low, typical, high)):
            raise CalcError("the number {at} is too large", "use an ordinary number", at)
        end = cur.tokens[cur.i - 1].span.end
        return literal(typical, low, high, unit, at), Span(at.start, end)

    def trailing_unit(self) -> None:
        """After a complete value: a unit or an unknown name is an error worth its own words."""
        cur = self.cur
        if cur.tok.kind == "name" and is_unit(cur.tok.text):
            raise CalcError(
                f"unit {cur.tok.text!r} {{at}} follows a complete value",
                "join units with * or / (kW*h, USD/yr); a scale goes on the number (6B USD, not 6 B USD)",
                cur.tok.span,
            )
        if cur.tok.kind == "name":
            close = close_matches(cur.tok.text, list(registry()), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "units look like USD, MW, kWh, GPU, yr, h"
            raise CalcError(f"unknown unit {cur.tok.text!r}", hint, cur.tok.span)


def _power_after_value(cur: Cursor) -> CalcError:
    """``2 USD**2`` as a whole value: calc reads it as (2 USD)**2 = 4 USD^2, so a value does
    not guess; a power inside a unit (``W/m**2``) is read as part of the unit."""
    tok = cur.next()
    if cur.tok.kind == "op" and cur.tok.text in "+-" and cur.peek().kind == "number":
        cur.next()  # the sign of the power: 2 h ** -1 is still a power of the whole value
    exponent = cur.tok
    chained = exponent.kind != "number" or cur.peek().kind == "op" and cur.peek().text in ("**", "^")
    if chained or float(exponent.text.replace(",", "")) > 64:
        return CalcError(
            "the unit {at} has a power beyond 64 or a power of a power",
            "write powers as plain numbers up to 64, e.g. W/m**2",
            tok.span,
        )
    return CalcError(
        "the power {at} raises the whole value (in calc 2 USD ** 2 is 4 USD^2), which a single value does not do",
        "put a unit's power inside the unit (W/m**2), or compute it with gpucost calc",
        tok.span,
    )


class _Literal(QuantityReader):
    def __init__(self, text: str) -> None:
        self.cur = Cursor(text)


def parse_estimate(text: str, what: str, default_unit: str = "") -> Estimate:
    """Read ``text`` as one quantity (a value, a range ``a..b`` or a ``±`` value, with units)
    and nothing more; a plain number takes ``default_unit``. Errors name ``what`` and quote
    the text: ``budget: unknown unit 'foo' in '6 foo'``."""
    if len(text) > MAX_LENGTH:
        raise InputError(f"{what}: the value is {len(text):,} characters long (limit {MAX_LENGTH:,})", "shorten it")
    if not text.strip():
        raise InputError(f"{what}: empty value", "give a number such as 6e9 USD or $6B")
    shown = " ".join(text.split())
    try:
        reader = _Literal(text)
        cur = reader.cur
        if not (cur.at("number") or cur.at("op", "$") or cur.at("op", "-") or cur.at("op", "+")):
            raise InputError(f"{what}: cannot read {shown!r} as a number", "write it like 6e9 USD, $6B, 100k or 1.5M")
        sign = cur.next() if cur.at("op", "-") or cur.at("op", "+") else None
        glued = sign is not None and cur.at("number") and cur.tok.glued  # "-2..3", not "- 2..3" or "-$2..3"
        value, _ = reader.quantity(negative=sign is not None and sign.text == "-" and glued)
        if sign is not None and sign.text == "-" and not glued:
            value = -value  # "- 2..3" is the negative of 2..3, as in calc; "-2..3" a range from -2
        if cur.at("op", "**") or cur.at("op", "^"):
            raise _power_after_value(cur)
        if cur.at("name", "to"):
            raise CalcError(
                "'to' {at} converts a result, and a value is not converted",
                "give the value in the unit wanted, or convert with gpucost calc, e.g. calc '5 MW to kW'",
                cur.tok.span,
            )
        reader.trailing_unit()
        if cur.at("op", "/") and cur.peek().kind == "name":
            reader.cur.next()
            reader.trailing_unit()  # "$3B/y": the unknown unit, with the nearest names
        if not cur.at("end"):
            hint = (
                "a value is a number with a unit (units without parentheses: USD/GPU/h), a range a..b or a "
                "spread ±N%; arithmetic belongs in calc"
            )
            raise cur.error("expected the end of the value", hint)
    except CalcError as exc:
        raise exc.within(text, label=what, where=f"in {shown!r}") from None
    if default_unit and not value.unit_text:
        return Estimate(value.typical, value.low, value.high, unit_of(default_unit, None))
    return value
