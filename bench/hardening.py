"""Issue 6 bench: the hostile corpus through the CLI and service mode, a burst of documents, and
concurrent readiness polling; prints one table (case, expected end state, observed, lost, duplicated)
and the load figures.

    .venv/bin/python bench/hardening.py [--burst-claims 100] [--docs-per-claim 5] [--pollers 50]
                                        [--polls 40] [--heavy]

Service mode here is the embedded one (SQLite, folder bucket, dramatiq StubBroker, an in-process
worker with 2 threads): the same intake, actors and API code as with Redis/PostgreSQL/S3.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from claimready.api.app import create_app  # noqa: E402
from claimready.cli import main as cli_main  # noqa: E402
from claimready.errors import InputError  # noqa: E402
from claimready.fixtures.attacks import (GOOD_LINES, AttackCase, EndState, report_name,  # noqa: E402
                                         reportlab_pdf, write_attack_corpus)
from claimready.intake.events import ObjectEvent  # noqa: E402
from claimready.storage import repo  # noqa: E402
from claimready.storage.db import Claim, Document, Tenant  # noqa: E402
from claimready.storage.keys import create_key  # noqa: E402
from service_fixtures import EmbeddedService, start_embedded  # noqa: E402

Row = tuple[str, str, str, str, int, int]  # mode, case, expected, observed, lost, duplicated
HOSTILE_KEYS = ["bench/../etc/passwd", "bench//CLM/x.pdf", "bench/CLM/%2e%2e%2fx.pdf", "bench/CLM/a\nb.pdf",
                "bench/CLM/a\x00b.pdf", "/bench/CLM/x.pdf", "bench/CLM/..", "bench\\CLM\\x.pdf"]


def observed_state(report: dict, name: str) -> tuple[str, int]:
    """The observed end state of one document in a report, and how often it appears."""
    entries = [d for d in report["documents"] if d["name"] == name]
    if not entries:
        return "missing", 0
    reasons = [d["values"][0] for d in report["discrepancies"]
               if d["code"] == "UNREADABLE_DOCUMENT" and d["documents"] == [name]]
    return (f"UNREADABLE_DOCUMENT: {reasons[0]}" if reasons else "processed"), len(entries)


def verdict_row(mode: str, case: AttackCase, report: dict, name: str) -> Row:
    if case.expected is EndState.INVALID_MANIFEST:
        found = [d["values"][0] for d in report["discrepancies"] if d["code"] == "INVALID_MANIFEST"]
        observed = f"INVALID_MANIFEST: {found[0]}" if found else "no INVALID_MANIFEST"
        return mode, case.name, case.expected.value, observed, 0, 0
    observed, count = observed_state(report, name)
    return mode, case.name, case.expected.value, observed, int(count == 0), max(0, count - 1)


def cli_rows(cases: list[AttackCase], out: Path) -> list[Row]:
    folders = sorted({c.claim_dir for c in cases})
    cli_main(["verify", *map(str, folders), "--out", str(out)])
    payload = json.loads(out.read_text(encoding="utf-8"))
    reports = dict(zip((f.name for f in folders), payload if isinstance(payload, list) else [payload]))
    return [verdict_row("cli", c, reports[c.claim_dir.name], report_name(c.file_name)) for c in cases]


def service_report(service: EmbeddedService, tenant: str, claim: str) -> dict:
    with service.ctx.session() as session:
        row = session.query(Claim).join(Tenant, Tenant.id == Claim.tenant_id).filter(
            Tenant.name == tenant, Claim.name == claim).one()
        return repo.latest_verdict(session, row.id).report  # type: ignore[union-attr]


def service_rows(service: EmbeddedService, cases: list[AttackCase]) -> list[Row]:
    rows = []
    keys: dict[str, tuple[str, str]] = {}
    for case in cases:
        claim = "HOSTILE" if case.claim_dir.name == "hostile_claim" else case.claim_dir.name.replace("_", "-")
        name = report_name(case.file_name)
        key = f"bench/{claim}/{name}"
        try:
            service.upload(key, case.path.read_bytes())
            if case.expected is EndState.INVALID_MANIFEST:
                service.upload(f"bench/{claim}/good_invoice.pdf", (case.claim_dir / "good_invoice.pdf").read_bytes())
            keys[case.name] = (claim, name)
        except InputError as exc:
            rows.append(("service", case.name, case.expected.value, f"key refused: {exc.reason[:60]}", 0, 0))
    service.drain()
    for case in cases:
        if case.name in keys:
            claim, name = keys[case.name]
            rows.append(verdict_row("service", case, service_report(service, "bench", claim), name))
    for key in HOSTILE_KEYS:
        try:
            accepted = service.deliver(ObjectEvent(key=key, etag="0" * 32, size=10))
            observed = f"accepted?! {accepted}"
        except InputError as exc:
            observed = f"refused: {exc.reason[:50]}"
        rows.append(("service", f"key {key!r}", "refused", observed, 0, 0))
    return rows


def matches(row: Row, cases: dict[str, AttackCase]) -> bool:
    if row[0] == "fault":
        equal = re.search(r"(\d+)/(\d+) verdicts equal", row[3])
        return bool(equal) and equal.group(1) == equal.group(2)  # type: ignore[union-attr]
    case = cases.get(row[1])
    if case is None:
        return row[3].startswith("refused") or row[3].startswith("key refused")
    if row[3].startswith("key refused"):
        return True  # a name no bucket key may carry (control characters) is refused at intake
    return row[3].startswith(case.expected.value) and case.reason in row[3].lower()


def burst(service: EmbeddedService, claims: int, per_claim: int) -> dict[str, float]:
    """Upload claims x per_claim distinct documents at once; time each claim from its last upload
    to its verdict; count lost and duplicated documents."""
    started: dict[str, float] = {}
    for c in range(claims):
        claim = f"BURST-{c:04d}"
        for d in range(per_claim):
            lines = (*GOOD_LINES[:1], f"Invoice No.: INV-B{c:04d}-{d}", f"Total amount: USD {100 + c}.{d:02d}")
            service.upload(f"burst/{claim}/scan_{d:04d}.pdf", reportlab_pdf(lines))
        started[claim] = time.monotonic()
    done: dict[str, float] = {}
    deadline = time.monotonic() + 3600
    while len(done) < claims and time.monotonic() < deadline:
        for claim in started:
            if claim in done:
                continue
            r = service.readiness("burst", claim)
            if r and r.status != "processing" and r.documents_pending == 0 and r.documents_total == per_claim:
                done[claim] = time.monotonic()
        time.sleep(0.2)
    with service.ctx.session() as session:
        docs = session.query(Document).join(Claim, Claim.id == Document.claim_id).join(
            Tenant, Tenant.id == Claim.tenant_id).filter(Tenant.name == "burst").all()
        names = Counter((d.claim_id, d.name) for d in docs if d.current)
        ended = sum(1 for d in docs if d.current and d.state in ("done", "failed"))
        attempts = sum(d.attempts for d in docs if d.current)
    latencies = sorted(done[c] - started[c] for c in done)
    return {"documents": claims * per_claim, "ended": ended, "lost": claims * per_claim - ended,
            "duplicated": sum(n - 1 for n in names.values()), "extractions": attempts,
            "claims_with_verdict": len(done), "p50_s": statistics.median(latencies) if latencies else float("nan"),
            "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def polling(service: EmbeddedService, pollers: int, polls: int, claims: int) -> dict[str, float]:
    """`pollers` threads each GET readiness `polls` times (a bounded loop) against uvicorn on loopback."""
    with service.ctx.session() as session:
        key = create_key(session, "burst", "portal")[1]
        session.commit()
    app = create_app(service.ctx.settings, service.ctx, service.actors)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def poll(i: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"},
                          timeout=30) as client:
            for n in range(polls):
                t = time.perf_counter()
                try:
                    r = client.get(f"/v1/claims/BURST-{(i * polls + n) % claims:04d}/readiness")
                    ok = r.status_code == 200
                except httpx.HTTPError as exc:
                    ok, r = False, exc
                with lock:
                    latencies.append(time.perf_counter() - t)
                    if not ok:
                        errors.append(str(r))

    threads = [threading.Thread(target=poll, args=(i,)) for i in range(pollers)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    server.should_exit = True
    thread.join(timeout=10)
    latencies.sort()
    return {"requests": len(latencies), "errors": len(errors), "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))], "rps": len(latencies) / wall}


def print_table(rows: list[Row], cases: dict[str, AttackCase]) -> int:
    head = ("mode", "case", "expected", "observed", "lost", "dup", "ok")
    body = [(m, c, e, o[:88], str(lo), str(du), "yes" if matches(r, cases) and not lo and not du else "NO")
            for r in rows for m, c, e, o, lo, du in [r]]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    for line in [head, *body]:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths)))
    return sum(1 for b in body if b[-1] == "NO")


def fault_rows() -> list[Row]:
    """The fault scenarios of tests/faults on real services (scripts/services.sh must have started
    SeaweedFS, Redis and PostgreSQL), one row each: documents done, verdicts equal, lost, duplicated."""
    import subprocess

    with tempfile.TemporaryDirectory(prefix="claimready-faults-") as tmp:
        report = Path(tmp) / "faults.jsonl"
        env = {**os.environ, "CLAIMREADY_FAULTS_REPORT": str(report), "OMP_THREAD_LIMIT": "1"}
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               str(ROOT / "tests" / "faults" / "test_faults_service.py")],
                              env=env, cwd=ROOT, capture_output=True, text=True)
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:])
        found = [json.loads(line) for line in report.read_text().splitlines()] if report.exists() else []
    return [("fault", r["case"].removeprefix("test_faults_"), r["expected"], r["observed"], r["lost"],
             r["duplicated"]) for r in found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst-claims", type=int, default=100)
    parser.add_argument("--docs-per-claim", type=int, default=5)
    parser.add_argument("--pollers", type=int, default=50)
    parser.add_argument("--polls", type=int, default=40)
    parser.add_argument("--heavy", action="store_true", help="also the 500-blank-frame TIFF (slow by design)")
    parser.add_argument("--faults", action="store_true",
                        help="only the fault scenarios on real services (Redis/PostgreSQL restarts, S3 cut 30 s, "
                             "SIGKILL mid-OCR, API restart)")
    args = parser.parse_args()
    if args.faults:
        rows = fault_rows()
        return print_table(rows, {}) if rows else 1
    with tempfile.TemporaryDirectory(prefix="claimready-hardening-") as tmp:
        root = Path(tmp)
        cases = write_attack_corpus(root / "corpus", include_heavy=args.heavy)
        by_name = {c.name: c for c in cases}
        t = time.perf_counter()
        rows = cli_rows(cases, root / "reports.json")
        cli_s = time.perf_counter() - t
        (root / "service").mkdir()
        service = start_embedded(root / "service", ocr_workers=1)
        service.start()
        try:
            t = time.perf_counter()
            rows += service_rows(service, cases)
            service_s = time.perf_counter() - t
            failures = print_table(rows, by_name)
            print(f"\nhostile corpus: {len(cases)} cases, CLI {cli_s:.1f} s, service {service_s:.1f} s, "
                  f"{failures} row(s) not as expected")
            figures = burst(service, args.burst_claims, args.docs_per_claim)
            print("\nburst:", ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()))
            load = polling(service, args.pollers, args.polls, args.burst_claims)
            print(f"readiness polling ({args.pollers} clients x {args.polls}):",
                  ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in load.items()))
        finally:
            service.stop()
            service.actors.broker.close()
    return 1 if failures or figures["lost"] or figures["duplicated"] or load["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
