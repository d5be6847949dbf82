"""How a check reports: codes and severities, evidence facts, LOW_CONFIDENCE in place of a
failure that rests on a doubtful value, and the wording helpers for adjuster-facing messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from claimready.manifest import MANIFEST_NAME
from claimready.models import Discrepancy, ExtractedDocument, FieldScalar, Severity
from claimready.settings import Settings

SEVERITY: dict[str, Severity] = {
    # SPEC section 5
    "MISSING_DOCUMENT": Severity.BLOCKING,
    "UNREADABLE_DOCUMENT": Severity.MAJOR,
    "MISSING_FIELD": Severity.MAJOR,
    "PARTY_MISMATCH": Severity.BLOCKING,
    "AMOUNT_MISMATCH": Severity.BLOCKING,
    "INVOICE_EXCEEDS_CONTRACT": Severity.MAJOR,
    "CURRENCY_MISMATCH": Severity.BLOCKING,
    "REFERENCE_MISMATCH": Severity.MAJOR,
    "DATE_SEQUENCE": Severity.MAJOR,
    "DUE_DATE_MISMATCH": Severity.MINOR,
    "TERMS_EXCEED_POLICY": Severity.MAJOR,
    "LATE_NOTIFICATION": Severity.BLOCKING,
    "LATE_CLAIM": Severity.BLOCKING,
    "UNAPPROVED_EXTENSION": Severity.BLOCKING,
    "DUPLICATE_DOCUMENT": Severity.MINOR,
    "LOW_CONFIDENCE": Severity.MAJOR,
    # our own
    "INVALID_MANIFEST": Severity.MAJOR,
    "EXTRACTION_FAILED": Severity.MAJOR,
    "PAGE_UNREADABLE": Severity.MINOR,
    "NO_DEBT_ACKNOWLEDGEMENT": Severity.INFO,
}

SEVERITY_RANK = {Severity.BLOCKING: 0, Severity.MAJOR: 1, Severity.MINOR: 2, Severity.INFO: 3}

DOC_TYPE_WORDS = {
    "contract": "contract", "amendment": "amendment", "invoice": "invoice",
    "bill_of_lading": "bill of lading", "delivery_receipt": "delivery receipt",
    "dunning_letter": "dunning letter", "debt_acknowledgement": "debt acknowledgement",
    "bankruptcy_ruling": "bankruptcy ruling", "government_order": "government order", "other": "document",
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One value a check relies on, with where it came from and how sure the reading is."""

    document: str  # file name, or "claim.json"
    field: str
    value: FieldScalar
    confidence: float = 1.0
    ocr: bool = False
    doubtful: str = ""  # characters OCR read with doubt (FieldValue.doubtful)

    @property
    def shown(self) -> str:
        return ", ".join(self.value) if isinstance(self.value, tuple) else str(self.value)


def fact_of(doc: ExtractedDocument, field: str) -> Fact | None:
    fv = doc.fields.get(field)
    if fv is None or fv.value is None or fv.value == "" or fv.value == ():
        return None
    return Fact(doc.name, field, fv.value, fv.confidence, fv.source == "ocr", fv.doubtful)


def manifest_fact(field: str, value: object) -> Fact | None:
    return None if value is None else Fact(MANIFEST_NAME, field, str(value), 1.0)


def documents_of(*names: str | None) -> tuple[str, ...]:
    """Unique file names, claim.json first, then sorted."""
    unique = {n for n in names if n}
    return tuple(sorted(unique, key=lambda n: (n != MANIFEST_NAME, n)))


def finding(code: str, message: str, documents: Iterable[str | None] = (), field: str | None = None,
            values: Sequence[object] = ()) -> Discrepancy:
    return Discrepancy(code=code, severity=SEVERITY[code], message=message, documents=documents_of(*documents),
                       field=field, values=tuple(str(v) for v in values))


def unsure_facts(facts: Iterable[Fact | None], settings: Settings) -> list[Fact]:
    return [f for f in facts if f is not None and f.confidence < settings.low_confidence]


def low_confidence(fact: Fact, instead_of: str) -> Discrepancy:
    return finding(
        "LOW_CONFIDENCE",
        f"The {words(fact.field)} on {fact.document} was read with low confidence ({fact.confidence:.2f}) as "
        f"'{fact.shown}'; check it by eye (it would otherwise raise {instead_of})",
        [fact.document], fact.field, [fact.shown])


def fail(code: str, message: str, facts: Iterable[Fact | None], settings: Settings,
         field: str | None = None, values: Sequence[object] = (),
         documents: Iterable[str | None] | None = None) -> list[Discrepancy]:
    """The check's own discrepancy, or LOW_CONFIDENCE on each doubtful value it rests on."""
    facts = [f for f in facts if f is not None]
    doubtful = unsure_facts(facts, settings)
    if doubtful:
        return [low_confidence(f, code) for f in doubtful]
    docs = documents if documents is not None else [f.document for f in facts]
    return [finding(code, message, docs, field, values)]


def missing_field(doc: ExtractedDocument, field: str, needed_for: str) -> Discrepancy:
    kind = DOC_TYPE_WORDS.get(doc.doc_type.value, "document")
    return finding("MISSING_FIELD", f"The {kind} {doc.name} has no {words(field)}, "
                   f"needed to check {needed_for}", [doc.name], field)


def words(field: str) -> str:
    """A field name as an adjuster reads it: "amount_due" -> "amount due"."""
    return field.strip("_").replace("_", " ")


def money(amount: Decimal | None, currency: str | None) -> str:
    figure = "?" if amount is None else f"{amount:,.2f}"
    return f"{currency} {figure}" if currency else figure


def kind_of(doc: ExtractedDocument) -> str:
    return DOC_TYPE_WORDS.get(doc.doc_type.value, "document")
