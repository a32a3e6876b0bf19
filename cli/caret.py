"""A caret line under the bad part of an expression, for a person at a terminal.

``error:`` stays one line (scripts and CI read it); when stderr is a terminal the expression
follows, indented, with ``^`` under the span the error points at::

    error: in '6e9 USD / H100.prise': unknown field 'prise' at column 16 (hint: ...)
      6e9 USD / H100.prise
                     ^^^^^
"""

from __future__ import annotations

from estimator.errors import Span

MAX_SHOWN = 160  # a longer expression would wrap, and the caret would point nowhere


def caret(source: str, span: Span) -> str:
    """The two lines: the source, then carets under ``span`` (at least one, at the end when
    the span is the end of the text). Empty when the source would not show on one line."""
    if "\n" in source or "\t" in source or len(source) > MAX_SHOWN:
        return ""
    start = min(max(span.start, 0), len(source))
    width = max(1, min(span.end, len(source)) - start)
    return f"  {source}\n  {' ' * start}{'^' * width}\n"
