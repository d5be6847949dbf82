"""Liveness and readiness of the service itself (not of a claim)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import text

from claimready.api.deps import service_context
from claimready.workers.context import ServiceContext

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str | None = None


@router.get("/health", response_model=Health, summary="The process is up")
def health() -> Health:
    return Health(status="ok")


@router.get("/health/ready", response_model=Health, summary="The database answers (503 otherwise)")
def ready(ctx: Annotated[ServiceContext, Depends(service_context)]) -> Health:
    with ctx.session() as session:
        session.execute(text("SELECT 1"))
    return Health(status="ok", database="ok")
