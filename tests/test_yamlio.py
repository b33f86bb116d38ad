"""The YAML layer: safe, located, strict about duplicates, bounded."""

from __future__ import annotations

import errno
import os

import pytest

from advisor.errors import AdvisorError, SourceError
from advisor.load.files import write_atomic
from advisor.load.yamlio import load, loads


def problems(text: str) -> list:
    with pytest.raises(SourceError) as info:
        loads(text, "f.yaml")
    return info.value.problems


def test_values_keep_their_position():
    doc = loads("a:\n  b: [1, 2]\n  c: 'x'\n", "f.yaml")
    assert doc.data == {"a": {"b": [1, 2], "c": "x"}}
    assert (doc.mark(("a", "b", 1)).line, doc.mark(("a", "b", 1)).col) == (2, 10)
    assert doc.mark(("a", "c")).style == "'"
    assert doc.key_mark(("a", "c")).line == 3


def test_duplicate_keys_are_rejected_with_both_lines():
    [p] = problems("a: 1\nb: 2\na: 3\n")
    assert (p.line, p.col) == (3, 1)
    assert "duplicate key 'a'" in p.message and "line 1" in p.message


def test_tabs_give_a_located_syntax_error():
    [p] = problems("a:\n\tb: 1\n")
    assert p.line == 2 and "tab" in (p.message + p.hint).lower()


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['echo hacked']",
    "a: !!python/object:builtins.object {}",
    "a: !!binary aGVsbG8=",
    "a: !custom 1",
])
def test_unsafe_or_unknown_tags_are_refused(payload):
    found = problems(payload)
    assert any("tag" in p.message or "syntax" in p.message or "YAML" in p.message
               for p in found)


def test_alias_bomb_is_bounded():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join('*' + prev for _ in range(10))}]")
    found = problems("\n".join(lines) + "\n")
    assert "too many values" in found[0].message


def test_deep_nesting_is_bounded():
    text = "a: " + "[" * 300 + "]" * 300 + "\n"
    found = problems(text)
    assert "nested too deeply" in found[0].message


def test_yes_no_keep_raw_text_for_type_directed_reading():
    doc = loads("a: no\nb: 'no'\n", "f.yaml")
    assert doc.data == {"a": False, "b": "no"}
    assert doc.raw(("a",)) == "no"


def test_non_utf8_is_located(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(SourceError) as info:
        load(f, "bad.yaml")
    [p] = info.value.problems
    assert (p.line, p.col) == (2, 7) and "UTF-8" in p.message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        load(tmp_path / "nope.yaml", "nope.yaml")
    with pytest.raises(SourceError, match="folder"):
        load(tmp_path, "dir")


def test_empty_document_has_no_data():
    assert loads("", "f.yaml").data is None
    assert loads("# only a comment\n", "f.yaml").data is None


def test_write_atomic_replaces_whole_file(tmp_path):
    f = tmp_path / "out.yaml"
    write_atomic(f, "a: 1\n")
    write_atomic(f, "a: 2\n")
    assert f.read_text() == "a: 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_write_atomic_writes_through_a_symlink(tmp_path):
    # resuming a session through a link must update the real file, not replace the link
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "a: 2\n")
    assert link.is_symlink() and real.read_text() == "a: 2\n"


def test_new_files_follow_the_umask_and_replaced_ones_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.md", "x")
        assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.md"
        kept.write_text("x")
        kept.chmod(0o640)
        write_atomic(kept, "y")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_a_full_disk_is_a_message_and_the_old_file_stays_whole(tmp_path, monkeypatch):
    f = tmp_path / "answers.yaml"
    write_atomic(f, "a: 1\n")

    def full(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(AdvisorError, match="No space left on device"):
        write_atomic(f, "a: 2\n")
    assert f.read_text() == "a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_a_big_plain_file_is_no_alias_bomb():
    """12,000 plain rules (3.5 MB, under the size limit) hold more values than the alias
    guard allows to be repeated, but none of them through an alias: they must load."""
    rule = ("  - id: G{i}\n    title: {{en: Rule {i}, zh: 规则{i}}}\n"
            "    when: plan.size >= {i}\n    then: {{set: {{risk.delivery: high}}}}\n"
            "    because: {{en: Generated rule number {i} for a large file., zh: 生成的规则。}}\n"
            "    source: test\n")
    text = "dimension: plan\nrules:\n" + "".join(rule.format(i=i) for i in range(12_000))
    doc = loads(text, "big.yaml")
    assert len(doc.data["rules"]) == 12_000


def test_an_alias_bomb_in_a_big_file_is_still_named():
    """Aliases are counted apart from plain values: a small bomb among many plain values
    is found, and called what it is."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 7):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join('*' + prev for _ in range(10))}]")
    found = problems("\n".join(lines) + "\n")
    assert "alias bomb" in found[0].message and found[0].line > 1
