"""Issue 6: API keys are stored hashed and never logged; uploads are size-limited before the body is
read; no file name reaches a path of the server's file system."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))

from claimready.api.app import create_app  # noqa: E402
from claimready.api.uploads import check_file_name  # noqa: E402
from claimready.errors import InputError  # noqa: E402
from claimready.fixtures.attacks import GOOD_LINES, reportlab_pdf  # noqa: E402
from claimready.review.app import review_app  # noqa: E402
from claimready.review.context import ReviewContext  # noqa: E402
from claimready.review.memory_store import MemoryStore  # noqa: E402
from claimready.review.service import Actor  # noqa: E402
from claimready.settings import Settings  # noqa: E402
from claimready.storage.keys import create_key  # noqa: E402
from service_fixtures import start_embedded  # noqa: E402


def test_api_key_is_stored_hashed_and_never_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    service = start_embedded(tmp_path)
    with service.ctx.session() as session:
        _, key = create_key(session, "tenant-a", "portal")
        session.commit()
    secret = key.split("_", 2)[-1]  # 'cr_<id>_<secret>'; the secret itself may hold '_' (token_urlsafe)
    caplog.set_level(logging.DEBUG)
    app = create_app(service.ctx.settings, service.ctx, service.actors)
    with TestClient(app) as client:
        assert client.get("/v1/claims/CLM-1/readiness", headers={"Authorization": f"Bearer {key}"}).status_code == 404
        assert client.get("/v1/claims/CLM-1/readiness", headers={"Authorization": f"Bearer {key}x"}).status_code == 401
    service.actors.broker.close()
    database = (tmp_path / "claimready.db").read_bytes()
    assert secret.encode() not in database and key.encode() not in database
    assert all(secret not in record.getMessage() for record in caplog.records)
    assert secret not in caplog.text


@pytest.fixture
def upload_client(tmp_path: Path) -> Iterator[tuple[TestClient, list[tuple[str, str, str]]]]:
    uploads: list[tuple[str, str, str]] = []
    store = MemoryStore(on_upload=lambda t, c, n, d: uploads.append((t, c, n)))
    context = ReviewContext(store, {"k": Actor("tenant-a", "portal", "p")}.get,
                            Settings(max_upload_bytes=50_000, max_file_bytes=40_000), background_callbacks=False)
    with TestClient(review_app(context)) as client:
        yield client, uploads


def test_upload_over_declared_limit_is_refused_before_the_body_is_read(upload_client) -> None:
    client, uploads = upload_client
    sent = []

    def body() -> Iterator[bytes]:
        for _ in range(100):  # 6.4 MB if it were all read
            sent.append(1)
            yield b"x" * 65536

    response = client.post("/v1/claims/CLM-1/files", content=body(),
                           headers={"Authorization": "Bearer k", "Content-Length": str(100 * 65536),
                                    "Content-Type": "multipart/form-data; boundary=zzz"})
    assert response.status_code == 413
    assert uploads == [] and len(sent) < 100


def test_upload_without_length_stops_reading_at_the_limit(upload_client) -> None:
    client, uploads = upload_client
    sent = []

    def body() -> Iterator[bytes]:
        yield b"--zzz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\n"
        for _ in range(100):
            sent.append(1)
            yield b"x" * 65536

    response = client.post("/v1/claims/CLM-1/files", content=body(),
                           headers={"Authorization": "Bearer k", "Content-Type": "multipart/form-data; boundary=zzz"})
    assert response.status_code == 413
    assert uploads == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "a/b/../../c.pdf",
                                  "%2e%2e%2fetc%2fpasswd", "claim/../../x.pdf"])
def test_upload_file_name_never_carries_a_folder(name: str) -> None:
    try:
        base = check_file_name(name)
    except InputError:
        return
    assert "/" not in base and "\\" not in base and base not in (".", "..")


def test_upload_with_traversal_name_stores_only_the_base_name(upload_client) -> None:
    client, uploads = upload_client
    response = client.post("/v1/claims/CLM-1/files", headers={"Authorization": "Bearer k"},
                           files={"files": ("../../../etc/cron.d/evil.pdf", reportlab_pdf(GOOD_LINES), "application/pdf")})
    assert response.status_code == 202, response.text
    assert uploads == [("tenant-a", "CLM-1", "evil.pdf")]
