"""The pipeline, top to bottom. Each stage is a plain function; the CLI, the workers and the
API only call these in order."""

from __future__ import annotations

import logging
from pathlib import Path

from claimready.errors import UnreadableDocument
from claimready.extractors.base import read_document
from claimready.extractors.classify import classify
from claimready.extractors.fields import extract_fields
from claimready.intake.folder import ClaimInput, read_claim_folder
from claimready.manifest import Manifest
from claimready.models import (ClaimReport, Classification, DocType, DocumentText, ExtractedDocument,
                               SourceFile, frozen_map)
from claimready.rules import Rules
from claimready.settings import Settings
from claimready.validators.checks import cross_check
from claimready.validators.verdict import decide

log = logging.getLogger(__name__)


def extract_document(file: SourceFile, settings: Settings, rules: Rules,
                     forced_type: DocType | None = None) -> ExtractedDocument:
    """Read, classify and extract one file. An unreadable file becomes a document with its reason."""
    try:
        text = read_document(file, settings)
    except UnreadableDocument as exc:
        return unreadable_document(file, exc.reason)
    try:
        classification = Classification(forced_type, 1.0) if forced_type else classify(text, rules)
        fields = extract_fields(text, classification.doc_type, rules)
    except Exception as exc:  # a bug on one document must not sink the claim; it is reported, not hidden
        log.exception("extraction failed on %s", file.name)
        return ExtractedDocument(file=file, doc_type=DocType.OTHER, doc_type_confidence=0.0, pages=len(text.pages),
                                 ocr_pages=text.ocr_pages, language=text.language,
                                 errors=(*text.page_errors, f"extraction failed: {type(exc).__name__}: {exc}"))
    return ExtractedDocument(
        file=file,
        doc_type=classification.doc_type,
        doc_type_confidence=round(classification.confidence, 3),
        pages=len(text.pages),
        ocr_pages=text.ocr_pages,
        language=text.language,
        fields=frozen_map(fields),
        errors=text.page_errors,
    )


def unreadable_document(file: SourceFile, reason: str) -> ExtractedDocument:
    return ExtractedDocument(file=file, doc_type=DocType.OTHER, doc_type_confidence=0.0, pages=0,
                             ocr_pages=(), language="", errors=(reason,), unreadable=True)


def evaluate_claim(claim_id: str, tenant: str, manifest: Manifest, documents: tuple[ExtractedDocument, ...],
                   settings: Settings, manifest_error: str | None = None) -> ClaimReport:
    """Cross-check extracted documents and decide; shared by `verify` and the claim worker."""
    discrepancies = cross_check(manifest, documents, settings, manifest_error)
    return ClaimReport(claim_id=claim_id, tenant=tenant, claim_type=manifest.claim_type.value,
                       verdict=decide(discrepancies), documents=documents)


def verify_claim(folder: Path, settings: Settings, rules: Rules) -> ClaimReport:
    claim: ClaimInput = read_claim_folder(folder, settings.tenant, settings.max_manifest_bytes)
    documents = tuple(extract_document(f, settings, rules) for f in claim.files)
    return evaluate_claim(claim.claim_id, claim.tenant, claim.manifest, documents, settings, claim.manifest_error)


__all__ = ["DocumentText", "extract_document", "evaluate_claim", "verify_claim", "unreadable_document"]
