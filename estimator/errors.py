"""The one exception tree of the library.

Every error carries a message a user can act on: what was wrong, where, and a hint.
The CLI turns any ``EstimatorError`` into one ``error:`` line and exit code 2.
"""

from __future__ import annotations


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


class UnknownAccelerator(EstimatorError):
    """An accelerator name that is not in the catalogue."""


class CatalogueError(EstimatorError):
    """The catalogue (bundled or an overlay) is missing or malformed."""


class MissingFigure(EstimatorError):
    """The catalogue has no figure for what a calculation needs."""
