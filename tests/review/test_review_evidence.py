"""Evidence crops: the value's box highlighted on a crop of its page, cached by hash."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from claimready.errors import InputError
from claimready.models import BBox
from claimready.review.evidence import CropSpec, EvidenceRenderer, crop_window, parse_bbox, render_page
from review_samples import INVOICE_BUYER, ZH_SELLER, draw, find_bbox

RED = (214, 40, 40)


def _red_pixels(image: Image.Image) -> int:
    rgb = np.asarray(image.convert("RGB")).astype(int)
    return int(((rgb[..., 0] > 180) & (rgb[..., 1] < 90) & (rgb[..., 2] < 90)).sum())


def _dark_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return int((np.asarray(image.convert("L").crop(box)) < 100).sum())


@pytest.fixture
def invoice(tmp_path: Path) -> Path:
    return draw(tmp_path / "inv.pdf", [(60, 60, "INVOICE"), (60, 140, f"Buyer: {INVOICE_BUYER}"),
                                       (60, 400, f"Seller: {ZH_SELLER}")])


def test_crop_window_keeps_label_and_stays_on_page() -> None:
    spec = CropSpec(margin_x=0.1, margin_y=0.02, min_width=0.45)
    window = crop_window(BBox(0.02, 0.5, 0.1, 0.52), spec)
    assert window.x0 == 0.0 and window.x1 == pytest.approx(0.45)
    assert window.y0 == pytest.approx(0.48) and window.y1 == pytest.approx(0.54)
    wide = crop_window(BBox(0.2, 0.1, 0.9, 0.12), spec)
    assert (wide.x0, wide.x1) == (pytest.approx(0.1), 1.0)


def test_crop_png_shows_the_value_highlighted(invoice: Path) -> None:
    data = invoice.read_bytes()
    box = find_bbox(invoice, INVOICE_BUYER)
    png = EvidenceRenderer().crop_png("sha-inv", 1, box, lambda: data)
    crop = Image.open(io.BytesIO(png))
    assert crop.format == "PNG"
    page_w = round(595.27 * 150 / 72)
    assert crop.width == pytest.approx(page_w * crop_window(box, CropSpec()).x1 - page_w * crop_window(box, CropSpec()).x0, abs=3)
    assert crop.height < crop.width / 3  # a strip around one line, not the page
    assert _red_pixels(crop) > 100  # the outline is drawn
    assert _dark_pixels(crop, (0, 0, crop.width, crop.height)) > 200  # the printed words are visible


def test_crop_png_renders_chinese_text(invoice: Path) -> None:
    data = invoice.read_bytes()
    png = EvidenceRenderer().crop_png("sha-inv", 1, find_bbox(invoice, ZH_SELLER), lambda: data)
    crop = Image.open(io.BytesIO(png))
    assert _dark_pixels(crop, (0, 0, crop.width, crop.height)) > 200


def test_crop_png_is_cached_by_hash_page_and_box(invoice: Path) -> None:
    data = invoice.read_bytes()
    loads: list[int] = []

    def load() -> bytes:
        loads.append(1)
        return data

    renderer = EvidenceRenderer()
    first = renderer.crop_png("sha-inv", 1, find_bbox(invoice, INVOICE_BUYER), load)
    again = renderer.crop_png("sha-inv", 1, find_bbox(invoice, INVOICE_BUYER), load)
    other = renderer.crop_png("sha-inv", 1, find_bbox(invoice, ZH_SELLER), load)
    assert first == again and other != first
    assert len(loads) == 1  # one read of the file for every crop of its page


def test_page_png_highlights_the_whole_page(invoice: Path) -> None:
    data = invoice.read_bytes()
    renderer = EvidenceRenderer()
    plain = Image.open(io.BytesIO(renderer.page_png("sha-inv", 1, lambda: data)))
    marked = Image.open(io.BytesIO(renderer.page_png("sha-inv", 1, lambda: data, find_bbox(invoice, INVOICE_BUYER))))
    assert plain.size == marked.size and plain.height > plain.width
    assert _red_pixels(plain) == 0 and _red_pixels(marked) > 100


def test_render_page_reads_image_files(tmp_path: Path) -> None:
    image = Image.new("L", (400, 300), 255)
    for x in range(100, 200):
        image.putpixel((x, 150), 0)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    page = render_page(buf.getvalue(), 1, 150, 10_000_000)
    assert page.size == (400, 300) and page.mode == "RGB"
    png = EvidenceRenderer().crop_png("sha-png", 1, BBox(0.25, 0.45, 0.5, 0.55), buf.getvalue)
    crop = Image.open(io.BytesIO(png))
    assert _dark_pixels(crop, (0, 0, crop.width, crop.height)) > 50 and _red_pixels(crop) > 20


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "0.5,0.5,0.4,0.6", "0,0,1.2,1"])
def test_parse_bbox_refuses_what_is_not_a_box(text: str) -> None:
    with pytest.raises(InputError):
        parse_bbox(text)


def test_parse_bbox_reads_a_url_parameter() -> None:
    assert parse_bbox("0.1,0.2,0.3,0.4") == BBox(0.1, 0.2, 0.3, 0.4)
