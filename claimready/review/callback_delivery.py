"""Signed callbacks to a portal when a claim's status changes.

The body is JSON; the signature is an HMAC-SHA256 over `"{timestamp}.{body}"` with the secret
the portal received when it registered its URL, sent as

    X-ClaimReady-Signature: sha256=<hex>
    X-ClaimReady-Timestamp: <unix seconds>
    X-ClaimReady-Event: claim.status_changed
    X-ClaimReady-Delivery: <uuid, the same on every retry of one delivery>

so the portal can refuse a forged or replayed call (check the timestamp is recent). A failed
delivery (connection error, timeout, 408/429/5xx) is retried with exponential backoff; any
other 4xx is final, since repeating the same request cannot succeed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

log = logging.getLogger(__name__)

EVENT_STATUS_CHANGED = "claim.status_changed"
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class StatusChange:
    tenant: str
    claim_id: str
    previous_status: str | None
    status: str
    score: int | None
    changed_at: datetime

    def payload(self) -> dict[str, object]:
        return {"event": EVENT_STATUS_CHANGED, "tenant": self.tenant, "claim_id": self.claim_id,
                "previous_status": self.previous_status, "status": self.status, "score": self.score,
                "changed_at": self.changed_at.isoformat()}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 6
    first_delay_s: float = 1.0
    factor: float = 3.0
    max_delay_s: float = 300.0
    timeout_s: float = 10.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return min(self.max_delay_s, self.first_delay_s * self.factor ** (attempt - 1))


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    delivered: bool
    attempts: int
    last_status: int | None  # HTTP status of the last attempt, None if no answer
    last_error: str


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify_signature(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    """What a portal does on receipt (documented for integrators; used by our tests)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def signed_request(change: StatusChange, secret: str, now: float | None = None,
                   delivery_id: str | None = None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(change.payload(), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(now if now is not None else time.time())
    headers = {"Content-Type": "application/json", "X-ClaimReady-Event": EVENT_STATUS_CHANGED,
               "X-ClaimReady-Timestamp": str(timestamp), "X-ClaimReady-Signature": sign(secret, timestamp, body),
               "X-ClaimReady-Delivery": delivery_id or str(uuid.uuid4()),
               "User-Agent": "ClaimReady-Callback/1"}
    return body, headers


def deliver(url: str, secret: str, change: StatusChange, *, policy: RetryPolicy | None = None,
            client: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep) -> DeliveryResult:
    """POST the signed change to `url`, retrying failures with exponential backoff."""
    policy = policy or RetryPolicy()
    own = client is None
    client = client or httpx.Client(timeout=policy.timeout_s, follow_redirects=False)
    delivery_id = str(uuid.uuid4())
    status: int | None = None
    error = ""
    try:
        for attempt in range(1, policy.attempts + 1):
            body, headers = signed_request(change, secret, delivery_id=delivery_id)  # fresh timestamp per try
            try:
                status = client.post(url, content=body, headers=headers).status_code
                error = "" if status < 300 else f"HTTP {status}"
            except httpx.HTTPError as exc:
                status, error = None, f"{type(exc).__name__}: {exc}"
            if status is not None and 200 <= status < 300:
                return DeliveryResult(True, attempt, status, "")
            if status is not None and status not in RETRYABLE_STATUS:
                break
            if attempt < policy.attempts:
                log.info("callback to %s failed (%s), retry %d", url, error, attempt)
                sleep(policy.delay(attempt))
        return DeliveryResult(False, attempt, status, error)
    finally:
        if own:
            client.close()
