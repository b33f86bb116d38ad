"""The shape of every knowledge and rule file, as pydantic models.

One place documents each YAML key (the field descriptions), validates files (`validate`)
and produces the JSON Schemas that editors use while typing (`advisor schema`). Conditions
are only shaped here; `lang` parses and types them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..model import DerivedType, InputType, Merge
from .schema_base import ChoiceId, ConditionData, Id, Lang, RefId, RuleId, Strict, Text
from .schema_tables import ExampleFile, TableFile


class ChoiceFile(Strict):
    """One choice of a choice, level or multi-select fact (or one value of a scale)."""

    id: ChoiceId = Field(description="The value stored in answers and used in conditions")
    label: Text = Field(description="What the user sees")
    help: Text | None = Field(None, description="A longer explanation of this choice")


class CriticalFile(Strict):
    """When not knowing the answer is itself a finding (for example the migration approach
    once go-live is near): the loader turns this into a rule that raises "not verified"."""

    when: ConditionData = Field(description="From when the answer is critical (the question's "
                                            "ask_if is added)")
    because: Text = Field(description="Why not knowing the answer is a risk")
    action: Text = Field(description="What to do to establish the answer")
    finding: Text | None = Field(None, description="Shown when it is not verified (default: "
                                                   "'Not verified: <label>')")
    raises: dict[Id, ChoiceId] | None = Field(None, description="Levels raised while it is not "
                                                                "verified: {risk.x: high}")
    priority: ChoiceId = Field("high", description="Priority of the recommendation to verify it")
    source: str | list[RefId] = Field("", description="What it rests on (reference ids)")
    examples: list[ExampleFile] = Field([], description="Given answers and whether the "
                                                        "'not verified' finding is raised")


class QuestionFile(Strict):
    """How the interview asks for an input fact."""

    prompt: Text = Field(description="The question, one per language")
    help: Text | None = Field(None, description="Shown under the question")
    ask_if: ConditionData = Field(None, description="Ask only when this condition holds")
    core: bool = Field(False, description="Asked in quick mode")
    followup: bool = Field(False, description="A knock-out follow-up: asked in quick mode "
                                              "whenever its ask_if holds")
    critical: CriticalFile | None = Field(None, description="When an unknown answer is itself "
                                                            "a finding")


class FactFile(Strict):
    """An input fact: something the user answers."""

    id: Id = Field(description="Dotted id such as scope.breadth")
    type: InputType = Field(
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
    order: list[ChoiceId] | Literal["higher_is_better", "lower_is_better"] | None = Field(
        None, description="Which answers are better: choice ids (or yes/no) from best to "
                          "worst (others are unordered), or a direction for numbers; "
                          "monotonicity is checked against it")
    lever: bool = Field(True, description="Whether management can change it (false: context, "
                                          "such as the stage or the number of users)")
    renamed_from: Id | None = Field(None, description="The id this fact had before; answers "
                                                      "files that use it still load")
    renamed_values: dict[str, ChoiceId] | None = Field(
        None, description="Old answers and the choices they became: {unknown: not_profiled}")


class DerivedFile(Strict):
    """A derived fact: concluded by rules, never asked."""

    id: Id
    type: DerivedType = Field(
        description="level (on a scale, several rules merge), flag (true once set), count "
                    "(how many of some facts have a value), choice (one value, set by one rule)")
    dimension: Id | None = None
    label: Text = Field(description="A short name for reports")
    scale: Id | None = Field(None, description="Level: the scale its values come from")
    choices: list[ChoiceFile] | None = Field(None, description="Choice: its values")
    merge: Merge = Field(
        "highest", description="Level: when several rules set it, the highest or the lowest "
                               "value on the scale wins")
    default: Any = Field(None, description="Assumed when no rule concludes a value (reported "
                                           "as an assumption, never as a finding)")
    default_because: Text | None = Field(None, description="Why the default is assumed")
    count_of: list[Id] | None = Field(None, description="Count: the facts counted")
    count_value: ChoiceId | None = Field(None, description="Count: the value counted")
    count_state: Literal["known", "unknown"] | None = Field(
        None, description="Count: count the facts that have a value (known) or none (unknown) "
                          "instead of one value")
    finding: Text | None = Field(None, description="Flag: what it means when it is set")
    report: bool = Field(True, description="Shown in reports as a finding")
    on_conflict: Literal["report", "error", "precedence"] | None = Field(
        None, description="Choice: when two rules set different values, report a conflict "
                          "(the default: the fact stays unknown), stop with an error, or "
                          "keep the value that comes first in `precedence`")
    precedence: list[ChoiceId] | None = Field(
        None, description="Choice with on_conflict: precedence: every choice, the one that "
                          "wins first")


class ScaleFile(Strict):
    """An ordered set of values, lowest first."""

    id: Id
    values: list[ChoiceFile]


class DimensionFile(Strict):
    id: Id
    title: Text
    description: Text | None = None
    source: str | None = None


class RecommendationFile(Strict):
    id: Id
    priority: ChoiceId = Field(description="A value of the knowledge base's priority scale")
    dimension: Id
    title: Text
    action: Text = Field(description="What to do, concretely")
    owner: Text | None = Field(None, description="Who should own it (a role)")
    done_when: Text | None = Field(None, description="How to tell it is done")


class ReferenceFile(Strict):
    """A document the knowledge rests on: a framework, an audit report, a policy."""

    id: RefId
    title: Text = Field(description="Its real title")
    publisher: str = Field(description="Who published it")
    year: int | None = None
    url: str | None = None


class ThenFile(Strict):
    set: dict[Id, Any] | None = Field(None, description="Derived facts to set: {fact: value}")
    recommend: list[Id] | None = Field(None, description="Recommendation ids to make")
    score: dict[Id, float] | None = Field(
        None, description="Values (0-1) for score items declared with set_by_rules; when "
                          "several rules set one item, the lowest value counts")
    cap: dict[Id, ChoiceId] | None = Field(
        None, description="Readiness caps: {dimension: level}; the dimension's level is at "
                          "most this, whatever its score (a knock-out finding)")


class RuleFile(Strict):
    id: RuleId
    title: Text
    dimension: Id | None = Field(None, description="Defaults to the file's dimension")
    when: ConditionData
    then: ThenFile
    because: Text = Field(description="Why the conclusion follows: the reasoning, not a "
                                      "restatement of the condition")
    reason: Text | None = Field(None, description="The finding in this case's own words: a "
                                                  "template where {fact.id} is replaced by "
                                                  "the answer's label")
    source: str | list[RefId] = Field("", description="What it rests on: reference ids (see "
                                                  "references:) or a named framework")
    salience: int = Field(0, description="Orders rules within one stratum; it never "
                                         "overrides what a rule reads")
    examples: list[ExampleFile] = Field([], description="Given answers and the conclusions "
                                                    "expected (`advisor rules test`)")


class BandFile(Strict):
    upto: float | None = Field(None, description="Upper bound, inclusive; omit for the last")
    value: float = Field(ge=0, le=1, description="Score value (0-1) for this band")


class ScoreCaseFile(Strict):
    when: ConditionData = Field(None, description="Omit for the fallback case")
    value: float = Field(ge=0, le=1)


class ScoreItemFile(Strict):
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


class LevelBandFile(Strict):
    min: float
    level: ChoiceId


class ScoringFile(Strict):
    """The explainable scoring model."""

    level_scale: Id = Field(description="The scale the score levels come from")
    levels: list[LevelBandFile] = Field(description="Score bands, e.g. {min: 70, level: strong}")
    low_coverage: float = Field(0.6, description="Evidence threshold: below this share of "
                                                 "answered weight, a dimension whose answers "
                                                 "do not settle its level shows "
                                                 "'insufficient evidence'")
    items: list[ScoreItemFile]
    readiness_weights: dict[Id, float] = Field(description="Dimension -> weight in the "
                                                           "readiness index")


class ReportWordsFile(Strict):
    """The knowledge base's own words for the report's headings; each one is optional and
    falls back to the tool's neutral word ("Assessment", "Verdict", "Findings", ...)."""

    title: Text | None = Field(None, description="The report's title, e.g. 'Change assessment'")
    verdict: Text | None = Field(None, description="The heading over the verdict")
    not_determined: Text | None = Field(None, description="Shown when a verdict fact has no "
                                                          "value, e.g. 'not determined'")
    not_determined_because: Text | None = Field(None, description="Why a verdict has no "
                                                                  "value yet")
    findings: Text | None = Field(None, description="The heading of the findings")
    flags: Text | None = Field(None, description="The heading of the flags raised")
    recommendations: Text | None = Field(None, description="The heading of the "
                                                           "recommendations")
    provisional: Text | None = Field(None, description="The heading of the conclusions still "
                                                       "waiting for answers")


class KbMeta(Strict):
    id: Id
    version: str
    title: Text
    languages: list[Lang] = Field(description="Every user-visible text must exist in each")
    priority_scale: Id | None = Field(None, description="The scale recommendation priorities "
                                                        "come from; needed only when there are "
                                                        "recommendations")
    report: ReportWordsFile | None = Field(None, description="The report's headings in this "
                                                             "knowledge base's own words")
    verdict: list[Id] = Field([], description="Derived facts that form the overall verdict")
    goals: list[Id] | None = Field(None, description="The conclusions the interview works "
                                                     "towards (derived facts and recommendation "
                                                     "ids); default: every reported finding, "
                                                     "the verdict, every recommendation and "
                                                     "every readiness level")
    firing_budget: int | None = Field(None, description="Most rule firings in one assessment")


class KnowledgeFile(Strict):
    """Any knowledge or rule file: each section is optional, so files can be split freely."""

    kb: KbMeta | None = None
    dimension: Id | None = Field(None, description="Default dimension for facts and rules here")
    dimensions: list[DimensionFile] | None = None
    scales: list[ScaleFile] | None = None
    facts: list[FactFile] | None = None
    derived: list[DerivedFile] | None = None
    recommendations: list[RecommendationFile] | None = None
    rules: list[RuleFile] | None = None
    tables: list[TableFile] | None = None
    scoring: ScoringFile | None = None
    references: list[ReferenceFile] | None = None


class RulesFile(Strict):
    """A rule file (the loader accepts any knowledge-file section in it, too)."""

    dimension: Id | None = Field(None, description="Default dimension of the rules here")
    rules: list[RuleFile] = Field([], description="The rules")
    tables: list[TableFile] = Field([], description="Decision tables, each compiled to rules")
