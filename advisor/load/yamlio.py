"""The only module that touches PyYAML: safe loading with positions, and writing YAML.

Files are composed into nodes with the safe (C when available) loader and converted by hand,
so no tag can construct a Python object, duplicate keys are caught, alias bombs are bounded,
and every value keeps the line and column it came from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, SourceError
from .document import Document, Mark, Path_
from .files import display_path, read_text

try:  # the C composer is ~10x faster; both are safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Two different limits. A file's own values are bounded by its size (8 MB at most), so a
# big but plain file is never refused for them; only values that aliases repeat can grow
# without bound (an alias bomb: a few hundred bytes that expand to billions of values).
MAX_NODES = 200_000  # the cheap count before parsing: lines, commas and brackets
MAX_ALIASED = 200_000  # values reached again through an alias (`*a`)
MAX_BUILT = 2_000_000  # every value built, aliases or not: a last bound on time and memory
MAX_DEPTH = 200

_STD = "tag:yaml.org,2002:"
_FLOAT_1_2 = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+$")
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _int_1_2(text: str) -> int | float | str:
    """An integer as YAML 1.2 reads it, not YAML 1.1 (PyYAML's): `0200` is 200, not octal
    128; `1:30` is the text "1:30", not the sexagesimal 90; `0x1F`, `0b101` and `1_000`
    keep their meaning."""
    plain = text.replace("_", "")
    sign = -1 if plain.startswith("-") else 1
    body = plain.lstrip("+-")
    if ":" in body:
        return text
    if body.lower().startswith(("0x", "0b")):
        return sign * int(body, 0)
    if body.isdigit():  # int() refuses over 4,300 digits; such a number is too large anyway
        return sign * int(body, 10) if len(body) <= 300 else sign * float(body)
    return text


def load(path: Path, shown: str | None = None) -> Document:
    """Load one YAML file safely into a `Document`; raise `SourceError` on any problem."""
    shown = shown or display_path(path)
    return loads(read_text(path, shown), shown)


def loads(text: str, shown: str) -> Document:
    """Parse YAML text into a `Document` (see `load`)."""
    values = text.count("\n") + text.count(",") + text.count("[") + text.count("{")
    if values > MAX_NODES:  # cheap to count, and far cheaper than composing first
        raise SourceError([Problem(shown, 0, 0, f"the file holds too many values (over "
                                                f"{MAX_NODES})")])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or str(exc)).strip()
        at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
        flow = exc.context is not None and "flow" in exc.context and \
            exc.context_mark is not None and exc.problem_mark is not None and \
            exc.context_mark.line != exc.problem_mark.line
        if exc.context_mark is not None and exc.context and (at_end or flow):
            # an unclosed quote or bracket: where it opened is what the author needs
            mark = exc.context_mark
            what = exc.context.strip().replace("while scanning ", "").replace("while parsing ", "")
            what = {"a quoted scalar": "the quoted text", "a flow sequence": "the [ list",
                    "a flow mapping": "the { mapping"}.get(what, what)
            message = f"{what} opened here is never closed"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        hint = ""
        source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        if flow and exc.problem_mark is not None and mark is not None:
            hint = (f"close it on line {mark.line + 1}, or add the ',' missing before line "
                    f"{exc.problem_mark.line + 1}")
        if "\t" in source_line[: max(col, 1)] or "tab" in message.lower():
            message = "a tab character where YAML needs spaces"
            hint = "YAML does not allow tabs for indentation; use spaces"
        elif any(m in message for m in _INDENT_MESSAGES):
            hint = _indent_hint(text.splitlines(), line)
        raise SourceError([Problem(shown, line, col, f"YAML syntax error: {message}",
                                   hint)]) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        raise SourceError([Problem(shown, line, col, f"a control character (U+{code:04X}) "
                                                     "is not allowed in YAML",
                                   "remove it; it is invisible in most editors")]) from None
    except yaml.YAMLError as exc:
        raise SourceError([Problem(shown, 0, 0, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise SourceError([Problem(shown, 0, 0, "the file is nested too deeply")]) from None
    doc = Document(shown, None, text=text)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    if builder.problems:
        raise SourceError(builder.problems)
    return doc


_INDENT_MESSAGES = ("expected '-' indicator", "expected key", "expected <block end>",
                    "mapping values are not allowed", "sequence entries are not allowed")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_hint(lines: list[str], line: int) -> str:
    """What is wrong with the indentation of `line` (1-based), from the lines before it."""
    if not 0 < line <= len(lines):
        return ""
    src, n = lines[line - 1], _indent(lines[line - 1])
    before = [(i + 1, s) for i, s in enumerate(lines[: line - 1])
              if s.strip() and not s.lstrip().startswith("#")]
    for i, s in [*before[-1:], (line, src)]:
        if re.match(r"\s*-[A-Za-z_]", s):
            return f"line {i}: a list item needs a space after '-' (write '- {s.strip()[1:]}')"
    if re.match(r"\s*[^\s#'\"{\[][^:]*: .*: ", src):
        return (f"line {line} has a second ': ' in one value; quote the value if it "
                "holds ': ' (\"...\")")
    if src.lstrip().startswith("- "):
        # the item before it, nearest first: a '-' one or two columns off is the mistake
        for i, s in reversed(before):
            if not s.lstrip().startswith("- ") or abs(_indent(s) - n) > 2:
                continue
            if _indent(s) == n:
                break
            return (f"indentation: the '-' of line {line} is in column {n + 1}, the one of "
                    f"line {i} in column {_indent(s) + 1}; items of one list must line up")
    if before:
        i, s = before[-1]
        if _indent(s) != n:
            return (f"indentation: line {line} is indented by {n} spaces, line {i} by "
                    f"{_indent(s)}; keys of one mapping must line up, and a value nested "
                    "under a key is indented further")
    return (f"check the indentation of line {line}: keys of one mapping and items of one "
            "list must line up")


class _Builder:
    """Turns composed nodes into plain data, recording marks and rejecting unsafe input."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0  # every value built
        self.aliased = 0  # values built again because an alias repeats them
        self.seen: set[int] = set()  # the nodes built so far (an alias repeats a node)
        self.too_many = False
        self.constructor = yaml.SafeLoader("")  # only used to read plain scalars

    def _problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        m = node.start_mark
        self.problems.append(Problem(self.doc.path, m.line + 1, m.column + 1, message, hint))

    def build(self, node: yaml.Node, path: Path_, depth: int,
              again: yaml.Node | None = None) -> Any:
        """Plain data for `node`; `again` is the anchored node whose alias led here, if
        any (an alias repeats that node and everything below it)."""
        self.count += 1
        if again is None and id(node) in self.seen:
            again = node
        elif again is None:
            self.seen.add(id(node))
        self.aliased += again is not None
        if self.aliased > MAX_ALIASED or self.count > MAX_BUILT:
            if not self.too_many:
                self.too_many = True
                if again is not None:
                    self._problem(again, "the document expands to too many values "
                                         "(an alias bomb?)",
                                  f"aliases repeat the value anchored here over "
                                  f"{MAX_ALIASED} times in all; write the values out")
                else:
                    self._problem(node, f"the file holds too many values (over {MAX_BUILT})")
            return None
        if depth > MAX_DEPTH:
            if not any("nested too deeply" in p.message for p in self.problems):
                self._problem(node, f"the document is nested too deeply (over {MAX_DEPTH})")
            return None
        style = getattr(node, "style", None) or ""
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        self.doc.marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1,
                                    style, raw)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth, again)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _STD + "seq":
                self._problem(node, f"unsupported YAML tag {node.tag!r}")
                return None
            return [self.build(child, (*path, i), depth + 1, again)
                    for i, child in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._problem(node, f"unsupported YAML tag {node.tag!r}",
                          "only plain data is allowed: strings, numbers, booleans, "
                          "lists and mappings")
            return None
        if node.tag == _STD + "str" and not style and _FLOAT_1_2.match(node.value):
            return float(node.value)  # `1e3` is a number in YAML 1.2, text in PyYAML's 1.1
        if node.tag in (_STD + "timestamp", _STD + "str"):
            return node.value  # what the constructor would return, without its cost
        if node.tag == _STD + "int" and not style:
            return _int_1_2(str(node.value))
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            self._problem(node, f"cannot read value {node.value!r}: {exc}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int,
                 again: yaml.Node | None) -> dict:
        if node.tag != _STD + "map":
            self._problem(node, f"unsupported YAML tag {node.tag!r}")
            return {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STD + "merge":
                self._problem(key_node, "YAML merge keys ('<<') are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "a mapping key must be a plain value")
                continue
            key = self.build(key_node, (*path, "<key>"), depth + 1, again)
            self.doc.marks.pop((*path, "<key>"), None)
            if isinstance(key, bool) or key is None:
                key = key_node.value  # `no:` or `on:` as a key means the word itself
            if isinstance(key, (int, float)):
                key = key_node.value
            km = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            where = (*path, key)
            if key in out:
                first = self.doc.key_marks[where]
                self._problem(key_node, f"duplicate key '{key}' (first defined at line "
                                        f"{first.line})")
                continue
            self.doc.key_marks[where] = km
            out[key] = self.build(value_node, where, depth + 1, again)
        return out


class _Dumper(yaml.SafeDumper):
    """Block mappings for readability; short lists of plain values on one line."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(isinstance(x, (str, int, float, bool)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump(data: Any) -> str:
    """YAML text for plain data, keys in the given order, unicode kept readable."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
