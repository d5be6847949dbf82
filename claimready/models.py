"""Typed values that pass between pipeline stages.

Every stage takes and returns frozen dataclasses from this module; pydantic appears only at
the edges (manifest, report JSON, API, database). Read top to bottom, the types follow the
pipeline: SourceFile -> DocumentText (pages of words) -> Classification -> fields ->
ExtractedDocument -> Discrepancy -> Verdict -> ClaimReport.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, Mapping

Source = Literal["text", "ocr"]
FieldScalar = str | int | bool | tuple[str, ...]


class DocType(StrEnum):
    CONTRACT = "contract"
    AMENDMENT = "amendment"
    INVOICE = "invoice"
    BILL_OF_LADING = "bill_of_lading"
    DELIVERY_RECEIPT = "delivery_receipt"
    DUNNING_LETTER = "dunning_letter"
    DEBT_ACKNOWLEDGEMENT = "debt_acknowledgement"
    BANKRUPTCY_RULING = "bankruptcy_ruling"
    GOVERNMENT_ORDER = "government_order"
    OTHER = "other"


class Severity(StrEnum):
    BLOCKING = "blocking"
    MAJOR = "major"
    MINOR = "minor"
    INFO = "info"


class Status(StrEnum):
    READY = "ready"
    NEEDS_REVIEW = "needs_review"
    NOT_READY = "not_ready"


class FileKind(StrEnum):
    """What a file is, from its first bytes (never from its name)."""

    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class BBox:
    """Fractions of the page's width and height, origin top-left (SPEC section 4)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def as_list(self) -> list[float]:
        return [round(self.x0, 4), round(self.y0, 4), round(self.x1, 4), round(self.y1, 4)]

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0),
                    max(self.x1, other.x1), max(self.y1, other.y1))

    @staticmethod
    def enclosing(boxes: "list[BBox] | tuple[BBox, ...]") -> BBox:
        box = boxes[0]
        for other in boxes[1:]:
            box = box.union(other)
        return box


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float = 1.0  # 0..1; text-layer words are 1.0
    source: Source = "text"
    glued: bool = False  # printed with no space before it (a piece of a longer word, CJK text)


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one visual line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self._pieces())

    def _pieces(self) -> list[tuple[str, Word | None]]:
        pieces: list[tuple[str, Word | None]] = []
        for i, word in enumerate(self.words):
            if i and not word.glued:
                pieces.append((" ", None))
            pieces.append((word.text, word))
        return pieces

    def spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) of every word within `text`."""
        out: list[tuple[int, int, Word]] = []
        pos = 0
        for text, word in self._pieces():
            if word is not None:
                out.append((pos, pos + len(text), word))
            pos += len(text)
        return out

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words that overlap characters start..end of `text` (evidence for a match)."""
        return tuple(w for s, e, w in self.spans() if s < end and e > start)

    @property
    def bbox(self) -> BBox:
        return BBox.enclosing([w.bbox for w in self.words])

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=1.0)


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float  # points (PDF) or pixels (image), as uploaded
    height: float
    lines: tuple[Line, ...]
    source: Source = "text"
    error: str | None = None  # this page could not be read (e.g. OCR timeout); others still count

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line.words)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One uploaded file: its name as uploaded, where its bytes are, what it is."""

    name: str
    path: str
    sha256: str
    size: int
    kind: FileKind


@dataclass(frozen=True, slots=True)
class DocumentText:
    """All pages of one file, each from its text layer or OCR."""

    pages: tuple[Page, ...]
    language: str  # "en", "zh" or "en+zh"

    @property
    def ocr_pages(self) -> tuple[int, ...]:
        return tuple(p.number for p in self.pages if p.source == "ocr")

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    @property
    def page_errors(self) -> tuple[str, ...]:
        return tuple(f"page {p.number}: {p.error}" for p in self.pages if p.error)


@dataclass(frozen=True, slots=True)
class Classification:
    doc_type: DocType
    confidence: float


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One extracted field with its evidence: where on which page, how sure, from what."""

    value: FieldScalar
    raw: str
    page: int
    bbox: BBox
    confidence: float
    source: Source = "text"
    doubtful: str = ""  # the value's words OCR read with doubt (spans.DOUBTFUL_WORD), space between


def frozen_map(items: Mapping[str, FieldValue] | None = None) -> Mapping[str, FieldValue]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    file: SourceFile
    doc_type: DocType
    doc_type_confidence: float
    pages: int
    ocr_pages: tuple[int, ...]
    language: str
    fields: Mapping[str, FieldValue] = field(default_factory=frozen_map)
    errors: tuple[str, ...] = ()
    unreadable: bool = False  # the file itself could not be read (UNREADABLE_DOCUMENT)

    @property
    def name(self) -> str:
        return self.file.name

    def value(self, name: str) -> FieldScalar | None:
        fv = self.fields.get(name)
        return None if fv is None else fv.value


@dataclass(frozen=True, slots=True)
class Discrepancy:
    code: str
    severity: Severity
    message: str
    documents: tuple[str, ...] = ()
    field: str | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    score: int
    discrepancies: tuple[Discrepancy, ...]


@dataclass(frozen=True, slots=True)
class ClaimReport:
    claim_id: str
    tenant: str
    claim_type: str
    verdict: Verdict
    documents: tuple[ExtractedDocument, ...]
