"""`claimready demo`: service mode on embedded defaults (SQLite, folder bucket, in-process worker)
over the bundled samples; the review queue fills with their verdicts, equal to `verify`'s."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from claimready.pipeline import verify_claim
from claimready.review.demo import SAMPLES, build_demo, sample_folders
from claimready.rules import load_rules
from claimready.settings import Settings


def test_review_demo_serves_every_sample_with_the_verify_verdict(tmp_path: Path) -> None:
    settings = Settings(ocr_workers=1)
    folders = sample_folders(SAMPLES)
    demo = build_demo(settings, folders, tmp_path)
    expected = {}
    rules = load_rules(settings.rules_dir)
    for folder in folders:
        report = verify_claim(folder, settings, rules)
        expected[report.claim_id] = report.verdict.status.value
    headers = {"Authorization": f"Bearer {demo.key}"}
    with TestClient(demo.app) as client:
        deadline = time.monotonic() + 180
        seen: dict[str, str] = {}
        while time.monotonic() < deadline:
            seen = {c["claim_id"]: c["status"] for c in client.get("/v1/claims", headers=headers).json()["claims"]}
            if len(seen) == len(folders) and "processing" not in seen.values():
                break
            time.sleep(0.5)
        assert seen == expected
        signed_in = client.get(f"/review/demo-login/{demo.key}", follow_redirects=True)
        assert signed_in.status_code == 200 and all(claim in signed_in.text for claim in expected)
    assert (tmp_path / "claimready-demo.db").is_file() and any((tmp_path / "bucket").rglob("*.pdf"))
