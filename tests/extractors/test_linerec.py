"""The Chinese line recogniser (PP-OCRv4 through onnxruntime) on lines printed on the spot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from ocr_scans import render, text_pdf
from pydantic import ValidationError

from claimready.extractors.linerec import line_reader, trim_to_ink
from claimready.settings import Settings

NAME_LINE = "买方：武汉长江建材有限责任公司"


def _printed_line(tmp_path: Path, text: str, right_margin_pt: float = 0) -> np.ndarray:
    """One 12 pt line as a 300 dpi scan: the render cropped to the line, with paper to its right."""
    page = np.asarray(render(text_pdf(tmp_path / "line.pdf", [[(72, 100, text)]])))
    scale = 300 / 72
    return page[round(86 * scale):round(106 * scale), round(66 * scale):round((80 + 12 * len(text) + right_margin_pt) * scale)]


def test_linerec_reads_a_printed_chinese_company_line(tmp_path: Path) -> None:
    reading = line_reader(str(Settings().line_model_path)).read(_printed_line(tmp_path, NAME_LINE))
    assert reading.text.replace("：", ":") == "买方:武汉长江建材有限责任公司"
    assert len(reading.probabilities) == len(reading.text) and reading.confidence > 0.9


def test_linerec_reads_no_character_into_blank_paper_beside_the_line(tmp_path: Path) -> None:
    """Paper right of the line was read as a stray '關' before the crop was trimmed to the ink."""
    wide = _printed_line(tmp_path, NAME_LINE, right_margin_pt=300)
    assert trim_to_ink(wide).shape[1] < wide.shape[1] * 0.5
    assert line_reader(str(Settings().line_model_path)).read(wide).text.replace("：", ":") == "买方:武汉长江建材有限责任公司"


def test_settings_without_the_line_model_stop_start_up_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="CLAIMREADY_OCR_LINE_READER=false"):
        Settings(ocr_line_model=tmp_path / "missing.onnx")
    assert Settings(ocr_line_reader=False, ocr_line_model=tmp_path / "missing.onnx").line_model_path is None
