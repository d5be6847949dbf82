from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from claimready.errors import InvalidManifest
from claimready.manifest import ClaimType, parse_manifest


def test_manifest_parses_spec_example() -> None:
    m = parse_manifest(b'''{"claim_id": "CLM-2025-0042", "policy_number": "TCI-778812",
        "claim_type": "insolvency", "buyer": "Rio Verde Importadora Ltda.", "claimed_amount": "48250.00",
        "currency": "usd", "overdue_notified_date": "2025-06-20", "filed_date": "2025-09-01",
        "policy": {"max_credit_days": 120, "approved_extensions": ["SC-1"]}}''')
    assert m.claim_type is ClaimType.INSOLVENCY
    assert m.claimed_amount == Decimal("48250.00")
    assert m.currency == "USD"
    assert m.filed_date == date(2025, 9, 1)
    assert m.policy.max_credit_days == 120
    assert m.policy.overdue_notification_days == 60
    assert m.policy.approved_extensions == ("SC-1",)


def test_manifest_defaults_when_keys_absent() -> None:
    m = parse_manifest(b"{}")
    assert m.claim_type is ClaimType.PROTRACTED_DEFAULT
    assert (m.policy.max_credit_days, m.policy.overdue_notification_days, m.policy.claim_filing_days) == (180, 60, 150)


@pytest.mark.parametrize(("raw", "key"), [
    (b'{"claim_type": "fraud"}', "claim_type"),
    (b'{"filed_date": "next week"}', "filed_date"),
    (b'{"claimed_amount": true}', "claimed_amount"),
    (b'{"policy": {"max_credit_days": "long"}}', "policy.max_credit_days"),
])
def test_manifest_error_names_the_key(raw: bytes, key: str) -> None:
    with pytest.raises(InvalidManifest, match=f"'{key}'"):
        parse_manifest(raw)


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"\xff\xfe", b'"text"'])
def test_manifest_rejects_non_objects(raw: bytes) -> None:
    with pytest.raises(InvalidManifest):
        parse_manifest(raw)


def test_manifest_rejects_oversized() -> None:
    with pytest.raises(InvalidManifest, match="bytes"):
        parse_manifest(b"{}" + b" " * 2000, max_bytes=1000)
