"""Helpers shared by the classification and field tests: draw a PDF, read it, classify, extract."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from claimready.extractors.base import read_document
from claimready.extractors.classify import classify
from claimready.extractors.fields import extract_fields
from claimready.intake.folder import identify_file
from claimready.models import BBox, Classification, DocType, DocumentText, FieldValue, Line, Page, Word
from claimready.rules import Rules
from claimready.settings import Settings

Lines = list[tuple[float, float, str]]


def read(make_pdf: Callable[..., Path], settings: Settings, *pages: Lines) -> DocumentText:
    return read_document(identify_file(make_pdf("doc.pdf", *pages)), settings)


def fields_of(make_pdf: Callable[..., Path], settings: Settings, rules: Rules, doc_type: DocType,
              *pages: Lines) -> Mapping[str, FieldValue]:
    return extract_fields(read(make_pdf, settings, *pages), doc_type, rules)


def values(fields: Mapping[str, FieldValue]) -> dict[str, object]:
    return {k: v.value for k, v in fields.items()}


def kind_of(make_pdf: Callable[..., Path], settings: Settings, rules: Rules, *pages: Lines) -> Classification:
    return classify(read(make_pdf, settings, *pages), rules)


def ocr_text(rows: list[str], confidence: float = 0.8) -> DocumentText:
    """A one-page OCR'd text: each row a line, words spaced as tesseract would give them."""
    lines = []
    for i, row in enumerate(rows):
        words, x = [], 0.08
        for token in row.split(" "):
            width = 0.012 * max(1, len(token))
            words.append(Word(token, BBox(x, 0.05 + i * 0.03, x + width, 0.07 + i * 0.03), confidence, "ocr"))
            x += width + 0.008
        lines.append(Line(tuple(words)))
    page = Page(number=1, width=2480, height=3508, lines=tuple(lines), source="ocr")
    return DocumentText(pages=(page,), language="en")
