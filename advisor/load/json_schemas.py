"""JSON Schemas (draft 2020-12) of the files authors write and of the Assessment JSON."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from ..model.assessment import Assessment
from . import answers_format
from .schema import KnowledgeFile, RulesFile

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
    models: dict[str, Any] = {"knowledge": KnowledgeFile.model_json_schema(),
                              "rules": RulesFile.model_json_schema(),
                              "answers": answers_format.json_schema(),
                              "assessment": TypeAdapter(Assessment).json_schema()}
    out = {}
    for name, schema in models.items():
        if name in ("knowledge", "rules"):
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
