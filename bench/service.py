"""Service-mode throughput: N text-layer claims uploaded to SeaweedFS in a burst.

Measures, with 1 and with 2 worker processes (one thread each): upload -> verdict latency
p50/p95 (per claim, from its last file's upload to the readiness API answering a verdict),
documents per second, lost documents (must be 0) and peak RSS of a worker process.
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


def _db_counts(ctx: ServiceContext, tenant: str) -> tuple[int, float, float]:
    """(finished documents, seconds from first received to last finished, ... to last received)."""
    with ctx.session() as session:
        where = (Tenant.name == tenant, Claim.name.like("B-%"), Document.state.in_(("done", "failed")))
        q = select(func.count(), func.min(Document.received_at), func.max(Document.finished_at),
                   func.max(Document.received_at)).select_from(
            Document).join(Claim, Claim.id == Document.claim_id).join(Tenant, Tenant.id == Claim.tenant_id).where(*where)
        count, first, last, last_received = session.execute(q).one()
    if not (first and last):
        return count, 0.0, 0.0
    return count, (last - first).total_seconds(), (last_received - first).total_seconds()


def _verdict_times(ctx: ServiceContext, tenant: str) -> dict[str, float]:
    """claim -> wall time of its first verdict taken with nothing pending (the one users see)."""
    with ctx.session() as session:
        rows = session.execute(
            select(Claim.name, func.min(VerdictRow.created_at)).join(VerdictRow, VerdictRow.claim_id == Claim.id)
            .join(Tenant, Tenant.id == Claim.tenant_id)
            .where(Tenant.name == tenant, Claim.name.like("B-%"), Claim.eval_due_at.is_(None),
                   func.jsonb_array_length(func.cast(VerdictRow.report["documents"], JSONB)) == 4)
            .group_by(Claim.name)).all()
    return {name: created.timestamp() for name, created in rows}


def run(claims: int, processes: int) -> dict[str, float]:
    e2e = _make_e2e(evaluate_debounce_s=1.0, broker_maintenance_chance=1000, broker_heartbeat_timeout_ms=60_000)
    api = ApiThread(e2e.settings).__enter__()
    ctx = open_context(e2e.settings)
    try:
        worker = e2e.start_worker(worker_threads=1, worker_processes=processes)
        sampler = RssSampler(worker.pid)
        sampler.start()
        for name, data in claim_files(9999).items():  # warm-up: every process loads its models
            e2e.put("warmup", name, data)
        e2e.wait_verdict("warmup", documents=4, timeout=300)
        uploaded: dict[str, float] = {}  # claim -> wall time its last file was uploaded
        start = time.monotonic()
        for n in range(claims):
            for name, data in claim_files(n).items():
                e2e.put(f"B-{n:04d}", name, data)
            uploaded[f"B-{n:04d}"] = time.time()
        upload_s = time.monotonic() - start
        # poll the database, not the API: hundreds of readiness calls a second would steal the
        # workers' CPU; the readiness API answers from these same rows
        wait_until(lambda: len(_verdict_times(ctx, e2e.tenant)) == claims, timeout=1800, interval=0.5, what="all verdicts")
        verdict_at = _verdict_times(ctx, e2e.tenant)
        sampler.stop.set()
        finished, busy_s, intake_s = _db_counts(ctx, e2e.tenant)
        latencies = sorted(verdict_at[c] - uploaded[c] for c in uploaded)
        assert all(e2e.readiness(c).json()["status"] != "processing" for c in list(uploaded)[:3])
        return {"processes": processes, "claims": claims, "documents": claims * 4, "finished": finished,
                "lost": claims * 4 - finished, "upload_s": upload_s, "intake_s": intake_s, "busy_s": busy_s, "docs_per_s": finished / busy_s if busy_s else 0,
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
    print(f"\n{'workers':>7} {'docs':>5} {'lost':>4} {'docs/s':>7} {'p50 s':>6} {'p95 s':>6} {'peak RSS MB':>11}"
          f" {'upload s':>8} {'intake s':>8} {'busy s':>6}")
    for r in results:
        print(f"{r['processes']:>7} {r['documents']:>5} {r['lost']:>4} {r['docs_per_s']:>7.2f} {r['p50_s']:>6.1f} "
              f"{r['p95_s']:>6.1f} {r['peak_rss_mb']:>11.0f} {r['upload_s']:>8.1f} {r['intake_s']:>8.1f} {r['busy_s']:>6.1f}")
    if results[0]["docs_per_s"]:
        print(f"speed-up with 2 worker processes: {results[1]['docs_per_s'] / results[0]['docs_per_s']:.2f}x")


if __name__ == "__main__":
    main()
