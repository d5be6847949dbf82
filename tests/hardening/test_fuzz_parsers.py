"""Issue 6: fuzz the edges that take text from outside (claim.json, object keys) and the value
parsers that read document text: they answer or raise their documented error, never crash."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from claimready.errors import InputError, InvalidManifest
from claimready.extractors.normalize import currency_finder, decimal_string, find_dates, find_terms, parse_date
from claimready.intake.events import parse_claim_key
from claimready.manifest import Manifest, parse_manifest
from claimready.rules import load_rules
from claimready.storage.bucket import LocalBucket

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES = load_rules(None)
MANIFEST_KEYS = ["claim_id", "policy_number", "claim_type", "policyholder", "buyer", "claimed_amount", "currency",
                 "overdue_notified_date", "filed_date", "policy"]
POLICY_KEYS = ["max_credit_days", "overdue_notification_days", "claim_filing_days", "approved_extensions"]

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


def assert_manifest_or_documented_error(data: bytes) -> None:
    try:
        manifest = parse_manifest(data)
    except InvalidManifest as exc:
        assert exc.reason.startswith("claim.json")
        return
    assert isinstance(manifest, Manifest)


@FUZZ
@given(st.binary(max_size=400))
def test_parse_manifest_fuzz_bytes_give_manifest_or_invalid_manifest(data: bytes) -> None:
    assert_manifest_or_documented_error(data)


@FUZZ
@given(st.dictionaries(st.sampled_from(MANIFEST_KEYS), json_values, max_size=6),
       st.dictionaries(st.sampled_from(POLICY_KEYS), json_values, max_size=4))
def test_parse_manifest_fuzz_wrong_types_give_manifest_or_invalid_manifest(raw: dict, policy: dict) -> None:
    if policy:
        raw = {**raw, "policy": policy}
    assert_manifest_or_documented_error(json.dumps(raw).encode())


@FUZZ
@given(st.sampled_from(["claimed_amount"]), st.sampled_from(["1e999999999", "-1e-999999999", "NaN", "Infinity",
                                                             "9" * 5000, "1_000", " 12 ", "0x10", "１２３"]))
def test_parse_manifest_fuzz_hostile_amounts_never_crash(key: str, value: str) -> None:
    assert_manifest_or_documented_error(json.dumps({key: value}).encode())


def test_parse_manifest_rejects_50_mb_before_parsing() -> None:
    data = b"{" + b" " * (50 * 1024 * 1024) + b"}"
    with pytest.raises(InvalidManifest, match="more than the 1048576 allowed"):
        parse_manifest(data)


def test_parse_manifest_rejects_deeply_nested_json() -> None:
    """Deep nesting makes json.loads recurse: a RecursionError must not escape as a crash."""
    with pytest.raises(InvalidManifest):
        parse_manifest(b"[" * 100_000 + b"]" * 100_000, max_bytes=10**6)


@FUZZ
@given(st.text(max_size=200))
def test_date_parsers_fuzz_give_iso_dates_or_nothing(text: str) -> None:
    for found in find_dates(text):
        assert isinstance(found.value, date)
        assert 0 <= found.start <= found.end <= len(text)
    value = parse_date(text)
    assert value is None or date.fromisoformat(value).isoformat() == value


@FUZZ
@given(st.text(alphabet="0123456789,. '\u00a0\u202f", min_size=1, max_size=40))
def test_decimal_string_fuzz_gives_plain_decimal_or_none(number: str) -> None:
    value = decimal_string(number)
    assert value is None or re.fullmatch(r"-?\d+\.\d{2}", value)


@FUZZ
@given(st.text(max_size=200))
def test_money_and_terms_fuzz_give_typed_values_or_nothing(text: str) -> None:
    for found in currency_finder(RULES).find(text):
        assert re.fullmatch(r"-?\d+\.\d{2}", found.value.amount)
        assert found.value.currency is None or re.fullmatch(r"[A-Z]{3}", found.value.currency)
    terms = find_terms(text, RULES)
    assert terms is None or (0 < terms.value.days <= 720 and terms.value.basis in ("shipment", "delivery", "invoice"))


KEY_PIECES = st.sampled_from(["t1", "CLM-1", "a.pdf", "..", ".", "", "%2e%2e", "%2F", "%5c", "a%00b", "\x00", "\n",
                              "\x1b", "\u202e", "\\", "~", "claim.json", ".hidden", "x" * 300, "é", "发票.pdf"])
KEYS = st.lists(KEY_PIECES, min_size=1, max_size=5).map("/".join) | st.text(max_size=60)


@FUZZ
@given(KEYS)
def test_object_key_fuzz_never_escapes_its_claim_prefix(key: str) -> None:
    try:
        parsed = parse_claim_key(key)
    except InputError:
        return
    if parsed is None:
        return
    assert parsed.key == key
    parts = key.split("/")
    assert len(parts) == 3 and ".." not in parts and "" not in parts
    assert not any(ord(c) < 32 or ord(c) == 127 for c in key)
    assert not parsed.name.startswith(".")


@FUZZ
@given(KEYS)
def test_local_bucket_fuzz_no_key_reaches_outside_the_bucket(key: str) -> None:
    root = Path("/tmp/claimready-fuzz-bucket")
    bucket = LocalBucket(root)
    try:
        path = bucket._path(key)
    except InputError:
        return
    assert bucket.root in path.parents


@pytest.mark.parametrize("key", ["../etc/passwd", "t1/../../etc/passwd", "t1//etc/passwd", "/etc/passwd",
                                 "t1/CLM-1/%2e%2e%2fpasswd", "t1/CLM-1/a\x00b.pdf", "t1/CLM-1/a\nb.pdf",
                                 "t1/CLM-1/..", "t1\\..\\x.pdf"])
def test_parse_claim_key_rejects_escaping_keys(key: str) -> None:
    with pytest.raises(InputError):
        parse_claim_key(key)


def test_local_bucket_refuses_key_with_nul_byte(tmp_path: Path) -> None:
    bucket = LocalBucket(tmp_path)
    with pytest.raises(InputError):
        bucket.stat("t1/CLM-1/a\x00b.pdf")
