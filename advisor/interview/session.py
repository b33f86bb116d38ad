"""Interview sessions on disk: an answers file plus a `session:` block, written atomically
after every answer so that nothing the user entered is ever lost.

The file is a valid input to `advisor assess` at every moment: the session block only adds
where the interview stood and which knowledge base it was started with.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import AdvisorError
from ..load.answers import Answers, load_answers, save_answers, to_yaml
from ..model import KnowledgeBase
from .planner import State


@dataclass
class Session:
    path: Path
    case: str
    language: str
    quick: bool
    state: State
    notes: str = ""
    kb_id: str = ""
    kb_version: str = ""
    kb_digest: str = ""
    started: str = ""
    complete: bool = False
    skipped: list[str] = field(default_factory=list)  # never asked: no answer could matter
    sources: tuple[str, ...] = ()  # the published sources a case file names, kept as read

    def answers(self) -> Answers:
        return Answers(self.case, dict(self.state.answers), tuple(sorted(self.state.dont_know)),
                       self.language, self.notes, expect=None, session=self._block(),
                       path=str(self.path), skipped=tuple(self.skipped),
                       sources=self.sources,
                       answer_sources={f: note for f, note in self.state.sources.items()
                                       if self.state.answered(f)},
                       answer_confidence={f: level for f, level in
                                          self.state.confidence.items()
                                          if f in self.state.answers})

    def _block(self) -> dict[str, Any]:
        return {
            "kb": {"id": self.kb_id, "version": self.kb_version, "digest": self.kb_digest},
            "quick": self.quick,
            "history": list(self.state.history),
            "started": self.started,
            "updated": _now(),
            "complete": self.complete,
            **({"skipped": list(self.skipped)} if self.skipped else {}),
            **({"skipped_sections": sorted(self.state.skipped_sections)}
               if self.state.skipped_sections else {}),
        }

    def save(self, kb: KnowledgeBase) -> None:
        save_answers(self.path, self.answers(), kb)

    def try_save(self, kb: KnowledgeBase) -> str | None:
        """Save, or say why it failed (a full disk): the answers stay in memory and the next
        save writes them all, so a failed write loses nothing."""
        try:
            self.save(kb)
        except AdvisorError as exc:
            return str(exc)
        return None

    def text(self, kb: KnowledgeBase) -> str:
        """The file's text, to show when it cannot be written."""
        return to_yaml(self.answers(), kb)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the session while an interview runs: the same file opened in a second terminal
    is refused, because the last writer would silently drop the other's answers. The lock
    is the operating system's (flock), so a killed interview never leaves it held."""
    lock = Path(os.path.realpath(path)).with_name(f".{Path(path).name}.lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise AdvisorError(f"cannot use {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise AdvisorError(f"{path} is open in another interview; finish or stop that one "
                           "first (its answers would otherwise overwrite these)") from None
    try:
        yield
    finally:  # also when the interview is interrupted or fails
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new(path: Path, case: str, language: str, quick: bool, kb: KnowledgeBase) -> Session:
    return Session(Path(path), case, language, quick, State(), kb_id=kb.id,
                   kb_version=kb.version, kb_digest=kb.digest, started=_now())


def resume(path: Path, kb: KnowledgeBase) -> tuple[Session, list[str]]:
    """Load a saved session; returns it and warnings (such as a changed knowledge base)."""
    answers = load_answers(Path(path), kb)
    if not isinstance(answers.session, dict) or answers.expect:
        # resuming rewrites the file: a case file's expectations and comments would be lost
        raise AdvisorError(f"{path} is not an interview session (no session: block, or it "
                           "holds expectations); assess it with 'advisor assess', or start "
                           "an interview with --save")
    block = answers.session
    warnings = []
    raw_kb = block.get("kb")
    kb_block: dict[str, Any] = raw_kb if isinstance(raw_kb, dict) else {}
    if kb_block and kb_block.get("digest") != kb.digest:
        warnings.append(f"this session was started with knowledge base "
                        f"{kb_block.get('id')} {kb_block.get('version')} "
                        f"({kb_block.get('digest')}); now {kb.id} {kb.version} ({kb.digest}) "
                        "is loaded, so some questions may differ")
    raw_history = block.get("history")
    listed: list[Any] = raw_history if isinstance(raw_history, list) else []
    history = [f for f in listed if isinstance(f, str)
               and (f in answers.values or f in answers.dont_know)]
    for fid in list(answers.values) + list(answers.dont_know):
        if fid not in history:
            history.append(fid)
    raw_sections = block.get("skipped_sections")
    dimensions = {d.id for d in kb.dimensions}
    sections = {d for d in raw_sections if isinstance(d, str) and d in dimensions} \
        if isinstance(raw_sections, list) else set()
    state = State(dict(answers.values), set(answers.dont_know), history, sections,
                  dict(answers.answer_sources), dict(answers.answer_confidence))
    if not isinstance(block.get("quick", False), bool):
        raise AdvisorError(f"{path}: session.quick must be yes or no")
    return Session(Path(path), answers.case, answers.language or kb.languages[0],
                   bool(block.get("quick", False)), state, answers.notes,
                   str(kb_block.get("id") or kb.id), str(kb_block.get("version") or kb.version),
                   str(kb_block.get("digest") or kb.digest), block.get("started") or _now(),
                   bool(block.get("complete", False)), sources=answers.sources), warnings
