"""JSON Schemas: generated from the file models, committed for editors, and true to them."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from advisor.load.json_schemas import SCHEMA_FILES, json_schemas
from tests.conftest import ROOT

SCHEMAS = json_schemas()


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_committed_schemas_are_current(name):
    path = ROOT / "schemas" / SCHEMA_FILES[name][0]
    assert json.loads(path.read_text()) == SCHEMAS[name], \
        "regenerate with: advisor schema --out schemas"


def shipped_files():
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        yield path, "rules"
    for path in sorted((ROOT / "knowledge").rglob("*.yaml")):
        yield path, "answers" if "cases" in path.parts else "knowledge"


@pytest.mark.parametrize("path,kind", list(shipped_files()),
                         ids=[p.name for p, _ in shipped_files()])
def test_shipped_files_point_editors_at_their_schema_and_validate(path, kind):
    text = path.read_text()
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_path = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema_path.name == SCHEMA_FILES[kind][0] and schema_path.exists()
    jsonschema.validate(yaml.safe_load(text), SCHEMAS[kind])


def test_schema_catches_what_the_loader_catches():
    bad = {"rules": [{"id": "X", "title": {"en": "t"}, "when": {"alll": []},
                      "then": {"set": {}}, "because": {"en": "b"}, "source": "s"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMAS["rules"])


def test_assessment_json_matches_its_schema():
    from advisor.load.answers import load_answers
    from advisor.load.builder import load_kb
    from advisor.load.paths import shipped_dirs
    from advisor.reason.engine import Engine

    kb = load_kb([shipped_dirs()])
    path = sorted((ROOT / "knowledge" / "cases").glob("c8_*.yaml"))[0]
    data = json.loads(Engine(kb).assess(load_answers(path, kb)).to_json())
    jsonschema.validate(data, SCHEMAS["assessment"])
    assert data["schema_version"] == 4
