"""What the shell does to arguments before gpucost sees them.

In double quotes or unquoted, ``$6B`` reaches the program as ``B`` (the shell expanded the
empty parameter ``$6``), ``$3B/yr`` as ``B/yr``, ``$6 billion`` as `` billion``, ``$6.5B`` as
``.5B``, ``$30k`` as ``0k`` and ``US$6B`` as ``USB``. That is a fact about shells, not about
the quantity grammar, so it is caught here, on the command line only, with the fix spelled
out. ``$25k`` arrives as ``5k``, a valid amount: no program can tell, so the README says to
quote every '$'.
"""

from __future__ import annotations

import re

from estimator.errors import CalcError, InputError
from estimator.language.tokens import SCALE_WORDS, SCALES, Token, tokenize

_SCALE = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
_WORDS = "|".join(SCALE_WORDS)
_REST = rf"(?:{_SCALE}|\s*(?:{_WORDS}))?\s*(?:/.*)?$"
# what is left of "$6B", "$3B/yr", "$6 billion", "US$6B"; and of "$30k", "$10B" ("0k", "0B":
# nobody writes a scaled zero)
_EATEN = re.compile(rf"^(?:US)?{_REST}|^0+(?:\.0*)?(?:{_SCALE}|\s*(?:{_WORDS}))\s*(?:/.*)?$")
_DECIMALS = re.compile(r"^\.\d")  # "$6.5B" -> ".5B": an amount of money never starts with '.'

HINT = "put the amount in single quotes, e.g. '$6B' or '$3B/yr'"


def dollar_eaten(text: str, money: bool = False) -> bool:
    """Whether ``text`` (or one end of a range in it) is what remains of a '$' amount;
    ``money``: the value is an amount of dollars, where ``.5B`` is a remnant too."""
    return any(
        part.strip() and (_EATEN.match(part.strip()) or (money and _DECIMALS.match(part.strip())))
        for part in text.split("..")
    )


def check_dollar(text: str, what: str, money: bool = False) -> None:
    """An ``error:`` naming ``what`` when the shell has eaten a '$' amount in ``text``."""
    if dollar_eaten(" ".join(text.split()), money):
        raise InputError(f"{what}: got {text!r}, which looks like a '$' amount that the shell expanded", HINT)


def _remnant(tokens: list[Token], i: int) -> bool:
    tok, before = tokens[i], tokens[i - 1] if i else None
    # where a value starts (not after * or /, where a unit may stand: 80 GB / B)
    at_value = before is None or (before.kind == "op" and before.text in "+-(,=")
    if not at_value:
        return False
    # "B / H100.price" from "$6B / H100.price" (a ".5B" is a valid number in calc: not flagged)
    return tok.kind == "name" and tok.text in SCALES


def check_expression(text: str) -> None:
    """The same for a calc expression: a scale letter where a value belongs (``B/yr * 2 yr``
    from ``$3B/yr * 2 yr``)."""
    try:
        tokens = tokenize(text)
    except InputError:
        return  # the parser reports it, with its span
    for i in range(len(tokens) - 1):
        if _remnant(tokens, i):
            error = CalcError(
                f"{tokens[i].text!r} {{at}} stands where a value belongs: "
                "it looks like a '$' amount that the shell expanded",
                "put the expression in single quotes, e.g. gpucost calc '$6B / H100.price'",
                tokens[i].span,
            )
            raise error.within(text, label=f"in {text!r}")
