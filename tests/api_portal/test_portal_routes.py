"""Portal API: auth and roles, tenant isolation on every route, listing, report, evidence,
decisions with recomputed verdict, audit, verdict history, JSON errors with a stable code."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import Portal, auth
from review_samples import CONTRACT_BUYER, INVOICE_BUYER

CLAIM = "CLM-REVIEW-1"
PARTY_FIELDS = ("PARTY_MISMATCH",)


def _key_of(portal: Portal, code: str) -> str:
    report = portal.client.get(f"/v1/claims/{CLAIM}/report", headers=auth("k-adjuster")).json()
    return next(d["key"] for d in report["discrepancies"] if d["code"] == code)


def _crop_url(portal: Portal) -> str:
    report = portal.client.get(f"/v1/claims/{CLAIM}/report", headers=auth("k-portal")).json()
    buyer = next(d for d in report["documents"] if d["name"] == "scan_0001.pdf")["fields"]["buyer"]
    bbox = ",".join(str(v) for v in buyer["bbox"])
    return f"/v1/claims/{CLAIM}/documents/scan_0001.pdf/pages/1/image?bbox={bbox}&crop=true"


# every claim-scoped route, as (method, path template, body kind)
CLAIM_ROUTES = [
    ("GET", "/v1/claims/{c}/report", None),
    ("GET", "/v1/claims/{c}/decisions", None),
    ("POST", "/v1/claims/{c}/decisions", "decision"),
    ("GET", "/v1/claims/{c}/audit", None),
    ("GET", "/v1/claims/{c}/verdicts", None),
    ("POST", "/v1/claims/{c}/reevaluate", None),
    ("GET", "/v1/claims/{c}/documents/scan_0001.pdf/pages/1/image", None),
    ("GET", "/v1/claims/{c}/documents/scan_0001.pdf/pages/1/image?bbox=0.1,0.1,0.3,0.2&crop=true", None),
]


def _call(portal: Portal, method: str, path: str, body: str | None, key: str | None):
    headers = auth(key) if key else {}
    json = {"discrepancy_key": "x", "action": "waive", "comment": "why"} if body == "decision" else None
    return portal.client.request(method, path, headers=headers, json=json)


@pytest.mark.parametrize(("method", "path", "body"), CLAIM_ROUTES)
def test_portal_routes_refuse_a_request_without_a_key(portal: Portal, method: str, path: str, body: str | None) -> None:
    response = _call(portal, method, path.format(c=CLAIM), body, None)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert _call(portal, method, path.format(c=CLAIM), body, "k-bogus").json()["code"] == "unauthorized"


@pytest.mark.parametrize(("method", "path", "body"), CLAIM_ROUTES)
def test_portal_routes_answer_another_tenants_claim_like_a_missing_one(portal: Portal, method: str, path: str,
                                                                      body: str | None) -> None:
    other = _call(portal, method, path.format(c="CLM-GLOBEX"), body, "k-admin")
    missing = _call(portal, method, path.format(c="CLM-NOPE"), body, "k-admin")
    assert other.status_code == missing.status_code == 404
    assert other.json()["code"] == missing.json()["code"] == "not_found"
    assert other.json()["message"].replace("CLM-GLOBEX", "X") == missing.json()["message"].replace("CLM-NOPE", "X")


def test_portal_files_of_another_tenant_are_not_found_even_by_page_image(portal: Portal) -> None:
    own = portal.client.get("/v1/claims/CLM-GLOBEX/documents/scan_0001.pdf/pages/1/image", headers=auth("k-other"))
    assert own.status_code == 200 and own.headers["content-type"] == "image/png"
    stolen = portal.client.get("/v1/claims/CLM-GLOBEX/documents/scan_0001.pdf/pages/1/image", headers=auth("k-portal"))
    assert stolen.status_code == 404


def test_portal_list_claims_pages_with_a_cursor(portal: Portal) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = portal.client.get("/v1/claims", params=params, headers=auth("k-portal")).json()
        seen += [c["claim_id"] for c in body["claims"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["CLM-R4", "CLM-R3", "CLM-R2", "CLM-R1", "CLM-R0", CLAIM]  # newest first, each once
    assert "CLM-GLOBEX" not in seen


def test_portal_list_claims_filters_status_score_and_updated_since(portal: Portal) -> None:
    def ids(**params: object) -> list[str]:
        body = portal.client.get("/v1/claims", params=params, headers=auth("k-portal")).json()
        return [c["claim_id"] for c in body["claims"]]

    assert ids(status="not_ready") == [CLAIM]
    assert ids(min_score=93) == ["CLM-R4", "CLM-R3"]
    assert ids(max_score=50) == [CLAIM]
    assert ids(updated_since="2025-09-04T00:00:00Z") == ["CLM-R4", "CLM-R3", "CLM-R2"]


@pytest.mark.parametrize("params", [{"cursor": "garbage!"}, {"min_score": 80, "max_score": 10}, {"limit": 0},
                                    {"status": "lost"}, {"updated_since": "yesterday"}])
def test_portal_list_claims_refuses_bad_parameters_with_a_code(portal: Portal, params: dict) -> None:
    response = portal.client.get("/v1/claims", params=params, headers=auth("k-portal"))
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("bad_input", "invalid_request")


def test_portal_report_carries_keys_evidence_and_counts(portal: Portal) -> None:
    report = portal.client.get(f"/v1/claims/{CLAIM}/report", headers=auth("k-portal")).json()
    assert report["status"] == "not_ready" and report["original_status"] == "not_ready"
    party = next(d for d in report["discrepancies"] if d["code"] == "PARTY_MISMATCH")
    assert party["values"] == [CONTRACT_BUYER, INVOICE_BUYER] and len(party["key"]) == 16
    assert party["decision"] is None
    invoice = next(d for d in report["documents"] if d["name"] == "scan_0001.pdf")
    assert invoice["fields"]["buyer"]["value"] == INVOICE_BUYER


def test_portal_evidence_crop_is_a_png_strip(portal: Portal) -> None:
    response = portal.client.get(_crop_url(portal), headers=auth("k-portal"))
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.width > 3 * image.height


@pytest.mark.parametrize(("suffix", "status", "code"), [
    ("pages/1/image?bbox=1,2,3", 400, "bad_input"),
    ("pages/1/image?crop=true", 400, "bad_input"),
    ("pages/9/image", 404, "not_found"),
    ("pages/0/image", 422, "invalid_request"),
])
def test_portal_evidence_errors_are_json_with_a_code(portal: Portal, suffix: str, status: int, code: str) -> None:
    response = portal.client.get(f"/v1/claims/{CLAIM}/documents/scan_0001.pdf/{suffix}", headers=auth("k-portal"))
    assert response.status_code == status and response.json()["code"] == code


def test_portal_evidence_of_an_unknown_file_is_not_found(portal: Portal) -> None:
    response = portal.client.get(f"/v1/claims/{CLAIM}/documents/nope.pdf/pages/1/image", headers=auth("k-portal"))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_portal_waiver_recomputes_verdict_and_is_audited(portal: Portal) -> None:
    key = _key_of(portal, "PARTY_MISMATCH")
    body = {"discrepancy_key": key, "action": "waive", "comment": "Same buyer, renamed; registry extract on file"}
    response = portal.client.post(f"/v1/claims/{CLAIM}/decisions", json=body, headers=auth("k-adjuster"))
    assert response.status_code == 201
    result = response.json()
    assert result["decision"]["actor"] == "ana" and result["decision"]["action"] == "waive"
    assert result["status"] == "not_ready"  # the AMOUNT_MISMATCH still blocks
    amount = _key_of(portal, "AMOUNT_MISMATCH")
    second = portal.client.post(f"/v1/claims/{CLAIM}/decisions", headers=auth("k-admin"),
                                json={"discrepancy_key": amount, "action": "waive", "comment": "Interest included"})
    assert second.json()["status"] == "ready"
    report = portal.client.get(f"/v1/claims/{CLAIM}/report", headers=auth("k-portal")).json()
    assert (report["status"], report["original_status"]) == ("ready", "not_ready")
    assert next(d for d in report["discrepancies"] if d["key"] == key)["decision"]["comment"].startswith("Same buyer")
    audit = portal.client.get(f"/v1/claims/{CLAIM}/audit", headers=auth("k-portal")).json()
    assert [(a["actor"], a["action"]) for a in audit] == [("ana", "waive"), ("root", "waive")]
    assert "registry extract" in audit[0]["detail"] and audit[0]["discrepancy_key"] == key
    history = portal.client.get(f"/v1/claims/{CLAIM}/verdicts", headers=auth("k-portal")).json()
    assert [h["status"] for h in history] == ["not_ready", "not_ready", "ready"]
    listed = portal.client.get("/v1/claims", params={"status": "ready"}, headers=auth("k-portal")).json()
    assert CLAIM in [c["claim_id"] for c in listed["claims"]]


def test_portal_confirm_after_waive_counts_the_discrepancy_again(portal: Portal) -> None:
    key = _key_of(portal, "DUE_DATE_MISMATCH")
    for action in ("waive", "confirm"):
        portal.client.post(f"/v1/claims/{CLAIM}/decisions", headers=auth("k-adjuster"),
                           json={"discrepancy_key": key, "action": action, "comment": action})
    decisions = portal.client.get(f"/v1/claims/{CLAIM}/decisions", headers=auth("k-portal")).json()
    assert [d["action"] for d in decisions] == ["waive", "confirm"]
    report = portal.client.get(f"/v1/claims/{CLAIM}/report", headers=auth("k-portal")).json()
    assert report["score"] == report["original_score"]


def test_portal_key_may_not_decide(portal: Portal) -> None:
    key = _key_of(portal, "PARTY_MISMATCH")
    response = portal.client.post(f"/v1/claims/{CLAIM}/decisions", headers=auth("k-portal"),
                                  json={"discrepancy_key": key, "action": "waive", "comment": "no"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"discrepancy_key": "nope", "action": "waive", "comment": "x"}, 404, "not_found"),
    ({"discrepancy_key": "k", "action": "delete", "comment": "x"}, 422, "invalid_request"),
    ({"discrepancy_key": "k", "action": "waive", "comment": ""}, 422, "invalid_request"),
    ({"discrepancy_key": "k", "action": "waive"}, 422, "invalid_request"),
])
def test_portal_bad_decisions_are_refused_with_a_code(portal: Portal, body: dict, status: int, code: str) -> None:
    response = portal.client.post(f"/v1/claims/{CLAIM}/decisions", json=body, headers=auth("k-adjuster"))
    assert response.status_code == status and response.json()["code"] == code


def test_portal_blank_comment_is_refused(portal: Portal) -> None:
    key = _key_of(portal, "PARTY_MISMATCH")
    response = portal.client.post(f"/v1/claims/{CLAIM}/decisions", headers=auth("k-adjuster"),
                                  json={"discrepancy_key": key, "action": "waive", "comment": "   "})
    assert response.status_code == 400 and response.json()["code"] == "bad_input"


def test_portal_reevaluate_is_queued_and_audited(portal: Portal) -> None:
    evaluated: list[tuple[str, str]] = []
    portal.store.on_evaluate = lambda t, c: evaluated.append((t, c))
    response = portal.client.post(f"/v1/claims/{CLAIM}/reevaluate", headers=auth("k-portal"))
    assert response.status_code == 202 and response.json() == {"claim_id": CLAIM, "status": "queued"}
    assert evaluated == [("acme", CLAIM)]
    audit = portal.client.get(f"/v1/claims/{CLAIM}/audit", headers=auth("k-portal")).json()
    assert audit[-1]["action"] == "reevaluate" and audit[-1]["actor"] == "acme-portal"
