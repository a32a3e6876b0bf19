"""The calc expression grammar, read by recursive descent into a syntax tree (never ``eval``)::

    expr     := additive ["to" unit]
    additive := term (("+" | "-") term)*
    term     := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | power
    power    := atom ["**" unary]            (exponent: a plain number, |e| <= 64)
    atom     := quantity | NAME "." FIELD | NAME "(" args ")" | unit | "(" expr ")"
    args     := [arg ("," arg)*]     arg := [NAME "="] expr | NAME (an accelerator)

``quantity`` is the one grammar for a value (``estimator/language/literal.py``). A number followed
by a unit binds tighter than any operator (``1 / 2 USD`` is one over two dollars). Limits:
2,000 characters, nesting depth 100 (parentheses, signs, calls and powers of powers), 250
operations in a chain (``1+1+...``), exponents up to 64. Every error carries the span of the
offending token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from estimator.errors import CalcError
from estimator.language.literal import QuantityReader, literal
from estimator.language.tokens import Cursor
from estimator.record import Record, set_field

if TYPE_CHECKING:
    from estimator.values import Estimate

MAX_DEPTH = 100
MAX_CHAIN = 250  # operations on the longest path of the tree: evaluating takes two Python frames each


class Lit(Record):
    value: Estimate
    col: int
    word: str  # a unit written alone (``us``, ``h``): a name where an argument wants one

    __slots__ = ("value", "col", "word")

    def __init__(self, value: Estimate, col: int, word: str = "") -> None:
        set_field(self, "value", value)
        set_field(self, "col", col)
        set_field(self, "word", word)


class Ref(Record):
    gpu: str
    field: str
    col: int

    __slots__ = ("gpu", "field", "col")

    def __init__(self, gpu: str, field: str, col: int) -> None:
        set_field(self, "gpu", gpu)
        set_field(self, "field", field)
        set_field(self, "col", col)


class Default(Record):
    key: str
    col: int

    __slots__ = ("key", "col")

    def __init__(self, key: str, col: int) -> None:
        set_field(self, "key", key)
        set_field(self, "col", col)


class BinOp(Record):
    op: str
    left: Node
    right: Node
    col: int

    __slots__ = ("op", "left", "right", "col")

    def __init__(self, op: str, left: Node, right: Node, col: int) -> None:
        set_field(self, "op", op)
        set_field(self, "left", left)
        set_field(self, "right", right)
        set_field(self, "col", col)


class Neg(Record):
    operand: Node
    col: int

    __slots__ = ("operand", "col")

    def __init__(self, operand: Node, col: int) -> None:
        set_field(self, "operand", operand)
        set_field(self, "col", col)


class Pow(Record):
    base: Node
    exponent: Node
    col: int

    __slots__ = ("base", "exponent", "col")

    def __init__(self, base: Node, exponent: Node, col: int) -> None:
        set_field(self, "base", base)
        set_field(self, "exponent", exponent)
        set_field(self, "col", col)


class Convert(Record):
    operand: Node
    unit: str
    col: int

    __slots__ = ("operand", "unit", "col")

    def __init__(self, operand: Node, unit: str, col: int) -> None:
        set_field(self, "operand", operand)
        set_field(self, "unit", unit)
        set_field(self, "col", col)


class Name(Record):
    """A bare name used as a function argument: an accelerator."""

    name: str
    col: int

    __slots__ = ("name", "col")

    def __init__(self, name: str, col: int) -> None:
        set_field(self, "name", name)
        set_field(self, "col", col)


class Call(Record):
    func: str
    args: tuple[Node, ...]
    kwargs: tuple[tuple[str, Node], ...]
    col: int

    __slots__ = ("func", "args", "kwargs", "col")

    def __init__(self, func: str, args: tuple[Node, ...], kwargs: tuple[tuple[str, Node], ...], col: int) -> None:
        set_field(self, "func", func)
        set_field(self, "args", args)
        set_field(self, "kwargs", kwargs)
        set_field(self, "col", col)


Node = Union[Lit, Ref, Default, BinOp, Neg, Pow, Convert, Name, Call]


class Parser(QuantityReader):
    def __init__(self, text: str) -> None:
        self.cur = Cursor(text)
        self.depth = 0

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CalcError(f"expression nests deeper than {MAX_DEPTH} levels", "simplify it", self.cur.tok.span)

    def parse(self) -> Node:
        cur = self.cur
        if cur.at("end"):
            raise CalcError("empty expression", "write e.g. '6e9 USD / H100.price'")
        node = self.expr()
        self.trailing_unit()
        if not cur.at("end"):
            raise cur.error("expected an operator or the end", "join values with + - * / or 'to UNIT'")
        return node

    def expr(self) -> Node:
        self.deeper()
        node = self.additive()
        while self.cur.at("name", "to"):
            tok = self.cur.next()
            node = Convert(node, self.unit_text(required=True), tok.col)
        self.depth -= 1
        return node

    def additive(self) -> Node:
        node = self.term()
        while self.cur.at("op", "+") or self.cur.at("op", "-"):
            tok = self.cur.next()
            node = BinOp(tok.text, node, self.term(), tok.col)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.cur.at("op", "*") or self.cur.at("op", "/"):
            tok = self.cur.next()
            node = BinOp(tok.text, node, self.unary(), tok.col)
        return node

    def unary(self) -> Node:
        cur = self.cur
        if cur.at("op", "-") and cur.peek().kind == "number" and cur.peek().glued:
            return self.power(negative=True)  # -2..3 is a range from -2, -5 a negative number
        if cur.at("op", "-") or cur.at("op", "+"):
            tok = cur.next()
            self.deeper()
            operand = self.unary()
            self.depth -= 1
            return Neg(operand, tok.col) if tok.text == "-" else operand
        return self.power()

    def power(self, negative: bool = False) -> Node:
        cur = self.cur
        if negative:  # a '-' glued to a number: part of the literal for a range (-2..3)
            sign = cur.next()
            value, span = self.quantity(negative=True)
            if cur.at("op", "**") or cur.at("op", "^"):
                if not value.is_exact:
                    raise CalcError(
                        "a range with a negative end {at} is raised to a power",
                        "put it in parentheses: (-2..3) ** 2",
                        span,
                    )
                tok = cur.next()  # -2 ** 2 is -(2 ** 2), as in Python and in mathematics
                return Neg(Pow(Lit(-value.reduced(canonical=False), span.column), self.exponent(), tok.col), sign.col)
            return Lit(value.reduced(canonical=False), span.column)
        base = self.atom()
        if cur.at("op", "**") or cur.at("op", "^"):
            tok = cur.next()
            return Pow(base, self.exponent(), tok.col)
        return base

    def exponent(self) -> Node:
        """The right of ``**``, which may hold another power: ``2**3**2`` nests."""
        self.deeper()
        node = self.unary()
        self.depth -= 1
        return node

    def atom(self) -> Node:
        cur = self.cur
        tok = cur.tok
        if tok.kind == "number" or cur.at("op", "$"):
            value, span = self.quantity()
            return Lit(value.reduced(canonical=False), span.column)
        if cur.at("op", "("):
            cur.next()
            node = self.expr()
            cur.expect(")", "close the parenthesis")
            return node
        if tok.kind == "name":
            if tok.text == "to":
                raise cur.error("expected a value before 'to'", "write e.g. '5 MW to kW'")
            after = cur.peek()
            if after.kind == "op" and after.text == "(" and after.glued:
                return self.call()
            if after.kind == "op" and after.text == "." and after.glued:
                return self.reference()
            if self.unit_at(0):
                unit = self.unit_text(required=True)
                return Lit(literal(1.0, 1.0, 1.0, unit, tok.span), tok.col, unit if unit == tok.text else "")
            return Name(cur.next().text, tok.col)
        raise cur.error("expected a number, a name or '('", "e.g. 6e9 USD, H100.price, buy($6B, H100)")

    def reference(self) -> Node:
        cur = self.cur
        name = cur.next()
        cur.next()  # "."
        fld = cur.tok
        if fld.kind != "name" or not fld.glued:
            raise cur.error(f"expected a field name after '{name.text}.'", "e.g. H100.price or defaults.pue")
        cur.next()
        if name.text == "defaults":
            return Default(fld.text, name.col)
        return Ref(name.text, fld.text, name.col)

    def call(self) -> Node:
        cur = self.cur
        name = cur.next()
        cur.next()  # "("
        self.deeper()
        args: list[Node] = []
        kwargs: list[tuple[str, Node]] = []
        while not cur.at("op", ")"):
            if cur.tok.kind == "name" and cur.peek().kind == "op" and cur.peek().text == "=":
                key = cur.next().text
                cur.next()
                kwargs.append((key, self.expr()))
            else:
                if kwargs:
                    raise cur.error("expected name=value after a keyword argument", "put keywords last")
                args.append(self.expr())
            if cur.at("op", ","):
                cur.next()
            elif not cur.at("op", ")"):
                raise cur.error(f"expected ',' or ')' in {name.text}(...)", "see: gpucost calc --help")
        cur.next()
        self.depth -= 1
        return Call(name.text, tuple(args), tuple(kwargs), name.col)


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Pow):
        return (node.base, node.exponent)
    if isinstance(node, (Neg, Convert)):
        return (node.operand,)
    if isinstance(node, Call):
        return (*node.args, *(v for _, v in node.kwargs))
    return ()


def height(tree: Node) -> int:
    """The levels of a syntax tree, counted without recursion (a chain ``1+1+...`` is as many
    levels as it has operators)."""
    most, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        most = max(most, level)
        stack.extend((child, level + 1) for child in children(node))
    return most


def parse(text: str) -> Node:
    """The syntax tree of an expression."""
    tree = Parser(text).parse()
    operations = height(tree) - 1
    if operations > MAX_CHAIN:
        raise CalcError(
            f"the expression chains {operations} operations, more than {MAX_CHAIN}",
            "add the parts up in steps (several calc runs, or several claims)",
        )
    return tree
