"""Bucket event payloads (MinIO S3 records, SeaweedFS filer webhook) and claim key validation."""

from __future__ import annotations

import pytest

from claimready.errors import InputError
from claimready.intake.events import (ClaimKey, ObjectEvent, ObjectRemoved, minio_events, parse_claim_key,
                                      seaweedfs_events)

# recorded from `weed mini` 4.x with notification.webhook enabled (see scripts/services.sh)
SEAWEED_CREATE = {
    "event_type": "create", "key": "/buckets/claims/acme/CLM-1/scan 0001.pdf",
    "message": {"new_entry": {"name": "scan 0001.pdf",
                              "chunks": [{"size": 14, "e_tag": "GDsUip2ulKeESoNRsfwtWQ=="}],
                              "attributes": {"file_size": 14, "mtime": 1795873124, "file_mode": 432,
                                             "md5": "GDsUip2ulKeESoNRsfwtWQ=="},
                              "extended": {"Seaweed-X-Amz-ETag": "MTgzYjE0OGE5ZGFlOTRhNzg0NGE4MzUxYjFmYzJkNTk=",
                                           "Seaweed-X-Amz-Owner": "YWRtaW4="}},
                "delete_chunks": True, "new_parent_path": "/buckets/claims/acme/CLM-1", "signatures": [1284405630]}}
SEAWEED_DIR = {"event_type": "create", "key": "/buckets/claims/acme",
               "message": {"new_entry": {"name": "acme", "is_directory": True, "attributes": {"mtime": 1}},
                           "new_parent_path": "/buckets/claims"}}


def test_events_seaweedfs_create_gives_key_and_s3_etag() -> None:
    assert seaweedfs_events(SEAWEED_CREATE, "claims") == [
        ObjectEvent(key="acme/CLM-1/scan 0001.pdf", etag="183b148a9dae94a7844a8351b1fc2d59", size=14)]


def test_events_seaweedfs_ignores_directories_and_other_buckets() -> None:
    assert seaweedfs_events(SEAWEED_DIR, "claims") == []
    assert seaweedfs_events(SEAWEED_CREATE, "other-bucket") == []


def test_events_minio_decodes_url_encoded_keys_of_created_and_removed() -> None:
    records = {"Records": [
        {"eventName": "s3:ObjectCreated:Put",
         "s3": {"bucket": {"name": "claims"},
                "object": {"key": "acme/CLM-1/scan+0001+%E5%8F%91%E7%A5%A8.pdf", "size": 5, "eTag": "\"ABC\""}}},
        {"eventName": "s3:ObjectRemoved:Delete",
         "s3": {"bucket": {"name": "claims"}, "object": {"key": "acme/CLM-1/x.pdf"}}}]}
    assert minio_events(records, "claims") == [ObjectEvent("acme/CLM-1/scan 0001 发票.pdf", "abc", 5),
                                               ObjectRemoved("acme/CLM-1/x.pdf")]


def test_events_minio_malformed_payload_is_input_error() -> None:
    with pytest.raises(InputError):
        minio_events({"Records": [{"eventName": "s3:ObjectCreated:Put"}]}, "claims")


def test_events_claim_key_splits_tenant_claim_and_name() -> None:
    assert parse_claim_key("acme/CLM-2025-0042/scan 0003.pdf") == ClaimKey("acme", "CLM-2025-0042", "scan 0003.pdf")
    assert parse_claim_key("acme/CLM-1/claim.json").is_manifest  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["acme/CLM-1/", "acme/CLM-1", "acme/CLM-1/sub/a.pdf", "acme/CLM-1/.keep",
                                 "acme/.hidden/a.pdf", "readme.txt"])
def test_events_claim_key_ignores_non_claim_keys(key: str) -> None:
    assert parse_claim_key(key) is None


@pytest.mark.parametrize("key", ["../acme/CLM-1/a.pdf", "acme/../CLM-1/a.pdf", "acme/CLM-1/..", "acme//CLM-1/a.pdf",
                                 "/acme/CLM-1/a.pdf", "acme/CLM-1/a\x00.pdf", "acme/CLM-1/a\n.pdf",
                                 "acme/CLM-1/%2e%2e%2fx.pdf", "acme/CLM-1/..%2Fx", "acme\\CLM-1\\a.pdf", ""])
def test_events_claim_key_rejects_escaping_keys(key: str) -> None:
    with pytest.raises(InputError):
        parse_claim_key(key)
