"""Dramatiq actors over Redis (or an in-process StubBroker), declared by an explicit setup call.

Nothing here runs at import time: `setup_workers(settings)` builds the broker from settings,
installs it with `dramatiq.set_broker`, and declares the actors bound to a ServiceContext.
Transient errors (S3, database, broker) are retried with exponential backoff; anything else,
or retries exhausted, leaves the document `failed` with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import dramatiq
from dramatiq.brokers.stub import StubBroker

from claimready.errors import BrokerUnavailable, InputError, TransientError
from claimready.settings import Settings
from claimready.storage.db import utcnow
from claimready.workers import tasks
from claimready.workers.context import ServiceContext, open_context

log = logging.getLogger(__name__)
QUEUE_DOCUMENTS = "documents"
QUEUE_CLAIMS = "claims"


def build_broker(settings: Settings) -> dramatiq.Broker:
    if settings.broker == "stub":
        return StubBroker()
    if settings.broker == "redis":
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=settings.redis_url, namespace=settings.broker_namespace,
                           heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
                           maintenance_chance=settings.broker_maintenance_chance)
    raise InputError(f"broker must be 'redis' or 'stub', not {settings.broker!r}")


@dataclass(frozen=True)
class Actors:
    broker: dramatiq.Broker
    process_document: dramatiq.Actor  # type: ignore[type-arg]
    evaluate_claim: dramatiq.Actor  # type: ignore[type-arg]
    document_retries_exhausted: dramatiq.Actor  # type: ignore[type-arg]

    def enqueue_document(self, doc_id: int) -> None:
        with _broker_errors():
            self.process_document.send(doc_id)

    def enqueue_evaluation(self, claim_id: int) -> None:
        with _broker_errors():
            self.evaluate_claim.send(claim_id)

    def schedule_evaluation(self, claim_id: int, due: datetime) -> None:
        """A delayed message that evaluates the claim at `due` unless it was pushed back since."""
        delay_ms = max(0, int((due - utcnow()).total_seconds() * 1000) + 20)
        with _broker_errors():
            self.evaluate_claim.send_with_options(args=(claim_id, due.timestamp()), delay=delay_ms)


@contextmanager
def _broker_errors() -> Iterator[None]:
    """Redis down while sending: transient. The document is recorded already, and the reconciler
    re-enqueues documents left `received`, so the message is not lost for good."""
    try:
        yield
    except (OSError, ConnectionError) as exc:
        raise BrokerUnavailable(f"broker: {type(exc).__name__}: {exc}") from None
    except Exception as exc:
        if type(exc).__module__.startswith("redis"):
            raise BrokerUnavailable(f"broker: {type(exc).__name__}: {exc}") from None
        raise


def _retry_transient(max_retries: int):  # type: ignore[no-untyped-def]
    def retry_when(retries: int, exc: BaseException) -> bool:
        return isinstance(exc, TransientError) and retries < max_retries

    return retry_when


def _last_error(message_data: dict) -> str:  # type: ignore[type-arg]
    lines = [ln for ln in str(message_data.get("options", {}).get("traceback", "")).strip().splitlines() if ln]
    return lines[-1] if lines else "unknown error"


def declare_actors(broker: dramatiq.Broker, ctx: ServiceContext) -> Actors:
    settings = ctx.settings
    retry_options = {"retry_when": _retry_transient(settings.max_retries),
                     "min_backoff": settings.retry_min_backoff_ms, "max_backoff": settings.retry_max_backoff_ms}
    holder: dict[str, Actors] = {}

    def process_document(doc_id: int) -> None:
        tasks.process_document(ctx, holder["actors"], doc_id)

    def evaluate_claim(claim_id: int, due_ts: float | None = None) -> None:
        tasks.evaluate_claim_task(ctx, holder["actors"], claim_id, due_ts)

    def document_retries_exhausted(message_data: dict, retry_info: dict) -> None:  # type: ignore[type-arg]
        doc_id = int(message_data["args"][0])
        reason = f"could not be processed after {retry_info.get('retries', 0) + 1} attempts: {_last_error(message_data)}"
        tasks.fail_document(ctx, holder["actors"], doc_id, reason)

    exhausted = dramatiq.Actor(document_retries_exhausted, broker=broker, actor_name="document_retries_exhausted",
                               queue_name=QUEUE_DOCUMENTS, priority=0,
                               options={**retry_options, "max_retries": settings.max_retries})
    process = dramatiq.Actor(process_document, broker=broker, actor_name="process_document",
                             queue_name=QUEUE_DOCUMENTS, priority=10,
                             options={**retry_options, "on_retry_exhausted": "document_retries_exhausted",
                                      "time_limit": int(settings.document_time_limit_s * 1000)})
    evaluate = dramatiq.Actor(evaluate_claim, broker=broker, actor_name="evaluate_claim", queue_name=QUEUE_CLAIMS,
                              priority=0, options={**retry_options, "time_limit": 300_000})
    holder["actors"] = Actors(broker, process, evaluate, exhausted)
    return holder["actors"]


def setup_workers(settings: Settings, ctx: ServiceContext | None = None) -> tuple[ServiceContext, Actors]:
    """Build the broker from settings, install it, declare the actors. Call once per process."""
    broker = build_broker(settings)
    dramatiq.set_broker(broker)
    ctx = ctx or open_context(settings)
    return ctx, declare_actors(broker, ctx)
