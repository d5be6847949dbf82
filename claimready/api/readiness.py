"""SPEC section 6: GET /v1/claims/{claim_id}/readiness."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from sqlalchemy.orm import Session

from claimready.api.auth import current_key
from claimready.api.deps import db_session
from claimready.errors import NotFound
from claimready.storage.keys import KeyIdentity
from claimready.storage.repo import readiness

router = APIRouter(prefix="/v1", tags=["claims"])


class DiscrepancyCounts(BaseModel):
    blocking: int
    major: int
    minor: int
    info: int


class ReadinessOut(BaseModel):
    claim_id: str
    status: Literal["ready", "needs_review", "not_ready", "processing"]
    score: int | None
    discrepancy_counts: DiscrepancyCounts
    documents_total: int
    documents_pending: int
    updated_at: datetime


@router.get("/claims/{claim_id}/readiness", response_model=ReadinessOut,
            summary="Readiness verdict of one claim (status 'processing' while documents are pending)")
def get_readiness(claim_id: Annotated[str, Path(max_length=128)],
                  identity: Annotated[KeyIdentity, Depends(current_key)],
                  session: Annotated[Session, Depends(db_session)]) -> ReadinessOut:
    found = readiness(session, identity.tenant, claim_id)
    if found is None:  # another tenant's claim is answered exactly like a missing one
        raise NotFound(f"no claim {claim_id!r}")
    return ReadinessOut(claim_id=found.claim_id, status=found.status, score=found.score,  # type: ignore[arg-type]
                        discrepancy_counts=DiscrepancyCounts(**found.discrepancy_counts),
                        documents_total=found.documents_total, documents_pending=found.documents_pending,
                        updated_at=found.updated_at)
