"""Due dates, policy deadlines and the order of dates.

An invoice's due date is the one it states, else its payment terms (the contract's when the
invoice states none) counted from their basis: the B/L date for terms after shipment, the
delivery receipt's date for terms after delivery, else the invoice date. Deadlines and the
dunning check count from the earliest due date among the outstanding invoices."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from claimready.manifest import MANIFEST_NAME
from claimready.models import DocType, Discrepancy, ExtractedDocument
from claimready.validators.facts import ClaimFacts, as_date, as_days, ref_keys
from claimready.validators.findings import Fact, fact_of, fail, kind_of, manifest_fact, missing_field
from claimready.validators.outstanding import outstanding_invoices

# where a basis date is read, in order: shipment terms fall back to the delivery receipt when the
# claim proves shipment by it alone (no B/L)
BASIS_DOCUMENTS = {"shipment": (DocType.BILL_OF_LADING, DocType.DELIVERY_RECEIPT),
                   "delivery": (DocType.DELIVERY_RECEIPT,)}
BASIS_WORDS = {"shipment": "the B/L date", "delivery": "the delivery date", "invoice": "the invoice date"}


@dataclass(frozen=True, slots=True)
class DueDate:
    invoice: ExtractedDocument
    when: date
    facts: tuple[Fact, ...]  # the values it rests on
    how: str  # "as stated on it" or "60 days after the B/L date"
    days: int = 0  # the payment terms it was counted with (0: stated)
    by_delivery: bool = False  # terms after shipment counted from a delivery receipt (no B/L): a latest date

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.document for f in self.facts))


# --- computing due dates -------------------------------------------------------------------
def stated_due(invoice: ExtractedDocument) -> DueDate | None:
    stated = fact_of(invoice, "due_date")
    when = as_date(stated.value) if stated else None
    return DueDate(invoice, when, (stated,), "as stated on it") if when and stated else None


def terms_document(facts: ClaimFacts, invoice: ExtractedDocument, contract_fallback: bool = True
                   ) -> ExtractedDocument | None:
    """The invoice itself when it states payment terms, else its contract's when allowed."""
    if as_days(invoice.value("payment_terms_days")) is not None:
        return invoice
    contract = facts.contract_for(invoice) if contract_fallback else None
    if contract is not None and as_days(contract.value("payment_terms_days")) is not None:
        return contract
    return None


def basis_document(facts: ClaimFacts, invoice: ExtractedDocument, basis: str) -> ExtractedDocument | None:
    """The document whose date starts the payment terms."""
    for doc_type in BASIS_DOCUMENTS.get(basis, ()):
        found = facts.shipping_document(invoice, doc_type)
        if found is not None:
            return found
    return None if basis in BASIS_DOCUMENTS else invoice


def stated_basis(terms_doc: ExtractedDocument) -> str | None:
    basis = terms_doc.value("_payment_terms_basis")
    return basis if basis in BASIS_WORDS else None  # type: ignore[return-value]


def basis_of(terms_doc: ExtractedDocument) -> str:
    return stated_basis(terms_doc) or "invoice"


def computed_due(facts: ClaimFacts, invoice: ExtractedDocument, contract_fallback: bool = True,
                 basis: str | None = None) -> DueDate | None:
    terms_doc = terms_document(facts, invoice, contract_fallback)
    if terms_doc is None:
        return None
    basis = basis or basis_of(terms_doc)
    basis_doc = basis_document(facts, invoice, basis)
    start = fact_of(basis_doc, "date") if basis_doc else None
    start_date = as_date(start.value) if start else None
    if start is None or start_date is None or basis_doc is None:
        return None
    terms = fact_of(terms_doc, "payment_terms_days")
    days = as_days(terms.value) if terms else None
    assert terms is not None and days is not None
    by_delivery = basis == "shipment" and basis_doc.doc_type == DocType.DELIVERY_RECEIPT
    how = f"{days} days after {'the delivery date' if by_delivery else BASIS_WORDS[basis]}"
    return DueDate(invoice, start_date + timedelta(days=days), (terms, start), how, days, by_delivery)


def due_date(facts: ClaimFacts, invoice: ExtractedDocument) -> DueDate | None:
    return stated_due(invoice) or computed_due(facts, invoice)


def earliest_due(facts: ClaimFacts) -> DueDate | None:
    """The oldest unpaid debt's due date: where the policy deadlines start."""
    dues = [d for d in (due_date(facts, i) for i in outstanding_invoices(facts)) if d is not None]
    return min(dues, key=lambda d: (d.when, d.invoice.name)) if dues else None


# --- checks ----------------------------------------------------------------------------------
def check_due_date_inputs(facts: ClaimFacts) -> Iterator[Discrepancy]:
    """MISSING_FIELD when an outstanding invoice's due date cannot be found or computed (and a
    deadline or the dunning check needs it)."""
    manifest = facts.manifest
    if manifest.overdue_notified_date is None and manifest.filed_date is None and not facts.of_type(
            DocType.DUNNING_LETTER):
        return
    for invoice in outstanding_invoices(facts):
        if due_date(facts, invoice) is not None:
            continue
        terms_doc = terms_document(facts, invoice)
        if terms_doc is None:
            yield missing_field(invoice, "due_date", "the policy deadlines (no due date or payment terms)")
            continue
        start = basis_document(facts, invoice, basis_of(terms_doc))
        if start is not None:
            yield missing_field(start, "date", f"the due date of invoice {invoice.name}")


def check_deadline(facts: ClaimFacts, code: str, field: str, days: int, what: str) -> list[Discrepancy]:
    event = getattr(facts.manifest, field)
    due = earliest_due(facts)
    if event is None or due is None:
        return []
    limit = due.when + timedelta(days=days)
    if event <= limit:
        return []
    message = (f"{what} on {event.isoformat()}, {(event - due.when).days} days after the earliest due date "
               f"{due.when.isoformat()} (invoice {due.invoice.name}, {due.how}); the policy allows {days} days, "
               f"until {limit.isoformat()}")
    return fail(code, message, [manifest_fact(field, event), *due.facts], facts.settings, field,
                [event.isoformat(), due.when.isoformat(), limit.isoformat()], [MANIFEST_NAME, *due.documents])


def check_late_notification(facts: ClaimFacts) -> list[Discrepancy]:
    days = facts.manifest.policy.overdue_notification_days
    return check_deadline(facts, "LATE_NOTIFICATION", "overdue_notified_date", days, "Non-payment was notified")


def check_late_claim(facts: ClaimFacts) -> list[Discrepancy]:
    days = facts.manifest.policy.claim_filing_days
    return check_deadline(facts, "LATE_CLAIM", "filed_date", days, "The claim was filed")


def due_dates_by_terms(facts: ClaimFacts, invoice: ExtractedDocument) -> list[DueDate]:
    """What the invoice's terms (its contract's, unless amended) give: from their stated basis, or
    from every basis when the terms name none we could read (the invoice date first)."""
    contract = facts.contract_for(invoice)
    fallback = not (contract is not None and facts.amendments_of(contract))
    terms_doc = terms_document(facts, invoice, fallback)
    if terms_doc is None:
        return []
    bases = [stated_basis(terms_doc)] if stated_basis(terms_doc) else ["invoice", "shipment", "delivery"]
    dues = (computed_due(facts, invoice, fallback, basis) for basis in bases)
    return [d for d in dues if d is not None]


def check_due_date_matches_terms(facts: ClaimFacts) -> Iterator[Discrepancy]:
    """DUE_DATE_MISMATCH: a stated due date that its own terms (or its contract's) do not give."""
    for invoice in facts.invoices:
        stated = stated_due(invoice)
        candidates = due_dates_by_terms(facts, invoice)
        if stated is None or not candidates or any(c.when == stated.when for c in candidates):
            continue
        computed = candidates[0]
        message = (f"Invoice {invoice.name} states due date {stated.when.isoformat()}, but {computed.how} "
                   f"gives {computed.when.isoformat()}")
        yield from fail("DUE_DATE_MISMATCH", message, [*stated.facts, *computed.facts], facts.settings,
                        "due_date", [stated.when.isoformat(), computed.when.isoformat()])


def dated(doc: ExtractedDocument) -> tuple[Fact, date] | None:
    fact = fact_of(doc, "date")
    when = as_date(fact.value) if fact else None
    return (fact, when) if fact and when else None


def not_before(facts: ClaimFacts, later: ExtractedDocument, earlier: ExtractedDocument,
               earlier_words: str) -> list[Discrepancy]:
    """DATE_SEQUENCE when `later` is dated before `earlier` (MISSING_FIELD when a date is absent)."""
    a, b = dated(later), dated(earlier)
    missing = [missing_field(d, "date", "the order of dates") for d, v in ((later, a), (earlier, b)) if v is None]
    if missing or a is None or b is None:
        return missing
    if a[1] >= b[1]:
        return []
    message = (f"The {kind_of(later)} {later.name} is dated {a[1].isoformat()}, before {earlier_words} "
               f"{earlier.name} ({b[1].isoformat()})")
    return fail("DATE_SEQUENCE", message, [a[0], b[0]], facts.settings, "date", [a[1].isoformat(), b[1].isoformat()])


def check_documents_after_contract(facts: ClaimFacts) -> Iterator[Discrepancy]:
    """Invoices, shipments, amendments and rulings cannot predate the contract."""
    for doc in facts.of_type(DocType.INVOICE, DocType.AMENDMENT):
        contract = facts.contract_for(doc)
        if contract is not None:
            yield from not_before(facts, doc, contract, "the contract")
    for bl in facts.of_type(DocType.BILL_OF_LADING):
        contract = contract_of_shipment(facts, bl)
        if contract is not None:
            yield from not_before(facts, bl, contract, "the contract")
    first_contract = earliest_dated(facts.contracts)
    for ruling in facts.of_type(DocType.BANKRUPTCY_RULING):
        if first_contract is not None:
            yield from not_before(facts, ruling, first_contract, "the contract")


def contract_of_shipment(facts: ClaimFacts, bl: ExtractedDocument) -> ExtractedDocument | None:
    numbers = set(ref_keys_of(bl))
    invoice = next((i for i in facts.invoices if ref_keys_of(i) & numbers), None)
    return facts.contract_for(invoice or bl)


def ref_keys_of(doc: ExtractedDocument) -> set[str]:
    return set(ref_keys(doc.value("invoice_number")))


def earliest_dated(docs: tuple[ExtractedDocument, ...]) -> ExtractedDocument | None:
    with_dates = [d for d in docs if dated(d)]
    return min(with_dates, key=lambda d: (as_date(d.value("date")), d.name)) if with_dates else (
        docs[0] if docs else None)


def _earliest_possible(facts: ClaimFacts, due: DueDate) -> date | None:
    """The due date a dunning letter must not precede. Counted from a delivery receipt for want of
    a B/L, it is only the latest the debt fell due (the goods left before they arrived): the
    earliest is counted from the contract's date, before which nothing ships; no contract, no check."""
    if not due.by_delivery:
        return due.when
    contract = facts.contract_for(due.invoice)
    signed = as_date(contract.value("date")) if contract is not None else None
    return signed + timedelta(days=due.days) if signed else None


def check_dunning_after_due(facts: ClaimFacts) -> Iterator[Discrepancy]:
    due = earliest_due(facts)
    if due is None:
        return
    earliest = _earliest_possible(facts, due)
    for letter in facts.of_type(DocType.DUNNING_LETTER):
        found = dated(letter)
        if found is None:
            yield missing_field(letter, "date", "that dunning followed the due date")
            continue
        fact, when = found
        if earliest is None or when >= earliest:
            continue
        how = due.how if earliest == due.when else (
            f"{due.days} days after the contract date at the earliest: no B/L shows when the goods left; "
            f"{due.how} it is {due.when.isoformat()}")
        message = (f"The dunning letter {letter.name} is dated {when.isoformat()}, before the earliest due date "
                   f"{earliest.isoformat()} (invoice {due.invoice.name}, {how})")
        yield from fail("DATE_SEQUENCE", message, [fact, *due.facts], facts.settings, "date",
                        [when.isoformat(), earliest.isoformat()])
