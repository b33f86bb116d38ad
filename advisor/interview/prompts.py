"""The interview's prompts: the only module that imports questionary.

`QuestionaryAsker` implements the interview's `Asker`: it shows a question with its help,
returns the user's reply (an answer, "don't know", "why do you ask?" or "back"), and shows
what it is given. It decides nothing. Ctrl-C raises KeyboardInterrupt (questionary's
`unsafe_ask`), so the caller can save and say how to resume.

Every kind of question takes the same keys: Ctrl-D "don't know", Ctrl-Y "why do you ask?",
Ctrl-N a note on where the answer comes from, Ctrl-U "not sure" (on, or off again), Ctrl-B
"back"; the hint line says so. The
question text is printed by the caller (broken into lines at word boundaries and by the
Chinese rules); the prompt below it holds only the choices or the input field, and is erased
when answered, so that every kind of question leaves the same one-line echo of its answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.styles import Style

from .. import lang
from ..i18n import t
from ..lang.values import number_word
from ..model import FactDef, KnowledgeBase
from .flow import DONT_KNOW, SAVE_AND_EXIT, Reply, ReviewRow
from .planner import Overview, Progress, Reason

STYLE = Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("instruction", "fg:ansibrightblack"),
    ("separator", "fg:ansibrightblack"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
])

# Markers for the commands, as choices beside the answers and as the keys' results.
_DONT_KNOW, _WHY, _BACK, _SOURCE = DONT_KNOW, "\x00why", "\x00back", "\x00source"
_UNSURE = "\x00unsure"
KEYS = {"c-d": _DONT_KNOW, "c-y": _WHY, "c-n": _SOURCE, "c-u": _UNSURE, "c-b": _BACK}
_FINISH = "\x00finish"
_SHORT = 56  # characters of a question shown in the review's list (the table shows all)


class QuestionaryAsker:
    """Asks through questionary; shows through `show` (the CLI's console and renderers);
    `describe(fact_id, value)` gives an answer in words (the report's wording)."""

    def __init__(self, kb: KnowledgeBase, lang: str, show: Callable[[str, Any], None],
                 describe: Callable[[str, Any], str] | None = None, **io: Any):
        self.kb, self.lang, self.show = kb, lang, show
        self.describe = describe or (lambda fid, value: str(value))
        self.io = io  # input= / output= for tests (prompt_toolkit pipe input)
        self._reviewed = False
        self._explained: str | None = None  # the question whose "why" was just shown
        self._editing = False  # asked again from the review: "back" returns to it

    # -- the Asker protocol ------------------------------------------------------------
    def opening(self, overview: Overview) -> None:
        self.show("opening", overview)

    def section(self, progress: Progress, questions: int, can_skip: bool) -> bool:
        self.show("section", (progress, questions))
        if not can_skip:
            return False
        choice = self._run(questionary.select(
            t(self.lang, "section_prompt"),
            choices=[questionary.Choice(t(self.lang, "section_start"), value="start"),
                     questionary.Choice(t(self.lang, "section_skip"), value="skip")],
            qmark="»", style=STYLE, instruction=" ", **self.io), commands=False)
        return bool(choice == "skip")

    def ask(self, fact: FactDef, progress: Progress, current: Any, can_go_back: bool) -> Reply:
        if self._explained != fact.id:  # after "why", the question is still on the screen
            self.show("question", (fact, progress))
        self._explained = None
        self._editing = progress.editing
        if fact.type in ("bool", "choice", "level"):
            reply = self._select(fact, current, can_go_back)
        elif fact.type == "multi":
            reply = self._checkbox(fact, current, can_go_back)
        else:
            reply = self._typed(fact, current, can_go_back)
        if reply.kind == "source":
            reply = Reply("source", self.ask_text(t(self.lang, "source_prompt")))
        if reply.kind == "unsure":  # the question stays on the screen, under the new mark
            self.show("unsure", not progress.unsure)
            self._explained = fact.id
        if reply.kind in ("answer", "dont_know"):
            self.show("answer", (fact, reply.value if reply.kind == "answer" else DONT_KNOW,
                                 progress.unsure and reply.kind == "answer"))
        return reply

    def explain(self, fact: FactDef, reasons: list[Reason]) -> None:
        self.show("why", (fact, reasons))
        self._explained = fact.id

    def review(self, rows: list[ReviewRow]) -> str | None:
        """The table of all answers once; then a list to pick from, filtered by typing (a
        number or words), after each change (the change itself was echoed)."""
        if not self._reviewed:
            self.show("review", rows)
            self._reviewed = True
        choices = [questionary.Choice(t(self.lang, "finish"), value=_FINISH),
                   questionary.Choice(t(self.lang, "save_exit"), value=SAVE_AND_EXIT),
                   questionary.Separator()]
        choices += [questionary.Choice(self._row_title(i, row), value=row.fact.id)
                    for i, row in enumerate(rows, 1)]
        which = self._run(questionary.select(
            t(self.lang, "review_choose"), choices=choices, qmark="»", style=STYLE,
            use_search_filter=True, use_jk_keys=False, instruction=t(self.lang, "keys_review"),
            **self.io), commands=False)
        return None if which == _FINISH else str(which)

    def ask_text(self, message: str, default: str = "") -> str:
        """Free text; an empty reply means `default` (shown, not pre-filled)."""
        text = questionary.text(message, style=STYLE, qmark="»",
                                instruction=f"({default})" if default else None,
                                **self.io).unsafe_ask()
        return text.strip() or default

    # -- the prompts ---------------------------------------------------------------------
    def _row_title(self, number: int, row: ReviewRow) -> str:
        q = row.fact.question
        prompt = q.prompt.get(self.lang) if q else row.fact.label.get(self.lang)
        if len(prompt) > _SHORT:
            prompt = prompt[:_SHORT - 1].rstrip() + "…"
        if not row.asked:
            answer = t(self.lang, "not_asked")
        elif row.dont_know:
            answer = t(self.lang, "dont_know_option")
        else:
            answer = self.describe(row.fact.id, row.value)
            if row.unsure:
                mark = t(self.lang, "not_sure")
                answer += f"（{mark}）" if self.lang.startswith("zh") else f" ({mark})"
        return f"{number:>2}. {prompt} — {answer}"

    def _hint(self, keys: str, can_go_back: bool) -> str:
        parts = [t(self.lang, keys), t(self.lang, "keys_commands")]
        if can_go_back:
            parts.append(t(self.lang, "keys_back"))
        return "(" + " · ".join(parts) + ")"

    def _run(self, question: Any, commands: bool = True, can_go_back: bool = False) -> Any:
        """Ask with the command keys bound, and erase the prompt when it is answered."""
        app = question.application
        app.erase_when_done = True
        if commands:
            keys = KeyBindings()
            for key, marker in KEYS.items():
                if marker != _BACK or can_go_back:
                    keys.add(key, eager=True)(_exit_with(marker))
            app.key_bindings = merge_key_bindings([app.key_bindings, keys])
        return question.unsafe_ask()

    def _extras(self, can_go_back: bool, unknown: bool = False,
                editing: bool = False) -> list[Any]:
        extras = [questionary.Separator(),
                  questionary.Choice(t(self.lang, "dont_know_option"), value=_DONT_KNOW,
                                     checked=unknown),
                  questionary.Choice(t(self.lang, "why_option"), value=_WHY)]
        if can_go_back:
            extras.append(questionary.Choice(
                t(self.lang, "back_to_review" if editing else "back_option"), value=_BACK))
        return extras

    def _select(self, fact: FactDef, current: Any, can_go_back: bool) -> Reply:
        if fact.type == "bool":
            choices = [questionary.Choice(t(self.lang, "yes_option"), value=True),
                       questionary.Choice(t(self.lang, "no_option"), value=False)]
        else:
            choices = [questionary.Choice(c.label.get(self.lang), value=c.id,
                                          description=c.help.get(self.lang) or None)
                       for c in fact.choices]
        extras = self._extras(can_go_back, editing=self._editing)
        default = next((c for c in choices + extras if c.value == current
                        and not isinstance(c, questionary.Separator)), None)
        value = self._run(questionary.select(
            "", choices=choices + extras, default=default, style=STYLE, qmark="»",
            instruction=self._hint("keys_select", can_go_back), **self.io),
            can_go_back=can_go_back)
        return _reply(value)

    def _checkbox(self, fact: FactDef, current: Any, can_go_back: bool) -> Reply:
        chosen = set(current) if isinstance(current, (list, tuple, set, frozenset)) else set()
        choices = [questionary.Choice(c.label.get(self.lang), value=c.id,
                                      checked=c.id in chosen,
                                      description=c.help.get(self.lang) or None)
                   for c in fact.choices]

        def validate(values: list[str]) -> bool | str:
            commands = [v for v in values if v.startswith("\x00")]
            if commands and len(values) > 1:
                return t(self.lang, "command_alone")
            if not values:
                return t(self.lang, "pick_one")
            if commands:
                return True
            try:
                lang.coerce(fact, list(values))
            except lang.ValueProblem as exc:
                return exc.message
            return True

        extras = self._extras(can_go_back, unknown=current == _DONT_KNOW, editing=self._editing)
        values = self._run(questionary.checkbox(
            "", choices=choices + extras, validate=validate, style=STYLE, qmark="»",
            initial_choice=extras[1] if current == _DONT_KNOW else None,
            instruction=self._hint("keys_checkbox", can_go_back), **self.io),
            can_go_back=can_go_back)
        if isinstance(values, str):  # one of the command keys
            return _reply(values)
        if len(values) == 1 and values[0].startswith("\x00"):
            return _reply(values[0])
        return Reply("answer", lang.coerce(fact, list(values)))

    def _typed(self, fact: FactDef, current: Any, can_go_back: bool) -> Reply:
        def parse(text: str) -> Any:
            if fact.type == "number" and number_word(text) is None:
                raise lang.ValueProblem(t(self.lang, "not_a_number"))
            return lang.from_word(fact, text)

        def validate(text: str) -> bool | str:
            try:
                parse(text)
            except lang.ValueProblem as exc:
                return exc.message
            return True

        unit = fact.unit.get(self.lang)
        default = ("" if current is None or current == _DONT_KNOW
                   else f"{current:g}" if isinstance(current, float) else str(current))
        text = self._run(questionary.text(
            f"{unit}:" if unit and fact.type == "number" else "", default=default,
            validate=validate, style=STYLE, qmark="»",
            instruction=self._hint("keys_typed", can_go_back), **self.io),
            can_go_back=can_go_back)
        if text in (_DONT_KNOW, _WHY, _BACK, _SOURCE, _UNSURE):
            return _reply(text)
        return Reply("answer", parse(text))


def _exit_with(marker: str) -> Callable[[Any], None]:
    def handler(event: Any) -> None:
        event.app.exit(result=marker)
    return handler


def _reply(value: Any) -> Reply:
    if value == _DONT_KNOW:
        return Reply("dont_know")
    if value == _WHY:
        return Reply("why")
    if value == _BACK:
        return Reply("back")
    if value == _SOURCE:
        return Reply("source")
    if value == _UNSURE:
        return Reply("unsure")
    return Reply("answer", value)
