"""Stage 6: status and score from discrepancies (formula in docs/SCORING.md).

Status per SPEC: not_ready with any blocking discrepancy, needs_review with any major, else
ready. The score lives in a band per status (ready 80-100, needs_review 50-79, not_ready 0-49)
so a ready claim always outscores a needs_review one, which outscores a not_ready one; inside
its band it falls with every discrepancy by the weight of its severity. Waived discrepancies
(an adjuster's decision, by key) count for neither."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from claimready.models import Discrepancy, Severity, Status, Verdict

WEIGHT = {Severity.BLOCKING: 12, Severity.MAJOR: 6, Severity.MINOR: 3, Severity.INFO: 1}


@dataclass(frozen=True, slots=True)
class Band:
    top: int
    floor: int
    entry: Severity | None  # the severity that puts a claim in this band; its first one is "free"


BANDS = {
    Status.READY: Band(100, 80, None),
    Status.NEEDS_REVIEW: Band(79, 50, Severity.MAJOR),
    Status.NOT_READY: Band(49, 0, Severity.BLOCKING),
}


def discrepancy_key(d: Discrepancy) -> str:
    """A key stable across runs: code, field, sorted documents and values (never the message)."""
    canonical = "\x1f".join([d.code, d.field or "", "\x1e".join(sorted(d.documents)), "\x1e".join(d.values)])
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def status_of(counted: Sequence[Discrepancy]) -> Status:
    severities = {d.severity for d in counted}
    if Severity.BLOCKING in severities:
        return Status.NOT_READY
    if Severity.MAJOR in severities:
        return Status.NEEDS_REVIEW
    return Status.READY


def score_of(status: Status, counted: Sequence[Discrepancy]) -> int:
    band = BANDS[status]
    penalty = sum(WEIGHT[d.severity] for d in counted) - (WEIGHT[band.entry] if band.entry else 0)
    return max(band.floor, band.top - penalty)


def decide(discrepancies: Sequence[Discrepancy], waived: Collection[str] = ()) -> Verdict:
    counted = [d for d in discrepancies if discrepancy_key(d) not in waived]
    status = status_of(counted)
    return Verdict(status, score_of(status, counted), tuple(discrepancies))
