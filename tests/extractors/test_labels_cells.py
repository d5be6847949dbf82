"""Cells (columns) of a line, as labels.cells_of cuts them."""

from __future__ import annotations

from claimready.extractors.labels import cells_of
from claimready.models import BBox, Line, Word


def _ocr(text: str, x0: float, x1: float, glued: bool) -> Word:
    return Word(text, BBox(x0, 0.074, x1, 0.088), 0.9, "ocr", glued)


def test_cells_of_keep_a_chinese_name_whole_across_a_narrow_misread_box() -> None:
    """Tesseract's box of '厦门' ends 0.024 page widths before '金': more than a cell gap, but the
    characters are one glued run, so the name is one cell."""
    name = Line((_ocr("厦门", 0.113, 0.138, False), _ocr("金", 0.162, 0.183, True), _ocr("鹭光伏", 0.183, 0.238, True)))
    assert len(cells_of(name)) == 1


def test_cells_of_cut_glued_chinese_columns_far_apart() -> None:
    header = Line((_ocr("卖方", 0.1, 0.13, False), _ocr("买方", 0.55, 0.58, True)))
    assert len(cells_of(header)) == 2
