"""Checklist per claim type, unreadable files, page errors, the manifest, report order."""

from claim_packets import (check, clean_documents, clean_manifest, codes, edit, make_doc, without)

from claimready.models import Severity


def test_checks_clean_packet_raises_only_the_info_note() -> None:
    found = check(clean_documents())
    assert [(d.code, d.severity) for d in found] == [("NO_DEBT_ACKNOWLEDGEMENT", Severity.INFO)]


def test_checks_debt_acknowledgement_present_removes_the_info_note() -> None:
    ack = make_doc("scan_0009.pdf", "debt_acknowledgement", {
        "date": "2025-06-01", "buyer": "Rio Verde Importadora Ltda.", "seller": "Shenzhen Huaxin Machinery Co., Ltd.",
        "amount": "48250.00", "currency": "USD", "invoice_numbers": ["INV-2025-0042"]})
    assert check([*clean_documents(), ack]) == ()


def test_checks_missing_dunning_letter_is_missing_document() -> None:
    found = check(without(clean_documents(), "scan_0004.pdf"))
    missing = [d for d in found if d.code == "MISSING_DOCUMENT"]
    assert [(d.values, d.severity) for d in missing] == [(("dunning_letter",), Severity.BLOCKING)]


def test_checks_delivery_receipt_replaces_bill_of_lading() -> None:
    docs = without(clean_documents(), "scan_0003.pdf")
    docs += [make_doc("scan_0005.pdf", "delivery_receipt", {"date": "2025-03-20", "buyer": "Rio Verde Importadora",
                                                           "invoice_number": "INV-2025-0042"})]
    docs = edit(docs, "scan_0002.pdf", due_date=None, _payment_terms_basis="delivery")
    docs = edit(docs, "scan_0001.pdf", _payment_terms_basis="delivery")
    assert codes(check(docs, clean_manifest(overdue_notified_date="2025-07-18"))) == set()
    assert "LATE_NOTIFICATION" in codes(check(docs, clean_manifest(overdue_notified_date="2025-07-19")))


def test_checks_no_transport_document_is_one_missing_requirement() -> None:
    found = check(without(clean_documents(), "scan_0003.pdf"))
    assert [d.values for d in found if d.code == "MISSING_DOCUMENT"] == [("bill_of_lading or delivery_receipt",)]


def test_checks_insolvency_needs_a_bankruptcy_ruling() -> None:
    found = check(clean_documents(), clean_manifest(claim_type="insolvency"))
    assert [d.values for d in found if d.code == "MISSING_DOCUMENT"] == [("bankruptcy_ruling",)]
    ruling = make_doc("scan_0007.pdf", "bankruptcy_ruling", {"court": "TJSP", "case_number": "1001234-55.2025",
                                                             "debtor": "Rio Verde Importadora Ltda", "date": "2025-07-01"})
    assert codes(check([*clean_documents(), ruling], clean_manifest(claim_type="insolvency"))) == set()


def test_checks_political_needs_government_order_not_dunning() -> None:
    docs = without(clean_documents(), "scan_0004.pdf")
    found = check(docs, clean_manifest(claim_type="political"))
    assert [d.values for d in found if d.code == "MISSING_DOCUMENT"] == [("government_order",)]


def test_checks_unreadable_file_reports_its_reason() -> None:
    broken = make_doc("scan_0009.pdf", "other", errors=("the PDF is encrypted",), unreadable=True,
                      doc_type_confidence=0.0)
    found = [d for d in check([*clean_documents(), broken]) if d.code == "UNREADABLE_DOCUMENT"]
    assert [(d.documents, d.severity) for d in found] == [(("scan_0009.pdf",), Severity.MAJOR)]
    assert "encrypted" in found[0].message


def test_checks_page_error_on_readable_document_is_a_minor_note() -> None:
    docs = clean_documents()
    docs[1] = make_doc(docs[1].name, "invoice", {k: v.value for k, v in docs[1].fields.items()},
                       errors=("page 2: OCR timed out",))
    found = check(docs)
    assert [(d.code, d.severity) for d in found if d.documents == ("scan_0002.pdf",)] == [
        ("PAGE_UNREADABLE", Severity.MINOR)]
    assert "UNREADABLE_DOCUMENT" not in codes(found)


def test_checks_bad_manifest_is_reported_with_its_reason() -> None:
    found = check(clean_documents(), clean_manifest(claimed_amount=None, overdue_notified_date=None, filed_date=None),
                  manifest_error="claim.json key 'claimed_amount': must be a decimal string")
    bad = [d for d in found if d.code == "INVALID_MANIFEST"]
    assert len(bad) == 1 and bad[0].documents == ("claim.json",) and "claimed_amount" in bad[0].message


def test_checks_low_type_confidence_on_only_required_document_is_low_confidence() -> None:
    docs = clean_documents()
    docs[3] = make_doc(docs[3].name, "dunning_letter", {k: v.value for k, v in docs[3].fields.items()},
                       doc_type_confidence=0.25)
    found = check(docs)
    assert any(d.code == "LOW_CONFIDENCE" and d.field == "doc_type" and d.documents == ("scan_0004.pdf",)
               for d in found)
    assert "MISSING_DOCUMENT" not in codes(found)


def test_checks_order_is_by_severity_then_code_then_documents() -> None:
    docs = edit(without(clean_documents(), "scan_0004.pdf"), "scan_0002.pdf", due_date="2025-05-02")
    docs.append(make_doc("dup.pdf", "contract", sha256=docs[0].file.sha256,
                         fields={k: v.value for k, v in docs[0].fields.items()}))
    found = check(docs)
    ranks = {"blocking": 0, "major": 1, "minor": 2, "info": 3}
    keys = [(ranks[d.severity], d.code, d.documents) for d in found]
    assert keys == sorted(keys) and len(found) >= 3
    assert check(list(reversed(docs))) == found


def test_checks_fair_type_confidence_raises_nothing() -> None:
    docs = clean_documents()
    docs[0] = make_doc(docs[0].name, "contract", {k: v.value for k, v in docs[0].fields.items()},
                       doc_type_confidence=0.45)
    assert codes(check(docs)) == set()
