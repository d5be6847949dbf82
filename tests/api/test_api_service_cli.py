"""Service-mode commands on an embedded database: migrate, keys create/list/revoke, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from claimready.cli import main


@pytest.fixture
def env_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("CLAIMREADY_DATABASE_URL", url)
    monkeypatch.setenv("CLAIMREADY_BUCKET_URL", f"file://{tmp_path}/bucket")
    return url


def test_service_cli_migrate_reports_the_revision(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert "database at revision" in capsys.readouterr().out


def test_service_cli_keys_create_list_revoke(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "--tenant", "acme", "--role", "adjuster"]) == 0
    created = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines() if ": " in line)
    assert main(["keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert main(["keys", "revoke", created["id"]]) == 0
    capsys.readouterr()
    assert main(["keys", "list"]) == 0
    after = capsys.readouterr().out
    assert created["key"].startswith(f"cr_{created['id']}_") and created["key"] not in listed
    assert f"{created['id']}  acme  adjuster" in listed and "active" in listed and "revoked" in after


def test_service_cli_keys_revoke_unknown_id_exits_2(env_db: str) -> None:
    assert main(["keys", "revoke", "nope"]) == 2


def test_service_cli_serve_answers_health(env_db: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "claimready.cli", "serve", "--port", str(port)], env=os.environ.copy(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = None
        for _ in range(120):
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).json()
                break
            except httpx.HTTPError:
                time.sleep(0.25)
        assert body == {"status": "ok", "database": "ok", "broker": "ok", "bucket": "ok"}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_service_cli_serve_embedded_turns_folder_files_into_a_verdict(env_db: str, tmp_path: Path) -> None:
    from service_claims import claim_files

    from claimready.settings import Settings
    from claimready.storage.db import make_sessionmaker
    from claimready.storage.keys import create_key
    from claimready.storage.migrate import migrate

    for name, data in claim_files(1).items():
        (tmp_path / "bucket" / "acme" / "CLM-1").mkdir(parents=True, exist_ok=True)
        (tmp_path / "bucket" / "acme" / "CLM-1" / name).write_bytes(data)
    migrate(env_db)
    with make_sessionmaker(Settings(database_url=env_db))() as session:
        key = create_key(session, "acme", "portal")[1]
        session.commit()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CLAIMREADY_RECONCILE_INTERVAL_S": "0.5", "CLAIMREADY_EVALUATE_DEBOUNCE_S": "0.2"}
    proc = subprocess.Popen([sys.executable, "-m", "claimready.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body: dict = {}
        for _ in range(240):
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/v1/claims/CLM-1/readiness",
                                 headers={"Authorization": f"Bearer {key}"}, timeout=2).json()
                if body.get("status") not in (None, "processing"):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        assert body["status"] in ("ready", "needs_review", "not_ready") and body["documents_total"] == 4
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_api_invalid_path_parameter_is_422_with_code(env_db: str) -> None:
    from fastapi.testclient import TestClient

    from claimready.api.app import create_app
    from claimready.settings import load_settings
    from claimready.storage.migrate import migrate

    from claimready.storage.db import make_sessionmaker
    from claimready.storage.keys import create_key

    migrate(env_db)
    client = TestClient(create_app(load_settings()))
    with make_sessionmaker(load_settings())() as session:
        key = create_key(session, "acme", "portal")[1]
        session.commit()
    response = client.get(f"/v1/claims/{'x' * 300}/readiness", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422 and response.json()["code"] == "bad_request"
