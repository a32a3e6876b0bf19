"""gpucost's library: sourced accelerator figures and unit-aware estimates.

Importing this package is cheap: pint, yaml and the catalogue load on first use.
"""

__version__ = "0.1.0"
