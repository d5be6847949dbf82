"""An in-memory ReviewStore: for tests of the routes and pages, no database or bucket."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from claimready.report import ReportOut
from claimready.review.store import CallbackRegistration, ClaimPage, ClaimQuery, ClaimState, Cursor, StoredFile
from claimready.review.views import AuditEntry, ClaimSummary, Decision, SeverityCounts, VerdictEntry


def summary_of(report: ReportOut, created_at: datetime, updated_at: datetime) -> ClaimSummary:
    counts = {s: sum(1 for d in report.discrepancies if d.severity == s) for s in ("blocking", "major", "minor", "info")}
    return ClaimSummary(report.claim_id, report.status, report.score, SeverityCounts(**counts),
                        len(report.documents), 0, created_at, updated_at)


@dataclass
class _Claim:
    state: ClaimState
    files: dict[str, bytes] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    history: list[VerdictEntry] = field(default_factory=list)


class MemoryStore:
    """Claims keyed by (tenant, claim_id); `on_upload`/`on_evaluate` stand in for the pipeline."""

    def __init__(self, on_upload: Callable[[str, str, str, bytes], None] | None = None,
                 on_evaluate: Callable[[str, str], None] | None = None) -> None:
        self._claims: dict[tuple[str, str], _Claim] = {}
        self._callbacks: dict[str, CallbackRegistration] = {}
        self._lock = threading.Lock()
        self.on_upload = on_upload
        self.on_evaluate = on_evaluate

    # --- seeding (tests, demo) ----------------------------------------------------------
    def put_claim(self, tenant: str, report: ReportOut, files: dict[str, bytes] | None = None,
                  created_at: datetime | None = None, updated_at: datetime | None = None) -> None:
        now = datetime.now(UTC)
        created = created_at or now
        state = ClaimState(summary_of(report, created, updated_at or created), report)
        with self._lock:
            claim = self._claims.setdefault((tenant, report.claim_id), _Claim(state))
            claim.state = state
            claim.files.update(files or {})
            claim.history.append(VerdictEntry(updated_at or created, report.status, report.score, "evaluation"))

    # --- ReviewStore ----------------------------------------------------------------------
    def find_claim(self, tenant: str, claim_id: str) -> ClaimState | None:
        claim = self._claims.get((tenant, claim_id))
        return None if claim is None else claim.state

    def list_claims(self, tenant: str, query: ClaimQuery) -> ClaimPage:
        rows = sorted((c.state.summary for (t, _), c in self._claims.items() if t == tenant),
                      key=lambda r: (r.updated_at, r.claim_id), reverse=True)
        rows = [r for r in rows if query.filters.keeps(r)
                and (query.updated_since is None or r.updated_at >= query.updated_since)
                and (query.after is None or query.after.before(r))]
        page = tuple(rows[:query.limit])
        more = len(rows) > query.limit
        return ClaimPage(page, Cursor(page[-1].updated_at, page[-1].claim_id) if more and page else None)

    def find_file(self, tenant: str, claim_id: str, name: str) -> StoredFile | None:
        claim = self._claims.get((tenant, claim_id))
        if claim is None or name not in claim.files:
            return None
        data = claim.files[name]
        return StoredFile(name, hashlib.sha256(data).hexdigest(), lambda: data)

    def decisions(self, tenant: str, claim_id: str) -> tuple[Decision, ...]:
        return tuple(self._claims[(tenant, claim_id)].decisions) if (tenant, claim_id) in self._claims else ()

    def audit(self, tenant: str, claim_id: str) -> tuple[AuditEntry, ...]:
        return tuple(self._claims[(tenant, claim_id)].audit) if (tenant, claim_id) in self._claims else ()

    def history(self, tenant: str, claim_id: str) -> tuple[VerdictEntry, ...]:
        return tuple(self._claims[(tenant, claim_id)].history) if (tenant, claim_id) in self._claims else ()

    def record_decision(self, tenant: str, claim_id: str, decision: Decision, verdict: VerdictEntry,
                        detail: str) -> None:
        with self._lock:
            claim = self._claims[(tenant, claim_id)]
            claim.decisions.append(decision)
            claim.audit.append(AuditEntry(decision.decided_at, decision.actor, decision.action.value, detail,
                                          decision.discrepancy_key))
            claim.history.append(verdict)
            summary = replace(claim.state.summary, status=verdict.status, score=verdict.score,
                              updated_at=decision.decided_at)
            claim.state = replace(claim.state, summary=summary)

    def save_upload(self, tenant: str, claim_id: str, name: str, data: bytes, actor: str) -> None:
        now = datetime.now(UTC)
        with self._lock:
            claim = self._claims.get((tenant, claim_id))
            if claim is None:
                empty = ClaimSummary(claim_id, "processing", None, SeverityCounts(), 0, 0, now, now)
                claim = self._claims[(tenant, claim_id)] = _Claim(ClaimState(empty, None))
            claim.files[name] = data
            claim.audit.append(AuditEntry(now, actor, "upload", f"{name} ({len(data)} bytes)"))
        if self.on_upload:
            self.on_upload(tenant, claim_id, name, data)

    def request_evaluation(self, tenant: str, claim_id: str, actor: str) -> None:
        with self._lock:
            self._claims[(tenant, claim_id)].audit.append(
                AuditEntry(datetime.now(UTC), actor, "reevaluate", "evaluation requested"))
        if self.on_evaluate:
            self.on_evaluate(tenant, claim_id)

    def add_callback(self, registration: CallbackRegistration) -> None:
        self._callbacks[registration.id] = registration

    def callbacks(self, tenant: str) -> tuple[CallbackRegistration, ...]:
        return tuple(c for c in self._callbacks.values() if c.tenant == tenant)

    def remove_callback(self, tenant: str, callback_id: str) -> bool:
        found = self._callbacks.get(callback_id)
        if found is None or found.tenant != tenant:
            return False
        del self._callbacks[callback_id]
        return True
