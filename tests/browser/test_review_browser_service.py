"""The review page as `claimready serve` / `claimready demo` serve it: service mode on embedded
defaults (SQLite, folder bucket, in-process dramatiq worker) over the bundled samples, in real
headless Chromium. The party-mismatch sample's verdict comes from the worker; the waiver goes
through the SQL store and is visible in readiness and the audit trail."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from claimready.review.demo import SAMPLES, Demo, build_demo, claim_name, sample_folders
from claimready.settings import Settings
from conftest import _free_port

pytestmark = pytest.mark.browser
PARTY_CLAIM = claim_name(SAMPLES / "party_mismatch")


@pytest.fixture(scope="module")
def service_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Demo]]:
    demo = build_demo(Settings(ocr_workers=1), sample_folders(SAMPLES), tmp_path_factory.mktemp("service-demo"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(demo.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:  # every sample has its verdict
        try:
            rows = httpx.get(f"{url}/v1/claims", headers={"Authorization": f"Bearer {demo.key}"}).json()["claims"]
            if len(rows) == len(demo.claims) and all(r["status"] != "processing" for r in rows):
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    yield url, demo
    server.should_exit = True
    thread.join(timeout=10)


def test_review_browser_service_mode_waive_party_mismatch(page, service_server, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    url, demo = service_server
    page.goto(f"{url}/review/demo-login/{demo.key}")
    page.wait_for_selector("[data-testid=queue]")
    listed = page.locator("[data-testid=queue] tbody tr[data-claim]").evaluate_all("rs => rs.map(r => r.dataset.claim)")
    assert sorted(listed) == sorted(demo.claims)
    page.screenshot(path=str(artifacts / "service_review_queue.png"), full_page=True)

    page.click(f"a:text('{PARTY_CLAIM}')")
    page.wait_for_selector("[data-testid=claim-id]")
    assert page.inner_text("[data-testid=status]") == "Not ready"
    party = page.locator("[data-testid=discrepancy][data-code=PARTY_MISMATCH]")
    party.scroll_into_view_if_needed()
    page.wait_for_function("""() => { const imgs = [...document.querySelectorAll('[data-code=PARTY_MISMATCH] img[data-testid=crop]')];
                              return imgs.length >= 2 && imgs.every(i => i.complete && i.naturalWidth > 100); }""")
    page.screenshot(path=str(artifacts / "service_review_party_mismatch.png"), full_page=True)

    party.locator("input[value=waive]").check()
    party.locator("textarea[name=comment]").fill("Buyer renamed; registry extract on file")
    party.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=flash]")
    assert page.inner_text("[data-testid=status]") == "Ready"
    assert "registry extract on file" in page.inner_text("[data-testid=audit]")
    page.screenshot(path=str(artifacts / "service_review_after_waiver.png"), full_page=True)
    readiness = httpx.get(f"{url}/v1/claims/{PARTY_CLAIM}/readiness",
                          headers={"Authorization": f"Bearer {demo.key}"}).json()
    assert readiness["status"] == "ready" and readiness["discrepancy_counts"]["blocking"] == 0
