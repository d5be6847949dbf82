"""A document seen as lines with cells and label hits, and the evidence behind a value.

`DocView` is built once per document: each line's cells (columns) and label hits. A `Span`
is a character range on one line; `field_value` turns it into a FieldValue whose bbox and
confidence come from the words behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from claimready.extractors.labels import Cell, LabelHit, column_cells, label_index
from claimready.models import BBox, DocumentText, FieldScalar, FieldValue, Line, Page, Word
from claimready.rules import Rules

STRICT_KINDS = frozenset({"date", "amount", "reference", "references", "terms", "currency"})


@dataclass(frozen=True, slots=True)
class Span:
    page: int  # index into DocView.pages
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PageView:
    page: Page  # upright: boxes turned so that text runs left to right (layout reasoning)
    cells: tuple[tuple[Cell, ...], ...]
    hits: tuple[tuple[LabelHit, ...], ...]
    original: Page  # boxes on the page as uploaded (the evidence reported)

    def line(self, i: int) -> Line:
        return self.page.lines[i]


@dataclass(frozen=True, slots=True)
class DocView:
    pages: tuple[PageView, ...]
    text: str
    kinds: Mapping[str, str]  # label set -> value kind

    def span_text(self, span: Span) -> str:
        return self.pages[span.page].line(span.line).text[span.start:span.end]

    def lines(self):  # (page index, line index, Line) of every line, in reading order
        for p, view in enumerate(self.pages):
            for i, line in enumerate(view.page.lines):
                yield p, i, line


def build_view(text: DocumentText, rules: Rules) -> DocView:
    index = label_index(rules)
    pages = []
    for page in text.pages:
        ocr = page.source == "ocr"
        upright_page = upright(page)
        cells = column_cells(upright_page.lines)
        hits = tuple(tuple(index.hits(i, line, cells[i], ocr)) for i, line in enumerate(upright_page.lines))
        pages.append(PageView(upright_page, cells, hits, page))
    return DocView(tuple(pages), text.text, index.kinds)


_TURNS = {  # reading direction of a line -> (x, y) of a point in the upright frame
    (0, 1): lambda x, y: (y, 1 - x),
    (-1, 0): lambda x, y: (1 - x, 1 - y),
    (0, -1): lambda x, y: (1 - y, x),
}


def reading_direction(page: Page) -> tuple[int, int]:
    """Which way text runs on the page as uploaded: (1, 0) upright; else a turned scan."""
    dx = dy = 0.0
    for line in page.lines:
        if len(line.words) >= 2:
            first, last = line.words[0].bbox, line.words[-1].bbox
            dx += (last.x0 + last.x1 - first.x0 - first.x1) / 2
            dy += (last.y0 + last.y1 - first.y0 - first.y1) / 2
    if abs(dx) >= abs(dy):
        return (1, 0) if dx >= 0 else (-1, 0)
    return (0, 1) if dy > 0 else (0, -1)


def upright(page: Page) -> Page:
    """The page with its word boxes turned so that lines run left to right, top to bottom.
    Words, lines and their order are unchanged, so character offsets stay valid."""
    turn = _TURNS.get(reading_direction(page))
    if turn is None:
        return page

    def box(b: BBox) -> BBox:
        (ax, ay), (bx, by) = turn(b.x0, b.y0), turn(b.x1, b.y1)
        return BBox(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    lines = tuple(Line(tuple(replace(w, bbox=box(w.bbox)) for w in line.words)) for line in page.lines)
    return replace(page, lines=lines)


def accepted(hit: LabelHit, kind: str) -> bool:
    """A label counts when a colon follows it, or it heads a cell, or (long labels) the value is strict."""
    if hit.colon:
        return True
    if kind == "reference" and hit.bare:  # "Contract price is ..." is no contract number's label
        return hit.alone and hit.at_cell_start
    strict = kind in STRICT_KINDS
    if hit.at_cell_start:
        return strict or not hit.short or hit.alone
    return strict and not hit.short


def field_value(view: DocView, spans: list[Span], value: FieldScalar, sure: float = 1.0,
                raw: str | None = None) -> FieldValue:
    words = []
    for span in spans:
        words.extend(view.pages[span.page].original.lines[span.line].words_in(span.start, span.end))
    first = spans[0]
    page = view.pages[first.page].original
    if not words:
        words = list(page.lines[first.line].words)
    box = BBox.enclosing([w.bbox for w in words])
    confidence = min(w.confidence for w in words) * sure
    printed = raw if raw is not None else " ".join(view.span_text(s).strip() for s in spans)
    return FieldValue(value=value, raw=printed, page=page.number, bbox=box, confidence=round(confidence, 4),
                      source=words[0].source, doubtful=doubtful_text(words))


DOUBTFUL_WORD = 0.80  # OCR confidence under which a word's characters may be misread (tesseract read
# 青鸟 for 青岛 at 0.93 and 0.50, 金介 for 金鹭 at 0.00; a true 锦城 at 0.88)


def doubtful_text(words: list[Word]) -> str:
    """The OCR'd words read below DOUBTFUL_WORD, space between: which words and characters a check
    may take for misread."""
    return " ".join(w.text for w in words if w.source == "ocr" and w.confidence < DOUBTFUL_WORD)
