"""Review pages over HTTP: sign-in cookie, tenant isolation of pages and images, form decisions."""

from __future__ import annotations

import re

from conftest import Portal, auth


def test_review_pages_redirect_to_sign_in_without_a_key(portal: Portal) -> None:
    response = portal.client.get("/review/claims/CLM-REVIEW-1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/review/login?next=")


def test_review_sign_in_sets_a_strict_httponly_cookie(portal: Portal) -> None:
    bad = portal.client.post("/review/login", data={"key": "nope"}, follow_redirects=False)
    assert bad.status_code == 401
    ok = portal.client.post("/review/login", data={"key": "k-adjuster", "next": "https://evil.example/"},
                            follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/review/"  # no open redirect
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/review" in cookie


def test_review_pages_of_another_tenant_are_not_found(portal: Portal) -> None:
    page = portal.client.get("/review/claims/CLM-GLOBEX", headers=auth("k-adjuster"))
    missing = portal.client.get("/review/claims/CLM-NOPE", headers=auth("k-adjuster"))
    assert page.status_code == missing.status_code == 404
    image = portal.client.get("/review/claims/CLM-GLOBEX/documents/scan_0001.pdf/pages/1.png", headers=auth("k-adjuster"))
    assert image.status_code == 404
    queue = portal.client.get("/review/", headers=auth("k-adjuster")).text
    assert "CLM-GLOBEX" not in queue and "CLM-REVIEW-1" in queue


def test_review_form_decision_needs_the_form_token(portal: Portal) -> None:
    page = portal.client.get("/review/claims/CLM-REVIEW-1", headers=auth("k-adjuster")).text
    key = re.search(r'data-code="PARTY_MISMATCH" data-key="([0-9a-f]+)"', page).group(1)
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    form = {"discrepancy_key": key, "action": "waive", "comment": "renamed"}
    forged = portal.client.post("/review/claims/CLM-REVIEW-1/decisions", data={**form, "csrf": "x"},
                                headers=auth("k-adjuster"), follow_redirects=False)
    assert forged.status_code == 400 and not portal.store.decisions("acme", "CLM-REVIEW-1")
    done = portal.client.post("/review/claims/CLM-REVIEW-1/decisions", data={**form, "csrf": token},
                              headers=auth("k-adjuster"), follow_redirects=False)
    assert done.status_code == 303 and "flash=Waived" in done.headers["location"]
    assert portal.store.decisions("acme", "CLM-REVIEW-1")[0].comment == "renamed"


def test_review_portal_key_reads_the_page_without_decision_forms(portal: Portal) -> None:
    page = portal.client.get("/review/claims/CLM-REVIEW-1", headers=auth("k-portal"))
    assert page.status_code == 200 and "decide-form" not in page.text and "PARTY_MISMATCH" in page.text
