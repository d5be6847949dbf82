"""Bucket events to work items: MinIO (S3 event records) and SeaweedFS (filer webhook) payloads.

Each payload gives, in order, objects created or replaced (`ObjectEvent`) and objects deleted
(`ObjectRemoved`).

A claim object's key is `<tenant>/<claim_id>/<file name>`. Folder markers, hidden files and
keys of any other shape are ignored; keys that try to leave their prefix (`..`, `//`, absolute,
control characters, percent-encoded traversal) are rejected with an `InputError`.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote_plus

from pydantic import BaseModel, ConfigDict, ValidationError

from claimready.errors import InputError
from claimready.manifest import MANIFEST_NAME
from claimready.storage.bucket import normalize_etag

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_ENCODED_TRAVERSAL = re.compile(r"%(2e|2f|5c|00)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ClaimKey:
    tenant: str
    claim: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.tenant}/{self.claim}/{self.name}"

    @property
    def is_manifest(self) -> bool:
        return self.name == MANIFEST_NAME


@dataclass(frozen=True, slots=True)
class ObjectEvent:
    """An object was created or replaced in the bucket."""

    key: str
    etag: str
    size: int


@dataclass(frozen=True, slots=True)
class ObjectRemoved:
    """An object was deleted from the bucket (or a delete marker now hides it)."""

    key: str


BucketEvent = ObjectEvent | ObjectRemoved


def _check_not_escaping(key: str) -> None:
    if not key or key.startswith("/") or key.startswith("\\"):
        raise InputError(f"absolute or empty object key: {key!r}")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in key):
        raise InputError(f"control character in object key: {key!r}")
    if "\\" in key or "//" in key:
        raise InputError(f"object key with '\\\\' or '//': {key!r}")
    if _ENCODED_TRAVERSAL.search(key):
        raise InputError(f"percent-encoded path characters in object key: {key!r}")
    if any(part in (".", "..") for part in key.split("/")):
        raise InputError(f"path traversal in object key: {key!r}")


def parse_claim_key(key: str) -> ClaimKey | None:
    """The claim a key belongs to; None for keys that are not claim files (ignored).

    Raises InputError for keys that try to escape their prefix."""
    _check_not_escaping(key)
    parts = key.split("/")
    if key.endswith("/") or len(parts) != 3:
        return None  # folder markers, files outside or below a claim folder
    tenant, claim, name = parts
    if not _ID.match(tenant) or not _ID.match(claim) or name.startswith("."):
        return None
    return ClaimKey(tenant=tenant, claim=claim, name=name)


# --- MinIO / S3 event notifications ------------------------------------------------------
class _S3Object(BaseModel):
    model_config = ConfigDict(extra="ignore")
    key: str
    size: int = 0
    eTag: str = ""


class _S3Bucket(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = ""


class _S3Entity(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bucket: _S3Bucket = _S3Bucket()
    object: _S3Object


class _S3Record(BaseModel):
    model_config = ConfigDict(extra="ignore")
    eventName: str
    s3: _S3Entity


class _S3Notification(BaseModel):
    model_config = ConfigDict(extra="ignore")
    Records: list[_S3Record] = []


def minio_events(payload: object, bucket: str) -> list[BucketEvent]:
    """ObjectCreated and ObjectRemoved records for `bucket`, in order (MinIO URL-encodes keys,
    '+' for spaces). Other records (access, replication, restore) are left out."""
    try:
        note = _S3Notification.model_validate(payload)
    except ValidationError as exc:
        raise InputError(f"not an S3 event notification: {exc.errors()[0]['msg']}") from None
    events: list[BucketEvent] = []
    for record in note.Records:
        if record.s3.bucket.name and record.s3.bucket.name != bucket:
            continue
        event = _minio_event(record)
        if event is not None:
            events.append(event)
    return events


def _minio_event(record: _S3Record) -> BucketEvent | None:
    name = record.eventName.removeprefix("s3:")
    key = unquote_plus(record.s3.object.key)
    if name.startswith("ObjectCreated:"):
        return ObjectEvent(key=key, etag=normalize_etag(record.s3.object.eTag), size=record.s3.object.size)
    if name.startswith("ObjectRemoved:"):  # Delete, DeleteMarkerCreated (versioned buckets)
        return ObjectRemoved(key=key)
    return None


# --- SeaweedFS filer webhook ---------------------------------------------------------------
class _SwAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore")
    file_size: int = 0
    md5: str = ""


class _SwEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    is_directory: bool = False
    attributes: _SwAttributes = _SwAttributes()
    extended: dict[str, str] = {}


class _SwMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    old_entry: _SwEntry | None = None
    new_entry: _SwEntry | None = None
    new_parent_path: str = ""


class _SwEvent(BaseModel):
    model_config = ConfigDict(extra="ignore")
    event_type: str
    key: str = ""
    message: _SwMessage = _SwMessage()


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return b""


def _seaweed_etag(entry: _SwEntry) -> str:
    """The S3 ETag SeaweedFS keeps (base64 of the hex ETag), else the md5 attribute."""
    stored = _b64(entry.extended.get("Seaweed-X-Amz-ETag", ""))
    if stored:
        return normalize_etag(stored.decode("ascii", "replace"))
    return _b64(entry.attributes.md5).hex()


def seaweedfs_events(payload: object, bucket: str) -> list[BucketEvent]:
    """Files under /buckets/<bucket>/ (keys are not URL-encoded), in order: a delete (an
    `old_entry` and no `new_entry`) or the old path of a move gives a removal; a create, an update
    or a move's new path gives the object. (The filer reports an in-place update as `rename`
    with the same old and new path: no removal then.)"""
    try:
        ev = _SwEvent.model_validate(payload)
    except ValidationError as exc:
        raise InputError(f"not a SeaweedFS filer event: {exc.errors()[0]['msg']}") from None
    prefix = f"/buckets/{bucket}/"
    new_path = _seaweed_new_path(ev)
    removed_path = _seaweed_removed_path(ev, new_path)
    events: list[BucketEvent] = []
    if removed_path is not None and removed_path.startswith(prefix):
        events.append(ObjectRemoved(key=removed_path[len(prefix):]))
    entry = ev.message.new_entry
    if entry is not None and new_path is not None and new_path.startswith(prefix):
        events.append(ObjectEvent(key=new_path[len(prefix):], etag=_seaweed_etag(entry),
                                  size=entry.attributes.file_size))
    return events


def _seaweed_new_path(ev: _SwEvent) -> str | None:
    """Full path of the file created, updated or moved here; None for directories and deletes."""
    entry = ev.message.new_entry
    if ev.event_type not in ("create", "update", "rename") or entry is None or entry.is_directory:
        return None
    if ev.message.new_parent_path:
        return f"{ev.message.new_parent_path.rstrip('/')}/{entry.name}"
    return ev.key


def _seaweed_removed_path(ev: _SwEvent, new_path: str | None) -> str | None:
    """Full path of the file deleted or moved away (the event's key is the old entry's path)."""
    entry = ev.message.old_entry
    if ev.event_type not in ("delete", "rename") or entry is None or entry.is_directory or not ev.key:
        return None
    return None if ev.key == new_path else ev.key
