"""What the routes do, independent of HTTP: read a claim for the page, record an adjuster's
decision and recompute the verdict with the waived discrepancies set aside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from claimready.errors import InputError, NotFound
from claimready.models import Discrepancy, Verdict
from claimready.report import ReportOut
from claimready.review.callback_delivery import StatusChange
from claimready.review.page import ClaimPageView, ReviewLinks, claim_page_view, discrepancy_model
from claimready.review.store import ClaimState, ReviewStore
from claimready.review.views import Decision, DecisionAction, VerdictEntry
from claimready.validators import verdict as verdict_rules

MAX_COMMENT = 2000


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: the key's tenant, role and a name for the audit trail."""

    tenant: str
    role: str  # portal | adjuster | admin
    name: str

    @property
    def can_decide(self) -> bool:
        return self.role in ("adjuster", "admin")


def discrepancy_key(d: Discrepancy) -> str:
    return verdict_rules.discrepancy_key(d)


def report_discrepancies(report: ReportOut) -> tuple[Discrepancy, ...]:
    return tuple(discrepancy_model(d) for d in report.discrepancies)


def waived_keys(decisions: tuple[Decision, ...] | list[Decision]) -> frozenset[str]:
    """Keys whose latest decision is a waiver (a later confirm undoes an earlier waive)."""
    latest: dict[str, Decision] = {}
    for d in sorted(decisions, key=lambda x: x.decided_at):
        latest[d.discrepancy_key] = d
    return frozenset(k for k, d in latest.items() if d.action is DecisionAction.WAIVE)


def effective_verdict(report: ReportOut, decisions: tuple[Decision, ...] | list[Decision]) -> Verdict:
    """The verdict with waived discrepancies set aside (validators' `decide(..., waived=)`)."""
    return verdict_rules.decide(report_discrepancies(report), waived=waived_keys(decisions))


def require_claim(store: ReviewStore, tenant: str, claim_id: str) -> ClaimState:
    state = store.find_claim(tenant, claim_id)
    if state is None:
        raise NotFound(f"no claim {claim_id!r}")
    return state


def require_report(state: ClaimState) -> ReportOut:
    if state.report is None:
        raise NotFound(f"claim {state.summary.claim_id!r} has no report yet: its documents are still being read")
    return state.report


def claim_page(store: ReviewStore, tenant: str, claim_id: str, links: ReviewLinks | None = None) -> ClaimPageView:
    state = require_claim(store, tenant, claim_id)
    report = require_report(state)
    decisions = store.decisions(tenant, claim_id)
    verdict = effective_verdict(report, decisions)
    return claim_page_view(report, status=verdict.status.value, score=verdict.score, key=discrepancy_key,
                           decisions=decisions, audit=store.audit(tenant, claim_id),
                           history=store.history(tenant, claim_id), updated_at=state.summary.updated_at,
                           links=links)


def record_decision(store: ReviewStore, actor: Actor, claim_id: str, key: str, action: str, comment: str,
                    now: datetime | None = None,
                    on_change: Callable[[StatusChange], object] | None = None) -> tuple[Decision, Verdict]:
    """Confirm or waive one discrepancy of the claim's current report, with the adjuster's reason."""
    state = require_claim(store, actor.tenant, claim_id)
    report = require_report(state)
    by_key = {discrepancy_key(d): d for d in report_discrepancies(report)}
    if key not in by_key:
        raise NotFound(f"claim {claim_id!r} has no discrepancy {key!r} in its current report")
    try:
        chosen = DecisionAction(action)
    except ValueError:
        raise InputError(f"action must be 'confirm' or 'waive', not {action!r}") from None
    comment = comment.strip()
    if not comment:
        raise InputError("a decision needs a comment: say why")
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment is longer than {MAX_COMMENT} characters")
    decision = Decision(key, chosen, comment, actor.name, now or datetime.now(UTC))
    before = effective_verdict(report, store.decisions(actor.tenant, claim_id))
    verdict = effective_verdict(report, (*store.decisions(actor.tenant, claim_id), decision))
    d = by_key[key]
    entry = VerdictEntry(decision.decided_at, verdict.status.value, verdict.score, f"{chosen.value} {d.code}")
    store.record_decision(actor.tenant, claim_id, decision, entry, f"{d.code} ({d.field or '-'}): {comment}")
    if on_change is not None and before.status != verdict.status:
        on_change(StatusChange(actor.tenant, claim_id, before.status.value, verdict.status.value, verdict.score,
                               decision.decided_at))
    return decision, verdict
