"""Issue 6: every hostile file goes through `claimready verify` in one claim folder next to a good
invoice; each ends as its case says, with a precise reason, and the good invoice is still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimready.cli import main
from claimready.fixtures.attacks import (EMBEDDED_MARKER, GOOD_NAME, JAVASCRIPT_MARKER, AttackCase, EndState,
                                         document_case_specs, manifest_cases, report_name, write_attack_corpus)

PLAIN_CASES = [s.name for s in document_case_specs() if not s.needs_ocr and not s.heavy]
OCR_CASES = [s.name for s in document_case_specs() if s.needs_ocr and not s.heavy]
MANIFEST_CASES = [name for name, _, _ in manifest_cases()]


def verify_reports(folders: list[Path], out: Path) -> dict[str, dict]:
    """Run `claimready verify` on the folders; the JSON reports by claim folder name."""
    assert main(["verify", *map(str, folders), "--out", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    reports = payload if isinstance(payload, list) else [payload]
    return {folder.name: report for folder, report in zip(folders, reports)}


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, AttackCase], dict[str, dict]]:
    root = tmp_path_factory.mktemp("attacks")
    cases = write_attack_corpus(root, include_ocr=False)
    folders = sorted({case.claim_dir for case in cases})
    return {case.name: case for case in cases}, verify_reports(folders, root / "reports.json")


def document_entry(report: dict, case: AttackCase) -> dict:
    (entry,) = [d for d in report["documents"] if d["name"] == report_name(case.file_name)]
    return entry


def unreadable_reasons(report: dict, name: str) -> list[str]:
    return [d["values"][0] for d in report["discrepancies"]
            if d["code"] == "UNREADABLE_DOCUMENT" and d["documents"] == [name]]


def assert_case_outcome(report: dict, case: AttackCase) -> None:
    entry = document_entry(report, case)
    reasons = unreadable_reasons(report, entry["name"])
    if case.expected is EndState.UNREADABLE:
        assert len(reasons) == 1, f"{case.name}: expected UNREADABLE_DOCUMENT, got {reasons}"
        assert case.reason in reasons[0].lower(), f"{case.name}: reason {reasons[0]!r} lacks {case.reason!r}"
        assert entry["errors"] == [reasons[0]]
    else:
        assert reasons == [], f"{case.name}: expected to be read, got {reasons}"
        assert entry["pages"] >= 1 and entry["errors"] == []


@pytest.mark.parametrize("case_name", PLAIN_CASES)
def test_hostile_file_cli_ends_in_its_expected_state(plain_run, case_name: str) -> None:
    cases, reports = plain_run
    case = cases[case_name]
    assert_case_outcome(reports[case.claim_dir.name], case)


def test_hostile_files_cli_good_invoice_still_read_and_every_file_reported_once(plain_run) -> None:
    cases, reports = plain_run
    report = reports[cases["good_document"].claim_dir.name]
    names = [d["name"] for d in report["documents"]]
    expected = sorted(report_name(c.file_name) for c in cases.values() if c.claim_dir == cases["good_document"].claim_dir)
    assert sorted(names) == expected and len(names) == len(set(names))
    good = document_entry(report, cases["good_document"])
    assert good["doc_type"] == "invoice"
    assert good["fields"]["invoice_number"]["value"] == "INV-2025-7001"
    assert good["fields"]["total_amount"]["value"] == "48250.00"


@pytest.mark.parametrize("case_name", MANIFEST_CASES)
def test_bad_manifest_cli_is_reported_and_claim_still_checked(plain_run, case_name: str) -> None:
    cases, reports = plain_run
    case = cases[case_name]
    report = reports[case.claim_dir.name]
    (finding,) = [d for d in report["discrepancies"] if d["code"] == "INVALID_MANIFEST"]
    assert case.reason in finding["values"][0].lower()
    assert finding["documents"] == ["claim.json"]
    (good,) = report["documents"]
    assert good["name"] == GOOD_NAME and good["doc_type"] == "invoice" and good["errors"] == []


def test_hostile_files_cli_report_names_are_printable(plain_run) -> None:
    """A non-UTF-8 name and a name with a newline and a terminal escape reach the report as
    text with U+FFFD in place of the bad bytes, never raw control characters."""
    cases, reports = plain_run
    report = reports[cases["good_document"].claim_dir.name]
    names = {d["name"] for d in report["documents"]}
    assert "scan_\ufffd\ufffd_\ufffdt\ufffd.pdf" in names
    assert "scan\ufffd\ufffd[31mred\ufffd\ufffd.pdf" in names
    assert all(not any(ord(c) < 32 for c in name) for name in names)


def test_pdf_with_javascript_and_attachment_cli_reads_text_only(plain_run, tmp_path: Path) -> None:
    """The page text is read; the script and the attachment are neither part of the text nor run
    or written anywhere (no 'payload.exe' appears in the claim folder or the working directory)."""
    cases, reports = plain_run
    case = cases["pdf_javascript_and_attachment"]
    entry = document_entry(reports[case.claim_dir.name], case)
    assert entry["doc_type"] == "invoice" and entry["fields"]["invoice_number"]["value"] == "INV-2025-7002"
    dumped = json.dumps(entry)
    assert EMBEDDED_MARKER not in dumped and JAVASCRIPT_MARKER not in dumped
    assert not list(case.claim_dir.parent.rglob("payload.exe")) and not list(Path.cwd().rglob("payload.exe"))


def test_reader_code_never_runs_scripts_nor_extracts_attachments() -> None:
    """Static guard: nothing in the package enables pdfium's form/JavaScript environment or
    touches embedded files (pypdfium2 init_forms, get_attachment, FPDFDoc_GetAttachment...)."""
    package = Path(__file__).resolve().parents[2] / "claimready"
    forbidden = ("init_forms", "get_attachment", "FPDFDoc_GetAttachment", "FORM_DoDocumentJSAction",
                 "EmbeddedFiles", "embedded_files")
    offenders = [f"{path.relative_to(package)}: {word}" for path in package.rglob("*.py")
                 if path.name != "attacks.py" for word in forbidden if word in path.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.tesseract
@pytest.mark.slow
def test_hostile_images_named_pdf_cli_scans_read_blanks_unreadable(tmp_path: Path) -> None:
    """A real scan saved as PNG/JPEG under a .pdf name is OCR'd; blank and one-pixel images are not text."""
    cases = write_attack_corpus(tmp_path, include_plain=False, include_manifests=False)
    assert sorted(c.name for c in cases if c.needs_ocr) == sorted(OCR_CASES)
    report = verify_reports([tmp_path / cases[0].claim_dir.name], tmp_path / "reports.json")[cases[0].claim_dir.name]
    for case in cases:
        assert_case_outcome(report, case)
    for name in ("png_scan_named_pdf", "jpeg_scan_named_pdf"):
        entry = document_entry(report, next(c for c in cases if c.name == name))
        assert entry["ocr_pages"] == [1]
        assert "INV-2025-7010" in json.dumps(entry)
