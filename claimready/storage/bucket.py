"""Where claim files live: an S3 bucket (MinIO, SeaweedFS, AWS) or a local folder (embedded).

One small Protocol, two implementations. Connection problems become `StorageUnavailable`
(transient, retried); a missing object becomes `NotFound`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from claimready.errors import InputError, NotFound, StorageUnavailable
from claimready.settings import Settings


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    key: str
    size: int
    etag: str  # hex, no quotes
    modified: datetime | None = None


class Bucket(Protocol):
    name: str

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]: ...

    def get(self, key: str, dest_dir: Path) -> Path:
        """Download `key` into a new file inside `dest_dir` and return its path."""
        ...

    def put(self, key: str, data: bytes) -> ObjectInfo: ...

    def stat(self, key: str) -> ObjectInfo: ...

    def check(self) -> None:
        """Raise StorageUnavailable unless the bucket exists and answers (health checks)."""
        ...


def normalize_etag(etag: str | None) -> str:
    return (etag or "").strip().strip('"').lower()


class S3Bucket:
    """A bucket on any S3 server through the `minio` client."""

    def __init__(self, name: str, endpoint: str, access_key: str, secret_key: str,
                 secure: bool = False, region: str = "us-east-1") -> None:
        import urllib3
        from minio import Minio

        self.name = name
        # short timeouts and no urllib3 retry storm: our own retries (dramatiq backoff) take over
        http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=3.0, read=60.0), maxsize=16,
                                   retries=urllib3.Retry(total=1, backoff_factor=0.2))
        self._client = Minio(endpoint, access_key=access_key or None, secret_key=secret_key or None,
                             secure=secure, region=region, http_client=http)

    def _call(self, what: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Run a client call; S3 and network failures become our errors (missing: NotFound,
        anything else from the server or the network: StorageUnavailable, retried)."""
        from minio.error import InvalidResponseError, S3Error, ServerError
        from urllib3.exceptions import HTTPError

        try:
            return fn(*args, **kwargs)
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchBucket", "NoSuchObject"):
                raise NotFound(f"{what}: {exc.code}") from None
            raise StorageUnavailable(f"{what}: S3 error {exc.code}") from None
        except (ServerError, InvalidResponseError, HTTPError, OSError) as exc:  # 5xx, refused, timeouts
            raise StorageUnavailable(f"{what}: {type(exc).__name__}: {exc}") from None

    def check(self) -> None:
        if not self._call("bucket exists", self._client.bucket_exists, self.name):
            raise StorageUnavailable(f"bucket {self.name!r} does not exist")

    def ensure_bucket(self) -> None:
        if not self._call("bucket exists", self._client.bucket_exists, self.name):
            self._call("make bucket", self._client.make_bucket, self.name)

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        objects = self._call("list", lambda: list(self._client.list_objects(self.name, prefix=prefix,
                                                                              recursive=True)))
        for obj in objects:
            if obj.is_dir or obj.object_name.endswith("/"):
                continue
            yield ObjectInfo(key=obj.object_name, size=obj.size or 0, etag=normalize_etag(obj.etag),
                             modified=obj.last_modified)

    def get(self, key: str, dest_dir: Path) -> Path:
        fd, name = tempfile.mkstemp(dir=dest_dir, prefix="obj-")
        with os.fdopen(fd, "wb") as out:
            self._call(f"get {key}", self._download, key, out)
        return Path(name)

    def _download(self, key: str, out) -> None:  # type: ignore[no-untyped-def]
        """One GET streamed to the file (fget_object would add a HEAD first)."""
        response = self._client.get_object(self.name, key)
        try:
            for chunk in response.stream(1024 * 1024):
                out.write(chunk)
        finally:
            response.close()
            response.release_conn()

    def put(self, key: str, data: bytes) -> ObjectInfo:
        import io

        result = self._call(f"put {key}", self._client.put_object, self.name, key, io.BytesIO(data), len(data))
        return ObjectInfo(key=key, size=len(data), etag=normalize_etag(result.etag))

    def stat(self, key: str) -> ObjectInfo:
        st = self._call(f"stat {key}", self._client.stat_object, self.name, key)
        return ObjectInfo(key=key, size=st.size or 0, etag=normalize_etag(st.etag), modified=st.last_modified)


class LocalBucket:
    """A folder standing in for a bucket (embedded default): keys are relative paths."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.name = self.root.name

    def _path(self, key: str) -> Path:
        if "\x00" in key:
            raise InputError(f"NUL byte in object key: {key!r}")
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise InputError(f"key escapes the bucket: {key!r}")
        return path

    @staticmethod
    def _etag(path: Path) -> str:
        return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()

    def _info(self, key: str, path: Path) -> ObjectInfo:
        st = path.stat()
        return ObjectInfo(key=key, size=st.st_size, etag=self._etag(path),
                          modified=datetime.fromtimestamp(st.st_mtime, timezone.utc))

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and key.startswith(prefix):
                yield self._info(key, path)

    def get(self, key: str, dest_dir: Path) -> Path:
        src = self._path(key)
        if not src.is_file():
            raise NotFound(f"no such object: {key}")
        fd, name = tempfile.mkstemp(dir=dest_dir, prefix="obj-")
        os.close(fd)
        shutil.copyfile(src, name)
        return Path(name)

    def put(self, key: str, data: bytes) -> ObjectInfo:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return self._info(key, path)

    def stat(self, key: str) -> ObjectInfo:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"no such object: {key}")
        return self._info(key, path)

    def check(self) -> None:
        """A folder bucket is created on first write: a missing one is fine, an unusable one is not."""
        if self.root.exists() and not (self.root.is_dir() and os.access(self.root, os.R_OK | os.W_OK)):
            raise StorageUnavailable(f"bucket folder {self.root} is not a writable folder")


def open_bucket(settings: Settings) -> Bucket:
    """`file://DIR` is a local folder; `s3://BUCKET` a bucket at settings.s3_endpoint."""
    url = urlparse(settings.bucket_url)
    if url.scheme == "file":
        return LocalBucket(Path((url.netloc + url.path) or "."))
    if url.scheme == "s3" and url.netloc:
        return S3Bucket(url.netloc, settings.s3_endpoint, settings.s3_access_key, settings.s3_secret_key,
                        settings.s3_secure, settings.s3_region)
    raise InputError(f"bucket_url must be file://DIR or s3://BUCKET, not {settings.bucket_url!r}")
