"""The reconciler: objects whose event was lost, documents whose message was lost."""

from __future__ import annotations

from datetime import timedelta

from service_claims import claim_files
from service_fixtures import EmbeddedService
from sqlalchemy import select, update

from claimready.intake.reconcile import reconcile_once
from claimready.storage.db import Document, utcnow


def test_reconcile_enqueues_objects_whose_event_was_dropped(embedded: EmbeddedService) -> None:
    for name, data in claim_files(1).items():
        embedded.ctx.bucket.put(f"acme/CLM-1/{name}", data)  # no event delivered
    first = reconcile_once(embedded.ctx, embedded.actors)
    embedded.drain()
    second = reconcile_once(embedded.ctx, embedded.actors)
    ready = embedded.readiness("acme", "CLM-1")
    assert (first.listed, first.queued, first.manifests) == (5, 4, 1)
    assert (second.queued, second.manifests, second.requeued) == (0, 0, 0)
    assert ready is not None and ready.documents_pending == 0 and ready.status != "processing"


def test_reconcile_counts_escaping_keys_as_rejected(embedded: EmbeddedService) -> None:
    embedded.ctx.bucket.put("acme/CLM-2/%2e%2e%2fx.pdf", b"%PDF-1.4")
    assert reconcile_once(embedded.ctx, embedded.actors).rejected == 1


def test_reconcile_requeues_a_document_stuck_past_its_lease(embedded: EmbeddedService) -> None:
    embedded.stop()
    embedded.upload("acme/CLM-3/a.pdf", claim_files(3)["scan_0001.pdf"])
    embedded.actors.broker.flush_all()  # the message is lost
    with embedded.ctx.session() as session:  # ... while a worker that died held it
        session.execute(update(Document).values(state="processing", lease_until=utcnow() - timedelta(seconds=1)))
        session.commit()
    requeued = reconcile_once(embedded.ctx, embedded.actors).requeued
    embedded.start()
    embedded.drain()
    with embedded.ctx.session() as session:
        doc = session.scalars(select(Document)).one()
    assert requeued == 1 and doc.state == "done"


def test_reconcile_requeues_a_long_received_document_once_per_period(embedded: EmbeddedService) -> None:
    embedded.stop()
    embedded.upload("acme/CLM-4/a.pdf", claim_files(4)["scan_0001.pdf"])
    embedded.actors.broker.flush_all()  # the message is lost
    with embedded.ctx.session() as session:
        session.execute(update(Document).values(updated_at=utcnow() - timedelta(hours=1)))
        session.commit()
    first = reconcile_once(embedded.ctx, embedded.actors).requeued
    second = reconcile_once(embedded.ctx, embedded.actors).requeued
    assert (first, second) == (1, 0)
