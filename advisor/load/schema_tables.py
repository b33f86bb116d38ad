"""The shape of decision tables in rule files, and of the examples rules and rows carry
(see `schema` for every other section)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .schema_base import Id, RefId, RuleId, Strict, Text


class ExampleFile(Strict):
    """Given answers, the conclusions the rule must reach (run by `advisor rules test`)."""

    name: str | None = None
    given: dict[Id, Any] = Field(description="Answers by fact id")
    expect: dict[Id, Any] = Field({}, description="Expected values of derived facts; a "
                                                  "recommendation id maps to true or false")
    fires: bool = Field(True, description="Whether this rule fires on these answers")


Cell = str | bool | int | float


class TableRowFile(Strict):
    """One row of a decision table: a cell per input column, a value per output column."""

    id: RuleId | None = Field(None, description="The id of the rule this row becomes; "
                                                "default: <table id>/<row number>")
    when: list[Cell] = Field(description="One cell per input: a condition on that column's "
                                         "fact without its name ('>= 2', 'in [a, b]', "
                                         "'large', 'yes', 'is unknown'), or '-' for any value")
    then: list[Any] = Field(description="One value per output: the value to set, yes to make "
                                        "a recommendation, or '-' for nothing")
    title: Text | None = Field(None, description="Default: the table's title and row number")
    because: Text | None = Field(None, description="Default: the table's because")
    reason: Text | None = Field(None, description="This row's finding in the case's words, "
                                                  "with {fact.id} placeholders")
    source: str | list[RefId] | None = Field(None, description="Default: the table's source")
    examples: list[ExampleFile] = Field([], description="Given answers and the conclusions "
                                                    "expected (`advisor rules test`)")


class TableFile(Strict):
    """A decision table: compiled to one ordinary rule per row (docs/rule-language.md)."""

    id: RuleId
    title: Text
    dimension: Id | None = Field(None, description="Defaults to the file's dimension")
    hit: Literal["unique", "first", "priority", "collect"] = Field(
        description="unique: rows never overlap (lint checks gaps and overlaps); first: the "
                    "first matching row only; priority: every matching row, the merge of a "
                    "level fact keeps the winner; collect: every matching row")
    inputs: list[Id] = Field(description="The facts the columns test, left to right")
    outputs: list[Id] = Field(description="Derived facts to set or recommendation ids")
    because: Text | None = Field(None, description="Why the rows' conclusions follow, for "
                                                   "rows without their own")
    source: str | list[RefId] | None = Field(None, description="What the rows rest on, for "
                                                               "rows without their own")
    rows: list[TableRowFile] = Field(description="The rows, top to bottom")
