"""A small claim for review tests: reportlab PDFs (English and Chinese) and a ReportOut whose
field bboxes are where the PDF reader actually finds the words, with a PARTY_MISMATCH."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from claimready.extractors.pdf import read_pdf_pages
from claimready.intake.folder import identify_file
from claimready.models import BBox, Discrepancy, Severity
from claimready.validators.verdict import decide
from claimready.report import DiscrepancyOut, DocumentOut, FieldOut, ReportOut
from claimready.settings import Settings

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

INVOICE_BUYER = "Rio Verde Importadora Ltda."
CONTRACT_BUYER = "Porto Alegre Maquinas S.A."
ZH_SELLER = "深圳华信机械有限公司"


@dataclass(frozen=True)
class SampleClaim:
    folder: Path
    report: ReportOut


def draw(path: Path, lines: list[tuple[float, float, str]], size: int = 11) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    c.setFont("STSong-Light", size)
    for x, y, text in lines:
        c.drawString(x, height - y, text)
    c.showPage()
    c.save()
    return path


def find_bbox(path: Path, text: str, page: int = 1) -> BBox:
    """Where the PDF reader sees `text` on `page` (the words of its first occurrence)."""
    pages = read_pdf_pages(identify_file(path), Settings(ocr_enabled=False))
    for line in pages[page - 1].lines:
        start = line.text.find(text)
        if start >= 0:
            return BBox.enclosing([w.bbox for w in line.words_in(start, start + len(text))])
    raise AssertionError(f"{text!r} not found on page {page} of {path.name}")


def field(path: Path, value: str, raw: str | None = None, page: int = 1, confidence: float = 1.0) -> FieldOut:
    raw = raw or value
    return FieldOut(value=value, raw=raw, page=page, bbox=find_bbox(path, raw, page).as_list(),
                    confidence=confidence, source="text")


def document(path: Path, doc_type: str, fields: dict[str, FieldOut], language: str = "en") -> DocumentOut:
    return DocumentOut(name=path.name, sha256=identify_file(path).sha256, doc_type=doc_type,
                       doc_type_confidence=0.95, pages=1, ocr_pages=[], language=language,
                       fields=fields, errors=[])


def make_sample_claim(folder: Path, claim_id: str = "CLM-REVIEW-1") -> SampleClaim:
    """An invoice and a contract naming different buyers, and a Chinese dunning letter."""
    folder.mkdir(parents=True, exist_ok=True)
    invoice = draw(folder / "scan_0001.pdf", [
        (60, 60, "COMMERCIAL INVOICE"), (60, 100, "Invoice No.: INV-2025-0042"),
        (60, 120, "Seller: Shenzhen Huaxin Machinery Co., Ltd."), (60, 140, f"Buyer: {INVOICE_BUYER}"),
        (60, 200, "Total: USD 48,250.00")])
    contract = draw(folder / "scan_0002.pdf", [
        (60, 60, "SALES CONTRACT"), (60, 100, "Contract No.: SC-2025-007"),
        (60, 130, "Seller: Shenzhen Huaxin Machinery Co., Ltd."), (60, 150, f"Buyer: {CONTRACT_BUYER}"),
        (60, 220, "Total value: USD 48,250.00")])
    dunning = draw(folder / "scan_0003.pdf", [
        (60, 60, "催款函"), (60, 100, f"债权人：{ZH_SELLER}"), (60, 120, f"债务人：{INVOICE_BUYER}"),
        (60, 160, "欠款金额：USD 48,250.00")])
    docs = [
        document(invoice, "invoice", {
            "invoice_number": field(invoice, "INV-2025-0042"),
            "buyer": field(invoice, INVOICE_BUYER), "total_amount": field(invoice, "48250.00", "USD 48,250.00")}),
        document(contract, "contract", {
            "contract_number": field(contract, "SC-2025-007"),
            "buyer": field(contract, CONTRACT_BUYER, confidence=0.91)}),
        document(dunning, "dunning_letter", {
            "seller": field(dunning, ZH_SELLER), "amount_due": field(dunning, "48250.00", "USD 48,250.00")},
            language="zh"),
    ]
    discrepancies = [
        DiscrepancyOut(code="PARTY_MISMATCH", severity="blocking",
                       message=f"The contract names buyer {CONTRACT_BUYER} but the invoice names {INVOICE_BUYER}",
                       documents=[contract.name, invoice.name], field="buyer",
                       values=[CONTRACT_BUYER, INVOICE_BUYER]),
        DiscrepancyOut(code="AMOUNT_MISMATCH", severity="blocking",
                       message="Claimed USD 50,000.00 but the dunning letter states USD 48,250.00",
                       documents=["claim.json", dunning.name], field="total_amount",
                       values=["50000.00", "48250.00"]),
        DiscrepancyOut(code="DUE_DATE_MISMATCH", severity="minor", message="Stated due date differs",
                       documents=[invoice.name], field="due_date", values=["2025-05-01", "2025-05-03"]),
    ]
    verdict = decide([Discrepancy(d.code, Severity(d.severity), d.message, tuple(d.documents), d.field,
                                  tuple(d.values)) for d in discrepancies])
    report = ReportOut(claim_id=claim_id, tenant="local", status=verdict.status.value, score=verdict.score,
                       claim_type="protracted_default", documents=docs, discrepancies=discrepancies)
    return SampleClaim(folder, report)
