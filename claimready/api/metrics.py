"""GET /metrics: the tenant's work in Prometheus text format, for an admin key.

Counted from the database, so every API replica answers the same: documents by state, claims,
claims waiting for an evaluation, verdicts stored, and the age of the oldest unfinished document
(the number an operator alerts on when workers stop keeping up)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimready.api.auth import require_roles
from claimready.api.deps import db_session
from claimready.storage.db import FINAL_STATES, Claim, Document, VerdictRow, aware, utcnow
from claimready.storage.keys import KeyIdentity
from claimready.storage.repo import find_tenant

router = APIRouter(tags=["health"])
DOCUMENT_STATES = ("received", "processing", "done", "failed")


@router.get("/metrics", response_class=PlainTextResponse, summary="Prometheus metrics of the key's tenant (admin)",
            responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format 0.0.4"}})
def metrics(identity: Annotated[KeyIdentity, Depends(require_roles("admin"))],
            session: Annotated[Session, Depends(db_session)]) -> PlainTextResponse:
    tenant = find_tenant(session, identity.tenant)
    tenant_id = tenant.id if tenant is not None else -1
    lines = [*document_lines(session, tenant_id), *claim_lines(session, tenant_id)]
    return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")


def document_lines(session: Session, tenant_id: int) -> list[str]:
    current = (select(Document.state, func.count()).join(Claim, Claim.id == Document.claim_id)
               .where(Claim.tenant_id == tenant_id, Document.current.is_(True)).group_by(Document.state))
    by_state = dict.fromkeys(DOCUMENT_STATES, 0) | {state: n for state, n in session.execute(current).all()}
    oldest = session.scalar(select(func.min(Document.received_at)).join(Claim, Claim.id == Document.claim_id)
                            .where(Claim.tenant_id == tenant_id, Document.current.is_(True),
                                   Document.state.not_in(FINAL_STATES)))
    age = (utcnow() - aware(oldest)).total_seconds() if oldest is not None else 0.0  # type: ignore[operator]
    return ["# HELP claimready_documents Current documents by state.", "# TYPE claimready_documents gauge",
            *(f'claimready_documents{{state="{s}"}} {n}' for s, n in sorted(by_state.items())),
            "# HELP claimready_oldest_unfinished_document_seconds Age of the oldest document not yet done or failed.",
            "# TYPE claimready_oldest_unfinished_document_seconds gauge",
            f"claimready_oldest_unfinished_document_seconds {age:.3f}"]


def claim_lines(session: Session, tenant_id: int) -> list[str]:
    claims = session.scalar(select(func.count()).select_from(Claim).where(Claim.tenant_id == tenant_id)) or 0
    due = session.scalar(select(func.count()).select_from(Claim)
                         .where(Claim.tenant_id == tenant_id, Claim.eval_due_at.is_not(None))) or 0
    verdicts = session.scalar(select(func.count()).select_from(VerdictRow).join(Claim, Claim.id == VerdictRow.claim_id)
                              .where(Claim.tenant_id == tenant_id)) or 0
    return ["# HELP claimready_claims Claims known.", "# TYPE claimready_claims gauge", f"claimready_claims {claims}",
            "# HELP claimready_claims_awaiting_evaluation Claims whose verdict is being (re)computed.",
            "# TYPE claimready_claims_awaiting_evaluation gauge", f"claimready_claims_awaiting_evaluation {due}",
            "# HELP claimready_verdicts_total Verdicts stored (evaluations and adjusters' decisions).",
            "# TYPE claimready_verdicts_total counter", f"claimready_verdicts_total {verdicts}"]
