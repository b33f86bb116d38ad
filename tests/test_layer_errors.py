"""Problems a user layer causes in earlier (shipped) files name the layer item that caused
them, once per cause (issue #16, part 5): advisor/load/layer_blame.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.errors import Problem, SourceError
from advisor.load import builder
from advisor.load.layer_blame import Override, blame_layers
from advisor.load.paths import shipped_dirs
from advisor.load.sources import collect
from advisor.model import Origin
from tests.conftest import MINI

PLACEHOLDER_SCALE = """\
# my layer: a scale with placeholder values
scales:
  - id: risk
    values:
      - {id: a, label: {en: a, zh: 甲}}
      - {id: b, label: {en: b, zh: 乙}}
"""

TEXT_SIZE = """\
dimension: plan
facts:
  - id: plan.size
    type: text
    label: {en: Size, zh: 规模}
    question:
      prompt: {en: Size?, zh: 规模?}
"""


def _layer(tmp: Path, name: str, text: str) -> Path:
    folder = tmp / name
    folder.mkdir()
    (folder / "kb.yaml").write_text(text, encoding="utf-8")
    return folder


def _problems(layers: list) -> list[Problem]:
    with pytest.raises(SourceError) as info:
        builder.load_kb(layers)
    return info.value.problems


def test_a_replaced_shipped_scale_is_one_message_at_the_layer(tmp_path):
    layer = _layer(tmp_path, "mine", PLACEHOLDER_SCALE)
    problems = _problems([shipped_dirs(), layer])
    # without the tracing, every use of the old values is an error in a shipped file
    _, tables = builder._build(collect([shipped_dirs(), layer]))
    raw = [p for p in tables.ctx.problems if p.severity == "error"]
    assert len(raw) > 10 and all(p.path.startswith(("knowledge/", "rules/")) for p in raw)
    assert len(problems) == 1
    (p,) = problems
    assert (p.path, p.line, p.col) == (str(layer / "kb.yaml"), 3, 5)
    assert p.message.startswith("scale 'risk' replaces the one at knowledge/kb.yaml:")
    assert f"{len(raw)} problems follow in the shipped files" in p.message
    first = min(raw, key=Problem.sort_key)
    assert f"the first: {first.path}:{first.line}:{first.col}: {first.message}" in p.message
    assert "(low, medium, high, critical)" in p.hint and f"and {len(raw) - 4} more" in p.hint


def test_each_cause_gets_its_own_message_and_a_genuine_mistake_stays_where_it_is(tmp_path):
    mini = tmp_path / "mini"
    shutil.copytree(MINI, mini, ignore=shutil.ignore_patterns("cases"))
    rules = mini / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "when: risk.delivery == critical", "when: risk.delivery == critcal"), encoding="utf-8")
    own = [p for p in _problems([mini]) if p.severity == "error"]
    assert len(own) == 1 and "critcal" in own[0].message
    scale = _layer(tmp_path, "scale", PLACEHOLDER_SCALE)
    fact = _layer(tmp_path, "fact", TEXT_SIZE)
    problems = _problems([mini, scale, fact])
    roots = sorted(p.message.split(" replaces")[0] for p in problems if p.code == "root-cause")
    assert roots == ["fact 'plan.size'", "scale 'risk'"]
    # the typo is the earlier file's own: reported where it is, not blamed on the scale
    # (its hint now lists the new scale's values)
    def where(p: Problem) -> tuple:
        return (p.path, p.line, p.col, p.message, p.code)

    assert where(own[0]) in {where(p) for p in problems}
    assert len(problems) == 3


def test_a_problem_no_single_replacement_explains_names_every_candidate():
    def origin(path: str, layer: int) -> Origin:
        return Origin(path, 2, 3, layer)

    overrides = [Override("scale", "risk", origin("mine/kb.yaml", 1), origin("kb.yaml", 0),
                          frozenset({"risk"})),
                 Override("fact", "x", origin("mine/f.yaml", 1), origin("f.yaml", 0),
                          frozenset({"x"}))]
    vague = Problem("rules.yaml", 9, 1, "the rules form a cycle")
    own = Problem("rules.yaml", 4, 1, "unknown fact 'y'")
    out = blame_layers([vague, own], overrides, {"rules.yaml": 0}, lambda _layer: [own])
    assert own in out and len(out) == 2
    (traced,) = [p for p in out if p != own]
    assert (traced.path, traced.line, traced.message) == ("rules.yaml", 9, vague.message)
    assert "scale 'risk' at mine/kb.yaml:2:3; fact 'x' at mine/f.yaml:2:3" in traced.hint
    # a problem naming one of them goes to that one, at the layer item
    named = Problem("rules.yaml", 5, 1, "'q' is not a choice of 'x'")
    (root,) = blame_layers([named], overrides, {"rules.yaml": 0}, lambda _layer: [])
    assert (root.path, root.code) == ("mine/f.yaml", "root-cause")
    assert "a problem follows in the files of an earlier layer" in root.message


def test_lint_and_assess_say_it_once(tmp_path, cli):
    layer = _layer(tmp_path, "mine", PLACEHOLDER_SCALE)
    case = "knowledge/cases/c1_city_one_stop_big_bang.yaml"
    for code, args in ((1, ("rules", "lint", "--kb", str(layer))),  # lint: 1 on errors
                       (2, ("assess", case, "--kb", str(layer)))):
        r = cli(*args)
        assert r.code == code and "Traceback" not in r.err
        text = r.out + r.err
        errors = [line for line in text.splitlines() if ": error: " in line]
        assert len(errors) == 1, text
        assert errors[0].startswith(f"{layer / 'kb.yaml'}:3:5: error: scale 'risk' replaces")
