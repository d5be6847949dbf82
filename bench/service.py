"""Service-mode throughput: N text-layer claims uploaded to SeaweedFS in a burst.

Measures, with 1 and with 2 worker processes (one thread each): documents per second draining
a queue of N claims (worker start-up excluded) and during a burst of N more; upload -> verdict
latency p50/p95 of the burst (per claim, from its last file's upload to its first verdict with
nothing pending, which the readiness API serves); lost documents (must be 0); peak RSS of any
worker process.
Prints figures; asserts nothing. Needs scripts/services.sh (PostgreSQL, Redis, SeaweedFS).

    .venv/bin/python bench/service.py --claims 20
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "service")]

from service_claims import claim_files  # noqa: E402
from service_e2e import ApiThread, _make_e2e, _remove_bucket, _stop_workers, wait_until  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from sqlalchemy.dialects.postgresql import JSONB  # noqa: E402

from claimready.storage.db import Claim, Document, Tenant, VerdictRow  # noqa: E402
from claimready.workers.context import ServiceContext, open_context  # noqa: E402


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    pids, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            children = []
        pids += [int(c) for c in children]
        frontier += [int(c) for c in children]
    return pids


class RssSampler(threading.Thread):
    """Peak RSS of any single process in the worker's process tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in process_tree(self.pid):
                self.peak_kib = max(self.peak_kib, rss_kib(pid))
            self.stop.wait(0.2)


def _db_span(ctx: ServiceContext, tenant: str, prefix: str) -> tuple[int, float, float]:
    """(finished documents, seconds from first received to last finished, first started to last finished)."""
    with ctx.session() as session:
        q = (select(func.count(), func.min(Document.received_at), func.min(Document.started_at),
                    func.max(Document.finished_at))
             .select_from(Document).join(Claim, Claim.id == Document.claim_id).join(Tenant, Tenant.id == Claim.tenant_id)
             .where(Tenant.name == tenant, Claim.name.like(f"{prefix}%"), Document.state.in_(("done", "failed"))))
        count, received, started, finished = session.execute(q).one()
    if not (received and started and finished):
        return count, 0.0, 0.0
    return count, (finished - received).total_seconds(), (finished - started).total_seconds()


def _steady_rate(ctx: ServiceContext, tenant: str, prefix: str) -> float:
    """Documents per second between the 10th and the 90th percentile of finishing times: the
    workers' steady pace, without the start (a second worker process still importing while the
    first already works) and the tail (the last claims' evaluations) that skew short drains."""
    with ctx.session() as session:
        finished = sorted(session.scalars(
            select(Document.finished_at).join(Claim, Claim.id == Document.claim_id).join(Tenant, Tenant.id == Claim.tenant_id)
            .where(Tenant.name == tenant, Claim.name.like(f"{prefix}%"), Document.finished_at.is_not(None))).all())
    if len(finished) < 10:
        return 0.0
    first, last = int(0.1 * len(finished)), int(0.9 * len(finished))
    span = (finished[last] - finished[first]).total_seconds()
    return (last - first) / span if span else 0.0


def _received(ctx: ServiceContext, tenant: str, prefix: str) -> int:
    with ctx.session() as session:
        return session.scalar(select(func.count()).select_from(Document).join(Claim, Claim.id == Document.claim_id)
                              .join(Tenant, Tenant.id == Claim.tenant_id)
                              .where(Tenant.name == tenant, Claim.name.like(f"{prefix}%"))) or 0


def _upload(e2e, prefix: str, claims: int, first: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Upload claims as fast as one client can; claim -> wall time its last file was uploaded."""
    uploaded = {}
    for n in range(first, first + claims):
        for name, data in claim_files(n).items():
            e2e.put(f"{prefix}{n:04d}", name, data)
        uploaded[f"{prefix}{n:04d}"] = time.time()
    return uploaded


def _verdict_times(ctx: ServiceContext, tenant: str, prefix: str) -> dict[str, float]:
    """claim -> wall time of its first verdict taken with nothing pending (the one users see)."""
    with ctx.session() as session:
        rows = session.execute(
            select(Claim.name, func.min(VerdictRow.created_at)).join(VerdictRow, VerdictRow.claim_id == Claim.id)
            .join(Tenant, Tenant.id == Claim.tenant_id)
            .where(Tenant.name == tenant, Claim.name.like(f"{prefix}%"), Claim.eval_due_at.is_(None),
                   func.jsonb_array_length(func.cast(VerdictRow.report["documents"], JSONB)) == 4)
            .group_by(Claim.name)).all()
    return {name: created.timestamp() for name, created in rows}


def run(claims: int, processes: int) -> dict[str, float]:
    """Two phases on one deployment:
    throughput: N claims queued while no worker runs, then workers drain them (first document
    started -> last finished; worker start-up excluded);
    latency: N more claims uploaded in a burst to running, warm workers (upload -> verdict)."""
    e2e = _make_e2e(evaluate_debounce_s=1.0, broker_maintenance_chance=1000, broker_heartbeat_timeout_ms=60_000)
    api = ApiThread(e2e.settings).__enter__()
    ctx = open_context(e2e.settings)
    try:
        _upload(e2e, "Q-", claims, 0)
        wait_until(lambda: _received(ctx, e2e.tenant, "Q-") == claims * 4, 300, 0.5, "queued documents")
        worker = e2e.start_worker(worker_threads=1, worker_processes=processes)
        sampler = RssSampler(worker.pid)
        sampler.start()
        wait_until(lambda: len(_verdict_times(ctx, e2e.tenant, "Q-")) == claims, 1800, 0.5, "queued verdicts")
        drained, _, drain_s = _db_span(ctx, e2e.tenant, "Q-")
        steady = _steady_rate(ctx, e2e.tenant, "Q-")

        start = time.monotonic()
        uploaded = _upload(e2e, "B-", claims, claims)
        upload_s = time.monotonic() - start
        # poll the database, not the API: hundreds of readiness calls a second would steal the
        # workers' CPU; the readiness API answers from these same rows
        wait_until(lambda: len(_verdict_times(ctx, e2e.tenant, "B-")) == claims, 1800, 0.5, "burst verdicts")
        verdict_at = _verdict_times(ctx, e2e.tenant, "B-")
        sampler.stop.set()
        burst_done, burst_s, _ = _db_span(ctx, e2e.tenant, "B-")
        latencies = sorted(verdict_at[c] - uploaded[c] for c in uploaded)
        return {"processes": processes, "documents": claims * 8, "lost": claims * 8 - drained - burst_done,
                "drain_docs_per_s": drained / drain_s if drain_s else 0.0, "steady_docs_per_s": steady,
                "burst_docs_per_s": burst_done / burst_s if burst_s else 0.0, "upload_s": upload_s,
                "p50_s": statistics.median(latencies),
                "p95_s": latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))],
                "peak_rss_mb": sampler.peak_kib / 1024}
    finally:
        _stop_workers(e2e)
        api.__exit__()
        _remove_bucket(e2e)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=20)
    args = parser.parse_args()
    subprocess.run([str(ROOT / "scripts" / "services.sh")], check=True)
    from claimready.storage.migrate import migrate
    from service_e2e import DATABASE_URL

    migrate(DATABASE_URL)
    results = [run(args.claims, p) for p in (1, 2)]
    print(f"\n{'workers':>7} {'docs':>5} {'lost':>4} {'drain docs/s':>12} {'steady docs/s':>13} {'burst docs/s':>12} "
          f"{'p50 s':>6} {'p95 s':>6} {'peak RSS MB':>11}")
    for r in results:
        print(f"{r['processes']:>7} {r['documents']:>5} {r['lost']:>4} {r['drain_docs_per_s']:>12.2f} "
              f"{r['steady_docs_per_s']:>13.2f} {r['burst_docs_per_s']:>12.2f} {r['p50_s']:>6.1f} {r['p95_s']:>6.1f} "
              f"{r['peak_rss_mb']:>11.0f}")
    for key in ("drain_docs_per_s", "steady_docs_per_s", "burst_docs_per_s"):
        if results[0][key]:
            print(f"{key}: 2 vs 1 worker processes {results[1][key] / results[0][key]:.2f}x")


if __name__ == "__main__":
    main()
