"""Render a case's HTML report and take a screenshot of it with headless Chromium.

Why: the HTML report is checked by tests for structure and escaping, but only a browser shows
whether it *looks* right (the chart, Chinese text, the layout). This script makes that check
one command, for people and for tests/test_html_screenshot.py.

Usage:
    python scripts/html_screenshot.py knowledge/cases/c1_city_one_stop_big_bang.yaml
    python scripts/html_screenshot.py knowledge/cases/c8_pension_system_staff_cuts.yaml \
        --lang zh --out shot.png

It prints the path of the PNG. Chromium runs with a new, empty profile in a temporary folder,
without network features (no sync, component updates or background requests), so the
screenshot depends only on the file. Chinese needs a CJK font on the machine (on Debian:
fonts-noto-cjk); without one, Chinese shows as boxes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))


def build_html(case: Path, lang: str | None) -> str:
    """The HTML report of an answers file, built the way the CLI builds reports."""
    from advisor.i18n import choose
    from advisor.load.answers import load_answers
    from advisor.load.builder import load_kb
    from advisor.load.paths import shipped_dirs
    from advisor.reason.engine import Engine
    from advisor.report import html
    from advisor.report.view import build

    kb = load_kb([shipped_dirs()])
    answers = load_answers(case, kb)
    language = choose(lang, answers.language, kb.languages)
    assessment = Engine(kb).assess(answers, language)
    return html.render(build(assessment, kb, language), generated="screenshot")


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1200, 2400),
               chromium: str = CHROMIUM, timeout: float = 120) -> None:
    """Take a screenshot of a local HTML file; raises if Chromium fails or writes nothing."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--screenshot={png}",
               f"--window-size={size[0]},{size[1]}", page.resolve().as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              check=False)
    if proc.returncode != 0 or not png.exists():
        raise RuntimeError(f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", type=Path, help="an answers file (YAML)")
    parser.add_argument("--lang", choices=("en", "zh"), help="report language")
    parser.add_argument("--out", type=Path, help="where to write the PNG (default: a temp file)")
    parser.add_argument("--size", default="1200,2400", help="window WIDTH,HEIGHT in pixels")
    parser.add_argument("--chromium", default=CHROMIUM, help="the Chromium binary")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists() and not shutil.which(args.chromium):
        print(f"no Chromium at {args.chromium} (Debian: apt-get install chromium)",
              file=sys.stderr)
        return 2
    width, height = (int(n) for n in args.size.split(","))
    out = args.out or Path(tempfile.mkdtemp(prefix="report-shot-")) / "report.png"
    with tempfile.TemporaryDirectory(prefix="report-html-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(build_html(args.case, args.lang), encoding="utf-8")
        screenshot(page, out.resolve(), (width, height), args.chromium)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
