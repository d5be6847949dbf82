"""Text-layer PDFs: words with positions from pdfplumber; pages without a usable text layer
go to OCR (see `claimready.extractors.ocr`)."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfplumber.utils.exceptions import PdfminerException

from claimready.errors import CorruptFile, EncryptedFile, TooLarge, UnreadableDocument
from claimready.extractors.layout import detect_language, group_lines, is_cjk
from claimready.extractors.render import open_pdf
from claimready.models import BBox, DocumentText, FileKind, Page, SourceFile, Word
from claimready.settings import Settings

_CID = re.compile(r"\(cid:\d+\)")
_GARBAGE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPLIT_PUNCT = set(":：")
MAX_CONTENT_BYTES = 32 * 1024 * 1024  # decoded content streams of one page (real pages: well under 1 MB)


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
    """Text-layer words of every page; raises a precise UnreadableDocument on bad files.

    pdfium counts the pages first (cheap, before pdfminer builds a page object per page) and
    repairs what pdfminer cannot: a PDF whose cross-reference table is wrong but whose objects
    are intact opens in every viewer, so it is re-saved by pdfium and read again."""
    declared = _pdfium_page_count(file.path)
    if declared is not None and declared > settings.max_pages:
        raise TooLarge(f"the PDF has {declared} pages, more than the {settings.max_pages} allowed")
    try:
        pages = _plumber_pages(file.path, settings)
    except CorruptFile:
        if not declared:
            raise
        return _read_repaired(file.path, settings)
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        if not declared:
            raise _pdf_error(exc) from None
        return _read_repaired(file.path, settings)
    if not pages and declared:
        return _read_repaired(file.path, settings)
    return pages


def _plumber_pages(source: str | io.BytesIO, settings: Settings) -> tuple[Page, ...]:
    with pdfplumber.open(source) as pdf:
        count = len(pdf.pages)
        if count > settings.max_pages:
            raise TooLarge(f"the PDF has {count} pages, more than the {settings.max_pages} allowed")
        if not count and not isinstance(resolve1(pdf.doc.catalog.get("Pages")), dict):
            raise CorruptFile("the PDF is corrupt or truncated (no page tree could be found)")
        for number, page in enumerate(pdf.pages, start=1):
            check_content_size(page.page_obj, number)
        return tuple(_read_page(page, number) for number, page in enumerate(pdf.pages, start=1))


def _pdfium_page_count(path: str) -> int | None:
    """Pages as pdfium counts them; None when pdfium cannot open the file (pdfminer then
    names the reason: pdfium's error after a failed load can be stale)."""
    try:
        with open_pdf(path) as pdf:
            return len(pdf)
    except UnreadableDocument:
        return None


def _read_repaired(path: str, settings: Settings) -> tuple[Page, ...]:
    """pdfminer found no pages where pdfium did: read pdfium's repaired copy (same pages)."""
    buffer = io.BytesIO()
    try:
        with open_pdf(path) as pdf:
            pdf.save(buffer)
        buffer.seek(0)
        return _plumber_pages(buffer, settings)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise _pdf_error(exc) from None


def check_content_size(page_obj: object, number: int, limit: int = MAX_CONTENT_BYTES) -> None:
    """Refuse a page whose content streams inflate beyond `limit` bytes (a 'zip bomb' in a
    PDF: 200 KB that deflates to 200 MB of operators ties pdfminer up for many minutes).
    Measured by inflating in bounded chunks, never holding more than one chunk."""
    streams = resolve1(getattr(page_obj, "contents", None) or [])
    total = 0
    for stream in streams if isinstance(streams, list) else [streams]:
        total += _inflated_size(resolve1(stream), limit - total + 1)
        if total > limit:
            raise TooLarge(f"page {number}'s content inflates to more than {limit // (1024 * 1024)} MB")


def _inflated_size(stream: object, cap: int) -> int:
    """Decoded size of a FlateDecode (or unfiltered) stream, counting no further than `cap`."""
    if not isinstance(stream, PDFStream) or stream.rawdata is None:
        return 0
    filters = stream.get_filters()
    if not filters:
        return len(stream.rawdata)
    if len(filters) != 1 or filters[0][0] not in LITERALS_FLATE_DECODE:
        return 0  # other filters are rare in content streams; pdfminer decodes them as usual
    data = stream.rawdata
    if stream.decipher:  # an encrypted PDF opened without a user password
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    inflater = zlib.decompressobj()
    size = 0
    try:
        while data and size < cap:
            size += len(inflater.decompress(data, 1024 * 1024))
            data = inflater.unconsumed_tail
    except zlib.error:
        return size  # pdfminer handles (or reports) broken streams itself
    return size


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
