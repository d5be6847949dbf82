"""What the review page shows, as frozen dataclasses: decisions, audit entries, queue rows.

The API layer builds these from the database; the render module turns them (with the claim's
report, `claimready.report.ReportOut`) into HTML. Nothing here touches a database or a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class DecisionAction(StrEnum):
    CONFIRM = "confirm"  # the adjuster agrees the discrepancy is real: it stays in the verdict
    WAIVE = "waive"  # the adjuster accepts it (explained, immaterial): it no longer counts


@dataclass(frozen=True, slots=True)
class Decision:
    """An adjuster's latest decision on one discrepancy (by its stable key)."""

    discrepancy_key: str
    action: DecisionAction
    comment: str
    actor: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """Who did what, when and why: one line of a claim's audit trail."""

    at: datetime
    actor: str
    action: str  # e.g. "waive", "confirm", "reevaluate", "upload", "verdict"
    detail: str
    discrepancy_key: str | None = None


@dataclass(frozen=True, slots=True)
class VerdictEntry:
    """One verdict in a claim's history (each evaluation or decision recomputes it)."""

    at: datetime
    status: str
    score: int
    reason: str  # "evaluation", "waive CODE", ...


@dataclass(frozen=True, slots=True)
class SeverityCounts:
    blocking: int = 0
    major: int = 0
    minor: int = 0
    info: int = 0


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """One row of the adjusters' queue."""

    claim_id: str
    status: str  # ready | needs_review | not_ready | processing
    score: int | None
    counts: SeverityCounts
    documents_total: int
    documents_pending: int
    created_at: datetime
    updated_at: datetime
    waived: int = 0


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The queue's filters, as the adjuster typed them in the form."""

    status: str | None = None
    min_score: int | None = None
    max_score: int | None = None
    search: str | None = None

    def keeps(self, row: ClaimSummary) -> bool:
        if self.status and row.status != self.status:
            return False
        if self.min_score is not None and (row.score is None or row.score < self.min_score):
            return False
        if self.max_score is not None and (row.score is None or row.score > self.max_score):
            return False
        return not self.search or self.search.casefold() in row.claim_id.casefold()
