"""Tell the tenant's registered portals that a claim's status changed (signed POSTs).

Deliveries run off the request thread, each with its own retries and backoff
(callback_delivery.deliver), so a slow portal never slows the adjuster's page."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from claimready.review.callback_delivery import DeliveryResult, RetryPolicy, StatusChange, deliver
from claimready.review.store import CallbackRegistration, ReviewStore

log = logging.getLogger(__name__)
Deliverer = Callable[[CallbackRegistration, StatusChange], DeliveryResult]


def deliver_registration(registration: CallbackRegistration, change: StatusChange,
                         policy: RetryPolicy | None = None) -> DeliveryResult:
    result = deliver(registration.url, registration.secret, change, policy=policy)
    if not result.delivered:
        log.warning("callback %s to %s failed after %d attempts: %s", registration.id, registration.url,
                    result.attempts, result.last_error)
    return result


def notify_status_change(store: ReviewStore, change: StatusChange, deliverer: Deliverer = deliver_registration,
                         background: bool = True) -> list[threading.Thread]:
    """One delivery per registered callback of the claim's tenant; nothing when status is unchanged."""
    if change.previous_status == change.status:
        return []
    threads = []
    for registration in store.callbacks(change.tenant):
        if background:
            thread = threading.Thread(target=deliverer, args=(registration, change), daemon=True,
                                      name=f"callback-{registration.id}")
            thread.start()
            threads.append(thread)
        else:
            deliverer(registration, change)
    return threads
