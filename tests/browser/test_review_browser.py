"""The review page in real headless Chromium: sign in, queue, a claim with a PARTY_MISMATCH
and its two highlighted crops, waive it with a comment, status and audit trail change.
Screenshots land in artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ADJUSTER_KEY, LiveServer
from review_samples import CONTRACT_BUYER, INVOICE_BUYER, ZH_SELLER

pytestmark = pytest.mark.browser


def sign_in(page, server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/review/")
    assert "/review/login" in page.url  # not signed in: the queue sends to the sign-in form
    page.fill("input[name=key]", ADJUSTER_KEY)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=queue]")


def test_review_browser_queue_lists_and_filters_claims(page, live_server: LiveServer, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server)
    rows = page.locator("[data-testid=queue] tbody tr[data-claim]")
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.claim)")) == ["CLM-CLEAN", "CLM-PARTY", "CLM-REVIEW-1"]
    page.screenshot(path=str(artifacts / "review_queue.png"), full_page=True)
    page.select_option("select[name=status]", "not_ready")
    page.click("form[data-testid=filters] button")
    page.wait_for_url("**status=not_ready**")
    kept = page.locator("[data-testid=queue] tbody tr[data-claim]").evaluate_all("rs => rs.map(r => r.dataset.claim)")
    assert "CLM-CLEAN" not in kept and "CLM-REVIEW-1" in kept


def test_review_browser_waive_party_mismatch_changes_status_and_audit(page, live_server: LiveServer,  # type: ignore[no-untyped-def]
                                                                      artifacts: Path) -> None:
    sign_in(page, live_server)
    page.click("a:text('CLM-PARTY')")
    page.wait_for_selector("[data-testid=claim-id]")
    assert page.inner_text("[data-testid=status]") == "Not ready"
    party = page.locator("[data-testid=discrepancy][data-code=PARTY_MISMATCH]")
    values = party.locator("[data-testid=value]").all_inner_texts()
    assert values == [CONTRACT_BUYER, INVOICE_BUYER]
    crops = party.locator("img[data-testid=crop]")
    assert crops.count() == 2
    party.scroll_into_view_if_needed()
    page.wait_for_function("""() => [...document.querySelectorAll('[data-code=PARTY_MISMATCH] img[data-testid=crop]')]
                              .every(i => i.complete && i.naturalWidth > 300)""")
    widths = crops.evaluate_all("imgs => imgs.map(i => i.getBoundingClientRect().width)")
    tops = crops.evaluate_all("imgs => imgs.map(i => i.getBoundingClientRect().top)")
    assert all(w > 250 for w in widths) and abs(tops[0] - tops[1]) < 2  # side by side, readable size
    page.screenshot(path=str(artifacts / "review_claim_party_mismatch.png"), full_page=True)
    party.screenshot(path=str(artifacts / "review_party_mismatch_evidence.png"))

    party.locator("input[value=waive]").check()
    party.locator("textarea[name=comment]").fill("Same buyer: renamed in 2024, registry extract on file / 同一买方")
    party.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=flash]")
    assert page.inner_text("[data-testid=status]") == "Ready"
    assert "before waivers" in page.inner_text("[data-testid=original]")
    party = page.locator("[data-testid=discrepancy][data-code=PARTY_MISMATCH]")
    assert party.locator("[data-testid=decision-state]").inner_text() == "waived"
    audit = page.inner_text("[data-testid=audit]")
    assert "ana" in audit and "waive" in audit and "registry extract on file / 同一买方" in audit
    page.screenshot(path=str(artifacts / "review_claim_after_waiver.png"), full_page=True)


def test_review_browser_shows_chinese_values(page, live_server: LiveServer, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/review/claims/CLM-REVIEW-1")
    page.wait_for_selector("[data-testid=document]")
    page.locator("[data-testid=document] summary").nth(2).click()
    assert ZH_SELLER in page.inner_text("body")
    page.screenshot(path=str(artifacts / "review_claim_documents_zh.png"), full_page=True)
