"""Adjusters' decisions on discrepancies, the audit trail and the verdict history of a claim."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from claimready.api.portal import DecisionOut, StatusName, decision_out
from claimready.api.review_common import JsonErrorRoute, current_actor, error_responses, require_role
from claimready.review.context import ReviewContext, review_context
from claimready.review.service import MAX_COMMENT, Actor, record_decision, require_claim

router = APIRouter(prefix="/v1", tags=["decisions"], route_class=JsonErrorRoute)


class DecisionIn(BaseModel):
    discrepancy_key: str = Field(min_length=1, max_length=500, description="`key` of a discrepancy in the report")
    action: Literal["confirm", "waive"]
    comment: str = Field(min_length=1, max_length=MAX_COMMENT, description="why: kept in the audit trail")


class DecisionResultOut(BaseModel):
    decision: DecisionOut
    status: StatusName = Field(description="the claim's status after this decision (waived items set aside)")
    score: int


class AuditEntryOut(BaseModel):
    at: datetime
    actor: str
    action: str
    detail: str
    discrepancy_key: str | None


class VerdictEntryOut(BaseModel):
    at: datetime
    status: StatusName
    score: int
    reason: str


@router.post("/claims/{claim_id}/decisions", status_code=201, response_model=DecisionResultOut,
             summary="Confirm or waive a discrepancy", responses=error_responses(400, 401, 403, 404, 422))
def decide(claim_id: str, body: DecisionIn,
           actor: Annotated[Actor, Depends(require_role("adjuster", "admin"))],
           context: Annotated[ReviewContext, Depends(review_context)]) -> DecisionResultOut:
    """Record an adjuster's decision (who, when, what, why) and recompute the verdict."""
    decision, verdict = record_decision(context.store, actor, claim_id, body.discrepancy_key, body.action,
                                        body.comment, on_change=context.status_changed)
    return DecisionResultOut(decision=decision_out(decision), status=verdict.status.value,  # type: ignore[arg-type]
                             score=verdict.score)


@router.get("/claims/{claim_id}/decisions", response_model=list[DecisionOut], summary="Decisions on a claim",
            responses=error_responses(401, 404))
def decisions(claim_id: str, actor: Annotated[Actor, Depends(current_actor)],
              context: Annotated[ReviewContext, Depends(review_context)]) -> list[DecisionOut]:
    require_claim(context.store, actor.tenant, claim_id)
    return [decision_out(d) for d in context.store.decisions(actor.tenant, claim_id)]


@router.get("/claims/{claim_id}/audit", response_model=list[AuditEntryOut], summary="Audit trail",
            responses=error_responses(401, 404))
def audit(claim_id: str, actor: Annotated[Actor, Depends(current_actor)],
          context: Annotated[ReviewContext, Depends(review_context)]) -> list[AuditEntryOut]:
    """Who did what to the claim, when and why, oldest first."""
    require_claim(context.store, actor.tenant, claim_id)
    return [AuditEntryOut(at=a.at, actor=a.actor, action=a.action, detail=a.detail, discrepancy_key=a.discrepancy_key)
            for a in sorted(context.store.audit(actor.tenant, claim_id), key=lambda a: a.at)]


@router.get("/claims/{claim_id}/verdicts", response_model=list[VerdictEntryOut], summary="Verdict history",
            responses=error_responses(401, 404))
def verdicts(claim_id: str, actor: Annotated[Actor, Depends(current_actor)],
             context: Annotated[ReviewContext, Depends(review_context)]) -> list[VerdictEntryOut]:
    """Every verdict the claim had (evaluations and decisions), oldest first."""
    require_claim(context.store, actor.tenant, claim_id)
    return [VerdictEntryOut(at=v.at, status=v.status, score=v.score, reason=v.reason)  # type: ignore[arg-type]
            for v in sorted(context.store.history(actor.tenant, claim_id), key=lambda v: v.at)]
