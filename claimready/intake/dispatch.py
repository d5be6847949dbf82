"""One bucket object in, work out: record it (deduplicated by the database) and enqueue it.

Shared by the event webhooks and the reconciler, so an object is handled the same way whether
its event arrived or the reconciler found it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from claimready.intake.events import ObjectEvent, parse_claim_key
from claimready.storage import repo

if TYPE_CHECKING:
    from claimready.workers.actors import Actors
    from claimready.workers.context import ServiceContext

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    QUEUED = "queued"  # a new document, sent to a worker
    MANIFEST = "manifest"  # a new or replaced claim.json: the claim is re-evaluated
    KNOWN = "known"  # this object version is already recorded (re-delivered event)
    IGNORED = "ignored"  # not a claim file (folder marker, other layout)


@dataclass(frozen=True, slots=True)
class Accepted:
    outcome: Outcome
    document_id: int | None = None
    claim_id: int | None = None


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
        doc = repo.register_document(session, claim, key.key, key.name, event.etag, event.size)
        if doc is None:
            session.commit()
            return Accepted(Outcome.KNOWN, claim_id=claim.id)
        repo.audit(session, actor, "document_received", key.key, event.etag, tenant=key.tenant)
        session.commit()
        doc_id, claim_id = doc.id, claim.id
    actors.enqueue_document(doc_id)
    return Accepted(Outcome.QUEUED, document_id=doc_id, claim_id=claim_id)


def record_rejected(ctx: "ServiceContext", key: str, reason: str, actor: str) -> None:
    """A key refused at intake (escaping its prefix, control characters) still gets a recorded end
    state: one audit entry per key, however often events or reconciler passes bring it again."""
    subject = ascii(key)[1:-1][:1000]  # escaped: the raw key may hold control characters
    with ctx.session() as session:
        if not repo.has_audit(session, "object_rejected", subject):
            repo.audit(session, actor, "object_rejected", subject, reason)
            session.commit()
    log.warning("%s: object %s rejected: %s", actor, subject, reason)
