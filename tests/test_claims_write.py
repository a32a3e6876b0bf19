"""claims.write_claims is the inverse of claims.read_claims: what it writes reads back as the
same claims, whatever characters their texts hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator.claims import Claim, ClaimFile, parse_tolerance, read_claims, tolerance_text, write_claims

PATH = "claims.yaml"

# characters that YAML or the writer treat specially: quotes, escapes, comment and key marks,
# controls, what YAML reads as a line break, the byte-order mark, non-characters, wide ones
ODD = [
    '"',
    "'",
    "\\",
    "\\u0041",
    "#",
    ": ",
    "- ",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "亿美元",
    "±",
    "≥",
    "😀",
    "\U0010fffd",
    "~",
    "null",
    "yes",
    "*a",
    "&b",
    "!tag",
    "%YAML",
    "---",
    "...",
    "{x: 1}",
    "[1]",
    "0x1F",
    "1e3",
    "2024-05-26",
]
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
texts = st.lists(st.one_of(any_text, st.sampled_from(ODD)), max_size=4).map("".join)
nonblank = texts.filter(lambda t: t.strip() != "")
expects = st.one_of(
    st.sampled_from(
        [
            "200000 GPU",
            "150k..250k GPU",
            ">= 5 MW",
            "> 100 MW",
            "<= $6B",
            "< 100000",
            "≥ 1 GW",
            "150 MW ±20%",
            "$3B..6B/yr",
            "1-2 yr",
            "-$1..0",
        ]
    ),
    nonblank,
)
# every tolerance a claim file can give: N% (N up to 1000, any decimals) or a fraction below 1
tolerances = st.one_of(
    st.just(0.0),
    st.integers(0, 1000).map(lambda n: parse_tolerance(f"{n}%", "t")),
    st.floats(0, 1000).map(lambda x: parse_tolerance(f"{x!r}%", "t")),
    st.floats(0, 1, exclude_max=True).map(lambda x: parse_tolerance(repr(x), "t")),
)
days = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
dates = st.one_of(
    days.map(lambda d: d.isoformat()), days.map(lambda d: d.isoformat()[:7]), days.map(lambda d: d.isoformat()[:4])
)
claims = st.builds(
    Claim,
    id=nonblank,
    expr=nonblank,
    expect=expects,
    says=texts,
    tolerance=tolerances,
    as_of=st.one_of(st.none(), dates),
    source=texts,
    note=texts,
    file=st.just(PATH),
)


@st.composite
def claim_files(draw: st.DrawFn) -> tuple[ClaimFile, str | None, float | None]:
    """A claim file, and the as_of and tolerance its text states as defaults (or None)."""
    as_of = draw(st.one_of(st.none(), dates))
    tolerance = draw(st.one_of(st.none(), tolerances))
    cs = draw(st.lists(claims, max_size=6, unique_by=lambda c: c.id))
    if as_of is not None:  # a claim in a dated file has a date: the file's or its own
        cs = [c if c.as_of else replace(c, as_of=as_of) for c in cs]
    if tolerance is not None and draw(st.booleans()):  # most claims of a file share its tolerance
        cs = [replace(c, tolerance=tolerance) for c in cs]
    return ClaimFile(PATH, title=draw(texts), source=draw(texts), claims=cs), as_of, tolerance


def read_back(text: str) -> ClaimFile:
    back = read_claims(text, PATH)
    assert back.problems == []
    lines = text.split("\n")
    for c in back.claims:  # each claim's line is its "- id:" line
        assert lines[c.line - 1].startswith("  - id: ")
    return replace(back, claims=[replace(c, line=0) for c in back.claims])


@settings(max_examples=400, deadline=None)
@given(claim_files())
def test_read_claims_inverts_write_claims(case: tuple[ClaimFile, str | None, float | None]) -> None:
    cf, as_of, tolerance = case
    assert read_back(write_claims(cf, as_of=as_of, tolerance=tolerance)) == cf


@settings(max_examples=200, deadline=None)
@given(claim_files(), texts, st.lists(claims, max_size=3), texts)
def test_comments_and_drafts_are_not_read(
    case: tuple[ClaimFile, str | None, float | None], comment: str, drafts: list[Claim], drafts_comment: str
) -> None:
    cf, as_of, tolerance = case
    text = write_claims(
        cf, as_of=as_of, tolerance=tolerance, comment=comment, drafts=drafts, drafts_comment=drafts_comment
    )
    assert read_back(text) == cf
    assert text.count("\n  # - id: ") == len(drafts)


@given(tolerances)
def test_tolerance_text_reads_back_exactly(t: float) -> None:
    assert parse_tolerance(tolerance_text(t), "t") == t


def test_the_written_text() -> None:
    a = Claim("a", "buy($6B, H100)", "200000 GPU", says='He said "6B"', tolerance=0.25, as_of="2024-05", note="n")
    b = Claim("b", "1 MW", ">= 5 MW", tolerance=0.1, as_of="2024", source="https://example.com/x")
    draft = Claim("d", "20000 GPU * H100.price", "", says="20,000 H100")
    text = write_claims(
        [a, b],
        title="T",
        source="S",
        as_of="2024-05",
        tolerance=0.25,
        comment="first\nsecond",
        drafts=[draft],
        drafts_comment="drafts:",
    )
    assert text == (
        "# first\n"
        "# second\n"
        'title: "T"\n'
        'source: "S"\n'
        'as_of: "2024-05"\n'
        "tolerance: 25%\n"
        "claims:\n"
        '  - id: "a"\n'
        '    says: "He said \\"6B\\""\n'
        '    expr: "buy($6B, H100)"\n'
        '    expect: "200000 GPU"\n'
        '    note: "n"\n'
        '  - id: "b"\n'
        '    expr: "1 MW"\n'
        '    expect: ">= 5 MW"\n'
        "    tolerance: 10%\n"
        '    as_of: "2024"\n'
        '    source: "https://example.com/x"\n'
        "  # drafts:\n"
        '  # - id: "d"\n'
        '  #   says: "20,000 H100"\n'
        '  #   expr: "20000 GPU * H100.price"\n'
        "  #   expect: TODO\n"
    )


def test_a_comment_cannot_break_out_of_its_line() -> None:
    text = write_claims([], comment="a\rb\u2028c\x85d: 1", drafts=[Claim("x", "1", "")], drafts_comment="e\rclaims: 5")
    assert text == (
        "# a\\u000db\\u2028c\\u0085d: 1\n"
        "claims: []\n"
        "  # e\\u000dclaims: 5\n"
        '  # - id: "x"\n'
        '  #   expr: "1"\n'
        "  #   expect: TODO\n"
    )
    assert read_claims(text, PATH) == ClaimFile(PATH)


def test_a_claim_file_keeps_its_title_and_source() -> None:
    cf = ClaimFile(PATH, title="t", source="s", claims=[Claim("a", "1", "1", file=PATH)])
    assert write_claims(cf).startswith('title: "t"\nsource: "s"\nclaims:\n')
    assert write_claims(cf, title="u").startswith('title: "u"\nsource: "s"\n')


@pytest.mark.parametrize(
    "cs, as_of, message",
    [
        ([Claim(" ", "1", "1")], None, "blank id"),
        ([Claim("a", "", "1")], None, "blank expr"),
        ([Claim("a", "1", "\n")], None, "blank expect"),
        ([Claim("a", "1", "1"), Claim("a", "2", "2")], None, "same id twice"),
        ([Claim("a", "1", "1")], "2024", "has no date"),
    ],
)
def test_what_no_claim_file_can_hold(cs: list[Claim], as_of: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_claims(cs, as_of=as_of)
