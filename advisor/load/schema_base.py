"""The building blocks of the file schemas: names, texts, conditions and strict models.

Kept apart from the knowledge-file models so that reading an answers file (the common case,
with a cached knowledge base) does not build every model of the knowledge files.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]
RefId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")]
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Za-z]{2,4})?$")]
Text = Annotated[dict[Lang, str], Field(description="A text per language, e.g. {en: ..., zh: ...}")]
ConditionData = Annotated[
    Any,
    Field(description="A condition: text such as \"scope.breadth in [a, b]\", or a mapping "
                      "with one key: all (list), any (list) or not (one condition)",
          json_schema_extra={"x-condition": True}),
]


class Strict(BaseModel):
    """Unknown keys are errors (with a "did you mean"), types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
