"""Small records without the start-up cost of ``@dataclass``.

A dataclass writes its ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` as source
text and compiles them when its module is imported: about half a millisecond a class on a
quiet machine, and a one-liner imports some twenty such classes (the performance review
measured 9 ms, 2.5% of its time). A :class:`Record` names its fields in ``__slots__`` (in
order) and writes a plain ``__init__`` that hands them to :func:`fill`; this base gives, once
for all of them, what the dataclass gave: immutability, equality, hashing, ``repr`` and
:meth:`Record.replace`.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


# Writes one field of a record (a frozen one refuses plain assignment); bound once, since a
# record is made tens of times per checked claim. Hot records call it field by field.
set_field = object.__setattr__


def fill(record: Record, *values: object) -> None:
    """Set ``record``'s fields, in ``__slots__`` order."""
    names = record.__slots__
    if len(names) != len(values):
        raise TypeError(f"{type(record).__name__} takes {len(names)} fields, not {len(values)}")
    for name, value in zip(names, values):  # noqa: B905 - the lengths are checked above (faster than strict=)
        set_field(record, name, value)


class Record:
    """Fields in ``__slots__``; immutable unless ``mutable``; equal when of one class with
    equal fields; hashable when immutable (a mutable one is not, as with a dataclass)."""

    __slots__: ClassVar[tuple[str, ...]] = ()
    mutable: ClassVar[bool] = False
    hidden: ClassVar[tuple[str, ...]] = ()  # fields repr leaves out (a function, large tables)

    def __setattr__(self, name: str, value: object) -> None:
        if not self.mutable:
            raise AttributeError(f"{type(self).__name__} is immutable (use .replace)")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} fields cannot be deleted")

    def fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.fields() == other.fields()

    def __hash__(self) -> int:
        if self.mutable:
            raise TypeError(f"unhashable type: {type(self).__name__!r}")
        return hash((self.__class__, self.fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__ if n not in self.hidden)
        return f"{type(self).__name__}({shown})"

    def replace(self: R, **changes: Any) -> R:
        """A copy with ``changes`` (as ``dataclasses.replace``)."""
        unknown = set(changes) - set(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)}")
        new = object.__new__(type(self))
        fill(new, *(changes.get(n, getattr(self, n)) for n in self.__slots__))
        return new
