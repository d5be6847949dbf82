from __future__ import annotations

from pathlib import Path

import pytest
from ocr_scans import INVOICE_EN, INVOICE_ZH, png_header_only, scan_of
from PIL import Image

from claimready.errors import CorruptFile, TooLarge, UnreadableDocument
from claimready.extractors.base import read_document
from claimready.intake.folder import identify_file
from claimready.settings import Settings


@pytest.mark.tesseract
def test_image_reader_reads_every_tiff_frame(tmp_path: Path, settings: Settings) -> None:
    first, second = scan_of(INVOICE_EN, tmp_path), scan_of(INVOICE_ZH, tmp_path)
    path = tmp_path / "scan_0007"  # names mean nothing: the kind comes from the bytes
    first.save(path, format="TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    text = read_document(identify_file(path), settings)
    assert [p.number for p in text.pages] == [1, 2] and text.ocr_pages == (1, 2)
    assert "INV-2025-0042" in text.pages[0].text and "FP-20250314-0088" in text.pages[1].text
    assert text.pages[0].width == first.width and text.language == "en+zh"


@pytest.mark.tesseract
def test_image_reader_reads_low_resolution_jpeg_without_dpi(tmp_path: Path, settings: Settings) -> None:
    small = scan_of(INVOICE_EN, tmp_path, dpi=110)  # a phone snapshot: ~910 px wide, no dpi field
    path = tmp_path / "photo.jpg"
    small.save(path, quality=70)
    text = read_document(identify_file(path), settings)
    assert "48,250.00" in text.pages[0].text
    assert text.pages[0].width == small.width  # boxes and size refer to the image as uploaded
    word = next(w for w in text.pages[0].words if w.text == "48,250.00")
    assert word.bbox.y0 == pytest.approx(325 / 842, abs=0.015)


def test_image_reader_refuses_decompression_bomb(tmp_path: Path, settings: Settings) -> None:
    path = png_header_only(tmp_path / "bomb.png", 50_000, 50_000)
    with pytest.raises(TooLarge):
        read_document(identify_file(path), settings)


def test_image_reader_refuses_too_many_frames(tmp_path: Path) -> None:
    frames = [Image.new("L", (60, 60), 255) for _ in range(6)]
    path = tmp_path / "annex.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    with pytest.raises(TooLarge, match="6 pages"):
        read_document(identify_file(path), Settings(max_pages=5, ocr_workers=1))


def test_image_reader_names_corrupt_image(tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "good.png"
    Image.effect_noise((300, 300), 50).save(good)
    path = tmp_path / "cut.png"
    path.write_bytes(good.read_bytes()[:1500])
    with pytest.raises(CorruptFile, match="corrupt"):
        read_document(identify_file(path), settings)


def test_image_reader_refuses_images_when_ocr_is_disabled(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    Image.new("L", (100, 100), 255).save(path)
    with pytest.raises(UnreadableDocument, match="OCR is disabled"):
        read_document(identify_file(path), Settings(ocr_enabled=False))
