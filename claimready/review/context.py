"""What the review and portal routes share in one app: the store, how a key becomes an actor,
the evidence renderer, the settings. Set once on `app.state.review`; routes get it through
the `review_context` dependency."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from claimready.errors import TransientError
from claimready.review.callback_delivery import StatusChange
from claimready.review.evidence import EvidenceRenderer
from claimready.review.notify import notify_status_change
from claimready.review.page import ReviewLinks
from claimready.review.service import Actor
from claimready.review.store import ReviewStore
from claimready.settings import Settings

KeyResolver = Callable[[str], Actor | None]


@dataclass
class ReviewContext:
    store: ReviewStore
    resolve_key: KeyResolver
    settings: Settings
    evidence: EvidenceRenderer = field(default_factory=EvidenceRenderer)
    links: ReviewLinks = field(default_factory=ReviewLinks)
    background_callbacks: bool = True

    def status_changed(self, change: StatusChange) -> None:
        """Signed POSTs to the tenant's registered portals (off the request thread)."""
        notify_status_change(self.store, change, background=self.background_callbacks)


ContextFactory = Callable[[Request], ReviewContext]


def review_context(request: Request) -> ReviewContext:
    """The app's review context; built on first use by `app.state.review_context_factory` when the
    app was created by service mode (which knows nothing of this package)."""
    context = getattr(request.app.state, "review", None)
    if context is None:
        factory: ContextFactory | None = getattr(request.app.state, "review_context_factory", None)
        if factory is None:
            from claimready.review.sql_store import context_from_app  # service mode: its DB and bucket

            factory = context_from_app
        context = factory(request)
        request.app.state.review = context
    if context is None:
        raise TransientError("the review service is not configured")
    return context


def csrf_token(key: str) -> str:
    """A form token bound to the signed-in key (the cookie is also SameSite=Strict)."""
    return hashlib.sha256(f"claimready-csrf:{key}".encode()).hexdigest()[:32]
