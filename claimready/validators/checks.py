"""Stage 5: cross-checks between documents, manifest and policy (SPEC section 5).

Each check is a plain function from the claim's facts to discrepancies; CHECKS lists them in
the order they read. A check that needs a missing value reports MISSING_FIELD and skips the
comparison; one that would fail on a doubtful value reports LOW_CONFIDENCE instead."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from claimready.manifest import Manifest
from claimready.models import Discrepancy, ExtractedDocument
from claimready.settings import Settings
from claimready.validators import amounts, dates, parties, references, requirements, terms
from claimready.validators.facts import ClaimFacts
from claimready.validators.findings import SEVERITY_RANK
from claimready.validators.verdict import discrepancy_key

Check = Callable[[ClaimFacts], Iterable[Discrepancy]]

CHECKS: tuple[Check, ...] = (
    # the folder itself
    requirements.check_manifest,
    requirements.check_unreadable_documents,
    requirements.check_page_errors,
    requirements.check_required_documents,
    requirements.check_debt_acknowledgement,
    references.check_duplicate_files,
    references.check_duplicate_invoice_numbers,
    # who
    parties.check_buyer,
    parties.check_seller,
    # what refers to what
    references.check_contract_references,
    references.check_invoice_references,
    # how much
    amounts.check_invoice_totals_present,
    amounts.check_currencies,
    amounts.check_claimed_amount,
    amounts.check_stated_debts,
    amounts.check_invoices_within_contract,
    # terms
    terms.check_terms_within_policy,
    terms.check_extensions_approved,
    # when
    dates.check_documents_after_contract,
    dates.check_due_date_inputs,
    dates.check_due_date_matches_terms,
    dates.check_dunning_after_due,
    dates.check_late_notification,
    dates.check_late_claim,
)


def cross_check(manifest: Manifest, documents: Sequence[ExtractedDocument], settings: Settings,
                manifest_error: str | None = None) -> tuple[Discrepancy, ...]:
    facts = ClaimFacts(manifest=manifest, settings=settings, all_documents=tuple(documents),
                       manifest_error=manifest_error)
    found = [d for check in CHECKS for d in check(facts)]
    return in_report_order(unique(found))


def unique(found: Iterable[Discrepancy]) -> list[Discrepancy]:
    """One discrepancy per key (a doubtful value flagged by two checks is reported once)."""
    kept: dict[str, Discrepancy] = {}
    for d in found:
        kept.setdefault(discrepancy_key(d), d)
    return list(kept.values())


def in_report_order(found: Iterable[Discrepancy]) -> tuple[Discrepancy, ...]:
    return tuple(sorted(found, key=lambda d: (SEVERITY_RANK[d.severity], d.code, d.documents, d.field or "",
                                              d.values, d.message)))
