"""Liveness and readiness of the service itself (not of a claim).

`/health` says the process answers; `/health/ready` checks what the API needs to do its work: the
database, the broker (Redis) and the bucket, and answers 503 naming the one that is down, so a
load balancer stops sending traffic and an operator sees why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from claimready.api.deps import actors, service_context
from claimready.errors import ClaimReadyError
from claimready.workers.actors import Actors
from claimready.workers.context import ServiceContext

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str  # ok | unavailable
    database: str | None = None
    broker: str | None = None
    bucket: str | None = None


@router.get("/health", response_model=Health, summary="The process is up")
def health() -> Health:
    return Health(status="ok")


@router.get("/health/ready", response_model=Health,
            summary="Database, broker and bucket answer (503 naming the one that does not)",
            responses={503: {"model": Health, "description": "A dependency is down; each field says which"}})
def ready(ctx: Annotated[ServiceContext, Depends(service_context)],
          work: Annotated[Actors, Depends(actors)]) -> Health | JSONResponse:
    checks = {"database": lambda: check_database(ctx), "broker": lambda: check_broker(work),
              "bucket": ctx.bucket.check}
    found = {name: outcome(check) for name, check in checks.items()}
    if all(v == "ok" for v in found.values()):
        return Health(status="ok", **found)
    return JSONResponse(Health(status="unavailable", **found).model_dump(), status_code=503)


def outcome(check: Callable[[], object]) -> str:
    try:
        check()
    except ClaimReadyError as exc:
        return f"unavailable: {exc.reason}"
    except Exception as exc:  # a health check reports, it never raises
        return f"unavailable: {type(exc).__name__}: {exc}"
    return "ok"


def check_database(ctx: ServiceContext) -> None:
    with ctx.session() as session:
        session.execute(text("SELECT 1"))


def check_broker(work: Actors) -> None:
    """Redis answers PING; the in-process StubBroker (embedded mode) is always there."""
    client = getattr(work.broker, "client", None)
    if client is not None:
        client.ping()
