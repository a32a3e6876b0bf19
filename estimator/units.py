"""The one pint registry of the program, and the reader for what users type.

``parse_estimate`` turns the shorthands of the spec (``$6B``, ``6 billion USD``, ``100k``,
``$3B..$6B/yr``, ``30000 USD ±20%``) into an :class:`~estimator.values.Estimate`.
pint is imported here and only here, on first use.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from estimator.errors import DimensionError, InputError

if TYPE_CHECKING:
    import pint

    from estimator.values import Estimate

UNITS_FILE = Path(__file__).with_name("units.txt")

SCALE_SUFFIXES = {"k": 3, "K": 3, "M": 6, "B": 9, "bn": 9, "T": 12}  # powers of ten
SCALE_WORDS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
MAX_VALUE = 2000  # characters, as for a calc expression

_NUMBER = re.compile(
    r"""(?P<sign>[-+])?\s?
    (?P<dollar>(?:US)?\$)?\s?
    (?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)
    (?P<exp>[eE][-+]?\d+)?
    (?P<suffix>bn|[kKMBT](?![A-Za-z]))?
    (?:\s(?P<word>thousand|million|billion|trillion)\b)?
    \s?(?P<unit>.*)$""",
    re.VERBOSE,
)
_SHELL_EATEN = re.compile(r"^(bn|[kKMBT]|\s*(thousand|million|billion|trillion))?\s*(/.*)?$")
_PLUS_MINUS = re.compile(r"(?:±|\+-|\+/-) ?(?P<pct>\d+(?:\.\d*)?) ?%$")


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
        except Exception:  # noqa: BLE001 - any failure of the cache falls back to no cache
            _remove(folder)
            ureg = None
    if ureg is None:
        ureg = pint.UnitRegistry(str(UNITS_FILE))
    ureg.formatter.default_format = "~"
    return ureg


def _pint_cache_folder() -> Path | None:
    import zlib

    from estimator.catalogue import cache_dir

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


_POWER = re.compile(r"(?:\*\*|\^)\s*\(?\s*([-+]?[\d.]+)")
_CHAINED = re.compile(r"(?:\*\*|\^)\s*\(?\s*[-+]?[\d.]+\s*\)?\s*(?:\*\*|\^)")


def parse_unit(text: str, what: str) -> pint.Unit:
    """Read a unit expression such as ``USD/yr`` or ``MW``.  Powers are plain numbers up to 64
    and not chained (``USD**9**9**9`` would make pint work without end)."""
    import pint

    if _CHAINED.search(text) or any(abs(float(p)) > 64 for p in _POWER.findall(text) if p.strip("+-.")):
        raise InputError(
            f"{what}: the unit {text[:40]!r} has a power beyond 64 or a power of a power",
            "write powers as plain numbers up to 64, e.g. W/m**2",
        )
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


def _split(text: str, what: str) -> tuple[float, str, bool]:
    """One value: magnitude in plain numbers, the unit text (``''`` when none), and whether a
    scale (k, M, B, billion...) was written.  ``text`` has its whitespace collapsed."""
    if _SHELL_EATEN.match(text) and text.strip():
        raise InputError(
            f"{what}: got {text!r}, which looks like a '$' amount that the shell expanded",
            "put the amount in single quotes, e.g. '$6B' or '$3B/yr'",
        )
    m = _NUMBER.match(text)
    if not m:
        raise InputError(f"{what}: cannot read {text!r} as a number", "write it like 6e9 USD, $6B, 100k or 1.5M")
    mag = decimal_number(
        m["num"], m["exp"], SCALE_SUFFIXES.get(m["suffix"] or "", 0) + SCALE_WORDS.get(m["word"] or "", 0)
    )
    if not math.isfinite(mag):
        raise InputError(f"{what}: {text!r} is not a finite number (beyond ±1.8e308)", "use an ordinary number")
    if abs(mag) < sys.float_info.min and m["num"].strip("0.,"):
        raise InputError(f"{what}: {text!r} is too small a number (below 2.2e-308)", "use an ordinary number")
    if m["sign"] == "-":
        mag = -mag
    unit = m["unit"].strip()
    if m["dollar"]:
        if unit and not unit.startswith("/"):
            if unit.split("/")[0].strip() in ("USD", "usd", "dollar", "dollars"):
                unit = unit.split("/", 1)[1] if "/" in unit else ""
                unit = "/" + unit if unit else ""
            else:
                raise InputError(f"{what}: {text!r} mixes '$' with the unit {unit!r}", "write e.g. '$3B/yr'")
        unit = "USD" + unit
    return mag, unit, bool(m["suffix"] or m["word"])


def decimal_number(digits: str, exponent: str | None, scale: int) -> float:
    """``digits`` (``1,000.5``) times 10 to ``exponent`` + ``scale``, rounded once: ``6.0551B``
    is the float nearest 6,055,100,000, not 6.0551 x 1e9 rounded twice."""
    exp = int(exponent[1:]) if exponent else 0
    return float(f"{digits.replace(',', '')}e{exp + scale}")


def parse_estimate(text: str, what: str, default_unit: str = "") -> Estimate:
    """Read a value, a range (``a..b``) or a ``±`` value, with units, as an Estimate."""
    from estimator.values import Estimate

    if len(text) > MAX_VALUE:
        raise InputError(f"{what}: the value is {len(text):,} characters long (limit {MAX_VALUE:,})", "shorten it")
    raw = " ".join(text.split())
    if not raw:
        raise InputError(f"{what}: empty value", "give a number such as 6e9 USD or $6B")
    pm = _PLUS_MINUS.search(raw)
    if pm:
        base = raw[: pm.start()].rstrip()
        if ".." in base:
            raise InputError(
                f"{what}: {text!r} puts ± after a range",
                "give either a range (25000..40000 USD) or a value with a spread (30000 USD ±20%)",
            )
        mag, unit, _ = _split(base, what)
        frac = float(pm["pct"]) / 100
        if frac >= 1:
            raise InputError(f"{what}: ±{pm['pct']}% leaves no positive range", "use less than 100%")
        lo, hi = _finite(text, what, mag * (1 - frac), mag * (1 + frac))
        return Estimate(mag, min(lo, hi), max(lo, hi), parse_unit(unit or default_unit, what))
    if ".." in raw:
        left, _, right = raw.partition("..")
        lo, lunit, lscaled = _split(left.strip(), what)
        hi, runit, rscaled = _split(right.strip(), what)
        lm, rm = _NUMBER.match(left.strip()), _NUMBER.match(right.strip())
        assert lm is not None and rm is not None
        bare = not lm["unit"].strip() and not lscaled and not lm["exp"]  # "3", "$3": no unit, scale or exponent
        if bare and rm["exp"] and not rscaled:
            raise InputError(
                f"{what}: in {text!r} only the right end has an exponent: is the left end {lm['num']} or "
                f"{lm['num']}{rm['exp']}?",
                f"write the exponent on both ends ({lm['num']}{rm['exp']}..{rm['num']}{rm['exp']}) or neither",
            )
        if rscaled and bare:
            # "3..6 billion USD" is 3 billion .. 6 billion, as a person reads it
            scale = SCALE_SUFFIXES.get(rm["suffix"] or "", 0) + SCALE_WORDS.get(rm["word"] or "", 0)
            lo = decimal_number(lm["num"], lm["exp"], scale) * (-1 if lm["sign"] == "-" else 1)
            if lo > hi:
                raise InputError(
                    f"{what}: in {text!r} the scale is written on the right end only, and applied to both "
                    "ends the range runs backwards",
                    "write the scale on both ends, e.g. 500..2000 or 0.5k..2k",
                )
        if lunit and not runit:
            runit = lunit  # "$3..6B": both ends in dollars
        elif lunit and runit.startswith("/") and not lunit.startswith("/"):
            runit = lunit = lunit + runit  # "$3B..6B/yr": both ends a rate
        elif not lunit or (runit.startswith(lunit) and runit[len(lunit) :][:1] in ("/", "*", " ")):
            lunit = runit
        unit_lo = parse_unit(lunit or default_unit, what)
        unit_hi = parse_unit(runit or default_unit, what)
        ureg = registry()
        try:
            lo = float(ureg.Quantity(lo, unit_lo).to(unit_hi).magnitude)
        except Exception:
            raise DimensionError(
                f"{what}: the two ends of {text!r} have different kinds of unit",
                "write both ends in one unit, e.g. 25000..40000 USD",
            ) from None
        if lo > hi:
            raise InputError(f"{what}: range {text!r} has low > high", "write it as low..high")
        lo, hi = _finite(text, what, lo, hi)
        return Estimate(lo / 2 + hi / 2, lo, hi, unit_hi)
    mag, unit, _ = _split(raw, what)
    return Estimate(mag, mag, mag, parse_unit(unit or default_unit, what))


def _finite(text: str, what: str, *values: float) -> tuple[float, ...]:
    if not all(math.isfinite(x) for x in values):
        raise InputError(f"{what}: {text!r} is not a finite number (beyond ±1.8e308)", "use an ordinary number")
    return values


def quantity(value: float, unit: str | pint.Unit) -> Any:
    """A pint Quantity from a magnitude and a unit."""
    return registry().Quantity(value, unit)
