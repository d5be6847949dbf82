"""What the portal API and the review pages need from storage, as one protocol.

The routes speak only to a `ReviewStore`; the service-mode database implements it
(claimready/review/sql_store.py) and tests use the in-memory one (memory_store.py). Every
method takes the caller's tenant: a claim of another tenant is simply not found.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from claimready.errors import InputError
from claimready.report import ReportOut
from claimready.review.views import AuditEntry, ClaimSummary, Decision, QueueFilter, VerdictEntry


@dataclass(frozen=True, slots=True)
class ClaimState:
    summary: ClaimSummary
    report: ReportOut | None  # None while the first evaluation has not finished


@dataclass(frozen=True, slots=True)
class StoredFile:
    name: str
    sha256: str
    load: Callable[[], bytes]  # reads the bytes from the bucket only when called


@dataclass(frozen=True, slots=True)
class Cursor:
    """Position after the last row of a page: rows are ordered by (updated_at, claim_id) descending."""

    updated_at: datetime
    claim_id: str

    def encode(self) -> str:
        raw = json.dumps({"u": self.updated_at.isoformat(), "c": self.claim_id}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @staticmethod
    def decode(text: str) -> Cursor:
        try:
            raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            return Cursor(datetime.fromisoformat(raw["u"]), str(raw["c"]))
        except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise InputError("cursor is not one this API returned") from None

    def before(self, row: ClaimSummary) -> bool:
        """Whether `row` comes after this cursor in the listing order."""
        return (row.updated_at, row.claim_id) < (self.updated_at, self.claim_id)


@dataclass(frozen=True, slots=True)
class CallbackRegistration:
    """A portal's URL for signed status-change POSTs; `secret` signs them (shown once)."""

    id: str
    tenant: str
    url: str
    secret: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    filters: QueueFilter = QueueFilter()
    updated_since: datetime | None = None
    after: Cursor | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class ClaimPage:
    rows: tuple[ClaimSummary, ...]
    next_cursor: Cursor | None


class ReviewStore(Protocol):
    def find_claim(self, tenant: str, claim_id: str) -> ClaimState | None: ...

    def list_claims(self, tenant: str, query: ClaimQuery) -> ClaimPage: ...

    def find_file(self, tenant: str, claim_id: str, name: str) -> StoredFile | None: ...

    def decisions(self, tenant: str, claim_id: str) -> tuple[Decision, ...]: ...

    def audit(self, tenant: str, claim_id: str) -> tuple[AuditEntry, ...]: ...

    def history(self, tenant: str, claim_id: str) -> tuple[VerdictEntry, ...]: ...

    def record_decision(self, tenant: str, claim_id: str, decision: Decision, verdict: VerdictEntry,
                        detail: str) -> None:
        """Keep the decision, its audit entry and the verdict it gives, in one transaction."""
        ...

    def save_upload(self, tenant: str, claim_id: str, name: str, data: bytes, actor: str) -> None:
        """Store the file in the bucket and start the same pipeline as a bucket upload."""
        ...

    def request_evaluation(self, tenant: str, claim_id: str, actor: str) -> None: ...

    def add_callback(self, registration: CallbackRegistration) -> None: ...

    def callbacks(self, tenant: str) -> tuple[CallbackRegistration, ...]: ...

    def remove_callback(self, tenant: str, callback_id: str) -> bool: ...
