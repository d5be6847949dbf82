from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimready.cli import main


def _claim(folder: Path, make_pdf: Callable[..., Path]) -> Path:
    folder.mkdir()
    pdf = make_pdf("src.pdf", [(72, 80, "COMMERCIAL INVOICE"), (72, 110, "Invoice No.: INV-2025-0042"),
                               (72, 130, "Date: 14 March 2025"), (72, 150, "Total: USD 48,250.00")])
    (folder / "scan_0003.pdf").write_bytes(pdf.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "claim.json").write_text(json.dumps({"claim_id": "CLM-T-1", "currency": "USD"}))
    return folder


def test_cli_verify_prints_spec_report(tmp_path: Path, make_pdf: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder = _claim(tmp_path / "claim", make_pdf)
    assert main(["verify", str(folder)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"claim_id", "tenant", "status", "score", "claim_type", "documents", "discrepancies"}
    assert report["claim_id"] == "CLM-T-1" and report["tenant"] == "local"
    docs = {d["name"]: d for d in report["documents"]}
    assert set(docs) == {"scan_0003.pdf", "broken.pdf", "empty.pdf"}
    assert docs["scan_0003.pdf"]["pages"] == 1 and docs["scan_0003.pdf"]["errors"] == []
    assert docs["empty.pdf"]["errors"] and "empty" in docs["empty.pdf"]["errors"][0]
    assert docs["broken.pdf"]["errors"]
    assert set(docs["scan_0003.pdf"]) == {"name", "sha256", "doc_type", "doc_type_confidence", "pages", "ocr_pages",
                                          "language", "fields", "errors"}


def test_cli_verify_writes_out_file(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    folder = _claim(tmp_path / "claim", make_pdf)
    out = tmp_path / "report.json"
    assert main(["verify", str(folder), "--out", str(out)]) == 0
    assert json.loads(out.read_text())["claim_id"] == "CLM-T-1"


def test_cli_verify_table_lists_each_claim(tmp_path: Path, make_pdf: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "claims"
    root.mkdir()
    _claim(root / "a", make_pdf)
    assert main(["verify", "--table", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["claim", "status", "score"]
    assert lines[1].startswith("CLM-T-1")


def test_cli_verify_missing_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such folder" in err


def test_cli_verify_empty_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path)]) == 2
    assert "no claim files" in capsys.readouterr().err


def test_cli_extract_prints_document_entry(tmp_path: Path, make_pdf: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pdf = make_pdf("x.pdf", [(72, 80, "COMMERCIAL INVOICE"), (72, 110, "Invoice No.: INV-9")])
    assert main(["extract", str(pdf), "--type", "invoice"]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["name"] == "x.pdf" and entry["doc_type"] == "invoice" and entry["doc_type_confidence"] == 1.0


def test_cli_extract_missing_file_is_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "none.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_pipeline_reports_extraction_bug_instead_of_crashing(tmp_path: Path, make_pdf: Callable[..., Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import claimready.pipeline as pipeline
    from claimready.intake.folder import identify_file
    from claimready.rules import load_rules
    from claimready.settings import Settings

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "extract_fields", broken)
    pdf = make_pdf("x.pdf", [(72, 80, "COMMERCIAL INVOICE No. INV-1")])
    doc = pipeline.extract_document(identify_file(pdf), Settings(), load_rules())
    assert doc.pages == 1 and not doc.unreadable
    assert any("extraction failed: RuntimeError: boom" in e for e in doc.errors)
