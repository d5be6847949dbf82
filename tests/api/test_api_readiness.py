"""The HTTP API on an embedded service: Bearer keys, tenant isolation, readiness states, events,
error JSON with a stable code."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from service_claims import claim_files
from service_fixtures import EmbeddedService

from claimready.api.app import create_app
from claimready.storage.keys import create_key, revoke_key


def _key(service: EmbeddedService, tenant: str, role: str = "portal") -> tuple[str, str]:
    with service.ctx.session() as session:
        key_id, key = create_key(session, tenant, role)
        session.commit()
    return key_id, key


@pytest.fixture
def client(embedded: EmbeddedService) -> TestClient:
    return TestClient(create_app(embedded.ctx.settings, embedded.ctx, embedded.actors))


def _get(client: TestClient, claim: str, key: str | None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(f"/v1/claims/{claim}/readiness", headers=headers)


def test_api_readiness_reports_the_stored_verdict(client: TestClient, embedded: EmbeddedService) -> None:
    for name, data in claim_files(1).items():
        embedded.upload(f"acme/CLM-1/{name}", data)
    embedded.drain()
    _, key = _key(embedded, "acme")
    body = _get(client, "CLM-1", key).json()
    assert body["status"] in ("ready", "needs_review", "not_ready")
    assert body["documents_total"] == 4 and body["documents_pending"] == 0
    assert set(body["discrepancy_counts"]) == {"blocking", "major", "minor", "info"}


def test_api_readiness_is_processing_while_documents_are_pending(client: TestClient,
                                                                 embedded: EmbeddedService) -> None:
    embedded.stop()  # no worker: the document stays received
    embedded.upload("acme/CLM-2/a.pdf", claim_files(2)["scan_0001.pdf"])
    _, key = _key(embedded, "acme")
    body = _get(client, "CLM-2", key).json()
    assert (body["status"], body["documents_pending"], body["documents_total"]) == ("processing", 1, 1)


def test_api_readiness_foreign_claim_is_404_like_a_missing_one(client: TestClient,
                                                               embedded: EmbeddedService) -> None:
    embedded.upload("acme/CLM-3/a.pdf", claim_files(3)["scan_0001.pdf"])
    _, other = _key(embedded, "globex")
    foreign, missing = _get(client, "CLM-3", other), _get(client, "NO-SUCH", other)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["code"] == missing.json()["code"] == "not_found"


@pytest.mark.parametrize("key", [None, "cr_nope_nope", "garbage"])
def test_api_readiness_needs_a_valid_bearer_key(client: TestClient, key: str | None) -> None:
    response = _get(client, "CLM-1", key)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_api_readiness_refuses_a_revoked_key(client: TestClient, embedded: EmbeddedService) -> None:
    key_id, key = _key(embedded, "acme")
    with embedded.ctx.session() as session:
        revoke_key(session, key_id)
        session.commit()
    assert _get(client, "CLM-1", key).status_code == 401


def test_api_events_minio_records_queue_each_object_once(client: TestClient, embedded: EmbeddedService) -> None:
    data = claim_files(4)["scan_0001.pdf"]
    info = embedded.ctx.bucket.put("acme/CLM-4/scan 1.pdf", data)
    record = {"eventName": "s3:ObjectCreated:Put",
              "s3": {"bucket": {"name": embedded.ctx.bucket.name},
                     "object": {"key": "acme/CLM-4/scan+1.pdf", "size": info.size, "eTag": info.etag}}}
    payload = json.dumps({"Records": [record, record]})
    first = client.post("/v1/events/minio", content=payload).json()
    again = client.post("/v1/events/minio", content=payload).json()
    assert (first["queued"], first["known"], again["queued"], again["known"]) == (1, 1, 0, 2)


def test_api_events_reject_keys_escaping_their_prefix(client: TestClient, embedded: EmbeddedService) -> None:
    record = {"eventName": "s3:ObjectCreated:Put",
              "s3": {"bucket": {"name": embedded.ctx.bucket.name},
                     "object": {"key": "acme/CLM-5/..%2F..%2Fetc%2Fpasswd", "size": 1, "eTag": "x"}}}
    body = client.post("/v1/events/minio", json={"Records": [record]}).json()
    assert body["rejected"] == 1 and body["queued"] == 0


def test_api_events_need_the_webhook_token_when_set(embedded: EmbeddedService) -> None:
    settings = embedded.ctx.settings.model_copy(update={"webhook_token": "s3cret"})
    client = TestClient(create_app(settings, embedded.ctx.__class__(settings, embedded.ctx.sessions,
                                                                    embedded.ctx.bucket), embedded.actors))
    denied = client.post("/v1/events/seaweedfs", json={"event_type": "create"})
    allowed = client.post("/v1/events/seaweedfs", json={"event_type": "create"},
                          headers={"Authorization": "Bearer s3cret"})
    assert denied.status_code == 401 and allowed.status_code == 200


def test_api_bad_event_payload_is_a_400_with_code(client: TestClient) -> None:
    response = client.post("/v1/events/minio", content=b"{not json")
    assert response.status_code == 400 and response.json()["code"] == "bad_input"


def test_api_serves_openapi_with_readiness_and_health(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/claims/{claim_id}/readiness" in paths and "/health" in paths
    assert client.get("/health/ready").json() == {"status": "ok", "database": "ok", "broker": "ok", "bucket": "ok"}


@pytest.mark.redis
def test_api_health_ready_names_each_dependency_that_is_down(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Redis on a closed port, the database file in a folder that does not exist, the bucket a file."""
    from service_fixtures import embedded_settings

    from claimready.storage.migrate import migrate

    (tmp_path / "not-a-folder").write_text("x")
    good = embedded_settings(tmp_path, broker="redis", redis_url="redis://127.0.0.1:6379/0")
    migrate(good.database_url)
    assert TestClient(create_app(good)).get("/health/ready").json()["broker"] == "ok"  # the real Redis answers
    cases = {"broker": dict(broker="redis", redis_url="redis://127.0.0.1:9/0"),
             "database": dict(database_url=f"sqlite:///{tmp_path}/missing/dir/db.sqlite"),
             "bucket": dict(bucket_url=f"file://{tmp_path}/not-a-folder")}
    for down, overrides in cases.items():
        answer = TestClient(create_app(embedded_settings(tmp_path, **overrides))).get("/health/ready")
        body = answer.json()
        assert answer.status_code == 503 and body["status"] == "unavailable", (down, body)
        assert body[down].startswith("unavailable"), (down, body)
        assert all(body[other] == "ok" for other in ("database", "broker", "bucket") if other != down), (down, body)


def test_api_metrics_count_the_tenants_documents_for_admins_only(client: TestClient,
                                                                   embedded: EmbeddedService) -> None:
    for name, data in claim_files(1).items():
        embedded.upload(f"acme/CLM-1/{name}", data)
    embedded.upload("globex/CLM-9/invoice.pdf", next(iter(claim_files(1).values())))
    embedded.drain()
    _, admin = _key(embedded, "acme", "admin")
    _, portal = _key(embedded, "acme", "portal")
    documents = sum(1 for name in claim_files(1) if name != "claim.json")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Bearer {portal}"}).status_code == 403
    text = client.get("/metrics", headers={"Authorization": f"Bearer {admin}"}).text
    assert f'claimready_documents{{state="done"}} {documents}' in text  # globex's document is not counted
    assert "claimready_claims 1" in text and "claimready_claims_awaiting_evaluation 0" in text


def test_api_events_with_broker_down_answer_503_for_a_retry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from service_fixtures import embedded_settings

    from claimready.storage.migrate import migrate

    settings = embedded_settings(tmp_path, broker="redis", redis_url="redis://127.0.0.1:9/0")
    migrate(settings.database_url)
    client = TestClient(create_app(settings))
    record = {"eventName": "s3:ObjectCreated:Put",
              "s3": {"bucket": {"name": "bucket"}, "object": {"key": "acme/CLM-9/a.pdf", "size": 1, "eTag": "e"}}}
    response = client.post("/v1/events/minio", json={"Records": [record]})
    assert response.status_code == 503 and response.json()["code"] == "broker_unavailable"
