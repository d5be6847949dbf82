"""One bucket event in, work out: record the object (deduplicated by the database) and enqueue
it, or take a deleted object out of its claim; either way the claim is re-evaluated.

Shared by the event webhooks and the reconciler, so an object is handled the same way whether
its event arrived or the reconciler found it (or found it gone)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from claimready.errors import NotFound
from claimready.intake.events import BucketEvent, ClaimKey, ObjectEvent, ObjectRemoved, parse_claim_key
from claimready.storage import repo
from claimready.storage.db import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimready.storage.db import Claim, Document
    from claimready.workers.actors import Actors
    from claimready.workers.context import ServiceContext

log = logging.getLogger(__name__)
DELETED_REASON = "the file was deleted from the bucket"


class Outcome(StrEnum):
    QUEUED = "queued"  # a new document (or one uploaded again after leaving), sent to a worker
    MANIFEST = "manifest"  # a new or replaced claim.json: the claim is re-evaluated
    REMOVED = "removed"  # a deleted object left its claim (document retired, or manifest gone): re-evaluated
    KNOWN = "known"  # nothing to do: this version is recorded, or the deleted object is not held / is back
    IGNORED = "ignored"  # not a claim file (folder marker, other layout)


@dataclass(frozen=True, slots=True)
class Accepted:
    outcome: Outcome
    document_id: int | None = None
    claim_id: int | None = None


def accept_event(ctx: "ServiceContext", actors: "Actors", event: BucketEvent, actor: str) -> Accepted:
    """An object created or deleted. Raises InputError for escaping keys."""
    if isinstance(event, ObjectRemoved):
        return accept_removal(ctx, actors, event, actor)
    return accept_object(ctx, actors, event, actor)


def accept_object(ctx: "ServiceContext", actors: "Actors", event: ObjectEvent, actor: str) -> Accepted:
    """Record one object version and enqueue its work. Raises InputError for escaping keys."""
    key = parse_claim_key(event.key)
    if key is None:
        return Accepted(Outcome.IGNORED)
    with ctx.session() as session:
        tenant = repo.get_or_create_tenant(session, key.tenant)
        claim = repo.get_or_create_claim(session, tenant, key.claim)
        if key.is_manifest:
            if not repo.record_manifest(session, claim, key.key, event.etag):
                session.commit()
                return Accepted(Outcome.KNOWN, claim_id=claim.id)
            due = repo.request_evaluation(session, claim.id, ctx.settings.evaluate_debounce_s)
            repo.audit(session, actor, "manifest_received", key.key, event.etag, tenant=key.tenant)
            session.commit()
            actors.schedule_evaluation(claim.id, due)
            return Accepted(Outcome.MANIFEST, claim_id=claim.id)
        doc, detail = repo.register_document(session, claim, key.key, key.name, event.etag, event.size), event.etag
        if doc is None:
            doc, detail = _revive_if_back_in_bucket(ctx, session, claim, key, event), f"{event.etag} (uploaded again)"
        if doc is None:
            session.commit()
            return Accepted(Outcome.KNOWN, claim_id=claim.id)
        repo.audit(session, actor, "document_received", key.key, detail, tenant=key.tenant)
        session.commit()
        doc_id, claim_id = doc.id, claim.id
    actors.enqueue_document(doc_id)
    return Accepted(Outcome.QUEUED, document_id=doc_id, claim_id=claim_id)


def _revive_if_back_in_bucket(ctx: "ServiceContext", session: "Session", claim: "Claim", key: ClaimKey,
                              event: ObjectEvent) -> "Document | None":
    """A version already recorded that left the claim (deleted, or replaced by another version)
    and is uploaded again: processed again as new, once the bucket confirms it holds this very
    version (a late re-delivered event of an old version must not displace the current one)."""
    known = repo.find_version(session, claim.id, key.key, event.etag)
    if known is None or known.current or _bucket_version(ctx, key.key) != event.etag:
        return None
    return repo.revive_document(session, known, event.size)


def accept_removal(ctx: "ServiceContext", actors: "Actors", event: ObjectRemoved, actor: str) -> Accepted:
    """A deleted object leaves its claim: its document is retired (the row stays, `failed` with
    the reason, audited `object_deleted`), a deleted claim.json leaves the claim without a
    manifest (`manifest_deleted`); the claim is re-evaluated without it. Idempotent, and a key
    that is in the bucket again (uploaded before this event arrived) is left alone.
    Raises InputError for escaping keys."""
    key = parse_claim_key(event.key)
    if key is None:
        return Accepted(Outcome.IGNORED)
    checked_at = utcnow()
    if _bucket_version(ctx, key.key) is not None:
        return Accepted(Outcome.KNOWN)
    with ctx.session() as session:
        tenant = repo.find_tenant(session, key.tenant)
        claim = repo.find_claim(session, tenant.id, key.claim) if tenant is not None else None
        if claim is None or not _take_out_of_claim(session, claim, key, checked_at, actor):
            return Accepted(Outcome.KNOWN, claim_id=claim.id if claim is not None else None)
        due = repo.request_evaluation(session, claim.id, ctx.settings.evaluate_debounce_s)
        session.commit()
        claim_id = claim.id
    actors.schedule_evaluation(claim_id, due)
    return Accepted(Outcome.REMOVED, claim_id=claim_id)


def _take_out_of_claim(session: "Session", claim: "Claim", key: ClaimKey, checked_at: datetime, actor: str) -> bool:
    """Retire what the claim holds under `key` and audit it; False if it held nothing current."""
    if key.is_manifest:
        if not repo.clear_manifest(session, claim, key.key):
            return False
        repo.audit(session, actor, "manifest_deleted", key.key, "the claim has no claim.json now", tenant=key.tenant)
        return True
    retired = repo.retire_object(session, claim.id, key.key, DELETED_REASON, checked_at)
    for doc in retired:
        repo.audit(session, actor, "object_deleted", key.key, f"{doc.etag}: {DELETED_REASON}", tenant=key.tenant)
    return bool(retired)


def _bucket_version(ctx: "ServiceContext", key: str) -> str | None:
    """The ETag of the object now under `key`; None if there is none. S3 being down raises
    StorageUnavailable (the sender retries the event; the reconciler catches up)."""
    try:
        return ctx.bucket.stat(key).etag
    except NotFound:
        return None


def record_rejected(ctx: "ServiceContext", key: str, reason: str, actor: str) -> None:
    """A key refused at intake (escaping its prefix, control characters) still gets a recorded end
    state: one audit entry per key, however often events or reconciler passes bring it again."""
    subject = ascii(key)[1:-1][:1000]  # escaped: the raw key may hold control characters
    with ctx.session() as session:
        if not repo.has_audit(session, "object_rejected", subject):
            repo.audit(session, actor, "object_rejected", subject, reason)
            session.commit()
    log.warning("%s: object %s rejected: %s", actor, subject, reason)
