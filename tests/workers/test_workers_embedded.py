"""Workers on dramatiq's StubBroker with SQLite and a folder bucket: states, dedup, debounce,
retries and failures, and the verdict equal to the local `verify` of the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_claims import claim_files
from service_fixtures import EmbeddedService, start_embedded
from sqlalchemy import func, select

from claimready.errors import StorageUnavailable
from claimready.pipeline import verify_claim
from claimready.rules import load_rules
from claimready.storage.db import AuditEntry, Document, Extraction, VerdictRow


def _upload_claim(service: EmbeddedService, prefix: str, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        service.upload(f"{prefix}/{name}", data)


def _count(service: EmbeddedService, model: type, *where: object) -> int:
    with service.ctx.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _local_verdict(tmp_path: Path, files: dict[str, bytes], settings) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path / "local" / "claim"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return verify_claim(folder, settings, load_rules(settings.rules_dir)).verdict.status.value


def test_workers_claim_verdict_equals_local_verify(embedded: EmbeddedService, tmp_path: Path) -> None:
    files = claim_files(1)
    _upload_claim(embedded, "acme/CLM-1", files)
    embedded.drain()
    ready = embedded.readiness("acme", "CLM-1")
    assert ready is not None and ready.documents_total == 4 and ready.documents_pending == 0
    assert ready.status == _local_verdict(tmp_path, files, embedded.ctx.settings)


def test_workers_ten_uploads_give_one_evaluation(tmp_path: Path) -> None:
    service = start_embedded(tmp_path, evaluate_debounce_s=0.5)
    for i in range(10):
        service.upload(f"acme/CLM-10/doc_{i:02d}.pdf", claim_files(100 + i)["scan_0002.pdf"])
    service.start()
    try:
        service.drain()
    finally:
        service.stop()
    assert _count(service, Extraction) == 10
    assert _count(service, VerdictRow) == 1


def test_workers_same_event_twice_is_processed_once(embedded: EmbeddedService) -> None:
    data = claim_files(3)["scan_0001.pdf"]
    first = embedded.upload("acme/CLM-3/a.pdf", data)
    again = embedded.upload("acme/CLM-3/a.pdf", data)
    embedded.drain()
    assert first.outcome == "queued" and again.outcome == "known"
    assert _count(embedded, Document) == 1


def test_workers_same_content_under_two_names_is_extracted_once(embedded: EmbeddedService) -> None:
    data = claim_files(4)["scan_0002.pdf"]
    embedded.upload("acme/CLM-4/invoice.pdf", data)
    embedded.upload("acme/CLM-4/invoice copy.pdf", data)
    embedded.drain()
    assert _count(embedded, Extraction) == 1
    assert _count(embedded, Document, Document.duplicate_of_id.is_not(None), Document.state == "done") == 1
    with embedded.ctx.session() as session:
        report = session.scalars(select(VerdictRow)).one().report
    assert sorted(d["name"] for d in report["documents"]) == ["invoice copy.pdf", "invoice.pdf"]


def test_workers_replaced_object_is_processed_again(embedded: EmbeddedService) -> None:
    embedded.upload("acme/CLM-5/a.pdf", claim_files(5)["scan_0001.pdf"])
    embedded.drain()
    embedded.upload("acme/CLM-5/a.pdf", claim_files(5)["scan_0002.pdf"])
    embedded.drain()
    ready = embedded.readiness("acme", "CLM-5")
    assert ready is not None and ready.documents_total == 1
    assert _count(embedded, Document, Document.current.is_(False)) == 1


def test_workers_unreadable_file_is_not_retried_and_is_reported(embedded: EmbeddedService) -> None:
    embedded.upload("acme/CLM-6/broken.pdf", b"%PDF-1.7\nthis is not a pdf at all")
    embedded.drain()
    with embedded.ctx.session() as session:
        doc = session.scalars(select(Document)).one()
        report = session.scalars(select(VerdictRow)).one().report
    assert doc.state == "done" and doc.attempts == 1
    assert [d["documents"] for d in report["discrepancies"] if d["code"] == "UNREADABLE_DOCUMENT"] == [["broken.pdf"]]


class FlakyBucket:
    """A bucket whose first `failures` downloads raise StorageUnavailable."""

    def __init__(self, inner, failures: int) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.failures, self.name = inner, failures, inner.name

    def get(self, key: str, dest_dir: Path) -> Path:
        if self.failures > 0:
            self.failures -= 1
            raise StorageUnavailable("S3 down (test)")
        return self.inner.get(key, dest_dir)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)


@pytest.mark.parametrize(("failures", "state"), [(2, "done"), (10, "failed")])
def test_workers_transient_storage_errors_retry_then_settle(tmp_path: Path, failures: int, state: str) -> None:
    service = start_embedded(tmp_path, max_retries=3)
    service.ctx.bucket = FlakyBucket(service.ctx.bucket, failures)  # type: ignore[assignment]
    service.upload("acme/CLM-7/a.pdf", claim_files(7)["scan_0001.pdf"])
    service.start()
    try:
        service.drain()
    finally:
        service.stop()
    with service.ctx.session() as session:
        doc = session.scalars(select(Document)).one()
        report = session.scalars(select(VerdictRow)).one().report
    assert doc.state == state
    unreadable = [d for d in report["discrepancies"] if d["code"] == "UNREADABLE_DOCUMENT"]
    if state == "failed":
        assert doc.attempts == 4 and "S3 down" in (doc.reason or "") and unreadable
    else:
        assert doc.attempts == 3 and not unreadable


def test_workers_replaced_claim_json_re_evaluates_the_claim(embedded: EmbeddedService) -> None:
    embedded.upload("acme/CLM-8/a.pdf", claim_files(8)["scan_0002.pdf"])
    embedded.upload("acme/CLM-8/claim.json", b'{"claim_type": "protracted_default"}')
    embedded.drain()
    replaced = embedded.upload("acme/CLM-8/claim.json", b'{"claim_type": "insolvency"}')
    embedded.drain()
    with embedded.ctx.session() as session:
        types = [v.report["claim_type"] for v in session.scalars(select(VerdictRow).order_by(VerdictRow.id))]
    assert replaced.outcome == "manifest"
    assert types == ["protracted_default", "insolvency"]
    assert _count(embedded, Extraction) == 1  # the documents are not read again


def test_workers_document_over_its_time_limit_fails_with_reason(tmp_path: Path) -> None:
    service = start_embedded(tmp_path, document_time_limit_s=0.5, process_delay_s=3.0)
    service.upload("acme/CLM-9/a.pdf", claim_files(9)["scan_0001.pdf"])
    service.start()
    try:
        service.drain()
    finally:
        service.stop()
    with service.ctx.session() as session:
        doc = session.scalars(select(Document)).one()
        report = session.scalars(select(VerdictRow)).one().report
    assert doc.state == "failed" and "TimeLimitExceeded" in (doc.reason or "")
    assert [d["code"] for d in report["discrepancies"] if d["documents"] == ["a.pdf"]] == ["UNREADABLE_DOCUMENT"]


def test_workers_event_for_a_missing_object_leaves_the_claim(embedded: EmbeddedService) -> None:
    from claimready.intake.events import ObjectEvent

    embedded.upload("acme/CLM-11/a.pdf", claim_files(11)["scan_0001.pdf"])
    embedded.deliver(ObjectEvent("acme/CLM-11/forged.pdf", "0" * 32, 10))
    embedded.drain()
    ready = embedded.readiness("acme", "CLM-11")
    with embedded.ctx.session() as session:
        report = session.scalars(select(VerdictRow).order_by(VerdictRow.id.desc())).first().report  # type: ignore[union-attr]
    assert ready is not None and (ready.documents_total, ready.documents_pending) == (1, 0)
    assert [d["name"] for d in report["documents"]] == ["a.pdf"]
    with embedded.ctx.session() as session:
        missing = session.scalars(select(AuditEntry).where(AuditEntry.action == "document_missing")).one()
    assert (missing.subject, missing.tenant) == ("acme/CLM-11/forged.pdf", "acme")  # in the claim's audit trail


def test_workers_document_deleted_while_being_read_keeps_its_end_state(embedded: EmbeddedService) -> None:
    from claimready.storage import repo

    embedded.upload("acme/CLM-12/a.pdf", claim_files(12)["scan_0001.pdf"])
    with embedded.ctx.session() as session:
        doc = session.scalars(select(Document).where(Document.object_key == "acme/CLM-12/a.pdf")).one()
        repo.start_processing(session, doc.id, 60.0)
        repo.retire_document(session, doc.id, "deleted from the bucket")  # the delete event, mid-read
        repo.save_extraction(session, doc.id, "invoice", {})  # the worker finishing its read afterwards
        session.commit()
        doc = session.get(Document, doc.id, populate_existing=True)
        assert (doc.state, doc.reason, doc.current) == ("failed", "deleted from the bucket", False)
