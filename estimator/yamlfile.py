"""YAML for data files: safe loading, the line of every key, no aliases, no duplicate keys.

Only ``yaml.SafeLoader`` (the C one when available) is used, with its own composer over the
parser's events.  Aliases are refused, which also stops "billion laughs" documents before they
are expanded; duplicate keys and integers too long for Python are refused with their line.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from estimator.errors import Problem


class Streamed:
    """Stands for a top-level sequence whose items were handed to a callback one by one."""

    def __init__(self, count: int, line: int) -> None:
        self.count = count
        self.line = line


ItemCallback = Callable[[int, Any, dict[str, int]], None]


YAML_HINT = "check the YAML at that line; quote values with : # [ ] { } or a leading > <"


def load_yaml(
    text: str, label: str, stream: str | None = None, on_item: ItemCallback | None = None
) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    """The top-level mapping of ``text``, the line of each key path, and any problems.

    With ``stream`` and ``on_item``, the items of the top-level sequence under ``stream`` are
    not kept: each is built, checked and passed to ``on_item(index, value, lines)`` (``lines``
    of its keys, as ``stream[i].key``), and the data holds a :class:`Streamed` in their place.
    So a claim file of 100,000 claims never holds 100,000 claims' YAML nodes at once."""
    import yaml

    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        return {}, {}, [Problem(label, line, None, "the file is not valid UTF-8 text", "save it as UTF-8")]
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    try:
        loader = loader_cls(text)
        try:
            data = _Composer(loader, label, lines, problems, stream, on_item).document()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML forbids
        if mark is None and isinstance(position, int):
            line = text.count("\n", 0, position) + 1
        what = getattr(exc, "problem", None) or "invalid YAML"
        hint = ""
        text_lines = text.splitlines()
        near = text_lines[max(0, line - 2) : line]
        if any(re.search(r":\s*[>|<*&%@`!]", x) for x in near):
            hint = " (quote values that start with > < * & % @ ! or `, e.g. expect: '>= 100 MW')"
        return {}, {}, [Problem(label, line, None, f"not valid YAML: {what}{hint}", YAML_HINT)]
    except RecursionError:
        return {}, {}, [Problem(label, 1, None, "the YAML nests too deeply", YAML_HINT)]
    except _Problem:
        return {}, {}, problems
    if problems:
        return {}, {}, problems
    if data is _EMPTY:
        return {}, {}, [Problem(label, 1, None, "the file is empty")]
    if not isinstance(data, dict):
        return {}, {}, [Problem(label, 1, None, "the top level must be a mapping")]
    return data, lines, []


class _Problem(Exception):
    """Stops composing: the problems list says why."""


_EMPTY = object()


class _Composer:
    """Builds YAML nodes from the parser's events (as PyYAML's Composer does), recording the
    line of each key, refusing aliases, duplicate keys and over-long integers, and handing the
    items of one top-level sequence to a callback as they are read."""

    def __init__(
        self,
        loader: Any,
        label: str,
        lines: dict[str, int],
        problems: list[Problem],
        stream: str | None,
        on_item: ItemCallback | None,
    ) -> None:
        self.loader, self.label, self.lines, self.problems = loader, label, lines, problems
        self.stream, self.on_item = stream, on_item

    def fail(self, line: int, message: str, field: str | None = None) -> None:
        self.problems.append(Problem(self.label, line, field, message))

    def document(self) -> Any:
        import yaml

        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return _EMPTY
        loader.get_event()  # DocumentStart
        if self.stream and self.on_item and loader.check_event(yaml.MappingStartEvent):
            node: Any = self.top_mapping()
        else:
            node = self.compose("", self.lines)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            self.fail(event.start_mark.line + 1, "not valid YAML: expected a single document in the stream")
            raise _Problem
        if self.problems:
            raise _Problem
        if isinstance(node, dict):
            return node
        return self.construct(node)

    def construct(self, node: Any) -> Any:
        """The value of ``node``: text, and mappings and lists of text, built here (a claim is
        one: PyYAML's constructor took a third of reading it); anything else by PyYAML's."""
        value = _plain(node)
        if value is not _NOT_PLAIN:
            return value
        try:
            return self.loader.construct_document(node)
        except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build
            self.fail(node.start_mark.line + 1, f"a value cannot be read ({exc})")
            raise _Problem from None

    def top_mapping(self) -> dict[str, Any]:
        """The top-level mapping, its ``stream`` sequence item by item."""
        import yaml

        loader = self.loader
        start = loader.get_event()
        tag = start.tag
        if tag not in (None, "!", "tag:yaml.org,2002:map"):
            self.fail(start.start_mark.line + 1, f"the top level has the tag {tag!r}")
            raise _Problem
        data: dict[str, Any] = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key_node = self.compose("", {})
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(self.construct(key_node))
            line = key_node.start_mark.line + 1
            if key in data:
                self.fail(line, "duplicate key", key)
            self.lines[key] = line
            if key == self.stream and loader.check_event(yaml.SequenceStartEvent):
                data[key] = self.items(key, line)
            else:
                data[key] = self.construct(self.compose(key, self.lines))
        loader.get_event()
        return data

    def items(self, key: str, line: int) -> Streamed:
        import yaml

        assert self.on_item is not None
        loader = self.loader
        loader.get_event()  # SequenceStart
        index = 0
        while not loader.check_event(yaml.SequenceEndEvent):
            path = f"{key}[{index}]"
            item_lines: dict[str, int] = {path: loader.peek_event().start_mark.line + 1}
            node = self.compose(path, item_lines)
            if self.problems:
                raise _Problem
            self.on_item(index, self.construct(node), item_lines)
            index += 1
        loader.get_event()
        return Streamed(index, line)

    def compose(self, path: str, lines: dict[str, int]) -> Any:
        import yaml

        loader = self.loader
        if loader.check_event(yaml.AliasEvent):
            alias = loader.get_event()
            self.fail(alias.start_mark.line + 1, "YAML anchors and aliases are not allowed")
            raise _Problem
        event = loader.get_event()
        tag = event.tag
        start: Any = event.start_mark
        end: Any = event.end_mark
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            value = event.value
            if not event.style and len(value) > MAX_DIGITS and _INTEGER.match(value):
                where = f" at {path}" if path else ""
                self.fail(
                    start.line + 1,
                    f"a number{where} has {len(value):,} digits, more than {MAX_DIGITS:,} (quote it if it is text)",
                )
            if not event.style and tag in (_INT, _FLOAT) and not _DECIMAL.match(value):
                where = f" at {path}" if path else ""
                self.fail(
                    start.line + 1,
                    f"the number {value[:40]!r}{where} is read by YAML 1.1 as octal, hexadecimal, binary or "
                    "base 60 (010 is 8, 1:30 is 90): quote it, or write it in decimal",
                )
            return yaml.ScalarNode(tag, value, start, end, style=event.style)
        if isinstance(event, yaml.SequenceStartEvent):
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.SequenceNode, None, event.implicit)
            seq = yaml.SequenceNode(tag, [], start, None, flow_style=event.flow_style)
            index = 0
            while not loader.check_event(yaml.SequenceEndEvent):
                sub = f"{path}[{index}]"
                lines[sub] = loader.peek_event().start_mark.line + 1
                seq.value.append(self.compose(sub, lines))
                index += 1
            seq.end_mark = loader.get_event().end_mark
            return seq
        if isinstance(event, yaml.MappingStartEvent):
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.MappingNode, None, event.implicit)
            mapping = yaml.MappingNode(tag, [], start, None, flow_style=event.flow_style)
            seen: set[str] = set()
            while not loader.check_event(yaml.MappingEndEvent):
                key_node = self.compose(path, lines)
                key = str(key_node.value)
                sub = f"{path}.{key}" if path else key
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.fail(line, "duplicate key", sub)
                seen.add(key)
                lines[sub] = line
                mapping.value.append((key_node, self.compose(sub, lines)))
            mapping.end_mark = loader.get_event().end_mark
            return mapping
        raise _Problem  # pragma: no cover - the parser yields no other event here


_NOT_PLAIN = object()


def _plain(node: Any) -> Any:
    """``node`` as PyYAML's SafeConstructor builds it when the node is text (tag ``str``), or a
    mapping with text keys (tag ``map``, so no merge ``<<`` or value ``=`` key) or a list
    (tag ``seq``) of such nodes; otherwise ``_NOT_PLAIN``, and PyYAML builds the whole node.
    The composer has refused aliases and duplicate keys already, so a tree is all it sees."""
    import yaml

    tag = node.tag
    if tag == _STR:
        return node.value if isinstance(node, yaml.ScalarNode) else _NOT_PLAIN
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping = {}
        for key, item in node.value:
            if key.tag != _STR or not isinstance(key, yaml.ScalarNode):
                return _NOT_PLAIN
            value = _plain(item)
            if value is _NOT_PLAIN:
                return _NOT_PLAIN
            mapping[key.value] = value
        return mapping
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            value = _plain(item)
            if value is _NOT_PLAIN:
                return _NOT_PLAIN
            items.append(value)
        return items
    return _NOT_PLAIN


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# what YAML resolves to a number and a person reads the same way: decimal, with an exponent
_DECIMAL = re.compile(
    r"[-+]?(?:0|[1-9][0-9_]*)$"  # 0, 42, 1_000
    r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$"  # 1.5, .5, 1.5e+3
    r"|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$"
    r"|[-+]?[1-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"
)
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
