"""Validating a loaded YAML document against a file model, as located problems.

pydantic's errors become one `Problem` each, at the key or value they are about, with a
"did you mean" for misspelt keys; the valid part of an invalid file is kept, so the loader
can go on and report every other problem in the same run.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import Problem, did_you_mean
from .schema_base import Strict
from .yamlio import Document


def validate(model: type[Strict], doc: Document) -> tuple[Any, list[Problem]]:
    """Validate a loaded document; return (model or None, located problems)."""
    if doc.data is None:
        return None, [doc.problem((), "the file is empty")]
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else f"a {type(doc.data).__name__}"
        return None, [doc.problem((), f"the file must be a mapping of keys, not {kind}")]
    answers_keys = [k for k in _ANSWERS_KEYS if k in doc.data
                    and k not in model.model_fields]
    if answers_keys and not set(doc.data) & set(model.model_fields):
        # one message for the whole file, not one per key
        return None, [doc.problem((answers_keys[0],), "this is an answers file ("
                                  + ", ".join(f"{k}:" for k in answers_keys)
                                  + "), not a knowledge file", "assess it (advisor assess "
                                  "FILE), or keep it in a cases/ folder, which --kb skips",
                                  key=True)]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = _one_per_union(_drop_missing_misspelt(model, doc, exc.errors()))
        problems = [_problem(model, doc, err) for err in errors]
    return _salvage(model, doc.data), problems


def _is_branch(part: Any) -> bool:
    """A union member's tag in an error location ('str', 'list[constrained-str]')."""
    return isinstance(part, str) and ("[" in part or part in _BRANCHES)


_BRANCHES = {"str", "int", "float", "bool", "dict", "list"}


def _one_per_union(errors: list) -> list:
    """A value that fits none of a union's types gets one message naming them all ("text or
    a list"), not one message per type."""
    groups: dict[tuple, list] = {}
    for err in errors:
        if err["loc"] and _is_branch(err["loc"][-1]) and (err["type"] in _TYPES
                                                            or err["type"] == "list_type"):
            groups.setdefault(tuple(err["loc"][:-1]), []).append(err)
    out, done = [], set()
    for err in errors:
        where = tuple(err["loc"][:-1])
        group = groups.get(where, [])
        if len(group) < 2 or err not in group:
            out.append(err)
        elif where not in done:
            done.add(where)
            wanted = dict.fromkeys("a list" if e["type"] == "list_type" else _TYPES[e["type"]]
                                   for e in group)
            out.append({"type": "union", "loc": where, "input": err.get("input"),
                        "wanted": " or ".join(wanted), "msg": ""})
    return out


def _drop_missing_misspelt(model: type[BaseModel], doc: Document, errors: list) -> list:
    """One mistake, one message: a missing required key whose misspelling is also there
    ('becuase' for 'because') is reported once, as the unknown key with its "did you mean"."""
    extras: dict[tuple, set[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            extras.setdefault(tuple(err["loc"][:-1]), set()).add(str(err["loc"][-1]))
    kept = []
    for err in errors:
        if err["type"] == "missing":
            where, name = tuple(err["loc"][:-1]), str(err["loc"][-1])
            if difflib.get_close_matches(name, sorted(extras.get(where, ())), n=1,
                                         cutoff=0.6):
                continue
        kept.append(err)
    return kept


def _salvage(model: type[Strict], data: dict) -> Any:
    """The valid part of an invalid file: list items that validate on their own.

    This lets the loader go on to check conditions and references in the good items, so
    an author sees every problem in a file at once, not only the first kind.
    """
    kept: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        item_model = _inner_model(field.annotation) if _is_list(field.annotation) else None
        if isinstance(value, list) and item_model is not None:
            adapter = TypeAdapter(item_model)
            items = []
            for item in value:
                try:
                    items.append(adapter.validate_python(item))
                except ValidationError:
                    items.append(None)
            kept[name] = items
            continue
        if field.annotation is None:
            continue
        try:
            kept[name] = TypeAdapter(field.annotation).validate_python(value)
        except ValidationError:
            continue
    return model.model_construct(**kept)


def _is_list(annotation: Any) -> bool:
    """Whether an annotation is a list type (possibly optional)."""
    if get_origin(annotation) is list:
        return True
    return any(get_origin(a) is list for a in get_args(annotation))


def _problem(model: type[BaseModel], doc: Document, err: Any) -> Problem:
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    if kind == "extra_forbidden":
        fields = _fields_at(model, doc.data, loc[:-1])
        if len(loc) == 1 and loc[0] in _ANSWERS_KEYS:
            return doc.problem(loc, f"unknown key '{loc[0]}'", f"'{loc[0]}:' belongs in an "
                               "answers file, not a knowledge file", key=True)
        return doc.problem(loc, f"unknown key '{loc[-1]}'",
                           did_you_mean(str(loc[-1]), fields, KEY_CUTOFF) or
                           ("allowed keys: " + ", ".join(fields) if fields else ""), key=True)
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required key '{loc[-1]}'")
    if kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        words = [w.strip(" '") for w in allowed.replace(" or ", ",").split(",")]
        got = err.get("input")
        return doc.problem(loc, f"'{got}' is not allowed here; expected {allowed}",
                           did_you_mean(str(got), words))
    if kind == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^[a-z]{2}"):
            return doc.problem(loc, f"'{err.get('input')}' is not a language code",
                               "use a code such as en or zh", key=err["loc"][-1] == "[key]")
        return doc.problem(loc, f"'{err.get('input')}' is not a valid name here",
                           "use letters, digits and underscores (dots separate parts of an id)",
                           key=err["loc"][-1] == "[key]")
    where = ".".join(str(p) for p in loc)
    got = err.get("input")
    name = next((str(p) for p in reversed(loc) if not isinstance(p, int)), where)
    if got is None:
        return doc.problem(loc, f"{name}: is empty; write {_WANTED.get(name, 'a value')}")
    if kind in ("dict_type", "model_type") and name in _TEXTS:
        return doc.problem(loc, f"{name}: should be one text per language, not "
                                f"{_kind(got)}", "write it as {en: ..., zh: ...}")
    if kind == "union":
        return doc.problem(loc, f"{name}: should be {err['wanted']}, not {_kind(got)}")
    if kind == "list_type":
        example = f", such as [{got}]" if isinstance(got, str) else ""
        return doc.problem(loc, f"{name}: should be a list{example}, not {_kind(got)}",
                           "write each item on a line of its own starting with '- '"
                           if isinstance(got, dict) else "")
    if kind in _TYPES:
        return doc.problem(loc, f"{name}: should be {_TYPES[kind]}, not {_kind(got)}")
    shown = f" (got {type(got).__name__} {got!r})" if not isinstance(got, (dict, list)) else ""
    return doc.problem(loc, f"{where}: {err['msg'].lower()}{shown}")


_ANSWERS_KEYS = ("case", "answers", "dont_know")
_TYPES = {"int_parsing": "a whole number", "int_type": "a whole number",
          "int_from_float": "a whole number", "float_parsing": "a number",
          "float_type": "a number", "bool_parsing": "yes or no", "bool_type": "yes or no",
          "string_type": "text", "dict_type": "a mapping of 'key: value' lines",
          "model_type": "a mapping of 'key: value' lines"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"yes/no ({'yes' if value else 'no'})"
    if isinstance(value, str):
        return f"the text '{value[:40]}'" + ("…" if len(value) > 40 else "")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the number {value}" if isinstance(value, int | float) else "nothing"


KEY_CUTOFF = 0.7  # keys are short words: only a real misspelling gets a "did you mean"
_TEXTS = {"title", "because", "label", "prompt", "help", "action", "owner", "done_when",
          "description", "reason", "finding", "default_because", "unit"}
_WANTED = {**{k: "a text per language, such as {en: ..., zh: ...}" for k in _TEXTS},
           "then": "what the rule concludes (set:, recommend:, score: or cap:)",
           "when": "a condition", "id": "an id", "rules": "a list of rules",
           "facts": "a list of facts", "choices": "a list of choices"}


def _fields_at(model: type[BaseModel], data: Any, loc: tuple) -> list[str]:
    """The allowed keys of the model that validates the mapping at `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
