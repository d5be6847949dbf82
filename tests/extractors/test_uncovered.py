"""Text tesseract dropped: ink no word box covers (uncovered.py), read by the line model (ocr.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from ocr_scans import scan_of

from claimready.extractors import cleanup
from claimready.extractors.ocr import OcrRead, RawWord, read_dropped_text
from claimready.extractors.linerec import line_reader
from claimready.extractors.uncovered import Box, uncovered_regions
from claimready.settings import Settings

PX = 300 / 72  # pixels a point at 300 dpi
LINES = [(72, 100, "Invoice No.: INV-2025-0042"), (72, 140, "Invoice Date: 14 March 2025"),
         (72, 180, "Buyer: Rio Verde Importadora Ltda.")]


def _page(tmp_path: Path) -> np.ndarray:
    return np.asarray(scan_of(LINES, tmp_path))


def _line_box(image: np.ndarray, y_pt: float) -> Box:
    """The ink of the line whose baseline is at y_pt."""
    band = image[round((y_pt - 12) * PX):round((y_pt + 4) * PX)] < 128
    ys, xs = np.nonzero(band)
    top = round((y_pt - 12) * PX)
    return Box(int(xs.min()), top + int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


def test_uncovered_finds_the_line_no_word_covers(tmp_path: Path) -> None:
    image = _page(tmp_path)
    date = _line_box(image, 140)
    regions = uncovered_regions(image, [_line_box(image, 100), _line_box(image, 180)], em=date.height)
    assert len(regions) == 1
    found = regions[0]
    assert abs(found.top - date.top) <= 4 and abs(found.bottom - date.bottom) <= 4
    assert abs(found.left - date.left) <= 4 and abs(found.right - date.right) <= 4


def test_uncovered_finds_nothing_where_every_line_is_covered(tmp_path: Path) -> None:
    image = _page(tmp_path)
    boxes = [_line_box(image, y) for _, y, _ in LINES]
    assert uncovered_regions(image, boxes, em=boxes[0].height) == []


def test_uncovered_ignores_ruling_lines_frames_and_specks(tmp_path: Path) -> None:
    image = _page(tmp_path).copy()
    cv2.line(image, (100, 1000), (2300, 1000), 0, 3)  # a table rule
    cv2.rectangle(image, (100, 1100), (2300, 1600), 0, 3)  # a box frame
    cv2.circle(image, (1200, 1300), 3, 0, -1)  # a speck inside it
    boxes = [_line_box(image, y) for _, y, _ in LINES]
    assert uncovered_regions(image, boxes, em=boxes[0].height) == []


def _words_of(image: np.ndarray, y_pt: float, text: str) -> RawWord:
    box = _line_box(image, y_pt)
    return RawWord(text, box.left, box.top, box.width, box.height, 0.95, (1, 1, round(y_pt)))


def test_ocr_dropped_line_is_read_by_the_line_model_onto_its_place(tmp_path: Path) -> None:
    """Tesseract read the number and buyer lines but not the date between them: the line model
    reads the date line and it becomes words on a line of its own, where the ink is."""
    image = _page(tmp_path)
    read = OcrRead((_words_of(image, 100, "Invoice No.: INV-2025-0042"),
                    _words_of(image, 180, "Buyer: Rio Verde Importadora Ltda.")),
                   cleanup.start(image, 300.0))
    added = read_dropped_text(read, line_reader(str(Settings().line_model_path)), deadline=float("inf")).words[2:]
    assert " ".join(w.text for w in added).replace(" ", "") == "InvoiceDate:14March2025"
    date = _line_box(image, 140)
    assert all(date.top <= w.top + w.height / 2 <= date.bottom for w in added)
    assert abs(min(w.left for w in added) - date.left) <= 2 and all(w.confidence >= 0.9 for w in added)
    assert len({w.line_key for w in added}) == 1 and added[0].line_key not in {(1, 1, 100), (1, 1, 180)}


def test_ocr_dropped_text_look_adds_nothing_where_tesseract_read_every_line(tmp_path: Path) -> None:
    image = _page(tmp_path)
    read = OcrRead(tuple(_words_of(image, y, text) for _, y, text in LINES), cleanup.start(image, 300.0))
    assert read_dropped_text(read, line_reader(str(Settings().line_model_path)), deadline=float("inf")) == read


def test_ocr_dropped_text_look_takes_no_scribble(tmp_path: Path) -> None:
    """A signature's stroke left of a read line: ink no word covers, but no text the model is sure of."""
    image = _page(tmp_path).copy()
    points = np.array([[300, 1200], [360, 1150], [420, 1230], [500, 1140], [560, 1220], [640, 1160]], np.int32)
    cv2.polylines(image, [points], False, 0, 4)
    read = OcrRead(tuple(_words_of(image, y, text) for _, y, text in LINES), cleanup.start(image, 300.0))
    assert read_dropped_text(read, line_reader(str(Settings().line_model_path)), deadline=float("inf")).words == read.words


def test_ocr_dropped_text_look_adds_no_text_tesseract_gave_a_word_boxed_short_of_its_ink(tmp_path: Path) -> None:
    """Tesseract read 'Invoice No.: INV-2025-0042' but boxed only the number: the label's ink is
    uncovered, and the line model's reading of it ('Invoice No.:') is text the line has."""
    image = _page(tmp_path)
    number = _line_box(image, 100)
    half = round(number.width * 0.44)
    short = RawWord("Invoice No.: INV-2025-0042", number.left + half, number.top, number.width - half, number.height,
                    0.95, (1, 1, 100))
    read = OcrRead((short, *(_words_of(image, y, text) for _, y, text in LINES[1:])), cleanup.start(image, 300.0))
    assert uncovered_regions(image, [Box(w.left, w.top, w.width, w.height) for w in read.words], em=number.height)
    assert read_dropped_text(read, line_reader(str(Settings().line_model_path)), deadline=float("inf")) == read
