"""Shared by the portal and review routers: JSON errors with a stable `code`, the Bearer key
dependency and role checks.

Errors leave these routers as `{"code": "...", "message": "..."}` with the HTTP status of
claimready.errors (one mapping), whatever exception handlers the hosting app has: the route
class below turns a ClaimReadyError into that answer itself.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from claimready.errors import ClaimReadyError, Forbidden, PermanentError, Unauthorized, http_status
from claimready.review.context import ReviewContext, review_context
from claimready.review.service import Actor


class ErrorOut(BaseModel):
    """Every error answer: `code` is stable (clients branch on it), `message` is for people."""

    code: str
    message: str


class PayloadTooLarge(PermanentError):
    code = "payload_too_large"
    http_status = 413


class UnsupportedMediaType(PermanentError):
    code = "unsupported_media_type"
    http_status = 415


class Conflict(PermanentError):
    code = "conflict"
    http_status = 409


def error_response(exc: ClaimReadyError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    return JSONResponse(ErrorOut(code=exc.code, message=exc.reason).model_dump(), status_code=http_status(exc),
                        headers=headers)


def validation_response(exc: RequestValidationError) -> JSONResponse:
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
    return JSONResponse(ErrorOut(code="invalid_request", message=problems[:2000]).model_dump(), status_code=422)


class JsonErrorRoute(APIRoute):
    """An APIRoute whose ClaimReadyErrors become `ErrorOut` JSON answers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except ClaimReadyError as exc:
                return error_response(exc)
            except RequestValidationError as exc:
                return validation_response(exc)

        return handler_with_name(handle, handler)


def handler_with_name(new: Callable[..., Any], old: Callable[..., Any]) -> Callable[..., Any]:
    new.__name__ = getattr(old, "__name__", "handler")
    return new


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting the error body for each status."""
    texts = {400: "Bad request", 401: "Missing or unknown API key", 403: "The key's role may not do this",
             404: "No such claim for this key's tenant (another tenant's claim is answered the same)",
             409: "Conflict", 413: "Upload too large", 415: "Unsupported file type",
             422: "Invalid request", 503: "A dependency is unavailable; retry later"}
    return {s: {"model": ErrorOut, "description": texts.get(s, "Error")} for s in statuses}


def bearer_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_actor(request: Request, context: ReviewContext = Depends(review_context)) -> Actor:
    key = bearer_key(request)
    if key is None:
        raise Unauthorized("send 'Authorization: Bearer <key>'")
    actor = context.resolve_key(key)
    if actor is None:
        raise Unauthorized("unknown or revoked API key")
    return actor


def require_role(*roles: str) -> Callable[[Actor], Actor]:
    def check(actor: Actor = Depends(current_actor)) -> Actor:
        if actor.role not in roles:
            raise Forbidden(f"a {actor.role} key may not do this (needs {' or '.join(roles)})")
        return actor

    return check
