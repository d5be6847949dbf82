"""Evidence crops: the part of a page where a value was read, with the value's box highlighted.

An adjuster compares two buyer names or two amounts without opening files: each value of a
discrepancy is shown as a crop of its page image around the field's bbox (SPEC section 4:
fractions of the page, origin top-left). Pages are rendered with the OCR engine's renderer
(claimready/extractors/render.py), so the same size guards apply, and crops are cached by
(sha256, page, bbox): a file's bytes never change under its hash.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from claimready.errors import InputError, UnsupportedFormat
from claimready.extractors.render import load_image_frame, render_pdf_page
from claimready.intake.sniff import sniff_kind
from claimready.models import BBox, FileKind

HIGHLIGHT_FILL = (255, 214, 0, 90)  # translucent yellow marker
HIGHLIGHT_EDGE = (214, 40, 40, 255)  # red outline


@dataclass(frozen=True, slots=True)
class CropSpec:
    """How much page around a value to show; fractions of the page."""

    dpi: int = 150
    margin_x: float = 0.10  # left and right: enough to show the label printed before a value
    margin_y: float = 0.025
    min_width: float = 0.45  # a short value ("USD") still shows its neighbourhood
    max_pixels: int = 40_000_000


@dataclass(frozen=True, slots=True)
class CropBox:
    """A crop window in page fractions (clamped to the page)."""

    x0: float
    y0: float
    x1: float
    y1: float


def crop_window(bbox: BBox, spec: CropSpec) -> CropBox:
    """The window around `bbox`: its margins, widened to `min_width`, clamped to the page."""
    x0, x1 = bbox.x0 - spec.margin_x, bbox.x1 + spec.margin_x
    missing = spec.min_width - (x1 - x0)
    if missing > 0:
        x0, x1 = x0 - missing / 2, x1 + missing / 2
    if x0 < 0:
        x0, x1 = 0.0, min(1.0, x1 - x0)
    if x1 > 1:
        x0, x1 = max(0.0, x0 - (x1 - 1)), 1.0
    y0, y1 = max(0.0, bbox.y0 - spec.margin_y), min(1.0, bbox.y1 + spec.margin_y)
    return CropBox(x0, y0, x1, y1)


def valid_bbox(bbox: BBox) -> bool:
    return 0 <= bbox.x0 < bbox.x1 <= 1 and 0 <= bbox.y0 < bbox.y1 <= 1


def render_page(data: bytes, page: int, dpi: int, max_pixels: int) -> Image.Image:
    """Page `page` (1-based) of a PDF or image file's bytes, in RGB."""
    kind = sniff_kind(data[:1024])
    if kind is FileKind.PDF:
        image = render_pdf_page(data, page, dpi, max_pixels)  # type: ignore[arg-type]  # pdfium takes bytes
    elif kind in (FileKind.PNG, FileKind.JPEG, FileKind.TIFF):
        image, _ = load_image_frame(io.BytesIO(data), page - 1, max_pixels)  # type: ignore[arg-type]
    else:
        raise UnsupportedFormat("the file is neither a PDF nor an image")
    return image.convert("RGB")


def highlight(image: Image.Image, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    """Draw each box (pixel coordinates) as a translucent marker with a red outline."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width = max(2, round(min(image.size) / 250))
    for x0, y0, x1, y1 in boxes:
        pad = width + 1
        draw.rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), fill=HIGHLIGHT_FILL,
                       outline=HIGHLIGHT_EDGE, width=width)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def crop_evidence(page_image: Image.Image, bbox: BBox, spec: CropSpec) -> Image.Image:
    """The crop around `bbox` with the value highlighted."""
    w, h = page_image.size
    window = crop_window(bbox, spec)
    left, top = round(window.x0 * w), round(window.y0 * h)
    crop = page_image.crop((left, top, round(window.x1 * w), round(window.y1 * h)))
    box = (bbox.x0 * w - left, bbox.y0 * h - top, bbox.x1 * w - left, bbox.y1 * h - top)
    return highlight(crop, [box])


def page_with_highlight(page_image: Image.Image, bbox: BBox | None) -> Image.Image:
    if bbox is None:
        return page_image
    w, h = page_image.size
    return highlight(page_image, [(bbox.x0 * w, bbox.y0 * h, bbox.x1 * w, bbox.y1 * h)])


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class LruCache:
    """A small thread-safe LRU of rendered bytes/images (API workers serve crops concurrently)."""

    def __init__(self, max_entries: int) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], object]) -> object:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


class EvidenceRenderer:
    """Crops and page images of stored files, cached by (sha256, page, bbox).

    `load` fetches a file's bytes by its sha256 only when nothing for it is cached, so a
    bucket read happens once per page however many values it carries.
    """

    def __init__(self, spec: CropSpec | None = None, max_pages: int = 16, max_crops: int = 512) -> None:
        self.spec = spec or CropSpec()
        self._pages = LruCache(max_pages)
        self._crops = LruCache(max_crops)

    def page_image(self, sha256: str, page: int, load: Callable[[], bytes]) -> Image.Image:
        def make() -> Image.Image:
            return render_page(load(), page, self.spec.dpi, self.spec.max_pixels)

        return self._pages.get_or_make((sha256, page), make)  # type: ignore[return-value]

    def crop_png(self, sha256: str, page: int, bbox: BBox, load: Callable[[], bytes]) -> bytes:
        """PNG of the crop around `bbox` on page `page`, the value highlighted."""
        if not valid_bbox(bbox):
            raise InputError(f"not a box within the page: {bbox.as_list()}")

        def make() -> bytes:
            return png_bytes(crop_evidence(self.page_image(sha256, page, load), bbox, self.spec))

        return self._crops.get_or_make(("crop", sha256, page, bbox), make)  # type: ignore[return-value]

    def page_png(self, sha256: str, page: int, load: Callable[[], bytes], bbox: BBox | None = None) -> bytes:
        """PNG of the whole page, with `bbox` highlighted when given."""
        if bbox is not None and not valid_bbox(bbox):
            raise InputError(f"not a box within the page: {bbox.as_list()}")

        def make() -> bytes:
            return png_bytes(page_with_highlight(self.page_image(sha256, page, load), bbox))

        return self._crops.get_or_make(("page", sha256, page, bbox), make)  # type: ignore[return-value]


def parse_bbox(text: str) -> BBox:
    """`"x0,y0,x1,y1"` (as in a URL) to a BBox; raises InputError on anything else."""
    try:
        x0, y0, x1, y1 = (float(part) for part in text.split(","))
    except ValueError:
        raise InputError(f"bbox must be four numbers x0,y0,x1,y1, got {text[:60]!r}") from None
    box = BBox(x0, y0, x1, y1)
    if not valid_bbox(box):
        raise InputError(f"not a box within the page: {box.as_list()}")
    return box


def bbox_param(bbox: BBox) -> str:
    return ",".join(f"{v:.4f}" for v in (bbox.x0, bbox.y0, bbox.x1, bbox.y1))
