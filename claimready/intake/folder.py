"""Stage 1: read a claim folder into a manifest and a list of identified files."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from claimready.errors import InputError, InvalidManifest
from claimready.intake.sniff import sniff_kind
from claimready.manifest import MANIFEST_NAME, Manifest, parse_manifest
from claimready.models import SourceFile

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ClaimInput:
    claim_id: str
    tenant: str
    manifest: Manifest
    manifest_error: str | None  # a bad claim.json: reported, claim still checked with defaults
    files: tuple[SourceFile, ...]


def display_name(name: str) -> str:
    """A file name as printable text for reports and logs. Linux names are bytes: bytes that
    are not UTF-8 (held by Python as lone surrogates, which no encoder accepts) and control
    characters (newlines, terminal escapes) become U+FFFD. The file is still opened by its path."""
    text = os.fsencode(name).decode("utf-8", errors="replace")
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


def identify_file(path: Path, name: str | None = None) -> SourceFile:
    """Hash a file and sniff its kind from its first bytes."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if not head:
                head = chunk[:1024]
            digest.update(chunk)
            size += len(chunk)
    return SourceFile(name=display_name(name or path.name), path=str(path), sha256=digest.hexdigest(),
                      size=size, kind=sniff_kind(head))


def _claim_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST_NAME)


def read_manifest(folder: Path, max_bytes: int) -> tuple[Manifest, str | None]:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return Manifest(), None
    if path.stat().st_size > max_bytes:
        return Manifest(), f"claim.json is larger than the {max_bytes} bytes allowed"
    try:
        return parse_manifest(path.read_bytes(), max_bytes), None
    except InvalidManifest as exc:
        return Manifest(), exc.reason


def read_claim_folder(folder: Path, tenant: str = "local", max_manifest_bytes: int = 1024 * 1024) -> ClaimInput:
    if not folder.exists():
        raise InputError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise InputError(f"not a folder: {folder}")
    manifest, manifest_error = read_manifest(folder, max_manifest_bytes)
    files = tuple(identify_file(p) for p in _claim_files(folder))
    if not files:
        raise InputError(f"no claim files in {folder}")
    return ClaimInput(claim_id=manifest.claim_id or folder.resolve().name, tenant=tenant,
                      manifest=manifest, manifest_error=manifest_error, files=files)
