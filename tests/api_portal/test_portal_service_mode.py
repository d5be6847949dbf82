"""Issue 5 on service mode: the portal API and review page served by `create_app` (what `claimready
serve` runs) over the service database and bucket (claimready.review.sql_store), with real workers.

The same journey runs twice: embedded (SQLite, folder bucket, StubBroker, in-process worker) for a
fast check, and on real PostgreSQL, Redis and SeaweedFS with a `claimready worker` process:
upload by the portal API -> worker -> readiness -> an adjuster waives the PARTY_MISMATCH with a
comment -> verdict recomputed, audited -> another upload re-evaluates and the waiver holds -> the
portal's registered callback URL gets a signed POST for the worker's status change."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))

from claimready.api.app import create_app  # noqa: E402
from claimready.review.callback_delivery import verify_signature  # noqa: E402
from claimready.storage.keys import create_key  # noqa: E402
from claimready.workers.context import ServiceContext  # noqa: E402
from service_e2e import e2e_factory, services  # noqa: E402,F401  (fixtures)
from service_fixtures import EmbeddedService, start_embedded  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "claimready" / "fixtures" / "samples" / "party_mismatch"
CLAIM = json.loads((SAMPLE / "claim.json").read_text())["claim_id"]
BROKEN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntruncated here"


def sample_files() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in sorted(SAMPLE.iterdir())]


def make_keys(ctx: ServiceContext, tenant: str) -> dict[str, str]:
    with ctx.session() as session:
        keys = {role: create_key(session, tenant, role)[1] for role in ("portal", "adjuster")}
        keys["foreign"] = create_key(session, f"{tenant}-other", "adjuster")[1]
        session.commit()
    return keys


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Receiver:
    """A portal's callback endpoint on loopback: keeps every POST (headers and body)."""

    posts: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    server: HTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_port}/claimready-hook"

    def start(self) -> Receiver:
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                posts.append(({k: v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver().start()
    yield found
    found.stop()


def wait_until(check: Callable[[], object], timeout: float = 120.0, what: str = "") -> object:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def settled(client: httpx.Client | TestClient, key: str, documents: int,
            drain: Callable[[], None] | None = None) -> dict:  # type: ignore[type-arg]
    """The readiness answer once the claim has `documents` documents and a verdict."""

    def done() -> dict | None:  # type: ignore[type-arg]
        if drain is not None:
            drain()
        body = client.get(f"/v1/claims/{CLAIM}/readiness", headers=auth(key)).json()
        return body if body.get("status") not in (None, "processing") and body["documents_total"] == documents \
            else None

    return wait_until(done, what=f"a verdict on {CLAIM} with {documents} documents")  # type: ignore[return-value]


def run_journey(client: httpx.Client | TestClient, keys: dict[str, str], receiver: Receiver,
                drain: Callable[[], None] | None = None) -> None:
    documents = sum(1 for p in SAMPLE.iterdir() if p.name != "claim.json")
    uploaded = client.post(f"/v1/claims/{CLAIM}/files", headers=auth(keys["portal"]), files=sample_files())
    assert uploaded.status_code == 202, uploaded.text
    first = settled(client, keys["portal"], documents, drain)
    assert first["status"] == "not_ready" and first["discrepancy_counts"]["blocking"] == 1

    report = client.get(f"/v1/claims/{CLAIM}/report", headers=auth(keys["adjuster"])).json()
    party = next(d for d in report["discrepancies"] if d["code"] == "PARTY_MISMATCH")
    decided = client.post(f"/v1/claims/{CLAIM}/decisions", headers=auth(keys["adjuster"]),
                          json={"discrepancy_key": party["key"], "action": "waive",
                                "comment": "Same buyer: trading name on the B/L, group letter on file"})
    assert decided.status_code == 201, decided.text
    after = client.get(f"/v1/claims/{CLAIM}/readiness", headers=auth(keys["portal"])).json()
    assert after["status"] == "ready" and after["discrepancy_counts"]["blocking"] == 0  # the waived one is not counted
    listed = client.get("/v1/claims", headers=auth(keys["adjuster"])).json()["claims"]
    assert [(c["claim_id"], c["status"], c["waived"]) for c in listed] == [(CLAIM, "ready", 1)]

    audit = client.get(f"/v1/claims/{CLAIM}/audit", headers=auth(keys["adjuster"])).json()
    waive = [a for a in audit if a["action"] == "waive"]
    assert len(waive) == 1 and waive[0]["actor"].startswith("api-key:")
    assert "group letter on file" in waive[0]["detail"] and waive[0]["at"]
    history = client.get(f"/v1/claims/{CLAIM}/verdicts", headers=auth(keys["adjuster"])).json()
    assert [h["status"] for h in history][-2:] == ["not_ready", "ready"]

    hook = client.post("/v1/callbacks", headers=auth(keys["portal"]), json={"url": receiver.url})
    assert hook.status_code == 201, hook.text
    secret = hook.json()["secret"]
    more = client.post(f"/v1/claims/{CLAIM}/files", headers=auth(keys["portal"]),
                       files=[("files", ("late_scan.pdf", BROKEN_PDF, "application/pdf"))])
    assert more.status_code == 202, more.text
    final = settled(client, keys["portal"], documents + 1, drain)
    assert final["status"] == "needs_review"  # the new unreadable file counts; the waived mismatch does not
    assert final["discrepancy_counts"]["major"] >= 1

    wait_until(lambda: receiver.posts, 30, "the status-change callback")
    headers, body = receiver.posts[-1]
    change = json.loads(body)
    assert (change["claim_id"], change["previous_status"], change["status"]) == (CLAIM, "ready", "needs_review")
    assert verify_signature(secret, int(headers["X-ClaimReady-Timestamp"]), body, headers["X-ClaimReady-Signature"])


def assert_foreign_key_sees_nothing(client: httpx.Client | TestClient, key: str) -> None:
    """Another tenant's key: every claim route answers 404 exactly as for a missing claim."""
    name = next(p.name for p in sorted(SAMPLE.iterdir()) if p.suffix == ".pdf")
    for method, path in [("GET", f"/v1/claims/{CLAIM}/readiness"), ("GET", f"/v1/claims/{CLAIM}/report"),
                         ("GET", f"/v1/claims/{CLAIM}/decisions"), ("GET", f"/v1/claims/{CLAIM}/audit"),
                         ("GET", f"/v1/claims/{CLAIM}/verdicts"), ("POST", f"/v1/claims/{CLAIM}/reevaluate"),
                         ("GET", f"/v1/claims/{CLAIM}/documents/{name}/pages/1/image"),
                         ("GET", f"/review/claims/{CLAIM}/documents/{name}/pages/1.png"),
                         ("GET", f"/review/claims/{CLAIM}")]:
        answer = client.request(method, path, headers=auth(key))
        assert answer.status_code == 404, (method, path, answer.status_code)
    listed = client.get("/v1/claims", headers=auth(key)).json()
    assert listed["claims"] == []


# --- embedded: SQLite, folder bucket, StubBroker --------------------------------------------------
@pytest.fixture
def embedded_app(tmp_path: Path) -> Iterator[tuple[TestClient, EmbeddedService, dict[str, str]]]:
    service = start_embedded(tmp_path, evaluate_debounce_s=0.2)
    keys = make_keys(service.ctx, "acme")
    service.start()
    with TestClient(create_app(service.ctx.settings, service.ctx, service.actors)) as client:
        yield client, service, keys
    service.stop()


def test_portal_service_mode_embedded_journey_keeps_waivers_and_calls_back(
        embedded_app: tuple[TestClient, EmbeddedService, dict[str, str]], receiver: Receiver) -> None:
    client, service, keys = embedded_app
    run_journey(client, keys, receiver, drain=service.drain)
    assert_foreign_key_sees_nothing(client, keys["foreign"])


def test_portal_service_mode_serves_review_page_and_openapi(
        embedded_app: tuple[TestClient, EmbeddedService, dict[str, str]]) -> None:
    client, _, keys = embedded_app
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/claims/{claim_id}/readiness", "/v1/claims/{claim_id}/report", "/v1/claims/{claim_id}/files",
            "/v1/claims/{claim_id}/decisions", "/v1/events/minio", "/review/claims/{claim_id}"} <= set(paths)
    page = client.get("/review/", headers=auth(keys["adjuster"]))
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]


def test_portal_service_mode_refuses_oversized_manifest_without_reading_it(
        embedded_app: tuple[TestClient, EmbeddedService, dict[str, str]]) -> None:
    client, service, keys = embedded_app
    limit = service.ctx.settings.max_manifest_bytes
    reads: list[str] = []
    original_get = service.ctx.bucket.get
    service.ctx.bucket.get = lambda key, dest: (reads.append(key), original_get(key, dest))[1]  # type: ignore[method-assign]
    service.upload(f"acme/{CLAIM}/claim.json", b"{" + b" " * (limit + 10) + b"}")
    service.drain()
    report = client.get(f"/v1/claims/{CLAIM}/report", headers=auth(keys["adjuster"])).json()
    assert any(d["code"] == "INVALID_MANIFEST" and "more than" in d["message"] for d in report["discrepancies"])
    assert not any(k.endswith("claim.json") for k in reads)


# --- real PostgreSQL, Redis, SeaweedFS, worker process ----------------------------------------------
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.s3
@pytest.mark.slow
def test_portal_service_mode_on_real_services_keeps_waivers_and_calls_back(
        e2e_factory: Callable[..., object], receiver: Receiver) -> None:
    from service_e2e import WEBHOOK_PORT, E2E
    from claimready.workers.actors import setup_workers

    e2e: E2E = e2e_factory()  # type: ignore[assignment]
    ctx, _ = setup_workers(e2e.settings)
    keys = make_keys(ctx, e2e.tenant)
    e2e.start_worker()
    with httpx.Client(base_url=f"http://127.0.0.1:{WEBHOOK_PORT}", timeout=30) as client:
        run_journey(client, keys, receiver)
        assert_foreign_key_sees_nothing(client, keys["foreign"])
