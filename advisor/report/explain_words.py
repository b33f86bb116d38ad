"""The short notes an explanation puts after an answer or a conclusion, in words: where the
answer came from, how sure it is, and the "to verify" mark of a conclusion resting on an
assumed answer. Plain strings; report/explain.py styles them."""

from __future__ import annotations

from ..i18n import t
from ..model.confidence import unconfirmed
from .words import clean, paren


def source_note(note: str, lang: str) -> str:
    """Where an answer came from, after it: " (Source: ...)", "（来源：...）"; the note is
    the user's text, cleaned (a rich Text is never read as markup)."""
    word = t(lang, "answer_source")
    zh = lang.startswith("zh")
    return f"（{word}：{clean(note)}）" if zh else f"  ({word}: {clean(note)})"


def confidence_note(level: str | None, lang: str, answer: bool) -> str:
    """After an answer, its confidence ("  (confidence: stated by one person)"); after a
    conclusion, only the "to verify" mark when it rests on an assumed answer; else ""."""
    if level is None or (not answer and not unconfirmed(level)):
        return ""
    if not answer:
        return paren(lang, t(lang, "verify_mark"))
    word, name = t(lang, "confidence"), t(lang, f"confidence_{level}")
    return f"（{word}：{name}）" if lang.startswith("zh") else f"  ({word}: {name})"
