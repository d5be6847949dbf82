from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from ocr_scans import INVOICE_EN, INVOICE_ZH, degrade, scan_of
from PIL import Image

from claimready.extractors import cleanup


def _page(image) -> cleanup.CleanPage:  # type: ignore[no-untyped-def]
    return cleanup.start(np.asarray(image), 300.0)


@pytest.mark.parametrize("quarter_turns", [1, 2, 3])
def test_cleanup_turn_maps_boxes_back_to_original(quarter_turns: int) -> None:
    image = np.full((200, 100), 255, np.uint8)
    image[20:30, 10:40] = 0  # a dark mark at x 10..40, y 20..30 of a 100x200 page
    page = cleanup.turn(cleanup.start(image, 300.0), quarter_turns)
    ys, xs = np.nonzero(page.image == 0)
    box = page.transform.to_original(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
    assert box.as_list() == pytest.approx([0.10, 0.10, 0.40, 0.15], abs=0.011)


def test_cleanup_deskew_levels_a_tilted_page_and_maps_back(tmp_path: Path) -> None:
    upright = scan_of(INVOICE_EN, tmp_path)
    tilted = degrade(upright, skew_deg=4.0)
    page = cleanup.deskew(_page(tilted))
    assert page.steps and page.steps[0].startswith("deskew")
    assert abs(cleanup.estimate_skew(page.image)) < 0.3
    # the page centre stays the page centre
    h, w = page.image.shape
    centre = page.transform.to_original(w / 2, h / 2, w / 2, h / 2)
    assert (centre.x0, centre.y0) == pytest.approx((0.5, 0.5), abs=0.01)


@pytest.mark.parametrize("skew", [3.0, -5.0])
def test_cleanup_estimate_skew_finds_small_angle(tmp_path: Path, skew: float) -> None:
    tilted = degrade(scan_of(INVOICE_EN, tmp_path), skew_deg=skew)
    # PIL turns counter-clockwise by `skew`; cv2 levels it by turning back (clockwise = negative)
    assert cleanup.estimate_skew(np.asarray(tilted)) == pytest.approx(-skew, abs=0.3)


def test_cleanup_text_runs_horizontal_tells_sideways_pages(tmp_path: Path) -> None:
    upright = scan_of(INVOICE_EN, tmp_path)
    assert cleanup.text_runs_horizontal(np.asarray(upright))
    assert cleanup.text_runs_horizontal(np.asarray(degrade(upright, skew_deg=4.0)))
    assert not cleanup.text_runs_horizontal(np.asarray(degrade(upright, turn_ccw=1)))
    assert not cleanup.text_runs_horizontal(np.asarray(degrade(upright, turn_ccw=3, skew_deg=3.0)))


def test_cleanup_denoise_filters_speckled_page_only(tmp_path: Path) -> None:
    upright = scan_of(INVOICE_EN, tmp_path)
    assert cleanup.denoise(_page(upright)).steps == ()
    noisy = cleanup.denoise(_page(degrade(upright, noise=0.08)))
    assert noisy.steps and noisy.steps[0].startswith("median3")
    assert cleanup.speckle_share(noisy.image) < 0.5


@pytest.mark.parametrize(("size", "declared", "expected"), [
    ((2480, 3508), 300.0, 300.0),       # A4 at 300 dpi as declared
    ((2480, 3508), None, 300.0),        # no dpi: A4 estimated from pixel size
    ((2480, 3508), 72.0, 300.0),        # screen default 72 dpi would mean a 49-inch page: absurd
    ((1275, 1650), 1.0, 150.0),         # Letter at 150 dpi with a broken dpi field
    ((3508, 2480), None, 300.0),        # landscape A4
])
def test_cleanup_estimate_dpi_trusts_only_plausible_metadata(size: tuple[int, int], declared: float | None,
                                                             expected: float) -> None:
    assert cleanup.estimate_dpi(*size, declared) == pytest.approx(expected, rel=0.03)


def test_cleanup_resample_scales_low_resolution_up_and_maps_back() -> None:
    image = np.full((400, 300), 255, np.uint8)
    page = cleanup.resample(cleanup.start(image, 100.0), max_pixels=10**8)
    assert page.image.shape == (1200, 900) and page.dpi == pytest.approx(300)
    box = page.transform.to_original(450, 600, 900, 1200)
    assert box.as_list() == pytest.approx([0.5, 0.5, 1.0, 1.0])


def test_cleanup_resample_respects_pixel_limit() -> None:
    page = cleanup.resample(cleanup.start(np.full((400, 300), 255, np.uint8), 50.0), max_pixels=400 * 300 * 4)
    assert page.image.size <= 400 * 300 * 4


def test_cleanup_flatten_background_evens_out_a_shadow(tmp_path: Path) -> None:
    upright = np.asarray(scan_of(INVOICE_EN, tmp_path)).astype(np.float32)
    shadow = np.linspace(0.45, 1.0, upright.shape[1], dtype=np.float32)[None, :]
    photo = (upright * shadow).astype(np.uint8)
    flat = cleanup.flatten_background(_page(photo))
    assert flat.steps and flat.steps[0].startswith("flatten")
    paper = flat.image[upright > 250]
    assert np.percentile(paper, 5) > 200  # the dark side of the paper is white again


def test_cleanup_flatten_background_whitens_evenly_grey_paper(tmp_path: Path) -> None:
    upright = np.asarray(scan_of(INVOICE_EN, tmp_path))
    grey = (upright * 0.88).astype(np.uint8)  # a photocopy's even tone: paper at ~224
    page = cleanup.flatten_background(_page(grey))
    assert page.steps and page.steps[0].startswith("whiten")
    assert np.percentile(page.image[upright > 250], 5) >= 250
    assert np.array_equal(page.image[upright < 100] < 100, np.full(int((upright < 100).sum()), True))


def test_cleanup_flatten_background_leaves_white_paper_alone(tmp_path: Path) -> None:
    assert cleanup.flatten_background(_page(scan_of(INVOICE_EN, tmp_path))).steps == ()


def test_cleanup_denoise_filters_noise_upscaled_with_the_page(tmp_path: Path) -> None:
    """A 150 dpi scan in a PDF, rendered at 300 dpi: its one-pixel dots arrive as 2x2-3x3 blobs."""
    low = degrade(scan_of(INVOICE_EN, tmp_path, dpi=150), noise=0.02)
    upscaled = low.resize((low.width * 2, low.height * 2), Image.BICUBIC)
    assert cleanup.speckle_share(np.asarray(upscaled)) >= cleanup.SPECKLED_ABOVE
    page = cleanup.denoise(_page(upscaled))
    assert page.steps and page.steps[0].startswith("median3")
    assert cleanup.speckle_share(page.image) < cleanup.STILL_SPECKLED_ABOVE


def test_cleanup_denoise_takes_a_wider_median_when_upscaled_dots_survive_the_first(tmp_path: Path) -> None:
    """Heavier noise on a 150 dpi scan rendered at 300 dpi: 3x3 leaves 2-3 px blobs, 5x5 clears them."""
    low = degrade(scan_of(INVOICE_EN, tmp_path, dpi=150), noise=0.05)
    upscaled = np.asarray(low.resize((low.width * 2, low.height * 2), Image.BICUBIC))
    assert cleanup.speckle_share(cleanup.median(_page(upscaled), "one pass").image) >= cleanup.STILL_SPECKLED_ABOVE
    page = cleanup.denoise(_page(upscaled))
    assert len(page.steps) == 1 and page.steps[0].startswith("median5")
    assert cleanup.speckle_share(page.image) < cleanup.SPECKLED_ABOVE


def test_cleanup_stronger_filter_goes_from_none_to_3x3_to_5x5_then_stops() -> None:
    page = _page(np.full((40, 40), 255, np.uint8))
    once = cleanup.stronger_filter(page, "poor read")
    assert once is not None and once.steps == ("median3 (poor read)",)
    twice = cleanup.stronger_filter(once, "poor read")
    assert twice is not None and twice.steps[-1] == "median5 (poor read)"
    assert cleanup.stronger_filter(twice, "poor read") is None
    assert cleanup.stronger_filter(cleanup.median(page, "specks", size=5), "poor read") is None


def test_cleanup_speckle_share_of_clean_print_is_far_below_the_threshold(tmp_path: Path) -> None:
    for lines in (INVOICE_EN, INVOICE_ZH):
        for dpi in (200, 300):
            assert cleanup.speckle_share(np.asarray(scan_of(lines, tmp_path, dpi=dpi))) < cleanup.SPECKLED_ABOVE / 2

