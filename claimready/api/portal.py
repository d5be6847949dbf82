"""Portal API for insurers' systems: claims list, full report, evidence images, re-evaluation.

Every route needs `Authorization: Bearer <key>`; the key's tenant scopes every lookup, so
another tenant's claim is answered 404 exactly like a missing one. SPEC section 6's readiness
endpoint lives in claimready/api/readiness.py (service mode).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from claimready.errors import InputError, NotFound, UnreadableDocument
from claimready.report import DiscrepancyOut, DocumentOut
from claimready.review.context import ReviewContext, review_context
from claimready.review.evidence import parse_bbox
from claimready.review.page import discrepancy_model
from claimready.review.service import (Actor, discrepancy_key, effective_verdict, require_claim, require_report,
                                       waived_keys)
from claimready.review.store import ClaimQuery, Cursor
from claimready.review.views import ClaimSummary, Decision, QueueFilter
from claimready.api.review_common import JsonErrorRoute, current_actor, error_responses, require_role

router = APIRouter(prefix="/v1", tags=["claims"], route_class=JsonErrorRoute)
StatusName = Literal["ready", "needs_review", "not_ready", "processing"]


class SeverityCountsOut(BaseModel):
    blocking: int
    major: int
    minor: int
    info: int


class ClaimSummaryOut(BaseModel):
    claim_id: str
    status: StatusName
    score: int | None
    discrepancy_counts: SeverityCountsOut
    documents_total: int
    documents_pending: int
    waived: int
    created_at: datetime
    updated_at: datetime


class ClaimListOut(BaseModel):
    claims: list[ClaimSummaryOut]
    next_cursor: str | None = Field(description="pass as `cursor` to get the next page; null on the last page")


class DecisionOut(BaseModel):
    discrepancy_key: str
    action: Literal["confirm", "waive"]
    comment: str
    actor: str
    decided_at: datetime


class PortalDiscrepancyOut(DiscrepancyOut):
    key: str = Field(description="stable key of this discrepancy; adjusters' decisions refer to it")
    decision: DecisionOut | None = Field(description="the latest adjuster's decision on it, if any")


class PortalReportOut(BaseModel):
    """SPEC section 4's report; `status`/`score` count the adjusters' waivers, the pipeline's own
    verdict stays in `original_status`/`original_score`."""

    claim_id: str
    tenant: str
    status: StatusName
    score: int
    claim_type: str
    documents: list[DocumentOut]
    discrepancies: list[PortalDiscrepancyOut]
    original_status: StatusName
    original_score: int
    updated_at: datetime


def summary_out(row: ClaimSummary) -> ClaimSummaryOut:
    c = row.counts
    return ClaimSummaryOut(claim_id=row.claim_id, status=row.status, score=row.score,  # type: ignore[arg-type]
                           discrepancy_counts=SeverityCountsOut(blocking=c.blocking, major=c.major, minor=c.minor,
                                                                info=c.info),
                           documents_total=row.documents_total, documents_pending=row.documents_pending,
                           waived=row.waived, created_at=row.created_at, updated_at=row.updated_at)


def decision_out(d: Decision) -> DecisionOut:
    return DecisionOut(discrepancy_key=d.discrepancy_key, action=d.action.value, comment=d.comment, actor=d.actor,
                       decided_at=d.decided_at)


@router.get("/claims", response_model=ClaimListOut, summary="List claims",
            responses=error_responses(400, 401, 422))
def list_claims(
    actor: Annotated[Actor, Depends(current_actor)],
    context: Annotated[ReviewContext, Depends(review_context)],
    status: Annotated[StatusName | None, Query(description="only claims in this status")] = None,
    min_score: Annotated[int | None, Query(ge=0, le=100)] = None,
    max_score: Annotated[int | None, Query(ge=0, le=100)] = None,
    updated_since: Annotated[datetime | None, Query(description="ISO-8601; claims updated at or after")] = None,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ClaimListOut:
    """The tenant's claims, most recently updated first, filtered, one page at a time."""
    if min_score is not None and max_score is not None and min_score > max_score:
        raise InputError("min_score is greater than max_score")
    query = ClaimQuery(QueueFilter(status=status, min_score=min_score, max_score=max_score), updated_since,
                       Cursor.decode(cursor) if cursor else None, limit)
    page = context.store.list_claims(actor.tenant, query)
    return ClaimListOut(claims=[summary_out(r) for r in page.rows],
                        next_cursor=page.next_cursor.encode() if page.next_cursor else None)


@router.get("/claims/{claim_id}/report", response_model=PortalReportOut, summary="Full report (JSON)",
            responses=error_responses(401, 404))
def claim_report(claim_id: str, actor: Annotated[Actor, Depends(current_actor)],
                 context: Annotated[ReviewContext, Depends(review_context)]) -> PortalReportOut:
    """The claim's report (SPEC section 4), each discrepancy with its key and latest decision."""
    state = require_claim(context.store, actor.tenant, claim_id)
    report = require_report(state)
    decisions = context.store.decisions(actor.tenant, claim_id)
    latest = {d.discrepancy_key: d for d in sorted(decisions, key=lambda x: x.decided_at)}
    verdict = effective_verdict(report, decisions)
    items = []
    for d in report.discrepancies:
        key = discrepancy_key(discrepancy_model(d))
        items.append(PortalDiscrepancyOut(**d.model_dump(), key=key,
                                          decision=decision_out(latest[key]) if key in latest else None))
    return PortalReportOut(claim_id=report.claim_id, tenant=report.tenant, status=verdict.status.value,
                           score=verdict.score, claim_type=report.claim_type, documents=report.documents,
                           discrepancies=items, original_status=report.status,  # type: ignore[arg-type]
                           original_score=report.score, updated_at=state.summary.updated_at)


PNG = {200: {"content": {"image/png": {}}, "description": "PNG image"}}


@router.get("/claims/{claim_id}/documents/{name}/pages/{page}/image", response_class=Response,
            summary="Page image or evidence crop", responses={**PNG, **error_responses(400, 401, 404)})
def page_image(claim_id: str, name: str, page: Annotated[int, Path(ge=1, le=100_000)],
               actor: Annotated[Actor, Depends(current_actor)],
               context: Annotated[ReviewContext, Depends(review_context)],
               bbox: Annotated[str | None, Query(description="x0,y0,x1,y1 page fractions to highlight")] = None,
               crop: Annotated[bool, Query(description="crop around bbox instead of the whole page")] = False,
               ) -> Response:
    """A page of one of the claim's files as PNG, with a field's box highlighted (and cropped)."""
    return Response(evidence_png(context, actor.tenant, claim_id, name, page, bbox, crop), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


def evidence_png(context: ReviewContext, tenant: str, claim_id: str, name: str, page: int, bbox: str | None,
                 crop: bool) -> bytes:
    require_claim(context.store, tenant, claim_id)
    stored = context.store.find_file(tenant, claim_id, name)
    if stored is None:
        raise NotFound(f"claim {claim_id!r} has no file {name!r}")
    box = parse_bbox(bbox) if bbox else None
    if crop and box is None:
        raise InputError("crop=true needs a bbox")
    try:
        if crop and box is not None:
            return context.evidence.crop_png(stored.sha256, page, box, stored.load)
        return context.evidence.page_png(stored.sha256, page, stored.load, box)
    except UnreadableDocument as exc:
        if "no page" in exc.reason:
            raise NotFound(f"{name!r} has no page {page}") from None
        raise


class QueuedOut(BaseModel):
    claim_id: str
    status: Literal["queued"] = "queued"


@router.post("/claims/{claim_id}/reevaluate", status_code=202, response_model=QueuedOut, summary="Re-evaluate now",
             responses=error_responses(401, 403, 404))
def reevaluate(claim_id: str, actor: Annotated[Actor, Depends(require_role("portal", "adjuster", "admin"))],
               context: Annotated[ReviewContext, Depends(review_context)]) -> QueuedOut:
    """Queue a fresh evaluation of the claim (e.g. after the rules changed)."""
    require_claim(context.store, actor.tenant, claim_id)
    context.store.request_evaluation(actor.tenant, claim_id, actor.name)
    return QueuedOut(claim_id=claim_id)


__all__ = ["router", "waived_keys"]
