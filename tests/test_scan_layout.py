"""The scan package's layout: each module imports only the ones before it in the flow of the work
(so there is no cycle), and every import of the project's own modules sits at module top."""

from __future__ import annotations

import ast
from pathlib import Path

import estimator.scan

PACKAGE = Path(estimator.scan.__file__).parent
ORDER = ["numbers", "starts", "figures", "extract", "pair", "check", "emit"]


def project_imports(tree: ast.Module) -> list[tuple[str, bool]]:
    """Each ``estimator`` module imported, and whether the import is at module top (or under
    ``if TYPE_CHECKING:``)."""
    top = {id(node) for node in tree.body}
    top |= {id(n) for node in tree.body if isinstance(node, ast.If) for n in node.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("estimator"):
            found.append((node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) in top) for a in node.names if a.name.startswith("estimator")]
    return found


def test_the_modules_are_the_listed_ones() -> None:
    assert sorted(p.stem for p in PACKAGE.glob("*.py")) == sorted([*ORDER, "__init__"])


def test_each_module_imports_only_earlier_ones_at_module_top() -> None:
    for i, name in enumerate(ORDER):
        imports = project_imports(ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8")))
        assert all(at_top for _, at_top in imports), name
        inner = {m.removeprefix("estimator.scan.") for m, _ in imports if m.startswith("estimator.scan")}
        assert inner <= set(ORDER[:i]), (name, inner)
        assert "estimator.scan" not in {m for m, _ in imports}, name  # never the package itself


def test_the_package_keeps_its_public_names() -> None:
    for name in estimator.scan.__all__:
        assert hasattr(estimator.scan, name), name
    assert {"scan", "Scan", "Found", "extract", "pair", "claims_yaml", "split_sentences", "cn_number"} <= set(
        estimator.scan.__all__
    )
