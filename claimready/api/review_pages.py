"""The adjusters' review pages (server-rendered HTML): queue, claim, decisions, evidence images.

A browser cannot send a Bearer header on a link, so the key an adjuster pastes on the sign-in
page is kept in an HttpOnly, SameSite=Strict cookie scoped to /review; a Bearer header is
accepted too (tools, tests). Decision forms also carry a token bound to the key.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimready.api.review_common import bearer_key
from claimready.errors import ClaimReadyError, InputError, http_status
from claimready.review.context import ReviewContext, csrf_token, review_context
from claimready.review.render import render_claim, render_error, render_login, render_queue
from claimready.review.service import Actor, claim_page, record_decision
from claimready.review.store import ClaimQuery, Cursor
from claimready.review.views import QueueFilter

COOKIE = "claimready_key"
PREFIX = "/review"
router = APIRouter(prefix=PREFIX, tags=["review pages"])
HTML = {200: {"content": {"text/html": {}}, "description": "HTML page"},
        303: {"description": "Not signed in: redirect to the sign-in page"}}


class SignInRequired(Exception):
    """No usable key: the page redirects to the sign-in form."""


def page_key(request: Request) -> str | None:
    return bearer_key(request) or request.cookies.get(COOKIE) or None


def page_actor(request: Request, context: ReviewContext) -> tuple[Actor, str]:
    key = page_key(request)
    actor = context.resolve_key(key) if key else None
    if actor is None or key is None:
        raise SignInRequired()
    return actor, key


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{PREFIX}/login?next={quote(target, safe='')}", status_code=303)


def error_page(exc: ClaimReadyError, context: ReviewContext) -> HTMLResponse:
    return HTMLResponse(render_error(http_status(exc), exc.reason, links=context.links), status_code=http_status(exc))


def safe_next(url: str) -> str:
    """Only a path inside the review pages (no open redirect)."""
    return url if url.startswith(f"{PREFIX}/") and not url.startswith("//") else f"{PREFIX}/"


def _int_or_none(text: str | None, name: str) -> int | None:
    if text is None or text.strip() == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{name} must be a whole number") from None


@router.get("/", response_class=HTMLResponse, summary="Claims queue (HTML)", responses=HTML)
def queue_page(request: Request, context: Annotated[ReviewContext, Depends(review_context)],
               status: str | None = None, min_score: str | None = None, max_score: str | None = None,
               q: str | None = None, cursor: str | None = None) -> Response:
    """The tenant's claims with status, score, counts by severity and age; filterable."""
    try:
        actor, _ = page_actor(request, context)
        filters = QueueFilter(status=status or None, min_score=_int_or_none(min_score, "min_score"),
                              max_score=_int_or_none(max_score, "max_score"), search=(q or "").strip() or None)
        page = context.store.list_claims(actor.tenant, ClaimQuery(filters, None,
                                                                  Cursor.decode(cursor) if cursor else None, 200))
    except SignInRequired:
        return sign_in_redirect(request)
    except ClaimReadyError as exc:
        return error_page(exc, context)
    return HTMLResponse(render_queue(page.rows, filters, user=f"{actor.name} ({actor.role})", links=context.links))


@router.get("/claims/{claim_id}", response_class=HTMLResponse, summary="Claim page (HTML)", responses=HTML)
def claim_html(claim_id: str, request: Request, context: Annotated[ReviewContext, Depends(review_context)],
               flash: str = "") -> Response:
    """Verdict, discrepancies by severity with their evidence crops, documents, audit trail."""
    try:
        actor, key = page_actor(request, context)
        view = claim_page(context.store, actor.tenant, claim_id, context.links)
    except SignInRequired:
        return sign_in_redirect(request)
    except ClaimReadyError as exc:
        return error_page(exc, context)
    return HTMLResponse(render_claim(view, can_decide=actor.can_decide, csrf_token=csrf_token(key),
                                     user=f"{actor.name} ({actor.role})", flash=flash[:200], links=context.links))


@router.post("/claims/{claim_id}/decisions", response_class=HTMLResponse, summary="Decide from the page (form)",
             responses={303: {"description": "Recorded: back to the claim page"}, 400: {"description": "Bad form"}})
def decide_form(claim_id: str, request: Request, context: Annotated[ReviewContext, Depends(review_context)],
                discrepancy_key: Annotated[str, Form()], action: Annotated[str, Form()],
                comment: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    """Confirm or waive a discrepancy from the claim page; redirects back to it."""
    try:
        actor, key = page_actor(request, context)
        if not hmac.compare_digest(csrf, csrf_token(key)):
            raise InputError("the form has expired: reload the page and decide again")
        if not actor.can_decide:
            return HTMLResponse(render_error(403, f"a {actor.role} key may not decide", links=context.links),
                                status_code=403)
        decision, verdict = record_decision(context.store, actor, claim_id, discrepancy_key, action, comment,
                                             on_change=context.status_changed)
    except SignInRequired:
        return sign_in_redirect(request)
    except ClaimReadyError as exc:
        return error_page(exc, context)
    note = f"{'Waived' if decision.action.value == 'waive' else 'Confirmed'}. Status now {verdict.status.value}, score {verdict.score}."
    return RedirectResponse(f"{context.links.claim(claim_id)}?flash={quote(note)}", status_code=303)


@router.get("/claims/{claim_id}/documents/{name}/pages/{page}.png", response_class=Response,
            summary="Page image or evidence crop (PNG)",
            responses={200: {"content": {"image/png": {}}, "description": "PNG"}, 404: {"description": "Not found"}})
def page_png(claim_id: str, name: str, page: Annotated[int, Path(ge=1, le=100_000)], request: Request,
             context: Annotated[ReviewContext, Depends(review_context)],
             bbox: Annotated[str | None, Query()] = None, crop: bool = False) -> Response:
    from claimready.api.portal import evidence_png

    try:
        actor, _ = page_actor(request, context)
        data = evidence_png(context, actor.tenant, claim_id, name, page, bbox, crop)
    except SignInRequired:
        return Response(status_code=401)
    except ClaimReadyError as exc:
        return Response(exc.reason, status_code=http_status(exc), media_type="text/plain")
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/login", response_class=HTMLResponse, summary="Sign-in form", responses=HTML)
def login_form(context: Annotated[ReviewContext, Depends(review_context)], next: str = "") -> HTMLResponse:
    return HTMLResponse(render_login(next_url=safe_next(next), links=context.links))


@router.post("/login", response_class=HTMLResponse, summary="Sign in with an API key",
             responses={303: {"description": "Signed in"}, 401: {"description": "Unknown key"}})
def login(request: Request, context: Annotated[ReviewContext, Depends(review_context)],
          key: Annotated[str, Form()], next: Annotated[str, Form()] = "") -> Response:
    if context.resolve_key(key.strip()) is None:
        return HTMLResponse(render_login(error="Unknown or revoked key.", next_url=safe_next(next),
                                         links=context.links), status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, key.strip(), httponly=True, samesite="strict", path=PREFIX,
                        secure=request.url.scheme == "https")
    return response


@router.get("/logout", summary="Sign out", responses={303: {"description": "Signed out"}})
def logout() -> Response:
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response
