"""Page images for OCR and for evidence crops: PDF pages rendered with pdfium, image files and
TIFF frames opened with Pillow. Every size guard runs on what the file *declares* (page size x
dpi, image header), before a single pixel is decoded or rendered."""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from claimready.errors import CorruptFile, EncryptedFile, TooLarge, UnreadableDocument

POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class PageSize:
    """A PDF page's size in points, as displayed (after /Rotate)."""

    width: float
    height: float

    def pixels(self, dpi: float) -> int:
        return round(self.width * dpi / POINTS_PER_INCH) * round(self.height * dpi / POINTS_PER_INCH)


@dataclass(frozen=True, slots=True)
class ImageHeader:
    """What an image file declares: size of its first frame, number of frames, dpi if any."""

    width: int
    height: int
    frames: int
    dpi: float | None


def check_pixels(width: int, height: int, max_pixels: int, what: str) -> None:
    if width * height > max_pixels:
        raise TooLarge(f"{what} is {width}x{height} pixels, more than the {max_pixels} allowed")


# --- PDF pages ---------------------------------------------------------------------------
PDFIUM_LOCK = threading.RLock()


@contextmanager
def open_pdf(path: str) -> Iterator[pdfium.PdfDocument]:
    """An open pdfium document, used under the process-wide PDFIUM_LOCK: pdfium is not thread-safe,
    and a worker's threads and the API's evidence renderer would otherwise call it at once (seen:
    a segfault with the embedded worker reading while the review page rendered crops)."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise EncryptedFile("the PDF is encrypted and needs a password to open") from None
            raise CorruptFile(f"the PDF is corrupt or truncated ({exc})") from None
        try:
            yield pdf
        finally:
            pdf.close()


def pdf_page_sizes(path: str) -> tuple[PageSize, ...]:
    with open_pdf(path) as pdf:
        return tuple(PageSize(*pdf[i].get_size()) for i in range(len(pdf)))


def check_pdf_page(size: PageSize, number: int, dpi: int, max_pixels: int) -> None:
    """Refuse a page whose rendering at `dpi` would exceed `max_pixels` (checked before rendering)."""
    if size.width <= 0 or size.height <= 0:
        raise CorruptFile(f"page {number} has no size")
    pixels = size.pixels(dpi)
    if pixels > max_pixels:
        raise TooLarge(f"page {number} is {size.width:.0f}x{size.height:.0f} pt, {pixels} pixels at {dpi} dpi, "
                       f"more than the {max_pixels} allowed")


def render_pdf_page(path: str, number: int, dpi: int, max_pixels: int) -> Image.Image:
    """Page `number` (1-based) as a greyscale image at `dpi`; raises TooLarge before rendering."""
    with open_pdf(path) as pdf:
        if not 1 <= number <= len(pdf):
            raise UnreadableDocument(f"the PDF has no page {number}")
        page = pdf[number - 1]
        try:
            check_pdf_page(PageSize(*page.get_size()), number, dpi, max_pixels)
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
            image = bitmap.to_pil().convert("L")
            bitmap.close()
            return image
        finally:
            page.close()


# --- image files -------------------------------------------------------------------------
@contextmanager
def open_image(path: str, max_pixels: int) -> Iterator[Image.Image]:
    """Open an image lazily (header only), with Pillow's own bomb guard set to our limit."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own check names the size
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise TooLarge(_bomb_reason(str(exc), max_pixels)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile(f"the image is corrupt or truncated ({type(exc).__name__}: {str(exc)[:200]})") from None
    try:
        yield image
    finally:
        image.close()


def _bomb_reason(message: str, max_pixels: int) -> str:
    """Pillow refuses images over twice its limit with 'Image size (N pixels) exceeds limit of
    2x...': name the declared size and *our* limit only."""
    declared = re.search(r"\((\d+) pixels\)", message)
    if declared:
        return f"the image declares {declared.group(1)} pixels, more than the {max_pixels} allowed"
    return f"the image is larger than the {max_pixels} pixels allowed"


def image_dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    return value if value and value > 0 else None


def read_image_header(path: str, max_pixels: int, max_pages: int) -> ImageHeader:
    """Size, frame count and dpi from the header; raises TooLarge on too many pixels or frames."""
    with open_image(path, max_pixels) as image:
        check_pixels(image.width, image.height, max_pixels, "the image")
        frames = _count_frames(image, max_pages)
        return ImageHeader(image.width, image.height, frames, image_dpi(image))


def _count_frames(image: Image.Image, max_pages: int) -> int:
    """Frames of a multi-page TIFF, counted by walking its directories (no pixel is decoded)."""
    declared = getattr(image, "n_frames", 1)
    if declared > max_pages:
        raise TooLarge(f"the image has {declared} pages (frames), more than the {max_pages} allowed")
    return declared


def load_image_frame(path: str, frame: int, max_pixels: int) -> tuple[Image.Image, float | None]:
    """Frame `frame` (0-based) decoded to greyscale, with its declared dpi; guards pixels first."""
    with open_image(path, max_pixels) as image:
        for index, current in enumerate(ImageSequence.Iterator(image)):
            if index == frame:
                check_pixels(current.width, current.height, max_pixels, f"page {frame + 1} of the image")
                dpi = image_dpi(current)
                try:
                    return _to_grey(current), dpi
                except (OSError, SyntaxError, ValueError) as exc:
                    raise CorruptFile(f"page {frame + 1} of the image is corrupt or truncated ({exc})") from None
    raise UnreadableDocument(f"the image has no page {frame + 1}")


def _to_grey(image: Image.Image) -> Image.Image:
    """Greyscale, with transparency flattened on white (a transparent PNG is black otherwise)."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image) if image.getexif().get(0x0112, 1) != 1 else image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    if image.mode == "1":
        return image.convert("L")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        import numpy as np

        data = np.asarray(image, dtype=np.float64)
        top = data.max() or 1.0
        return Image.fromarray((data * (255.0 / top)).astype("uint8"), "L")
    return image.convert("L")
