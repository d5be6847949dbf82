"""Readers turn a file into pages of positioned words; the best-scoring reader wins.

As paperless-ngx picks a parser by MIME type and score, each reader scores a file
(0 = cannot read it) and the highest score reads it. New formats plug in by adding a reader
to `READERS`, nothing else changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from claimready.errors import EmptyFile, TooLarge, UnreadableDocument, UnsupportedFormat
from claimready.intake.sniff import describe_unknown
from claimready.models import DocumentText, SourceFile
from claimready.settings import Settings


class DocumentReader(Protocol):
    name: str

    def score(self, file: SourceFile) -> int:
        """How well this reader fits the file; 0 means it cannot read it."""

    def read(self, file: SourceFile, settings: Settings) -> DocumentText:
        """All pages of the file; raises an UnreadableDocument subclass when it cannot."""


def _readers() -> tuple[DocumentReader, ...]:
    from claimready.extractors.image import ImageReader
    from claimready.extractors.pdf import PdfReader

    return (PdfReader(), ImageReader())


def check_size(file: SourceFile, settings: Settings) -> None:
    if file.size == 0:
        raise EmptyFile("the file is empty (0 bytes)")
    if file.size > settings.max_file_bytes:
        raise TooLarge(f"the file is {file.size} bytes, more than the {settings.max_file_bytes} allowed")


def choose_reader(file: SourceFile) -> DocumentReader:
    scored = sorted(((r.score(file), i, r) for i, r in enumerate(_readers())), key=lambda t: (-t[0], t[1]))
    best_score, _, best = scored[0]
    if best_score <= 0:
        with Path(file.path).open("rb") as fh:
            head = fh.read(1024)
        raise UnsupportedFormat(f"unsupported format: {describe_unknown(head)}, not a PDF or image")
    return best


def read_document(file: SourceFile, settings: Settings) -> DocumentText:
    """Stage 2: pages of positioned words from the best reader for this file."""
    check_size(file, settings)
    text = choose_reader(file).read(file, settings)
    if not any(page.lines for page in text.pages):
        reasons = "; ".join(text.page_errors) or "no page has any words"
        raise UnreadableDocument(f"no text could be read from the document ({reasons})")
    return text
