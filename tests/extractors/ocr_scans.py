"""Scanned test pages made on the spot: reportlab text -> pdfium render -> PIL rotate/noise.

Positions are known: text drawn at (x pt, y pt from the top) of an A4 page lands at
(x, y) * dpi / 72 pixels on the upright render.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

A4_W, A4_H = A4
FONT = "STSong-Light"
SIZE = 12

INVOICE_EN = [
    (72, 90, "COMMERCIAL INVOICE"),
    (72, 130, "Invoice No.: INV-2025-0042"),
    (72, 155, "Date: 14 March 2025"),
    (72, 180, "Seller: Shenzhen Huaxin Machinery Co., Ltd."),
    (72, 205, "Buyer: Rio Verde Importadora Ltda."),
    (72, 245, "Item  Description             Qty    Amount"),
    (72, 270, "1     CNC lathe CK6140        2      24,000.00"),
    (72, 295, "2     Milling machine X6132   1      24,250.00"),
    (72, 335, "Total: USD 48,250.00"),
    (72, 360, "Payment terms: 60 days after B/L date"),
]

INVOICE_ZH = [
    (72, 90, "增值税普通发票"),
    (72, 130, "发票号码：FP-20250314-0088"),
    (72, 155, "开票日期：2025年3月14日"),
    (72, 180, "销售方：深圳华信机械有限公司"),
    (72, 205, "购买方：上海远航贸易有限公司"),
    (72, 245, "合计金额：人民币312,000.00元"),
    (72, 270, "付款条件：见提单后60天"),
]


def font_for(lines: Sequence[tuple[float, float, str]]) -> str:
    """Helvetica for Latin-only pages (as real English documents are set), a CJK font otherwise."""
    return FONT if any(ord(ch) > 0x2000 for _, _, text in lines for ch in text) else "Helvetica"


def text_pdf(path: Path, pages: Sequence[Sequence[tuple[float, float, str]]], size: int = SIZE,
             pagesize: tuple[float, float] = A4) -> Path:
    c = canvas.Canvas(str(path), pagesize=pagesize)
    for lines in pages:
        c.setFont(font_for(lines), size)
        for x, y, text in lines:
            c.drawString(x, pagesize[1] - y, text)
        c.showPage()
    c.save()
    return path


def render(path: Path, dpi: int = 300, page: int = 0) -> Image.Image:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def scan_of(lines: Sequence[tuple[float, float, str]], tmp: Path, dpi: int = 300) -> Image.Image:
    """An upright greyscale 'scan' of one page with these lines."""
    return render(text_pdf(tmp / "upright.pdf", [lines]), dpi)


def degrade(image: Image.Image, turn_ccw: int = 0, skew_deg: float = 0.0, noise: float = 0.0, seed: int = 0) -> Image.Image:
    """Rotate by quarter turns (counter-clockwise, as PIL does), tilt slightly, add salt and pepper."""
    out = image
    if skew_deg:
        out = out.rotate(skew_deg, expand=True, fillcolor=255, resample=Image.BILINEAR)
    if turn_ccw:
        out = out.rotate(90 * turn_ccw, expand=True)
    if noise:
        data = np.asarray(out).copy()
        rng = np.random.default_rng(seed)
        draw = rng.random(data.shape)
        data[draw < noise / 2] = 0
        data[draw > 1 - noise / 2] = 255
        out = Image.fromarray(data)
    return out


def image_pdf(path: Path, images: Sequence[Image.Image | Sequence[tuple[float, float, str]]], dpi: int = 300) -> Path:
    """A PDF whose pages are either scanned images (no text layer) or text lines."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for index, item in enumerate(images):
        if isinstance(item, Image.Image):
            png = path.with_name(f"{path.stem}-p{index}.png")
            item.save(png)
            c.drawImage(str(png), 0, 0, width=A4_W, height=A4_H)
        else:
            c.setFont(font_for(item), SIZE)
            for x, y, text in item:
                c.drawString(x, A4_H - y, text)
        c.showPage()
    c.save()
    return path


def expected_box(x_pt: float, y_pt: float, text: str, size: int = SIZE) -> tuple[float, float, float, float]:
    """Fractions of an upright A4 page covered by `text` drawn at (x, baseline y from top)."""
    width = pdfmetrics.stringWidth(text, font_for([(0, 0, text)]), size)
    return (x_pt / A4_W, (y_pt - size * 0.8) / A4_H, (x_pt + width) / A4_W, (y_pt + size * 0.2) / A4_H)


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A tiny PNG file whose header declares width x height pixels (a decompression bomb's shape)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path
