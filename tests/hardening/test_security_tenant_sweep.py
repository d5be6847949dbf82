"""Issue 6: tenant isolation on every route, found from the served OpenAPI schema (so a route added
later is swept too): a key of tenant B, of every role, asking for tenant A's claim gets exactly the
answer a claim that does not exist gets (404 for reads), and never a 2xx; lists never show A's claims.

Two apps are swept: the service API (create_app over the embedded service: SQLite, folder bucket,
stub broker) and the portal/review routers (review_app over an in-memory store)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))

from claimready.api.app import create_app  # noqa: E402
from claimready.fixtures.attacks import GOOD_LINES, reportlab_pdf  # noqa: E402
from claimready.review.app import review_app  # noqa: E402
from claimready.review.context import ReviewContext  # noqa: E402
from claimready.review.memory_store import MemoryStore  # noqa: E402
from claimready.review.service import Actor  # noqa: E402
from claimready.settings import Settings  # noqa: E402
from claimready.storage.keys import create_key  # noqa: E402
from review_samples import make_sample_claim  # noqa: E402
from service_fixtures import start_embedded  # noqa: E402

ROLES = ("portal", "adjuster", "admin")
FOREIGN = "CLM-OWNED-BY-A"
MISSING = "CLM-NOBODY-HAS-THIS"
DOC = "invoice.pdf"


def is_upload(op: dict) -> bool:
    """Uploads create the claim in the caller's own tenant: a claim id is a name within a tenant."""
    return "multipart/form-data" in op.get("requestBody", {}).get("content", {})


def claim_routes(app: FastAPI, uploads: bool = False) -> list[tuple[str, str, dict]]:
    """(method, path template, operation) of every route that names a claim (uploads apart)."""
    paths = app.openapi()["paths"]
    return [(method.upper(), path, op) for path, ops in paths.items() for method, op in ops.items()
            if "{claim_id}" in path and is_upload(op) == uploads]


def fill(path: str, claim: str) -> str:
    values = {"claim_id": claim, "name": DOC, "page": "1"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)


def call(client: TestClient, method: str, path: str, op: dict, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    kwargs: dict[str, object] = {"headers": headers, "follow_redirects": False}
    body = op.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        kwargs["files"] = {"files": (DOC, reportlab_pdf(GOOD_LINES), "application/pdf")}
    elif "application/x-www-form-urlencoded" in body:
        kwargs["data"] = {"discrepancy_key": "0123456789abcdef", "action": "waive", "comment": "sweep", "csrf": "x"}
    elif "application/json" in body:
        kwargs["json"] = {"discrepancy_key": "0123456789abcdef", "action": "waive", "comment": "sweep"}
    return client.request(method, path, **kwargs)


def sweep(client: TestClient, app: FastAPI, attacker_headers: dict[str, dict[str, str]]) -> list[str]:
    """Every claim route x every attacker role: the foreign claim's answer must be the missing claim's."""
    failures = []
    routes = claim_routes(app)
    assert routes, "no claim routes found in the OpenAPI schema"
    for role, headers in attacker_headers.items():
        for method, template, op in routes:
            foreign = call(client, method, fill(template, FOREIGN), op, headers)
            missing = call(client, method, fill(template, MISSING), op, headers)
            what = f"{role} {method} {template}: foreign {foreign.status_code}, missing {missing.status_code}"
            if 200 <= foreign.status_code < 300 or foreign.status_code != missing.status_code:
                failures.append(what)
            elif method == "GET" and foreign.status_code != 404:
                failures.append(what)
            elif foreign.text.replace(FOREIGN, "<id>") != missing.text.replace(MISSING, "<id>"):
                failures.append(f"{what}: the bodies differ: {foreign.text[:120]!r} vs {missing.text[:120]!r}")
    return failures


# --- the service API ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def service_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, FastAPI, dict[str, dict[str, str]], str]]:
    service = start_embedded(tmp_path_factory.mktemp("sweep"))
    service.start()
    service.upload(f"tenant-a/{FOREIGN}/{DOC}", reportlab_pdf(GOOD_LINES))
    service.drain()
    with service.ctx.session() as session:
        owner = create_key(session, "tenant-a", "portal")[1]
        attackers = {role: {"Authorization": f"Bearer {create_key(session, 'tenant-b', role)[1]}"} for role in ROLES}
        session.commit()
    app = create_app(service.ctx.settings, service.ctx, service.actors)
    with TestClient(app) as client:
        yield client, app, attackers, owner
    service.stop()
    service.actors.broker.close()


def test_tenant_sweep_service_api_owner_sees_the_claim(service_api) -> None:
    """The sweep is meaningful: the owner's key reads the very claim the others cannot."""
    client, _, _, owner = service_api
    response = client.get(f"/v1/claims/{FOREIGN}/readiness", headers={"Authorization": f"Bearer {owner}"})
    assert response.status_code == 200 and response.json()["claim_id"] == FOREIGN


def test_tenant_sweep_service_api_every_claim_route_answers_foreign_as_missing(service_api) -> None:
    client, app, attackers, _ = service_api
    assert sweep(client, app, attackers) == []


def test_tenant_sweep_service_api_unauthenticated_is_refused(service_api) -> None:
    client, app, _, _ = service_api
    for method, template, op in claim_routes(app) + claim_routes(app, uploads=True):
        for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"Authorization": "Basic abc"}):
            response = call(client, method, fill(template, FOREIGN), op, headers)
            if template.startswith("/review/") and response.status_code == 303:  # HTML pages: to the sign-in form
                assert response.headers["location"].startswith("/review/login"), response.headers["location"]
                continue
            assert response.status_code in (401, 403), f"{method} {template} with {headers}: {response.status_code}"


# --- the portal API and review pages ---------------------------------------------------------------
KEYS = {"k-a-adjuster": Actor("tenant-a", "adjuster", "ana")}
KEYS.update({f"k-b-{role}": Actor("tenant-b", role, f"b-{role}") for role in ROLES})


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, FastAPI]]:
    sample = make_sample_claim(tmp_path_factory.mktemp("portal") / "claim", FOREIGN)
    files = {p.name: p.read_bytes() for p in sample.folder.iterdir()}
    store = MemoryStore()
    store.put_claim("tenant-a", sample.report.model_copy(update={"tenant": "tenant-a"}), files)
    context = ReviewContext(store, KEYS.get, Settings(), background_callbacks=False)
    app = review_app(context)
    with TestClient(app) as client:
        yield client, app


def test_tenant_sweep_portal_owner_sees_the_claim(portal_app) -> None:
    client, _ = portal_app
    response = client.get(f"/v1/claims/{FOREIGN}/report", headers={"Authorization": "Bearer k-a-adjuster"})
    assert response.status_code == 200


def test_tenant_sweep_portal_claim_list_hides_foreign_claims(portal_app) -> None:
    client, _ = portal_app
    for role in ROLES:
        response = client.get("/v1/claims", headers={"Authorization": f"Bearer k-b-{role}"})
        assert response.status_code == 200 and FOREIGN not in response.text


def test_tenant_sweep_portal_every_claim_route_answers_foreign_as_missing(portal_app) -> None:
    client, app = portal_app
    attackers = {}
    for role in ROLES:
        attackers[role] = {"Authorization": f"Bearer k-b-{role}", "Cookie": f"claimready_key=k-b-{role}"}
    failures = []
    for role in ROLES:
        client.cookies.clear()
        assert client.post("/review/login", data={"key": f"k-b-{role}"}, follow_redirects=False).status_code == 303
        failures += sweep(client, app, {role: {"Authorization": f"Bearer k-b-{role}"}})
    client.cookies.clear()
    assert failures == []


def test_tenant_sweep_portal_upload_to_foreign_claim_id_lands_in_own_tenant(portal_app) -> None:
    """Uploading under another tenant's claim id creates the caller's own claim of that name; the
    owner's claim is untouched (runs last: it creates tenant B's claim)."""
    client, app = portal_app
    owner = {"Authorization": "Bearer k-a-adjuster"}
    before = client.get(f"/v1/claims/{FOREIGN}/report", headers=owner).json()
    uploads = claim_routes(app, uploads=True)
    assert uploads, "no upload route found"
    for method, template, op in uploads:
        response = call(client, method, fill(template, FOREIGN), op, {"Authorization": "Bearer k-b-portal"})
        assert response.status_code in (201, 202), response.text
    assert client.get(f"/v1/claims/{FOREIGN}/report", headers=owner).json() == before
    mine = client.get("/v1/claims", headers={"Authorization": "Bearer k-b-portal"}).json()["claims"]
    assert [c["claim_id"] for c in mine] == [FOREIGN] and mine[0]["documents_total"] <= 1
