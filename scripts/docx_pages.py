"""Write a case's Word report, convert it to PDF with LibreOffice and render every page to PNG.

Why: tests read the .docx back with python-docx (text, tables, fonts), but only rendered
pages show how Word-like software lays it out: the title page, the brief on its own pages,
tables that fit, Chinese in a Chinese font, page numbers. This makes that look one command.

Usage:
    python scripts/docx_pages.py knowledge/cases/c1_city_one_stop_big_bang.yaml
    python scripts/docx_pages.py knowledge/cases/c8_pension_system_staff_cuts.yaml --lang zh \
        --out pages/

It prints the PDF's path and one PNG per page. LibreOffice (soffice) and pdftoppm come from
Debian's packages; when they are missing the script installs them with apt-get
(libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk), which needs root.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

PACKAGES = ["libreoffice-writer-nogui", "poppler-utils", "fonts-noto-cjk"]


def ensure_tools() -> None:
    """soffice and pdftoppm, from Debian's packages if they are not there yet."""
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        return
    apt = ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]
    if subprocess.run(apt, check=False).returncode != 0:
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(apt, check=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("case", type=Path, help="an answers file")
    p.add_argument("--lang", choices=["en", "zh"], default=None)
    p.add_argument("--out", type=Path, default=None, help="folder for the PDF and PNGs")
    args = p.parse_args()
    ensure_tools()
    out = args.out or Path(tempfile.mkdtemp(prefix="advisor-docx-"))
    out.mkdir(parents=True, exist_ok=True)
    docx = out / (args.case.stem + ".docx")
    cmd = [sys.executable, "-m", "advisor", "assess", str(args.case), "--format", "docx",
           "--out", str(docx)] + (["--lang", args.lang] if args.lang else [])
    subprocess.run(cmd, check=True, cwd=ROOT)
    with tempfile.TemporaryDirectory() as profile:  # a fresh LibreOffice profile each run
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       check=True, stdout=subprocess.DEVNULL)
    pdf = docx.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / args.case.stem)],
                   check=True)
    print(pdf)
    for png in sorted(out.glob(f"{args.case.stem}*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
