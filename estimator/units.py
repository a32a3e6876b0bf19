"""The one pint registry of the program, and the reader for what users type.

``parse_estimate`` turns the shorthands of the spec (``$6B``, ``6 billion USD``, ``100k``,
``$3B..$6B/yr``, ``30000 USD ±20%``) into an :class:`~estimator.values.Estimate`.
pint is imported here and only here, on first use.
"""

from __future__ import annotations

import difflib
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from estimator.errors import DimensionError, InputError

if TYPE_CHECKING:
    import pint

    from estimator.values import Estimate

UNITS_FILE = Path(__file__).with_name("units.txt")

SCALE_SUFFIXES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9, "T": 1e12}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_NUMBER = re.compile(
    r"""\s*(?P<sign>[-+])?\s*
    (?P<dollar>(?:US)?\$)?\s*
    (?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)
    (?P<exp>[eE][-+]?\d+)?
    (?P<suffix>bn|[kKMBT](?![A-Za-z]))?
    (?:\s+(?P<word>thousand|million|billion|trillion)\b)?
    \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE,
)
_SHELL_EATEN = re.compile(r"^(bn|[kKMBT]|\s*(thousand|million|billion|trillion))?\s*(/.*)?$")
_PLUS_MINUS = re.compile(r"^(?P<base>.*?)\s*(?:±|\+-|\+/-)\s*(?P<pct>\d+(?:\.\d*)?)\s*%\s*$")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """The program's unit registry, built once from ``units.txt``."""
    import pint

    from estimator.catalogue import cache_dir

    folder = cache_dir()
    ureg: pint.UnitRegistry[Any]
    try:
        # pint keeps the parsed definitions in the cache folder: ~5 ms instead of ~12 ms.
        ureg = pint.UnitRegistry(str(UNITS_FILE), cache_folder=str(folder / "pint") if folder else None)
    except OSError:
        ureg = pint.UnitRegistry(str(UNITS_FILE))
    ureg.formatter.default_format = "~"
    return ureg


@lru_cache(maxsize=4096)
def is_unit(name: str) -> bool:
    """Whether ``name`` is a unit of the registry (prefixed names included: MW, kWh)."""
    try:
        registry().parse_unit_name(name)
    except Exception:
        return False
    return bool(registry().parse_unit_name(name))


_SIMPLE_UNITS = re.compile(
    r"^\s*(?:1\s*/\s*)?[A-Za-zµμ_]\w*(?:\s*(?:\*\*|\^)\s*-?\d+)?"
    r"(?:\s*[*/]\s*[A-Za-zµμ_]\w*(?:\s*(?:\*\*|\^)\s*-?\d+)?)*\s*$"
)
_UNIT_PART = re.compile(r"([*/])?\s*([A-Za-zµμ_]\w*)(?:\s*(?:\*\*|\^)\s*(-?\d+))?")


@lru_cache(maxsize=4096)
def _units(text: str) -> pint.Unit:
    """A pint Unit from text. Plain products and quotients of unit names are built directly:
    pint's own parser goes through Python's tokenize, whose first use costs ~7 ms."""
    ureg = registry()
    if not text.strip():
        return ureg.dimensionless
    if _SIMPLE_UNITS.match(text):
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
        except Exception:
            return ureg.parse_units(text)  # let pint say what is wrong
        return ureg.Unit(UnitsContainer({k: v for k, v in powers.items() if v}))
    return ureg.parse_units(text)


def parse_unit(text: str, what: str) -> pint.Unit:
    """Read a unit expression such as ``USD/yr`` or ``MW``."""
    import pint

    ureg = registry()
    try:
        return _units(text)
    except pint.UndefinedUnitError as exc:
        names = getattr(exc, "unit_names", None) or (text,)
        name = names if isinstance(names, str) else ", ".join(names)
        close = difflib.get_close_matches(name, list(ureg), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "units look like USD, MW, W, kWh, GPU, yr, h"
        raise InputError(f"{what}: unknown unit {name!r} in {text!r}", hint) from None
    except Exception:  # pint's parser raises many kinds (even AssertionError) on odd text
        raise InputError(f"{what}: cannot read the unit {text!r}", "units look like USD, MW, kWh, USD/yr") from None


def _split(text: str, what: str) -> tuple[float, str]:
    """One value: magnitude in plain numbers and the unit text (``''`` when none)."""
    if _SHELL_EATEN.match(text) and text.strip():
        raise InputError(
            f"{what}: got {text!r}, which looks like a '$' amount that the shell expanded",
            "put the amount in single quotes, e.g. '$6B' or '$3B/yr'",
        )
    m = _NUMBER.match(text)
    if not m:
        raise InputError(f"{what}: cannot read {text!r} as a number", "write it like 6e9 USD, $6B, 100k or 1.5M")
    mag = float(m["num"].replace(",", "") + (m["exp"] or ""))
    if m["suffix"]:
        mag *= SCALE_SUFFIXES[m["suffix"]]
    if m["word"]:
        mag *= SCALE_WORDS[m["word"]]
    if m["sign"] == "-":
        mag = -mag
    unit = m["unit"]
    if m["dollar"]:
        if unit and not unit.startswith("/"):
            if unit.split("/")[0].strip() in ("USD", "usd", "dollar", "dollars"):
                unit = unit.split("/", 1)[1] if "/" in unit else ""
                unit = "/" + unit if unit else ""
            else:
                raise InputError(f"{what}: {text!r} mixes '$' with the unit {unit!r}", "write e.g. '$3B/yr'")
        unit = "USD" + unit
    if not math.isfinite(mag):
        raise InputError(f"{what}: {text!r} is not a finite number", "use an ordinary number")
    return mag, unit


def parse_estimate(text: str, what: str, default_unit: str = "") -> Estimate:
    """Read a value, a range (``a..b``) or a ``±`` value, with units, as an Estimate."""
    from estimator.values import Estimate

    raw = text.strip()
    if not raw:
        raise InputError(f"{what}: empty value", "give a number such as 6e9 USD or $6B")
    pm = _PLUS_MINUS.match(raw)
    if pm:
        mag, unit = _split(pm["base"], what)
        frac = float(pm["pct"]) / 100
        if frac >= 1:
            raise InputError(f"{what}: ±{pm['pct']}% leaves no positive range", "use less than 100%")
        lo, hi = mag * (1 - frac), mag * (1 + frac)
        return _finite(Estimate(mag, min(lo, hi), max(lo, hi), parse_unit(unit or default_unit, what)), text, what)
    if ".." in raw:
        left, _, right = raw.partition("..")
        lo, lunit = _split(left, what)
        hi, runit = _split(right, what)
        if not lunit or (runit.startswith(lunit) and runit[len(lunit) :][:1] in ("/", "*", " ")):
            lunit = runit
        unit_lo = parse_unit(lunit or default_unit, what)
        unit_hi = parse_unit(runit or default_unit, what)
        ureg = registry()
        try:
            lo = ureg.Quantity(lo, unit_lo).to(unit_hi).magnitude
        except Exception:
            raise DimensionError(
                f"{what}: the two ends of {text!r} have different kinds of unit",
                "write both ends in one unit, e.g. 25000..40000 USD",
            ) from None
        if lo > hi:
            raise InputError(f"{what}: range {text!r} has low > high", "write it as low..high")
        return _finite(Estimate(lo / 2 + hi / 2, lo, hi, unit_hi), text, what)
    mag, unit = _split(raw, what)
    return Estimate(mag, mag, mag, parse_unit(unit or default_unit, what))


def _finite(est: Estimate, text: str, what: str) -> Estimate:
    if not all(math.isfinite(x) for x in (est.low, est.typical, est.high)):
        raise InputError(f"{what}: {text!r} is too large a number", "use an ordinary number")
    return est


def quantity(value: float, unit: str | pint.Unit) -> Any:
    """A pint Quantity from a magnitude and a unit."""
    return registry().Quantity(value, unit)
