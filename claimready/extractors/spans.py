"""A document seen as lines with cells and label hits, and the evidence behind a value.

`DocView` is built once per document: each line's cells (columns) and label hits. A `Span`
is a character range on one line; `field_value` turns it into a FieldValue whose bbox and
confidence come from the words behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from claimready.extractors.labels import Cell, LabelHit, cells_of, label_index
from claimready.models import BBox, DocumentText, FieldScalar, FieldValue, Line, Page
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
    page: Page
    cells: tuple[tuple[Cell, ...], ...]
    hits: tuple[tuple[LabelHit, ...], ...]

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
        cells = tuple(cells_of(line) for line in page.lines)
        hits = tuple(tuple(index.hits(i, line, cells[i], ocr)) for i, line in enumerate(page.lines))
        pages.append(PageView(page, cells, hits))
    return DocView(tuple(pages), text.text, index.kinds)


def accepted(hit: LabelHit, kind: str) -> bool:
    """A label counts when a colon follows it, or it heads a cell, or (long labels) the value is strict."""
    if hit.colon:
        return True
    strict = kind in STRICT_KINDS
    if hit.at_cell_start:
        return strict or not hit.short or hit.alone
    return strict and not hit.short


def field_value(view: DocView, spans: list[Span], value: FieldScalar, sure: float = 1.0,
                raw: str | None = None) -> FieldValue:
    words = []
    for span in spans:
        words.extend(view.pages[span.page].line(span.line).words_in(span.start, span.end))
    first = spans[0]
    page = view.pages[first.page].page
    if not words:
        words = list(page.lines[first.line].words)
    box = BBox.enclosing([w.bbox for w in words])
    confidence = min(w.confidence for w in words) * sure
    printed = raw if raw is not None else " ".join(view.span_text(s).strip() for s in spans)
    return FieldValue(value=value, raw=printed, page=page.number, bbox=box, confidence=round(confidence, 4),
                      source=words[0].source)
