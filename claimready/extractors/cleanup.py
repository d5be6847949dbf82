"""Image cleanup before OCR (opencv 4.x), with the bookkeeping that maps every word box found
on the cleaned image back onto the page as uploaded.

Steps, each applied only where it helps: resample to the OCR resolution (estimating the dpi
of images that declare none or an absurd one), median-filter salt-and-pepper noise, flatten
uneven lighting (photos), turn by quarter turns (orientation is decided in `ocr.py`, which
owns tesseract), and deskew small angles. Tesseract binarises (Otsu) on its own; we only
flatten the background so that its global threshold works on photos too.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from claimready.models import BBox

TARGET_DPI = 300
_PAPERS_INCHES = ((8.27, 11.69), (8.5, 11.0))  # A4, Letter (short side, long side)
_PLAUSIBLE_DPI = (100.0, 1200.0)
_SCALE_LIMITS = (0.35, 3.0)
_MAX_SKEW_DEG = 8.0
_MIN_SKEW_DEG = 0.25


# --- transform bookkeeping ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Transform:
    """Maps pixel coordinates of the page as uploaded to those of the cleaned image.

    `matrix` is a row-major 3x3 homogeneous matrix (original -> cleaned); `width`/`height` are
    the original's size in pixels. Boxes go back through its inverse.
    """

    matrix: tuple[float, ...]
    width: int
    height: int

    @staticmethod
    def identity(width: int, height: int) -> Transform:
        return Transform(tuple(np.eye(3).ravel().tolist()), width, height)

    def then(self, step: np.ndarray) -> Transform:
        """This transform followed by `step` (a 3x3 matrix acting on cleaned coordinates)."""
        combined = step @ np.asarray(self.matrix).reshape(3, 3)
        return Transform(tuple(combined.ravel().tolist()), self.width, self.height)

    def to_original(self, x0: float, y0: float, x1: float, y1: float) -> BBox:
        """A box on the cleaned image as fractions of the original page (origin top-left)."""
        inverse = np.linalg.inv(np.asarray(self.matrix).reshape(3, 3))
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64).T
        xs, ys, ws = inverse @ corners
        xs, ys = xs / ws, ys / ws

        def frac(v: float, size: int) -> float:
            return min(1.0, max(0.0, float(v) / size))

        return BBox(frac(xs.min(), self.width), frac(ys.min(), self.height),
                    frac(xs.max(), self.width), frac(ys.max(), self.height))


@dataclass(frozen=True, slots=True)
class CleanPage:
    """A cleaned greyscale image, how to map it back, and what was done (for logs and tests)."""

    image: np.ndarray
    transform: Transform
    dpi: float
    steps: tuple[str, ...] = ()

    def with_step(self, image: np.ndarray, step: np.ndarray | None, name: str, dpi: float | None = None) -> CleanPage:
        transform = self.transform if step is None else self.transform.then(step)
        return CleanPage(image, transform, dpi or self.dpi, self.steps + (name,))


def start(image: np.ndarray, dpi: float) -> CleanPage:
    height, width = image.shape[:2]
    return CleanPage(image, Transform.identity(width, height), dpi)


# --- resolution --------------------------------------------------------------------------
def estimate_dpi(width: int, height: int, declared: float | None) -> float:
    """The declared dpi when plausible for a document page, else one from the pixel size,
    assuming the image shows an A4 or Letter page (whichever aspect ratio is closer)."""
    long_px, short_px = max(width, height), min(width, height)
    if declared and _PLAUSIBLE_DPI[0] <= declared <= _PLAUSIBLE_DPI[1]:
        long_in = long_px / declared
        if 3.0 <= long_in <= 24.0:  # from a receipt to A3: a page someone would scan
            return declared
    aspect = long_px / max(short_px, 1)
    short_in, long_in = min(_PAPERS_INCHES, key=lambda p: abs(p[1] / p[0] - aspect))
    return max(long_px / long_in, short_px / short_in) if aspect < 1.6 else long_px / long_in


def resample(page: CleanPage, max_pixels: int, target_dpi: int = TARGET_DPI) -> CleanPage:
    """Scale to about `target_dpi` (tesseract reads best at 20-40 px capital height)."""
    scale = min(max(target_dpi / page.dpi, _SCALE_LIMITS[0]), _SCALE_LIMITS[1])
    height, width = page.image.shape[:2]
    if width * height * scale * scale > max_pixels:
        scale = (max_pixels / (width * height)) ** 0.5
    if 0.85 <= scale <= 1.2:
        return page
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    resized = cv2.resize(page.image, size, interpolation=interpolation)
    step = np.diag([size[0] / width, size[1] / height, 1.0])
    return page.with_step(resized, step, f"resample x{scale:.2f}", dpi=page.dpi * scale)


# --- noise and lighting ------------------------------------------------------------------
_SPECK_MAX_AREA = 12  # px at OCR resolution: a scan's 1 px dots, upscaled 1.5-2x from 150-200 dpi, cover 4-12 px
SPECKLED_ABOVE = 0.08  # specks per 1000 px; measured: clean renders <= 0.05, noisy scans 0.1-3 (0.12 misread a date line)
STILL_SPECKLED_ABOVE = 0.15  # ... left after a 3x3 median: a 5x5 one follows


def speckle_share(image: np.ndarray) -> float:
    """Tiny ink specks (components of at most 12 px) per pixel of the page, in thousandths:
    salt-and-pepper noise scores high, clean print (whose smallest marks, dots and commas, are
    larger at OCR resolution) near 0. The limit covers noise that was upscaled with the page
    (a 150 dpi scan in a PDF rendered at 300 dpi): its dots are 2x2 to 3x4 px, not single pixels."""
    ink = _ink_mask(_central_crop(image))
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] <= _SPECK_MAX_AREA)) if count > 1 else 0
    return 1000.0 * specks / ink.size


def denoise(page: CleanPage, threshold: float = SPECKLED_ABOVE) -> CleanPage:
    """3x3 median on speckled pages: they otherwise take tesseract minutes and give garbage.
    Dots upscaled with the page (a 150 dpi scan rendered at 300 dpi) are 2-3 px wide and
    survive it; a page still speckled gets a 5x5 median instead (measured on such a B/L:
    specks 0.46/1000 px, 0.43 after 3x3, 0.01 after 5x5; mean word confidence 0.69 -> 0.93)."""
    share = speckle_share(page.image)
    if share < threshold:
        return page
    filtered = median(page, f"specks {share:.2f}/1000px")
    left = speckle_share(filtered.image)
    if left < max(threshold, STILL_SPECKLED_ABOVE):
        return filtered
    return median(page, f"specks {share:.2f}/1000px, {left:.2f} after 3x3", size=5)


_MEDIAN_STEP = "median"


def median(page: CleanPage, why: str, size: int = 3) -> CleanPage:
    """A median filter: a 3x3 one removes isolated dots of up to 2x2 px and keeps strokes, a 5x5
    one dots of up to 3x3 px (thin strokes of 300 dpi print survive it); geometry unchanged."""
    return page.with_step(cv2.medianBlur(page.image, size), None, f"{_MEDIAN_STEP}{size} ({why})")


def stronger_filter(page: CleanPage, why: str) -> CleanPage | None:
    """The page filtered one step harder than it is: a 3x3 median if it was not filtered, a 5x5
    one if it had a 3x3 (dots of a 150 dpi scan blurred to grey blots survive the 3x3 and fall
    below the speck survey's threshold, yet tesseract's binarisation turns them into glyphs: such
    an invoice read at 0.55 mean confidence, 0.92 after the 5x5); None after a 5x5."""
    sizes = [int(step[len(_MEDIAN_STEP)]) for step in page.steps if step.startswith(_MEDIAN_STEP)]
    if not sizes:
        return median(page, why)
    if max(sizes) < 5:
        return median(page, why, size=5)
    return None


WHITE_PAPER = 245  # paper at least this bright is left as it is


def flatten_background(page: CleanPage, min_range: int = 40) -> CleanPage:
    """Divide by the estimated paper brightness when lighting is uneven (photos, shadows);
    evenly grey paper (a photocopy's tone) is brightened to white. Tesseract binarises with one
    global Otsu threshold: on a grey page inside white margins (a tilted scan's corners) it
    splits paper from margin, not ink from paper, and reads nothing (measured: a grey packing
    list gave 0 words, 21 once whitened)."""
    small = _shrink(page.image, 600, cv2.INTER_NEAREST)  # the max filter below removes the ink anyway
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    background = cv2.medianBlur(cv2.dilate(small, kernel), 21)
    low, high = np.percentile(background, (5, 95))
    if high - low < min_range:
        return _whiten(page, float(np.median(background)))
    height, width = page.image.shape[:2]
    full = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    flat = cv2.divide(page.image.astype(np.float32), np.maximum(full, 1.0), scale=255.0)
    return page.with_step(np.clip(flat, 0, 255).astype(np.uint8), None, f"flatten (range {high - low:.0f})")


def _whiten(page: CleanPage, paper: float) -> CleanPage:
    if paper >= WHITE_PAPER:
        return page
    lifted = cv2.convertScaleAbs(page.image, alpha=255.0 / max(paper, 1.0))  # saturates at 255
    return page.with_step(lifted, None, f"whiten (paper {paper:.0f})")


# --- orientation and skew ----------------------------------------------------------------
_QUARTER_CODES = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}


def turn(page: CleanPage, quarter_turns: int) -> CleanPage:
    """Rotate clockwise by `quarter_turns` x 90 degrees."""
    k = quarter_turns % 4
    if k == 0:
        return page
    height, width = page.image.shape[:2]
    step = {1: [[0, -1, height], [1, 0, 0], [0, 0, 1]],
            2: [[-1, 0, width], [0, -1, height], [0, 0, 1]],
            3: [[0, 1, 0], [-1, 0, width], [0, 0, 1]]}[k]
    return page.with_step(cv2.rotate(page.image, _QUARTER_CODES[k]), np.array(step, dtype=np.float64), f"turn {90 * k}")


def text_runs_horizontal(image: np.ndarray) -> bool:
    """Whether text lines run left-right (0/180) rather than top-bottom (90/270): at its best
    small angle, the ink profile across lines is far sharper than the profile along them."""
    points = _ink_points(image)
    if points is None:
        return True
    xs, ys = points
    return _best_alignment(xs, ys)[1] >= _best_alignment(ys, xs)[1]


def estimate_skew(image: np.ndarray) -> float:
    """Small skew angle in degrees, in cv2's convention (positive turns the image counter-
    clockwise to level it), that makes the row profile of ink pixels sharpest."""
    points = _ink_points(image)
    if points is None:
        return 0.0
    return _best_alignment(*points)[0]


def _ink_points(image: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Coordinates (centred, at most 60k) of ink pixels of a shrunk copy; None when nearly blank."""
    small = _shrink(image, 1200)
    ys, xs = np.nonzero(_ink_mask(small))
    if len(xs) < 500:
        return None
    if len(xs) > 60_000:
        pick = np.random.default_rng(0).choice(len(xs), 60_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    return xs.astype(np.float64) - small.shape[1] / 2, ys.astype(np.float64) - small.shape[0] / 2


def _best_alignment(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    """(angle, sharpness) of the sharpest row profile over small angles: text lines pile ink
    into few rows, so the sum of squared row counts peaks when lines are level."""

    def sharpness(deg: float) -> float:
        theta = np.deg2rad(deg)
        rows = ys * np.cos(theta) - xs * np.sin(theta)
        hist = np.bincount((rows - rows.min()).astype(np.int64)).astype(np.float64)
        return float(np.square(hist).sum())

    coarse = max(np.arange(-_MAX_SKEW_DEG, _MAX_SKEW_DEG + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.4, coarse + 0.41, 0.1), key=sharpness)
    return float(fine), sharpness(fine)


def deskew(page: CleanPage) -> CleanPage:
    """Rotate a slightly tilted page level."""
    return rotate_by(page, estimate_skew(page.image))


def rotate_by(page: CleanPage, angle: float) -> CleanPage:
    """Rotate by a small angle (cv2 convention); the canvas grows so no corner is cut off."""
    if abs(angle) < _MIN_SKEW_DEG:
        return page
    height, width = page.image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos) + 1, int(height * cos + width * sin) + 1
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    rotated = cv2.warpAffine(page.image, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    step = np.vstack([matrix, [0.0, 0.0, 1.0]])
    return page.with_step(rotated, step, f"deskew {angle:.1f}")


def shrink_for_osd(image: np.ndarray) -> np.ndarray:
    """OSD only needs letter shapes: half of a 300 dpi page reads as well and twice as fast."""
    return _shrink(image, 1800)


def level(page: CleanPage) -> CleanPage:
    """Sideways pages turned a quarter clockwise (which of 90/270 is left to OCR), then deskewed;
    one survey of the ink serves both decisions on the common, upright page."""
    points = _ink_points(page.image)
    if points is None:
        return page
    xs, ys = points
    angle, along_rows = _best_alignment(xs, ys)
    if along_rows < _best_alignment(ys, xs)[1]:
        return deskew(turn(page, 1))
    return rotate_by(page, angle)


# --- helpers -----------------------------------------------------------------------------
def _central_crop(image: np.ndarray) -> np.ndarray:
    """The middle half (by width and height) of a large image: enough to judge noise, 4x cheaper."""
    height, width = image.shape[:2]
    if width * height < 2_000_000:
        return image
    return image[height // 4: height - height // 4, width // 4: width - width // 4]


def _shrink(image: np.ndarray, longest: int, interpolation: int = cv2.INTER_AREA) -> np.ndarray:
    height, width = image.shape[:2]
    factor = longest / max(height, width)
    if factor >= 1:
        return image
    return cv2.resize(image, (max(1, int(width * factor)), max(1, int(height * factor))), interpolation=interpolation)


def _ink_mask(image: np.ndarray) -> np.ndarray:
    _, mask = cv2.threshold(image, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask
