"""The report of SPEC section 4, as pydantic models at the edge (CLI, API, database)."""

from __future__ import annotations

from pydantic import BaseModel

from claimready.models import ClaimReport, Discrepancy, ExtractedDocument, FieldScalar, FieldValue

JsonScalar = str | int | bool | list[str]


class FieldOut(BaseModel):
    value: JsonScalar
    raw: str
    page: int
    bbox: list[float]
    confidence: float
    source: str


class DocumentOut(BaseModel):
    name: str
    sha256: str
    doc_type: str
    doc_type_confidence: float
    pages: int
    ocr_pages: list[int]
    language: str
    fields: dict[str, FieldOut]
    errors: list[str]


class DiscrepancyOut(BaseModel):
    code: str
    severity: str
    message: str
    documents: list[str]
    field: str | None
    values: list[str]


class ReportOut(BaseModel):
    claim_id: str
    tenant: str
    status: str
    score: int
    claim_type: str
    documents: list[DocumentOut]
    discrepancies: list[DiscrepancyOut]


def _json_value(value: FieldScalar) -> JsonScalar:
    return list(value) if isinstance(value, tuple) else value


def field_out(fv: FieldValue) -> FieldOut:
    return FieldOut(value=_json_value(fv.value), raw=fv.raw, page=fv.page, bbox=fv.bbox.as_list(),
                    confidence=round(fv.confidence, 3), source=fv.source)


def document_out(doc: ExtractedDocument) -> DocumentOut:
    return DocumentOut(name=doc.name, sha256=doc.file.sha256, doc_type=doc.doc_type.value,
                       doc_type_confidence=doc.doc_type_confidence, pages=doc.pages,
                       ocr_pages=list(doc.ocr_pages), language=doc.language,
                       fields={k: field_out(v) for k, v in doc.fields.items() if not k.startswith("_")}, errors=list(doc.errors))


def discrepancy_out(d: Discrepancy) -> DiscrepancyOut:
    return DiscrepancyOut(code=d.code, severity=d.severity.value, message=d.message,
                          documents=list(d.documents), field=d.field, values=list(d.values))


def report_out(report: ClaimReport) -> ReportOut:
    return ReportOut(claim_id=report.claim_id, tenant=report.tenant, status=report.verdict.status.value,
                     score=report.verdict.score, claim_type=report.claim_type,
                     documents=[document_out(d) for d in report.documents],
                     discrepancies=[discrepancy_out(d) for d in report.verdict.discrepancies])
