"""The bucket Protocol: a local folder, and a real S3 server (SeaweedFS from scripts/services.sh)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from claimready.errors import InputError, NotFound, StorageUnavailable
from claimready.storage.bucket import LocalBucket, S3Bucket


def _exercise(bucket, tmp_path: Path, prefix: str) -> None:  # type: ignore[no-untyped-def]
    put = bucket.put(f"{prefix}/CLM-1/scan 1.pdf", b"%PDF-1.4 one")
    bucket.put(f"{prefix}/CLM-1/claim.json", b"{}")
    listed = {o.key: o for o in bucket.list(prefix)}
    got = bucket.get(f"{prefix}/CLM-1/scan 1.pdf", tmp_path)
    assert set(listed) == {f"{prefix}/CLM-1/scan 1.pdf", f"{prefix}/CLM-1/claim.json"}
    assert listed[f"{prefix}/CLM-1/scan 1.pdf"].etag == put.etag == bucket.stat(f"{prefix}/CLM-1/scan 1.pdf").etag
    assert got.read_bytes() == b"%PDF-1.4 one"
    with pytest.raises(NotFound):
        bucket.get(f"{prefix}/CLM-1/missing.pdf", tmp_path)


def test_storage_local_bucket_put_list_get_stat(tmp_path: Path) -> None:
    _exercise(LocalBucket(tmp_path / "bucket"), tmp_path, "acme")


def test_storage_local_bucket_refuses_keys_outside_it(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        LocalBucket(tmp_path / "bucket").put("../outside.pdf", b"x")


def _s3(endpoint: str = "127.0.0.1:8333") -> S3Bucket:
    bucket = S3Bucket("claimready-unit", endpoint, os.environ.get("CLAIMREADY_TEST_S3_ACCESS_KEY", "claimready"),
                      os.environ.get("CLAIMREADY_TEST_S3_SECRET_KEY", "claimready-test-secret"))
    return bucket


@pytest.mark.s3
def test_storage_s3_bucket_put_list_get_stat(tmp_path: Path) -> None:
    bucket = _s3()
    bucket.ensure_bucket()
    _exercise(bucket, tmp_path, f"t{uuid.uuid4().hex[:8]}")


def test_storage_s3_unreachable_is_transient(tmp_path: Path) -> None:
    with pytest.raises(StorageUnavailable):
        list(_s3("127.0.0.1:9").list())


@pytest.mark.s3
def test_storage_s3_check_passes_for_the_bucket_and_fails_for_a_missing_one() -> None:
    bucket = _s3()
    bucket.ensure_bucket()
    bucket.check()
    missing = S3Bucket(f"claimready-missing-{uuid.uuid4().hex[:8]}", "127.0.0.1:8333",
                       os.environ.get("CLAIMREADY_TEST_S3_ACCESS_KEY", "claimready"),
                       os.environ.get("CLAIMREADY_TEST_S3_SECRET_KEY", "claimready-test-secret"))
    with pytest.raises(StorageUnavailable, match="does not exist"):
        missing.check()
    with pytest.raises(StorageUnavailable):
        _s3("127.0.0.1:9").check()


def test_storage_local_check_refuses_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    LocalBucket(tmp_path / "not-yet-created").check()
    (tmp_path / "file").write_text("x")
    with pytest.raises(StorageUnavailable):
        LocalBucket(tmp_path / "file").check()
