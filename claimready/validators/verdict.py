"""Stage 6: status and score from discrepancies. PLACEHOLDER."""

from __future__ import annotations

from collections.abc import Sequence

from claimready.models import Discrepancy, Status, Verdict


def decide(discrepancies: Sequence[Discrepancy]) -> Verdict:
    return Verdict(Status.READY, 100, tuple(discrepancies))
