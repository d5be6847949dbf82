"""Server-rendered HTML of the review pages (Jinja2, autoescaped; no JS build step)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from claimready.review.page import ClaimPageView, ReviewLinks
from claimready.review.views import ClaimSummary, QueueFilter

TEMPLATES = Path(__file__).with_name("templates")
STATUSES = ("not_ready", "needs_review", "ready", "processing")
STATUS_LABELS = {"ready": "Ready", "needs_review": "Needs review", "not_ready": "Not ready",
                 "processing": "Processing"}


def age_text(since: datetime, now: datetime) -> str:
    """'5 min', '3 h', '2 d': how long a claim has waited, at a glance."""
    seconds = max(0, int((_aware(now) - _aware(since)).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def when_text(moment: datetime | None) -> str:
    return "" if moment is None else _aware(moment).strftime("%Y-%m-%d %H:%M UTC")


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when_text
    env.filters["status_label"] = lambda s: STATUS_LABELS.get(s, s)
    env.filters["pct"] = lambda v: "" if v is None else f"{round(float(v) * 100)}%"
    env.filters["label"] = lambda s: (s or "").replace("_", " ")
    return env


def render_queue(rows: Sequence[ClaimSummary], filters: QueueFilter, *, now: datetime | None = None,
                 user: str = "", links: ReviewLinks | None = None) -> str:
    now = now or datetime.now(UTC)
    return environment().get_template("queue.html").render(
        rows=rows, filters=filters, statuses=STATUSES, user=user, links=links or ReviewLinks(),
        age=lambda row: age_text(row.created_at, now), title="Claims queue")


def render_claim(view: ClaimPageView, *, can_decide: bool, csrf_token: str = "", user: str = "",
                 flash: str = "", links: ReviewLinks | None = None) -> str:
    return environment().get_template("claim.html").render(
        view=view, can_decide=can_decide, csrf_token=csrf_token, user=user, flash=flash,
        links=links or ReviewLinks(), title=f"Claim {view.claim_id}")


def render_login(*, error: str = "", next_url: str = "", links: ReviewLinks | None = None) -> str:
    return environment().get_template("login.html").render(
        error=error, next_url=next_url, user="", links=links or ReviewLinks(), title="Sign in")


def render_error(status: int, message: str, *, links: ReviewLinks | None = None) -> str:
    return environment().get_template("error.html").render(
        status=status, message=message, user="", links=links or ReviewLinks(), title=f"Error {status}")
