"""A file deleted from a real SeaweedFS bucket leaves its claim: the filer's delete event reaches
the API's webhook, the document is retired (row kept, terminal state with a reason, an
`object_deleted` audit entry) and a worker process re-evaluates the claim without it."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from service_claims import claim_files
from service_e2e import WEBHOOK_PORT, E2E, wait_until
from sqlalchemy import select

from claimready.storage.db import Claim, Document, Tenant
from claimready.workers.actors import setup_workers

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.s3, pytest.mark.slow]
INVOICE = "scan_0002.pdf"  # claim_files' commercial invoice


def _get(e2e: E2E, path: str) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{WEBHOOK_PORT}/v1/claims/{path}",
                     headers={"Authorization": f"Bearer {e2e.api_key}"}, timeout=10)


def _document(e2e: E2E, claim: str, name: str) -> Document:
    ctx, _ = setup_workers(e2e.settings)
    with ctx.session() as session:
        return session.scalars(select(Document).join(Claim, Claim.id == Document.claim_id)
                               .join(Tenant, Tenant.id == Claim.tenant_id)
                               .where(Tenant.name == e2e.tenant, Claim.name == claim, Document.name == name)).one()


def _codes(e2e: E2E, claim: str) -> list[str]:
    return sorted(d["code"] for d in _get(e2e, f"{claim}/report").json()["discrepancies"])


def test_service_deleted_invoice_leaves_the_claim_and_is_audited(e2e_factory: Callable[..., E2E]) -> None:
    e2e = e2e_factory()
    e2e.start_worker()
    for name, data in claim_files(21).items():
        e2e.put("CLM-21", name, data)
    before = e2e.wait_verdict("CLM-21", documents=4)
    codes_before = _codes(e2e, "CLM-21")
    e2e.minio.remove_object(e2e.bucket, f"{e2e.tenant}/CLM-21/{INVOICE}")
    after = e2e.wait_verdict("CLM-21", documents=3)  # the delete event alone brings it there
    doc = _document(e2e, "CLM-21", INVOICE)
    audit = [a for a in _get(e2e, "CLM-21/audit").json() if a["action"] == "object_deleted"]
    assert before["status"] == "ready" and "MISSING_DOCUMENT" not in codes_before
    assert after["status"] == "not_ready" and after["documents_pending"] == 0
    assert "MISSING_DOCUMENT" in _codes(e2e, "CLM-21")
    assert (doc.state, doc.current) == ("failed", False) and "deleted from the bucket" in (doc.reason or "")
    assert len(audit) == 1 and audit[0]["actor"] == "seaweedfs-event" and "deleted" in audit[0]["detail"]


def test_service_same_file_uploaded_again_after_deletion_is_processed_again(e2e_factory: Callable[..., E2E]) -> None:
    e2e = e2e_factory()
    e2e.start_worker()
    files = claim_files(22)
    for name, data in files.items():
        e2e.put("CLM-22", name, data)
    e2e.wait_verdict("CLM-22", documents=4)
    e2e.minio.remove_object(e2e.bucket, f"{e2e.tenant}/CLM-22/{INVOICE}")
    e2e.wait_verdict("CLM-22", documents=3)
    e2e.put("CLM-22", INVOICE, files[INVOICE])  # the same bytes: the same ETag as before
    body = e2e.wait_verdict("CLM-22", documents=4)
    wait_until(lambda: _document(e2e, "CLM-22", INVOICE).state == "done", 60, what="the invoice processed again")
    doc = _document(e2e, "CLM-22", INVOICE)
    assert body["status"] == "ready" and "MISSING_DOCUMENT" not in _codes(e2e, "CLM-22")
    assert (doc.current, doc.reason, doc.attempts) == (True, None, 1)
