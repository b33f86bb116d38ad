"""The knowledge-base cache: exact round trip, safe decoding, rebuilt when damaged."""

from __future__ import annotations

import os
import pickle

import pytest

from advisor.load import cache as kbcache
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_dirs
from tests.conftest import MINI


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_round_trip_is_exact(cache):
    fresh = load_kb([shipped_dirs()])
    first = kbcache.load_cached([shipped_dirs()])
    assert len(list(cache.iterdir())) == 1
    again = kbcache.load_cached([shipped_dirs()])
    assert first == fresh and again == fresh


def test_an_edited_file_makes_a_new_entry(cache, tmp_path):
    import shutil

    kb_dir = tmp_path / "kb"
    shutil.copytree(MINI, kb_dir)
    kbcache.load_cached([kb_dir])
    rules = kb_dir / "rules.yaml"
    rules.write_text(rules.read_text().replace("plan.size >= 100", "plan.size >= 99"))
    kb = kbcache.load_cached([kb_dir])
    assert kb.rule("R1").when.value == 99
    assert len(list(cache.iterdir())) == 2


class Planted:
    """A pickle that would run a command when loaded by a plain unpickler."""

    def __reduce__(self):
        return (os.system, ("echo planted > planted.txt",))


@pytest.mark.parametrize("damage", [
    b"not a pickle",
    b"",
    pickle.dumps(Planted()),
    pickle.dumps(("not a knowledge base", [])),
    pickle.dumps({"kb": 1}),
])
def test_damaged_or_foreign_cache_is_rebuilt(cache, damage, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kbcache.load_cached([MINI])
    [entry] = cache.iterdir()
    entry.write_bytes(damage)
    assert kbcache.load_cached([MINI]) == load_kb([MINI])
    assert not (tmp_path / "planted.txt").exists()
    assert kbcache.loads(entry.read_bytes())[0] == load_kb([MINI])  # rewritten whole


def test_the_unpickler_builds_only_model_classes():
    with pytest.raises(pickle.UnpicklingError, match=r"(posix|os)\.system"):
        kbcache.loads(pickle.dumps(Planted()))
    with pytest.raises(pickle.UnpicklingError, match=r"collections\.OrderedDict"):
        import collections

        kbcache.loads(pickle.dumps(collections.OrderedDict(a=1)))


def test_every_class_a_cached_knowledge_base_holds_is_on_the_whitelist():
    """A class added to the model but not to the whitelist would make every start a miss."""
    kb = load_kb([shipped_dirs()])
    assert kbcache.loads(pickle.dumps((kb, []), protocol=pickle.HIGHEST_PROTOCOL))[0] == kb


def test_no_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "c"))
    kbcache.load_cached([MINI])
    assert not (tmp_path / "c").exists()
