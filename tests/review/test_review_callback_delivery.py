"""Signed status-change callbacks: HMAC a portal can verify, retries with backoff, final 4xx."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx

from claimready.review.callback_delivery import (RetryPolicy, StatusChange, deliver, sign, signed_request,
                                                 verify_signature)

CHANGE = StatusChange("acme", "CLM-1", "not_ready", "needs_review", 70, datetime(2025, 9, 1, tzinfo=UTC))


def _client(answers: list[int | Exception], seen: list[httpx.Request]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer)

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_signed_request_verifies_with_the_secret_only() -> None:
    body, headers = signed_request(CHANGE, "s3cret", now=1_700_000_000)
    ts = int(headers["X-ClaimReady-Timestamp"])
    assert verify_signature("s3cret", ts, body, headers["X-ClaimReady-Signature"])
    assert not verify_signature("other", ts, body, headers["X-ClaimReady-Signature"])
    assert not verify_signature("s3cret", ts + 1, body, headers["X-ClaimReady-Signature"])
    assert json.loads(body)["status"] == "needs_review"


def test_deliver_retries_server_errors_with_growing_delays() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    result = deliver("https://portal.example/hook", "k", CHANGE, policy=RetryPolicy(attempts=4, first_delay_s=1, factor=3),
                     client=_client([503, httpx.ConnectError("refused"), 200], seen), sleep=sleeps.append)
    assert result.delivered and result.attempts == 3 and result.last_status == 200
    assert sleeps == [1, 3]
    assert len({r.headers["X-ClaimReady-Delivery"] for r in seen}) == 1  # one delivery id across retries
    for request in seen:
        assert request.headers["X-ClaimReady-Signature"] == sign(
            "k", int(request.headers["X-ClaimReady-Timestamp"]), request.content)


def test_deliver_gives_up_after_the_last_attempt() -> None:
    seen: list[httpx.Request] = []
    result = deliver("https://portal.example/hook", "k", CHANGE, policy=RetryPolicy(attempts=3),
                     client=_client([500, 500, 500], seen), sleep=lambda s: None)
    assert not result.delivered and result.attempts == 3 and result.last_error == "HTTP 500"


def test_deliver_does_not_retry_a_client_error() -> None:
    seen: list[httpx.Request] = []
    result = deliver("https://portal.example/hook", "k", CHANGE, client=_client([404], seen), sleep=lambda s: None)
    assert not result.delivered and result.attempts == 1 and len(seen) == 1


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(first_delay_s=10, factor=10, max_delay_s=60)
    assert [policy.delay(n) for n in (1, 2, 3)] == [10, 60, 60]
