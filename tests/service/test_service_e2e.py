"""Service mode end to end on real services: SeaweedFS bucket -> filer webhook -> API -> Redis ->
worker processes -> PostgreSQL -> readiness API. Assertions are on states, counts, dedup, and the
verdict equal to the local `verify` of the same files (not on specific discrepancies)."""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from service_e2e import E2E, wait_until
from service_claims import claim_files
from sqlalchemy import select

from claimready.pipeline import verify_claim
from claimready.rules import load_rules
from claimready.settings import Settings
from claimready.storage.db import Claim, Document, Tenant, VerdictRow
from claimready.workers.actors import setup_workers

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.s3, pytest.mark.slow]


def _documents(e2e: E2E, claim: str) -> list[Document]:
    ctx, _ = setup_workers(e2e.settings)
    with ctx.session() as session:
        return list(session.scalars(select(Document).join(Claim, Claim.id == Document.claim_id)
                                    .join(Tenant, Tenant.id == Claim.tenant_id)
                                    .where(Tenant.name == e2e.tenant, Claim.name == claim)))


def _verdicts(e2e: E2E, claim: str) -> int:
    ctx, _ = setup_workers(e2e.settings)
    with ctx.session() as session:
        return len(session.scalars(select(VerdictRow).join(Claim, Claim.id == VerdictRow.claim_id)
                                   .join(Tenant, Tenant.id == Claim.tenant_id)
                                   .where(Tenant.name == e2e.tenant, Claim.name == claim)).all())


def _local_status(tmp_path: Path, files: dict[str, bytes]) -> str:
    folder = tmp_path / "local"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    settings = Settings(ocr_workers=1)
    return verify_claim(folder, settings, load_rules(settings.rules_dir)).verdict.status.value


def test_service_bucket_upload_gives_the_local_verdict(e2e_factory: Callable[..., E2E], tmp_path: Path) -> None:
    e2e = e2e_factory()
    e2e.start_worker()
    files = claim_files(1)
    for name, data in files.items():
        e2e.put("CLM-1", name, data)
    body = e2e.wait_verdict("CLM-1", documents=4)
    assert body["status"] == _local_status(tmp_path, files)
    assert body["documents_pending"] == 0
    assert sorted(d.state for d in _documents(e2e, "CLM-1")) == ["done"] * 4
    assert _verdicts(e2e, "CLM-1") == 1  # five uploads, one debounced evaluation


def test_service_same_upload_twice_is_processed_once(e2e_factory: Callable[..., E2E]) -> None:
    e2e = e2e_factory()
    e2e.start_worker()
    data = claim_files(2)["scan_0002.pdf"]
    e2e.put("CLM-2", "invoice.pdf", data)
    e2e.put("CLM-2", "invoice.pdf", data)  # same key, same bytes: a second (update) event
    e2e.put("CLM-2", "invoice copy.pdf", data)  # same bytes under another name
    e2e.wait_verdict("CLM-2", documents=2)
    docs = _documents(e2e, "CLM-2")
    assert len(docs) == 2 and sum(d.attempts for d in docs) == 2
    assert sum(1 for d in docs if d.duplicate_of_id is not None) == 1


def test_service_reconciler_catches_objects_whose_events_were_dropped(e2e_factory: Callable[..., E2E]) -> None:
    e2e = e2e_factory(webhook_token="not-what-seaweedfs-sends")  # every filer event is refused (401)
    e2e.start_worker()
    for name, data in claim_files(3).items():
        e2e.put("CLM-3", name, data)
    assert e2e.readiness("CLM-3").status_code == 404  # nothing arrived
    result = e2e.cli("reconcile", "--once")
    assert result.returncode == 0, result.stderr
    body = e2e.wait_verdict("CLM-3", documents=4)
    assert body["documents_pending"] == 0


def test_service_worker_killed_mid_document_still_finishes(e2e_factory: Callable[..., E2E]) -> None:
    e2e = e2e_factory()
    doomed = e2e.start_worker(process_delay_s=30)
    e2e.put("CLM-4", "a.pdf", claim_files(4)["scan_0001.pdf"])
    wait_until(lambda: [d for d in _documents(e2e, "CLM-4") if d.state == "processing"], 60, what="processing")
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    e2e.start_worker()  # its broker requeues the dead worker's unacked message after the heartbeat timeout
    e2e.wait_verdict("CLM-4", documents=1)
    (doc,) = _documents(e2e, "CLM-4")
    assert doc.state == "done" and doc.attempts == 2


class LateProxy:
    """A TCP port that refuses connections until `open()`, then forwards to the real S3 server."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server: socket.socket | None = None

    def open(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        assert self.server is not None
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        if self.server is not None:
            self.server.close()


def test_service_s3_unreachable_for_a_while_retries_then_succeeds(e2e_factory: Callable[..., E2E]) -> None:
    e2e = e2e_factory()
    host, port = e2e.settings.s3_endpoint.split(":")
    proxy = LateProxy((host, int(port)))
    try:
        e2e.start_worker(s3_endpoint=f"127.0.0.1:{proxy.port}")  # S3 as the worker sees it: down
        e2e.put("CLM-5", "a.pdf", claim_files(5)["scan_0001.pdf"])
        wait_until(lambda: [d for d in _documents(e2e, "CLM-5") if d.attempts >= 2], 60, what="failed attempts")
        proxy.open()  # S3 is back
        e2e.wait_verdict("CLM-5", documents=1)
    finally:
        proxy.close()
    (doc,) = _documents(e2e, "CLM-5")
    assert doc.state == "done" and doc.attempts >= 2
