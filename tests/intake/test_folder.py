from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from claimready.errors import InputError
from claimready.intake.folder import identify_file, read_claim_folder
from claimready.intake.sniff import describe_unknown, sniff_kind
from claimready.models import FileKind


def test_sniff_kind_reads_magic_bytes_not_names() -> None:
    assert sniff_kind(b"%PDF-1.7\n...") == FileKind.PDF
    assert sniff_kind(b"\x89PNG\r\n\x1a\n....") == FileKind.PNG
    assert sniff_kind(b"\xff\xd8\xff\xe0") == FileKind.JPEG
    assert sniff_kind(b"II*\x00") == FileKind.TIFF
    assert sniff_kind(b"MM\x00*") == FileKind.TIFF
    assert sniff_kind(b"PK\x03\x04") == FileKind.UNKNOWN
    assert sniff_kind(b"junk\r\n%PDF-1.4") == FileKind.PDF


def test_sniff_kind_a_stored_zip_holding_a_pdf_is_a_zip() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("invoice.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    head = buffer.getvalue()[:1024]
    assert b"%PDF-" in head and sniff_kind(head) == FileKind.UNKNOWN
    assert "ZIP" in describe_unknown(head)


def test_describe_unknown_names_common_formats() -> None:
    assert "ZIP" in describe_unknown(b"PK\x03\x04rest")
    assert "ELF" in describe_unknown(b"\x7fELF\x02")
    assert "HTML" in describe_unknown(b"  <!DOCTYPE html><html>")
    assert "text" in describe_unknown(b"hello world")


def test_identify_file_hashes_content(tmp_path: Path) -> None:
    path = tmp_path / "scan_0003.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\nrest")
    file = identify_file(path)
    assert file.kind == FileKind.PNG
    assert file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert file.size == path.stat().st_size


def test_read_claim_folder_takes_claim_id_from_manifest(tmp_path: Path) -> None:
    (tmp_path / "claim.json").write_text(json.dumps({"claim_id": "CLM-1", "buyer": "Rio Verde"}))
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    claim = read_claim_folder(tmp_path)
    assert claim.claim_id == "CLM-1"
    assert claim.manifest.buyer == "Rio Verde"
    assert [f.name for f in claim.files] == ["a.pdf"]
    assert claim.manifest_error is None


def test_read_claim_folder_falls_back_to_folder_name(tmp_path: Path) -> None:
    folder = tmp_path / "CLM-77"
    folder.mkdir()
    (folder / "x.bin").write_bytes(b"data")
    assert read_claim_folder(folder).claim_id == "CLM-77"


def test_read_claim_folder_reports_bad_manifest_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "claim.json").write_text('{"claimed_amount": "lots"}')
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    claim = read_claim_folder(tmp_path)
    assert claim.manifest_error is not None and "claimed_amount" in claim.manifest_error
    assert claim.manifest.claimed_amount is None


def test_read_claim_folder_rejects_missing_and_empty_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        read_claim_folder(tmp_path / "nope")
    with pytest.raises(InputError, match="no claim files"):
        read_claim_folder(tmp_path)
