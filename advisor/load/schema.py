"""The shape of every file an author or a consultant writes, as pydantic models.

One place documents each YAML key (the field descriptions), validates files (with located,
"did you mean" errors) and produces the JSON Schemas that editors use while typing
(`advisor schema`). Conditions are only shaped here; `conditions` parses and types them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..errors import Problem, did_you_mean
from .yamlio import Document

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Za-z]{2,4})?$")]
Text = Annotated[dict[Lang, str], Field(description="A text per language, e.g. {en: ..., zh: ...}")]
ConditionData = Annotated[
    Any,
    Field(description="A condition: text such as \"scope.breadth in [a, b]\", or a mapping "
                      "with one key: all (list), any (list) or not (one condition)",
          json_schema_extra={"x-condition": True}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ChoiceFile(_Strict):
    """One choice of a choice, level or multi-select fact (or one value of a scale)."""

    id: ChoiceId = Field(description="The value stored in answers and used in conditions")
    label: Text = Field(description="What the user sees")
    help: Text | None = Field(None, description="A longer explanation of this choice")


class QuestionFile(_Strict):
    """How the interview asks for an input fact."""

    prompt: Text = Field(description="The question, one per language")
    help: Text | None = Field(None, description="Shown under the question")
    ask_if: ConditionData = Field(None, description="Ask only when this condition holds")
    core: bool = Field(False, description="Asked in quick mode")
    followup: bool = Field(False, description="A knock-out follow-up: asked in quick mode "
                                              "whenever its ask_if holds")


class FactFile(_Strict):
    """An input fact: something the user answers."""

    id: Id = Field(description="Dotted id such as scope.breadth")
    type: Literal["bool", "choice", "level", "multi", "number", "text"] = Field(
        description="bool (yes/no), choice (one of), level (ordered choice), multi (several "
                    "of), number, text (reported, not reasoned over)")
    dimension: Id | None = Field(None, description="Defaults to the file's dimension")
    label: Text | None = Field(None, description="A short name for reports")
    choices: list[ChoiceFile] | None = Field(None, description="For choice, level and multi; "
                                                               "levels from lowest to highest")
    exclusive: list[ChoiceId] = Field([], description="Multi: choices that exclude all others "
                                                      "(such as none); not counted by count()")
    unit: Text | None = Field(None, description="Number: the unit shown after the value")
    min: float | None = Field(None, description="Number: the lowest valid answer")
    max: float | None = Field(None, description="Number: the highest valid answer")
    integer: bool = Field(False, description="Number: whole numbers only")
    question: QuestionFile | None = Field(None, description="How to ask for it")


class DerivedFile(_Strict):
    """A derived fact: concluded by rules, never asked."""

    id: Id
    type: Literal["level", "flag", "count", "choice"] = Field(
        description="level (on a scale, several rules merge), flag (true once set), count "
                    "(how many of some facts have a value), choice (one value, set by one rule)")
    dimension: Id | None = None
    label: Text = Field(description="A short name for reports")
    scale: Id | None = Field(None, description="Level: the scale its values come from")
    choices: list[ChoiceFile] | None = Field(None, description="Choice: its values")
    merge: Literal["highest", "lowest"] = Field(
        "highest", description="Level: when several rules set it, the highest or the lowest "
                               "value on the scale wins")
    default: Any = Field(None, description="Assumed when no rule concludes a value (reported "
                                           "as an assumption, never as a finding)")
    default_because: Text | None = Field(None, description="Why the default is assumed")
    count_of: list[Id] | None = Field(None, description="Count: the facts counted")
    count_value: ChoiceId | None = Field(None, description="Count: the value counted")
    finding: Text | None = Field(None, description="Flag: what it means when it is set")
    report: bool = Field(True, description="Shown in reports as a finding")


class ScaleFile(_Strict):
    """An ordered set of values, lowest first."""

    id: Id
    values: list[ChoiceFile]


class DimensionFile(_Strict):
    id: Id
    title: Text
    description: Text | None = None
    source: str | None = None


class RecommendationFile(_Strict):
    id: Id
    priority: ChoiceId = Field(description="A value of the knowledge base's priority scale")
    dimension: Id
    title: Text
    action: Text = Field(description="What to do, concretely")


class ThenFile(_Strict):
    set: dict[Id, Any] | None = Field(None, description="Derived facts to set: {fact: value}")
    recommend: list[Id] | None = Field(None, description="Recommendation ids to make")
    score: dict[Id, float] | None = Field(
        None, description="Values (0-1) for score items declared with set_by_rules; when "
                          "several rules set one item, the lowest value counts")


class ExampleFile(_Strict):
    """Given answers, the conclusions the rule must reach (run by `advisor rules test`)."""

    name: str | None = None
    given: dict[Id, Any] = Field(description="Answers by fact id")
    expect: dict[Id, Any] = Field({}, description="Expected values of derived facts; a "
                                                  "recommendation id maps to true or false")
    fires: bool = Field(True, description="Whether this rule fires on these answers")


class RuleFile(_Strict):
    id: RuleId
    title: Text
    dimension: Id | None = Field(None, description="Defaults to the file's dimension")
    when: ConditionData
    then: ThenFile
    because: Text = Field(description="Why the conclusion follows: the reasoning, not a "
                                      "restatement of the condition")
    source: str = Field(description="Seed section or named framework")
    salience: int = Field(0, description="Orders rules within one stratum; it never "
                                         "overrides what a rule reads")
    examples: list[ExampleFile] = []


class BandFile(_Strict):
    upto: float | None = Field(None, description="Upper bound, inclusive; omit for the last")
    value: float | None = Field(None, description="Score value (0-1) for this band")
    points: float | None = Field(None, description="Index points for this band")


class ScoreCaseFile(_Strict):
    when: ConditionData = Field(None, description="Omit for the fallback case")
    value: float = Field(ge=0, le=1)


class ScoreItemFile(_Strict):
    """One weighted input to a dimension score (see docs/knowledge-base.md)."""

    id: Id | None = Field(None, description="Defaults to the fact id")
    dimension: Id | None = Field(None, description="Defaults to the fact's dimension")
    fact: Id | None = Field(None, description="The fact whose answer is scored")
    weight: float = Field(gt=0)
    label: Text | None = Field(None, description="Defaults to the fact's label")
    values: dict[str, float] | None = Field(None, description="Choice (or yes/no) -> 0..1")
    bands: list[BandFile] | None = Field(None, description="Numbers: bands with a value each")
    linear: list[float] | None = Field(None, description="Numbers: [value scoring 0, value "
                                                         "scoring 1]; clamped")
    share_of: list[ChoiceId] | None = Field(None, description="Multi: the share of these "
                                                              "choices that is selected")
    cases: list[ScoreCaseFile] | None = Field(None, description="First matching case wins")
    applies_if: ConditionData = Field(None, description="Left out of the score otherwise")
    set_by_rules: bool = Field(False, description="Rules set its value with then: score:")
    default: float | None = Field(None, description="Value when no rule sets it")


class LevelBandFile(_Strict):
    min: float
    level: ChoiceId


class IndexPartFile(_Strict):
    label: Text | None = None
    fact: Id | None = None
    points: dict[str, float] | None = Field(None, description="Choice (or yes/no) -> points")
    bands: list[BandFile] | None = None
    per_choice: float | None = Field(None, description="Multi: points per selected choice")
    when: ConditionData = Field(None, description="Points when this condition holds")
    when_points: float | None = None


class IndexBandFile(_Strict):
    min: float
    band: ChoiceId


class ChangeIndexFile(_Strict):
    parts: list[IndexPartFile]
    cap: float = 100
    bands: list[IndexBandFile]


class ScoringFile(_Strict):
    """The explainable scoring model."""

    level_scale: Id = Field(description="The scale the score levels come from")
    levels: list[LevelBandFile] = Field(description="Score bands, e.g. {min: 70, level: strong}")
    low_coverage: float = Field(0.6, description="Below this share of answered weight the "
                                                 "score is marked low-confidence")
    items: list[ScoreItemFile]
    readiness_weights: dict[Id, float] = Field(description="Dimension -> weight in the "
                                                           "readiness index")
    change_index: ChangeIndexFile | None = None
    size_fact: Id | None = Field(None, description="The rule-derived size read by the matrix")
    risk_scale: Id | None = None
    matrix: dict[ChoiceId, dict[ChoiceId, ChoiceId]] | None = Field(
        None, description="Structural risk: readiness level -> size -> risk level")


class KbMeta(_Strict):
    id: Id
    version: str
    title: Text
    languages: list[Lang] = Field(description="Every user-visible text must exist in each")
    priority_scale: Id = Field(description="The scale recommendation priorities come from")
    verdict: list[Id] = Field([], description="Derived facts that form the overall verdict")
    firing_budget: int | None = Field(None, description="Most rule firings in one assessment")


class KnowledgeFile(_Strict):
    """Any knowledge or rule file: each section is optional, so files can be split freely."""

    kb: KbMeta | None = None
    dimension: Id | None = Field(None, description="Default dimension for facts and rules here")
    dimensions: list[DimensionFile] | None = None
    scales: list[ScaleFile] | None = None
    facts: list[FactFile] | None = None
    derived: list[DerivedFile] | None = None
    recommendations: list[RecommendationFile] | None = None
    rules: list[RuleFile] | None = None
    scoring: ScoringFile | None = None


class RulesFile(_Strict):
    """A rule file (the loader accepts any knowledge-file section in it, too)."""

    dimension: Id | None = Field(None, description="Default dimension of the rules here")
    rules: list[RuleFile] = Field(description="The rules")


class AnswersFile(_Strict):
    """One case: the answers given about one change effort."""

    case: str = Field(description="The case's name")
    language: Lang | None = Field(None, description="Report language (en, zh)")
    answers: dict[Id, Any] = Field({}, description="Answers by fact id")
    dont_know: list[Id] = Field([], description="Facts answered \"don't know\"")
    notes: str | None = None
    expect: dict[Id, Any] | None = Field(None, description="Expected conclusions, checked by "
                                                           "`advisor rules test`")
    session: dict[str, Any] | None = Field(None, description="Interview progress (written by "
                                                             "`advisor interview`)")


_CONDITION = {
    "description": "A condition: text such as \"scope.breadth in [a, b]\" (see "
                   "docs/rule-language.md), or a mapping with exactly one key",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "additionalProperties": False, "required": ["all"],
         "properties": {"all": {"type": "array", "minItems": 1,
                                "items": {"$ref": "#/$defs/Condition"}}}},
        {"type": "object", "additionalProperties": False, "required": ["any"],
         "properties": {"any": {"type": "array", "minItems": 1,
                                "items": {"$ref": "#/$defs/Condition"}}}},
        {"type": "object", "additionalProperties": False, "required": ["not"],
         "properties": {"not": {"$ref": "#/$defs/Condition"}}},
    ],
}

SCHEMA_FILES = {
    "knowledge": ("knowledge.schema.json", "change-advisor knowledge file"),
    "rules": ("rules.schema.json", "change-advisor rule file"),
    "answers": ("answers.schema.json", "change-advisor answers (case) file"),
    "assessment": ("assessment.schema.json", "change-advisor Assessment (JSON output)"),
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas (draft 2020-12) for the files authors write and the JSON the tool
    writes. Editors use them through a `yaml-language-server: $schema=` comment."""
    from pydantic import TypeAdapter

    from ..assessment import Assessment

    models: dict[str, Any] = {"knowledge": KnowledgeFile.model_json_schema(),
                              "rules": RulesFile.model_json_schema(),
                              "answers": AnswersFile.model_json_schema(),
                              "assessment": TypeAdapter(Assessment).json_schema()}
    out = {}
    for name, schema in models.items():
        if name != "assessment":
            schema = _link_conditions(schema)
            schema.setdefault("$defs", {})["Condition"] = _CONDITION
        filename, title = SCHEMA_FILES[name]
        out[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "$id": filename, "title": title, **{k: v for k, v in schema.items()
                                                         if k != "title"}}
    return out


def _link_conditions(node: Any) -> Any:
    """Point every condition field at the shared recursive Condition definition."""
    if isinstance(node, dict):
        if node.get("x-condition"):
            return {"$ref": "#/$defs/Condition", "description": node.get("description", "")}
        return {k: _link_conditions(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_link_conditions(v) for v in node]
    return node


def validate(model: type[_Strict], doc: Document) -> tuple[Any, list[Problem]]:
    """Validate a loaded document; return (model or None, located problems)."""
    if doc.data is None:
        return None, [doc.problem((), "the file is empty")]
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else f"a {type(doc.data).__name__}"
        return None, [doc.problem((), f"the file must be a mapping of keys, not {kind}")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = _drop_missing_misspelt(model, doc, exc.errors())
        problems = [_problem(model, doc, err) for err in errors]
    return _salvage(model, doc.data), problems


def _drop_missing_misspelt(model: type[BaseModel], doc: Document, errors: list) -> list:
    """One mistake, one message: a missing required key whose misspelling is also there
    ('becuase' for 'because') is reported once, as the unknown key with its "did you mean"."""
    import difflib

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


def _salvage(model: type[_Strict], data: dict) -> Any:
    """The valid part of an invalid file: list items that validate on their own.

    This lets the loader go on to check conditions and references in the good items, so
    an author sees every problem in a file at once, not only the first kind.
    """
    from pydantic import TypeAdapter

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
        try:
            kept[name] = TypeAdapter(field.annotation).validate_python(value)
        except ValidationError:
            continue
    return model.model_construct(**kept)


def _is_list(annotation: Any) -> bool:
    """Whether an annotation is a list type (possibly optional)."""
    from typing import get_args, get_origin

    if get_origin(annotation) is list:
        return True
    return any(get_origin(a) is list for a in get_args(annotation))


def _problem(model: type[BaseModel], doc: Document, err: Any) -> Problem:
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    if kind == "extra_forbidden":
        fields = _fields_at(model, doc.data, loc[:-1])
        return doc.problem(loc, f"unknown key '{loc[-1]}'",
                           did_you_mean(str(loc[-1]), fields) or
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
    shown = f" (got {type(got).__name__} {got!r})" if not isinstance(got, (dict, list)) else ""
    return doc.problem(loc, f"{where}: {err['msg'].lower()}{shown}")


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
