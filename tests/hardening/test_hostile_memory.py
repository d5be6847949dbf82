"""Issue 6: the bombs (1e9-pixel PNG/TIFF, a 20,000 pt page, 256 MB of deflated page content,
10,000 pages) are refused from what the file declares: reading them in a fresh process keeps its
peak memory near that of reading a one-page invoice.

The child's own peak is VmHWM from /proc/self/status, not ru_maxrss: Linux carries ru_maxrss
across exec, so a child started from a large pytest process would report pytest's peak."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimready.fixtures.attacks import (flate_bomb_pdf, giant_page_pdf, many_pages_pdf, png_bomb, reportlab_pdf,
                                         tiff_bomb, GOOD_LINES)

PEAK_LIMIT_MB = 400  # the interpreter with pdfminer/pdfium/numpy/cv2 loaded is ~150 MB; a decoded bomb is >= 1000 MB

CHILD = r"""
import json, resource, sys
from pathlib import Path
from claimready.errors import UnreadableDocument
from claimready.extractors.base import read_document
from claimready.intake.folder import identify_file
from claimready.settings import Settings
try:
    read_document(identify_file(Path(sys.argv[1])), Settings(ocr_workers=2))
    outcome = "read"
except UnreadableDocument as exc:
    outcome = exc.reason
own_kb = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
              if line.startswith("VmHWM:"))
peak = max(own_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"outcome": outcome, "peak_mb": peak / 1024}))
"""

BOMBS = {
    "png_1e9_pixels": (png_bomb, "1000014129 pixels"),
    "tiff_1e9_pixels": (tiff_bomb, "1000014129 pixels"),
    "page_20000pt": (giant_page_pdf, "20000x20000 pt"),
    "flate_256mb": (lambda: flate_bomb_pdf(256), "inflates to more than 32 mb"),
    "pages_10000": (lambda: many_pages_pdf(10_000), "10000 pages"),
}


def read_in_fresh_process(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=300,
                          env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_bomb_is_refused_with_bounded_memory(tmp_path: Path, bomb: str) -> None:
    build, reason = BOMBS[bomb]
    path = tmp_path / "scan_0001.pdf"
    path.write_bytes(build())
    result = read_in_fresh_process(path)
    assert reason in result["outcome"].lower()
    assert result["peak_mb"] < PEAK_LIMIT_MB, result


@pytest.mark.slow
def test_good_invoice_reference_peak_is_under_the_same_limit(tmp_path: Path) -> None:
    """The limit is meaningful: an ordinary one-page invoice stays under it too, and is read."""
    path = tmp_path / "invoice.pdf"
    path.write_bytes(reportlab_pdf(GOOD_LINES))
    result = read_in_fresh_process(path)
    assert result["outcome"] == "read" and result["peak_mb"] < PEAK_LIMIT_MB
