"""Amounts and currencies: the claimed amount, debts stated by dunning letters and
acknowledgements, invoices against their contract's value, one currency for one debt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from claimready.manifest import MANIFEST_NAME
from claimready.models import DocType, Discrepancy, ExtractedDocument
from claimready.validators.facts import ClaimFacts, as_amount, as_date
from claimready.validators.findings import Fact, fact_of, fail, kind_of, manifest_fact, missing_field, money
from claimready.validators.outstanding import (DEBT_STATEMENTS, STATED_AMOUNT_FIELD, invoice_total,
                                               invoices_concerned, outstanding_invoices)

CURRENCY_DOCUMENTS = (DocType.CONTRACT, DocType.AMENDMENT, DocType.INVOICE, *DEBT_STATEMENTS)


def single_currency(invoices: tuple[ExtractedDocument, ...]) -> str | None:
    """The one currency the invoices are in (None when they disagree or state none)."""
    currencies = {i.value("currency") for i in invoices if i.value("currency")}
    return currencies.pop() if len(currencies) == 1 else None  # type: ignore[return-value]


def mixed_currencies(invoices: tuple[ExtractedDocument, ...]) -> bool:
    return len({i.value("currency") for i in invoices if i.value("currency")}) > 1


def total_facts(invoices: tuple[ExtractedDocument, ...]) -> list[Fact | None]:
    return [fact_of(i, "total_amount") for i in invoices]


def check_invoice_totals_present(facts: ClaimFacts) -> Iterator[Discrepancy]:
    for invoice in facts.invoices:
        if as_amount(invoice.value("total_amount")) is None:
            yield missing_field(invoice, "total_amount", "the claimed and outstanding amounts")


def check_claimed_amount(facts: ClaimFacts) -> list[Discrepancy]:
    """AMOUNT_MISMATCH: the manifest's claimed amount against the outstanding invoices' total."""
    claimed = as_amount(facts.manifest.claimed_amount)
    invoices = outstanding_invoices(facts)
    total = invoice_total(invoices)
    currency = single_currency(invoices)
    if claimed is None or total is None or not invoices or mixed_currencies(invoices):
        return []
    if facts.manifest.currency and currency and facts.manifest.currency != currency:
        return []  # a currency mismatch, reported as such
    if claimed == total:
        return []
    shown = facts.manifest.currency or currency
    message = (f"Claimed {money(claimed, shown)} but the outstanding invoices ({len(invoices)}) total "
               f"{money(total, shown)}")
    return fail("AMOUNT_MISMATCH", message, [manifest_fact("claimed_amount", claimed), *total_facts(invoices)],
                facts.settings, "total_amount", [f"{claimed:.2f}", f"{total:.2f}"],
                [MANIFEST_NAME, *(i.name for i in invoices)])


def check_stated_debts(facts: ClaimFacts) -> Iterator[Discrepancy]:
    """AMOUNT_MISMATCH: a dunning letter or acknowledgement owing other than its invoices' total."""
    for doc in facts.of_type(*DEBT_STATEMENTS):
        field = STATED_AMOUNT_FIELD[doc.doc_type]
        stated = fact_of(doc, field)
        amount = as_amount(stated.value) if stated else None
        invoices = invoices_concerned(facts, doc)
        total = invoice_total(invoices)
        if stated is None or amount is None or total is None or not invoices or mixed_currencies(invoices):
            continue
        currency = single_currency(invoices)
        if doc.value("currency") and currency and doc.value("currency") != currency:
            continue
        if amount == total or _tail_read(stated, amount, total, facts):
            continue
        message = (f"The {kind_of(doc)} {doc.name} states {money(amount, currency)} owed, but the invoices it "
                   f"concerns ({', '.join(i.name for i in invoices)}) total {money(total, currency)}")
        yield from fail("AMOUNT_MISMATCH", message, [stated, *total_facts(invoices)], facts.settings, field,
                        [f"{amount:.2f}", f"{total:.2f}"])


def _tail_read(stated: Fact, amount: Decimal, total: Decimal, facts: ClaimFacts) -> bool:
    """A doubtful OCR'd figure that is the total's last digits: what OCR read of it after losing its
    head ('济,057,059.00': the 1 read as 济 at 0.00, normalize.HEADLESS_SURE) agrees with the total."""
    read, whole = f"{amount:.2f}", f"{total:.2f}"
    return stated.ocr and stated.confidence < facts.settings.low_confidence and len(read) < len(whole) and whole.endswith(read)


def currency_facts(facts: ClaimFacts) -> list[Fact]:
    found = [manifest_fact("currency", facts.manifest.currency)]
    found += [fact_of(d, "currency") for d in facts.of_type(*CURRENCY_DOCUMENTS)]
    return [f for f in found if f is not None]


def reference_currency(found: list[Fact]) -> str:
    """The currency most documents state; ties go to the manifest's, then the invoices'."""
    counts = Counter(str(f.value).upper() for f in found)
    manifest = next((str(f.value).upper() for f in found if f.document == MANIFEST_NAME), None)
    return max(counts, key=lambda c: (counts[c], c == manifest, c))


def check_currencies(facts: ClaimFacts) -> Iterator[Discrepancy]:
    found = currency_facts(facts)
    if len({str(f.value).upper() for f in found}) < 2:
        return
    reference = reference_currency(found)
    backers = [f.document for f in found if str(f.value).upper() == reference]
    for odd in (f for f in found if str(f.value).upper() != reference):
        message = (f"{odd.document} states the debt in {odd.value}, while {', '.join(backers)} "
                   f"state{'s' if len(backers) == 1 else ''} {reference}")
        yield from fail("CURRENCY_MISMATCH", message, [odd], facts.settings, "currency",
                        [reference, str(odd.value)], [odd.document, *backers])


AMENDMENT_TOTAL_FIELDS = ("total_amount", "_total_amount")  # the extractor may give the new total as a hint


def amendment_total(amendment: ExtractedDocument) -> Fact | None:
    facts = (fact_of(amendment, name) for name in AMENDMENT_TOTAL_FIELDS)
    return next((f for f in facts if f is not None and as_amount(f.value) is not None), None)


def contract_value(facts: ClaimFacts, contract: ExtractedDocument) -> tuple[Fact | None, ExtractedDocument]:
    """The contract's value: the latest amendment stating a new total, else the contract's own."""
    amended = [a for a in facts.amendments_of(contract) if amendment_total(a) is not None]
    if amended:
        latest = max(amended, key=lambda a: (as_date(a.value("date")) or as_date("0001-01-01"), a.name))
        return amendment_total(latest), latest
    return fact_of(contract, "total_amount"), contract


def check_invoices_within_contract(facts: ClaimFacts) -> Iterator[Discrepancy]:
    for contract in facts.contracts:
        invoices = facts.invoices_of(contract)
        if not invoices:
            continue
        value_fact, source = contract_value(facts, contract)
        value = as_amount(value_fact.value) if value_fact else None
        if value is None:
            yield missing_field(contract, "total_amount", "that invoices stay within the contract's value")
            continue
        yield from invoices_over_value(facts, contract, invoices, value_fact, value, source)


def invoices_over_value(facts: ClaimFacts, contract: ExtractedDocument, invoices: tuple[ExtractedDocument, ...],
                        value_fact: Fact | None, value: Decimal, source: ExtractedDocument) -> list[Discrepancy]:
    total = invoice_total(invoices)
    currency = contract.value("currency") or single_currency(invoices)
    if total is None or mixed_currencies(invoices) or total <= value:
        return []
    if contract.value("currency") and single_currency(invoices) not in (None, contract.value("currency")):
        return []
    number = contract.value("contract_number") or contract.name
    amended = " (as amended)" if source is not contract else ""
    message = (f"Invoices under contract {number} total {money(total, currency)}, more than its value"
               f"{amended} {money(value, currency)}")
    return fail("INVOICE_EXCEEDS_CONTRACT", message, [value_fact, *total_facts(invoices)], facts.settings,
                "total_amount", [f"{total:.2f}", f"{value:.2f}"], [contract.name, source.name,
                                                                   *(i.name for i in invoices)])
