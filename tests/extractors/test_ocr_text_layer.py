"""Which PDF pages go to OCR: a text layer counts only when it is real text."""

from __future__ import annotations

import pytest

from claimready.extractors.pdf import has_usable_text
from claimready.models import BBox, Line, Page, Word
from claimready.settings import Settings


def _page(text: str) -> Page:
    return Page(number=1, width=595, height=842, lines=(Line((Word(text, BBox(0.1, 0.1, 0.9, 0.12)),)),))


@pytest.mark.parametrize("text", ["Commercial invoice INV-2025-0042 total USD 48,250.00", "发票号码发票号码：合计金额人民币叁拾壹万贰仟元整"])
def test_ocr_text_layer_real_text_is_usable(text: str) -> None:
    assert has_usable_text(_page(text), Settings())


@pytest.mark.parametrize("text", [
    "(cid:3)(cid:17)(cid:42)" * 20,                     # glyph codes of a font without a Unicode map
    "\ue011\ue012\ue013\ue014" * 10 + " Page 2 of 5 footer",  # private-use glyphs around a scanner footer
    "\ufffd" * 40 + "Invoice No 12345678",              # replacement characters
    "Page 2",                                            # a scanner's stamp on an image page
])
def test_ocr_text_layer_garbage_or_stub_goes_to_ocr(text: str) -> None:
    assert not has_usable_text(_page(text), Settings())


def test_ocr_text_layer_page_that_cannot_be_measured_is_not_ocrd() -> None:
    page = Page(number=1, width=0, height=0, lines=(), error="page has no size")
    assert has_usable_text(page, Settings())
