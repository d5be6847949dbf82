"""Portal callbacks: register a URL to receive a signed POST when a claim's status changes.

See claimready/review/callback_delivery.py for the payload, the HMAC signature headers and
the retry policy. The secret is returned once, at registration."""

from __future__ import annotations

import ipaddress
import uuid
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from claimready.api.review_common import JsonErrorRoute, error_responses, require_role
from claimready.errors import InputError, NotFound
from claimready.review.callback_delivery import new_secret
from claimready.review.context import ReviewContext, review_context
from claimready.review.service import Actor
from claimready.review.store import CallbackRegistration

router = APIRouter(prefix="/v1", tags=["callbacks"], route_class=JsonErrorRoute)
MAX_CALLBACKS = 10


class CallbackIn(BaseModel):
    url: str = Field(min_length=8, max_length=2000, description="https URL (http allowed for localhost)")


class CallbackOut(BaseModel):
    id: str
    url: str
    created_at: datetime
    created_by: str


class CallbackCreatedOut(CallbackOut):
    secret: str = Field(description="HMAC-SHA256 key of X-ClaimReady-Signature; shown only now")


def check_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    local = host == "localhost" or _is_loopback(host)
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise InputError("the callback URL must be https (http only for localhost)")
    if not host:
        raise InputError("the callback URL has no host")
    return url


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def out(c: CallbackRegistration) -> CallbackOut:
    return CallbackOut(id=c.id, url=c.url, created_at=c.created_at, created_by=c.created_by)


@router.post("/callbacks", status_code=201, response_model=CallbackCreatedOut, summary="Register a callback URL",
             responses=error_responses(400, 401, 403, 422))
def register_callback(body: CallbackIn, actor: Annotated[Actor, Depends(require_role("portal", "admin"))],
                      context: Annotated[ReviewContext, Depends(review_context)]) -> CallbackCreatedOut:
    """Receive `POST url` with a signed JSON body whenever one of the tenant's claims changes status."""
    if len(context.store.callbacks(actor.tenant)) >= MAX_CALLBACKS:
        raise InputError(f"at most {MAX_CALLBACKS} callbacks per tenant")
    registration = CallbackRegistration(uuid.uuid4().hex, actor.tenant, check_url(body.url), new_secret(),
                                        datetime.now(UTC), actor.name)
    context.store.add_callback(registration)
    return CallbackCreatedOut(**out(registration).model_dump(), secret=registration.secret)


@router.get("/callbacks", response_model=list[CallbackOut], summary="List callback URLs",
            responses=error_responses(401, 403))
def list_callbacks(actor: Annotated[Actor, Depends(require_role("portal", "admin"))],
                   context: Annotated[ReviewContext, Depends(review_context)]) -> list[CallbackOut]:
    return [out(c) for c in context.store.callbacks(actor.tenant)]


@router.delete("/callbacks/{callback_id}", status_code=204, response_class=Response, summary="Remove a callback",
               responses=error_responses(401, 403, 404))
def remove_callback(callback_id: str, actor: Annotated[Actor, Depends(require_role("portal", "admin"))],
                    context: Annotated[ReviewContext, Depends(review_context)]) -> Response:
    if not context.store.remove_callback(actor.tenant, callback_id):
        raise NotFound(f"no callback {callback_id!r}")
    return Response(status_code=204)
