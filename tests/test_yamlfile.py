"""estimator/yamlfile.py builds values as PyYAML's SafeConstructor does: yaml.safe_load is the
oracle, item by item when the claims are streamed too. Text and lists and mappings of text are
built by the composer itself (the fast path), every other value by PyYAML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator.yamlfile import load_yaml


def streamed(text: str) -> tuple[dict[str, Any], list[Any]]:
    """load_yaml with the items under ``claims`` handed to a callback: the data and the items."""
    items: list[Any] = []
    data, _, problems = load_yaml(text, "t.yaml", stream="claims", on_item=lambda i, v, lines: items.append(v))
    assert problems == []
    return data, items


def same_as_pyyaml(text: str) -> None:
    expected = yaml.safe_load(text)
    data, _, problems = load_yaml(text, "t.yaml")
    assert problems == [] and data == expected and repr(data) == repr(expected)  # repr: 1 and 1.0 and True differ
    rest, items = streamed(text)  # (streamed, the top level's keys are read as text: 'no', not False)
    if isinstance(expected.get("claims"), list):
        assert repr(items) == repr(expected["claims"]) and rest["claims"].count == len(items)
    else:
        assert items == [] and repr(rest.get("claims")) == repr(expected.get("claims"))


TEXTS = [
    "a: text\nb: 'quoted'\nc: \"double\"\nd: |\n  block\n  text\ne: >\n  folded\n",
    "n: 1\nf: 1.5\ne: 1e3\nt: true\nno: false\nnull: ~\nempty:\ndate: 2024-05-01\nstamp: 2024-05-01 10:00:00\n",
    "q: '1'\ns: !!str 1\ni: !!int '3'\nf: !!float '2'\nb: !!binary aGk=\n",
    "claims:\n  - {id: a, expr: '1', expect: 1 GPU}\n  - {id: b, expr: x, expect: 2, tolerance: 10%}\n",
    "claims:\n  - id: a\n    expr: buy($6B, H100)\n    expect: 200k GPU\n    as_of: 2024-05\n  - 7\n  - [1, x]\n  - ~\n"
    "title: after",
    "claims:\n  - {id: a, <<: {expr: merged, expect: '1'}}\n  - {id: b, =: value key}\n",
    "claims:\n  - !!set {a, b}\n  - !!omap [{a: 1}, {b: 2}]\n  - !!pairs [{a: 1}, {a: 2}]\n",
    "claims:\n  - {1: int key, ~: null key, 1.5: float key, true: bool key}\n  - {nested: {deep: [a, [b, {c: d}]]}}\n",
    "claims: []\ntitle: t\n",
    "claims: {not: a list}\n",
    "title: !!str\nsource: ''\nx: [a, 'b', {c: [], d: {}}]\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_values_are_pyyamls(text: str) -> None:
    same_as_pyyaml(text)


def test_text_is_built_without_pyyamls_constructor(monkeypatch) -> None:
    """The fast path is taken (a claim of text never reaches PyYAML's constructor) and left
    (a number does)."""
    calls: list[Any] = []
    base = yaml.constructor.BaseConstructor
    real = base.construct_document
    monkeypatch.setattr(base, "construct_document", lambda self, node: calls.append(node) or real(self, node))
    assert streamed("claims:\n  - {id: a, expr: '1', expect: 1 GPU, tolerance: 10%}\n")[1] == [
        {"id": "a", "expr": "1", "expect": "1 GPU", "tolerance": "10%"}
    ]
    assert calls == []
    assert streamed("claims:\n  - {id: a, tolerance: 0.1}\n")[1] == [{"id": "a", "tolerance": 0.1}]
    assert len(calls) == 1


scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["1", "1.5", "true", "~", "2024-05", "10%", "$6B", "<<", "=", "yes", "0x1f", "1e3"]),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        # text keys only: the composer calls two keys the same when their text is ('true' and true)
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=5), st.booleans())
def test_dumped_values_read_back_as_pyyaml_reads_them(claims: list[Any], flow: bool) -> None:
    same_as_pyyaml(yaml.safe_dump({"title": "t", "claims": claims}, default_flow_style=flow, allow_unicode=True))
