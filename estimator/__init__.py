"""gpucost's library: sourced accelerator figures and unit-aware estimates.

The public API (what the command line calls)::

    from estimator import buy, power, runway, train, cluster, calc, check_claims, scan_text
    from estimator import load_catalogue, sensitivity, Estimate, EstimatorError

Importing this package is cheap: pint, yaml and the catalogue load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "buy": "estimator.api",
    "power": "estimator.api",
    "runway": "estimator.api",
    "train": "estimator.api",
    "cluster": "estimator.api",
    "calc": "estimator.api",
    "check_claims": "estimator.api",
    "scan_text": "estimator.api",
    "value": "estimator.api",
    "load_catalogue": "estimator.catalogue",
    "Catalogue": "estimator.catalogue",
    "sensitivity": "estimator.tornado",
    "Estimate": "estimator.values",
    "Result": "estimator.results",
    "EstimatorError": "estimator.errors",
    "exit_code": "estimator.status",
}

__all__ = [
    "Catalogue",
    "Estimate",
    "EstimatorError",
    "Result",
    "__version__",
    "buy",
    "calc",
    "check_claims",
    "cluster",
    "exit_code",
    "load_catalogue",
    "power",
    "runway",
    "scan_text",
    "sensitivity",
    "train",
    "value",
]

if TYPE_CHECKING:
    from estimator.api import buy, calc, check_claims, cluster, power, runway, scan_text, train, value
    from estimator.catalogue import Catalogue, load_catalogue
    from estimator.errors import EstimatorError
    from estimator.results import Result
    from estimator.status import exit_code
    from estimator.tornado import sensitivity
    from estimator.values import Estimate


def __getattr__(name: str) -> Any:
    """Load the public names on first use (PEP 562), so ``import estimator`` stays fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'estimator' has no attribute {name!r}")
