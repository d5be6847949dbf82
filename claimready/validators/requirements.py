"""What the claim must hold: the documents its type requires (SPEC section 2), readable files,
a valid manifest, and a document type we are sure of where the checklist depends on it."""

from __future__ import annotations

from collections.abc import Iterator

from claimready.manifest import MANIFEST_NAME, ClaimType
from claimready.models import DocType, Discrepancy, ExtractedDocument
from claimready.validators.facts import ClaimFacts
from claimready.validators.findings import Fact, finding, low_confidence

TRANSPORT = (DocType.BILL_OF_LADING, DocType.DELIVERY_RECEIPT)
BASE = ((DocType.CONTRACT,), (DocType.INVOICE,), TRANSPORT)
REQUIRED: dict[ClaimType, tuple[tuple[DocType, ...], ...]] = {
    ClaimType.PROTRACTED_DEFAULT: (*BASE, (DocType.DUNNING_LETTER,)),
    ClaimType.INSOLVENCY: (*BASE, (DocType.DUNNING_LETTER,), (DocType.BANKRUPTCY_RULING,)),
    ClaimType.POLITICAL: (*BASE, (DocType.GOVERNMENT_ORDER,)),
}
EXTRACTION_FAILED_PREFIX = "extraction failed"
# The classifier's confidence falls with the margin over the runner-up (a contract scores close
# to an amendment), so its doubt starts lower than a field reading's: half the field threshold.
DOC_TYPE_DOUBT_FACTOR = 0.5


def requirement_name(group: tuple[DocType, ...]) -> str:
    return " or ".join(t.value for t in group)


def check_required_documents(facts: ClaimFacts) -> Iterator[Discrepancy]:
    claim_type = facts.manifest.claim_type
    for group in REQUIRED[claim_type]:
        found = facts.of_type(*group)
        if not found:
            name = requirement_name(group)
            kind = claim_type.value.replace("_", " ")
            yield finding("MISSING_DOCUMENT", f"{'An' if kind[0] in 'aeiou' else 'A'} {kind} claim needs a "
                          f"{name.replace('_', ' ')}; none was found among the {len(facts.all_documents)} files",
                          [], "doc_type", [name])
            continue
        yield from unsure_classification(facts, found)


def unsure_classification(facts: ClaimFacts, found: tuple[ExtractedDocument, ...]) -> list[Discrepancy]:
    """LOW_CONFIDENCE when a requirement is met only by documents whose type is a guess."""
    threshold = facts.settings.low_confidence * DOC_TYPE_DOUBT_FACTOR
    if any(d.doc_type_confidence >= threshold for d in found):
        return []
    return [low_confidence(Fact(d.name, "doc_type", d.doc_type.value, d.doc_type_confidence), "MISSING_DOCUMENT")
            for d in found]


def check_debt_acknowledgement(facts: ClaimFacts) -> Iterator[Discrepancy]:
    if not facts.of_type(DocType.DEBT_ACKNOWLEDGEMENT):
        yield finding("NO_DEBT_ACKNOWLEDGEMENT", "No debt acknowledgement from the buyer; not required, but it "
                      "would strengthen the claim", [], "doc_type", [DocType.DEBT_ACKNOWLEDGEMENT.value])


def check_unreadable_documents(facts: ClaimFacts) -> Iterator[Discrepancy]:
    for doc in facts.all_documents:
        if doc.unreadable:
            reason = "; ".join(doc.errors) or "the file could not be read"
            yield finding("UNREADABLE_DOCUMENT", f"{doc.name} could not be read: {reason}", [doc.name], None, [reason])


def check_page_errors(facts: ClaimFacts) -> Iterator[Discrepancy]:
    """Problems inside a readable document: a page OCR could not read, an extraction failure."""
    for doc in facts.all_documents:
        if doc.unreadable:
            continue
        for error in doc.errors:
            failed = error.lower().startswith(EXTRACTION_FAILED_PREFIX)
            code = "EXTRACTION_FAILED" if failed else "PAGE_UNREADABLE"
            what = "its fields could not be extracted" if failed else "part of it could not be read"
            yield finding(code, f"{doc.name}: {what} ({error})", [doc.name], None, [error])


def check_manifest(facts: ClaimFacts) -> Iterator[Discrepancy]:
    if facts.manifest_error:
        yield finding("INVALID_MANIFEST", f"claim.json was ignored: {facts.manifest_error}; the claim is checked "
                      "with default policy terms", [MANIFEST_NAME], None, [facts.manifest_error])
