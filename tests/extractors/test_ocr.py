"""OCR through real tesseract (Latin+chi_sim, as settings default) on pages scanned on the spot (see ocr_scans.py)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from ocr_scans import INVOICE_EN, INVOICE_ZH, degrade, expected_box, image_pdf, scan_of

from claimready.errors import UnreadableDocument
from claimready.extractors.base import read_document
from claimready.extractors import cleanup
from claimready.extractors.linerec import LineReading, line_reader
from claimready.extractors.ocr import (RESCUE_BELOW, OcrRead, PageJob, RawWord, _line_look, _read_upright, build_lines, corrected_words, doubtful_lines, doubtful_runs, fix_code_glyphs, fix_money_glyphs, look_segments, ocr_page,
                                      reread_doubtful_lines, reread_doubtful_runs, run_jobs, split_at_gaps, weighted_confidence)
from claimready.intake.folder import identify_file
from claimready.models import BBox, DocumentText, Word
from claimready.settings import Settings

pytestmark = pytest.mark.tesseract


def _read_image(image, tmp_path: Path, settings: Settings, name: str = "scan.png") -> DocumentText:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    image.save(path)
    return read_document(identify_file(path), settings)


def _word(text: DocumentText, value: str) -> Word:
    return next(w for w in text.pages[0].words if w.text == value)


def _centre(box: BBox | tuple[float, float, float, float]) -> tuple[float, float]:
    x0, y0, x1, y1 = (box.x0, box.y0, box.x1, box.y1) if isinstance(box, BBox) else box
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_ocr_reads_upright_scan_with_word_boxes_on_the_drawing(tmp_path: Path, settings: Settings) -> None:
    text = _read_image(scan_of(INVOICE_EN, tmp_path), tmp_path, settings)
    assert text.ocr_pages == (1,)
    assert "Total: USD 48,250.00" in text.pages[0].text
    word = _word(text, "INV-2025-0042")
    x, y, z = 72, 130, "Invoice No.: "
    expected = expected_box(x + len(z) * 0 + 0, y, z + "INV-2025-0042")
    # the value sits at the right end of its drawn line, on the same baseline
    assert word.bbox.x1 == pytest.approx(expected[2], abs=0.01)
    assert _centre(word.bbox)[1] == pytest.approx(_centre(expected)[1], abs=0.01)
    assert word.source == "ocr" and 0.5 < word.confidence <= 1.0


@pytest.mark.parametrize("turn_ccw", [1, 2, 3])
def test_ocr_recovers_orientation_and_maps_boxes_to_the_turned_original(tmp_path: Path, settings: Settings,
                                                                       turn_ccw: int) -> None:
    text = _read_image(degrade(scan_of(INVOICE_EN, tmp_path), turn_ccw=turn_ccw), tmp_path, settings)
    assert "INV-2025-0042" in text.pages[0].text
    assert "48,250.00" in text.pages[0].text
    ux, uy = _centre(expected_box(72, 335, "Total: USD 48,250.00"))
    # where the upright point (ux, uy) lands after turning the page counter-clockwise
    expected = {1: (uy, 1 - ux), 2: (1 - ux, 1 - uy), 3: (1 - uy, ux)}[turn_ccw]
    line = next(line for line in text.pages[0].lines if "48,250.00" in line.text)
    assert _centre(line.bbox) == pytest.approx(expected, abs=0.03)


@pytest.mark.parametrize("skew", [3.0, -5.0])
def test_ocr_reads_skewed_scan(tmp_path: Path, settings: Settings, skew: float) -> None:
    text = _read_image(degrade(scan_of(INVOICE_EN, tmp_path), skew_deg=skew), tmp_path, settings)
    page_text = text.pages[0].text
    assert "INV-2025-0042" in page_text and "48,250.00" in page_text
    lines = [line.text for line in text.pages[0].lines]
    assert any("Rio Verde Importadora" in line and line.startswith("Buyer") for line in lines)


def _photocopy_grey(image, shade: float = 0.89):  # type: ignore[no-untyped-def]
    return Image.fromarray((np.asarray(image).astype(np.float32) * shade).astype(np.uint8))


def test_ocr_reads_a_sparse_grey_photocopy_inside_white_margins(tmp_path: Path, settings: Settings) -> None:
    """Two lines on an evenly grey page, tilted so the corners are white: tesseract's global
    threshold alone splits paper from margin and reads no word; the page is whitened first."""
    page = degrade(_photocopy_grey(scan_of(INVOICE_EN[:2], tmp_path)), skew_deg=1.5)
    text = _read_image(page, tmp_path, settings)
    assert "INV-2025-0042" in text.pages[0].text


def test_ocr_reads_noisy_scan_after_median_filter(tmp_path: Path, settings: Settings) -> None:
    text = _read_image(degrade(scan_of(INVOICE_EN, tmp_path), noise=0.06), tmp_path, settings)
    assert "INV-2025-0042" in text.pages[0].text
    assert "48,250.00" in text.pages[0].text


def test_ocr_poor_read_of_a_page_filtered_3x3_is_retried_with_a_5x5_median(tmp_path: Path) -> None:
    """Grey blots a 3x3 median keeps (3x3 px: a 150 dpi scan's dots, blurred and upscaled) that the
    speck survey missed: the page read poorly is read again through a 5x5 median."""
    page = cleanup.median(cleanup.start(np.asarray(scan_of(INVOICE_EN, tmp_path)), 300.0), "specks")
    blotted = page.image.copy()
    rng = np.random.default_rng(7)
    height, width = blotted.shape
    for y, x in zip(rng.integers(0, height - 3, height * width // 4500), rng.integers(0, width - 3, height * width // 4500)):
        blotted[y:y + 3, x:x + 3] = 60
    job = PageJob(path="unused", number=1, kind="image", languages="eng", dpi=300, timeout_s=120, max_pixels=10**8)
    read = _read_upright(dataclasses.replace(page, image=blotted), job, time.monotonic() + 120)
    assert read.clean.steps[-1].startswith("median5")
    assert read.mean_confidence >= RESCUE_BELOW
    assert "INV-2025-0042" in [w.text for w in read.words]


def test_ocr_poor_read_a_wider_median_does_not_cure_is_turned_as_first_cleaned(tmp_path: Path) -> None:
    """An upside-down page filtered 3x3 reads poorly, and as poorly through a 5x5 median: the filter
    was not the cure, so the page is turned as it was, not with the 5x5's blur on its small print."""
    upright = np.asarray(scan_of(INVOICE_EN, tmp_path))
    page = cleanup.median(cleanup.start(np.ascontiguousarray(upright[::-1, ::-1]), 300.0), "specks")
    job = PageJob(path="unused", number=1, kind="image", languages="eng", dpi=300, timeout_s=120, max_pixels=10**8)
    read = _read_upright(page, job, time.monotonic() + 120)
    assert not any(step.startswith("median5") for step in read.clean.steps)
    assert any(step.startswith("turn") for step in read.clean.steps)
    assert "INV-2025-0042" in [w.text for w in read.words]


def test_ocr_reads_chinese_invoice_values_with_glued_characters(tmp_path: Path, settings: Settings) -> None:
    text = _read_image(scan_of(INVOICE_ZH, tmp_path), tmp_path, settings)
    page_text = text.pages[0].text
    assert text.language == "zh"
    assert "FP-20250314-0088" in page_text
    assert "2025年3月14日" in page_text
    assert "312,000.00" in page_text
    assert "深圳华信机械有限公司" in page_text  # CJK characters glued: no spaces between them
    number_line = next(line for line in text.pages[0].lines if "FP-20250314-0088" in line.text)
    start = number_line.text.index("FP-")
    (word,) = number_line.words_in(start, start + len("FP-20250314-0088"))
    assert word.text == "FP-20250314-0088"  # the value has its own word and box, not the label's


def test_ocr_mixed_pdf_reads_only_the_scanned_page(tmp_path: Path, settings: Settings) -> None:
    scan = scan_of(INVOICE_EN, tmp_path)
    pdf = image_pdf(tmp_path / "mixed.pdf", [[(72, 100, "SALES CONTRACT No. SC-2025-001 between the parties")], scan])
    text = read_document(identify_file(pdf), settings)
    assert text.ocr_pages == (2,)
    assert text.pages[0].source == "text" and "SC-2025-001" in text.pages[0].text
    assert "INV-2025-0042" in text.pages[1].text
    assert text.pages[1].width == pytest.approx(595.28, abs=0.5)  # PDF pages keep their size in points
    word = next(w for w in text.pages[1].words if w.text == "48,250.00")
    assert _centre(word.bbox)[1] == pytest.approx(_centre(expected_box(72, 335, "Total: USD 48,250.00"))[1], abs=0.01)


def test_ocr_page_timeout_becomes_that_pages_error(tmp_path: Path) -> None:
    path = tmp_path / "two.tif"
    scan = scan_of(INVOICE_EN, tmp_path)
    scan.save(path, save_all=True, append_images=[scan], compression="tiff_lzw")
    job = PageJob(path=str(path), number=1, kind="image", languages="eng+chi_sim", dpi=300, timeout_s=60,
                  max_pixels=10**8)
    slow = PageJob(path=str(path), number=2, kind="image", languages="eng+chi_sim", dpi=300, timeout_s=0.05,
                   max_pixels=10**8)
    ok, timed_out = run_jobs([job, slow], workers=2)
    assert ok.page.error is None and "INV-2025-0042" in ok.page.text
    assert timed_out.failure == "ocr_timeout" and "time" in (timed_out.page.error or "")
    assert timed_out.page.number == 2 and timed_out.page.lines == ()


def test_ocr_page_of_missing_frame_is_a_page_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    scan_of(INVOICE_EN, tmp_path).save(path)
    outcome = ocr_page(PageJob(path=str(path), number=3, kind="image", languages="eng", dpi=300, timeout_s=30,
                               max_pixels=10**8))
    assert outcome.page.error and "no page 3" in outcome.page.error


def test_ocr_all_pages_timing_out_makes_document_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    scan_of(INVOICE_EN, tmp_path).save(path)
    with pytest.raises(UnreadableDocument, match="timed out|ran out of time"):
        read_document(identify_file(path), Settings(ocr_workers=1, ocr_timeout_s=0.05))


def _doubtful_run(texts: list[str], box_pt: tuple[float, float, float, float], dpi: int = 300) -> tuple[RawWord, ...]:
    """Fake low-confidence tesseract words splitting the box (points) evenly, as a bad first read gives."""
    scale = dpi / 72
    x0, y0, x1, y1 = (round(v * scale) for v in box_pt)
    step = (x1 - x0) // len(texts)
    return tuple(RawWord(t, x0 + i * step, y0, step - 4, y1 - y0, 0.1, (1, 1, 4)) for i, t in enumerate(texts))


def test_ocr_reread_reads_a_chinese_name_that_came_out_as_latin_gibberish(tmp_path: Path) -> None:
    clean = cleanup.start(np.asarray(scan_of(INVOICE_ZH, tmp_path)), 300.0)
    # 销售方：深圳华信机械有限公司 at x 72 pt, baseline 180 pt, 12 pt CJK: the name spans x 120..240 pt
    gibberish = _doubtful_run(["BUN", "EKA", "FAL", "RB)"], (120, 168, 240, 183))
    read = reread_doubtful_runs(OcrRead((*_SURE_CHINESE, *gibberish), clean), "eng+chi_sim", time.monotonic() + 60)
    name = [w for w in read.words if w not in _SURE_CHINESE]
    assert "".join(w.text for w in name) == "深圳华信机械有限公司"
    assert weighted_confidence(name) >= 0.6 and {w.line_key for w in name} == {(1, 1, 4)}


def test_ocr_reread_leaves_unsure_latin_alone_on_a_page_without_chinese(tmp_path: Path) -> None:
    """No Chinese read anywhere on the page: the chi_sim model is not loaded for an unsure Latin run
    (0.4), only for one not read at all (0.1), which may be Chinese after all."""
    clean = cleanup.start(np.asarray(scan_of(INVOICE_ZH, tmp_path)), 300.0)
    unread = _doubtful_run(["BUN", "EKA", "FAL", "RB)"], (120, 168, 240, 183))
    unsure = tuple(dataclasses.replace(w, confidence=0.4) for w in unread)
    assert reread_doubtful_runs(OcrRead(unsure, clean), "eng+chi_sim", time.monotonic() + 60).words == unsure
    reread = reread_doubtful_runs(OcrRead(unread, clean), "eng+chi_sim", time.monotonic() + 60)
    assert "".join(w.text for w in reread.words) == "深圳华信机械有限公司"


def test_ocr_reread_of_a_run_tesseract_boxed_too_large_prints_no_text_twice(tmp_path: Path) -> None:
    """A doubtful run whose box covers the whole name ('ATEM' over all of 签订日期 on a skewed sideways
    scan) beside words of the name tesseract read surely ('深圳' at 0.95): the second reading of the
    run's crop reads those again; each place keeps one reading ('深圳深圳华信…' before)."""
    clean = cleanup.start(np.asarray(scan_of(INVOICE_ZH, tmp_path)), 300.0)
    scale = 300 / 72
    sure = RawWord("深圳", round(120 * scale), round(168 * scale), round(24 * scale), round(15 * scale), 0.95, (1, 1, 4))
    gibberish = _doubtful_run(["ATEM", "RB)"], (120, 168, 240, 183))
    read = reread_doubtful_runs(OcrRead((*_SURE_CHINESE, sure, *gibberish), clean), "eng+chi_sim", time.monotonic() + 60)
    name = "".join(w.text for w in read.words if w not in _SURE_CHINESE)
    assert name == "深圳华信机械有限公司"


_SURE_CHINESE = (RawWord("商业发票", 10, 10, 200, 40, 0.95, (1, 1, 1)),)  # the rest of the page, read well


def test_ocr_reread_keeps_latin_words_that_are_latin(tmp_path: Path) -> None:
    clean = cleanup.start(np.asarray(scan_of(INVOICE_EN, tmp_path)), 300.0)
    # "Rio Verde" of "Buyer: Rio Verde Importadora Ltda." (Helvetica 12 pt from x 72 pt, baseline 205 pt)
    doubtful = _doubtful_run(["Ri0", "Verd3"], (107, 195, 160, 208))
    read = reread_doubtful_runs(OcrRead((*_SURE_CHINESE, *doubtful), clean), "eng+chi_sim", time.monotonic() + 60)
    assert read.words == (*_SURE_CHINESE, *doubtful)  # chi_sim reads Latin letters there: no CJK, nothing replaced


def test_ocr_keeps_the_accents_of_buyers_names(tmp_path: Path, settings: Settings) -> None:
    lines = [(72, 90, "COMMERCIAL INVOICE"), (72, 130, "Buyer: Müller & Söhne Maschinenhandel GmbH"),
             (72, 155, "Notify: Société Générale d'Équipement SARL"), (72, 180, "Port of discharge: Düsseldorf")]
    page_text = _read_image(scan_of(lines, tmp_path), tmp_path, settings).pages[0].text
    assert "Müller & Söhne Maschinenhandel GmbH" in page_text
    assert "Société Générale d'Équipement SARL" in page_text
    assert "Düsseldorf" in page_text


def _w(text: str, left: int, confidence: float, width: int = 40) -> RawWord:
    return RawWord(text, left, 100, width, 40, confidence, (1, 1, 1))


def test_ocr_letters_set_tight_inside_chinese_get_a_second_look() -> None:
    """'成都 SAA 机电' (成都蓉发机电 read in Latin at 0.62) is doubtful; a code like 'DN50' in Chinese print is not."""
    name = [_w("成都", 0, 0.95, 80), _w("SAA", 85, 0.62), _w("机电", 130, 0.92, 80)]
    assert [[w.text for w in run] for run in doubtful_runs(name)] == [["SAA"]]
    sure = [_w("成都", 0, 0.95, 80), _w("SAA", 85, 0.9), _w("机电", 130, 0.92, 80)]
    code = [_w("球阀", 0, 0.95, 80), _w("DN50", 85, 0.62), _w("个", 130, 0.92)]
    spaced = [_w("成都", 0, 0.95, 80), _w("SAA", 140, 0.62), _w("机电", 240, 0.92, 80)]
    assert doubtful_runs(sure) == doubtful_runs(code) == doubtful_runs(spaced) == []


def test_ocr_unsure_reference_list_inside_chinese_gets_no_chinese_second_look() -> None:
    """'发票 Cl20248338、Cl20248339 项下' read at 0.5: a list of numbers, not Chinese misread as
    Latin; read again in chi_sim it lost a number and doubled the words after it."""
    words = [_w("发票", 0, 0.95, 80), _w("Cl20248338、Cl20248339", 85, 0.5, 400), _w("项下", 490, 0.92, 80)]
    assert doubtful_runs(words) == []
    date = [_w("202411", 0, 0.0, 120), _w("H", 125, 0.0), _w("30H", 170, 0.0, 60)]  # 2024年11月30日 read in Latin
    assert [[w.text for w in run] for run in doubtful_runs(date)] == [["202411", "H", "30H"]]


@pytest.mark.parametrize("read, fixed", [
    ("Cl20244680", "CI20244680"), ("lNV-2025-0042", "INV-2025-0042"), ("EX-0l288", "EX-01288"),
    ("2O25", "2025"), ("INV-2O25", "INV-2025"), ("Ci20244840", "CI20244840"), ("24iNV7664", "24INV7664"),
    ("EX-0i288", "EX-01288"), ("Ref2024", "Ref2024"), ("No.12345", "No.12345"), ("Total", "Total"), ("Co.,Ltd.", "Co.,Ltd."), ("PO-05723", "PO-05723"),
    ("FHĊ/L/CP/5251/2024", "FHC/L/CP/5251/2024"), ("0.0.", "o.o."), ("İSTANBUL", "İSTANBUL"), ("Müller", "Müller"),
    ("Cl20246656,", "CI20246656,"), ("(Cl20246656)", "(CI20246656)"), ("Ltd.,", "Ltd.,"),  # punctuation around a number
])
def test_ocr_code_glyphs_are_fixed_only_inside_reference_like_words(read: str, fixed: str) -> None:
    assert fix_code_glyphs(read) == fixed


@pytest.mark.parametrize("read, fixed", [
    ("Y64,528.00", "¥64,528.00"), ("USsD683,402.50", "USD683,402.50"),
    ("CE163.140,00，", "€163.140,00，"), ("E2,500.00", "€2,500.00"), ("E2024", "E2024"), ("CE-2024-11", "CE-2024-11"),
    ("Y2024", "Y2024"), ("Year", "Year"), ("KGs", "KGs"), ("CNY1,000.00", "CNY1,000.00"),
    ("USS877,528.00", "US$877,528.00"), ("USS-2024", "USS-2024"),  # the $ of US$ read as S
])
def test_ocr_money_glyphs_are_fixed_only_on_an_amount_glued_to_its_currency(read: str, fixed: str) -> None:
    assert fix_money_glyphs(read) == fixed


def test_ocr_glyph_fixes_apply_to_each_number_of_a_list_glued_by_chinese_punctuation() -> None:
    """Tesseract reads 'CI20248338、CI20248339' as one word; split at the '、', each number gets its 'l' fixed."""
    raw = [RawWord("Cl20248338、Cl20248339", 0, 0, 400, 30, 0.9, (1, 1, 1))]
    assert [w.text for w in build_lines(raw, cleanup.Transform.identity(1000, 1000))[0].words] == [
        "CI20248338", "、", "CI20248339"]


def _reading(text: str, probability: float = 0.99) -> LineReading:
    return LineReading(text, tuple(probability for _ in text))


def test_ocr_line_look_replaces_only_the_doubtful_chinese_words() -> None:
    """'进出喇' for 进出口: the line model's '口' takes the doubtful word's place; sure words stay tesseract's."""
    line = [_w("宁波", 0, 0.95, 80), _w("东方", 85, 0.96, 80), _w("进出", 170, 0.9, 80), _w("喇", 255, 0.0),
            _w("有限公司", 300, 0.93, 160)]
    fixed = corrected_words(line, _reading("宁波东方进出口有限公司"))
    assert list(fixed) == [id(line[3])]
    assert fixed[id(line[3])].text == "口" and fixed[id(line[3])].confidence == pytest.approx(0.99)
    assert (fixed[id(line[3])].left, fixed[id(line[3])].width) == (255, 40)


def test_ocr_line_look_drops_a_scribble_and_reads_a_label_tesseract_read_as_latin() -> None:
    scribble = [_w("卖方", 0, 0.92, 80), _w("(盖章)", 85, 0.9, 120), _w("eted", 210, 0.13, 80), _w("pi", 295, 0.09)]
    assert corrected_words(scribble, _reading("卖方（盖章）")) == {id(scribble[2]): None, id(scribble[3]): None}
    # ... but a figure the model passed over is no scribble: the amount stays
    owed = [_w("货款", 0, 0.96, 80), _w("共计", 85, 0.96, 80), _w("USD106,542.00", 170, 0.65, 260), _w("早已", 435, 0.94, 80),
            _w("逾期", 520, 0.91, 80)]
    assert id(owed[2]) not in corrected_words(owed, _reading("货款共计早已逾期"))
    label = [_w("E", 0, 0.3, 120), _w(":", 125, 0.9, 10), _w("Hamburg,", 140, 0.95, 160), _w("Germany", 305, 0.96, 140)]
    assert corrected_words(label, _reading("卸货港：Hamburg, Germany"))[id(label[0])].text == "卸货港"


def test_ocr_line_look_rereads_a_line_tesseract_was_sure_of_nowhere() -> None:
    """A B/L date box read '202442 H5A ;' (2024年2月5日): no word is sure, so the line model's reading
    is taken because it is like the whole line; where a word is sure, a reading without it is not taken."""
    date = [_w("202442", 0, 0.6, 140), _w("H5A", 145, 0.0, 100), _w(";", 250, 0.5, 10)]
    fixed = corrected_words(date, _reading("2024年2月5日"))
    assert [fixed[id(w)].text for w in date if fixed.get(id(w))] == ["2024年2月5日"]
    sure_year = [_w("2024年", 0, 0.9, 140), _w("H5A", 145, 0.0, 100)]
    assert corrected_words(sure_year, _reading("上海远航贸易")) == {}


def test_ocr_line_look_takes_a_clear_reading_of_a_line_tesseract_could_not_read() -> None:
    """A bold title '销售合同' read 'JA pre ER' at 0.2: nothing alike, but tesseract read nothing there."""
    title = [_w("JA", 0, 0.17, 80), _w("pre", 400, 0.2, 75)]
    fixed = corrected_words(title, _reading("销售合同"))
    assert fixed[id(title[0])].text == "销售合同" and fixed[id(title[1])] is None  # one word: its boxes were specks
    assert (fixed[id(title[0])].left, fixed[id(title[0])].width) == (0, 475)
    assert corrected_words(title, _reading("销售合同", probability=0.9)) == {}


def test_ocr_line_look_rereads_a_chinese_name_with_an_unsure_character() -> None:
    """'佛山美达陶资有限公司' with 资 (for 瓷) at 0.75: above the doubt threshold, but a company name's
    worth of Chinese with an unsure character is looked at again; a short line is not."""
    name = [_w("佛山", 0, 0.95, 80), _w("美", 85, 0.92), _w("达", 130, 0.93), _w("陶", 175, 0.9), _w("资", 220, 0.75),
            _w("有", 265, 0.93), _w("限", 310, 0.92), _w("公司", 355, 0.95, 80)]
    assert doubtful_lines(name) == [tuple(name)]
    assert corrected_words(name, _reading("佛山美达陶瓷有限公司"))[id(name[4])].text == "瓷"
    header = [_w("数量", 0, 0.8, 80), _w("单价", 200, 0.9, 80)]
    assert doubtful_lines(header) == []


def test_ocr_line_look_rereads_a_number_in_no_printed_shape_however_sure() -> None:
    """'CNY 28.55.0' read at 0.92 for 28,551.00: no amount is printed so; the line is read again and the
    number taken from the line model. Amounts and dates in their usual shapes are left alone."""
    line = [_w("合同", 0, 0.95, 80), _w("总", 85, 0.93), _w("金额", 130, 0.94, 80), _w("CNY", 215, 0.95, 60),
            _w("28.55.0", 280, 0.92, 190)]
    assert doubtful_lines(line) == [tuple(line)]
    assert corrected_words(line, _reading("合同总金额CNY28,551.00"))[id(line[4])].text == "28,551.00"
    assert doubtful_lines([_w("236.11400", 0, 0.95, 180)]) != []  # 236,114.00 read with a dot and no cents
    shaped = [_w(text, 0, 0.92, 140) for text in ("28,551.00", "163.140,00", "1.000.000", "2024.03.25", "25.03.2024",
                                                  "13.50", "2.5", "0.125")]
    assert all(doubtful_lines([word]) == [] for word in shaped)


def test_ocr_line_look_rereads_an_unsure_day_of_a_date() -> None:
    """'2024 年 03 月 49 日' with 49 (for 19) at 0.68: an unsure number sends the line for a look, and
    digits take digits of the same length; a number is not read as another length."""
    date = [_w("2024", 0, 0.92, 80), _w("年", 85, 0.9), _w("03", 130, 0.92), _w("月", 175, 0.9), _w("49", 220, 0.68),
            _w("日", 265, 0.9)]
    assert doubtful_lines(date, chinese=False) == [tuple(date)]
    assert corrected_words(date, _reading("2024年03月19日"))[id(date[4])].text == "19"
    assert id(date[4]) not in corrected_words(date, _reading("2024年03月119日"))


def test_ocr_line_look_rereads_unsure_reference_numbers_on_any_page() -> None:
    """'2025808951' at 0.0 for 2025SC8951 on an English invoice: the line is looked at (no Chinese on the
    page needed) and the number taken from the line model; an unsure word that is no number is not."""
    line = [_w("Purchase", 0, 0.95, 160), _w("Order", 165, 0.95, 100), _w("No.", 270, 0.93, 60),
            _w("2025808951", 335, 0.0, 200)]
    assert doubtful_lines(line, chinese=False) == [tuple(line)]
    assert corrected_words(line, _reading("Purchase Order No. 2025SC8951"))[id(line[3])].text == "2025SC8951"
    listed = [_w("发票", 0, 0.95, 80), _w("C20248264、Cl20248265", 85, 0.3, 400), _w("项下", 490, 0.92, 80)]
    fixed = corrected_words(listed, _reading("发票CI20248264、CI20248265项下"))
    assert fixed[id(listed[1])].text == "CI20248264、CI20248265"
    amount = [_w("共计", 0, 0.95, 80), _w("USD1,118,175.00", 85, 0.73, 300)]
    assert doubtful_lines(amount, chinese=False) == [tuple(amount)]
    assert corrected_words(amount, _reading("共计USD1,118,175.00"))[id(amount[1])].confidence == pytest.approx(
        1 - 0.27 * 0.01)  # both readers agree: wrong only if both are


def test_ocr_line_look_substitutes_chinese_characters_one_for_one_only() -> None:
    """The line model read '厦门金光伏' (sure of each character, but skipping 鹭): tesseract's two
    characters '金属' (at 0.38) do not become one, nor does a misread character vanish; the doubt
    stays for LOW_CONFIDENCE to report. A Latin misread takes the reading when it fills its box."""
    line = [_w("厦门", 0, 0.94, 80), _w("金属", 85, 0.38, 80), _w("硬", 170, 0.0), _w("光伏", 215, 0.11, 80),
            _w("科技", 300, 0.96, 80)]
    fixed = corrected_words(line, _reading("厦门金光伏科技"))
    assert id(line[1]) not in fixed and id(line[2]) not in fixed and fixed[id(line[3])].text == "光伏"
    assert corrected_words(line, _reading("厦门金鹭光伏科技"))[id(line[1])].text == "金鹭"
    label = [_w("E", 0, 0.3, 40), _w(":", 45, 0.9, 10), _w("Hamburg,", 60, 0.95, 160), _w("Germany", 225, 0.96, 140)]
    assert corrected_words(label, _reading("卸货港：Hamburg, Germany")) == {}  # one letter's box holds no three characters


def test_ocr_line_look_makes_a_sure_word_doubtful_when_the_line_model_surely_reads_otherwise() -> None:
    """'起长江建材' with 起 (for 武汉) at 0.95: the line model reads 武汉 at 1.0. Neither reading is taken
    for the word, but it is no longer sure: the name asks for an eye (LOW_CONFIDENCE), not a mismatch."""
    line = [_w("起", 0, 0.95, 76), _w("长", 80, 0.08, 50), _w("江", 135, 0.93, 50), _w("建材", 190, 0.95, 58),
            _w("有限", 255, 0.93, 60), _w("责任", 320, 0.91, 69), _w("公司", 395, 0.95, 62)]
    fixed = corrected_words(line, _reading("武汉长江建材有限责任公司"))
    assert (fixed[id(line[0])].text, fixed[id(line[0])].confidence) == ("起", 0.5)
    assert (fixed[id(line[1])].text, fixed[id(line[1])].confidence) == ("长", pytest.approx(1 - 0.92 * 0.01))  # agreed
    assert id(line[2]) not in fixed


def test_ocr_line_look_keeps_tesseract_when_the_line_model_disagrees_or_is_unsure() -> None:
    line = [_w("宁波", 0, 0.95, 80), _w("东方", 85, 0.96, 80), _w("进出", 170, 0.9, 80), _w("喇", 255, 0.0),
            _w("有限公司", 300, 0.93, 160)]
    assert corrected_words(line, _reading("上海远航贸易有限公司")) == {}  # another line altogether
    assert corrected_words(line, _reading("宁波东方进出口有限公司", probability=0.7)) == {}
    latin = [_w("Müller", 0, 0.5, 120), _w("&", 125, 0.9), _w("Söhne", 170, 0.92, 100)]
    assert [w.text for w in corrected_words(latin, _reading("Muller & Sohne")).values()] == ["Müller"]  # the model drops accents


def test_ocr_line_look_reads_a_misread_company_name_on_a_real_scan(tmp_path: Path) -> None:
    """Real PP-OCRv4 on the scanned line 销售方：深圳华信机械有限公司 (x 72-240 pt, baseline 180 pt), given a
    tesseract read with '机械' misread as '机喇' at 0.1: the name comes out whole and sure."""
    clean = cleanup.start(np.asarray(scan_of(INVOICE_ZH, tmp_path)), 300.0)
    s = 300 / 72
    texts = [("销售方：", 72, 120, 0.95), ("深圳华信", 120, 168, 0.95), ("机喇", 168, 192, 0.1), ("有限公司", 192, 240, 0.95)]
    line = tuple(RawWord(t, round(x0 * s), round(168 * s), round((x1 - x0) * s) - 4, round(15 * s), c, (1, 1, 4))
                 for t, x0, x1, c in texts)
    reader = line_reader(str(Settings().line_model_path))
    read = reread_doubtful_lines(OcrRead((*_SURE_CHINESE, *line), clean), reader, time.monotonic() + 60)
    name = [w for w in read.words if w.line_key == (1, 1, 4)]
    assert "".join(w.text for w in name).replace("：", ":") == "销售方:深圳华信机械有限公司"
    assert min(w.confidence for w in name) >= 0.9


def test_ocr_line_look_that_fails_leaves_tesseracts_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line model that cannot be loaded (a corrupt file) costs no page: tesseract's read stands."""
    from claimready.extractors import linerec

    linerec.line_reader.cache_clear()
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    clean = cleanup.start(np.asarray(scan_of(INVOICE_ZH, tmp_path)), 300.0)
    name = _doubtful_run(["BUN", "EKA", "FAL", "RB)"], (120, 168, 240, 183))
    read = OcrRead((*_SURE_CHINESE, *name), clean)
    assert _line_look(read, str(bad), time.monotonic() + 60) is read
    assert line_reader(str(Settings().line_model_path)).read(np.zeros((0, 0), dtype=np.uint8)).text == ""


def test_ocr_word_boxed_inside_the_end_of_the_one_before_is_its_tail() -> None:
    """Tesseract gave 'INV-2024-21' a box over the whole number and '84' a box inside its end: one
    number, not two words; words side by side stay apart."""
    raw = [RawWord("INV-2024-21", 230, 0, 135, 16, 0.97, (1, 1, 1)), RawWord("84", 344, 0, 22, 24, 0.99, (1, 1, 1))]
    assert build_lines(raw, cleanup.Transform.identity(1000, 1000))[0].text == "INV-2024-2184"
    apart = [RawWord("INV-2024-21", 230, 0, 110, 16, 0.97, (1, 1, 1)), RawWord("84", 352, 0, 22, 16, 0.99, (1, 1, 1))]
    assert build_lines(apart, cleanup.Transform.identity(1000, 1000))[0].text == "INV-2024-21 84"
    words = [RawWord("Supplies", 100, 0, 120, 16, 0.9, (1, 1, 1)), RawWord("Pty", 200, 0, 30, 16, 0.9, (1, 1, 1))]
    assert build_lines(words, cleanup.Transform.identity(1000, 1000))[0].text == "Supplies Pty"  # words overlap


def test_ocr_line_look_takes_chinese_for_letters_tesseract_could_barely_read() -> None:
    """'ARRI' at 0.39 for the label 发票编号, which the line model read at 0.89: letters read so are worth
    nothing, so Chinese takes their place from 0.85; a word of letters read surely is kept."""
    header = [_w("ARRI", 0, 0.39, 120), _w("发", 160, 0.95), _w("票", 205, 0.95), _w("日", 250, 0.94), _w("期", 295, 0.96)]
    reading = LineReading("发票编发票日期", (0.98, 0.99, 0.71, 1.0, 1.0, 0.94, 1.0))
    assert corrected_words(header, reading)[id(header[0])].text == "发票编"
    sure = [_w("ARRI", 0, 0.9, 120), *header[1:]]
    assert id(sure[0]) not in corrected_words(sure, reading)


def test_ocr_line_look_reads_a_line_of_doubtful_letters_as_the_chinese_it_fits() -> None:
    """A label 付款方式 read 'RAR' at 0.66 alone on its line: nothing alike and not unread, but the
    line model reads four Chinese characters, as many as the box holds, at 0.94."""
    label = [_w("RAR", 0, 0.66, 160)]
    assert corrected_words(label, LineReading("付款方式", (1.0, 0.76, 1.0, 1.0)))[id(label[0])].text == "付款方式"
    assert corrected_words(label, _reading("付款方式条件合同", probability=0.99)) == {}  # twice the box: not this line
    english = [_w("Payment", 0, 0.66, 160)]
    assert [w.text for w in corrected_words(english, _reading("Payment")).values()] == ["Payment"]  # agreed, not replaced


def test_ocr_line_look_puts_back_chinese_date_characters_read_as_digits() -> None:
    """'20244128278' at 0.67 for 2024年12月27日 (年月日 read as 4, 8, 8): the line model's reading has
    the same digits with Chinese one for one in place of the extra ones, so it is taken whatever
    the box's width; a reading with other digits is not."""
    line = [_w("出具日期", 0, 0.93, 160), _w(":", 170, 0.91, 5), _w("20244128278", 180, 0.67, 200)]  # a box too narrow for the reading (5 em for 7.4)
    fixed = corrected_words(line, _reading("出具日期：2024年12月27日"))
    assert fixed[id(line[2])].text == "2024年12月27日"
    assert id(line[2]) not in corrected_words(line, _reading("出具日期：2025年11月27日"))


def test_ocr_line_look_measures_a_chinese_reading_by_the_words_own_height() -> None:
    """'20254513A' (2025年4月13日, 37 px high) beside the label '日期' whose box OCR squashed to 24 px:
    by that em the box holds 10.5 characters, not the reading's 6.85; by its own height it fits."""
    key = (1, 1, 1)
    line = [RawWord("日期", 0, 100, 242, 24, 0.93, key), RawWord("20254513A", 260, 90, 253, 37, 0.55, key)]
    fixed = corrected_words(line, _reading("日期2025年4月13日"))
    assert fixed[id(line[1])].text == "2025年4月13日"


def test_ocr_line_look_reads_a_figure_less_the_specks_glued_before_it() -> None:
    """'”|2024' at 0.14, its box stretched over the specks to 5 em, for the 2024 of 2024年7月17日: the
    line model reads the digits alone, as tesseract read them, so the word is '2024' at the model's
    confidence; a reading with another digit is not taken."""
    line = [_w("”|2024", 0, 0.14, 285), _w("年", 295, 0.91, 54), _w("7", 355, 0.88, 30), _w("月", 390, 0.96, 54),
            _w("17", 450, 0.91, 60), _w("日", 515, 0.87, 54)]
    fixed = corrected_words(line, _reading("2024年7月17日", probability=0.95))
    assert fixed[id(line[0])].text == "2024" and fixed[id(line[0])].confidence >= 0.9
    assert id(line[0]) not in corrected_words(line, _reading("2025年7月17日", probability=0.95))


def test_ocr_line_look_reads_an_amount_whose_currency_code_ocr_garbled() -> None:
    """'”UspD5,856.00' at 0.03 (a speck and USD garbled, its box stretched to 10.5 em) for USD5,856.00,
    which the line model reads surely: the same figure, so the model's reading is the word; one with
    another figure is not taken."""
    line = [_w("Amount", 0, 0.95, 133), _w("Payable", 140, 0.91, 133), _w("总", 290, 0.96, 37), _w("金额", 330, 0.92, 55),
            _w("”UspD5,856.00", 400, 0.03, 294)]
    fixed = corrected_words(line[4:], _reading("USD5,856.00"), em=28.0, unread=False)
    assert fixed[id(line[4])].text == "USD5,856.00" and fixed[id(line[4])].confidence >= 0.9
    assert id(line[4]) not in corrected_words(line[4:], _reading("USD5,836.00"), em=28.0, unread=False)


def test_ocr_line_look_reads_a_date_tesseract_garbled_as_one_word() -> None:
    """'Jana t972025' at 0.18 under 'Date of Shipment' on an English B/L: the line model reads
    'Jan. 19, 2025' at 0.99, a date and nothing else, with the year tesseract saw, as wide as the
    span: it becomes one word over the boxes. A reading with another year, or with more than a date,
    or of words tesseract already read as a date, is not taken."""
    line = [RawWord("Jana", 0, 100, 80, 36, 0.68, (1, 1, 1)), RawWord("t972025", 95, 100, 150, 36, 0.18, (1, 1, 1))]
    fixed = corrected_words(line, _reading("Jan. 19, 2025"), em=36.0, unread=True)
    assert fixed[id(line[0])].text == "Jan. 19, 2025" and fixed[id(line[1])] is None
    assert fixed[id(line[0])].width == 245 and fixed[id(line[0])].confidence >= 0.95
    assert corrected_words(line, _reading("Jan. 19, 2024"), em=36.0, unread=True) == {}
    assert corrected_words(line, _reading("Jan. 19, 2025 CIF"), em=36.0, unread=True) == {}


def test_ocr_line_look_reads_a_chinese_date_whose_garbled_year_box_is_taller_than_the_line() -> None:
    """'2024410 25A' at 0.00 for 2024年10月25日 (年 read as 4, 月 lost, 日 as A): the first box also
    holds the Chinese characters, 58 px high beside the line's 39 px digits. The line model reads the
    date at 0.99; it fits the span by the line's type size (by the tall box it would not), so it
    becomes one word. Another year is not taken."""
    line = [RawWord("2024410", 400, 627, 163, 58, 0.0, (1, 1, 1)), RawWord("25A", 602, 641, 72, 39, 0.0, (1, 1, 1))]
    fixed = corrected_words(line, _reading("2024年10月25日"), em=39.0, unread=False)
    assert fixed[id(line[0])].text == "2024年10月25日" and fixed[id(line[1])] is None
    assert fixed[id(line[0])].width == 274
    assert id(line[0]) not in corrected_words(line, _reading("2025年10月25日"), em=39.0, unread=False)


def test_ocr_line_look_neither_takes_nor_disputes_a_reading_that_only_skips_characters() -> None:
    """The line model drops separators and thin glyphs of figures ('C2024484020240525C-20248460' for
    'CI20244840 2024-05-25 SC-2024-8460'): its shorter words are no other reading, so tesseract's stay
    as read, sure or not; a figure it reads with another character is still disputed."""
    line = [_w("CI20244840", 0, 0.95, 200), _w("2024-05-25", 220, 0.95, 200), _w("SC-2024-8460", 440, 0.8, 240)]
    assert corrected_words(line, _reading("C2024484020240525C-20248460")) == {}
    other = corrected_words(line, _reading("CI2024484120240525SC-2024-8460"))
    assert other[id(line[0])].confidence == 0.5 and id(line[1]) not in other
    speck = [_w("货物", 0, 0.96, 80), _w("”数量", 90, 0.44, 90)]  # a Chinese word less its speck is the word
    assert corrected_words(speck, _reading("货物数量"))[id(speck[1])].text == "数量"


def test_ocr_line_look_rereads_unsure_capitals_on_a_page_with_chinese() -> None:
    """'RR' at 0.74 for the title 发票 and 'RRS:' at 0.79 for 发票号: above the doubt threshold, but a
    few capitals read unsurely among Chinese are looked at again; read surely, or on a page
    without Chinese, they are not."""
    title = (RawWord("RR", 200, 50, 80, 40, 0.74, (1, 1, 1)),)
    label = (RawWord("RRS:", 0, 100, 120, 40, 0.79, (1, 1, 2)), RawWord("CI20245169", 140, 100, 200, 40, 0.95, (1, 1, 2)))
    sure = (RawWord("USD", 0, 150, 80, 40, 0.95, (1, 1, 3)),)
    assert set(doubtful_lines([*title, *label, *sure])) == {title, label}
    assert doubtful_lines([*title, *label, *sure], chinese=False) == []
    assert corrected_words(title, _reading("发票"))[id(title[0])].text == "发票"


def test_ocr_line_look_reads_a_date_whose_slash_tesseract_read_as_one() -> None:
    """'2024/12116' for an invoice's 2024/12/16, boxed 183x59 px (a table cell's ruling makes every
    box of the row, so the line's em, 58 px: '2024/12/16' would not fit by it). The line model reads
    the date: the same glyphs but the slash, one for one, so it is taken, read unsurely (0.82) or
    surely (0.95: a year then a run of digits no date has is doubtful however surely read). A
    reading with another digit is not, nor one of a number that is no date."""
    for confidence in (0.82, 0.95):
        word = RawWord("2024/12116", 400, 100, 183, 59, confidence, (1, 1, 1))
        assert corrected_words([word], _reading("2024/12/16"), em=58.0, unread=False)[id(word)].text == "2024/12/16"
        assert id(word) not in corrected_words([word], _reading("2024/12/18"), em=58.0, unread=False)
    number = RawWord("HX247008", 400, 100, 150, 59, 0.95, (1, 1, 1))
    assert corrected_words([number], _reading("HX24/7008"), em=58.0, unread=False) == {}


def test_ocr_line_look_gives_a_figure_the_first_digit_ocr_read_as_a_character_before_it() -> None:
    """'(E) 是 40,960.00' on a scanned VAT invoice's 价税合计 row: '¥5' of ¥540,960.00 read as 是 at 0.36,
    set tight before the figure. The line model reads '写）￥540,960.00': the 5 heads the figure, one word
    over both boxes. A digit the model doubts, or a character a gap before the figure, is left as read."""
    def row(gap: int) -> list[RawWord]:
        return [RawWord("(E)", 1113, 1056, 110, 40, 0.41, (1, 1, 1)), RawWord("是", 1265, 1058, 32, 37, 0.36, (1, 1, 1)),
                RawWord("40,960.00", 1297 + gap, 1058, 174, 37, 0.65, (1, 1, 1))]
    sure = (0.99, 0.9, 0.5, 1.0, 0.99, 1.0, 0.67, 1.0, 0.99, 0.99, 0.99, 0.99, 0.99)
    tight = row(0)
    fixed = corrected_words(tight, LineReading("写）￥540,960.00", sure), em=39.0, unread=False)
    assert fixed[id(tight[1])] is None and fixed[id(tight[2])].text == "540,960.00"
    assert fixed[id(tight[2])].left == 1265 and fixed[id(tight[2])].confidence >= 0.9
    doubted = corrected_words(tight, LineReading("写）￥540,960.00", (*sure[:3], 0.6, *sure[4:])), em=39.0, unread=False)
    assert doubted[id(tight[2])].text == "40,960.00" and id(tight[1]) not in doubted
    apart = row(40)
    assert corrected_words(apart, LineReading("写）￥540,960.00", sure), em=39.0, unread=False)[id(apart[2])].text == "40,960.00"


def test_ocr_line_look_opens_no_gap_after_a_speck_boxed_inside_a_word() -> None:
    """'20248' boxed over 2024年8月21 (2074-2300 px), a speck 'H' inside it (2238-2252), then '21A' at
    2314 (its 日): the gap after the speck is no gap, so the date is read in one part; a word a
    gap after the furthest edge still starts a part."""
    row = [RawWord("Date", 1860, 440, 103, 30, 0.92, (1, 1, 1)), RawWord("20248", 2074, 437, 226, 37, 0.40, (1, 1, 1)),
           RawWord("H", 2238, 431, 14, 51, 0.45, (1, 1, 1)), RawWord("21A", 2314, 439, 27, 35, 0.45, (1, 1, 1)),
           RawWord("INV-01", 2500, 439, 120, 35, 0.45, (1, 1, 1))]
    assert split_at_gaps(row, 37.0) == [tuple(row[:1]), tuple(row[1:4]), tuple(row[4:])]


def test_ocr_line_look_reads_the_doubtful_parts_of_a_form_row_apart() -> None:
    """'RARS      签订 日 期' (合同编号 at 0.5, then a column gap): across the gap the line model drops
    characters ('合同编签'), alone it reads '合同编号'. Only parts holding a doubtful word are read."""
    row = [_w("RARS", 0, 0.5, 117), _w("签订", 1025, 0.9, 56), _w("日", 1095, 0.96, 28), _w("期", 1125, 0.96, 28)]
    assert look_segments(row, True, 28.0) == [tuple(row[:1])]
    assert look_segments(row[:1] + [_w("签订", 130, 0.9, 56)], True, 28.0) == [(row[0], _w("签订", 130, 0.9, 56))]
    fixed = corrected_words(row[:1], _reading("合同编号"), 28.0, False)  # the em is the whole row's
    assert fixed[id(row[0])].text == "合同编号"


def test_ocr_line_look_takes_a_run_of_guessed_letters_whole_beside_sure_words() -> None:
    """'RUR WEAR E' (佛山美达陶瓷有限公司 read as Latin guesses, 0.26-0.43) beside a sure English name:
    the line model reads the run as ten Chinese characters filling its span, so the run becomes
    that name in one word; a reading that does not fill the span is not taken so."""
    run = [RawWord("RUR", 275, 100, 113, 53, 0.43, (1, 1, 1)), RawWord("WEAR", 420, 100, 150, 53, 0.26, (1, 1, 1)),
           RawWord("E", 596, 100, 33, 35, 0.41, (1, 1, 1))]
    fixed = corrected_words(run, _reading("佛山美达陶瓷有限公司"), 35.0, False)
    assert [fixed[id(w)].text if fixed[id(w)] else None for w in run] == ["佛山美达陶瓷有限公司", None, None]
    short = corrected_words(run, _reading("佛山美达"), 35.0, False)
    assert all(word is None or word.text != "佛山美达" or word.width < 300 for word in short.values())


def test_ocr_line_look_disputes_a_sure_word_only_on_characters_it_reads_surely() -> None:
    """'236,832.50' read at 0.96; the line model reads '236.832.50' with its '.' at 0.50: a comma it
    could not tell from a dot is no dispute. Read surely otherwise, the figure is disputed."""
    line = [_w("合同", 0, 0.96, 80), _w("总", 85, 0.96), _w("金额", 130, 0.96, 80), _w("USD", 215, 0.95, 60),
            _w("236,832.50", 280, 0.96, 200), _w("付款", 500, 0.6, 80)]
    unsure_dot = LineReading("合同总金额USD236.832.50付款", tuple(0.5 if i == 11 else 0.99 for i in range(21)))
    assert id(line[4]) not in corrected_words(line, unsure_dot)
    sure_dot = LineReading("合同总金额USD236.832.50付款", tuple(0.99 for _ in range(21)))
    assert corrected_words(line, sure_dot)[id(line[4])].confidence == 0.5


def test_ocr_line_look_for_a_date_tesseract_read_as_digits_and_symbols() -> None:
    """'on 202543) 13A,' (2025年3月13日 in an English ruling) at 0.17: mostly digits, so the line is
    looked at on a page without Chinese; a doubtful word is not."""
    line = [_w("Court,", 0, 0.95, 100), _w("on", 105, 0.96, 40), _w("202543)", 150, 0.17, 140), _w("13A,", 295, 0.76, 70)]
    assert doubtful_lines(line, chinese=False) == [tuple(line)]


class _Readings:
    """A line model that answers a list of readings in turn, recording the crop widths asked."""

    def __init__(self, *readings: LineReading) -> None:
        self.readings, self.widths = list(readings), []

    def read(self, image: np.ndarray) -> LineReading:
        self.widths.append(image.shape[1])
        return self.readings.pop(0)


def test_ocr_line_look_reads_an_unread_row_part_by_part_when_whole_it_is_unclear() -> None:
    """'fria a ba      Aleli' (合同号码 and 合同日期, a column apart, read as letters): whole, the model
    is unsure (0.85); each part alone is read clearly and taken."""
    clean = cleanup.start(np.full((300, 1400), 255, dtype=np.uint8), 300.0)
    row = (RawWord("fria", 276, 100, 50, 40, 0.52, (1, 1, 5)), RawWord("a", 341, 100, 10, 40, 0.08, (1, 1, 5)),
           RawWord("ba", 361, 100, 30, 40, 0.39, (1, 1, 5)), RawWord("Aleli", 990, 100, 108, 30, 0.28, (1, 1, 5)))
    model = _Readings(_reading("合同号码合同日期", 0.85), _reading("合同号码", 0.97), _reading("合同日期", 0.99))
    read = reread_doubtful_lines(OcrRead((*_SURE_CHINESE, *row), clean), model, time.monotonic() + 60)  # type: ignore[arg-type]
    assert [w.text for w in read.words if w.line_key == (1, 1, 5)] == ["合同号码", "合同日期"]
    assert len(model.widths) == 3 and model.widths[0] > model.widths[1] + model.widths[2]


def test_ocr_line_look_agreeing_on_an_unsure_word_makes_it_surer() -> None:
    """'蓉' read at 0.14 by tesseract and at 0.82 by the line model: two readers agree, so the word is
    wrong only if both are (0.85). Latin words count too (no text is replaced, so accents do not
    matter): 'Coz' at 0.5 read the same at 0.95 is 0.975. A word the model reads otherwise gains nothing."""
    name = [_w("蓉", 0, 0.14), _w("发", 45, 0.95), _w("机电", 90, 0.93, 80), _w("设备", 175, 0.93, 80)]
    fixed = corrected_words(name, LineReading("蓉发机电设备", (0.82, 1.0, 1.0, 1.0, 1.0, 1.0)))
    assert (fixed[id(name[0])].text, fixed[id(name[0])].confidence) == ("蓉", pytest.approx(1 - 0.86 * 0.18, abs=1e-4))
    latin = [_w("Shipper:", 0, 0.95, 160), _w("Coz", 165, 0.5, 60), _w("Ltd.", 230, 0.93, 70)]
    assert corrected_words(latin, _reading("Shipper:Coz Ltd.", 0.95))[id(latin[1])].confidence == pytest.approx(0.975)
    assert id(latin[1]) not in corrected_words(latin, _reading("Shipper:Cox Ltd.", 0.95))


def test_ocr_line_look_drops_a_glyph_tesseract_added_to_a_doubtful_figure() -> None:
    """'20259SC3880' at 0.61 for contract 2025SC3880, which the line model reads with every character
    at 0.97 or more: the extra '9' is tesseract's. A separator or thin glyph less is the model's
    habit, not another reading, and a sure figure is not replaced."""
    number = [_w("Contract", 0, 0.95, 160), _w("Number:", 165, 0.95, 140), _w("20259SC3880", 310, 0.61, 220)]
    reading = LineReading("Contract Number:2025SC3880", tuple(0.99 for _ in "Contract Number:2025SC3880"))
    assert corrected_words(number, reading)[id(number[2])].text == "2025SC3880"
    dashed = [*number[:2], _w("SC-2024-8460", 310, 0.61, 220)]
    assert id(dashed[2]) not in corrected_words(dashed, LineReading("Contract Number:C-20248460",
                                                                     tuple(0.99 for _ in "Contract Number:C-20248460")))
    sure = [*number[:2], _w("20259SC3880", 310, 0.8, 220)]
    assert sure[2].text == "20259SC3880" and id(sure[2]) not in corrected_words(sure, reading)
    # a thin glyph too many is tesseract's only where the model's reading is a date and its own none
    dated = [_w("发票日期", 0, 0.95, 160), _w("2024/10/124", 170, 0.32, 230)]
    assert corrected_words(dated, _reading("发票日期2024/10/24", 0.99))[id(dated[1])].text == "2024/10/24"
    coded = [_w("Invoice", 0, 0.95, 140), _w("CI20245174", 150, 0.32, 230)]
    assert id(coded[1]) not in corrected_words(coded, _reading("InvoiceC20245174", 0.99))


def test_ocr_line_look_reads_a_label_with_its_colon_read_as_capitals() -> None:
    """'RRS:' at 0.64 for the label 发票号: read alone (the number after it is a column away): the
    line model's '发票号:' is Chinese but for the label's colon, and takes the word's place."""
    label = [_w("RRS:", 0, 0.64, 130)]
    assert corrected_words(label, _reading("发票号:"), 36.0, False)[id(label[0])].text == "发票号:"
    assert corrected_words(label, _reading("发票号:INV"), 36.0, False) == {}


def test_ocr_line_look_on_a_page_without_chinese_only_confirms_latin_words() -> None:
    """'Coz' at 0.5 in 'Shipper: Coz Ltd.' on an English page: looked at, and read the same by the
    line model, so made surer; 'Ordcr' at 0.3, read 'Order', stays tesseract's (no Latin word is
    replaced: the model drops accents, and may read a blurred word as Chinese)."""
    clean = cleanup.start(np.full((300, 1400), 255, dtype=np.uint8), 300.0)
    line = (RawWord("Shipper:", 10, 100, 160, 40, 0.95, (1, 1, 2)), RawWord("Coz", 180, 100, 60, 40, 0.5, (1, 1, 2)),
            RawWord("Ltd.", 250, 100, 70, 40, 0.93, (1, 1, 2)))
    order = (RawWord("Purchase", 10, 200, 160, 40, 0.95, (1, 1, 3)), RawWord("Ordcr", 180, 200, 100, 40, 0.3, (1, 1, 3)))
    blur = (RawWord("Total", 10, 250, 100, 40, 0.95, (1, 1, 4)), RawWord("RAR", 120, 250, 160, 40, 0.66, (1, 1, 4)))
    model = _Readings(_reading("Purchase Order", 0.95), _reading("Shipper: Coz Ltd.", 0.95),  # least sure line first
                      _reading("Total付款方式", 0.99))
    read = reread_doubtful_lines(OcrRead((*line, *order, *blur), clean), model, time.monotonic() + 60)  # type: ignore[arg-type]
    got = {w.text: w.confidence for w in read.words}
    assert got["Coz"] == pytest.approx(0.975) and got["Ordcr"] == 0.3 and got["RAR"] == 0.66


def test_ocr_line_look_takes_a_sentence_of_guessed_letters_whole_beside_a_sure_colon() -> None:
    """'RE SARA RILSA RARE MARREN AARET :' (a Chinese sentence of an agency's letter read as Latin
    guesses, only its final ':' sure): the model's sentence, Chinese and punctuation, filling the
    span, becomes one word; dealt out word by word it had lost its first eleven characters."""
    guesses = [RawWord(t, x, 100, w, 36, c, (1, 1, 1)) for t, x, w, c in (
        ("RE", 0, 90, 0.6), ("SARA", 100, 230, 0.36), ("RILSA", 340, 260, 0.0), ("RARE", 610, 200, 0.0),
        ("MARREN", 820, 280, 0.0), ("AARET", 1110, 180, 0.24))]
    line = [*guesses, RawWord(":", 1300, 100, 20, 36, 0.9, (1, 1, 1))]
    sentence = "我司受债权人深圳华信机械有限公司委托，就贵司拖欠委托人货款事宜致函如下："
    fixed = corrected_words(line, _reading(sentence), 36.0, False)
    assert fixed[id(line[0])].text == "我司受债权人深圳华信机械有限公司委托,就贵司拖欠委托人货款事宜致函如下"
    assert all(fixed[id(word)] is None for word in line[1:6]) and id(line[6]) not in fixed


def test_ocr_line_look_ems_a_line_by_its_lower_median_chinese_height() -> None:
    """'RRRS      日 期' with 期 boxed 19x70 (twice the type's height): of two Chinese words the
    lower height is the em, so '发票编号' fills RRRS's 123 px and takes its place."""
    clean = cleanup.start(np.full((300, 1600), 255, dtype=np.uint8), 300.0)
    row = (RawWord("RRRS", 437, 100, 123, 30, 0.69, (1, 1, 5)), RawWord("日", 1465, 100, 56, 30, 0.95, (1, 1, 5)),
           RawWord("期", 1504, 81, 19, 70, 0.95, (1, 1, 5)))
    model = _Readings(_reading("发票编号", 1.0))
    read = reread_doubtful_lines(OcrRead((*_SURE_CHINESE, *row), clean), model, time.monotonic() + 60)  # type: ignore[arg-type]
    assert [w.text for w in read.words if w.line_key == (1, 1, 5)] == ["发票编号", "日", "期"]


def test_ocr_line_look_reads_dates_tesseract_garbled_to_mostly_digits() -> None:
    """'11512:2024' at 0.43 for 11.12.2024 takes the model's figure; '202447Ħ21A' at 0.48 after a sure
    'Shipment:' takes '2024年7月21日' one for one, the model's extra '：' after 'Shipment:' not its."""
    dotted = [_w("11512:2024", 0, 0.43, 200)]
    assert corrected_words(dotted, _reading("11.12.2024"), 40.0, False)[id(dotted[0])].text == "11.12.2024"
    line = [_w("Date", 0, 0.92, 80), _w("of", 85, 0.95), _w("Shipment:", 130, 0.91, 180), _w("202447Ħ21A", 320, 0.48, 270)]
    fixed = corrected_words(line, _reading("Date of Shipment:：2024年7月21日"), 54.0, False)
    assert fixed[id(line[3])].text == "2024年7月21日"


def test_ocr_line_look_takes_chinese_for_the_letters_of_a_date_tesseract_was_sure_of() -> None:
    """'装船日期: 2024年8月20日' read 'RAAH: 202448H 20A', '20A' at 0.89: the line model's 日 for the
    'A' is no disagreement about the line, and takes its place; a sure word of letters stays."""
    line = [_w("RAAH:", 0, 0.6, 170), _w("202448H", 230, 0.73, 190), _w("20A", 430, 0.89, 80)]
    fixed = corrected_words(line, _reading("装船日期：2024年8月20日"))
    assert [fixed[id(w)].text for w in line] == ["装船日期:", "2024年8月", "20日"]
    letters = [_w("Suite", 0, 0.95, 120), _w("AB", 130, 0.92, 80)]
    assert all(w.text in ("Suite", "AB") for w in corrected_words(letters, _reading("Suite日本")).values() if w)


def test_ocr_line_look_takes_a_short_number_less_the_digit_tesseract_added() -> None:
    """'2024年6月416日' with '416' at 0.48 (its box ran into the 日): the line model reads 16 clearly;
    read surely by tesseract, or a thin glyph more, the number stays."""
    line = [_w("2024", 0, 0.92, 180), _w("年", 185, 0.86), _w("6", 230, 0.96, 30), _w("月", 265, 0.96),
            _w("416", 310, 0.48, 74), _w("日", 390, 0.93)]
    assert corrected_words(line, _reading("2024年6月16日"))[id(line[4])].text == "16"
    thin = [*line[:4], _w("116", 310, 0.48, 74), line[5]]
    assert id(thin[4]) not in corrected_words(thin, _reading("2024年6月16日"))
