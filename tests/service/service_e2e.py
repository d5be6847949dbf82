"""End-to-end service fixtures: real PostgreSQL, Redis and SeaweedFS (started by scripts/services.sh),
the API (uvicorn in a thread on the port SeaweedFS's filer webhook posts to) and worker processes
(`claimready worker` subprocesses). Each test gets its own bucket, tenant and broker namespace."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from minio import Minio

from claimready.api.app import create_app
from claimready.settings import Settings
from claimready.storage.keys import create_key
from claimready.storage.migrate import migrate
from claimready.workers.actors import setup_workers

ROOT = Path(__file__).resolve().parents[2]
S3_ENDPOINT = f"127.0.0.1:{os.environ.get('CLAIMREADY_TEST_S3_PORT', '8333')}"
S3_ACCESS = os.environ.get("CLAIMREADY_TEST_S3_ACCESS_KEY", "claimready")
S3_SECRET = os.environ.get("CLAIMREADY_TEST_S3_SECRET_KEY", "claimready-test-secret")
WEBHOOK_PORT = int(os.environ.get("CLAIMREADY_TEST_WEBHOOK_PORT", "18790"))
WEBHOOK_TOKEN = os.environ.get("CLAIMREADY_TEST_WEBHOOK_TOKEN", "claimready-test-webhook")
DATABASE_URL = os.environ.get("CLAIMREADY_TEST_DATABASE_URL",
                              "postgresql://postgres@127.0.0.1:5432/claimready_test")


def wait_until(check: Callable[[], object], timeout: float = 120.0, interval: float = 0.25, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what or check}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def services() -> None:
    """PostgreSQL, Redis and SeaweedFS up (idempotent), schema migrated."""
    result = subprocess.run([str(ROOT / "scripts" / "services.sh")], capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/services.sh failed:\n{result.stdout}\n{result.stderr}")
    migrate(DATABASE_URL)


@dataclass
class E2E:
    settings: Settings
    tenant: str
    minio: Minio
    env: dict[str, str]
    api_key: str = ""
    workers: list[subprocess.Popen] = field(default_factory=list)  # type: ignore[type-arg]

    @property
    def bucket(self) -> str:
        return self.settings.bucket_url.removeprefix("s3://")

    def put(self, claim: str, name: str, data: bytes) -> None:
        import io

        self.minio.put_object(self.bucket, f"{self.tenant}/{claim}/{name}", io.BytesIO(data), len(data))

    def start_worker(self, **overrides: object) -> subprocess.Popen:  # type: ignore[type-arg]
        env = dict(self.env)
        env.update({f"CLAIMREADY_{k.upper()}": str(v) for k, v in overrides.items()})
        log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"claimready-worker-{self.tenant}-{len(self.workers)}.log", "w")
        proc = subprocess.Popen([sys.executable, "-m", "claimready.cli", "worker"],
                                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.workers.append(proc)
        return proc

    def cli(self, *args: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
        return subprocess.run([sys.executable, "-m", "claimready.cli", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    def readiness(self, claim: str) -> httpx.Response:
        return httpx.get(f"http://127.0.0.1:{WEBHOOK_PORT}/v1/claims/{claim}/readiness",
                         headers={"Authorization": f"Bearer {self.api_key}"}, timeout=10)

    def wait_verdict(self, claim: str, documents: int, timeout: float = 180.0) -> dict:  # type: ignore[type-arg]
        def done() -> dict | None:  # type: ignore[type-arg]
            r = self.readiness(claim)
            body = r.json() if r.status_code == 200 else None
            if body and body["status"] != "processing" and body["documents_total"] == documents:
                return body
            return None

        return wait_until(done, timeout, what=f"a verdict on {claim}")  # type: ignore[return-value]


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMREADY_")}
    env.update({f"CLAIMREADY_{name.upper()}": str(value) for name, value in settings.model_dump().items()
                if value is not None and name not in ("rules_dir",)})
    env.update({"OMP_THREAD_LIMIT": "1", "PYTHONUNBUFFERED": "1"})
    return env


class ApiThread:
    """uvicorn in a thread, on the port the SeaweedFS filer webhook posts to."""

    def __init__(self, settings: Settings) -> None:
        ctx, actors = setup_workers(settings)
        app = create_app(settings, ctx, actors)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=WEBHOOK_PORT, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.actors = actors

    def __enter__(self) -> ApiThread:
        self.thread.start()
        wait_until(lambda: self.server.started, 20, 0.05, "the API to start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.actors.broker.close()


def _make_e2e(webhook_token: str = WEBHOOK_TOKEN, **overrides: object) -> E2E:
    tag = uuid.uuid4().hex[:8]
    values: dict[str, object] = dict(
        database_url=DATABASE_URL, broker="redis", redis_url="redis://127.0.0.1:6379/0",
        broker_namespace=f"claimready-test-{tag}", bucket_url=f"s3://claimready-e2e-{tag}", s3_endpoint=S3_ENDPOINT,
        s3_access_key=S3_ACCESS, s3_secret_key=S3_SECRET, webhook_token=webhook_token, evaluate_debounce_s=0.5,
        ocr_workers=1, retry_min_backoff_ms=300, retry_max_backoff_ms=2000, max_retries=10,
        broker_heartbeat_timeout_ms=3000, broker_maintenance_chance=1_000_000, migrate_on_start=False)
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    client = Minio(S3_ENDPOINT, access_key=S3_ACCESS, secret_key=S3_SECRET, secure=False)
    client.make_bucket(settings.bucket_url.removeprefix("s3://"))
    e2e = E2E(settings=settings, tenant=f"t{tag}", minio=client, env=_env(settings))
    ctx, _ = setup_workers(settings)
    with ctx.session() as session:
        e2e.api_key = create_key(session, e2e.tenant, "portal")[1]
        session.commit()
    return e2e


def _stop_workers(e2e: E2E) -> None:
    for proc in e2e.workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in e2e.workers:
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()


def _remove_bucket(e2e: E2E) -> None:
    for obj in e2e.minio.list_objects(e2e.bucket, recursive=True):
        e2e.minio.remove_object(e2e.bucket, obj.object_name)
    e2e.minio.remove_bucket(e2e.bucket)


@pytest.fixture
def e2e_factory(services: None) -> Iterator[Callable[..., E2E]]:
    """make(webhook_token=..., **settings) -> E2E with the API serving; workers via e2e.start_worker()."""
    made: list[tuple[E2E, ApiThread]] = []

    def make(**kwargs: object) -> E2E:
        e2e = _make_e2e(**kwargs)  # type: ignore[arg-type]
        api = ApiThread(e2e.settings).__enter__()
        made.append((e2e, api))
        return e2e

    yield make
    for e2e, api in made:
        _stop_workers(e2e)
        api.__exit__()
        _remove_bucket(e2e)
