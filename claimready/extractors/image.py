"""Images (PNG, JPEG, TIFF incl. multi-page): every page goes through OCR (see ocr.py)."""

from __future__ import annotations

from claimready.errors import CorruptFile, UnreadableDocument
from claimready.extractors.layout import detect_language
from claimready.extractors.ocr import ocr_image_pages
from claimready.models import DocumentText, FileKind, SourceFile
from claimready.settings import Settings


class ImageReader:
    name = "image"

    def score(self, file: SourceFile) -> int:
        return 100 if file.kind in (FileKind.PNG, FileKind.JPEG, FileKind.TIFF) else 0

    def read(self, file: SourceFile, settings: Settings) -> DocumentText:
        """Header guards first (pixels, frames: TooLarge; undecodable: CorruptFile), then OCR."""
        if not settings.ocr_enabled:
            raise UnreadableDocument("the file is an image and OCR is disabled")
        outcomes = ocr_image_pages(file, settings)
        failures = [o for o in outcomes if o.failure]
        if failures and len(failures) == len(outcomes) and all(o.failure == CorruptFile.code for o in failures):
            raise CorruptFile(failures[0].page.error or "the image is corrupt")
        pages = tuple(o.page for o in outcomes)
        return DocumentText(pages=pages, language=detect_language("\n".join(p.text for p in pages)))
