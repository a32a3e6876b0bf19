"""The one pint registry of the program, and unit text read through it.

pint is imported here and only here, on first use. What users type for a value (``$6B``,
``3..6 billion USD``) is read by the one quantity grammar, ``estimator/language/literal.py``,
which comes to this module for units.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from estimator.errors import InputError, close_matches
from estimator.paths import cache_dir

if TYPE_CHECKING:
    import pint

UNITS_FILE = Path(__file__).with_name("units.txt")


def registry() -> pint.UnitRegistry[Any]:
    """The program's unit registry, built once from ``units.txt``."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _build_registry()
    return _REGISTRY  # type: ignore[no-any-return]


_REGISTRY: Any = None


def _build_registry() -> pint.UnitRegistry[Any]:
    """pint keeps the parsed definitions in a cache folder (~5 ms instead of ~12 ms).

    The cache never breaks a command: a folder is built whole under a temporary name and
    renamed into place (so a concurrent reader sees all of it or none of it), and a cache that
    cannot be read for any reason (truncated, emptied, a full disk, another pint) is removed and
    the registry is built without it."""
    import pint

    folder = _pint_cache_folder()
    ureg: pint.UnitRegistry[Any] | None = None
    if folder is not None:
        try:
            ureg = _cached_registry(pint, folder)
        except Exception:  # noqa: BLE001 - broad on purpose: a damaged cache fails in pint's
            # pickle loading with whatever the bytes make of it (EOFError, UnpicklingError,
            # AttributeError, KeyError, ...), and the cache must never break a command
            _remove(folder)
            ureg = None
    if ureg is None:
        ureg = pint.UnitRegistry(str(UNITS_FILE))
    ureg.formatter.default_format = "~"
    return ureg


def _pint_cache_folder() -> Path | None:
    import zlib

    base = cache_dir()
    if base is None:
        return None
    import pint

    key = f"{pint.__version__}|{UNITS_FILE.stat().st_mtime_ns}|{zlib.crc32(UNITS_FILE.read_bytes()):08x}"
    return base / f"pint-{zlib.crc32(key.encode()):08x}"


def _cached_registry(pint: Any, folder: Path) -> Any:
    import os

    if folder.is_dir():
        return pint.UnitRegistry(str(UNITS_FILE), cache_folder=str(folder))
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        ureg = pint.UnitRegistry(str(UNITS_FILE), cache_folder=str(tmp))
        os.replace(tmp, folder)  # fails harmlessly when another process got there first
    except OSError:
        _remove(tmp)
        return pint.UnitRegistry(str(UNITS_FILE))
    return ureg


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@lru_cache(maxsize=4096)
def is_unit(name: str) -> bool:
    """Whether ``name`` is a unit of the registry (prefixed names included: MW, kWh)."""
    return bool(registry().parse_unit_name(name))  # pint's lookup of prefixes and names: it raises nothing


_SIMPLE_UNITS = re.compile(
    r"^\s*(?:1\s*/\s*)?[A-Za-zµμ_]\w*(?:\s*(?:\*\*|\^)\s*-?\d+)?"
    r"(?:\s*[*/]\s*[A-Za-zµμ_]\w*(?:\s*(?:\*\*|\^)\s*-?\d+)?)*\s*$"
)
_UNIT_PART = re.compile(r"([*/])?\s*([A-Za-zµμ_]\w*)(?:\s*(?:\*\*|\^)\s*(-?\d+))?")


@lru_cache(maxsize=4096)
def unit(text: str) -> pint.Unit:
    """A pint Unit from text. Plain products and quotients of unit names are built directly:
    pint's own parser goes through Python's tokenize, whose first use costs ~7 ms."""
    ureg = registry()
    if not text.strip():
        return ureg.dimensionless
    if _SIMPLE_UNITS.match(text):
        from pint.errors import PintError
        from pint.util import UnitsContainer

        powers: dict[str, int] = {}
        body = text.strip()
        inverse_start = body.startswith("1")
        if inverse_start:
            body = "/" + body.split("/", 1)[1]
        try:
            for op, name, exp in _UNIT_PART.findall(body):
                canonical = ureg.get_name(name)
                if not canonical:  # "dimensionless"
                    continue
                step = (int(exp) if exp else 1) * (-1 if op == "/" else 1)
                powers[canonical] = powers.get(canonical, 0) + step
        except PintError:  # an unknown name (UndefinedUnitError), a prefixed offset unit
            return ureg.parse_units(text)  # let pint say what is wrong
        return ureg.Unit(UnitsContainer({k: v for k, v in powers.items() if v}))
    return ureg.parse_units(text)


_POWER = re.compile(r"(?:\*\*|\^)\s*\(?\s*([-+]?(?:\d+\.?\d*|\.\d+))")
_CHAINED = re.compile(r"(?:\*\*|\^)\s*\(?\s*[-+]?[\d.]+\s*\)?\s*(?:\*\*|\^)")


def _parse_errors() -> tuple[type[BaseException], ...]:
    """What pint's unit parser raises on odd text besides its own errors: a random-text fuzz
    of ``unit`` (840,000 strings of unit names, digits and punctuation) met these and no other."""
    import tokenize

    from pint.errors import PintError

    return (
        PintError,
        tokenize.TokenError,
        SyntaxError,
        AssertionError,
        ArithmeticError,
        LookupError,
        TypeError,
        ValueError,
    )


MAX_POWER = 64  # of a unit, written (W**64) or made by a product (W*W*...)


def parse_unit(text: str) -> pint.Unit:
    """Read a unit expression such as ``USD/yr`` or ``MW``.  Powers are plain numbers up to 64
    and not chained (``USD**9**9**9`` would make pint work without end)."""
    import pint

    if _CHAINED.search(text) or any(abs(float(p)) > MAX_POWER for p in _POWER.findall(text) if p.strip("+-.")):
        raise InputError(
            f"the unit {text[:40]!r} has a power beyond {MAX_POWER} or a power of a power",
            f"write powers as plain numbers up to {MAX_POWER}, e.g. W/m**2",
        )
    ureg = registry()
    try:
        parsed = unit(text)
    except pint.UndefinedUnitError as exc:
        names = getattr(exc, "unit_names", None) or (text,)
        name = names if isinstance(names, str) else ", ".join(names)
        close = close_matches(name, list(ureg), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "units look like USD, MW, W, kWh, GPU, yr, h"
        raise InputError(f"unknown unit {name!r} in {text!r}", hint) from None
    except _parse_errors():
        raise InputError(f"cannot read the unit {text!r}", "units look like USD, MW, kWh, USD/yr") from None
    if any(abs(p) > MAX_POWER for p in parsed._units.values()):  # W*W*...: as if written W**65
        raise InputError(
            f"the unit {text[:40]!r} has a power beyond {MAX_POWER}",
            f"a unit's powers go up to {MAX_POWER} (W**64)",
        )
    return parsed
