"""The reconciler: nothing is lost even if a bucket event is.

Each pass lists the bucket and accepts every object version its claim does not hold (exactly as
if its event had arrived), takes out of their claims the objects no longer in the bucket (as if
their delete event had arrived), re-enqueues documents whose message may be lost (processing
past their lease, received long ago) and claims whose evaluation is overdue."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from claimready.errors import ClaimReadyError, InputError
from claimready.intake.dispatch import Outcome, accept_object, accept_removal, record_rejected
from claimready.intake.events import ObjectEvent, ObjectRemoved
from claimready.storage import repo
from claimready.workers.actors import Actors
from claimready.workers.context import ServiceContext

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    listed: int
    queued: int
    manifests: int
    requeued: int
    evaluations: int
    rejected: int
    removed: int


def reconcile_once(ctx: ServiceContext, actors: Actors) -> ReconcileResult:
    with ctx.session() as session:
        known = repo.known_current_versions(session)
    listed = queued = manifests = rejected = 0
    present: set[str] = set()
    for obj in ctx.bucket.list():
        listed += 1
        present.add(obj.key)
        if (obj.key, obj.etag) in known:
            continue
        try:
            outcome = accept_object(ctx, actors, ObjectEvent(obj.key, obj.etag, obj.size), "reconciler").outcome
        except InputError as exc:
            rejected += 1
            record_rejected(ctx, obj.key, exc.reason, "reconciler")
            continue
        queued += outcome == Outcome.QUEUED
        manifests += outcome == Outcome.MANIFEST
    removed = _remove_deleted_objects(ctx, actors, present)
    requeued = _requeue_stuck_documents(ctx, actors)
    evaluations = _requeue_overdue_evaluations(ctx, actors)
    return ReconcileResult(listed, queued, manifests, requeued, evaluations, rejected, removed)


def _remove_deleted_objects(ctx: ServiceContext, actors: Actors, listed_keys: set[str]) -> int:
    """Keys the claims hold that the listing did not show: each is checked again in the bucket
    (it may have been uploaded since the listing) and, if gone, leaves its claim."""
    with ctx.session() as session:
        held = repo.current_object_keys(session)
    removed = 0
    for key in sorted(held - listed_keys):
        try:
            removed += accept_removal(ctx, actors, ObjectRemoved(key), "reconciler").outcome == Outcome.REMOVED
        except InputError as exc:  # recorded keys passed the same check at intake: only if the rules changed
            log.warning("reconcile: held key %r refused: %s", key, exc.reason)
    return removed


def _requeue_stuck_documents(ctx: ServiceContext, actors: Actors) -> int:
    with ctx.session() as session:
        ids = [d.id for d in repo.stuck_documents(session, ctx.settings.received_stale_s)]
        repo.touch_documents(session, ids)
        session.commit()
    for doc_id in ids:
        actors.enqueue_document(doc_id)
    return len(ids)


def _requeue_overdue_evaluations(ctx: ServiceContext, actors: Actors) -> int:
    grace = max(ctx.settings.evaluate_debounce_s, ctx.settings.reconcile_interval_s)
    with ctx.session() as session:
        ids = [c.id for c in repo.overdue_evaluations(session, grace)]
    for claim_id in ids:
        actors.enqueue_evaluation(claim_id)
    return len(ids)


def reconcile_forever(ctx: ServiceContext, actors: Actors, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            result = reconcile_once(ctx, actors)
            log.info("reconcile: %s", result)
        except ClaimReadyError as exc:  # S3 or database down: try again next round
            log.warning("reconcile failed, retrying in %.0fs: %s", ctx.settings.reconcile_interval_s, exc.reason)
        stop.wait(ctx.settings.reconcile_interval_s)
