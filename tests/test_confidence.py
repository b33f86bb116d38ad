"""Answer confidence: the answers file's levels, weakest-link propagation with the best of
alternative derivations, the "answers to verify first" list, its reports and the interview's
"not sure" key."""

from __future__ import annotations

import dataclasses
import json

import pytest

from advisor.errors import SourceError
from advisor.load.answers import Answers, load_answers, save_answers
from advisor.load.builder import load_kb
from advisor.model.assessment import Assessment
from advisor.model.confidence import strongest, unconfirmed, weakest
from advisor.reason import confidence
from advisor.reason.engine import Engine
from tests.conftest import MINI

EXTRA = """dimension: plan
rules:
  - id: R12
    title: {en: Kind a is big, zh: 甲类规模大}
    when: plan.kind == a
    then: {set: {flag.big: yes}}
    because: {en: Kind a is always big., zh: 甲类总是规模大。}
    source: test
"""


@pytest.fixture(scope="module")
def two_ways(tmp_path_factory):
    """The mini knowledge base plus a second rule that concludes `flag.big`."""
    extra = tmp_path_factory.mktemp("extra")
    (extra / "more_rules.yaml").write_text(EXTRA)
    return load_kb([MINI, extra])


def _assess(kb, values, levels, dont_know=()):
    return Engine(kb).assess(Answers("c", values, tuple(dont_know), "en",
                                     answer_confidence=levels), "en")


def test_the_scale_orders_its_levels():
    assert weakest(["confirmed", "assumed", "stated"]) == "assumed"
    assert strongest(["assumed", None, "stated"]) == "stated"
    assert weakest([]) is None and strongest([None]) is None
    assert unconfirmed("assumed") and not unconfirmed("stated") and not unconfirmed(None)


def test_a_chain_is_as_sure_as_its_weakest_answer(mini_kb):
    # R1 (plan.size) -> flag.big; R2 (flag.big, plan.pilot) -> risk.delivery high
    a = _assess(mini_kb, {"plan.size": 500, "plan.pilot": False},
                {"plan.size": "confirmed", "plan.pilot": "assumed"})
    assert a.derived["flag.big"].confidence == "confirmed"
    assert a.derived["risk.delivery"].confidence == "assumed"  # through flag.big and pilot
    assert a.derived["flag.no_pilot_answered"].confidence == "assumed"
    unmarked = _assess(mini_kb, {"plan.size": 500, "plan.pilot": False}, {})
    assert {c.confidence for c in unmarked.derived.values() if not c.assumed} == {"stated"}


def test_the_best_of_alternative_derivations_wins(two_ways):
    values = {"plan.size": 500, "plan.kind": "a", "plan.pilot": False}
    one_sure = _assess(two_ways, values, {"plan.size": "assumed", "plan.kind": "confirmed"})
    assert {p.rule for p in one_sure.derived["flag.big"].supports} == {"R1", "R12"}
    assert one_sure.derived["flag.big"].confidence == "confirmed"
    # the stronger derivation carries on down the chain: R2 reads flag.big and plan.pilot
    assert one_sure.derived["risk.delivery"].confidence == "stated"
    both_weak = _assess(two_ways, values, {"plan.size": "assumed", "plan.kind": "assumed"})
    assert both_weak.derived["flag.big"].confidence == "assumed"
    support = confidence.unconfirmed_support(two_ways, both_weak)
    assert support["flag.big"] == {"plan.size", "plan.kind"}  # either must be verified


def test_a_default_and_a_dont_know_carry_no_level(mini_kb):
    a = _assess(mini_kb, {"plan.size": 5}, {"plan.size": "assumed"}, dont_know=["plan.pilot"])
    defaulted = [c for c in a.derived.values() if c.assumed]
    assert defaulted and all(c.confidence is None for c in defaulted)
    # R11 fired on an unknown pilot: it read no answer
    assert a.derived["flag.not_yes"].confidence is None
    assert next(r for r in a.recommendations if r.id == "rec.talk").confidence is None


def test_recommendations_and_the_ranked_list(mini_kb):
    a = _assess(mini_kb, {"plan.size": 500, "plan.pilot": False, "plan.maturity": "low"},
                {"plan.maturity": "assumed", "plan.pilot": "assumed"})
    # R4 (maturity, flag.big) -> delivery critical -> overall critical -> rec.pilot (R9)
    assert a.derived["risk.overall"].confidence == "assumed"
    assert next(r for r in a.recommendations if r.id == "rec.pilot").confidence == "assumed"
    ranked = confidence.to_verify(mini_kb, a)
    # three key conclusions each: a tie, in the order of the questions (pilot is first)
    assert [(v.answer, v.weight) for v in ranked] == [("plan.pilot", 3), ("plan.maturity", 3)]
    assert ranked[0].facts == ("flag.no_pilot_answered", "flag.not_yes")
    assert ranked[0].recommendations == ("rec.talk",)
    assert ranked[1].facts == ("risk.delivery", "risk.overall")  # R2 (pilot) lost to R4
    assert ranked[1].recommendations == ("rec.pilot",)
    sure = _assess(mini_kb, {"plan.size": 500, "plan.pilot": False, "plan.maturity": "low"},
                   {"plan.maturity": "assumed", "plan.pilot": "assumed", "plan.size": "assumed"})
    assert confidence.to_verify(mini_kb, sure)[0].answer == "plan.size"  # under flag.big too


def test_the_assessment_json_carries_the_levels(mini_kb):
    a = _assess(mini_kb, {"plan.size": 500, "plan.pilot": False}, {"plan.pilot": "assumed"})
    data = json.loads(a.to_json())
    assert data["schema_version"] == 4
    assert data["answer_confidence"] == {"plan.pilot": "assumed"}
    assert data["derived"]["risk.delivery"]["confidence"] == "assumed"
    assert Assessment.from_json(a.to_json()).to_json() == a.to_json()
    for c in data["derived"].values():
        del c["confidence"]
    del data["answer_confidence"]
    old = Assessment.from_dict({**data, "schema_version": 3})  # a version 3 reader's file
    assert old.answer_confidence == {} and old.derived["risk.delivery"].confidence is None


# --------------------------------------------------------------------------- the file

def _write(tmp_path, text):
    f = tmp_path / "case.yaml"
    f.write_text(text)
    return f


def test_the_file_round_trips_with_the_version_that_reads_it(tmp_path, mini_kb):
    answers = Answers("Round trip", {"plan.size": 3, "plan.pilot": False}, ("plan.kind",),
                      answer_confidence={"plan.size": "assumed", "plan.pilot": "confirmed"})
    f = tmp_path / "out.yaml"
    save_answers(f, answers, mini_kb)
    text = f.read_text()
    assert text.startswith("schema_version: 3\ncase: Round trip\n")
    block = text[text.index("answer_confidence:"):]
    assert block.index("plan.pilot") < block.index("plan.size")  # the knowledge base's order
    assert load_answers(f, mini_kb).answer_confidence == answers.answer_confidence
    plain = tmp_path / "plain.yaml"
    save_answers(plain, Answers("x", {"plan.size": 3}), mini_kb)
    assert "schema_version" not in plain.read_text()


def test_bad_levels_are_located_with_a_did_you_mean(tmp_path, mini_kb):
    f = _write(tmp_path, "case: x\nanswers:\n  plan.size: 3\n  plan.pilot: no\n"
                         "  plan.kind: a\nanswer_confidence:\n  plan.sise: assumed\n"
                         "  plan.size: asumed\n  plan.pilot: 3\n  risk.overall: assumed\n")
    with pytest.raises(SourceError) as info:
        load_answers(f, mini_kb)
    found = {(p.line, p.col): (p.message, p.hint) for p in info.value.problems}
    assert found[(7, 3)][0] == "answer_confidence: no question has the id 'plan.sise'"
    assert "plan.size" in found[(7, 3)][1]
    assert found[(8, 14)] == ("the confidence of 'plan.size' is 'asumed', which is not a "
                              "level", "did you mean 'assumed'?")
    assert found[(9, 15)][0] == "the confidence of 'plan.pilot' should be a word, not a number"
    assert "concluded by the rules" in found[(10, 3)][0]
    assert len(found) == 4


def test_a_level_without_an_answer_is_a_warning(tmp_path, mini_kb):
    f = _write(tmp_path, "case: x\nlanguage: en\nanswers:\n  plan.size: 3\n"
                         "dont_know: [plan.pilot]\n"
                         "answer_confidence:\n  plan.size: assumed\n  plan.pilot: assumed\n")
    answers = load_answers(f, mini_kb)
    assert answers.answer_confidence == {"plan.size": "assumed"}
    (w,) = answers.warnings
    assert (w.severity, w.line, w.col) == ("warning", 8, 3)
    assert "(plan.pilot) has a confidence but no answer" in w.message


def test_a_changed_answer_loses_its_level(mini_kb):
    answers = Answers("x", {"plan.size": 3}, answer_confidence={"plan.size": "assumed"})
    assert answers.with_changes({"plan.size": 4}).answer_confidence == {}


# --------------------------------------------------------------------------- reports

@pytest.fixture(scope="module")
def shipped():
    from advisor.load.paths import shipped_dirs

    return load_kb([shipped_dirs()])


def _c3(kb):
    from advisor.load.paths import shipped_cases

    return load_answers(sorted(shipped_cases().glob("c3_*.yaml"))[0], kb)


def test_the_shipped_case_ranks_its_assumed_answers(shipped):
    answers = _c3(shipped)
    assert set(answers.answer_confidence.values()) == {"assumed", "confirmed"}
    a = Engine(shipped).assess(answers)
    ranked = confidence.to_verify(shipped, a)
    assumed = {f for f, lv in answers.answer_confidence.items() if lv == "assumed"}
    assert {v.answer for v in ranked} == assumed  # confirmed answers are not listed
    assert [v.weight for v in ranked] == sorted((v.weight for v in ranked), reverse=True)
    by = {v.answer: v for v in ranked}
    # the staff count sizes the change, which the management risk reads: it holds up more
    assert ranked[0].answer == "scope.staff_affected"
    assert {"change.size", "risk.management"} <= set(by["scope.staff_affected"].facts)
    assert "rec.secure_sponsor" in by["stakeholders.sponsor"].recommendations
    # the verdict rests on both, and is marked
    assert all("risk.overall" in v.facts for v in ranked)
    # verifying the sponsor (confirming it) removes it and what rests on it alone
    sure = dataclasses.replace(answers, answer_confidence={
        **answers.answer_confidence, "stakeholders.sponsor": "confirmed"})
    again = confidence.to_verify(shipped, Engine(shipped).assess(sure))
    assert [v.answer for v in again] == ["scope.staff_affected"]
    assert "rec.secure_sponsor" not in again[0].recommendations


def _report(kb, answers, lang):
    from advisor.report.view import build

    return build(Engine(kb).assess(answers), kb, lang)


def test_markdown_marks_what_rests_on_an_assumed_answer(shipped):
    from advisor.report import markdown

    answers = _c3(shipped)
    report = _report(shipped, answers, "en")
    text = markdown.render(report)
    marked = [f for f in (*report.verdict, *report.findings, *report.flags) if f.to_verify]
    marked += [r for r in report.recommendations if r.to_verify]
    support = confidence.unconfirmed_support(shipped, Engine(shipped).assess(answers))
    assert {getattr(m, "fact", None) or getattr(m, "id", None) for m in marked} <= set(support)
    # every marked conclusion carries the mark once in the body, the top actions again
    assert text.count("(to verify)") >= len(marked)
    section = text[text.index("## Answers to verify first"):text.index("## Readiness")]
    assert "Conclusions marked “to verify”" in section  # the legend
    assert section.index("About how many staff") < section.index("How is the change led")
    assert "**900 people** (assumed)" in section
    zh = markdown.render(_report(shipped, answers, "zh"))
    assert "## 优先核实的回答" in zh and "（待核实）" in zh and "（推测）" in zh


def test_html_marks_and_lists_them_and_an_unmarked_case_shows_neither(shipped):
    from advisor.load.paths import shipped_cases
    from advisor.report import html

    page = html.render(_report(shipped, _c3(shipped), "en"))
    assert '<section id="to-verify"><h2>Answers to verify first</h2>' in page
    assert '<em class="muted"> (to verify)</em>' in page
    assert page.index('id="to-verify"') < page.index('id="findings"')
    plain = load_answers(sorted(shipped_cases().glob("c1_*.yaml"))[0], shipped)
    assert plain.answer_confidence == {}
    for text in (html.render(_report(shipped, plain, "en")),):
        assert "to-verify" not in text and "to verify" not in text


def test_explain_why_shows_each_answers_confidence(shipped):
    from advisor.load.paths import shipped_cases
    from tests.conftest import run_cli

    case = str(sorted(shipped_cases().glob("c3_*.yaml"))[0])
    r = run_cli("explain", case, "--why", "risk.management", "--lang", "en")
    assert r.code == 0, r.err
    text = " ".join(r.out.split())
    assert "In name only (confidence: assumed)" in text
    assert "Management risk → high (to verify)" in text
    r = run_cli("explain", case, "--why", "rec.secure_sponsor", "--lang", "zh")
    assert "（可信程度：推测）" in "".join(r.out.split())


# --------------------------------------------------------------------------- the interview

def test_ctrl_u_in_every_kind_of_question_asks_for_not_sure(mini_kb):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from advisor.interview.planner import Progress
    from advisor.interview.prompts import QuestionaryAsker

    for fact_id in ("plan.pilot", "plan.maturity", "people.groups", "plan.size"):
        for marked in (False, True):
            shown: list = []
            with create_pipe_input() as inp:
                inp.send_text("\x15")  # Ctrl-U
                asker = QuestionaryAsker(mini_kb, "en",
                                         lambda k, p, shown=shown: shown.append((k, p)),
                                         input=inp, output=DummyOutput())
                progress = Progress(1, 2, "plan", 1, 3, unsure=marked)
                reply = asker.ask(mini_kb.facts[fact_id], progress, None, True)
            assert reply.kind == "unsure"
            assert shown[-1] == ("unsure", not marked)  # what the key did, said at once


def test_not_sure_through_the_scripted_flow_and_the_session(tmp_path, mini_kb):
    from advisor.interview import session as sessions
    from advisor.interview.flow import Reply
    from advisor.interview.planner import State
    from tests.test_interview import ANSWERS, run

    replies = {**ANSWERS, "plan.size": [Reply("unsure"), Reply("answer", 500)],
               "plan.pilot": [Reply("unsure"), Reply("unsure"), Reply("answer", False)]}
    st, asker, _ = run(mini_kb, replies)
    assert st.confidence == {"plan.size": "assumed"}  # twice is on, then off again
    asked = [p for f, p in zip(asker.asked, asker.progress, strict=True) if f == "plan.size"]
    assert [p.unsure for p in asked] == [False, True]  # the question knows its mark
    rows = {r.fact.id: r for r in asker.rows[-1]}
    assert rows["plan.size"].unsure and not rows["plan.pilot"].unsure
    # the session file keeps the mark as the answers file's level, and so does a resume
    sess = sessions.new(tmp_path / "s.yaml", "Case", "en", False, mini_kb)
    sess.state = State(dict(st.answers), {"plan.kind"}, list(st.history),
                       confidence={"plan.size": "assumed", "plan.kind": "assumed"})
    sess.save(mini_kb)
    text = (tmp_path / "s.yaml").read_text()
    assert text.startswith("schema_version: 3\n")
    assert "answer_confidence:\n  plan.size: assumed\n" in text  # not the "don't know"
    again, _ = sessions.resume(tmp_path / "s.yaml", mini_kb)
    assert again.state.confidence == {"plan.size": "assumed"}
    assert load_answers(tmp_path / "s.yaml", mini_kb).answer_confidence == \
        {"plan.size": "assumed"}


def test_the_echo_and_the_review_say_not_sure(mini_kb):
    import io

    from rich.console import Console

    from advisor.interview.flow import ReviewRow
    from advisor.report import screens

    def text(renderable):
        console = Console(width=100, no_color=True, record=True, file=io.StringIO())
        console.print(renderable)
        return console.export_text()

    fact = mini_kb.facts["plan.size"]
    assert "500 people (not sure)" in text(screens.answer(mini_kb, fact, 500, "en", True))
    assert "not sure" not in text(screens.answer(mini_kb, fact, 500, "en"))
    assert "（不确定）" in text(screens.answer(mini_kb, fact, 500, "zh", True))
    row = ReviewRow(fact, 500, False, True, unsure=True)
    assert "(not sure)" in text(screens.review(mini_kb, [row], "en"))


def test_word_lists_them_and_marks_the_verdict(shipped):
    import io

    import docx

    from advisor.report import docx_report

    doc = docx.Document(io.BytesIO(docx_report.render(_report(shipped, _c3(shipped), "en"))))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Overall risk: HIGH (to verify)") for t in texts)
    at = texts.index("Answers to verify first")
    assert texts[at + 2].startswith("1.\tAbout how many staff") and "(assumed)" in texts[at + 2]
    assert "Resting on it: Size of the change: medium" in texts[at + 2]
