"""Bucket event webhooks: MinIO (S3 event notifications) and SeaweedFS (filer webhook).

Each created object is recorded and enqueued, each deleted one taken out of its claim, by
`intake.dispatch.accept_event`; a re-delivered event is a no-op (database unique constraint;
a deletion retires only what is still current). When `webhook_token` is set, the sender must
present it as `Authorization: Bearer <token>` (MinIO: MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN;
SeaweedFS: notification.webhook.bearer_token)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from claimready.api.auth import Unauthorized, bearer_token
from claimready.api.deps import actors, service_context
from claimready.errors import InputError
from claimready.intake.dispatch import Outcome, accept_event, record_rejected
from claimready.intake.events import BucketEvent, minio_events, seaweedfs_events
from claimready.workers.actors import Actors
from claimready.workers.context import ServiceContext

router = APIRouter(prefix="/v1/events", tags=["events"])
MAX_EVENT_BYTES = 1024 * 1024


class EventsAccepted(BaseModel):
    queued: int = 0
    manifests: int = 0
    removed: int = 0
    known: int = 0
    ignored: int = 0
    rejected: int = 0


def check_webhook_token(request: Request, ctx: Annotated[ServiceContext, Depends(service_context)]) -> None:
    expected = ctx.settings.webhook_token
    if expected and not hmac.compare_digest(bearer_token(request) or "", expected):
        raise Unauthorized("bad or missing webhook token")


async def _payload(request: Request) -> object:
    body = await request.body()
    if len(body) > MAX_EVENT_BYTES:
        raise InputError("event payload too large")
    try:
        return json.loads(body or b"{}")
    except json.JSONDecodeError as exc:
        raise InputError(f"event payload is not JSON: {exc}") from None


def _accept_all(ctx: ServiceContext, acts: Actors, events: list[BucketEvent], source: str) -> EventsAccepted:
    out = EventsAccepted()
    for event in events:
        try:
            outcome = accept_event(ctx, acts, event, source).outcome
        except InputError as exc:
            record_rejected(ctx, event.key, exc.reason, source)
            out.rejected += 1
            continue
        field = {Outcome.QUEUED: "queued", Outcome.MANIFEST: "manifests", Outcome.REMOVED: "removed",
                 Outcome.KNOWN: "known", Outcome.IGNORED: "ignored"}[outcome]
        setattr(out, field, getattr(out, field) + 1)
    return out


async def _handle(request: Request, ctx: ServiceContext, acts: Actors,
                  parse: Callable[[object, str], list[BucketEvent]], source: str) -> EventsAccepted:
    from starlette.concurrency import run_in_threadpool

    bucket = ctx.bucket.name
    events = parse(await _payload(request), bucket)
    return await run_in_threadpool(_accept_all, ctx, acts, events, source)


@router.post("/minio", response_model=EventsAccepted, dependencies=[Depends(check_webhook_token)],
             summary="MinIO / S3 bucket notification (s3:ObjectCreated:* and s3:ObjectRemoved:* records)")
async def minio_webhook(request: Request, ctx: Annotated[ServiceContext, Depends(service_context)],
                        acts: Annotated[Actors, Depends(actors)]) -> EventsAccepted:
    return await _handle(request, ctx, acts, minio_events, "minio-event")


@router.post("/seaweedfs", response_model=EventsAccepted, dependencies=[Depends(check_webhook_token)],
             summary="SeaweedFS filer webhook notification (create, update, rename, delete)")
async def seaweedfs_webhook(request: Request, ctx: Annotated[ServiceContext, Depends(service_context)],
                            acts: Annotated[Actors, Depends(actors)]) -> EventsAccepted:
    return await _handle(request, ctx, acts, seaweedfs_events, "seaweedfs-event")
