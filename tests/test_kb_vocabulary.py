"""A knowledge base of any domain speaks its own words: its report title and headings come
from kb.yaml, sections it has no use for are left out, and fields that mean nothing in it
(a priority scale without recommendations, dimensions, sources) are not demanded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.authoring.lint import lint_dirs
from advisor.errors import SourceError
from advisor.load.builder import load_kb
from tests.conftest import FIXTURES, run_cli

ANIMALS = FIXTURES / "animals"
TIGER = "case: Tiger at the zoo\nanswers: {has_hair: yes, eats_meat: yes, tawny: yes, " \
        "black_stripes: yes, dark_spots: no}\n"
NOTHING = "case: A shadow\nanswers: {has_hair: no}\n"


@pytest.fixture
def animals(tmp_path: Path) -> Path:
    kb = tmp_path / "animals"
    shutil.copytree(ANIMALS, kb)
    (tmp_path / "tiger.yaml").write_text(TIGER)
    (tmp_path / "nothing.yaml").write_text(NOTHING)
    return kb


def _assess(kb: Path, case: Path, *extra: str) -> str:
    r = run_cli("assess", str(case), "--no-shipped", "--kb", str(kb), *extra)
    assert r.code == 0, r.out + r.err
    return r.out


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_report_carries_the_knowledge_base_title_and_no_empty_sections(animals, fmt):
    out = _assess(animals, animals.parent / "tiger.yaml", "--format", fmt, "--full")
    assert "Animal identification" in out and "tiger" in out
    for foreign in ("Change assessment", "Findings", "All recommendations", "No findings",
                    "No recommendations", "Warning signs", "recommendations, findings"):
        assert foreign not in out, foreign
    # identified: no rule left waiting can tell the reader anything more
    assert "Still open" not in out and "Provisional" not in out


def test_chinese_report_has_its_own_words(animals):
    out = _assess(animals, animals.parent / "nothing.yaml", "--format", "md", "--lang", "zh")
    assert out.startswith("# 动物识别结果") and "未能识别" in out and "## 尚待确认" in out
    assert "变革" not in out


def test_verdict_without_a_value_says_not_determined_in_the_knowledge_base_words(animals):
    out = _assess(animals, animals.parent / "nothing.yaml")
    assert "Animal: not identified" in " ".join(out.split())
    assert "The whole report, with the reasoning: --full" in " ".join(out.split())


def test_neutral_words_when_the_knowledge_base_has_none(animals):
    kb_file = animals / "kb.yaml"
    text = kb_file.read_text()
    kb_file.write_text(text[:text.index("  report:")] + text[text.index("dimensions:"):])
    out = _assess(animals, animals.parent / "nothing.yaml", "--format", "md")
    assert out.startswith("# Assessment\n") and "**not determined**" in out
    zh = _assess(animals, animals.parent / "nothing.yaml", "--format", "md", "--lang", "zh")
    assert zh.startswith("# 评估报告\n") and "尚未确定" in zh


def test_recommendations_without_a_priority_scale_are_an_error_at_the_recommendation(animals):
    (animals / "advice.yaml").write_text(
        "recommendations:\n  - id: look_again\n    priority: low\n    dimension: looks\n"
        "    title: {en: Look again, zh: 再看看}\n    action: {en: Look again., zh: 再看看。}\n")
    with pytest.raises(SourceError) as err:
        load_kb([animals])
    found = [p for p in err.value.problems if "priority scale" in p.message]
    assert found and found[0].path.endswith("advice.yaml") and found[0].line == 2
    assert "priority_scale" in found[0].hint


def test_a_knowledge_base_without_dimensions_has_one_general_section(animals):
    kb_file = animals / "kb.yaml"
    text = kb_file.read_text()
    kb_file.write_text(text[:text.index("dimensions:")])
    for name in ("facts.yaml", "derived.yaml", "rules.yaml"):
        path = animals / name
        path.write_text("\n".join(line for line in path.read_text().splitlines()
                                  if not line.startswith("dimension:"))
                        .replace(", dimension: habits", "") + "\n")
    kb = load_kb([animals])
    assert [d.id for d in kb.dimensions] == ["general"]
    assert {f.dimension for f in kb.facts.values()} == {"general"}
    out = _assess(animals, animals.parent / "tiger.yaml", "--format", "md", "--full")
    assert "*General*" in out and "tiger" in out
    assert "总体" in _assess(animals, animals.parent / "tiger.yaml", "--format", "md",
                             "--full", "--lang", "zh")


def test_a_because_that_only_restates_its_rule_is_warned(animals):
    (animals / "more.yaml").write_text(
        "dimension: looks\n"
        "facts:\n  - {id: chews_cud, type: bool, label: {en: Chews cud, zh: 反刍}, "
        "question: {prompt: {en: Does it chew the cud?, zh: 反刍吗？}}}\n"
        "rules:\n  - id: Z99\n    title: {en: Cud chewers, zh: 反刍动物}\n"
        "    when: mammal and chews_cud\n    then: {set: {ungulate: yes}}\n"
        "    because: {en: If mammal and chews cud then ungulate.,"
        " zh: 哺乳动物且反刍则为有蹄动物。}\n"
        "  - id: Z98\n    title: {en: Cud chewers again, zh: 又一条反刍规则}\n"
        "    when: mammal and chews_cud\n    then: {set: {ungulate: yes}}\n"
        "    because: {en: Chewing the cud needs the grinding teeth only hoofed grazers have.,"
        " zh: 反刍需要只有食草有蹄动物才有的研磨型牙齿。}\n")
    problems = [p for p in lint_dirs([animals])[1] if p.code == "weak-because"]
    said = {(p.message.split(":")[0], p.message.split(" ")[3]) for p in problems}
    assert ("rule Z99", "en") in said and ("rule Z99", "zh") in said
    assert not any(m.startswith("rule Z98") for m, _ in said)
    # neither rule names a source: that is a note, never an error
    assert {p.message for p in lint_dirs([animals])[1] if p.code == "no-source"} == {
        "rule Z99 cites no source", "rule Z98 cites no source"}
