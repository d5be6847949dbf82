"""A live review server (uvicorn in a thread, in-memory store) and Debian's headless Chromium."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))

from claimready.review.app import review_app  # noqa: E402
from claimready.review.context import ReviewContext  # noqa: E402
from claimready.review.memory_store import MemoryStore  # noqa: E402
from claimready.review.service import Actor  # noqa: E402
from claimready.settings import Settings  # noqa: E402
from claimready.validators.verdict import decide  # noqa: E402
from claimready.models import Discrepancy, Severity  # noqa: E402
from review_samples import make_sample_claim  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ADJUSTER_KEY = "k-browser-adjuster"


@dataclass
class LiveServer:
    url: str
    store: MemoryStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _party_only(report):  # the sample with its PARTY_MISMATCH and minor note, nothing else
    kept = [d for d in report.discrepancies if d.code in ("PARTY_MISMATCH", "DUE_DATE_MISMATCH")]
    verdict = decide([Discrepancy(d.code, Severity(d.severity), d.message, tuple(d.documents), d.field,
                                  tuple(d.values)) for d in kept])
    return report.model_copy(update={"claim_id": "CLM-PARTY", "discrepancies": kept,
                                     "status": verdict.status.value, "score": verdict.score})


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = MemoryStore()
    sample = make_sample_claim(tmp_path_factory.mktemp("browser") / "claim", "CLM-REVIEW-1")
    files = {p.name: p.read_bytes() for p in sample.folder.iterdir()}
    store.put_claim("acme", sample.report, files)
    store.put_claim("acme", _party_only(sample.report), files)
    ready = sample.report.model_copy(update={"claim_id": "CLM-CLEAN", "status": "ready", "score": 100,
                                             "discrepancies": []})
    store.put_claim("acme", ready, files)
    context = ReviewContext(store, {ADJUSTER_KEY: Actor("acme", "adjuster", "ana")}.get, Settings(),
                            background_callbacks=False)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(review_app(context), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", store)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
