"""`advisor rules export --format clips` through the real command line: deterministic text,
a header that names the knowledge base, and located, hinted errors.

That the exported rules reach the engine's conclusions is tests/test_clips_reference.py
(it needs clipspy to run them); nothing here does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from advisor import __version__
from advisor.authoring.clips_export import export_text
from advisor.load.builder import load_kb
from advisor.load.paths import shipped_dirs
from tests.conftest import MINI, ROOT
from tests.test_determinism import _layout

ANIMALS = ROOT / "tests" / "fixtures" / "animals"


def _export(*args: str, seed: int = 0) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    proc = subprocess.run([sys.executable, "-m", "advisor", "rules", "export", "--format",
                           "clips", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_export_is_the_same_bytes_whatever_the_hash_seed_or_file_layout(tmp_path):
    shipped = _export(seed=1)
    assert _export(seed=2) == shipped
    layout = _layout(tmp_path / "shuffled", 3)  # rule files renamed, rules shuffled inside
    moved = _export("--no-shipped", "--kb", str(layout / "knowledge"), "--kb",
                    str(layout / "rules"), seed=4)
    assert moved == shipped


def test_the_header_names_the_knowledge_base_and_every_rule_is_there():
    kb = load_kb([shipped_dirs()])
    text = export_text(kb)
    first = text.splitlines()[0]
    assert kb.id in first and f"version {kb.version}" in first
    assert kb.title.get("en") in first and f"{len(kb.rules)} rules" in first
    assert f"advisor {__version__}" in text.splitlines()[1]
    assert "What the constructs mean" in text
    named = set(re.findall(r'^\(defrule r\d{5}_\d{3} "(\S+): ', text, re.MULTILINE))
    # a rule whose every clause can never hold would have no defrule; the shipped KB has none
    assert named == {r.id for r in kb.rules}
    assert text.count("(deftemplate ") == 7 and text.endswith(")\n")


def test_other_knowledge_bases_export_too(cli, tmp_path):
    for folder, kb_id in ((MINI, "mini"), (ANIMALS, "animals")):
        out = tmp_path / f"{folder.name}.clp"
        r = cli("rules", "export", "--format", "clips", "--no-shipped", "--kb", str(folder),
                "--out", str(out))
        assert r.code == 0, r.err
        text = out.read_text(encoding="utf-8")
        kb = load_kb([folder])
        assert kb.id == kb_id and f"({kb_id}), version {kb.version}" in text
        assert text == export_text(kb)
        assert str(out) in r.err and r.out == ""


def test_an_unknown_format_gets_a_did_you_mean(cli):
    r = cli("rules", "export", "--format", "clip")
    assert r.code == 2 and r.out == ""
    assert "--format clip: not an export format; did you mean 'clips'?" in r.err
    assert "Traceback" not in r.err
    r = cli("rules", "export", "--format", "drools")
    assert r.code == 2 and "the formats are: clips" in r.err


def test_the_export_is_never_written_over_a_yaml_file(cli, tmp_path):
    target = tmp_path / "rules.yaml"
    target.write_text("keep: me\n", encoding="utf-8")
    r = cli("rules", "export", "--format", "clips", "--out", str(target))
    assert r.code == 2 and "YAML" in r.err
    assert target.read_text(encoding="utf-8") == "keep: me\n"


def test_the_exporter_needs_no_clipspy():
    """Only the runner imports clipspy: exporting works where it is not installed."""
    blocker = "import sys; sys.modules['clips'] = None\n"  # any `import clips` now fails
    code = blocker + ("from advisor.cli.main import main; "
                      "raise SystemExit(main(['rules', 'export', '--format', 'clips', "
                      f"'--no-shipped', '--kb', {str(MINI)!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "(defrule " in proc.stdout

