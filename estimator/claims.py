"""Claim files: published figures, the expression that checks each, and the verdicts.

A claim *holds* when its expectation overlaps the computed range widened by the tolerance,
*fails* otherwise (with the ratio claimed / computed), and is an *error* when it cannot be
evaluated.  A broken file is reported as one error and the other files are still checked.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from estimator.catalogue import close_matches, normal_date
from estimator.errors import EstimatorError, InputError, Problem
from estimator.files import decode, read_file
from estimator.humanize import human_estimate
from estimator.language.evaluate import Context, calculate
from estimator.language.literal import parse_estimate
from estimator.results import estimate_dict
from estimator.status import Status, tally
from estimator.values import Estimate, fit
from estimator.yamlfile import Streamed, load_yaml

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue
    from estimator.results import Assumption
    from estimator.values import Estimate

SHAPE_HINT = "a claim file is a mapping with claims: [{id, expr, expect}, ...]; see gpucost check --help"
FILE_KEYS = {"title", "source", "tolerance", "as_of", "claims", "note"}
CLAIM_KEYS = {"id", "says", "expr", "expect", "tolerance", "as_of", "source", "note"}
MAX_FILE_BYTES = 20_000_000
MAX_PROBLEMS = 1000  # per file: after these, problems are counted, not listed

HOLDS, FAILS, ERROR = Status.holds, Status.fails, Status.error


@dataclass(frozen=True)
class Expectation:
    """What a claim says the figure is: a value, a range, ± a share, or a bound."""

    text: str
    low: float
    high: float
    claimed: float  # the figure the ratio compares: the value, the range's midpoint, the bound
    unit: Any
    strict: bool = False  # > or <: the bound itself is not enough


_BOUND = re.compile(r"^\s*(>=|<=|>|<|≥|≤)\s*(.+)$")


def parse_expectation(text: str, what: str = "expect") -> Expectation:
    """``200000 GPU``, ``150k..250k GPU``, ``>= 100 MW``, ``150 MW ±20%``."""

    m = _BOUND.match(text)
    if m:
        op = {"≥": ">=", "≤": "<="}.get(m[1], m[1])
        est = parse_estimate(m[2], what)
        if not est.is_exact:
            raise InputError(f"{what}: a bound takes one value, got {m[2]!r}", "write e.g. >= 100 MW")
        strict = op in (">", "<")
        if op in (">=", ">"):
            return Expectation(text, est.typical, math.inf, est.typical, est.unit, strict)
        return Expectation(text, -math.inf, est.typical, est.typical, est.unit, strict)
    est = parse_estimate(text, what)
    return Expectation(text, est.low, est.high, est.typical, est.unit)


def parse_tolerance(value: Any, what: str) -> float:
    """``25%`` or ``0.25`` -> 0.25."""
    if isinstance(value, bool):
        raise InputError(f"{what}: {value!r} is not a tolerance", "write e.g. 25%")
    text = str(value).strip()
    try:
        t = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise InputError(f"{what}: {value!r} is not a tolerance", "write e.g. 25% or 0.25") from None
    if not text.endswith("%") and t >= 1:
        raise InputError(f"{what}: {value!r} without % would mean {t:.0%}", f"write {text}% (or a fraction below 1)")
    if not 0 <= t <= 10 or math.isnan(t):
        raise InputError(f"{what}: tolerance {value!r} is out of range", "use 0% to 1000%")
    return t


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    expr: str
    expect: str
    says: str = ""
    tolerance: float = 0.0
    as_of: str | None = None
    source: str = ""
    note: str = ""
    file: str = ""
    line: int = 0


@dataclass
class Verdict:
    file: str
    id: str
    status: Status
    line: int = 0
    claim: Claim | None = None
    computed: Estimate | None = None
    expectation: Expectation | None = None
    ratio: float | None = None
    message: str = ""
    assumptions: list[Assumption] = field(default_factory=list)
    hint: str = ""  # for a file that cannot be read as claims: what to do (not in the JSON)
    reason: str = ""  # why a claim is an error, without where (the message adds that)

    def computed_text(self) -> str:
        """The computed value as a person reads it: ``200,000 GPU (150,000 GPU .. 240,000 GPU)``."""
        return "" if self.computed is None else human_estimate(self.computed)

    def sentence(self) -> str:
        """One sentence on the verdict: what was computed against what was claimed."""
        if self.status == Status.error:
            return self.message
        if self.status == Status.info:  # nothing was claimed: only what was worked out
            return f"worked out: {self.computed_text()}"
        c = self.claim
        tol = f" ±{c.tolerance:.0%}" if c and c.tolerance else ""
        ratio = f"; claimed/computed = {self.ratio:.2f}" if self.ratio is not None else ""
        verb = "within" if self.status == Status.holds else "outside"
        return f"expected {c.expect if c else ''} is {verb} computed {self.computed_text()}{tol}{ratio}"

    def to_dict(self) -> dict[str, object]:
        """The verdict as ``check --json`` writes it (one of ``claims``)."""
        c = self.claim
        return {
            "file": self.file,
            "line": self.line,
            "id": self.id,
            "verdict": self.status,
            "says": c.says if c else "",
            "expr": c.expr if c else "",
            "expect": c.expect if c else "",
            "tolerance": c.tolerance if c else None,
            "as_of": c.as_of if c else None,
            "computed": estimate_dict(self.computed) if self.computed is not None else None,
            "ratio": self.ratio,
            "message": self.message or self.sentence(),
            "assumptions": [a.key for a in self.assumptions],
            "source": c.source if c else "",
            "note": c.note if c else "",
        }


@dataclass
class ClaimFile:
    path: str
    title: str = ""
    source: str = ""
    claims: list[Claim] = field(default_factory=list)
    problems: list[Verdict] = field(default_factory=list)


def read_claims(text: str, path: str, default_as_of: str | None = None) -> ClaimFile:
    """Parse a claim file; problems become error verdicts, good claims are kept.

    Claims are read one at a time from the YAML events (see ``yamlfile.load_yaml``), so the
    memory kept per claim is its Claim alone."""
    from dataclasses import replace

    out = ClaimFile(path)
    by_id: dict[str, Verdict] = {}
    seen: set[str] = set()
    own_tolerance: set[int] = set()  # claims that set their own (the file's default may come later)
    own_as_of: set[int] = set()

    unlisted = [0]  # problems beyond MAX_PROBLEMS: counted, not kept

    def problem(key: str, ident: str, message: str, lines: dict[str, int]) -> None:
        line = lines.get(key) or lines.get(key.split(".")[0], 1)
        if ident != "(file)" and ident in by_id:  # one row per claim, with all its problems
            if len(by_id[ident].message) < 2000:
                by_id[ident].message += f"; {key}: {message}"
            return
        if len(out.problems) >= MAX_PROBLEMS:
            unlisted[0] += 1
            return
        hint = SHAPE_HINT if ident == "(file)" else ""
        verdict = Verdict(path, ident, ERROR, line, message=str(Problem(path, line, key, message)), hint=hint)
        out.problems.append(verdict)
        if ident != "(file)":
            by_id[ident] = verdict

    def item(i: int, raw: Any, lines: dict[str, int]) -> None:
        base = f"claims[{i}]"
        ident = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else f"#{i + 1}"
        if not isinstance(raw, dict):
            problem(base, ident, "a claim is a mapping with id, expr and expect", lines)
            return
        bad = False
        for key in raw:
            if key not in CLAIM_KEYS:
                close = close_matches(str(key), sorted(CLAIM_KEYS), n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                problem(f"{base}.{key}", ident, "unknown key" + hint, lines)
                bad = True
        for key in ("id", "expr", "expect"):
            if raw.get(key) is None or str(raw.get(key)).strip() == "":
                problem(base, ident, f"a claim needs {key}", lines)
                bad = True
            elif not isinstance(raw[key], (str, int, float)) or isinstance(raw[key], bool):
                kind = type(raw[key]).__name__
                problem(f"{base}.{key}", ident, f"{key} must be text, got a {kind} (quote it: {key}: '...')", lines)
                bad = True
        if ident in seen:
            problem(f"{base}.id", ident, f"duplicate claim id {ident!r}", lines)
            bad = True
        seen.add(ident)
        tolerance = 0.0
        if "tolerance" in raw:
            try:
                tolerance = parse_tolerance(raw["tolerance"], "tolerance")
            except EstimatorError as exc:
                problem(f"{base}.tolerance", ident, str(exc), lines)
                bad = True
        as_of = None
        if "as_of" in raw:
            as_of = normal_date(raw["as_of"])
            if as_of is None:
                problem(f"{base}.as_of", ident, f"bad date {raw['as_of']!r}", lines)
                bad = True
        if bad:
            return
        if "tolerance" in raw:
            own_tolerance.add(len(out.claims))
        if "as_of" in raw:
            own_as_of.add(len(out.claims))
        out.claims.append(
            Claim(
                id=ident,
                expr=str(raw["expr"]),
                expect=str(raw["expect"]),
                says=str(raw.get("says") or ""),
                tolerance=tolerance,
                as_of=as_of,
                source=str(raw.get("source") or ""),
                note=str(raw.get("note") or ""),
                file=path,
                line=lines.get(base, 0),
            )
        )

    data, lines, problems = load_yaml(text, path, stream="claims", on_item=item)
    if problems:
        out.claims = []
        out.problems = [
            Verdict(path, "(file)", ERROR, p.line or 0, message=str(p), hint=p.hint or SHAPE_HINT) for p in problems
        ]
        return out
    for key in data:
        if key not in FILE_KEYS:
            problem(str(key), "(file)", f"unknown key (expected {', '.join(sorted(FILE_KEYS))})", lines)
    out.title = str(data.get("title") or "")
    out.source = str(data.get("source") or "")
    tolerance = 0.0
    if "tolerance" in data:
        try:
            tolerance = parse_tolerance(data["tolerance"], "tolerance")
        except EstimatorError as exc:
            problem("tolerance", "(file)", str(exc), lines)
    as_of = default_as_of
    if "as_of" in data:
        as_of = normal_date(data["as_of"])
        if as_of is None:
            problem("as_of", "(file)", f"bad date {data['as_of']!r} (write YYYY, YYYY-MM or YYYY-MM-DD)", lines)
    claims = data.get("claims")
    if isinstance(claims, list) and not claims:
        claims = Streamed(0, lines.get("claims", 1))  # claims: [] is an empty list, on purpose
    if not isinstance(claims, Streamed):
        problem("claims", "(file)", "a claim file needs a list under claims: (each with id, expr, expect)", lines)
        out.claims = []
        return out
    for i, claim in enumerate(out.claims):  # the file's defaults, wherever in the file they were written
        if (i not in own_tolerance and tolerance) or (i not in own_as_of and as_of):
            out.claims[i] = replace(
                claim,
                tolerance=claim.tolerance if i in own_tolerance else tolerance,
                as_of=claim.as_of if i in own_as_of else as_of,
            )
    if unlisted[0]:
        last = max(v.line for v in out.problems)
        note = f"{path}:{last}: {unlisted[0]:,} more problems not listed (the first {MAX_PROBLEMS:,} are)"
        out.problems.append(Verdict(path, "(file)", ERROR, last, message=note))
    out.problems.sort(key=lambda v: v.line)
    return out


def failed(verdict: Verdict, reason: str) -> Verdict:
    """``verdict`` as an error for ``reason``; the message says where: ``file:line: id: reason``."""
    claim = verdict.claim
    assert claim is not None
    where = f"{claim.file}:{claim.line}" if claim.line else claim.file
    verdict.status, verdict.reason, verdict.message = ERROR, reason, f"{where}: {claim.id}: {reason}"
    return verdict


def check_claim(claim: Claim, catalogue: Callable[[], Catalogue]) -> Verdict:
    """Evaluate one claim against the catalogue."""

    verdict = Verdict(claim.file, claim.id, ERROR, claim.line, claim=claim)
    ctx = Context(catalogue, as_of=claim.as_of)
    try:
        computed = calculate(claim.expr, ctx)
        expectation = parse_expectation(claim.expect)
        verdict.assumptions = ctx.assumptions
        verdict.computed = computed
        verdict.expectation = expectation
        low, high = _in_unit(expectation, computed)
    except EstimatorError as exc:
        return failed(verdict, str(exc))
    except (ArithmeticError, ValueError) as exc:  # never let one claim stop the others
        return failed(verdict, f"cannot be computed ({type(exc).__name__}: {exc})")
    t = claim.tolerance
    wide_low = computed.low - abs(computed.low) * t
    wide_high = computed.high + abs(computed.high) * t
    claimed = expectation.claimed * _factor(expectation, computed)
    ratio = claimed / computed.typical if computed.typical and math.isfinite(claimed) else None
    verdict.ratio = ratio if ratio is not None and math.isfinite(ratio) else None
    if expectation.strict:
        overlaps = below(low, wide_high) and below(wide_low, high)
    else:
        overlaps = at_most(low, wide_high) and at_most(wide_low, high)
    verdict.status = HOLDS if overlaps else FAILS
    return verdict


# Two figures closer than one part in 10^9 are the same figure: 0.7 MW is 700 kW although the
# conversion leaves 700.0000000000001, and a strict bound that only touches does not hold.
SAME = 1e-9


def same(a: float, b: float) -> bool:
    """Equal up to float noise (relative, so it works at every magnitude)."""
    return a == b or (math.isfinite(a) and math.isfinite(b) and abs(a - b) <= SAME * max(abs(a), abs(b)))


def at_most(a: float, b: float) -> bool:
    """``a <= b``, float noise counting as equal."""
    return a <= b or same(a, b)


def below(a: float, b: float) -> bool:
    """``a < b`` by more than float noise."""
    return a < b and not same(a, b)


def _factor(e: Expectation, computed: Estimate) -> float:
    """How many of the computed unit one unit of the expectation is (a plain number may stand
    for a count of GPUs), or an InputError when the kinds differ."""

    probe = fit(Estimate(1.0, 1.0, 1.0, e.unit), computed.unit_text, allow_plain=computed.unit_text == "GPU")
    if probe is None:
        got = computed.unit_text or "a plain number"
        if e.unit.dimensionless:
            raise InputError(f"expect {e.text!r} has no unit but expr gives {got}", f"add the unit: '{e.text} {got}'")
        raise InputError(
            f"expect {e.text!r} is not in the same kind of unit as the expr's result ({got})",
            "write the expectation in a unit of the same kind",
        )
    return probe.typical


def _in_unit(e: Expectation, computed: Estimate) -> tuple[float, float]:
    """The expectation's bounds in the computed unit."""
    f = _factor(e, computed)
    return e.low * f, e.high * f


def check_text(
    text: str, path: str, catalogue: Callable[[], Catalogue], as_of: str | None = None
) -> tuple[ClaimFile, list[Verdict]]:
    """Read one claim file's text and check every claim in it."""
    cf = read_claims(text, path, as_of)
    verdicts = list(cf.problems) + [check_claim(c, catalogue) for c in cf.claims]
    verdicts.sort(key=lambda v: v.line)
    return cf, verdicts


def read_files(paths: list[str], stdin: Callable[[], str | bytes], as_of: str | None = None) -> list[ClaimFile]:
    """Read every claim file; an unreadable one keeps its error as a problem verdict."""
    files: list[ClaimFile] = []
    for path in paths:
        label = "<stdin>" if path == "-" else path
        try:
            text = read_source(path, stdin)
        except EstimatorError as exc:
            files.append(ClaimFile(label, problems=[Verdict(label, "(file)", ERROR, message=str(exc))]))
            continue
        files.append(read_claims(text, label, as_of))
    return files


def iter_verdicts(files: list[ClaimFile], catalogue: Callable[[], Catalogue]) -> Iterator[Verdict]:
    """Each file's problems and claim verdicts in line order, a claim checked only when its
    verdict is asked for (so a report can be written as it goes, in bounded memory)."""
    import heapq

    for cf in files:
        checked = (check_claim(c, catalogue) for c in cf.claims)
        yield from heapq.merge(cf.problems, checked, key=lambda v: v.line)


def check_files(
    paths: list[str], catalogue: Callable[[], Catalogue], stdin: Callable[[], str | bytes], as_of: str | None = None
) -> tuple[list[ClaimFile], list[Verdict]]:
    """Check every file; an unreadable file is one error verdict and the rest go on."""
    files = read_files(paths, stdin, as_of)
    return files, list(iter_verdicts(files, catalogue))


def read_source(
    path: str, stdin: Callable[[], str | bytes], limit: int = MAX_FILE_BYTES, kind: str = "claim file"
) -> str:
    """A file's text (``-`` is standard input), at most ``limit`` bytes of UTF-8; raises
    InputError when it cannot be read, is too large or is not UTF-8."""

    if path == "-":
        data = stdin()
        if isinstance(data, str):
            if len(data.encode("utf-8", "surrogatepass")) > limit:
                raise InputError(f"standard input is larger than {limit:,} bytes", "split it into smaller files")
            try:
                data.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError("standard input is not UTF-8 text", "convert it first, e.g. with iconv") from None
            return data
        if len(data) > limit:
            raise InputError(f"standard input is larger than {limit:,} bytes", "split it into smaller files")
        return decode(data, "<stdin>", kind)
    return decode(read_file(path, limit, kind), path, kind)


# --------------------------------------------------------------------------- writing

# What YAML does not allow raw in a double-quoted scalar (C0 controls are already escaped by
# JSON), plus the characters YAML reads as line breaks and the byte-order mark.
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# ... and what it does not allow in a comment: those, the C0 controls but tab, and lone surrogates
_COMMENT_ESCAPE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that any YAML reader accepts.

    A JSON string is a YAML double-quoted scalar once DEL, the C1 controls, U+2028/U+2029,
    U+FEFF, U+FFFE and U+FFFF are escaped too (``\\u007f``). A lone surrogate (an undecodable
    byte read with surrogateescape) has no escape libyaml accepts, so it becomes U+FFFD."""
    body = json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return _YAML_ESCAPE.sub(_escape, body)


def tolerance_text(tolerance: float) -> str:
    """The shortest ``N%`` (or fraction) that ``parse_tolerance`` reads back as exactly ``tolerance``."""
    for digits in range(3, 18):
        text = f"{tolerance * 100:.{digits}g}"
        if float(text) / 100 == tolerance:
            return f"{text}%"
    return repr(tolerance) if tolerance < 1 else f"{tolerance * 100!r}%"


def write_claims(
    claims: ClaimFile | Iterable[Claim],
    *,
    title: str | None = None,
    source: str | None = None,
    as_of: str | None = None,
    tolerance: float | None = None,
    comment: str = "",
    drafts: Iterable[Claim] = (),
    drafts_comment: str = "",
) -> str:
    """A claim file's YAML text that ``read_claims`` reads back as ``claims``: the inverse of the reader.

    ``title`` and ``source`` default to the ClaimFile's (its problems are not written: they
    are what could not be read). ``as_of`` and ``tolerance`` are written as the file's
    defaults, and a claim writes its own only where it differs from them. Every text is a
    double-quoted scalar (``yaml_string``), so any character survives. ``comment`` becomes
    ``#`` lines at the top; ``drafts`` are claims still lacking an expectation, written after
    the claims as commented-out entries (id, says, expr, ``expect: TODO``) under
    ``drafts_comment``, so the file reads the same until someone fills one in.

    Raises ValueError for claims that no claim file can hold: a blank id, expr or expect, a
    repeated id, or a claim without a date in a file that has one."""
    if isinstance(claims, ClaimFile):
        title = claims.title if title is None else title
        source = claims.source if source is None else source
        claims = claims.claims
    q = yaml_string
    lines = [f"# {_COMMENT_ESCAPE.sub(_escape, line)}" for line in comment.split("\n")] if comment else []
    if title:
        lines.append(f"title: {q(title)}")
    if source:
        lines.append(f"source: {q(source)}")
    if as_of is not None:
        lines.append(f"as_of: {q(as_of)}")
    if tolerance is not None:
        lines.append(f"tolerance: {tolerance_text(tolerance)}")
    default_tolerance = tolerance or 0.0
    entries: list[str] = []
    seen: set[str] = set()
    for c in claims:
        for key in ("id", "expr", "expect"):
            if not str(getattr(c, key)).strip():
                raise ValueError(f"claim {c.id!r}: a claim file cannot hold a blank {key}")
        if c.id in seen:
            raise ValueError(f"claim {c.id!r}: a claim file cannot hold the same id twice")
        seen.add(c.id)
        if as_of is not None and c.as_of is None:
            raise ValueError(f"claim {c.id!r} has no date, but the file's as_of {as_of!r} would give it one")
        entries.append(f"  - id: {q(c.id)}")
        entries += [f"    says: {q(c.says)}"] if c.says else []
        entries += [f"    expr: {q(c.expr)}", f"    expect: {q(c.expect)}"]
        entries += [f"    tolerance: {tolerance_text(c.tolerance)}"] if c.tolerance != default_tolerance else []
        entries += [f"    as_of: {q(c.as_of)}"] if c.as_of is not None and c.as_of != as_of else []
        entries += [f"    source: {q(c.source)}"] if c.source else []
        entries += [f"    note: {q(c.note)}"] if c.note else []
    lines.append("claims:" if entries else "claims: []")
    lines += entries
    drafted = [
        line
        for c in drafts
        for line in (
            f"  # - id: {q(c.id)}",
            *([f"  #   says: {q(c.says)}"] if c.says else []),
            f"  #   expr: {q(c.expr)}",
            f"  #   expect: {q(c.expect) if c.expect.strip() else 'TODO'}",
        )
    ]
    if drafted and drafts_comment:
        lines.append(f"  # {_COMMENT_ESCAPE.sub(_escape, drafts_comment)}")
    return "\n".join(lines + drafted) + "\n"


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m[0]):04x}"


def summary(verdicts: Iterable[Verdict]) -> dict[str, int]:
    """How many verdicts there are of each kind (an info counts only in the total)."""
    return tally(v.status for v in verdicts)


def run_dict(
    files: list[ClaimFile], verdicts: Iterable[Verdict], counts: Callable[[], dict[str, int]], version: str
) -> dict[str, Any]:
    """The ``check --json`` envelope. ``claims`` is an iterator (the JSON writer streams it) and
    ``summary`` a function called once they have all been written."""
    return {
        "command": "check",
        "files": [{"path": f.path, "title": f.title, "source": f.source} for f in files],
        "claims": (v.to_dict() for v in verdicts),
        "summary": counts,
        "version": version,
    }
