"""The one typed-value parser: a value for a fact, from a file, a command line, a prompt or a
condition, checked against the fact's declaration.

Every path that turns something written into a fact's value comes here, so they agree: yes/no
words, choice ids (exact, never case-folded), multi-selects (in declared order, exclusive
choices alone), numbers (finite, whole where declared, within min and max), text (bounded).
`coerce` reads YAML data (a file: `yes` may already be a boolean, a number a number);
`from_word` reads a word as typed (a command line, a prompt, a condition, a table key).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..errors import did_you_mean

if TYPE_CHECKING:
    from ..model import FactDef

YES_NO: dict[str, bool] = {"yes": True, "true": True, "no": False, "false": False}
NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
MAX_TEXT = 20_000  # characters in one free-text answer or in the notes
MAX_SHOWN = 40  # characters of a bad value repeated in a message
_MAX_DIGITS = 300  # more digits than any real answer; int() refuses over 4,300 anyway


class ValueProblem(ValueError):
    """A value that does not fit its fact. `item` is the index of the wrong item of a list."""

    def __init__(self, message: str, hint: str = "", item: int | None = None):
        super().__init__(message)
        self.message, self.hint, self.item = message, hint, item

    def naming(self, fact: FactDef, name: str) -> str:
        """The message with the fact named `name` instead of by its id (for clients, who
        know the question, not its id)."""
        return self.message.replace(name_of(fact), name)


def name_of(fact: FactDef) -> str:
    """How messages name a fact: its id (authors' messages; client texts name questions)."""
    return f"'{fact.id}'"


def shown(value: Any) -> str:
    """A value as a message repeats it, shortened so a huge input is not echoed whole."""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, str):
        text = f"'{value}'"
    elif isinstance(value, list | tuple):
        return "a list"
    elif isinstance(value, dict):
        return "a mapping"
    elif value is None:
        return "nothing"
    else:
        text = str(value) if not isinstance(value, int) or abs(value) < 10 ** 30 else \
            f"a {math.floor(math.log10(abs(value))) + 1}-digit number"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# --------------------------------------------------------------------------- one type each

def _yes_no(fact: FactDef, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in YES_NO:
        return YES_NO[value.strip().lower()]
    raise ValueProblem(f"{name_of(fact)} takes yes or no; got {shown(value)}",
                       "write yes or no")


def _choice(fact: FactDef, value: Any, item: int | None = None) -> str:
    if isinstance(value, str) and value in fact.choice_ids:
        return value
    text = str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        hint = "choices: " + ", ".join(fact.choice_ids)
        raise ValueProblem(f"{name_of(fact)} takes a choice, not the number {shown(value)}",
                           hint, item)
    raise ValueProblem(f"{shown(value)} is not a choice of {name_of(fact)}",
                       did_you_mean(text, fact.choice_ids)
                       or "choices: " + ", ".join(fact.choice_ids), item)


def _multi(fact: FactDef, items: list[Any]) -> tuple[str, ...]:
    chosen = {_choice(fact, x, i) for i, x in enumerate(items)}
    for x in fact.exclusive:
        if x in chosen and len(chosen) > 1:
            raise ValueProblem(f"'{x}' cannot be combined with other choices of "
                               f"{name_of(fact)}")
    return tuple(c for c in fact.choice_ids if c in chosen)


def short_number(text: str) -> str:
    """A number as written, cut to 20 characters: a 5,000-digit value is not echoed whole."""
    text = text.strip()
    return text if len(text) <= 20 else f"{text[:20]}… ({len(text)} characters)"


def _too_large(value: Any, raw: str | None) -> str | None:
    """The number as written when it is a finite-looking number too large for a float
    (`1e309`, 5,000 digits), else None; `.inf` itself is no number and is said so."""
    written = raw if raw is not None else value if isinstance(value, str) else None
    if written is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and math.isfinite(value):
        return None
    number = number_word(written)
    return short_number(written) if number is not None and not math.isfinite(number) \
        else None


def _number(fact: FactDef, value: Any, bounded: bool, raw: str | None = None) -> int | float:
    if (big := _too_large(value, raw)) is not None:
        raise ValueProblem(f"{name_of(fact)}: the number {big} is too large",
                           "write the real value; numbers must stay below about 1.8e308")
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        number = number_word(value) if isinstance(value, str) else None
        hint = f"write it without quotes: {value.strip()}" if isinstance(value, str) and \
            number is not None and math.isfinite(number) else ""
        if hint and isinstance(value, str) and not value.isascii():  # a Chinese input method
            hint = f"type the digits in half-width: {unicodedata.normalize('NFKC', value)}"
        raise ValueProblem(f"{name_of(fact)} takes a number; got {shown(value)}", hint)
    whole = isinstance(value, int) or value.is_integer()
    if fact.integer and not whole:
        raise ValueProblem(f"{name_of(fact)} takes a whole number; got {shown(value)}")
    if bounded and fact.min is not None and value < fact.min:
        raise ValueProblem(f"{shown(value)} is below the minimum of {name_of(fact)} "
                           f"({_number_text(fact.min)})")
    if bounded and fact.max is not None and value > fact.max:
        raise ValueProblem(f"{shown(value)} is above the maximum of {name_of(fact)} "
                           f"({_number_text(fact.max)})")
    if fact.integer or (isinstance(value, int) and abs(value) > 2 ** 53):
        return int(value)
    return value


def _text(fact: FactDef, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"{name_of(fact)} takes text; got {shown(value)}")
    if len(value) > MAX_TEXT:
        raise ValueProblem(f"{name_of(fact)} is too long ({len(value)} characters; the limit "
                           f"is {MAX_TEXT})", "keep long documents elsewhere and refer to them")
    return value


# --------------------------------------------------------------------------- entry points

def coerce(fact: FactDef, value: Any, raw: str | None = None, *, bounded: bool = True) -> Any:
    """A value from a YAML file, typed for `fact`; raises ValueProblem if it does not fit.

    `raw` is the scalar as written, so `no` can still mean the choice called "no".
    """
    t = fact.type
    if t in ("bool", "flag"):
        return _yes_no(fact, value)
    if t in ("choice", "level"):
        return _choice(fact, raw if isinstance(value, bool) and raw is not None else value)
    if t == "multi":
        if not isinstance(value, list | tuple):
            hint = "write it as [a, b]" + (f", e.g. [{value}]" if isinstance(value, str) else "")
            raise ValueProblem(f"{name_of(fact)} takes a list of choices; got {shown(value)}",
                               hint)
        return _multi(fact, list(value))
    if t in ("number", "count"):
        return _number(fact, value, bounded, raw)
    return _text(fact, value)


def number_word(text: str) -> int | float | None:
    """A number as written (`12`, `-3.5`, `1e3`, `12,000`), or None if it is not one.

    Integers written without a point or an exponent stay integers, so `10` compares and
    prints as 10, not 10.0.
    """
    word = text.strip().replace(",", "") if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?",
                                                           text.strip()) else text.strip()
    if not NUMBER.match(word):
        return None
    if "." not in word and "e" not in word.lower() and len(word) <= _MAX_DIGITS:
        return int(word)
    return float(word)  # inf when it is too large, which callers name as such


def from_word(fact: FactDef, text: str, *, bounded: bool = True) -> Any:
    """A value typed as a word for `fact` (a command line, a prompt, a condition, a table
    key); a multi-select takes `a,b,c`. Raises ValueProblem if it does not fit."""
    t = fact.type
    word = text.strip()
    if t in ("number", "count"):
        number = number_word(word)
        if number is None:
            raise ValueProblem(f"{name_of(fact)} takes a number; got {shown(word)}")
        return _number(fact, number, bounded, word)
    if t == "multi":
        return _multi(fact, [x.strip() for x in word.split(",") if x.strip()])
    if t == "text":
        return _text(fact, text)
    if t in ("choice", "level") and word not in fact.choice_ids:
        number = number_word(word)
        if number is not None:
            return _choice(fact, number)  # "takes a choice, not the number 3"
    return coerce(fact, word)
