"""The interview's logic, driven by a scripted asker (no terminal)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.interview import session as sessions
from advisor.interview.flow import DONT_KNOW, SAVE_AND_EXIT, Interview, Reply
from advisor.interview.planner import Planner, State


class Script:
    """An asker that replies from a dict of answers (or command lists) and records calls."""

    def __init__(self, replies: dict[str, Any], review: list[str | None] | None = None,
                 skip: tuple[str, ...] = ()):
        self.replies = {k: list(v) if isinstance(v, list) and v and isinstance(v[0], Reply)
                        else [v] for k, v in replies.items()}
        self.asked: list[str] = []
        self.explained: list[str] = []
        self.sections: list[int] = []
        self.reviews = list(review or [None])
        self.progress = []
        self.skip, self.overview, self.rows = skip, None, []

    def opening(self, overview):
        self.overview = overview

    def section(self, progress, questions, can_skip):
        self.sections.append(progress.section)
        return can_skip and progress.dimension in self.skip

    def ask(self, fact, progress, current, can_go_back):
        self.asked.append(fact.id)
        self.progress.append(progress)
        queue = self.replies.get(fact.id)
        if not queue:
            return Reply("dont_know")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return reply if isinstance(reply, Reply) else Reply("answer", reply)

    def explain(self, fact, reasons):
        self.explained.append((fact.id, [r.rule.id for r in reasons]))

    def review(self, rows):
        self.rows.append(rows)
        return self.reviews.pop(0) if self.reviews else None


def run(kb, replies, quick=False, review=None, state=None, skip=()):
    saved = []
    asker = Script(replies, review, skip)
    interview = Interview(Planner(kb, quick), state or State(), asker,
                          lambda s: saved.append(dict(s.answers)))
    interview.run()
    return interview.state, asker, saved


def test_asks_only_what_can_still_matter(mini_kb):
    # plan.kind is asked only when there is a pilot (ask_if) - and no rule reads it at all
    st, asker, _ = run(mini_kb, {"plan.pilot": True, "plan.size": 5, "plan.maturity": "low",
                                 "people.groups": ["staff"]})
    assert "plan.kind" not in asker.asked
    # free text is the consultant's notes: always asked in full mode, never in quick mode
    assert asker.asked == ["plan.pilot", "plan.size", "people.groups", "people.note"]
    # plan.maturity only matters through R4 (maturity < mid and flag.big); with 5 people
    # flag.big cannot be set, so the question is skipped
    assert "plan.maturity" not in st.answers


def test_a_big_change_pulls_the_maturity_question_in(mini_kb):
    _, asker, _ = run(mini_kb, {"plan.pilot": False, "plan.size": 500, "plan.maturity": "low",
                                "people.groups": ["public"]})
    assert "plan.maturity" in asker.asked


def test_saves_after_every_answer(mini_kb):
    st, asker, saved = run(mini_kb, {"plan.pilot": False, "plan.size": 500,
                                     "plan.maturity": "low", "people.groups": ["public"]})
    assert len(saved) == len(asker.asked)
    assert saved[-1] == st.answers


def test_dont_know_leaves_the_fact_unknown(mini_kb):
    st, _, _ = run(mini_kb, {"plan.pilot": Reply("dont_know"), "plan.size": 50,
                             "people.groups": ["staff"]})
    assert "plan.pilot" in st.dont_know and "plan.pilot" not in st.answers


def test_why_lists_the_live_rules_then_asks_again(mini_kb):
    _, asker, _ = run(mini_kb, {"plan.pilot": [Reply("why"), Reply("answer", True)],
                                "plan.size": 5, "people.groups": ["staff"]})
    fact, rules = asker.explained[0]
    assert fact == "plan.pilot" and {"R2", "R3", "R10", "R11"} <= set(rules)
    assert asker.asked[:2] == ["plan.pilot", "plan.pilot"]


def test_back_returns_to_the_previous_question(mini_kb):
    replies = {"plan.pilot": [Reply("answer", True), Reply("answer", False)],
               "plan.size": [Reply("back"), Reply("answer", 500)],
               "plan.maturity": "high", "people.groups": ["staff"]}
    st, asker, _ = run(mini_kb, replies)
    assert asker.asked[:4] == ["plan.pilot", "plan.size", "plan.pilot", "plan.size"]
    assert st.answers["plan.pilot"] is False


def test_review_change_drops_answers_that_no_longer_apply(mini_kb):
    # answering yes to the pilot question makes plan.kind askable; changing it to no in the
    # review drops the plan.kind answer
    planner = Planner(mini_kb)
    state = State({"plan.pilot": True, "plan.kind": "a"}, set(), ["plan.pilot", "plan.kind"])
    state.answers["plan.pilot"] = False
    assert planner.irrelevant_answers(state) == ["plan.kind"]
    st, asker, _ = run(mini_kb, {"plan.pilot": [Reply("answer", True), Reply("answer", False)],
                                 "plan.size": 500, "plan.maturity": "high",
                                 "people.groups": ["staff"]},
                       review=["plan.pilot", None])
    assert st.answers["plan.pilot"] is False
    assert asker.asked.count("plan.pilot") == 2  # asked again from the review
    assert "plan.maturity" in st.answers  # newly relevant after the change: asked


def test_progress_counts_sections_and_remaining(mini_kb):
    _, asker, _ = run(mini_kb, {"plan.pilot": False, "plan.size": 500, "plan.maturity": "low",
                                "people.groups": ["public"]})
    first, last = asker.progress[0], asker.progress[-1]
    assert (first.section, first.sections, first.number) == (1, 2, 1)
    assert first.remaining >= 2 and last.remaining == 0
    assert asker.sections == [1, 2]


def test_quick_mode_keeps_core_and_followups(mini_kb):
    _, asker, _ = run(mini_kb, {"plan.pilot": False, "plan.size": 500}, quick=True)
    assert asker.asked == ["plan.pilot"]


@pytest.mark.parametrize("quick", [False, True])
def test_resuming_continues_where_it_stopped(mini_kb, quick):
    state = State({"plan.pilot": False}, set(), ["plan.pilot"])
    _, asker, _ = run(mini_kb, {"plan.size": 5, "people.groups": ["staff"]}, quick=quick,
                      state=state)
    assert "plan.pilot" not in asker.asked


def test_back_keeps_the_confirmed_answer_saved_until_it_is_replaced(mini_kb):
    # going back re-asks the previous question; its answer stays in the saved file (a kill
    # at that moment must lose nothing) until the user gives a new one
    replies = {"plan.pilot": [Reply("answer", True), Reply("back"), Reply("answer", False)],
               "plan.size": [Reply("back"), Reply("answer", 500)],
               "plan.maturity": "high", "people.groups": ["staff"]}
    st, asker, saved = run(mini_kb, replies)
    # pilot, size (back), pilot (back: nothing earlier, asked again), pilot, size ...
    assert asker.asked[:5] == ["plan.pilot", "plan.size", "plan.pilot", "plan.pilot",
                               "plan.size"]
    assert all(s.get("plan.pilot") is not None for s in saved)  # never removed on disk
    assert saved[1]["plan.pilot"] is False  # replaced only when the new answer came
    assert st.answers["plan.pilot"] is False


def test_back_walks_further_than_one_step(mini_kb):
    replies = {"plan.pilot": [Reply("answer", False), Reply("answer", True)],
               "plan.size": [Reply("answer", 500), Reply("back"), Reply("answer", 500)],
               "plan.maturity": [Reply("back"), Reply("answer", "high")],
               "people.groups": ["staff"]}
    st, asker, _ = run(mini_kb, replies)
    assert asker.asked[:4] == ["plan.pilot", "plan.size", "plan.maturity", "plan.size"]
    assert asker.asked[4] == "plan.pilot"
    assert st.answers["plan.pilot"] is True


def test_a_dont_know_answer_is_offered_again_as_dont_know(mini_kb):
    # changing a "don't know" from the review preselects "don't know", not the first choice
    seen = []

    class Remember(Script):
        def ask(self, fact, progress, current, can_go_back):
            seen.append((fact.id, current))
            return super().ask(fact, progress, current, can_go_back)

    asker = Remember({"plan.pilot": Reply("dont_know"), "plan.size": 5,
                      "people.groups": ["staff"]}, review=["plan.pilot", None])
    Interview(Planner(mini_kb), State(), asker, lambda s: None).run()
    assert seen.count(("plan.pilot", DONT_KNOW)) == 1


ANSWERS = {"plan.pilot": False, "plan.size": 500, "plan.maturity": "low",
           "people.groups": ["staff"], "people.note": "ok"}


def test_the_opening_counts_what_full_and_quick_may_ask(mini_kb):
    _, asker, _ = run(mini_kb, ANSWERS)
    overview = asker.overview
    assert [d for d, _ in overview.sections] == ["plan", "people"]
    assert overview.quick <= overview.full == sum(n for _, n in overview.sections)
    assert overview.answered == 0


def test_a_skipped_section_is_not_asked_and_stays_open(mini_kb):
    st, asker, _ = run(mini_kb, ANSWERS, skip=("people",))
    assert not [f for f in asker.asked if f.startswith("people.")]
    assert st.skipped_sections == {"people"}
    # its questions are unknown, not "not applicable": the review offers them to add
    assert not [f for f in Planner(mini_kb).skipped(st) if f.startswith("people.")]
    offered = {r.fact.id: r for r in asker.rows[0]}
    assert not offered["people.groups"].asked and offered["people.groups"].skipped_section


def test_the_review_adds_a_question_that_was_not_asked(mini_kb):
    st, asker, _ = run(mini_kb, ANSWERS, skip=("people",), review=["people.groups", None])
    assert st.answers["people.groups"] == ["staff"]
    assert asker.asked[-1] == "people.groups"


def test_back_from_a_review_edit_changes_nothing(mini_kb):
    replies = {**ANSWERS, "plan.pilot": [Reply("answer", False), Reply("back")]}
    st, asker, saved = run(mini_kb, replies, review=["plan.pilot", None])
    assert st.answers["plan.pilot"] is False
    assert asker.asked.count("plan.pilot") == 2 and asker.progress[-1].editing
    assert len(saved) == len([f for f in asker.asked if f != "plan.pilot"]) + 1


def test_save_and_exit_ends_without_finishing(mini_kb):
    asker = Script(ANSWERS, [SAVE_AND_EXIT])
    assert Interview(Planner(mini_kb), State(), asker, lambda s: None).run() is False
    assert Interview(Planner(mini_kb), State(), Script(ANSWERS), lambda s: None).run() is True


def test_a_source_note_is_kept_with_its_answer(mini_kb):
    replies = {**ANSWERS, "plan.size": [Reply("source", " project charter v2 "),
                                        Reply("answer", 500)]}
    st, asker, _ = run(mini_kb, replies)
    assert st.sources == {"plan.size": "project charter v2"}
    assert st.answers["plan.size"] == 500 and asker.asked.count("plan.size") == 2


def test_a_session_keeps_notes_sources_and_skipped_sections(tmp_path, mini_kb):
    sess = sessions.new(tmp_path / "s.yaml", "Case", "en", False, mini_kb)
    sess.state = State({"plan.pilot": False}, {"plan.size"}, ["plan.pilot", "plan.size"],
                       {"people"}, {"plan.pilot": "deputy director, 3 Dec", "plan.kind": "x"})
    sess.sources = ("National Audit Office report",)
    sess.save(mini_kb)
    again, _ = sessions.resume(tmp_path / "s.yaml", mini_kb)
    assert again.state.skipped_sections == {"people"}
    # a note on a question with no answer is not written
    assert again.state.sources == {"plan.pilot": "deputy director, 3 Dec"}
    assert again.sources == ("National Audit Office report",)
