"""pdfium is not thread-safe: the review page renders crops while a worker's threads read PDFs in the
same process. Every pdfium call goes through render.open_pdf's process-wide lock; this runs them
from many threads at once in a child process (a segfault would kill only the child)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = next((Path(__file__).resolve().parents[2] / "claimready" / "fixtures" / "samples" / "clean_en").glob("*.pdf"))

CHILD = r"""
import sys, threading
from claimready.extractors.render import render_pdf_page, pdf_page_sizes
from claimready.extractors.base import read_document
from claimready.intake.folder import identify_file
from claimready.settings import Settings
from pathlib import Path

path = sys.argv[1]
settings = Settings(ocr_workers=1, ocr_enabled=False)
errors = []

def hammer(i):
    try:
        for _ in range(15):
            if i % 2:
                render_pdf_page(path, 1, 100, 60_000_000)
            else:
                pdf_page_sizes(path)
                read_document(identify_file(Path(path)), settings)
    except Exception as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=hammer, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("errors", len(errors), errors[:2])
sys.exit(1 if errors else 0)
"""


def test_render_pdfium_calls_from_many_threads_do_not_crash() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, str(SAMPLE)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stdout[-500:], done.stderr[-1500:])
