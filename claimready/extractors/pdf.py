"""Text-layer PDFs: words with positions from pdfplumber; pages without a usable text layer
go to OCR (see `claimready.extractors.ocr`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from claimready.errors import CorruptFile, EncryptedFile, TooLarge, UnreadableDocument
from claimready.extractors.layout import detect_language, group_lines, is_cjk
from claimready.models import BBox, DocumentText, FileKind, Page, SourceFile, Word
from claimready.settings import Settings

_CID = re.compile(r"\(cid:\d+\)")
_GARBAGE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPLIT_PUNCT = set(":：")


class PdfReader:
    name = "pdf"

    def score(self, file: SourceFile) -> int:
        return 100 if file.kind == FileKind.PDF else 0

    def read(self, file: SourceFile, settings: Settings) -> DocumentText:
        pages = read_pdf_pages(file, settings)
        missing = [p.number for p in pages if not has_usable_text(p, settings)]
        if missing:
            pages = _replace_pages(pages, ocr_missing_pages(file, missing, settings))
        if not pages:
            raise UnreadableDocument("the PDF has no pages")
        return DocumentText(pages=pages, language=detect_language("\n".join(p.text for p in pages)))


def read_pdf_pages(file: SourceFile, settings: Settings) -> tuple[Page, ...]:
    """Text-layer words of every page; raises a precise UnreadableDocument on bad files."""
    try:
        with pdfplumber.open(file.path) as pdf:
            count = len(pdf.pages)
            if count > settings.max_pages:
                raise TooLarge(f"the PDF has {count} pages, more than the {settings.max_pages} allowed")
            return tuple(_read_page(page, number) for number, page in enumerate(pdf.pages, start=1))
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise _pdf_error(exc) from None


def _pdf_error(exc: BaseException) -> UnreadableDocument:
    """Name what is wrong with a PDF pdfminer could not open (pdfplumber wraps its errors)."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
        return EncryptedFile("the PDF is encrypted and needs a password to open")
    detail = f"{type(cause).__name__}: {str(cause)[:200]}".rstrip(": ")
    return CorruptFile(f"the PDF is corrupt or truncated ({detail})")


def _read_page(page: pdfplumber.page.Page, number: int) -> Page:
    width, height = float(page.width), float(page.height)
    if width <= 0 or height <= 0:
        return Page(number=number, width=width, height=height, lines=(), error="page has no size")
    raw_words = page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=True)
    words = [w for raw in raw_words for w in _split_word(raw, width, height, float(page.bbox[0]), float(page.bbox[1]))]
    return Page(number=number, width=width, height=height, lines=group_lines(words), source="text")


def _split_word(raw: dict, width: float, height: float, ox: float, oy: float) -> Iterator[Word]:
    """Split a pdfplumber word at CJK/Latin boundaries and at colons, so that the value in
    '发票号码：INV-001' gets its own word and its own box."""
    chars = raw.get("chars") or []
    if not chars or not any(is_cjk(c["text"]) or c["text"] in _SPLIT_PUNCT for c in chars):
        yield _word(raw["text"], raw["x0"], raw["top"], raw["x1"], raw["bottom"], width, height, ox, oy)
        return
    run: list[dict] = []
    run_kind: str | None = None
    glued = False
    for ch in chars:
        kind = "punct" if ch["text"] in _SPLIT_PUNCT else ("cjk" if is_cjk(ch["text"]) else "latin")
        if run and (kind != run_kind or kind == "punct"):
            yield _chars_word(run, width, height, ox, oy, glued)
            run, glued = [], True
        run.append(ch)
        run_kind = kind
    if run:
        yield _chars_word(run, width, height, ox, oy, glued)


def _chars_word(chars: list[dict], width: float, height: float, ox: float, oy: float, glued: bool) -> Word:
    return _word("".join(c["text"] for c in chars), min(c["x0"] for c in chars), min(c["top"] for c in chars),
                 max(c["x1"] for c in chars), max(c["bottom"] for c in chars), width, height, ox, oy, glued)


def _word(text: str, x0: float, top: float, x1: float, bottom: float,
          width: float, height: float, ox: float, oy: float, glued: bool = False) -> Word:
    def clamp(v: float) -> float:
        return min(1.0, max(0.0, v))

    box = BBox(clamp((x0 - ox) / width), clamp((top - oy) / height), clamp((x1 - ox) / width), clamp((bottom - oy) / height))
    return Word(text=text, bbox=box, confidence=1.0, source="text", glued=glued)


def has_usable_text(page: Page, settings: Settings) -> bool:
    """A text layer counts when it has enough real characters and is not mostly garbage:
    '(cid:12)' glyph codes, U+FFFD, private-use or control characters (fonts without a
    Unicode map), which would otherwise hide a scanned page from OCR."""
    if page.error:
        return True  # nothing to OCR on a page that cannot even be measured
    text = _CID.sub("\ufffd", page.text)
    visible = [c for c in text if not c.isspace()]
    usable = sum(1 for c in visible if c.isalnum() and not _GARBAGE.match(c))
    garbage = sum(1 for c in visible if _GARBAGE.match(c))
    if usable < settings.min_text_chars_per_page:
        return False
    return garbage <= 0.25 * len(visible)


def ocr_missing_pages(file: SourceFile, numbers: list[int], settings: Settings) -> dict[int, Page]:
    """OCR the given 1-based pages of a PDF. Until OCR is installed, they carry an error."""
    try:
        from claimready.extractors.ocr import ocr_pdf_pages
    except ImportError:
        return {n: Page(number=n, width=0, height=0, lines=(), source="ocr", error="no text layer and OCR is not available")
                for n in numbers}
    return ocr_pdf_pages(file, numbers, settings)


def _replace_pages(pages: tuple[Page, ...], replacements: dict[int, Page]) -> tuple[Page, ...]:
    return tuple(replacements.get(p.number, p) for p in pages)
