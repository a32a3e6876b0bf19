"""The calc language: unit-aware arithmetic over estimates, catalogue names and functions.

An explicit grammar, parsed by recursive descent (never Python ``eval``)::

    expr     := additive ["to" unit]
    additive := term (("+" | "-") term)*
    term     := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | power
    power    := atom ["**" unary]            (exponent: a plain number, |e| <= 64)
    atom     := quantity | NAME "." FIELD | NAME "(" args ")" | unit | "(" expr ")"
    quantity := ["$"] NUMBER [scale] [unit] [".." ["$"] NUMBER [scale] [unit]] ["±" NUMBER "%"]
    args     := [arg ("," arg)*]     arg := [NAME "="] expr | NAME (an accelerator)

A number followed by a unit binds tighter than any operator (``1 / 2 USD`` is one over two
dollars).  Limits: 2,000 characters, nesting depth 100, exponents up to 64.  Every error says
the column of the offending token.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Union

from estimator.errors import EstimatorError, InputError
from estimator.results import Assumption
from estimator.values import NumberOutOfRange

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue
    from estimator.commands.spec import Function, Input, Spec
    from estimator.values import Estimate

MAX_LENGTH = 2000
MAX_DEPTH = 100
MAX_EXPONENT = 64


class CalcError(InputError):
    """An expression that cannot be read or evaluated; the message names the column."""


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<name>[A-Za-z_µμ][A-Za-z0-9_µμ]*(?:-[A-Za-z0-9_]+)*)
  | (?P<op>\*\*|\.\.|\+/-|\+-|[-+*/^(),.=$±%])
    """,
    re.VERBOSE,
)
SCALES = {"k": 3, "K": 3, "M": 6, "B": 9, "bn": 9, "T": 12}  # powers of ten
SCALE_WORDS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}


@dataclass(frozen=True)
class Token:
    kind: str  # number, name, op, end
    text: str
    col: int  # 1-based column
    glued: bool = False  # no space before it


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise CalcError(f"expression is {len(text)} characters long (limit {MAX_LENGTH})", "split it into parts")
    tokens: list[Token] = []
    pos, glued = 0, False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise CalcError(
                f"unexpected character {text[pos]!r} at column {pos + 1}",
                "expressions use numbers, units, + - * / ** ( ), names like H100.price and 'to'",
            )
        kind = m.lastgroup or ""
        if kind == "space":
            glued = False
        else:
            tok = m.group()
            if kind == "op" and tok in ("+-", "+/-"):
                tok = "±"
            tokens.append(Token(kind, tok, pos + 1, glued))
            glued = True
        pos = m.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


# --------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Lit:
    value: Estimate
    col: int


@dataclass(frozen=True)
class Ref:
    gpu: str
    field: str
    col: int


@dataclass(frozen=True)
class Default:
    key: str
    col: int


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node
    col: int


@dataclass(frozen=True)
class Neg:
    operand: Node
    col: int


@dataclass(frozen=True)
class Pow:
    base: Node
    exponent: Node
    col: int


@dataclass(frozen=True)
class Convert:
    operand: Node
    unit: str
    col: int


@dataclass(frozen=True)
class Name:
    """A bare name used as a function argument: an accelerator."""

    name: str
    col: int


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]
    kwargs: tuple[tuple[str, Node], ...]
    col: int


Node = Union[Lit, Ref, Default, BinOp, Neg, Pow, Convert, Name, Call]


class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.bare, self.exponent = False, ""
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    # -- helpers

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
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def expect(self, text: str, hint: str) -> Token:
        if not self.at("op", text):
            raise self.error(f"expected {text!r}", hint)
        return self.next()

    def error(self, what: str, hint: str, tok: Token | None = None) -> CalcError:
        tok = tok or self.tok
        found = "the end" if tok.kind == "end" else repr(tok.text)
        return CalcError(f"{what} but found {found} at column {tok.col}", hint)

    # -- grammar

    def parse(self) -> Node:
        if self.at("end"):
            raise CalcError("empty expression", "write e.g. '6e9 USD / H100.price'")
        node = self.expr()
        if self.tok.kind == "name" and _is_unit(self.tok.text):
            raise CalcError(
                f"unit {self.tok.text!r} at column {self.tok.col} follows a complete value",
                "join units with * or / (kW*h, USD/yr); a scale goes on the number (6B USD, not 6 B USD)",
            )
        if self.tok.kind == "name":
            from estimator.catalogue import close_matches
            from estimator.units import registry

            close = close_matches(self.tok.text, list(registry()), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "units look like USD, MW, kWh, GPU, yr, h"
            raise CalcError(f"unknown unit {self.tok.text!r} at column {self.tok.col}", hint)
        if not self.at("end"):
            raise self.error("expected an operator or the end", "join values with + - * / or 'to UNIT'")
        return node

    def expr(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CalcError(f"expression nests deeper than {MAX_DEPTH} levels", "simplify it")
        node = self.additive()
        while self.at("name", "to"):
            tok = self.next()
            unit = self.unit_text(required=True)
            node = Convert(node, unit, tok.col)
        self.depth -= 1
        return node

    def additive(self) -> Node:
        node = self.term()
        while self.at("op", "+") or self.at("op", "-"):
            tok = self.next()
            node = BinOp(tok.text, node, self.term(), tok.col)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("op", "*") or self.at("op", "/"):
            tok = self.next()
            node = BinOp(tok.text, node, self.unary(), tok.col)
        return node

    def unary(self) -> Node:
        if self.at("op", "-") and self.peek().kind == "number" and self.peek().glued:
            return self.power(negative=True)  # -2..3 is a range from -2, -5 a negative number
        if self.at("op", "-") or self.at("op", "+"):
            tok = self.next()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise CalcError(f"expression nests deeper than {MAX_DEPTH} levels", "simplify it")
            operand = self.unary()
            self.depth -= 1
            return Neg(operand, tok.col) if tok.text == "-" else operand
        return self.power()

    def power(self, negative: bool = False) -> Node:
        if negative:  # a '-' glued to a number: part of the literal for a range (-2..3)
            sign = self.next()
            base = self.quantity(negative=True)
            if self.at("op", "**") or self.at("op", "^"):
                assert isinstance(base, Lit)
                if not base.value.is_exact:
                    raise CalcError(
                        f"a range with a negative end at column {base.col} is raised to a power",
                        "put it in parentheses: (-2..3) ** 2",
                    )
                tok = self.next()  # -2 ** 2 is -(2 ** 2), as in Python and in mathematics
                return Neg(Pow(Lit(-base.value, base.col), self.unary(), tok.col), sign.col)
            return base
        base = self.atom()
        if self.at("op", "**") or self.at("op", "^"):
            tok = self.next()
            return Pow(base, self.unary(), tok.col)
        return base

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "number" or self.at("op", "$"):
            return self.quantity()
        if self.at("op", "("):
            self.next()
            node = self.expr()
            self.expect(")", "close the parenthesis")
            return node
        if tok.kind == "name":
            if tok.text == "to":
                raise self.error("expected a value before 'to'", "write e.g. '5 MW to kW'")
            if self.peek().kind == "op" and self.peek().text == "(" and self.peek().glued:
                return self.call()
            if self.peek().kind == "op" and self.peek().text == "." and self.peek().glued:
                return self.reference()
            if self.unit_at(0):
                unit = self.unit_text(required=True)
                return Lit(_literal(1.0, 1.0, 1.0, unit, tok.col), tok.col)
            return Name(self.next().text, tok.col)
        raise self.error("expected a number, a name or '('", "e.g. 6e9 USD, H100.price, buy($6B, H100)")

    def reference(self) -> Node:
        name = self.next()
        self.next()  # "."
        fld = self.tok
        if fld.kind != "name" or not fld.glued:
            raise self.error(f"expected a field name after '{name.text}.'", "e.g. H100.price or defaults.pue")
        self.next()
        if name.text == "defaults":
            return Default(fld.text, name.col)
        return Ref(name.text, fld.text, name.col)

    def call(self) -> Node:
        name = self.next()
        self.next()  # "("
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CalcError(f"expression nests deeper than {MAX_DEPTH} levels", "simplify it")
        args: list[Node] = []
        kwargs: list[tuple[str, Node]] = []
        while not self.at("op", ")"):
            if self.tok.kind == "name" and self.peek().kind == "op" and self.peek().text == "=":
                key = self.next().text
                self.next()
                kwargs.append((key, self.expr()))
            else:
                if kwargs:
                    raise self.error("expected name=value after a keyword argument", "put keywords last")
                args.append(self.expr())
            if self.at("op", ","):
                self.next()
            elif not self.at("op", ")"):
                raise self.error(f"expected ',' or ')' in {name.text}(...)", "see: gpucost calc --help")
        self.next()
        self.depth -= 1
        return Call(name.text, tuple(args), tuple(kwargs), name.col)

    def number(self) -> tuple[float, int, bool, int]:
        """``[$] NUMBER [scale]``: magnitude, column, whether a $ was given, the scale's power
        of ten (0 when none was written)."""
        from estimator.units import decimal_number

        dollar = False
        col = self.tok.col
        if self.at("op", "$"):
            dollar = True
            self.next()
            if not self.at("number") or not self.tok.glued:
                raise self.error("expected a number after '$'", "write e.g. $6B or $30k")
        if not self.at("number"):
            raise self.error("expected a number", "e.g. 25000..40000 USD")
        tok = self.next()
        digits, _, exponent = tok.text.lower().partition("e")
        scale = 0
        if self.tok.kind == "name" and self.tok.glued and self.tok.text in SCALES:
            scale = SCALES[self.next().text]
        elif self.tok.kind == "name" and self.tok.text in SCALE_WORDS:
            scale = SCALE_WORDS[self.next().text]
        mag = decimal_number(digits, "e" + exponent if exponent else None, scale)
        if not math.isfinite(mag):
            raise CalcError(f"number at column {col} is not finite", "use an ordinary number")
        if mag == 0 and digits.strip("0.,"):
            raise CalcError(f"the number at column {col} is too small (below 2.2e-308)", "use an ordinary number")
        if 0 < mag < sys.float_info.min:
            raise CalcError(f"the number at column {col} is too small (below 2.2e-308)", "use an ordinary number")
        return mag, col, dollar, scale

    def side(self, negative: bool = False) -> tuple[float, str, int, int]:
        """One end of a quantity: ``[-][$] NUMBER [scale] [unit]`` as magnitude, unit text,
        column and the scale's power of ten.  ``self.bare`` says whether it was a plain number
        (no unit written after it, no scale, no exponent) and ``self.exponent`` its exponent."""
        if not negative and self.at("op", "-") and self.peek().kind == "number" and self.peek().glued:
            self.next()
            negative = True
        exponent = self.tok.text.lower().partition("e")[2] if self.at("number") else ""
        mag, col, dollar, scale = self.number()
        mag = -mag if negative else mag
        unit = self.unit_text(required=False, last_power=False)
        self.bare = not unit and not scale and not exponent
        self.exponent = exponent
        if dollar:
            if unit and not unit.startswith("/"):
                raise CalcError(f"'$' and the unit {unit!r} at column {col} do not mix", "write e.g. $3B/yr")
            unit = "USD" + unit
        return mag, unit, col, scale

    def quantity(self, negative: bool = False) -> Node:
        typical, unit, col, scale = self.side(negative)
        left_bare = self.bare
        low = high = typical
        ranged = False
        if self.at("op", ".."):
            ranged = True
            self.next()
            high, unit2, _, scale2 = self.side()
            if left_bare and self.exponent and not scale2:
                raise CalcError(
                    f"in the range at column {col} only the right end has an exponent",
                    "write it on both ends (e.g. 3e9..6e9) or neither",
                )
            if scale2 and left_bare:
                # "3..6 billion USD" is 3 billion .. 6 billion, as a person reads it
                typical = float(f"{typical!r}e{scale2}")  # one rounding: 6.05..7 billion
                if typical > high:
                    raise CalcError(
                        f"the range at column {col} has its scale on the right end only, and applied to both "
                        "ends it runs backwards",
                        "write the scale on both ends, e.g. 500..2000 or 0.5k..2k",
                    )
            if not unit or (unit2.startswith(unit) and unit2[len(unit) :][:1] in ("/", "*")):
                unit = unit2  # the left end borrows the right end's unit: $3B..$6B/yr
            if unit2 and unit != unit2:
                try:
                    typical = _literal(typical, typical, typical, unit, col).to(_unit(unit2, col)).typical
                except EstimatorError:
                    raise CalcError(
                        f"the ends of the range at column {col} have different kinds of unit",
                        "write both ends in one unit, e.g. 25000..40000 USD",
                    ) from None
                unit = unit2
            low = typical
            if low > high:
                raise CalcError(f"range at column {col} has low > high", "write it as low..high")
            typical = low / 2 + high / 2
        if self.at("op", "±"):
            if ranged:
                raise CalcError(
                    f"the range at column {col} is followed by '±'",
                    "give either a range (25000..40000 USD) or a value with a spread (30000 USD ±20%)",
                )
            self.next()
            if not self.at("number"):
                raise self.error("expected a percentage after '±'", "write e.g. 30000 USD ±20%")
            pct = float(self.next().text.replace(",", ""))
            self.expect("%", "write the spread as a percentage, e.g. ±20%")
            if pct >= 100:
                raise CalcError(f"±{pct:g}% at column {col} leaves no positive range", "use less than 100%")
            low, high = sorted((typical * (1 - pct / 100), typical * (1 + pct / 100)))
        if not all(math.isfinite(x) for x in (low, typical, high)):
            raise CalcError(f"the number at column {col} is too large", "use an ordinary number")
        return Lit(_literal(typical, low, high, unit, col).reduced(canonical=False), col)

    def unit_at(self, offset: int) -> bool:
        """Is the token at ``offset`` a unit name (not a function or catalogue name)?"""
        tok, after = self.peek(offset), self.peek(offset + 1)
        if tok.kind != "name" or tok.text == "to" or not _is_unit(tok.text):
            return False
        return not (after.kind == "op" and after.text in ("(", ".") and after.glued)

    def unit_power(self) -> str:
        if (self.at("op", "**") or self.at("op", "^")) and self.peek().kind == "number":
            self.next()
            return "**" + self.next().text
        return ""

    def unit_text(self, required: bool, last_power: bool = True) -> str:
        """A unit expression: unit names joined by ``*`` and ``/``, with integer powers.

        A leading ``/`` (``$3B/yr``, ``100 /h``) makes a per-unit: the text starts with ``/``.
        Without ``last_power`` a power after a unit of one name is left to the caller: in a
        quantity, ``2 USD ** 2`` is (2 USD) ** 2 = 4 USD^2, as ``$2 ** 2`` is, while in
        ``1 W/m**2`` the power is the metre's.
        """
        start = self.tok
        if self.unit_at(0):
            text = self.next().text
        elif self.at("op", "/") and self.unit_at(1):
            self.next()
            text = "/" + self.next().text
        else:
            if required:
                raise self.error("expected a unit", "e.g. MW, USD/yr, GPU*h", start)
            return ""
        names = 1
        while True:
            mark = self.i
            power = self.unit_power()
            if (self.at("op", "/") or self.at("op", "*")) and self.unit_at(1):
                text += power + self.next().text + self.next().text
                names += 1
                continue
            if power and not last_power and names == 1:
                self.i = mark  # the power belongs to the whole quantity
            else:
                text += power
            return text


def _is_unit(name: str) -> bool:
    from estimator.units import is_unit

    return is_unit(name)


def _unit(text: str, col: int) -> Any:
    from estimator.units import parse_unit

    try:
        return parse_unit("1" + text if text.startswith("/") else text, f"column {col}")
    except EstimatorError as exc:
        raise CalcError(exc.message, exc.hint) from None


def _literal(typical: float, low: float, high: float, unit: str, col: int) -> Estimate:
    from estimator.values import Estimate

    return Estimate(typical, low, high, _unit(unit, col) if unit else _unit("", col))


# --------------------------------------------------------------------------- evaluation


@dataclass
class Context:
    """What an evaluation may read: the catalogue (loaded on first use) and a price date."""

    catalogue_loader: Callable[[], Catalogue]
    as_of: str | None = None
    assumptions: list[Assumption] = field(default_factory=list)
    _catalogue: Catalogue | None = None

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = self.catalogue_loader()
        return self._catalogue

    def use(self, assumption: Assumption) -> None:
        if all(a.key != assumption.key for a in self.assumptions):
            self.assumptions.append(assumption)


FIELDS = {
    "price": "USD/GPU",
    "rental": "USD/GPU/h",
    "tdp": "W/GPU",
    "system_power": "W/GPU",
    "memory": "GB/GPU",
    "bandwidth": "TB/s/GPU",
    "bf16_dense": "FLOP/s/GPU",
    "fp8_dense": "FLOP/s/GPU",
}


def evaluate(node: Node, ctx: Context) -> Estimate:
    """The value of a parsed expression."""
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Ref):
        return _reference(node, ctx)
    if isinstance(node, Default):
        from estimator.catalogue import DEFAULT_FIGURES
        from estimator.commands.model import catalogue_assumption

        if node.key not in DEFAULT_FIGURES:
            raise CalcError(
                f"unknown default {node.key!r} at column {node.col}",
                "defaults are " + ", ".join(sorted(DEFAULT_FIGURES)),
            )
        fig = ctx.catalogue.default(node.key)
        a = catalogue_assumption(ctx.catalogue, fig, f"default {node.key}", DEFAULT_FIGURES[node.key])
        ctx.use(a)
        return a.estimate
    if isinstance(node, Neg):
        return -evaluate(node.operand, ctx)
    if isinstance(node, BinOp):
        left, right = evaluate(node.left, ctx), evaluate(node.right, ctx)
        try:
            if node.op == "*":
                out = (left * right).reduced()
            elif node.op == "/":
                out = (left / right).reduced()
            elif node.op == "+":
                out = left + right
            else:
                out = left - right
        except NumberOutOfRange as exc:
            raise CalcError(f"the result {exc.direction} at column {node.col}", exc.hint) from None
        except EstimatorError as exc:
            if node.op in "+-":
                raise CalcError(
                    f"cannot {'add' if node.op == '+' else 'subtract'} {_units(right)} "
                    f"{'to' if node.op == '+' else 'from'} {_units(left)} at column {node.col}",
                    "both sides of + and - need the same kind of unit",
                ) from None
            raise CalcError(f"{exc.message} at column {node.col}", exc.hint) from None
        return _finite(out, node.col)
    if isinstance(node, Pow):
        base, exponent = evaluate(node.base, ctx), evaluate(node.exponent, ctx)
        if not exponent.is_exact or exponent.unit_text:
            raise CalcError(f"the exponent at column {node.col} must be a plain number", "e.g. 2 ** 10")
        e = exponent.typical
        if abs(e) > MAX_EXPONENT:
            raise CalcError(f"exponent {e:g} at column {node.col} is over {MAX_EXPONENT}", "use a smaller power")
        try:
            return _finite(_power(base, e, node.col).reduced(), node.col)
        except NumberOutOfRange as exc:
            raise CalcError(f"the result {exc.direction} at column {node.col}", exc.hint) from None
    if isinstance(node, Convert):
        value = evaluate(node.operand, ctx)
        try:
            return value.to(_unit(node.unit, node.col))
        except NumberOutOfRange as exc:
            raise CalcError(f"the result {exc.direction} at column {node.col}", exc.hint) from None
        except EstimatorError:
            raise CalcError(
                f"cannot convert {_units(value)} to {node.unit} at column {node.col}",
                "the units measure different things",
            ) from None
    if isinstance(node, Name):
        if node.name in _functions():
            raise CalcError(f"{node.name} at column {node.col} is a function", f"call it: {node.name}(...)")
        hint = "write a field, e.g. H100.price, or a unit such as MW"
        raise CalcError(f"{node.name!r} at column {node.col} is not a value", hint)
    if isinstance(node, Call):
        return _call(node, ctx)
    raise CalcError("cannot evaluate this expression", "see gpucost calc --help")  # pragma: no cover


def _units(value: Estimate) -> str:
    return value.unit_text or "a plain number"


def _finite(value: Estimate, col: int) -> Estimate:
    if not all(math.isfinite(x) for x in (value.low, value.typical, value.high)):
        raise CalcError(f"the result overflows at column {col}", "the numbers are too large")
    return value


def _power(base: Estimate, e: float, col: int) -> Estimate:
    from estimator.values import Estimate

    if e < 0 and base.low <= 0 <= base.high:
        raise CalcError(
            f"a range that includes zero cannot be raised to the power {e:g} (column {col})",
            "a negative power of zero is unbounded; narrow the range",
        )
    try:
        corners = [base.low**e, base.high**e]
        typical = base.typical**e
        if base.low < 0 < base.high and e > 0:
            corners.append(0.0)
        unit: Any = base.unit**e
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        raise CalcError(f"cannot raise to the power {e:g} at column {col}", "the result is out of range") from None
    if any(isinstance(c, complex) for c in [*corners, typical]):
        raise CalcError(f"negative number to a fractional power at column {col}", "use a whole power")
    for x, y in ((base.low, corners[0]), (base.high, corners[1]), (base.typical, typical)):
        if x != 0 and abs(y) < sys.float_info.min:
            raise CalcError(f"the power at column {col} is too small a number (below 2.2e-308)", "use a smaller power")
    return Estimate(float(typical), float(min(corners)), float(max(corners)), unit)


def _reference(node: Ref, ctx: Context) -> Estimate:
    from estimator.commands.model import catalogue_assumption

    if node.field not in FIELDS:
        from estimator.catalogue import close_matches

        close = close_matches(node.field, list(FIELDS), n=1)
        hint = f"did you mean {node.gpu}.{close[0]}?" if close else "fields are " + ", ".join(FIELDS)
        raise CalcError(f"unknown field {node.field!r} at column {node.col + len(node.gpu) + 1}", hint)
    try:
        acc = ctx.catalogue.gpu(node.gpu)
        fig = acc.point(node.field, ctx.as_of) if node.field in ("price", "rental") else acc.figure(node.field)
    except EstimatorError as exc:
        raise CalcError(f"{exc.message} (column {node.col})", exc.hint) from None
    a = catalogue_assumption(ctx.catalogue, fig, f"{acc.name} {node.field}", FIELDS[node.field])
    ctx.use(a)
    return a.estimate


# --------------------------------------------------------------------------- functions


def _functions() -> dict[str, tuple[Spec, Function]]:
    from estimator.commands import functions

    return functions()


def signature(spec: Spec, fn: Function) -> str:
    """``train_days(params?, tokens?, gpu, ...)``: the calc spelling of a function's arguments."""
    return f"{fn.name}({', '.join(i.calc_param for i in spec.inputs)})"


def _call(node: Call, ctx: Context) -> Estimate:
    """A function call: its arguments bound by the command's declaration (positions in
    declaration order, or keywords), then the command run and its output taken."""
    table = _functions()
    if node.func not in table:
        from estimator.catalogue import close_matches

        close = close_matches(node.func, list(table), n=1)
        hint = f"did you mean {close[0]}?" if close else "functions: " + ", ".join(table)
        raise CalcError(f"unknown function {node.func!r} at column {node.col}", hint)
    spec, fn = table[node.func]
    inputs = {i.name: i for i in spec.inputs}
    names = list(inputs)
    usage = signature(spec, fn)
    if len(node.args) > len(names):
        raise CalcError(f"{node.func} at column {node.col} takes at most {len(names)} arguments", usage)
    bound: dict[str, Any] = {}
    for pname, arg in zip(names, node.args, strict=False):
        bound[pname] = _argument(inputs[pname], arg, ctx)
    for key, arg in node.kwargs:
        if key not in inputs:
            raise CalcError(f"{node.func} has no argument {key!r} (column {node.col})", usage)
        if key in bound:
            raise CalcError(f"{node.func} got {key!r} twice (column {node.col})", usage)
        bound[key] = _argument(inputs[key], arg, ctx)
    missing = [i.name for i in spec.inputs if i.required and i.name not in bound]
    if missing:
        raise CalcError(f"{node.func} at column {node.col} needs {', '.join(missing)}", usage)
    try:
        result = spec.call(bound, ctx.catalogue if spec.catalogue else None, ctx.as_of)
    except CalcError:
        raise
    except EstimatorError as exc:
        raise CalcError(f"{node.func}(...) at column {node.col}: {exc.message}", exc.hint) from None
    for a in result.assumptions:
        if a.origin == "catalogue":
            ctx.use(a)
    for o in result.outputs:
        if o.key == fn.output:
            value: Estimate = o.estimate
            return value
    why = [n for n in result.notes if "not computed" in n]
    hint = "give the missing figure as an argument" if why else usage
    reason = f": {why[0]}" if why else ""
    raise CalcError(f"{node.func} at column {node.col} has no result{reason}", hint)


def _argument(inp: Input, arg: Node, ctx: Context) -> Any:
    """An argument's value: a bare name for an accelerator, a region or a choice; otherwise
    the expression's value."""
    from estimator.commands.spec import CHOICE, GPU, GRID

    if inp.kind in (GRID, CHOICE) and isinstance(arg, Name):
        return arg.name
    if inp.kind == GPU:
        if isinstance(arg, Name):
            return arg.name
        if isinstance(arg, Lit) and arg.value.is_exact and not arg.value.unit_text:
            raise CalcError(f"expected an accelerator name at column {arg.col}", "e.g. buy($6B, H100)")
        raise CalcError(f"expected an accelerator name for {inp.name}", "e.g. H100, B200, MI300X")
    if inp.kind == CHOICE:
        raise CalcError(
            f"expected one of {', '.join(inp.choices)} for {inp.name}", f"e.g. {inp.name}={inp.choices[-1]}"
        )
    if isinstance(arg, Name):
        raise CalcError(
            f"{arg.name!r} at column {arg.col} is not a value for {inp.name}",
            "give a quantity, e.g. $6B or 100k",
        )
    return evaluate(arg, ctx)


# --------------------------------------------------------------------------- entry point


def parse(text: str) -> Node:
    return Parser(text).parse()


def calculate(text: str, ctx: Context) -> Estimate:
    """Parse and evaluate ``text``; the assumptions it used are added to ``ctx``."""
    return evaluate(parse(text), ctx)
