"""A deleted bucket object leaves its claim (embedded service: SQLite, folder bucket, StubBroker):
the document row stays, `failed` with its reason and an `object_deleted` audit entry, and the
claim is re-evaluated without it; the same key uploaded again is processed as new. Also the
reconciler, for a delete event that never came."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_claims import claim_files
from service_fixtures import EmbeddedService
from sqlalchemy import func, select

from claimready.api.app import create_app
from claimready.errors import InputError
from claimready.intake.dispatch import DELETED_REASON, Outcome, accept_event
from claimready.intake.events import ObjectEvent, ObjectRemoved
from claimready.intake.reconcile import reconcile_once
from claimready.pipeline import verify_claim
from claimready.rules import load_rules
from claimready.storage.db import AuditEntry, Document, Tenant, VerdictRow

INVOICE = "scan_0002.pdf"  # claim_files' commercial invoice


def _upload_claim(service: EmbeddedService, claim: str, n: int) -> dict[str, bytes]:
    files = claim_files(n)
    for name, data in files.items():
        service.upload(f"acme/{claim}/{name}", data)
    service.drain()
    return files


def _delete(service: EmbeddedService, key: str) -> None:
    (service.ctx.bucket.root / key).unlink()  # type: ignore[attr-defined]


def _remove(service: EmbeddedService, key: str) -> Outcome:
    return accept_event(service.ctx, service.actors, ObjectRemoved(key), "test").outcome


def _document(service: EmbeddedService, key: str) -> Document:
    with service.ctx.session() as session:
        return session.scalars(select(Document).where(Document.object_key == key)).one()


def _audits(service: EmbeddedService, action: str) -> list[AuditEntry]:
    with service.ctx.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _latest_report(service: EmbeddedService) -> dict:  # type: ignore[type-arg]
    with service.ctx.session() as session:
        return session.scalars(select(VerdictRow).order_by(VerdictRow.id.desc())).first().report  # type: ignore[union-attr]


def _codes(report: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(d["code"] for d in report["discrepancies"])


def _local_codes(tmp_path: Path, files: dict[str, bytes], settings) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "local" / "claim"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    report = verify_claim(folder, settings, load_rules(settings.rules_dir))
    return report.verdict.status.value, sorted(d.code for d in report.verdict.discrepancies)


def test_dispatch_deleted_invoice_leaves_the_claim_with_reason_and_audit(embedded: EmbeddedService) -> None:
    _upload_claim(embedded, "CLM-1", 1)
    assert "MISSING_DOCUMENT" not in _codes(_latest_report(embedded))
    _delete(embedded, f"acme/CLM-1/{INVOICE}")
    outcome = _remove(embedded, f"acme/CLM-1/{INVOICE}")
    embedded.drain()
    doc, report = _document(embedded, f"acme/CLM-1/{INVOICE}"), _latest_report(embedded)
    ready = embedded.readiness("acme", "CLM-1")
    assert outcome == Outcome.REMOVED
    assert (doc.state, doc.current, doc.reason) == ("failed", False, DELETED_REASON)
    assert ready is not None and (ready.documents_total, ready.documents_pending, ready.status) == (3, 0, "not_ready")
    assert "MISSING_DOCUMENT" in _codes(report) and INVOICE not in [d["name"] for d in report["documents"]]
    assert [(a.subject, a.tenant) for a in _audits(embedded, "object_deleted")] == [(f"acme/CLM-1/{INVOICE}", "acme")]


def test_dispatch_same_delete_event_twice_retires_once(embedded: EmbeddedService) -> None:
    _upload_claim(embedded, "CLM-2", 2)
    _delete(embedded, f"acme/CLM-2/{INVOICE}")
    outcomes = [_remove(embedded, f"acme/CLM-2/{INVOICE}") for _ in range(2)]
    embedded.drain()
    assert outcomes == [Outcome.REMOVED, Outcome.KNOWN]
    assert len(_audits(embedded, "object_deleted")) == 1


def test_dispatch_delete_event_for_a_key_uploaded_again_keeps_it(embedded: EmbeddedService) -> None:
    files = _upload_claim(embedded, "CLM-3", 3)
    _delete(embedded, f"acme/CLM-3/{INVOICE}")
    embedded.ctx.bucket.put(f"acme/CLM-3/{INVOICE}", files[INVOICE])  # back before the delete event arrived
    outcome = _remove(embedded, f"acme/CLM-3/{INVOICE}")
    doc = _document(embedded, f"acme/CLM-3/{INVOICE}")
    assert outcome == Outcome.KNOWN
    assert (doc.state, doc.current) == ("done", True) and _audits(embedded, "object_deleted") == []


def test_dispatch_same_file_uploaded_again_after_deletion_is_processed_as_new(embedded: EmbeddedService) -> None:
    files = _upload_claim(embedded, "CLM-4", 4)
    _delete(embedded, f"acme/CLM-4/{INVOICE}")
    _remove(embedded, f"acme/CLM-4/{INVOICE}")
    embedded.drain()
    accepted = embedded.upload(f"acme/CLM-4/{INVOICE}", files[INVOICE])  # same bytes, same ETag
    embedded.drain()
    doc, report = _document(embedded, f"acme/CLM-4/{INVOICE}"), _latest_report(embedded)
    ready = embedded.readiness("acme", "CLM-4")
    assert accepted.outcome == Outcome.QUEUED
    assert (doc.state, doc.current, doc.reason, doc.attempts) == ("done", True, None, 1)
    assert ready is not None and (ready.documents_total, ready.documents_pending) == (4, 0)
    assert "MISSING_DOCUMENT" not in _codes(report)


def test_dispatch_late_event_of_a_replaced_version_does_not_bring_it_back(embedded: EmbeddedService) -> None:
    key = f"acme/CLM-5/{INVOICE}"
    _upload_claim(embedded, "CLM-5", 5)
    old = _document(embedded, key)
    embedded.upload(key, claim_files(55)[INVOICE])  # a new version replaces it
    embedded.drain()
    late = embedded.deliver(ObjectEvent(key=key, etag=old.etag, size=old.size))  # the old version's event again
    with embedded.ctx.session() as session:
        current = session.scalars(select(Document.etag).where(Document.object_key == key,
                                                              Document.current.is_(True))).all()
    assert late.outcome == Outcome.KNOWN
    assert current == [embedded.ctx.bucket.stat(key).etag] and old.etag not in current


def test_dispatch_deleted_claim_json_reevaluates_as_a_claim_without_manifest(embedded: EmbeddedService,
                                                                             tmp_path: Path) -> None:
    files = _upload_claim(embedded, "CLM-6", 6)
    _delete(embedded, "acme/CLM-6/claim.json")
    outcomes = [_remove(embedded, "acme/CLM-6/claim.json") for _ in range(2)]
    embedded.drain()
    report = _latest_report(embedded)
    without_manifest = {name: data for name, data in files.items() if name != "claim.json"}
    assert outcomes == [Outcome.REMOVED, Outcome.KNOWN]
    assert (report["status"], _codes(report)) == _local_codes(tmp_path, without_manifest, embedded.ctx.settings)
    assert len(_audits(embedded, "manifest_deleted")) == 1


def test_dispatch_delete_of_an_unknown_key_records_nothing(embedded: EmbeddedService) -> None:
    outcomes = [_remove(embedded, "acme/CLM-7/a.pdf"), _remove(embedded, "acme/CLM-7/"),
                _remove(embedded, "readme.txt")]
    with embedded.ctx.session() as session:
        tenants = session.scalar(select(func.count()).select_from(Tenant))
    assert outcomes == [Outcome.KNOWN, Outcome.IGNORED, Outcome.IGNORED] and tenants == 0


def test_dispatch_delete_of_an_escaping_key_is_input_error(embedded: EmbeddedService) -> None:
    with pytest.raises(InputError):
        _remove(embedded, "acme/CLM-8/../../etc/passwd")


def test_reconcile_retires_documents_whose_delete_event_was_missed(embedded: EmbeddedService) -> None:
    _upload_claim(embedded, "CLM-9", 9)
    _delete(embedded, f"acme/CLM-9/{INVOICE}")  # no event delivered
    first = reconcile_once(embedded.ctx, embedded.actors)
    embedded.drain()
    second = reconcile_once(embedded.ctx, embedded.actors)
    doc = _document(embedded, f"acme/CLM-9/{INVOICE}")
    ready = embedded.readiness("acme", "CLM-9")
    assert (first.removed, second.removed, first.queued) == (1, 0, 0)
    assert (doc.state, doc.current, doc.reason) == ("failed", False, DELETED_REASON)
    assert ready is not None and ready.documents_total == 3 and "MISSING_DOCUMENT" in _codes(_latest_report(embedded))
    assert [a.actor for a in _audits(embedded, "object_deleted")] == ["reconciler"]


def test_reconcile_brings_back_a_deleted_file_uploaded_again_without_event(embedded: EmbeddedService) -> None:
    files = _upload_claim(embedded, "CLM-10", 10)
    _delete(embedded, f"acme/CLM-10/{INVOICE}")
    _remove(embedded, f"acme/CLM-10/{INVOICE}")
    embedded.drain()
    embedded.ctx.bucket.put(f"acme/CLM-10/{INVOICE}", files[INVOICE])  # its event is lost
    result = reconcile_once(embedded.ctx, embedded.actors)
    embedded.drain()
    doc = _document(embedded, f"acme/CLM-10/{INVOICE}")
    assert (result.queued, result.removed) == (1, 0)
    assert (doc.state, doc.current) == ("done", True)


def test_dispatch_webhooks_take_deletions_through_the_same_path(embedded: EmbeddedService) -> None:
    client = TestClient(create_app(embedded.ctx.settings, embedded.ctx, embedded.actors))
    _upload_claim(embedded, "CLM-11", 11)
    bucket = embedded.ctx.bucket.name
    _delete(embedded, f"acme/CLM-11/{INVOICE}")
    _delete(embedded, "acme/CLM-11/scan_0003.pdf")
    minio = {"Records": [{"eventName": "s3:ObjectRemoved:Delete",
                          "s3": {"bucket": {"name": bucket}, "object": {"key": f"acme/CLM-11/{INVOICE}"}}},
                         {"eventName": "s3:ObjectRemoved:Delete",
                          "s3": {"bucket": {"name": bucket}, "object": {"key": "acme/CLM-11/..%2Fx.pdf"}}}]}
    seaweed = {"event_type": "delete", "key": f"/buckets/{bucket}/acme/CLM-11/scan_0003.pdf",
               "message": {"old_entry": {"name": "scan_0003.pdf"}}}
    bodies = [client.post("/v1/events/minio", json=minio).json(),
              client.post("/v1/events/seaweedfs", json=seaweed).json(),
              client.post("/v1/events/seaweedfs", json=seaweed).json()]
    embedded.drain()
    ready = embedded.readiness("acme", "CLM-11")
    assert [(b["removed"], b["known"], b["rejected"]) for b in bodies] == [(1, 0, 1), (1, 0, 0), (0, 1, 0)]
    assert ready is not None and (ready.documents_total, ready.documents_pending) == (2, 0)
    assert sorted(a.subject for a in _audits(embedded, "object_deleted")) == [
        f"acme/CLM-11/{INVOICE}", "acme/CLM-11/scan_0003.pdf"]
