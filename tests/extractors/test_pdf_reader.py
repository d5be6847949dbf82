from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimready.errors import CorruptFile, EmptyFile, EncryptedFile, TooLarge, UnreadableDocument, UnsupportedFormat
from claimready.extractors.base import read_document
from claimready.intake.folder import identify_file
from claimready.settings import Settings


def test_pdf_reader_gives_words_with_normalised_boxes(make_pdf: Callable[..., Path], settings: Settings) -> None:
    path = make_pdf("inv.pdf", [(72, 100, "Invoice No.: INV-2025-0042"), (72, 130, "Total: USD 48,250.00")])
    text = read_document(identify_file(path), settings)
    page = text.pages[0]
    assert [line.text for line in page.lines] == ["Invoice No.: INV-2025-0042", "Total: USD 48,250.00"]
    word = next(w for w in page.words if w.text == "INV-2025-0042")
    # drawn at x=72pt on a 595pt-wide page, baseline 100pt from the top of an 842pt page
    assert word.bbox.x0 == pytest.approx(72 / 595.28 + 0.105, abs=0.03)
    assert 0.10 < word.bbox.y0 < 100 / 841.89 < word.bbox.y1 + 0.01
    assert word.source == "text" and word.confidence == 1.0
    assert text.language == "en" and text.ocr_pages == ()


def test_pdf_reader_splits_chinese_label_from_value(make_pdf: Callable[..., Path], settings: Settings) -> None:
    path = make_pdf("zh.pdf", [(72, 100, "发票号码：INV-2025-0042 日期：2025年3月14日"), (72, 130, "合计金额：人民币312,000.00元")])
    text = read_document(identify_file(path), settings)
    line = text.pages[0].lines[0]
    assert line.text == "发票号码：INV-2025-0042 日期：2025年3月14日"
    start = line.text.index("INV")
    (word,) = line.words_in(start, start + len("INV-2025-0042"))
    assert word.text == "INV-2025-0042"
    assert text.language == "zh"


def test_pdf_reader_reads_every_page(make_pdf: Callable[..., Path], settings: Settings) -> None:
    path = make_pdf("two.pdf", [(72, 100, "Page one of the sales contract text")], [(72, 100, "Page two carries the signatures")])
    text = read_document(identify_file(path), settings)
    assert [p.number for p in text.pages] == [1, 2]
    assert "signatures" in text.pages[1].text


def test_pdf_reader_refuses_zero_byte_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty"):
        read_document(identify_file(path), settings)


def test_pdf_reader_refuses_truncated_pdf(make_pdf: Callable[..., Path], tmp_path: Path, settings: Settings) -> None:
    whole = make_pdf("whole.pdf", [(72, 100, "Commercial invoice INV-1 total USD 1,000.00")]).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(UnreadableDocument):
        read_document(identify_file(path), settings)


def test_pdf_reader_refuses_garbage_after_header(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises((CorruptFile, UnreadableDocument)):
        read_document(identify_file(path), settings)


def test_pdf_reader_refuses_password_protected_pdf(make_pdf: Callable[..., Path], settings: Settings) -> None:
    path = make_pdf("locked.pdf", [(72, 100, "Secret invoice")], encrypt="s3cret")
    with pytest.raises(EncryptedFile, match="password"):
        read_document(identify_file(path), settings)


def test_pdf_reader_refuses_too_many_pages(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf("long.pdf", *[[(72, 100, f"Page {i} of a very long annex text")] for i in range(5)])
    with pytest.raises(TooLarge, match="5 pages"):
        read_document(identify_file(path), Settings(max_pages=3))


def test_reader_refuses_file_over_size_limit(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf("big.pdf", [(72, 100, "Invoice")])
    with pytest.raises(TooLarge):
        read_document(identify_file(path), Settings(max_file_bytes=100))


@pytest.mark.parametrize(("content", "what"), [
    (b"PK\x03\x04" + b"\x00" * 100, "ZIP"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "ELF"),
    (b"<!DOCTYPE html><html><body>invoice</body></html>", "HTML"),
    (b"Invoice INV-1 total 100 USD", "text"),
])
def test_reader_names_unsupported_format(tmp_path: Path, settings: Settings, content: bytes, what: str) -> None:
    path = tmp_path / "scan_0001.pdf"
    path.write_bytes(content)
    with pytest.raises(UnsupportedFormat, match=what):
        read_document(identify_file(path), settings)
