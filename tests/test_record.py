"""The Record base (estimator/record.py): what the dataclasses it replaced gave."""

from __future__ import annotations

import pytest

from estimator.errors import Problem, Span
from estimator.language.parse import Name, Neg
from estimator.results import Result


def test_a_record_is_immutable_and_replace_makes_a_changed_copy() -> None:
    span = Span(3, 7)
    with pytest.raises(AttributeError, match="immutable"):
        span.start = 4  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del span.end
    moved = span.replace(start=4)
    assert (moved.start, moved.end, span.start) == (4, 7, 3)
    with pytest.raises(TypeError, match="no field"):
        span.replace(begin=1)


def test_equality_and_hashing_follow_the_fields_and_the_class() -> None:
    assert Span(1, 2) == Span(1, 2) and hash(Span(1, 2)) == hash(Span(1, 2))
    assert Span(1, 2) != Span(1, 3)
    assert Neg("x", 1) != Name("x", 1)  # same field values, another class
    assert Problem("f.yaml", 3, None, "bad") == Problem("f.yaml", 3, None, "bad", "")  # the default is a field too


def test_a_mutable_record_is_not_hashable_and_can_be_changed() -> None:
    r = Result("buy", {}, [], [])
    r.focus = "gpus"
    assert r.focus == "gpus" and r.notes == [] and Result("buy", {}, [], []).notes is not r.notes  # one list each
    with pytest.raises(TypeError):
        hash(r)


def test_repr_names_the_fields_but_not_the_hidden_ones() -> None:
    assert repr(Span(1, 2)) == "Span(start=1, end=2)"
    assert "formula" not in repr(Result("buy", {}, [], [])) and "command='buy'" in repr(Result("buy", {}, [], []))
