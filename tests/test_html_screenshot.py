"""scripts/html_screenshot.py with a real headless Chromium (skipped where there is none).

The PNG is read with the standard library only (zlib + struct): the test checks that it is
a PNG of the requested size and that it shows something (many distinct colours), which a
blank page, an error page or a crash would not.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = ROOT / "scripts" / "html_screenshot.py"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif kind == 4:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


@pytest.mark.parametrize(("case", "lang"), [("c1_city_one_stop_big_bang.yaml", "en"),
                                            ("c8_pension_system_staff_cuts.yaml", "zh")])
def test_screenshot_shows_the_report(tmp_path, case, lang):
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(ROOT / "knowledge" / "cases" / case), "--lang", lang,
         "--out", str(out), "--size", "800,900"],
        capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out.resolve())
    width, height, rows = read_png(out)
    assert (width, height) == (800, 900)
    bpp = len(rows[0]) // width
    colours = {row[i:i + 3] for row in rows[::3] for i in range(0, len(row), bpp)}
    assert len(colours) > 50, f"only {len(colours)} colours: a blank page?"
    assert out.stat().st_size > 20_000


def test_c1_prints_on_at_most_eight_pages_before_the_appendix(tmp_path: Path):
    """The handover copy: the brief on page 1, the report without the appendix (pending
    findings and the reasoning trace, which print after a page break) on at most 8 A4
    pages. Pages are counted in the PDF Chromium prints."""
    page = tmp_path / "c1.html"
    subprocess.run([sys.executable, "-m", "advisor", "assess",
                    str(ROOT / "knowledge" / "cases" / "c1_city_one_stop_big_bang.yaml"),
                    "--format", "html", "--out", str(page)], check=True, cwd=ROOT)
    html = page.read_text(encoding="utf-8")
    body = re.sub(r'<section id="[a-z-]+" class="appendix">.*?</section>', "", html,
                  flags=re.S)
    first = body.index('id="why"'), body.index('id="actions"')
    assert first[0] < body.index('id="scores"') and first[1] < body.index('id="findings"')
    (tmp_path / "body.html").write_text(body, encoding="utf-8")
    pdf = tmp_path / "body.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                        "--no-pdf-header-footer", str(tmp_path / "body.html")],
                       check=True, capture_output=True, timeout=120)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert 1 <= pages <= 8, pages
