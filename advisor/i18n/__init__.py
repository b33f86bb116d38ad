"""Which language the product speaks, and its own words (from `ui`) in that language.

Texts that belong to a knowledge base (questions, rules, recommendations) live in its files;
this module only chooses among the words of the tool itself.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .ui import UI

__all__ = ["LANGUAGES", "UI", "choose", "locale_language", "t"]

LANGUAGES = tuple(UI)


def t(lang: str, key: str) -> str:
    """A UI word in `lang` (English when the language or the word is missing)."""
    return UI.get(lang, UI["en"]).get(key) or UI["en"][key]


def locale_language(environ: dict[str, str] | None = None) -> str | None:
    """The language the user's locale asks for, if it is one the tool speaks."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value or value in ("C", "POSIX", "C.UTF-8"):
            continue
        code = value.split(":")[0].split(".")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
        return None
    return None


def choose(explicit: str | None, case_language: str | None, available: Sequence[str],
           environ: dict[str, str] | None = None) -> str:
    """`--lang`, else the case file's language, else the locale's, else the first available."""
    for lang in (explicit, case_language, locale_language(environ)):
        if lang and lang in available:
            return lang
    return available[0] if available else "en"
