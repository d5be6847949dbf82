"""Portal API fixtures: the review routers over an in-memory store, two tenants, three roles."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))

from claimready.review.app import review_app  # noqa: E402
from claimready.review.context import ReviewContext  # noqa: E402
from claimready.review.memory_store import MemoryStore  # noqa: E402
from claimready.review.service import Actor  # noqa: E402
from claimready.settings import Settings  # noqa: E402
from review_samples import SampleClaim, make_sample_claim  # noqa: E402

KEYS = {
    "k-portal": Actor("acme", "portal", "acme-portal"),
    "k-adjuster": Actor("acme", "adjuster", "ana"),
    "k-admin": Actor("acme", "admin", "root"),
    "k-other": Actor("globex", "adjuster", "gus"),
}
T0 = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Portal:
    client: TestClient
    store: MemoryStore
    sample: SampleClaim
    context: ReviewContext
    uploads: list[tuple[str, str, str]]


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Portal]:
    uploads: list[tuple[str, str, str]] = []
    store = MemoryStore(on_upload=lambda t, c, n, d: uploads.append((t, c, n)))
    sample = make_sample_claim(tmp_path / "claim", "CLM-REVIEW-1")
    files = {p.name: p.read_bytes() for p in sample.folder.iterdir()}
    store.put_claim("acme", sample.report, files, created_at=T0, updated_at=T0 + timedelta(hours=1))
    secret = sample.report.model_copy(update={"claim_id": "CLM-GLOBEX", "tenant": "globex"})
    store.put_claim("globex", secret, files, created_at=T0, updated_at=T0)
    for i in range(5):  # more acme claims for pagination and filters
        ready = sample.report.model_copy(update={"claim_id": f"CLM-R{i}", "status": "ready", "score": 90 + i,
                                                 "discrepancies": []})
        store.put_claim("acme", ready, created_at=T0, updated_at=T0 + timedelta(days=i + 1))
    settings = Settings(max_upload_bytes=200_000, max_file_bytes=150_000)
    context = ReviewContext(store, KEYS.get, settings, background_callbacks=False)
    with TestClient(review_app(context)) as client:
        yield Portal(client, store, sample, context, uploads)
