"""The knowledge-base cache: exact round trip, safe decoding, rebuilt when damaged."""

from __future__ import annotations

import json

import pytest

from advisor.load import cache as kbcache
from advisor.load.builder import load_kb
from advisor.paths import shipped_dirs
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


@pytest.mark.parametrize("damage", ["not json", '{"kb": {"__t": "os.system"}, "warnings": []}',
                                    '{"kb": {"__t": "Rule", "nope": 1}, "warnings": []}'])
def test_damaged_or_foreign_cache_is_rebuilt(cache, damage):
    kbcache.load_cached([MINI])
    [entry] = cache.iterdir()
    entry.write_text(damage)
    assert kbcache.load_cached([MINI]) == load_kb([MINI])
    json.loads(entry.read_text())  # rewritten whole


def test_decode_accepts_only_model_classes():
    with pytest.raises(KeyError):
        kbcache.decode({"__t": "Popen", "args": ["true"]})


def test_no_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "c"))
    kbcache.load_cached([MINI])
    assert not (tmp_path / "c").exists()
