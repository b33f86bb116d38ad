"""The interview's prompts: the only module that imports questionary.

`QuestionaryAsker` implements the interview's `Asker`: it shows a question with its help,
returns the user's reply (an answer, "don't know", "why do you ask?" or "back"), and shows
what it is given. It decides nothing. Ctrl-C raises KeyboardInterrupt (questionary's
`unsafe_ask`), so the caller can save and say how to resume.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit.styles import Style

from .. import lang
from ..i18n import t
from ..lang.values import number_word
from ..model import FactDef, KnowledgeBase
from .flow import DONT_KNOW, Reply
from .planner import Progress, Reason

STYLE = Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("instruction", "fg:ansibrightblack"),
    ("separator", "fg:ansibrightblack"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
])

# Markers for the commands offered beside the answers of a choice question.
_DONT_KNOW, _WHY, _BACK = DONT_KNOW, "\x00why", "\x00back"
# What to type at a text or number prompt instead of an answer.
TYPED = {"?": "dont_know", "??": "why", "<": "back"}


class QuestionaryAsker:
    """Asks through questionary; shows through `show` (the CLI's console and renderers)."""

    def __init__(self, kb: KnowledgeBase, lang: str, show: Callable[[str, Any], None],
                 **io: Any):
        self.kb, self.lang, self.show = kb, lang, show
        self.io = io  # input= / output= for tests (prompt_toolkit pipe input)

    # -- the Asker protocol ------------------------------------------------------------
    def section(self, progress: Progress) -> None:
        self.show("section", progress)

    def ask(self, fact: FactDef, progress: Progress, current: Any, can_go_back: bool) -> Reply:
        self.show("question", (fact, progress))
        q = fact.question
        assert q is not None
        message = q.prompt.get(self.lang)
        if fact.type in ("bool", "choice", "level"):
            return self._select(fact, message, current, can_go_back)
        if fact.type == "multi":
            return self._checkbox(fact, message, current, can_go_back)
        return self._typed(fact, message, current, can_go_back)

    def explain(self, fact: FactDef, reasons: list[Reason]) -> None:
        self.show("why", (fact, reasons))

    def review(self, rows: list[tuple[FactDef, Any, bool]]) -> str | None:
        self.show("review", rows)
        finish = t(self.lang, "finish")
        choice = questionary.select(
            t(self.lang, "review_prompt"),
            choices=[questionary.Choice(finish, value="finish"),
                     questionary.Choice(t(self.lang, "change_answer"), value="change")],
            style=STYLE, qmark="»", **self.io).unsafe_ask()
        if choice != "change":
            return None
        which = questionary.select(
            t(self.lang, "which_answer"),
            choices=[questionary.Choice(f.question.prompt.get(self.lang) if f.question
                                        else f.id, value=f.id) for f, _, _ in rows],
            style=STYLE, qmark="»", use_search_filter=False, **self.io).unsafe_ask()
        return which

    def ask_text(self, message: str, default: str = "") -> str:
        """Free text; an empty reply means `default` (shown, not pre-filled)."""
        text = questionary.text(message, style=STYLE, qmark="»",
                                instruction=f"({default})" if default else None,
                                **self.io).unsafe_ask()
        return text.strip() or default

    # -- the prompts ---------------------------------------------------------------------
    def _extras(self, can_go_back: bool, unknown: bool = False) -> list[Any]:
        extras = [questionary.Separator(),
                  questionary.Choice(t(self.lang, "dont_know_option"), value=_DONT_KNOW,
                                     checked=unknown),
                  questionary.Choice(t(self.lang, "why_option"), value=_WHY)]
        if can_go_back:
            extras.append(questionary.Choice(t(self.lang, "back_option"), value=_BACK))
        return extras

    def _select(self, fact: FactDef, message: str, current: Any, can_go_back: bool) -> Reply:
        if fact.type == "bool":
            choices = [questionary.Choice(t(self.lang, "yes_option"), value=True),
                       questionary.Choice(t(self.lang, "no_option"), value=False)]
        else:
            choices = [questionary.Choice(c.label.get(self.lang), value=c.id,
                                          description=c.help.get(self.lang) or None)
                       for c in fact.choices]
        extras = self._extras(can_go_back)
        default = next((c for c in choices + extras if c.value == current
                        and not isinstance(c, questionary.Separator)), None)
        value = questionary.select(message, choices=choices + extras,
                                   default=default, style=STYLE,
                                   instruction=t(self.lang, "select_instruction"),
                                   **self.io).unsafe_ask()
        return _reply(value)

    def _checkbox(self, fact: FactDef, message: str, current: Any, can_go_back: bool) -> Reply:
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

        extras = self._extras(can_go_back, unknown=current == _DONT_KNOW)
        values = questionary.checkbox(message, choices=choices + extras,
                                      validate=validate, style=STYLE,
                                      instruction=t(self.lang, "checkbox_instruction"),
                                      **self.io).unsafe_ask()
        if len(values) == 1 and values[0].startswith("\x00"):
            return _reply(values[0])
        return Reply("answer", lang.coerce(fact, list(values)))

    def _typed(self, fact: FactDef, message: str, current: Any, can_go_back: bool) -> Reply:
        def parse(text: str) -> Any:
            if fact.type == "number" and number_word(text) is None:
                raise lang.ValueProblem(t(self.lang, "not_a_number"))
            return lang.from_word(fact, text)

        def validate(text: str) -> bool | str:
            if text.strip() in TYPED:
                return can_go_back or TYPED[text.strip()] != "back"
            try:
                parse(text)
            except lang.ValueProblem as exc:
                return exc.message
            return True

        unit = fact.unit.get(self.lang)
        default = ("" if current is None or current == _DONT_KNOW
                   else f"{current:g}" if isinstance(current, float) else str(current))
        text = questionary.text(message + (f" ({unit})" if unit and fact.type == "number"
                                           else ""),
                                default=default, validate=validate, style=STYLE,
                                instruction=t(self.lang, "typed_instruction"),
                                **self.io).unsafe_ask()
        if text.strip() in TYPED:
            return Reply(TYPED[text.strip()])
        return Reply("answer", parse(text))


def _reply(value: Any) -> Reply:
    if value == _DONT_KNOW:
        return Reply("dont_know")
    if value == _WHY:
        return Reply("why")
    if value == _BACK:
        return Reply("back")
    return Reply("answer", value)
