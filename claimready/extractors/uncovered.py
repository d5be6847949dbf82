"""Ink on a cleaned page that no OCR word covers: text tesseract dropped.

Why: on a noisy scan tesseract's page layout sometimes loses a whole line or a value beside its
label ('Date of Invoice:' read, '12 March 2025' not there at all); the field is then missing and
the claim gets a MISSING_FIELD it does not deserve. The page's ink is known, and so are the
boxes of every word tesseract read: what is left once those boxes and the ruling lines are
taken away, grouped into text-line-shaped regions, is what tesseract did not read. ocr.py has
the line recogniser read each region.

Pure image work on a grey page (dark ink on light paper), at half resolution: ~20-90 ms a page here
(bench/speed; measured with the line model's reading of what it finds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

_SCALE = 2  # regions are found at half resolution: enough for print of 8 pt and more at 300 dpi
INK_BELOW = 160  # grey levels of ink on the cleaned page (paper is ~245): light print is ink too
MIN_HEIGHT_EMS = 0.4  # a region lower than this is a speck, a rule's remnant or an underline (capitals and digits are ~0.6 em of a word box)
MAX_HEIGHT_EMS = 2.2  # ... taller, a stamp, a logo, a signature or two lines run together
MIN_WIDTH_EMS = 0.9  # ... narrower than one character: a speck
MIN_INK_SHARE = 0.04  # of the region's area: a faint smudge has less (light print thresholded is thin strokes)
MAX_INK_SHARE = 0.6  # ... a black blot (a punched hole, a redaction bar) has more


@dataclass(frozen=True, slots=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def uncovered_regions(image: np.ndarray, words: Sequence[Box], em: float) -> list[Box]:
    """Line-shaped regions of ink outside every word box and every ruling line, in full-image
    pixels, top to bottom; `em` is the page's type size in pixels."""
    small_em = max(2.0, em / _SCALE)
    ink = (image[::_SCALE, ::_SCALE] < INK_BELOW).astype(np.uint8)
    ink &= ~_rules(ink, small_em)
    pad = max(1, round(small_em / 6))
    for word in words:
        ink[max(0, word.top // _SCALE - pad):word.bottom // _SCALE + pad + 1,
            max(0, word.left // _SCALE - pad):word.right // _SCALE + pad + 1] = 0
    return sorted((_full_size(box) for box in _text_like(ink, small_em)), key=lambda box: (box.top, box.left))


def _rules(ink: np.ndarray, em: float) -> np.ndarray:
    """Ruling lines and box frames: runs of ink four ems long across or two ems down."""
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (round(4 * em), 1)))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, round(2 * em))))
    return across | down


def _text_like(ink: np.ndarray, em: float) -> list[Box]:
    """The ink's characters joined into words and words into line pieces (gaps under an em: the height of a word box, about two spaces),
    kept where they have a text line's height, width and ink share."""
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(em)), max(1, round(em / 5)))))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = []
    for left, top, width, height, _ in stats[1:count]:
        if not (MIN_HEIGHT_EMS * em <= height <= MAX_HEIGHT_EMS * em and width >= MIN_WIDTH_EMS * em):
            continue
        tight = _ink_bounds(ink[top:top + height, left:left + width])
        if tight is None:
            continue
        x0, y0, x1, y1 = tight
        if not (MIN_HEIGHT_EMS * em <= y1 - y0 and x1 - x0 >= MIN_WIDTH_EMS * em):
            continue
        share = float(ink[top + y0:top + y1, left + x0:left + x1].mean())
        if MIN_INK_SHARE <= share <= MAX_INK_SHARE:
            regions.append(Box(int(left + x0), int(top + y0), int(x1 - x0), int(y1 - y0)))
    return regions


def _ink_bounds(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """The box of the ink itself inside a dilated region (dilation widens it by a third of an em)."""
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _full_size(box: Box) -> Box:
    return Box(box.left * _SCALE, box.top * _SCALE, box.width * _SCALE, box.height * _SCALE)


__all__ = ["Box", "uncovered_regions"]
