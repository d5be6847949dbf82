"""Database operations of service mode, one short function per step of a document's life.

Every function takes an open Session and leaves committing to its caller, except where it says
otherwise (the ones that rely on a unique constraint commit a savepoint themselves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claimready.models import Discrepancy, Severity
from claimready.storage.db import (DOC_DONE, DOC_FAILED, DOC_PROCESSING, DOC_RECEIVED, FINAL_STATES, AuditEntry,
                                   Claim, Document, Extraction, Tenant, VerdictRow, aware, utcnow)
from claimready.storage.review_tables import DecisionRow
from claimready.validators.verdict import discrepancy_key


# --- tenants and claims ------------------------------------------------------------------
def get_or_create_tenant(session: Session, name: str) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is not None:
        return tenant
    try:
        with session.begin_nested():
            tenant = Tenant(name=name)
            session.add(tenant)
        return tenant
    except IntegrityError:  # created concurrently
        return session.scalars(select(Tenant).where(Tenant.name == name)).one()


def find_tenant(session: Session, name: str) -> Tenant | None:
    return session.scalar(select(Tenant).where(Tenant.name == name))


def get_or_create_claim(session: Session, tenant: Tenant, name: str) -> Claim:
    claim = find_claim(session, tenant.id, name)
    if claim is not None:
        return claim
    try:
        with session.begin_nested():
            claim = Claim(tenant_id=tenant.id, name=name)
            session.add(claim)
        return claim
    except IntegrityError:
        return session.scalars(select(Claim).where(Claim.tenant_id == tenant.id, Claim.name == name)).one()


def claim_tenant_name(session: Session, claim_id: int) -> str | None:
    return session.scalar(select(Tenant.name).join(Claim, Claim.tenant_id == Tenant.id).where(Claim.id == claim_id))


def find_claim(session: Session, tenant_id: int, name: str) -> Claim | None:
    return session.scalar(select(Claim).where(Claim.tenant_id == tenant_id, Claim.name == name))


# --- intake --------------------------------------------------------------------------------
def register_document(session: Session, claim: Claim, key: str, name: str, etag: str, size: int) -> Document | None:
    """Record one object version as `received`; None if this version is already known.

    The unique (claim, key, etag) constraint makes a re-delivered event a no-op even when two
    API replicas receive it at once. Older versions of the same key stop being current."""
    try:
        with session.begin_nested():
            doc = Document(claim_id=claim.id, object_key=key, name=name, etag=etag, size=size, state=DOC_RECEIVED)
            session.add(doc)
    except IntegrityError:
        return None
    supersede_older_versions(session, doc)
    return doc


def supersede_older_versions(session: Session, doc: Document) -> None:
    """A replaced object: its earlier versions leave the claim (their hash is freed for reuse)."""
    session.execute(update(Document)
                    .where(Document.claim_id == doc.claim_id, Document.object_key == doc.object_key,
                           Document.id != doc.id, Document.current.is_(True))
                    .values(current=False, sha256=None, updated_at=utcnow()))


def record_manifest(session: Session, claim: Claim, key: str, etag: str) -> bool:
    """A new or replaced claim.json; True if it differs from the one known."""
    if claim.manifest_key == key and claim.manifest_etag == etag:
        return False
    claim.manifest_key, claim.manifest_etag, claim.updated_at = key, etag, utcnow()
    return True


# --- deletions and returns ----------------------------------------------------------------
def retire_object(session: Session, claim_id: int, key: str, reason: str,
                  received_before: datetime) -> list[Document]:
    """A deleted object: its current document leaves the claim, `failed` with `reason` (the row
    stays). Only documents received before `received_before` (when the deletion was checked),
    so a version uploaded again meanwhile stays. An empty list: nothing current held this key."""
    ids = list(session.scalars(select(Document.id).where(
        Document.claim_id == claim_id, Document.object_key == key, Document.current.is_(True),
        Document.received_at < received_before)))
    return [doc for doc in (retire_document(session, doc_id, reason) for doc_id in ids) if doc is not None]


def clear_manifest(session: Session, claim: Claim, key: str) -> bool:
    """A deleted claim.json: the claim has no manifest any more; False if it had none under `key`."""
    if claim.manifest_key != key:
        return False
    claim.manifest_key, claim.manifest_etag, claim.updated_at = None, None, utcnow()
    return True


def find_version(session: Session, claim_id: int, key: str, etag: str) -> Document | None:
    return session.scalar(select(Document).where(Document.claim_id == claim_id, Document.object_key == key,
                                                 Document.etag == etag))


def revive_document(session: Session, doc: Document, size: int) -> Document:
    """An object version that left the claim (deleted, or replaced) is in the bucket again: its
    row becomes current and `received`, to be processed as new; other versions of the key leave."""
    now = utcnow()
    session.execute(update(Document).where(Document.id == doc.id)
                    .values(current=True, state=DOC_RECEIVED, reason=None, size=size, sha256=None,
                            duplicate_of_id=None, attempts=0, lease_until=None, started_at=None, finished_at=None,
                            received_at=now, updated_at=now))
    session.refresh(doc)
    supersede_older_versions(session, doc)
    return doc


def current_object_keys(session: Session) -> set[str]:
    """Keys the claims still hold: current documents and manifests (the reconciler checks them)."""
    docs = session.scalars(select(Document.object_key).where(Document.current.is_(True)).distinct()).all()
    manifests = session.scalars(select(Claim.manifest_key).where(Claim.manifest_key.is_not(None))).all()
    return set(docs) | {k for k in manifests if k}


def known_current_versions(session: Session) -> set[tuple[str, str]]:
    """(object key, etag) of every current document and manifest: a version that left its claim
    (deleted, replaced) and is in the bucket again is not known, so the reconciler brings it back."""
    docs = session.execute(select(Document.object_key, Document.etag).where(Document.current.is_(True))).all()
    manifests = session.execute(select(Claim.manifest_key, Claim.manifest_etag)
                                .where(Claim.manifest_key.is_not(None))).all()
    return {(k, e) for k, e in docs} | {(k, e) for k, e in manifests if k and e}


# --- processing ----------------------------------------------------------------------------
def start_processing(session: Session, doc_id: int, lease_s: float) -> Document | None:
    """Take a document for processing; None if it is finished (a redelivered message)."""
    now = utcnow()
    return session.scalars(update(Document)
                           .where(Document.id == doc_id, Document.state.in_((DOC_RECEIVED, DOC_PROCESSING)),
                                  Document.current.is_(True))
                           .values(state=DOC_PROCESSING, attempts=Document.attempts + 1, started_at=now,
                                   lease_until=now + timedelta(seconds=lease_s), updated_at=now)
                           .returning(Document), execution_options={"populate_existing": True}).one_or_none()


def set_content_hash(session: Session, doc: Document, sha256: str) -> Document | None:
    """Store the content hash and commit; if the claim already holds this content, return that
    document (this one then becomes its duplicate and is not processed again)."""
    try:
        session.execute(update(Document).where(Document.id == doc.id).values(sha256=sha256))
        session.commit()
        return None
    except IntegrityError:
        session.rollback()
        return session.scalars(select(Document).where(Document.claim_id == doc.claim_id,
                                                      Document.sha256 == sha256)).one()


def mark_duplicate(session: Session, doc: Document, original: Document) -> None:
    now = utcnow()
    session.execute(update(Document).where(Document.id == doc.id)
                    .values(duplicate_of_id=original.id, state=DOC_DONE, finished_at=now, lease_until=None,
                            updated_at=now))


def save_extraction(session: Session, doc_id: int, doc_type: str, payload: dict) -> None:  # type: ignore[type-arg]
    existing = session.get(Extraction, doc_id)
    if existing is None:
        session.add(Extraction(document_id=doc_id, doc_type=doc_type, payload=payload))
    else:
        existing.doc_type, existing.payload = doc_type, payload
    now = utcnow()
    # a document retired while it was being read (its object deleted) keeps its end state and reason
    still_wanted = or_(Document.current.is_(True), Document.state != DOC_FAILED)
    session.execute(update(Document).where(Document.id == doc_id, still_wanted)
                    .values(state=DOC_DONE, reason=None, finished_at=now, lease_until=None, updated_at=now))


def note_attempt_error(session: Session, doc_id: int, reason: str) -> None:
    session.execute(update(Document).where(Document.id == doc_id).values(reason=reason, updated_at=utcnow()))


def retire_document(session: Session, doc_id: int, reason: str) -> Document | None:
    """The object is gone from the bucket (deleted, or a forged event): it leaves the claim."""
    now = utcnow()
    session.execute(update(Document).where(Document.id == doc_id)
                    .values(current=False, sha256=None, state=DOC_FAILED, reason=reason, finished_at=now,
                            lease_until=None, updated_at=now))
    return session.get(Document, doc_id, populate_existing=True)


def mark_failed(session: Session, doc_id: int, reason: str) -> Document | None:
    now = utcnow()
    session.execute(update(Document).where(Document.id == doc_id, Document.state != DOC_DONE)
                    .values(state=DOC_FAILED, reason=reason[:2000], finished_at=now, lease_until=None,
                            updated_at=now))
    return session.get(Document, doc_id, populate_existing=True)


# --- evaluation scheduling (debounce) -------------------------------------------------------
def request_evaluation(session: Session, claim_id: int, delay_s: float) -> datetime:
    """Move the claim's evaluation to `delay_s` from now; returns the new due time."""
    due = utcnow() + timedelta(seconds=delay_s)
    session.execute(update(Claim).where(Claim.id == claim_id)
                    .values(eval_seq=Claim.eval_seq + 1, eval_due_at=due, updated_at=utcnow()))
    return due


def pending_count(session: Session, claim_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Document)
                          .where(Document.claim_id == claim_id, Document.current.is_(True),
                                 Document.state.not_in(FINAL_STATES))) or 0


def current_documents(session: Session, claim_id: int) -> list[Document]:
    return list(session.scalars(select(Document).where(Document.claim_id == claim_id, Document.current.is_(True))
                                .order_by(Document.name, Document.id)))


def extraction_of(session: Session, doc_id: int) -> Extraction | None:
    return session.get(Extraction, doc_id)


def save_verdict(session: Session, claim_id: int, seen_seq: int, status: str, score: int,
                 report: dict) -> VerdictRow:  # type: ignore[type-arg]
    """Store the verdict; the claim is no longer due unless it changed while we evaluated."""
    row = VerdictRow(claim_id=claim_id, eval_seq=seen_seq, status=status, score=score, report=report)
    session.add(row)
    session.execute(update(Claim).where(Claim.id == claim_id, Claim.eval_seq == seen_seq)
                    .values(eval_due_at=None, updated_at=utcnow()))
    return row


def latest_verdict(session: Session, claim_id: int) -> VerdictRow | None:
    return session.scalar(select(VerdictRow).where(VerdictRow.claim_id == claim_id)
                          .order_by(VerdictRow.eval_seq.desc(), VerdictRow.id.desc()).limit(1))


# --- recovery (reconciler) -------------------------------------------------------------------
def stuck_documents(session: Session, received_stale_s: float) -> list[Document]:
    """Documents whose message may be lost: processing past their lease, or left `received` with
    no change for `received_stale_s` (a long backlog is re-enqueued at most once per period)."""
    now = utcnow()
    return list(session.scalars(select(Document).where(Document.current.is_(True)).where(
        ((Document.state == DOC_PROCESSING) & (Document.lease_until < now))
        | ((Document.state == DOC_RECEIVED) & (Document.updated_at < now - timedelta(seconds=received_stale_s)))
    )))


def touch_documents(session: Session, doc_ids: list[int]) -> None:
    if doc_ids:
        session.execute(update(Document).where(Document.id.in_(doc_ids)).values(updated_at=utcnow()))


def overdue_evaluations(session: Session, grace_s: float) -> list[Claim]:
    cutoff = utcnow() - timedelta(seconds=grace_s)
    return list(session.scalars(select(Claim).where(Claim.eval_due_at.is_not(None), Claim.eval_due_at < cutoff)))


# --- audit ---------------------------------------------------------------------------------------
def has_audit(session: Session, action: str, subject: str) -> bool:
    return session.scalar(select(AuditEntry.id).where(AuditEntry.action == action, AuditEntry.subject == subject)
                          .limit(1)) is not None


def audit(session: Session, actor: str, action: str, subject: str = "", detail: str = "",
          tenant: str | None = None) -> None:
    session.add(AuditEntry(actor=actor, action=action, subject=subject, detail=detail[:4000], tenant=tenant))


@dataclass(frozen=True, slots=True)
class Readiness:
    claim_id: str
    status: str
    score: int | None
    discrepancy_counts: dict[str, int]
    documents_total: int
    documents_pending: int
    updated_at: datetime


def readiness(session: Session, tenant_name: str, claim_name: str) -> Readiness | None:
    """SPEC section 6 readiness; None when the tenant has no such claim."""
    tenant = find_tenant(session, tenant_name)
    claim = find_claim(session, tenant.id, claim_name) if tenant else None
    if claim is None:
        return None
    docs = current_documents(session, claim.id)
    pending = sum(1 for d in docs if d.state not in FINAL_STATES)
    verdict = latest_verdict(session, claim.id)
    counts = severity_counts(session, claim.id, verdict)
    processing = pending > 0 or verdict is None or claim.eval_due_at is not None
    times = [aware(claim.updated_at)] + [aware(d.updated_at) for d in docs]
    if verdict is not None:
        times.append(aware(verdict.created_at))
    return Readiness(claim_id=claim_name, status="processing" if processing else verdict.status,  # type: ignore[union-attr]
                     score=verdict.score if verdict else None, discrepancy_counts=counts,
                     documents_total=len(docs), documents_pending=pending,
                     updated_at=max(t for t in times if t is not None))


# --- adjusters' decisions ---------------------------------------------------------------------------
def waived_keys(session: Session, claim_id: int) -> frozenset[str]:
    """Discrepancy keys whose latest decision on this claim is a waiver (a later confirm undoes it)."""
    rows = session.execute(select(DecisionRow.discrepancy_key, DecisionRow.action)
                           .where(DecisionRow.claim_id == claim_id)
                           .order_by(DecisionRow.decided_at, DecisionRow.id)).all()
    latest = {key: action for key, action in rows}
    return frozenset(key for key, action in latest.items() if action == "waive")


def stored_discrepancy_key(stored: dict) -> str:  # type: ignore[type-arg]
    """The validators' key of a discrepancy as stored in a report's JSON."""
    return discrepancy_key(Discrepancy(code=str(stored.get("code", "")), severity=Severity(stored["severity"]),
                                       message="", documents=tuple(stored.get("documents") or ()),
                                       field=stored.get("field"), values=tuple(stored.get("values") or ())))


def severity_counts(session: Session, claim_id: int, verdict: VerdictRow | None) -> dict[str, int]:
    """Discrepancies of the latest verdict by severity, waived ones left out (as the status is)."""
    counts = {"blocking": 0, "major": 0, "minor": 0, "info": 0}
    if verdict is None:
        return counts
    waived = waived_keys(session, claim_id)
    for disc in verdict.report.get("discrepancies", []):
        if disc.get("severity") in counts and not (waived and stored_discrepancy_key(disc) in waived):
            counts[disc["severity"]] += 1
    return counts
