"""The work behind the actors, as plain functions: process one document, evaluate one claim.

Both are idempotent: a message delivered twice (a worker killed mid-job, a reconciler re-enqueue)
finds the document finished, or redoes it with the same result.
"""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import update

from claimready.errors import InvalidManifest, NotFound, TransientError
from claimready.intake.folder import identify_file
from claimready.manifest import Manifest, parse_manifest
from claimready.models import ClaimReport, ExtractedDocument, FileKind, SourceFile
from claimready.pipeline import evaluate_claim, extract_document, unreadable_document
from claimready.report import ReportOut, report_out
from claimready.review.callback_delivery import StatusChange
from claimready.storage import repo
from claimready.storage.db import DOC_DONE, DOC_FAILED, Claim, Document, Tenant, aware, utcnow
from claimready.storage.serialize import document_from_json, document_to_json
from claimready.validators import verdict as verdict_rules

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimready.workers.actors import Actors
    from claimready.workers.context import ServiceContext

log = logging.getLogger(__name__)
EVALUATION_LEASE_S = 300.0  # an evaluation taken by a worker that died is redone after this


# --- process_document ----------------------------------------------------------------------
def process_document(ctx: ServiceContext, actors: Actors, doc_id: int) -> None:
    """Fetch, hash, extract and store one document, then ask for the claim's evaluation."""
    with ctx.session() as session:
        doc = repo.start_processing(session, doc_id, ctx.settings.processing_lease_s)
        session.commit()
    if doc is None:
        return  # finished already or superseded: a redelivered message
    if ctx.settings.process_delay_s:
        time.sleep(ctx.settings.process_delay_s)
    with tempfile.TemporaryDirectory(prefix="claimready-") as tmp:
        path = _fetch(ctx, actors, doc, Path(tmp))
        if path is None:
            return
        file = identify_file(path, name=doc.name)
        if _is_duplicate(ctx, actors, doc, file.sha256):
            return
        extracted = extract_document(file, ctx.settings, ctx.rules)
    with ctx.session() as session:
        repo.save_extraction(session, doc.id, extracted.doc_type.value, document_to_json(extracted))
        due = repo.request_evaluation(session, doc.claim_id, ctx.settings.evaluate_debounce_s)
        session.commit()
    actors.schedule_evaluation(doc.claim_id, due)


def _fetch(ctx: ServiceContext, actors: Actors, doc: Document, tmp: Path) -> Path | None:
    try:
        return ctx.bucket.get(doc.object_key, tmp)
    except NotFound:
        _retire_document(ctx, actors, doc.id, "the file is not in the bucket (deleted, or a forged event)")
        return None
    except TransientError as exc:
        with ctx.session() as session:
            repo.note_attempt_error(session, doc.id, exc.reason)
            session.commit()
        raise


def _is_duplicate(ctx: ServiceContext, actors: Actors, doc: Document, sha256: str) -> bool:
    """Same content already in this claim: reuse its extraction instead of reading it again."""
    with ctx.session() as session:
        original = repo.set_content_hash(session, doc, sha256)
        if original is None:
            session.commit()
            return False
        repo.mark_duplicate(session, doc, original)
        repo.audit(session, "worker", "duplicate_content", doc.object_key, f"same content as {original.object_key}")
        due = repo.request_evaluation(session, doc.claim_id, ctx.settings.evaluate_debounce_s)
        session.commit()
    actors.schedule_evaluation(doc.claim_id, due)
    return True


def fail_document(ctx: ServiceContext, actors: Actors | None, doc_id: int, reason: str) -> None:
    """A document that cannot be processed: `failed` with its reason; the claim is re-evaluated."""
    with ctx.session() as session:
        doc = repo.mark_failed(session, doc_id, reason)
        if doc is None:
            return
        repo.audit(session, "worker", "document_failed", doc.object_key, reason)
        due = repo.request_evaluation(session, doc.claim_id, ctx.settings.evaluate_debounce_s)
        session.commit()
        claim_id = doc.claim_id
    if actors is not None:
        actors.schedule_evaluation(claim_id, due)


def _retire_document(ctx: ServiceContext, actors: Actors, doc_id: int, reason: str) -> None:
    with ctx.session() as session:
        doc = repo.retire_document(session, doc_id, reason)
        if doc is None:
            return
        repo.audit(session, "worker", "document_missing", doc.object_key, reason,
                   tenant=repo.claim_tenant_name(session, doc.claim_id))
        due = repo.request_evaluation(session, doc.claim_id, ctx.settings.evaluate_debounce_s)
        session.commit()
        claim_id = doc.claim_id
    actors.schedule_evaluation(claim_id, due)


# --- evaluate_claim ------------------------------------------------------------------------
def evaluate_claim_task(ctx: ServiceContext, actors: Actors, claim_id: int, due_ts: float | None = None) -> bool:
    """Evaluate a claim whose evaluation is due and whose documents are all finished.

    Debounce: every finished document pushes the claim's due time back and sends a delayed
    message carrying that time; only the latest message (or the reconciler's, `due_ts` None)
    does the work, once nothing is pending. Returns True when a verdict was stored."""
    with ctx.session() as session:
        claim = session.get(Claim, claim_id)
        due = aware(claim.eval_due_at) if claim is not None else None
        if claim is None or due is None or repo.pending_count(session, claim_id):
            return False  # nothing due, or finishing documents will ask again
        if due_ts is not None and due.timestamp() > due_ts + 0.001:
            return False  # pushed back since this message was sent: a later message will come
        if due > utcnow():  # delivered early (clocks differ): look again when due
            actors.schedule_evaluation(claim_id, due)
            return False
        if not _take_evaluation(session, claim):
            return False
        seq = claim.eval_seq
        tenant = session.get(Tenant, claim.tenant_id).name  # type: ignore[union-attr]
        documents = _rebuild_documents(session, claim_id)
        manifest_key, claim_name = claim.manifest_key, claim.name
    manifest, manifest_error = _read_manifest(ctx, manifest_key)
    report = evaluate_claim(manifest.claim_id or claim_name, tenant, manifest, documents, ctx.settings,
                            manifest_error)
    with ctx.session() as session:
        out = _with_decisions(session, claim_id, report)
        before = repo.latest_verdict(session, claim_id)
        previous = before.status if before is not None else None
        repo.save_verdict(session, claim_id, seq, out.status, out.score, out.model_dump(mode="json"))
        repo.audit(session, "worker", "claim_evaluated", f"{tenant}/{claim_name}", f"{out.status} {out.score}",
                   tenant=tenant)
        session.commit()
    if previous != out.status:
        _notify_portals(ctx, actors, StatusChange(tenant, claim_name, previous, out.status, out.score, utcnow()))
    return True


def _with_decisions(session: Session, claim_id: int, report: ClaimReport) -> ReportOut:
    """The report with adjusters' waivers applied: a re-evaluation keeps a waived discrepancy
    waived as long as it is the same discrepancy (same key), and counts a new one."""
    from claimready.review.service import waived_keys
    from claimready.review.sql_store import claim_decisions

    waived = waived_keys(claim_decisions(session, claim_id))
    verdict = verdict_rules.decide(report.verdict.discrepancies, waived=waived)
    out = report_out(report)
    return out.model_copy(update={"status": verdict.status.value, "score": verdict.score})


def _notify_portals(ctx: ServiceContext, actors: Actors, change: StatusChange) -> None:
    """Signed POSTs to the tenant's registered callback URLs (each retried with backoff)."""
    from claimready.review.notify import notify_status_change
    from claimready.review.sql_store import SqlStore

    try:
        notify_status_change(SqlStore(ctx, actors), change)
    except Exception:  # a portal's callback never fails the evaluation that was stored
        log.exception("status-change callbacks for %s/%s", change.tenant, change.claim_id)


def _take_evaluation(session: Session, claim: Claim) -> bool:
    """Only one worker evaluates a due claim: move its due time one lease ahead, atomically.
    If that worker dies, the reconciler finds the claim overdue and enqueues it again."""
    lease_until = utcnow() + timedelta(seconds=EVALUATION_LEASE_S)
    result = session.execute(update(Claim).where(Claim.id == claim.id, Claim.eval_seq == claim.eval_seq,
                                                 Claim.eval_due_at == claim.eval_due_at)
                             .values(eval_due_at=lease_until))
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _rebuild_documents(session: Session, claim_id: int) -> tuple[ExtractedDocument, ...]:
    documents = []
    for doc in repo.current_documents(session, claim_id):
        source_id = doc.duplicate_of_id or doc.id
        source = session.get(Document, source_id)
        extraction = repo.extraction_of(session, source_id)
        if doc.state == DOC_DONE and extraction is not None:
            documents.append(document_from_json(extraction.payload, name=doc.name, path=doc.object_key))
        elif doc.state == DOC_FAILED or (source is not None and source.state == DOC_FAILED):
            reason = doc.reason or (source.reason if source else None) or "could not be processed"
            documents.append(unreadable_document(_source_file(doc), reason))
    return tuple(documents)


def _source_file(doc: Document) -> SourceFile:
    return SourceFile(name=doc.name, path=doc.object_key, sha256=doc.sha256 or "", size=doc.size,
                      kind=FileKind.UNKNOWN)


def _read_manifest(ctx: ServiceContext, key: str | None) -> tuple[Manifest, str | None]:
    if key is None:
        return Manifest(), None
    limit = ctx.settings.max_manifest_bytes
    with tempfile.TemporaryDirectory(prefix="claimready-") as tmp:
        try:
            size = ctx.bucket.stat(key).size
            if size > limit:  # refused from its size, never downloaded
                return Manifest(), f"claim.json is {size} bytes, more than the {limit} allowed"
            path = ctx.bucket.get(key, Path(tmp))
        except NotFound:
            return Manifest(), None  # deleted since: evaluate with defaults
        data = path.read_bytes()
    try:
        return parse_manifest(data, ctx.settings.max_manifest_bytes), None
    except InvalidManifest as exc:
        return Manifest(), exc.reason
