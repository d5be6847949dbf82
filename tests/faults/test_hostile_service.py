"""Issue 6: the hostile corpus (claimready.fixtures.attacks) uploaded through the real bucket
(SeaweedFS) to real workers over Redis and PostgreSQL: each file ends in its expected state with
its reason (UNREADABLE_DOCUMENT, INVALID_MANIFEST, or read), each recorded once, the good invoice
of every claim is read, and the worker process is still alive at the end."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))

from claimready.fixtures.attacks import GOOD_NAME, EndState, report_name, write_attack_corpus  # noqa: E402
from claimready.storage import repo  # noqa: E402
from claimready.workers.actors import setup_workers  # noqa: E402
from faults_support import wait_until  # noqa: E402
from service_e2e import E2E, e2e_factory, services  # noqa: E402,F401

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.s3, pytest.mark.slow, pytest.mark.faults]


def claim_of(case_dir: Path) -> str:
    return case_dir.name.replace("_", "-").upper()


def s3_key_ok(name: str) -> bool:
    """S3 keys are UTF-8 of at most 1024 bytes; names outside that cannot reach a bucket at all."""
    try:
        return len(name.encode("utf-8")) <= 900
    except UnicodeEncodeError:
        return False


def latest_report(e2e: E2E, claim: str) -> dict | None:  # type: ignore[type-arg]
    ctx, actors = setup_workers(e2e.settings)
    try:
        with ctx.session() as session:
            found = repo.readiness(session, e2e.tenant, claim)
            if found is None or found.status == "processing":
                return None
            tenant = repo.find_tenant(session, e2e.tenant)
            verdict = repo.latest_verdict(session, repo.find_claim(session, tenant.id, claim).id)  # type: ignore[union-attr]
            return verdict.report if verdict is not None else None
    finally:
        actors.broker.close()


def rejected_at_intake(e2e: E2E, key: str) -> bool:
    ctx, actors = setup_workers(e2e.settings)
    try:
        with ctx.session() as session:
            return repo.has_audit(session, "object_rejected", ascii(key)[1:-1])
    finally:
        actors.broker.close()


def test_hostile_corpus_through_real_service_mode(e2e_factory: Callable[..., E2E], tmp_path: Path) -> None:
    e2e = e2e_factory(document_time_limit_s=120)
    worker = e2e.start_worker()
    cases = [c for c in write_attack_corpus(tmp_path / "corpus", include_ocr=False) if s3_key_ok(c.file_name)]
    claims = sorted({claim_of(c.claim_dir) for c in cases})
    for folder in sorted({c.claim_dir for c in cases}):
        for path in sorted(folder.iterdir()):
            if s3_key_ok(path.name):
                e2e.minio.fput_object(e2e.bucket, f"{e2e.tenant}/{claim_of(folder)}/{path.name}", str(path))
    reports = wait_until(lambda: all(latest_report(e2e, c) for c in claims) and
                         {c: latest_report(e2e, c) for c in claims}, 300, 1.0, "a verdict on every hostile claim")
    assert worker.poll() is None, "the worker died"
    failures = []
    for case in cases:
        report = reports[claim_of(case.claim_dir)]  # type: ignore[index]
        good = [d for d in report["documents"] if d["name"] == GOOD_NAME]
        if len(good) != 1 or good[0]["errors"]:
            failures.append(f"{case.name}: good invoice not read once: {good}")
        if case.expected is EndState.INVALID_MANIFEST:
            found = [d["values"][0] for d in report["discrepancies"] if d["code"] == "INVALID_MANIFEST"]
            if len(found) != 1 or case.reason not in found[0].lower():
                failures.append(f"{case.name}: INVALID_MANIFEST {found}")
            continue
        name = report_name(case.file_name)
        if any(ord(c) < 32 or ord(c) == 127 for c in case.file_name):  # no claim file may carry such a key
            if not rejected_at_intake(e2e, f"{e2e.tenant}/{claim_of(case.claim_dir)}/{case.file_name}"):
                failures.append(f"{case.name}: control characters in the key, but no object_rejected record")
            continue
        entries = [d for d in report["documents"] if d["name"] == name]
        reasons = [d["values"][0] for d in report["discrepancies"]
                   if d["code"] == "UNREADABLE_DOCUMENT" and d["documents"] == [name]]
        if len(entries) != 1:
            failures.append(f"{case.name}: recorded {len(entries)} times")
        elif case.expected is EndState.UNREADABLE and (len(reasons) != 1 or case.reason not in reasons[0].lower()):
            failures.append(f"{case.name}: expected UNREADABLE_DOCUMENT with {case.reason!r}, got {reasons}")
        elif case.expected is EndState.PROCESSED and reasons:
            failures.append(f"{case.name}: expected to be read, got {reasons}")
    assert failures == [], "\n".join(failures)
