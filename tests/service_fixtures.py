"""Service mode in one process for fast tests: SQLite, a folder bucket, dramatiq's StubBroker and an
in-process dramatiq Worker. Imported by the conftest.py of tests/storage, tests/intake (events,
reconcile), tests/workers and tests/api."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dramatiq
import pytest

from claimready.intake.dispatch import Accepted, accept_object
from claimready.intake.events import ObjectEvent
from claimready.settings import Settings
from claimready.storage import repo
from claimready.storage.migrate import migrate
from claimready.workers.actors import QUEUE_CLAIMS, QUEUE_DOCUMENTS, Actors, setup_workers
from claimready.workers.context import ServiceContext


def embedded_settings(root: Path, **overrides: object) -> Settings:
    values: dict[str, object] = dict(database_url=f"sqlite:///{root}/claimready.db", bucket_url=f"file://{root}/bucket",
                                     broker="stub", evaluate_debounce_s=0.2, ocr_workers=1, max_retries=3,
                                     retry_min_backoff_ms=10, retry_max_backoff_ms=50)
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class EmbeddedService:
    ctx: ServiceContext
    actors: Actors
    worker: dramatiq.Worker | None = None
    booted: bool = False

    def upload(self, key: str, data: bytes) -> Accepted:
        """Put an object in the bucket and deliver its event, as the webhook would."""
        info = self.ctx.bucket.put(key, data)
        return self.deliver(ObjectEvent(key=key, etag=info.etag, size=info.size))

    def deliver(self, event: ObjectEvent) -> Accepted:
        return accept_object(self.ctx, self.actors, event, "test")

    def start(self) -> None:
        if not self.booted:  # the TimeLimit watchdog starts once per process, as in `claimready worker`
            self.actors.broker.emit_after("process_boot")
            self.booted = True
        self.worker = dramatiq.Worker(self.actors.broker, worker_timeout=20, worker_threads=2)
        self.worker.start()

    def drain(self, rounds: int = 6) -> None:
        """Wait until the queues (delayed messages included) stay empty."""
        broker = self.actors.broker
        for _ in range(rounds):
            for queue in (QUEUE_DOCUMENTS, QUEUE_CLAIMS):
                broker.join(queue, timeout=60_000, fail_fast=False)  # type: ignore[attr-defined]
        if self.worker is not None:
            self.worker.join()

    def readiness(self, tenant: str, claim: str) -> repo.Readiness | None:
        with self.ctx.session() as session:
            return repo.readiness(session, tenant, claim)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


def start_embedded(root: Path, **overrides: object) -> EmbeddedService:
    settings = embedded_settings(root, **overrides)
    migrate(settings.database_url)
    ctx, actors = setup_workers(settings)
    return EmbeddedService(ctx, actors)


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedService]:
    service = start_embedded(tmp_path)
    service.start()
    yield service
    service.stop()
    service.actors.broker.close()
