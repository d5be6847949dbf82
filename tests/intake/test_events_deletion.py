"""Deletion events: MinIO s3:ObjectRemoved:* records and SeaweedFS filer `delete` events become
ObjectRemoved; a SeaweedFS move gives a removal of its old path and the object at its new one."""

from __future__ import annotations

import copy

import pytest

from claimready.errors import InputError
from claimready.intake.events import ObjectEvent, ObjectRemoved, minio_events, seaweedfs_events

# recorded from `weed mini` 4.x (services.sh webhook, event_types with "delete"): an S3 DeleteObject
SEAWEED_DELETE = {
    "event_type": "delete", "key": "/buckets/claims/acme/CLM-1/a.pdf",
    "message": {"old_entry": {"name": "a.pdf",
                              "chunks": [{"file_id": "1,024af1e8a6", "size": 6, "e_tag": "boCcvaBzKsSEWRalkBb5VA=="}],
                              "attributes": {"file_size": 6, "mtime": 1795926889, "file_mode": 432,
                                             "md5": "boCcvaBzKsSEWRalkBb5VA=="},
                              "extended": {"Seaweed-X-Amz-ETag": "NmU4MDljYmRhMDczMmFjNDg0NTkxNmE1OTAxNmY5NTQ=",
                                           "Seaweed-X-Amz-Owner": "Y2xhaW1yZWFkeQ=="}},
                "delete_chunks": True, "signatures": [1523276287]}}
# ... and the empty claim folder SeaweedFS removes after it
SEAWEED_DELETE_DIR = {"event_type": "delete", "key": "/buckets/claims/acme/CLM-1",
                      "message": {"old_entry": {"name": "CLM-1", "is_directory": True, "attributes": {"mtime": 1}},
                                  "signatures": [1523276287]}}


def _minio_record(event_name: str, key: str, bucket: str = "claims") -> dict[str, object]:
    return {"eventName": event_name, "s3": {"bucket": {"name": bucket}, "object": {"key": key, "sequencer": "1"}}}


def test_events_seaweedfs_delete_gives_the_removed_key() -> None:
    assert seaweedfs_events(SEAWEED_DELETE, "claims") == [ObjectRemoved("acme/CLM-1/a.pdf")]


def test_events_seaweedfs_delete_of_a_folder_or_in_another_bucket_is_ignored() -> None:
    assert seaweedfs_events(SEAWEED_DELETE_DIR, "claims") == []
    assert seaweedfs_events(SEAWEED_DELETE, "other-bucket") == []


def test_events_seaweedfs_move_removes_the_old_key_and_creates_the_new() -> None:
    moved = copy.deepcopy(SEAWEED_DELETE)
    moved["event_type"] = "rename"
    message = moved["message"]
    assert isinstance(message, dict)
    message["new_entry"] = dict(message["old_entry"], name="b.pdf")
    message["new_parent_path"] = "/buckets/claims/acme/CLM-2"
    assert seaweedfs_events(moved, "claims") == [
        ObjectRemoved("acme/CLM-1/a.pdf"), ObjectEvent("acme/CLM-2/b.pdf", "6e809cbda0732ac4845916a59016f954", 6)]


def test_events_seaweedfs_update_in_place_is_not_a_removal() -> None:
    updated = copy.deepcopy(SEAWEED_DELETE)
    updated["event_type"] = "rename"  # how some filer versions report an overwrite
    message = updated["message"]
    assert isinstance(message, dict)
    message["new_entry"] = message["old_entry"]
    message["new_parent_path"] = "/buckets/claims/acme/CLM-1"
    assert seaweedfs_events(updated, "claims") == [
        ObjectEvent("acme/CLM-1/a.pdf", "6e809cbda0732ac4845916a59016f954", 6)]


@pytest.mark.parametrize("name", ["s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
                                  "ObjectRemoved:Delete"])
def test_events_minio_removed_records_give_the_decoded_key(name: str) -> None:
    payload = {"Records": [_minio_record(name, "acme/CLM-1/scan+0002+%E5%8F%91%E7%A5%A8.pdf")]}
    assert minio_events(payload, "claims") == [ObjectRemoved("acme/CLM-1/scan 0002 发票.pdf")]


def test_events_minio_keeps_creates_and_removals_in_order_for_this_bucket_only() -> None:
    payload = {"Records": [
        _minio_record("s3:ObjectRemoved:Delete", "acme/CLM-1/a.pdf"),
        {"eventName": "s3:ObjectCreated:Put",
         "s3": {"bucket": {"name": "claims"}, "object": {"key": "acme/CLM-1/a.pdf", "size": 3, "eTag": "ff"}}},
        _minio_record("s3:ObjectRemoved:Delete", "acme/CLM-1/b.pdf", bucket="elsewhere"),
        _minio_record("s3:ObjectAccessed:Get", "acme/CLM-1/c.pdf")]}
    assert minio_events(payload, "claims") == [ObjectRemoved("acme/CLM-1/a.pdf"), ObjectEvent("acme/CLM-1/a.pdf", "ff", 3)]


def test_events_minio_removed_record_without_a_key_is_input_error() -> None:
    with pytest.raises(InputError):
        minio_events({"Records": [{"eventName": "s3:ObjectRemoved:Delete", "s3": {"object": {}}}]}, "claims")
