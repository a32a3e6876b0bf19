"""The one exception tree of the library.

Every error carries a message a user can act on: what was wrong, where, and a hint.
The CLI turns any ``EstimatorError`` into one ``error:`` line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Sequence

from estimator.record import Record, fill, set_field


class EstimatorError(Exception):
    """Root of every error the library raises on purpose."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} (hint: {self.hint})"
        return self.message


class InputError(EstimatorError):
    """A value typed by the user could not be read (number, unit, shorthand)."""


class DimensionError(InputError):
    """A value has the wrong kind of unit (a power where money was expected)."""


class Span(Record):
    """Where in a text a problem lies: characters ``start`` up to ``end`` (0-based, end
    excluded), as a caret line under the text shows them."""

    start: int
    end: int

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)

    @property
    def column(self) -> int:
        """The 1-based column of the first character."""
        return self.start + 1


class CalcError(InputError):
    """An expression or a quantity literal that cannot be read or evaluated.

    The message is a template with ``{at}`` where the location goes (or none, when the
    location ends the sentence); the location is data, ``span``, and is written out here and
    nowhere else: ``at column N`` in an expression, ``in 'text'`` for a single value.
    ``source`` is the text the span points into, ``label`` the name of the value (``budget``)."""

    def __init__(
        self,
        template: str,
        hint: str | None = None,
        span: Span | None = None,
        *,
        source: str | None = None,
        label: str | None = None,
        where: str | None = None,
    ) -> None:
        Exception.__init__(self, template)
        self.template, self.hint, self.span = template, hint, span
        self.source, self.label, self.where = source, label, where

    @property
    def location(self) -> str:
        if self.where is not None:
            return self.where
        return f"at column {self.span.column}" if self.span else ""

    @property
    def message(self) -> str:  # type: ignore[override]
        at = self.location
        if "{at}" in self.template:
            text = self.template.replace("{at}", at) if at else self.template.replace(" {at}", "")
        else:
            text = f"{self.template} {at}" if at else self.template
        return f"{self.label}: {text}" if self.label else text

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message

    def within(self, source: str, *, label: str | None = None, where: str | None = None) -> CalcError:
        """The same error, pointing into ``source`` (and said as ``where`` with ``label``)."""
        err = type(self)(self.template, self.hint, self.span, source=source, label=label, where=where)
        return err


class RangeUnitsError(CalcError, DimensionError):
    """The two ends of a range measure different things (``5 MW..3 USD``)."""


class UnknownAccelerator(EstimatorError):
    """An accelerator name that is not in the catalogue, with the names most like it."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name, self.suggestions = name, tuple(suggestions)
        hint = (
            f"did you mean {', '.join(self.suggestions)}? (gpucost gpus lists them all)"
            if self.suggestions
            else "gpucost gpus lists the accelerators in the catalogue"
        )
        super().__init__(f"unknown accelerator {name!r}", hint)


class CatalogueError(EstimatorError):
    """The catalogue (bundled or an overlay) is malformed: its problems, as data.

    The message is the first problem, and how many more there are; ``problems`` has them all."""

    def __init__(self, problems: Sequence[Problem], hint: str | None = None) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "the catalogue is malformed"
        more = f"; {len(self.problems) - 1} more problem(s)" if len(self.problems) > 1 else ""
        super().__init__(first + more, hint)


class MissingFigure(EstimatorError):
    """The catalogue has no figure for what a calculation needs."""


def close_matches(word: str, options: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Names like ``word``, for a did-you-mean hint (difflib loads only on error paths)."""
    import difflib

    return difflib.get_close_matches(word, options, n=n, cutoff=cutoff)


class Problem(Record):
    """One problem in a data file: the file, the 1-based line (None: not known), the key path
    (``gpus.H100.tdp``; None for the file as a whole) and what is wrong.  ``str()`` is the
    ``file:line: field: message`` line that ``catalogue validate`` prints."""

    file: str
    line: int | None
    field: str | None
    message: str
    hint: str  # what to do about it, where one helps (not part of the line)

    __slots__ = ("file", "line", "field", "message", "hint")

    def __init__(self, file: str, line: int | None, field: str | None, message: str, hint: str = "") -> None:
        fill(self, file, line, field, message, hint)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return ": ".join(part for part in (where, self.field, self.message) if part)


class CatalogueFileError(CatalogueError):
    """A catalogue file that cannot be read at all (missing, not a file, too large, no
    permission): there is no problem inside it to point at."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        EstimatorError.__init__(self, message, hint)
        self.problems = []
