"""Issue 6, faults in service mode on real Redis, PostgreSQL and SeaweedFS. Each scenario uploads
claims through the bucket, disturbs one part while the work runs, and ends with: every uploaded
file in a recorded end state, none recorded twice, and every verdict equal to the one `verify`
gives the same files undisturbed.

Redis and PostgreSQL here are private instances on their own ports (the shared ones are never
touched); S3 is cut with a TCP gate in front of the shared SeaweedFS; workers, the API and the
reconciler are `claimready` processes."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))

from claimready.storage.migrate import migrate  # noqa: E402
from faults_support import (Gate, Outcome, PrivatePostgres, PrivateRedis, claimready_process, service_outcome,  # noqa: E402
                            stop_process, undisturbed_verdicts, wait_api, wait_until)
from service_claims import claim_files  # noqa: E402
from service_e2e import E2E, WEBHOOK_PORT, _make_e2e, _remove_bucket, e2e_factory, services  # noqa: E402,F401

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.s3, pytest.mark.slow, pytest.mark.faults]

RECOVERY = dict(reconcile_interval_s=2, received_stale_s=4, processing_lease_s=45, evaluate_debounce_s=0.5)


def burst(first: int, count: int) -> dict[str, dict[str, bytes]]:
    return {f"CLM-F{first + i}": claim_files(first + i) for i in range(count)}


def upload(e2e: E2E, claims: dict[str, dict[str, bytes]], pause: float = 0.0) -> None:
    for claim, files in claims.items():
        for name, data in files.items():
            e2e.put(claim, name, data)
            time.sleep(pause)


def settle_and_compare(e2e: E2E, claims: dict[str, dict[str, bytes]], tmp_path: Path, timeout: float = 240) -> None:
    """Every file in an end state, recorded once, and the undisturbed verdicts."""
    names = list(claims)
    expected_docs = {c: sum(1 for n in files if n != "claim.json") for c, files in claims.items()}
    expected = undisturbed_verdicts(tmp_path, claims)

    def settled() -> bool:
        found = service_outcome(e2e.settings, e2e.tenant, names)
        return all(len(found.states[c]) == expected_docs[c] and set(found.states[c]) <= {"done", "failed"}
                   and found.verdicts.get(c) == expected[c] for c in names)

    try:
        wait_until(settled, timeout, 1.0, "every claim settled with its undisturbed verdict")
    except AssertionError:
        found = service_outcome(e2e.settings, e2e.tenant, names)
        record_scenario(found, expected_docs, expected)
        raise AssertionError(f"states {found.states}\nservice {found.verdicts}\nundisturbed {expected}") from None
    found = service_outcome(e2e.settings, e2e.tenant, names)
    record_scenario(found, expected_docs, expected)
    assert all(s == ["done"] * expected_docs[c] for c, s in found.states.items()), found.states  # none lost
    assert found.verdicts == expected


def record_scenario(found: Outcome, expected_docs: dict[str, int], expected: dict[str, object]) -> None:
    """For bench/hardening.py --faults: one table row per scenario (set CLAIMREADY_FAULTS_REPORT)."""
    out = os.environ.get("CLAIMREADY_FAULTS_REPORT")
    if not out:
        return
    done = sum(s.count("done") for s in found.states.values())
    row = {"case": os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0],
           "expected": f"{sum(expected_docs.values())} documents done, undisturbed verdicts",
           "observed": f"{done} done, {sum(found.verdicts.get(c) == v for c, v in expected.items())}/{len(expected)} "
                       "verdicts equal",
           "lost": sum(max(0, n - found.states[c].count("done")) for c, n in expected_docs.items()),
           "duplicated": sum(max(0, len(found.states[c]) - n) for c, n in expected_docs.items())}
    with open(out, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")


@pytest.fixture
def reconciler() -> Iterator[Callable[[E2E], object]]:
    started: list = []

    def start(e2e: E2E) -> object:
        proc = claimready_process(e2e.env, "reconcile", log_name=f"reconcile-{e2e.tenant}")
        started.append(proc)
        return proc

    yield start
    for proc in started:
        stop_process(proc)


def test_faults_redis_restarted_mid_burst(e2e_factory: Callable[..., E2E], reconciler, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    redis = PrivateRedis().start()
    try:
        e2e = e2e_factory(redis_url=redis.url, **RECOVERY)
        e2e.start_worker(process_delay_s=0.4)  # slow enough that the burst is mid-way at the restart
        reconciler(e2e)
        claims = burst(100, 3)
        upload(e2e, claims)
        wait_until(lambda: "done" in str(service_outcome(e2e.settings, e2e.tenant, list(claims)).states), 60, 0.2,
                   "the first document done")
        assert unfinished(e2e, claims) > 0
        redis.kill()  # every queued and delayed message is gone with it
        time.sleep(3)
        redis.start()
        settle_and_compare(e2e, claims, tmp_path)
    finally:
        redis.kill()


def test_faults_postgres_restarted_mid_burst(e2e_factory: Callable[..., E2E], reconciler, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg = PrivatePostgres().init().start()
    try:
        migrate(pg.url)
        e2e = e2e_factory(database_url=pg.url, **RECOVERY)
        e2e.start_worker(process_delay_s=0.4)
        reconciler(e2e)
        claims = burst(200, 3)
        upload(e2e, dict(list(claims.items())[:1]))
        wait_until(lambda: "done" in str(service_outcome(e2e.settings, e2e.tenant, list(claims)).states), 60, 0.2,
                   "the first document done")
        assert unfinished(e2e, claims) > 0
        pg.stop("immediate")  # connections cut mid-work; events meanwhile get 503
        upload(e2e, dict(list(claims.items())[1:]))
        time.sleep(3)
        pg.start()
        settle_and_compare(e2e, claims, tmp_path)
    finally:
        pg.remove()


def test_faults_s3_unreachable_for_30_seconds(e2e_factory: Callable[..., E2E], tmp_path: Path) -> None:
    e2e = e2e_factory(max_retries=60, retry_min_backoff_ms=500, retry_max_backoff_ms=3000, **RECOVERY)
    host, port = e2e.settings.s3_endpoint.split(":")
    gate = Gate((host, int(port)))
    gate.open()
    try:
        e2e.start_worker(s3_endpoint=f"127.0.0.1:{gate.port}")  # S3 as the worker sees it
        claims = burst(300, 2)
        gate.close()  # down before the burst: every fetch fails for 30 s
        upload(e2e, claims)
        time.sleep(30)
        gate.open()
        settle_and_compare(e2e, claims, tmp_path)
        assert all(attempts >= 2 for claim in claims for _, attempts in service_states(e2e, claim))  # retried
    finally:
        gate.close()


def scanned_invoice_png() -> bytes:
    """The invoice of claim_files(400) as a 200 dpi scan (PNG), so the worker has to OCR it."""
    from claimready.extractors.render import render_pdf_page

    pdf = Path(os.environ.get("TMPDIR", "/tmp")) / f"claimready-faults-invoice-{os.getpid()}.pdf"
    pdf.write_bytes(claim_files(400)["scan_0002.pdf"])
    image = render_pdf_page(str(pdf), 1, 200, 60_000_000)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(200, 200))
    pdf.unlink()
    return out.getvalue()


def tesseract_running_in(group: int) -> bool:
    """A tesseract process in this process group: the doomed worker's own OCR, not another test's
    on the same machine."""
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or b"tesseract" not in (entry / "cmdline").read_bytes().split(b"\0")[0]:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()  # after "pid (comm)"
            if int(fields[2]) == group:  # state, ppid, pgrp
                return True
        except (OSError, IndexError, ValueError):
            continue
    return False


@pytest.mark.tesseract
def test_faults_worker_sigkilled_mid_ocr(e2e_factory: Callable[..., E2E], tmp_path: Path) -> None:
    e2e = e2e_factory(**RECOVERY)
    files = claim_files(400)
    files["scan_0002.png"] = scanned_invoice_png()
    del files["scan_0002.pdf"]
    doomed = claimready_process(e2e.env, "worker", log_name=f"doomed-{e2e.tenant}", new_session=True)
    try:
        upload(e2e, {"CLM-OCR": files})
        wait_until(lambda: tesseract_running_in(doomed.pid), 90, 0.05, "the worker's tesseract reading the scan")
        os.killpg(doomed.pid, signal.SIGKILL)  # the worker, its OCR pool and tesseract, as a killed container
        doomed.wait(timeout=10)
    finally:
        if doomed.poll() is None:
            os.killpg(doomed.pid, signal.SIGKILL)
    e2e.start_worker()  # the broker redelivers the dead worker's unacknowledged message
    settle_and_compare(e2e, {"CLM-OCR": files}, tmp_path)
    attempts = wait_until(lambda: [d for d in service_states(e2e, "CLM-OCR") if d[0] == "scan_0002.png"], 10)
    assert attempts[0][1] == 2  # type: ignore[index]  # the killed attempt and the one that finished


def unfinished(e2e: E2E, claims: dict[str, dict[str, bytes]]) -> int:
    """Documents recorded and not yet done or failed (proof the fault lands mid-burst)."""
    states = service_outcome(e2e.settings, e2e.tenant, list(claims)).states
    return sum(1 for docs in states.values() for s in docs if s not in ("done", "failed"))


def service_states(e2e: E2E, claim: str) -> list[tuple[str, int]]:
    from sqlalchemy import select

    from claimready.storage.db import Claim, Document, Tenant
    from claimready.workers.actors import setup_workers

    ctx, _ = setup_workers(e2e.settings)
    with ctx.session() as session:
        return [(d.name, d.attempts) for d in session.scalars(
            select(Document).join(Claim, Claim.id == Document.claim_id).join(Tenant, Tenant.id == Claim.tenant_id)
            .where(Tenant.name == e2e.tenant, Claim.name == claim))]


def test_faults_api_restarted_while_events_arrive(services: None, reconciler, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The API (the filer webhook's target) is killed while files land: their events are lost, and
    the reconciler brings them in; events delivered twice across the restart are recorded once."""
    e2e = _make_e2e(**RECOVERY)
    api = claimready_process(e2e.env, "serve", "--port", str(WEBHOOK_PORT), log_name=f"api-{e2e.tenant}")
    try:
        wait_api(WEBHOOK_PORT)
        e2e.start_worker()
        reconciler(e2e)
        claims = burst(500, 3)
        items = list(claims.items())
        upload(e2e, dict(items[:1]))
        api.send_signal(signal.SIGKILL)
        api.wait(timeout=10)
        upload(e2e, dict(items[1:2]))  # the filer's webhook posts fail: these events are lost
        api = claimready_process(e2e.env, "serve", "--port", str(WEBHOOK_PORT), log_name=f"api2-{e2e.tenant}")
        wait_api(WEBHOOK_PORT)
        upload(e2e, dict(items[2:]))
        upload(e2e, dict(items[:1]))  # the same objects again: new versions of the same bytes, recorded once
        settle_and_compare(e2e, claims, tmp_path)
    finally:
        stop_process(api)
        for proc in e2e.workers:
            stop_process(proc)
        _remove_bucket(e2e)
