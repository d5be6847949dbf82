from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from ocr_scans import INVOICE_EN, png_header_only, text_pdf
from PIL import Image

from claimready.errors import CorruptFile, TooLarge
from claimready.extractors.render import load_image_frame, read_image_header, render_pdf_page


def test_render_pdf_page_at_requested_dpi(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [INVOICE_EN])
    image = render_pdf_page(str(pdf), 1, 150, max_pixels=10**8)
    assert image.mode == "L"
    assert abs(image.width - 595.28 * 150 / 72) <= 1 and abs(image.height - 841.89 * 150 / 72) <= 1


def test_render_refuses_giant_page_before_rendering(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "poster.pdf", [[(72, 100, "A0 poster")]], pagesize=(14400, 14400))
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="page 1 .* pixels at 300 dpi"):
            render_pdf_page(str(pdf), 1, 300, max_pixels=60_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_render_image_header_refuses_decompression_bomb_without_decoding(tmp_path: Path) -> None:
    bomb = png_header_only(tmp_path / "bomb.png", 60_000, 60_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="too large|pixels"):
            read_image_header(str(bomb), max_pixels=60_000_000, max_pages=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # 3.6 G pixels were never allocated


def test_render_image_header_refuses_image_just_over_our_limit(tmp_path: Path) -> None:
    image = png_header_only(tmp_path / "big.png", 3000, 3000)  # 9 M pixels, under Pillow's default
    with pytest.raises(TooLarge, match="3000x3000"):
        read_image_header(str(image), max_pixels=5_000_000, max_pages=10)


def test_render_image_header_refuses_too_many_tiff_frames(tmp_path: Path) -> None:
    frames = [Image.new("L", (50, 50), 255) for _ in range(4)]
    path = tmp_path / "many.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert read_image_header(str(path), 10**8, max_pages=4).frames == 4
    with pytest.raises(TooLarge, match="4 pages"):
        read_image_header(str(path), 10**8, max_pages=3)


def test_render_truncated_image_is_corrupt(tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    Image.effect_noise((400, 400), 60).save(good)
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(CorruptFile, match="corrupt"):
        load_image_frame(str(cut), 0, 10**8)


def test_render_garbage_with_image_magic_is_corrupt(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 4)
    with pytest.raises(CorruptFile):
        read_image_header(str(junk), 10**8, 10)


def test_render_transparent_png_is_flattened_on_white(tmp_path: Path) -> None:
    path = tmp_path / "clear.png"
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(path)
    image, _ = load_image_frame(str(path), 0, 10**8)
    assert image.mode == "L" and image.getextrema() == (255, 255)
