"""Build claim packets for the validator tests: ExtractedDocuments from plain field values, a
clean protracted-default packet, and small edits of it (one defect or near-miss at a time)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace

from claimready.manifest import Manifest
from claimready.models import (BBox, DocType, ExtractedDocument, FieldValue, FileKind, SourceFile, frozen_map)
from claimready.settings import Settings
from claimready.validators.checks import cross_check

SURE, DOUBTFUL = 0.98, 0.40
BUYER = "Rio Verde Importadora Ltda."
SELLER = "Shenzhen Huaxin Machinery Co., Ltd."


def field_value(value: object, confidence: float = SURE, source: str = "text") -> FieldValue:
    value = tuple(value) if isinstance(value, list) else value
    return FieldValue(value=value, raw=str(value), page=1, bbox=BBox(0.1, 0.1, 0.3, 0.12),  # type: ignore[arg-type]
                      confidence=confidence, source=source)  # type: ignore[arg-type]


def make_doc(name: str, doc_type: DocType | str, fields: Mapping[str, object] | None = None, *,
             doc_type_confidence: float = 0.97, doubtful: Iterable[str] = (), ocr: Iterable[str] = (),
             sha256: str | None = None, errors: tuple[str, ...] = (), unreadable: bool = False) -> ExtractedDocument:
    """An ExtractedDocument as the extractor would give it; `doubtful` fields get low confidence."""
    doubtful, ocr = set(doubtful), set(ocr)
    values = {k: field_value(v, DOUBTFUL if k in doubtful else SURE, "ocr" if k in ocr else "text")
              for k, v in (fields or {}).items() if v is not None}
    sha = sha256 or hashlib.sha256(name.encode()).hexdigest()
    file = SourceFile(name=name, path=f"/claims/{name}", sha256=sha, size=1000, kind=FileKind.PDF)
    return ExtractedDocument(file=file, doc_type=DocType(doc_type), doc_type_confidence=doc_type_confidence,
                             pages=1, ocr_pages=(), language="en", fields=frozen_map(values), errors=errors,
                             unreadable=unreadable)


def clean_documents() -> list[ExtractedDocument]:
    """Contract, invoice (due 60 days after the B/L date), to-order B/L, dunning letter."""
    return [
        make_doc("scan_0001.pdf", "contract", {
            "contract_number": "SC-2025-0147", "date": "2025-01-10", "seller": SELLER, "buyer": BUYER,
            "total_amount": "100000.00", "currency": "USD", "payment_terms_days": 60,
            "_payment_terms_basis": "shipment"}),
        make_doc("scan_0002.pdf", "invoice", {
            "invoice_number": "INV-2025-0042", "date": "2025-02-20", "seller": SELLER,
            "buyer": "RIO VERDE IMPORTADORA LIMITADA", "contract_number": "SC 2025/0147",
            "total_amount": "48250.00", "currency": "USD", "due_date": "2025-04-30", "payment_terms_days": 60,
            "_payment_terms_basis": "shipment"}),
        make_doc("scan_0003.pdf", "bill_of_lading", {
            "bl_number": "COSU6234567890", "date": "2025-03-01", "shipper": "SHENZHEN HUAXIN MACHINERY CO.,LTD",
            "consignee": "TO THE ORDER OF BANCO DO BRASIL S.A.", "notify_party": "Rio Verde Importadora Ltda",
            "invoice_number": "INV-2025-0042", "port_of_loading": "Shenzhen", "port_of_discharge": "Santos"}),
        make_doc("scan_0004.pdf", "dunning_letter", {
            "date": "2025-05-20", "seller": "Shenzhen Huaxin Machinery Company Limited", "buyer": BUYER,
            "invoice_numbers": ["INV-2025-0042"], "amount_due": "48250.00", "currency": "USD"}),
    ]


def clean_manifest(**changes: object) -> Manifest:
    """Notified exactly 60 days and filed 123 days after the due date 2025-04-30."""
    data: dict[str, object] = {
        "claim_id": "CLM-2025-0042", "claim_type": "protracted_default", "policyholder": SELLER, "buyer": BUYER,
        "claimed_amount": "48250.00", "currency": "USD", "overdue_notified_date": "2025-06-29",
        "filed_date": "2025-08-31"}
    data.update(changes)
    return Manifest.model_validate({k: v for k, v in data.items() if v is not None})


def edit(docs: list[ExtractedDocument], name: str, doubtful: Iterable[str] = (), ocr: Iterable[str] = (),
         **changes: object) -> list[ExtractedDocument]:
    """The packet with fields of one document changed (None removes a field)."""
    out = []
    for doc in docs:
        if doc.name == name:
            values = {k: fv.value for k, fv in doc.fields.items()}
            values.update(changes)
            old_doubtful = {k for k, fv in doc.fields.items() if fv.confidence < 0.5}
            rebuilt = make_doc(doc.name, doc.doc_type, values, doc_type_confidence=doc.doc_type_confidence,
                               doubtful=old_doubtful | set(doubtful), ocr=ocr, sha256=doc.file.sha256)
            doc = replace(rebuilt, errors=doc.errors, unreadable=doc.unreadable)
        out.append(doc)
    return out


def without(docs: list[ExtractedDocument], name: str) -> list[ExtractedDocument]:
    return [d for d in docs if d.name != name]


def check(docs: list[ExtractedDocument], manifest: Manifest | None = None, manifest_error: str | None = None,
          **settings: object):  # type: ignore[no-untyped-def]
    return cross_check(manifest if manifest is not None else clean_manifest(), docs, Settings(**settings),  # type: ignore[arg-type]
                       manifest_error)


def codes(found) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.code for d in found if d.code != "NO_DEBT_ACKNOWLEDGEMENT"}
