"""The service's HTTP API: `create_app(settings)` wires routers, context and one error handler.

Service routes (events, health, readiness, metrics) get the ServiceContext and Actors through
`claimready.api.deps`; the portal API and review page (claimready.api.review_routers) get a
ReviewContext over the same database and bucket (claimready.review.sql_store)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse

from claimready.api import events, health, metrics, readiness, review_routers
from claimready.errors import ClaimReadyError, http_status
from claimready.settings import Settings
from claimready.workers.actors import Actors, setup_workers
from claimready.workers.context import ServiceContext


async def claimready_error(_request: Request, exc: Exception) -> JSONResponse:
    """Every ClaimReadyError becomes JSON with a stable `code` and the status errors.py gives it."""
    assert isinstance(exc, ClaimReadyError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
    return JSONResponse({"code": exc.code, "message": exc.reason}, status_code=http_status(exc), headers=headers)


async def invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ())) or "request"
    return JSONResponse({"code": "bad_request", "message": f"{where}: {first.get('msg', 'invalid')}"}, status_code=422)


async def unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    logging.getLogger(__name__).exception("unhandled error", exc_info=exc)
    return JSONResponse({"code": "internal_error", "message": "internal error"}, status_code=500)


def create_app(settings: Settings, ctx: ServiceContext | None = None, actors: Actors | None = None) -> FastAPI:
    """The API; pass ctx/actors to share them with in-process workers (tests, embedded mode)."""
    if ctx is None or actors is None:
        ctx, actors = setup_workers(settings, ctx)
    app = FastAPI(title="ClaimReady", version="0.1.0",
                  description="Readiness verdicts for trade-credit insurance claims (SPEC section 6).")
    app.state.ctx, app.state.actors, app.state.settings = ctx, actors, settings
    app.add_exception_handler(ClaimReadyError, claimready_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, unexpected_error)
    app.include_router(health.router)
    app.include_router(events.router)
    app.include_router(readiness.router)
    app.include_router(metrics.router)
    for router in review_routers.ROUTERS:
        app.include_router(router)
    app.add_api_route("/", review_home, include_in_schema=False)
    return app


def review_home() -> RedirectResponse:
    return RedirectResponse("/review/", status_code=307)
