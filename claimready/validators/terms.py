"""Payment terms against the policy: the longest credit it covers, and extensions the insurer
must approve."""

from __future__ import annotations

from collections.abc import Iterator

from claimready.models import DocType, Discrepancy, ExtractedDocument
from claimready.validators.facts import ClaimFacts, as_days, ref_key
from claimready.validators.findings import Fact, fact_of, fail, kind_of, missing_field

TERMS_DOCUMENTS = (DocType.CONTRACT, DocType.AMENDMENT, DocType.INVOICE)


def check_terms_within_policy(facts: ClaimFacts) -> Iterator[Discrepancy]:
    limit = facts.manifest.policy.max_credit_days
    for doc in facts.of_type(*TERMS_DOCUMENTS):
        terms = fact_of(doc, "payment_terms_days")
        days = as_days(terms.value) if terms else None
        if days is None or days <= limit:
            continue
        message = (f"The {kind_of(doc)} {doc.name} grants {days} days' credit; the policy covers at most "
                   f"{limit} days")
        yield from fail("TERMS_EXCEED_POLICY", message, [terms], facts.settings, "payment_terms_days",
                        [str(days), str(limit)])


def approved_by_policy(facts: ClaimFacts, amendment: ExtractedDocument, contract: ExtractedDocument) -> bool:
    approved = {ref_key(n) for n in facts.manifest.policy.approved_extensions}
    numbers = {ref_key(d.value("contract_number") or "") for d in (amendment, contract)}
    return bool(approved & (numbers - {""}))


def check_extensions_approved(facts: ClaimFacts) -> Iterator[Discrepancy]:
    for amendment in facts.of_type(DocType.AMENDMENT):
        contract = facts.contract_for(amendment)
        new = fact_of(amendment, "payment_terms_days")
        if contract is None or new is None or as_days(new.value) is None:
            continue
        old = fact_of(contract, "payment_terms_days")
        if old is None or as_days(old.value) is None:
            yield missing_field(contract, "payment_terms_days", f"whether amendment {amendment.name} extends them")
            continue
        yield from unapproved_extension(facts, amendment, contract, new, old)


def unapproved_extension(facts: ClaimFacts, amendment: ExtractedDocument, contract: ExtractedDocument,
                         new: Fact, old: Fact) -> list[Discrepancy]:
    if (as_days(new.value) or 0) <= (as_days(old.value) or 0):
        return []
    approval = fact_of(amendment, "insurer_approved")
    if (approval is not None and approval.value is True) or approved_by_policy(facts, amendment, contract):
        return []
    number = contract.value("contract_number") or contract.name
    message = (f"Amendment {amendment.name} extends the payment terms of contract {number} from {old.value} to "
               f"{new.value} days without the insurer's approval")
    relied = [new, old] + ([approval] if approval is not None else [])
    return fail("UNAPPROVED_EXTENSION", message, relied, facts.settings, "payment_terms_days",
                [str(old.value), str(new.value)], [amendment.name, contract.name])
