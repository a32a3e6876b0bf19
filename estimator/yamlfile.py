"""YAML for data files: safe loading, the line of every key, no aliases, no duplicate keys.

Only ``yaml.SafeLoader`` (the C one when available) is used.  Aliases are refused: a node met
twice is an error, which also stops "billion laughs" documents before they are expanded.
"""

from __future__ import annotations

import re
from typing import Any


def load_yaml(text: str, label: str) -> tuple[dict[str, Any], dict[str, int], list[str]]:
    """The top-level mapping of ``text``, the line of each key path, and any problems."""
    import yaml

    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        return {}, {}, [f"{label}:{line}: the file is not valid UTF-8 text"]
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, {}, [f"{label}:1: the file is empty"]
            lines: dict[str, int] = {}
            problems: list[str] = []
            _walk(node, "", lines, problems, label, set())
            if problems:
                return {}, {}, problems
            try:
                data = loader.construct_document(node)
            except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build
                return {}, {}, [f"{label}:1: a value cannot be read ({exc})"]
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(exc, "problem", None) or "invalid YAML"
        hint = ""
        text_lines = text.splitlines()
        near = text_lines[max(0, line - 2) : line]
        if any(re.search(r":\s*[>|<*&%@`!]", x) for x in near):
            hint = " (quote values that start with > < * & % @ ! or `, e.g. expect: '>= 100 MW')"
        return {}, {}, [f"{label}:{line}: not valid YAML: {what}{hint}"]
    except RecursionError:
        return {}, {}, [f"{label}:1: the YAML nests too deeply"]
    if not isinstance(data, dict):
        return {}, {}, [f"{label}:1: the top level must be a mapping"]
    return data, lines, []


MAX_DIGITS = 1000  # Python refuses to read an integer of more than 4,300 digits
_INTEGER = re.compile(r"[-+]?[0-9_,:xXoObB.a-fA-F]+$")


def plain_dates(value: Any) -> Any:
    """YAML's dates and timestamps as ``YYYY-MM-DD`` text, everywhere in the data: a catalogue
    that writes ``as_of: 2024-03-01`` unquoted means the same as ``as_of: "2024-03-01"`` (and its
    data can be cached as JSON)."""
    import datetime as dt

    if isinstance(value, dict):
        return {plain_dates(k): plain_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_dates(v) for v in value]
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()[:10]
    return value


def _walk(node: Any, path: str, lines: dict[str, int], problems: list[str], label: str, seen_nodes: set[int]) -> None:
    """Record each key's line; refuse aliases (a node met twice) and duplicate keys."""
    import yaml

    if id(node) in seen_nodes:
        problem = f"{label}:{node.start_mark.line + 1}: YAML anchors and aliases are not allowed"
        if problem not in problems:
            problems.append(problem)
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and len(node.value) > MAX_DIGITS and _INTEGER.match(node.value):
            where = f" at {path}" if path else ""
            problems.append(
                f"{label}:{node.start_mark.line + 1}: a number{where} has {len(node.value):,} digits, "
                f"more than {MAX_DIGITS:,} (quote it if it is text)"
            )
        return
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            if key in seen:
                problems.append(f"{label}:{key_node.start_mark.line + 1}: {sub}: duplicate key")
            seen.add(key)
            lines[sub] = key_node.start_mark.line + 1
            _walk(value_node, sub, lines, problems, label, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            lines[sub] = item.start_mark.line + 1
            _walk(item, sub, lines, problems, label, seen_nodes)
