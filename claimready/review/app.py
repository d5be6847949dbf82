"""A FastAPI app of the review routers alone over a given context (tests, `claimready demo`
without service mode). Service mode mounts the same routers in claimready/api/app.py."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from claimready.review.context import ReviewContext


def review_app(context: ReviewContext, title: str = "ClaimReady") -> FastAPI:
    from claimready.api.review_routers import ROUTERS

    app = FastAPI(title=title, version="1")
    app.state.review = context
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/review/", status_code=307)

    return app
