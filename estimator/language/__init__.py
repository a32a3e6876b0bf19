"""The calc language: unit-aware arithmetic over estimates, catalogue names and functions.

``tokens`` (tokens and a cursor), ``literal`` (the one grammar for a quantity, and
``parse_estimate``, its restricted entry that every value typed anywhere goes through),
``parse`` (expressions into a syntax tree), ``evaluate`` (the tree's value, and ``calculate``)
and ``functions`` (the number commands as calc functions). The package imports nothing, so a
command that only reads a value loads only the grammar.
"""
