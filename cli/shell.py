"""What the shell does to arguments before gpucost sees them.

In double quotes or unquoted, ``$6B`` reaches the program as ``B`` (the shell expanded the
empty parameter ``$6``), ``$3B/yr`` as ``B/yr`` and ``$6 billion`` as `` billion``. That is a
fact about shells, not about the quantity grammar, so it is caught here, on the command line
only, with the fix spelled out.
"""

from __future__ import annotations

import re

from estimator.errors import InputError

_EATEN = re.compile(r"^(bn|[kKMBT]|\s*(thousand|million|billion|trillion))?\s*(/.*)?$")


def dollar_eaten(text: str) -> bool:
    """Whether ``text`` (or one end of a range in it) is what remains of a '$' amount."""
    return any(part.strip() and _EATEN.match(part) for part in text.split(".."))


def check_dollar(text: str, what: str) -> None:
    """An ``error:`` naming ``what`` when the shell has eaten a '$' amount in ``text``."""
    if dollar_eaten(" ".join(text.split())):
        raise InputError(
            f"{what}: got {text!r}, which looks like a '$' amount that the shell expanded",
            "put the amount in single quotes, e.g. '$6B' or '$3B/yr'",
        )
