"""The shape of an answers (case) file: the input of `advisor assess` and what the
interview saves."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .schema_base import Id, Lang, Strict


class AnswersFile(Strict):
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
