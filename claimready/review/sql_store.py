"""The ReviewStore of service mode: claims, verdicts, decisions and audit in the service database
(SQLite embedded, PostgreSQL in service mode), files in the bucket.

Uploads go through the same intake as bucket events (`intake.dispatch.accept_object`), so a file
posted to the portal API is recorded, deduplicated and processed exactly like one dropped in
the bucket. A decision stores a verdict row (the effective verdict, waived items set aside)
so readiness, the queue and the history all read the decided status."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimready.errors import NotFound
from claimready.intake.dispatch import accept_object
from claimready.intake.events import ObjectEvent
from claimready.report import ReportOut
from claimready.review.context import ReviewContext
from claimready.review.service import Actor
from claimready.review.store import CallbackRegistration, ClaimPage, ClaimQuery, ClaimState, Cursor, StoredFile
from claimready.review.views import (AuditEntry, ClaimSummary, Decision, DecisionAction, SeverityCounts,
                                     VerdictEntry)
from claimready.storage import repo
from claimready.storage.db import FINAL_STATES, AuditEntry as AuditRow, Claim, Document, VerdictRow, aware
from claimready.storage.keys import authenticate
from claimready.storage.review_tables import CallbackRow, DecisionRow
from claimready.workers.actors import Actors
from claimready.workers.context import ServiceContext

CLAIM_ACTIONS_PREFIX = "claim:"  # audit subjects of review actions: "claim:<claim name>"


@dataclass
class SqlStore:
    """A ReviewStore over a ServiceContext (database + bucket) and the Actors that do the work."""

    ctx: ServiceContext
    actors: Actors

    # --- reading ----------------------------------------------------------------------------
    def find_claim(self, tenant: str, claim_id: str) -> ClaimState | None:
        with self.ctx.session() as session:
            claim = _claim(session, tenant, claim_id)
            if claim is None:
                return None
            verdict = repo.latest_verdict(session, claim.id)
            report = ReportOut.model_validate(verdict.report) if verdict is not None else None
            return ClaimState(_summary(session, claim, verdict), report)

    def list_claims(self, tenant: str, query: ClaimQuery) -> ClaimPage:
        """Filters on status and score need the latest verdict, so they apply in Python over the
        tenant's claims; the database narrows by tenant, `updated_since` and the cursor first."""
        with self.ctx.session() as session:
            found = repo.find_tenant(session, tenant)
            if found is None:
                return ClaimPage((), None)
            stmt = select(Claim).where(Claim.tenant_id == found.id)
            if query.updated_since is not None:
                stmt = stmt.where(Claim.updated_at >= query.updated_since)
            rows = []
            for claim in session.scalars(stmt):
                summary = _summary(session, claim, repo.latest_verdict(session, claim.id))
                if query.filters.keeps(summary) and (query.after is None or query.after.before(summary)) \
                        and (query.updated_since is None or summary.updated_at >= query.updated_since):
                    rows.append(summary)
        rows.sort(key=lambda r: (r.updated_at, r.claim_id), reverse=True)
        page = tuple(rows[:query.limit])
        more = len(rows) > query.limit
        return ClaimPage(page, Cursor(page[-1].updated_at, page[-1].claim_id) if more and page else None)

    def find_file(self, tenant: str, claim_id: str, name: str) -> StoredFile | None:
        with self.ctx.session() as session:
            claim = _claim(session, tenant, claim_id)
            if claim is None:
                return None
            doc = session.scalar(select(Document).where(Document.claim_id == claim.id, Document.name == name,
                                                        Document.current.is_(True)).order_by(Document.id.desc())
                                 .limit(1))
            if doc is None:
                return None
            key, etag = doc.object_key, doc.sha256 or doc.etag
        return StoredFile(name, etag, lambda: self._read_object(key))

    def _read_object(self, key: str) -> bytes:
        with tempfile.TemporaryDirectory(prefix="claimready-evidence-") as tmp:
            return self.ctx.bucket.get(key, Path(tmp)).read_bytes()

    def decisions(self, tenant: str, claim_id: str) -> tuple[Decision, ...]:
        with self.ctx.session() as session:
            claim = _claim(session, tenant, claim_id)
            return () if claim is None else claim_decisions(session, claim.id)

    def audit(self, tenant: str, claim_id: str) -> tuple[AuditEntry, ...]:
        """The claim's trail: intake and worker steps on its objects, and review actions on it."""
        with self.ctx.session() as session:
            if _claim(session, tenant, claim_id) is None:
                return ()
            prefix = f"{tenant}/{claim_id}/"
            rows = session.scalars(select(AuditRow).where(AuditRow.tenant == tenant).where(
                AuditRow.subject.startswith(prefix, autoescape=True)
                | (AuditRow.subject == f"{tenant}/{claim_id}")
                | AuditRow.subject.startswith(f"{CLAIM_ACTIONS_PREFIX}{claim_id}|", autoescape=True))
                .order_by(AuditRow.at, AuditRow.id))
            return tuple(_audit_entry(r) for r in rows)

    def history(self, tenant: str, claim_id: str) -> tuple[VerdictEntry, ...]:
        with self.ctx.session() as session:
            claim = _claim(session, tenant, claim_id)
            if claim is None:
                return ()
            rows = session.scalars(select(VerdictRow).where(VerdictRow.claim_id == claim.id)
                                   .order_by(VerdictRow.created_at, VerdictRow.id))
            return tuple(VerdictEntry(aware(r.created_at), r.status, r.score,  # type: ignore[arg-type]
                                      str(r.report.get("_reason", "evaluation"))) for r in rows)

    # --- writing -----------------------------------------------------------------------------
    def record_decision(self, tenant: str, claim_id: str, decision: Decision, verdict: VerdictEntry,
                        detail: str) -> None:
        with self.ctx.session() as session:
            claim = _require_claim(session, tenant, claim_id)
            latest = repo.latest_verdict(session, claim.id)
            session.add(DecisionRow(claim_id=claim.id, discrepancy_key=decision.discrepancy_key,
                                    action=decision.action.value, comment=decision.comment, actor=decision.actor,
                                    decided_at=decision.decided_at))
            if latest is not None:
                report = {**latest.report, "status": verdict.status, "score": verdict.score,
                          "_reason": verdict.reason}
                session.add(VerdictRow(claim_id=claim.id, eval_seq=latest.eval_seq, status=verdict.status,
                                       score=verdict.score, report=report, created_at=verdict.at))
            session.add(AuditRow(at=decision.decided_at, tenant=tenant, actor=decision.actor,
                                 action=decision.action.value, detail=detail[:4000],
                                 subject=f"{CLAIM_ACTIONS_PREFIX}{claim_id}|{decision.discrepancy_key}"))
            claim.updated_at = decision.decided_at
            session.commit()

    def save_upload(self, tenant: str, claim_id: str, name: str, data: bytes, actor: str) -> None:
        key = f"{tenant}/{claim_id}/{name}"
        info = self.ctx.bucket.put(key, data)
        accept_object(self.ctx, self.actors, ObjectEvent(key=key, etag=info.etag, size=info.size), actor)

    def request_evaluation(self, tenant: str, claim_id: str, actor: str) -> None:
        with self.ctx.session() as session:
            claim = _require_claim(session, tenant, claim_id)
            due = repo.request_evaluation(session, claim.id, 0.0)
            repo.audit(session, actor, "reevaluate", f"{CLAIM_ACTIONS_PREFIX}{claim_id}|", "evaluation requested",
                       tenant=tenant)
            session.commit()
            claim_pk = claim.id
        self.actors.schedule_evaluation(claim_pk, due)

    def add_callback(self, registration: CallbackRegistration) -> None:
        with self.ctx.session() as session:
            tenant = repo.get_or_create_tenant(session, registration.tenant)
            session.add(CallbackRow(id=registration.id, tenant_id=tenant.id, url=registration.url,
                                    secret=registration.secret, created_by=registration.created_by,
                                    created_at=registration.created_at))
            session.commit()

    def callbacks(self, tenant: str) -> tuple[CallbackRegistration, ...]:
        with self.ctx.session() as session:
            found = repo.find_tenant(session, tenant)
            if found is None:
                return ()
            rows = session.scalars(select(CallbackRow).where(CallbackRow.tenant_id == found.id)
                                   .order_by(CallbackRow.created_at, CallbackRow.id))
            return tuple(CallbackRegistration(r.id, tenant, r.url, r.secret, aware(r.created_at),  # type: ignore[arg-type]
                                              r.created_by) for r in rows)

    def remove_callback(self, tenant: str, callback_id: str) -> bool:
        with self.ctx.session() as session:
            found = repo.find_tenant(session, tenant)
            row = session.get(CallbackRow, callback_id)
            if found is None or row is None or row.tenant_id != found.id:
                return False
            session.delete(row)
            session.commit()
            return True


def claim_decisions(session: Session, claim_pk: int) -> tuple[Decision, ...]:
    """Every decision on a claim, oldest first (the latest per key is in force)."""
    rows = session.scalars(select(DecisionRow).where(DecisionRow.claim_id == claim_pk)
                           .order_by(DecisionRow.decided_at, DecisionRow.id))
    return tuple(Decision(r.discrepancy_key, DecisionAction(r.action), r.comment, r.actor,
                          aware(r.decided_at)) for r in rows)  # type: ignore[arg-type]


def _claim(session: Session, tenant: str, claim_id: str) -> Claim | None:
    found = repo.find_tenant(session, tenant)
    return repo.find_claim(session, found.id, claim_id) if found is not None else None


def _require_claim(session: Session, tenant: str, claim_id: str) -> Claim:
    claim = _claim(session, tenant, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id!r}")
    return claim


def _summary(session: Session, claim: Claim, verdict: VerdictRow | None) -> ClaimSummary:
    total, pending = _document_counts(session, claim.id)
    processing = pending > 0 or verdict is None or claim.eval_due_at is not None
    counts = SeverityCounts(**repo.severity_counts(session, claim.id, verdict))
    waived_now = repo.waived_keys(session, claim.id)
    waived = sum(1 for d in (verdict.report.get("discrepancies", []) if verdict is not None and waived_now else [])
                 if repo.stored_discrepancy_key(d) in waived_now)
    times = [aware(claim.updated_at), aware(verdict.created_at) if verdict is not None else None]
    updated = max(t for t in times if t is not None)
    return ClaimSummary(claim.name, "processing" if processing else verdict.status,  # type: ignore[union-attr]
                        verdict.score if verdict is not None else None, counts, total, pending,
                        aware(claim.created_at), updated, waived)  # type: ignore[arg-type]


def _document_counts(session: Session, claim_pk: int) -> tuple[int, int]:
    states = session.execute(select(Document.state, func.count()).where(
        Document.claim_id == claim_pk, Document.current.is_(True)).group_by(Document.state)).all()
    total = sum(n for _, n in states)
    return total, sum(n for state, n in states if state not in FINAL_STATES)


def _audit_entry(row: AuditRow) -> AuditEntry:
    key = row.subject.split("|", 1)[1] or None if row.subject.startswith(CLAIM_ACTIONS_PREFIX) else None
    return AuditEntry(aware(row.at), row.actor, row.action, row.detail, key)  # type: ignore[arg-type]


def resolve_key_with(ctx: ServiceContext):  # type: ignore[no-untyped-def]
    """A KeyResolver over the service's hashed API keys."""

    def resolve(presented: str) -> Actor | None:
        with ctx.session() as session:
            identity = authenticate(session, presented)
        if identity is None:
            return None
        return Actor(identity.tenant, identity.role, f"api-key:{identity.key_id}")

    return resolve


def context_from_app(request: Request) -> ReviewContext:
    """The review context of an app built by `claimready.api.app.create_app` (service mode)."""
    ctx: ServiceContext = request.app.state.ctx
    return ReviewContext(SqlStore(ctx, request.app.state.actors), resolve_key_with(ctx), ctx.settings)

