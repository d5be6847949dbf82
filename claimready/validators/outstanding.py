"""Which invoices are still unpaid. All of them, unless the documents say otherwise: a dunning
letter or debt acknowledgement that lists invoice numbers names the unpaid ones (the latest such
document wins, unless OCR read its list short of its amount), and an amount that equals the
newest invoices' total means the oldest were paid (payments reduce the oldest invoice first)."""

from __future__ import annotations

from decimal import Decimal

from claimready.models import DocType, ExtractedDocument
from claimready.validators.facts import ClaimFacts, as_amount, as_date, ref_key, ref_keys

DEBT_STATEMENTS = (DocType.DUNNING_LETTER, DocType.DEBT_ACKNOWLEDGEMENT)
STATED_AMOUNT_FIELD = {DocType.DUNNING_LETTER: "amount_due", DocType.DEBT_ACKNOWLEDGEMENT: "amount"}


def invoices_listed_by(facts: ClaimFacts, doc: ExtractedDocument) -> tuple[ExtractedDocument, ...]:
    """The claim's invoices `doc` lists; empty unless every number it lists is an invoice of the
    claim (a list citing an unknown number is a REFERENCE_MISMATCH, not a statement of what is unpaid)."""
    listed = set(ref_keys(doc.value("invoice_numbers")))
    found = tuple(i for i in facts.invoices if ref_key(i.value("invoice_number") or "") in listed)
    carried = {ref_key(i.value("invoice_number") or "") for i in found}
    return found if listed and carried == listed else ()


def latest_listing(facts: ClaimFacts) -> ExtractedDocument | None:
    """The latest statement listing unpaid invoices, passing over one whose list OCR read short."""
    listings = [d for d in facts.of_type(*DEBT_STATEMENTS) if invoices_listed_by(facts, d)]
    if not listings:
        return None
    listings = [d for d in listings if not fuller_list(facts, d)] or listings
    return max(listings, key=lambda d: (as_date(d.value("date")) or as_date("0001-01-01"),
                                        d.doc_type == DocType.DEBT_ACKNOWLEDGEMENT, d.name))


def fuller_list(facts: ClaimFacts, doc: ExtractedDocument) -> tuple[ExtractedDocument, ...]:
    """The invoices an OCR'd list was read short of: another statement's list, or all the claim's
    invoices, holding every invoice `doc` lists and more, that total the amount `doc` states
    ('EX-09198.EX-09199' read for three numbers, the amount the three's). Empty if none: a list
    typed short of its amount is the statement's own discrepancy."""
    field = doc.fields.get("invoice_numbers")
    listed = {i.name for i in invoices_listed_by(facts, doc)}
    stated = as_amount(doc.value(STATED_AMOUNT_FIELD[doc.doc_type]))
    if field is None or field.source != "ocr" or not listed or stated is None:
        return ()
    candidates = [invoices_listed_by(facts, d) for d in facts.of_type(*DEBT_STATEMENTS) if d is not doc]
    for invoices in (*candidates, facts.invoices):
        if listed < {i.name for i in invoices} and invoice_total(invoices) == stated:
            return invoices
    return ()


def invoices_concerned(facts: ClaimFacts, doc: ExtractedDocument) -> tuple[ExtractedDocument, ...]:
    """The invoices a debt statement is about: those it lists (or those its list was read short
    of), or the outstanding ones if it lists none of the claim's."""
    return fuller_list(facts, doc) or invoices_listed_by(facts, doc) or outstanding_invoices(facts)


def by_age(invoices: tuple[ExtractedDocument, ...]) -> tuple[ExtractedDocument, ...]:
    return tuple(sorted(invoices, key=lambda i: (as_date(i.value("date")) or as_date("9999-12-31"), i.name)))


def invoice_total(invoices: tuple[ExtractedDocument, ...]) -> Decimal | None:
    amounts = [as_amount(i.value("total_amount")) for i in invoices]
    return None if any(a is None for a in amounts) else sum(amounts, Decimal("0.00"))  # type: ignore[arg-type]


def stated_amounts(facts: ClaimFacts) -> list[Decimal]:
    """Amounts said to be owed: the manifest's claim, then dunning letters and acknowledgements."""
    amounts = [as_amount(facts.manifest.claimed_amount)]
    amounts += [as_amount(d.value(STATED_AMOUNT_FIELD[d.doc_type])) for d in facts.of_type(*DEBT_STATEMENTS)]
    return [a for a in amounts if a is not None]


def newest_paid_off(facts: ClaimFacts) -> tuple[ExtractedDocument, ...] | None:
    """The newest invoices, when a stated amount equals exactly their total (the oldest were paid)."""
    ordered = by_age(facts.invoices)
    for amount in stated_amounts(facts):
        for k in range(1, len(ordered)):
            if invoice_total(ordered[k:]) == amount:
                return ordered[k:]
    return None


def outstanding_invoices(facts: ClaimFacts) -> tuple[ExtractedDocument, ...]:
    listing = latest_listing(facts)
    if listing is not None:
        return by_age(invoices_listed_by(facts, listing))
    if invoice_total(facts.invoices) not in stated_amounts(facts):
        newest = newest_paid_off(facts)
        if newest:
            return newest
    return by_age(facts.invoices)
