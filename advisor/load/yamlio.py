"""The only module that touches PyYAML: safe loading with positions, and atomic writing.

Files are composed into nodes with the safe (C when available) loader and converted by hand,
so no tag can construct a Python object, duplicate keys are caught, alias bombs are bounded,
and every value keeps the line and column it came from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import AdvisorError, Problem, SourceError

try:  # the C composer is ~10x faster; both are safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 200_000  # ~13x what the 5,000-rule benchmark knowledge base needs per file
MAX_DEPTH = 200

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Mark:
    """Where a value starts (1-based line and column) and how its scalar was written."""

    line: int
    col: int
    style: str = ""  # "", "'", '"', "|" or ">" for scalars
    raw: str | None = None  # the scalar as written, for type-directed reading


@dataclass
class Document:
    """A loaded YAML file: plain data plus the position of every value and mapping key."""

    path: str
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    text: str = ""  # the source, to locate a position inside a scalar
    _lines: list[str] | None = field(default=None, repr=False, compare=False)

    def locator(self, path: Path_, value: str) -> Callable[[int], tuple[int, int]]:
        """Where the character at each offset of the string `value` (at `path`) stands in
        the file, following folded lines, quotes, escapes and block indentation."""
        m = self.marks.get(tuple(path))
        if m is None:
            return lambda offset: (1, 1)
        if self._lines is None:
            self._lines = self.text.split("\n")  # once per file: conditions are many
        positions = _scalar_positions(self._lines, m, value)
        # one past the last character: where "the condition ended" errors point
        end = (positions[-1][0], positions[-1][1] + 1) if positions else \
            (m.line, m.col + (1 if m.style in ("'", '"') else 0))
        return lambda offset: positions[offset] if 0 <= offset < len(positions) else end

    def mark(self, path: Path_) -> Mark:
        """The position of the value at `path`, or of its nearest located parent."""
        p = tuple(path)
        while p and p not in self.marks:
            p = p[:-1]
        return self.marks.get(p, Mark(1, 1))

    def key_mark(self, path: Path_) -> Mark:
        """The position of the mapping key that ends `path` (falls back to the value)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)

    def problem(self, path: Path_, message: str, hint: str = "", *, key: bool = False,
                offset: int = 0, severity: str = "error", code: str = "") -> Problem:
        m = self.key_mark(path) if key else self.mark(path)
        col = m.col + offset + (1 if offset and m.style in ("'", '"') else 0)
        return Problem(self.path, m.line, col, message, hint, severity, code)

    def raw(self, path: Path_) -> str | None:
        m = self.marks.get(tuple(path))
        return m.raw if m else None


def _scalar_positions(lines: list[str], mark: Mark, value: str) -> list[tuple[int, int]]:
    """(line, col) of each character of a scalar's value, found by walking its source."""
    out: list[tuple[int, int]] = []
    line, col = mark.line - 1, mark.col - 1  # 0-based cursor in the source
    if mark.style in ("|", ">"):
        line += 1  # the content starts on the line after the indicator
        while line < len(lines) and not lines[line].strip():
            line += 1
        indent = len(lines[line]) - len(lines[line].lstrip(" ")) if line < len(lines) else 0
        col = indent
    elif mark.style in ("'", '"'):
        col += 1  # past the opening quote

    def skip_break() -> None:
        nonlocal line, col
        line += 1
        while line < len(lines) and not lines[line].strip():
            line += 1
        col = len(lines[line]) - len(lines[line].lstrip(" \t")) if line < len(lines) else 0

    for ch in value:
        if line >= len(lines):
            out.append((len(lines), 1))
            continue
        src = lines[line]
        if mark.style == "|" and ch == "\n":  # a literal block keeps its line breaks
            out.append((line + 1, col + 1))
            line, col = line + 1, indent
            continue
        if col >= len(src.rstrip()) and ch in (" ", "\n") and mark.style != "|":
            out.append((line + 1, col + 1))
            skip_break()  # a folded line break
            continue
        if col >= len(src):
            skip_break()
            src = lines[line] if line < len(lines) else ""
        if mark.style == '"' and col < len(src) and src[col] == "\\":
            out.append((line + 1, col + 1))
            col += 2  # an escape: two source characters for one (longer forms are rare here)
            continue
        if mark.style == "'" and src[col: col + 2] == "''":
            out.append((line + 1, col + 1))
            col += 2
            continue
        out.append((line + 1, col + 1))
        col += 1
    return out


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as users should see it: relative to `base` (or the cwd) when inside it."""
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 file, turning every OS or encoding failure into a located problem."""
    try:
        if path.is_dir():
            raise SourceError([Problem(shown, 0, 0, "is a folder, not a file")])
        if path.exists() and not path.is_file():
            # a pipe or a device: reading it could block or never end
            raise SourceError([Problem(shown, 0, 0, "is not a regular file (a pipe or a "
                                                    "device?)", "save it to a file first")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError([Problem(shown, 0, 0, f"file is too large ({size} bytes; "
                                                    f"the limit is {MAX_BYTES})")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError([Problem(shown, 0, 0, "no such file")]) from None
    except PermissionError:
        raise SourceError([Problem(shown, 0, 0, "permission denied")]) from None
    except OSError as exc:
        raise SourceError([Problem(shown, 0, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # columns count characters, as everywhere else, not bytes
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise SourceError([Problem(shown, line, col,
                                   f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                   "save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


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
        if exc.context_mark is not None and exc.context and at_end:
            # an unclosed quote or bracket: where it opened is what the author needs
            mark = exc.context_mark
            what = exc.context.strip().replace("while scanning ", "").replace("while parsing ", "")
            what = {"a quoted scalar": "the quoted text", "a flow sequence": "the [ list",
                    "a flow mapping": "the { mapping"}.get(what, what)
            message = f"{what} opened here is never closed"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        hint = ""
        source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        if "\t" in source_line[: max(col, 1)] or "tab" in message.lower():
            message = "a tab character where YAML needs spaces"
            hint = "YAML does not allow tabs for indentation; use spaces"
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


class _Builder:
    """Turns composed nodes into plain data, recording marks and rejecting unsafe input."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only used to read plain scalars

    def _problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        m = node.start_mark
        self.problems.append(Problem(self.doc.path, m.line + 1, m.column + 1, message, hint))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._problem(node, "the document expands to too many values "
                                    "(an alias bomb?)")
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
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _STD + "seq":
                self._problem(node, f"unsupported YAML tag {node.tag!r}")
                return None
            return [self.build(child, (*path, i), depth + 1)
                    for i, child in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._problem(node, f"unsupported YAML tag {node.tag!r}",
                          "only plain data is allowed: strings, numbers, booleans, "
                          "lists and mappings")
            return None
        if node.tag == _STD + "timestamp":
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            self._problem(node, f"cannot read value {node.value!r}: {exc}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
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
            key = self.build(key_node, (*path, "<key>"), depth + 1)
            self.doc.marks.pop((*path, "<key>"), None)
            if isinstance(key, bool) or key is None:
                key = key_node.value  # `no:` or `on:` as a key means the word itself
            if isinstance(key, (int, float)):
                key = key_node.value
            km = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = self.doc.key_marks[(*path, key)]
                self._problem(key_node, f"duplicate key '{key}' (first defined at line "
                                        f"{first.line})")
                continue
            self.doc.key_marks[(*path, key)] = km
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out


def iter_yaml_files(root: Path) -> Iterator[Path]:
    """YAML files under `root`, in a stable order (callers must not depend on it)."""
    yield from sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml")
                      and p.is_file())


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


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves either the old or the new file, whole."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    for stale in directory.glob(f".{path.name}.*.tmp"):  # left by a killed earlier write
        with contextlib.suppress(OSError):
            stale.unlink()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise AdvisorError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        try:
            dir_fd = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
