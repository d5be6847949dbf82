"""Shared test helpers: small PDFs drawn with reportlab, and a Settings object for tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from claimready.settings import Settings

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

PageLines = Sequence[tuple[float, float, str]]  # (x pt, y pt from top, text)


def draw_pdf(path: Path, pages: Sequence[PageLines], font: str = "STSong-Light", size: int = 11,
             encrypt: str | None = None) -> Path:
    """A text-layer PDF with each (x, y-from-top, text) drawn on its page."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width, height = A4
    for lines in pages:
        c.setFont(font, size)
        for x, y, text in lines:
            c.drawString(x, height - y, text)
        c.showPage()
    c.save()
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, *pages: PageLines, **kwargs: object) -> Path:
        return draw_pdf(tmp_path / name, pages, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def settings() -> Settings:
    return Settings(ocr_workers=1)
