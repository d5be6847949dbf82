"""Uploads (size and type checked up front, 413/415 with a JSON body), callbacks (register,
list, remove, signed POST on a status change) and the OpenAPI schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from claimready.review.callback_delivery import verify_signature
from claimready.review.store import CallbackRegistration
from conftest import Portal, auth

CLAIM = "CLM-REVIEW-1"


def test_portal_upload_stores_pdf_and_manifest_then_runs_the_pipeline(portal: Portal) -> None:
    pdf = (portal.sample.folder / "scan_0001.pdf").read_bytes()
    files = [("files", ("scan_9.pdf", pdf, "application/pdf")),
             ("files", ("claim.json", b'{"claim_id": "CLM-NEW", "currency": "USD"}', "application/json"))]
    response = portal.client.post("/v1/claims/CLM-NEW/files", files=files, headers=auth("k-portal"))
    assert response.status_code == 202
    assert [(f["name"], f["kind"]) for f in response.json()["files"]] == [("scan_9.pdf", "pdf"), ("claim.json", "manifest")]
    assert portal.uploads == [("acme", "CLM-NEW", "scan_9.pdf"), ("acme", "CLM-NEW", "claim.json")]


def test_portal_upload_refuses_an_unsupported_type_with_415(portal: Portal) -> None:
    files = [("files", ("ok.pdf", b"%PDF-1.4 tiny", "application/pdf")),
             ("files", ("contract.docx", b"PK\x03\x04 zipped", "application/octet-stream"))]
    response = portal.client.post(f"/v1/claims/{CLAIM}/files", files=files, headers=auth("k-portal"))
    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "unsupported_media_type" and "contract.docx" in body["message"] and "ZIP" in body["message"]
    assert portal.uploads == []  # nothing stored when any file is refused


def test_portal_upload_refuses_a_too_large_body_with_413(portal: Portal) -> None:
    big = b"%PDF-1.4\n" + b"0" * 250_000
    response = portal.client.post(f"/v1/claims/{CLAIM}/files", files=[("files", ("big.pdf", big, "application/pdf"))],
                                  headers=auth("k-portal"))
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert "200000" in response.json()["message"]


def test_portal_upload_refuses_one_file_over_the_file_limit(portal: Portal) -> None:
    big = b"%PDF-1.4\n" + b"0" * 160_000
    response = portal.client.post(f"/v1/claims/{CLAIM}/files", files=[("files", ("big.pdf", big, "application/pdf"))],
                                  headers=auth("k-portal"))
    assert response.status_code == 413 and "big.pdf" in response.json()["message"]


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"data": {"x": "1"}}, 415, "unsupported_media_type"),
    ({"files": [("files", ("claim.json", b"{not json", "application/json"))]}, 422, "invalid_manifest"),
    ({"files": [("files", ("empty.pdf", b"", "application/pdf"))]}, 400, "bad_input"),
])
def test_portal_upload_errors_are_json_with_a_code(portal: Portal, kwargs: dict, status: int, code: str) -> None:
    response = portal.client.post(f"/v1/claims/{CLAIM}/files", headers=auth("k-portal"), **kwargs)
    assert response.status_code == status and response.json()["code"] == code


def test_portal_upload_needs_a_key(portal: Portal) -> None:
    response = portal.client.post(f"/v1/claims/{CLAIM}/files", files=[("files", ("a.pdf", b"%PDF-1.4", "application/pdf"))])
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_portal_callbacks_register_list_remove_per_tenant(portal: Portal) -> None:
    created = portal.client.post("/v1/callbacks", json={"url": "https://portal.acme.example/hook"},
                                 headers=auth("k-portal"))
    assert created.status_code == 201 and len(created.json()["secret"]) > 30
    listed = portal.client.get("/v1/callbacks", headers=auth("k-portal")).json()
    assert [c["url"] for c in listed] == ["https://portal.acme.example/hook"] and "secret" not in listed[0]
    assert portal.client.get("/v1/callbacks", headers=auth("k-other")).status_code == 403  # adjuster role
    cid = created.json()["id"]
    assert portal.client.delete(f"/v1/callbacks/{cid}", headers=auth("k-admin")).status_code == 204
    assert portal.client.delete(f"/v1/callbacks/{cid}", headers=auth("k-admin")).json()["code"] == "not_found"


def test_portal_callback_url_must_be_https(portal: Portal) -> None:
    response = portal.client.post("/v1/callbacks", json={"url": "http://portal.acme.example/hook"},
                                  headers=auth("k-portal"))
    assert response.status_code == 400 and response.json()["code"] == "bad_input"


def test_portal_status_change_sends_a_signed_post(portal: Portal, monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[httpx.Request] = []
    real_client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **kw: real_client(
        transport=httpx.MockTransport(lambda r: (received.append(r), httpx.Response(204))[1])))
    portal.store.add_callback(CallbackRegistration("cb1", "acme", "https://portal.acme.example/hook", "sekret",
                                                   datetime.now(UTC), "t"))
    report = portal.client.get(f"/v1/claims/{CLAIM}/report", headers=auth("k-adjuster")).json()
    for d in report["discrepancies"]:  # waive all: not_ready -> ready on the last one
        portal.client.post(f"/v1/claims/{CLAIM}/decisions", headers=auth("k-adjuster"),
                           json={"discrepancy_key": d["key"], "action": "waive", "comment": "ok"})
    assert len(received) == 1  # only the decision that changed the status
    request = received[0]
    body = json.loads(request.content)
    assert (body["claim_id"], body["previous_status"], body["status"]) == (CLAIM, "not_ready", "ready")
    assert verify_signature("sekret", int(request.headers["X-ClaimReady-Timestamp"]), request.content,
                            request.headers["X-ClaimReady-Signature"])


def test_portal_openapi_documents_every_route_with_error_bodies(portal: Portal) -> None:
    schema = portal.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/v1/claims", "/v1/claims/{claim_id}/report", "/v1/claims/{claim_id}/files",
                 "/v1/claims/{claim_id}/decisions", "/v1/claims/{claim_id}/audit", "/v1/claims/{claim_id}/verdicts",
                 "/v1/claims/{claim_id}/reevaluate", "/v1/callbacks", "/review/claims/{claim_id}"):
        assert path in paths
    for path, ops in paths.items():
        if not path.startswith("/v1/"):
            continue
        for method, op in ops.items():
            assert "401" in op["responses"], (method, path)
            assert op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    upload = paths["/v1/claims/{claim_id}/files"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"413", "415"} <= set(upload["responses"])
