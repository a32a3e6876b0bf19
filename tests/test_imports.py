"""The import graph, read from the source with ``ast``: which module may import which, and when.

Beside the ``sys.modules`` guards of test_startup.py (what a run really loads), this checks the
shape: imports among the project's own modules sit at module top and form no cycle; an import
inside a function is either a heavy third-party library deferred for start-up (pint, yaml,
rich) or the standard library, or one of the few project edges listed in ``LAZY`` with the
reason it is deferred.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("estimator", "cli")
DEFERRED = {"pint", "yaml", "rich"}  # their import costs what the start-up budget is about

# (importer, imported) -> why the import waits for the function that needs it. The rule behind
# them: a command module imports at top what its options and --help need (the declarations);
# the library that runs the command, where it is costly to import, loads when it runs. The
# catalogue's loader needs no entry: the package loads its modules on first use (PEP 562).
LAZY: dict[tuple[str, str], str] = {
    ("cli.main", "cli.fast"): "the one-liner's parser loads for a number command or calc, not for --help",
    ("cli.main", "estimator.paths"): "where the prebuilt --help lies: only --help asks (--version needs no pathlib)",
    ("estimator.catalogue.load", "estimator.yamlfile"): "the YAML reader runs only for a file not yet checked",
    ("cli.main", "cli.app"): "typer loads only for a line the fast path does not read (--help, check, scan...)",
    ("cli.invoke", "estimator.api"): "the evaluator loads when calc runs, not for buy or --help",
    ("cli.commands.check", "estimator.claims"): "the claim reader and checker load when check runs",
    ("cli.commands.scan", "estimator.api"): "as for the number commands",
    ("cli.commands.scan", "estimator.claims"): "the claim reader (and writer's check) load when scan runs",
    ("cli.commands.scan", "estimator.scan"): "scan's compiled patterns cost every --help about 15 ms",
    ("cli.reports", "estimator.claims"): "the check envelope: a number command's report does not load the checker",
    ("estimator.api", "estimator.claims"): "a one-liner (buy, power) does not load the claim checker",
    ("estimator.api", "estimator.scan"): "nor scan's patterns",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def resolve(name: str, node: ast.ImportFrom | ast.Import, here: str, known: dict[str, Path]) -> list[str]:
    """The project modules an import statement loads (``from a import b`` loads ``a.b`` when
    that is a module, else ``a``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in known]
    base = name
    if node.level:
        package = here if known[here].name == "__init__.py" else here.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{name}" if name else package
    found = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
    if base in known and len(found) < len(node.names):
        found.append(base)
    return found


def _type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it runs when the module is imported (``False``
    inside a function body; ``if TYPE_CHECKING:`` blocks never run and are skipped)."""

    def walk(body: list[ast.stmt], at_import: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node, at_import
            elif _type_checking(node):
                continue
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(node.body, False)
            else:
                for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                    for child in getattr(node, field, []):
                        if isinstance(child, ast.stmt):
                            yield from walk([child], at_import)
                        elif hasattr(child, "body"):
                            yield from walk(child.body, at_import)

    yield from walk(tree.body, True)


def graph() -> tuple[dict[str, set[str]], list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """Module-top edges between project modules; deferred project imports; deferred
    third-party imports (importer, imported, line)."""
    known = modules()
    top: dict[str, set[str]] = {m: set() for m in known}
    lazy: list[tuple[str, str, int]] = []
    foreign: list[tuple[str, str, int]] = []
    for here, path in known.items():
        for node, at_import in imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                root = name.split(".")[0]
                if getattr(node, "level", 0) or root in PACKAGES:
                    targets = resolve(name, node, here, known)
                    if at_import:
                        top[here].update(t for t in targets if t != here)
                    else:
                        lazy.extend((here, t, node.lineno) for t in targets)
                elif not at_import and root not in sys.stdlib_module_names:
                    foreign.append((here, root, node.lineno))
    return top, lazy, foreign


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_oracle_finds_a_cycle_and_a_clean_graph() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycles_among_module_top_imports() -> None:
    top, _, _ = graph()
    assert cycles(top) == []


def test_only_pint_yaml_rich_are_deferred_among_third_party_imports() -> None:
    _, _, foreign = graph()
    assert [f for f in foreign if f[1] not in DEFERRED] == []


def test_deferred_project_imports_are_the_listed_ones() -> None:
    _, lazy, _ = graph()
    seen = {(a, b) for a, b, _ in lazy}
    unlisted = sorted(f"{a} -> {b} (line {n})" for a, b, n in lazy if (a, b) not in LAZY)
    assert unlisted == [], "import these at module top, or list them in LAZY with a reason"
    assert sorted(set(LAZY) - seen) == [], "stale LAZY entries"


def test_fewer_than_twenty_deferred_project_imports() -> None:
    _, lazy, _ = graph()
    assert len(lazy) < 20
