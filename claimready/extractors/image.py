"""Images (PNG, JPEG, TIFF): every page goes through OCR. Placeholder until OCR lands."""

from __future__ import annotations

from claimready.errors import UnsupportedFormat
from claimready.models import DocumentText, FileKind, SourceFile
from claimready.settings import Settings


class ImageReader:
    name = "image"

    def score(self, file: SourceFile) -> int:
        return 100 if file.kind in (FileKind.PNG, FileKind.JPEG, FileKind.TIFF) else 0

    def read(self, file: SourceFile, settings: Settings) -> DocumentText:
        raise UnsupportedFormat("images need OCR, which is not installed in this build")
