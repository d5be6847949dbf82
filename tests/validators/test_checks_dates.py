"""Due dates, LATE_NOTIFICATION, LATE_CLAIM, DUE_DATE_MISMATCH, DATE_SEQUENCE."""

import pytest
from claim_packets import check, clean_documents, clean_manifest, codes, edit, make_doc, without

# clean packet: B/L 2025-03-01 + 60 days = due 2025-04-30; notification limit 2025-06-29; filing 2025-09-27


def test_checks_notification_exactly_on_the_limit_is_fine() -> None:
    assert codes(check(clean_documents(), clean_manifest(overdue_notified_date="2025-06-29"))) == set()


def test_checks_notification_one_day_late_is_late_notification() -> None:
    found = [d for d in check(clean_documents(), clean_manifest(overdue_notified_date="2025-06-30"))
             if d.code == "LATE_NOTIFICATION"]
    assert [(d.severity, d.values, d.field) for d in found] == [
        ("blocking", ("2025-06-30", "2025-04-30", "2025-06-29"), "overdue_notified_date")]
    assert found[0].documents == ("claim.json", "scan_0002.pdf")


def test_checks_filing_on_limit_fine_one_day_after_late_claim() -> None:
    assert codes(check(clean_documents(), clean_manifest(filed_date="2025-09-27"))) == set()
    found = check(clean_documents(), clean_manifest(filed_date="2025-09-28"))
    assert [d.values for d in found if d.code == "LATE_CLAIM"] == [("2025-09-28", "2025-04-30", "2025-09-27")]


def test_checks_deadline_days_from_policy() -> None:
    manifest = clean_manifest(overdue_notified_date="2025-06-29", policy={"overdue_notification_days": 30})
    assert "LATE_NOTIFICATION" in codes(check(clean_documents(), manifest))


def test_checks_due_date_computed_from_bill_of_lading_when_not_stated() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", due_date=None)
    assert codes(check(docs)) == set()
    late = check(docs, clean_manifest(overdue_notified_date="2025-06-30"))
    assert [d.documents for d in late if d.code == "LATE_NOTIFICATION"] == [
        ("claim.json", "scan_0002.pdf", "scan_0003.pdf")]


def test_checks_due_date_from_invoice_date_when_terms_count_from_invoice() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", due_date=None, _payment_terms_basis="invoice")
    # 2025-02-20 + 60 = 2025-04-21; notification limit 2025-06-20
    assert "LATE_NOTIFICATION" in codes(check(docs, clean_manifest(overdue_notified_date="2025-06-21")))
    assert codes(check(docs, clean_manifest(overdue_notified_date="2025-06-20"))) == set()


def test_checks_due_date_from_contract_terms_when_invoice_has_none() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", due_date=None, payment_terms_days=None,
                _payment_terms_basis=None)
    assert codes(check(docs)) == set()
    assert "LATE_NOTIFICATION" in codes(check(docs, clean_manifest(overdue_notified_date="2025-06-30")))


def test_checks_deadlines_count_from_earliest_outstanding_due_date() -> None:
    older = make_doc("inv_old.pdf", "invoice", {
        "invoice_number": "INV-2025-0030", "date": "2025-02-01", "contract_number": "SC-2025-0147",
        "seller": "Shenzhen Huaxin Machinery Co., Ltd.", "buyer": "Rio Verde Importadora Ltda.",
        "total_amount": "10000.00", "currency": "USD", "due_date": "2025-04-02"})
    docs = edit([*clean_documents(), older], "scan_0004.pdf", invoice_numbers=["INV-2025-0030", "INV-2025-0042"],
                amount_due="58250.00")
    found = check(docs, clean_manifest(claimed_amount="58250.00", overdue_notified_date="2025-06-29"))
    assert [d.values[1] for d in found if d.code == "LATE_NOTIFICATION"] == ["2025-04-02"]


def test_checks_no_due_date_and_no_terms_is_missing_field() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", due_date=None, payment_terms_days=None)
    docs = edit(docs, "scan_0001.pdf", payment_terms_days=None)
    found = check(docs)
    assert [(d.code, d.documents, d.field) for d in found if d.severity != "info"] == [
        ("MISSING_FIELD", ("scan_0002.pdf",), "due_date")]


def test_checks_due_date_from_the_contract_an_ocr_read_citation_names() -> None:
    """An invoice with no terms of its own whose scan cites 'SC-2025-O147' or 'SC-2025-01A7' (a
    letter read for a digit): the terms are the contract's it means. Typed, or a digit for a digit
    ('SC-2025-0174'), the citation names no contract of the claim, and the due date is missing."""
    def found(cited: str, ocr: bool) -> set[str]:
        docs = edit(clean_documents(), "scan_0002.pdf", ocr=["contract_number"] if ocr else [], due_date=None,
                    payment_terms_days=None, _payment_terms_basis=None, contract_number=cited)
        return {d.code for d in check(docs) if d.code == "MISSING_FIELD"}

    assert found("SC-2025-O147", ocr=True) == set() and found("SC-2025-01A7", ocr=True) == set()
    assert found("SC-2025-01A7", ocr=False) == {"MISSING_FIELD"}
    assert found("SC-2025-0174", ocr=True) == {"MISSING_FIELD"}


def test_checks_stated_due_date_against_terms() -> None:
    found = check(edit(clean_documents(), "scan_0002.pdf", due_date="2025-05-02"),
                  clean_manifest(overdue_notified_date="2025-07-01"))
    assert [(d.code, d.severity, d.values) for d in found if d.severity != "info"] == [
        ("DUE_DATE_MISMATCH", "minor", ("2025-05-02", "2025-04-30"))]


def test_checks_doubtful_due_date_is_low_confidence_not_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["due_date"], due_date="2025-05-02")
    found = check(docs, clean_manifest(overdue_notified_date="2025-07-01"))
    assert "DUE_DATE_MISMATCH" not in codes(found) and "LOW_CONFIDENCE" in codes(found)


def test_checks_doubtful_due_date_behind_late_notification_is_low_confidence() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["due_date"])
    found = check(docs, clean_manifest(overdue_notified_date="2025-07-15"))
    assert "LATE_NOTIFICATION" not in codes(found)
    assert [(d.code, d.field) for d in found if d.severity == "major"] == [("LOW_CONFIDENCE", "due_date")]


@pytest.mark.parametrize(("name", "field", "value"), [
    ("scan_0002.pdf", "date", "2025-01-05"),    # invoice before the contract
    ("scan_0003.pdf", "date", "2025-01-09"),    # shipment before the contract
    ("scan_0004.pdf", "date", "2025-04-29"),    # dunning before the due date
])
def test_checks_impossible_date_order_is_date_sequence(name: str, field: str, value: str) -> None:
    found = check(edit(clean_documents(), name, **{field: value}))
    assert [(d.severity, name in d.documents) for d in found if d.code == "DATE_SEQUENCE"] == [("major", True)]


@pytest.mark.parametrize(("name", "value"), [("scan_0002.pdf", "2025-01-10"), ("scan_0004.pdf", "2025-04-30")])
def test_checks_same_day_is_not_date_sequence(name: str, value: str) -> None:
    assert "DATE_SEQUENCE" not in codes(check(edit(clean_documents(), name, date=value)))


def test_checks_ruling_before_contract_is_date_sequence() -> None:
    ruling = make_doc("ruling.pdf", "bankruptcy_ruling", {"debtor": "Rio Verde Importadora Ltda.",
                                                          "date": "2024-12-01", "court": "TJSP"})
    found = check([*clean_documents(), ruling], clean_manifest(claim_type="insolvency"))
    assert [d.documents for d in found if d.code == "DATE_SEQUENCE"] == [("ruling.pdf", "scan_0001.pdf")]


def test_checks_contract_without_date_is_missing_field_not_sequence() -> None:
    found = check(edit(clean_documents(), "scan_0001.pdf", date=None))
    assert {(d.code, d.documents, d.field) for d in found if d.severity != "info"} == {
        ("MISSING_FIELD", ("scan_0001.pdf",), "date")}


def test_checks_stated_due_date_fits_some_basis_when_terms_name_none() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", _payment_terms_basis=None)  # 2025-04-30 = B/L date + 60
    docs = edit(docs, "scan_0001.pdf", _payment_terms_basis=None)
    assert "DUE_DATE_MISMATCH" not in codes(check(docs))
    found = check(edit(docs, "scan_0002.pdf", due_date="2025-05-02"), clean_manifest(overdue_notified_date="2025-07-01"))
    assert [d.values for d in found if d.code == "DUE_DATE_MISMATCH"] == [("2025-05-02", "2025-04-21")]


def test_checks_shipment_terms_count_from_delivery_receipt_without_bill_of_lading() -> None:
    docs = without(clean_documents(), "scan_0003.pdf")
    docs.append(make_doc("pod.pdf", "delivery_receipt", {"date": "2025-03-01", "buyer": "Rio Verde Importadora",
                                                         "invoice_number": "INV-2025-0042"}))
    docs = edit(docs, "scan_0002.pdf", due_date=None)
    assert codes(check(docs)) == set()
    assert "LATE_NOTIFICATION" in codes(check(docs, clean_manifest(overdue_notified_date="2025-06-30")))


def test_checks_dunning_against_a_due_date_counted_from_delivery_only_before_the_earliest_it_could_be() -> None:
    """Terms after shipment, no B/L: the delivery receipt (1 March) gives the latest due date (30 April);
    the goods left at the earliest when the contract was signed (10 January): due 11 March at the earliest.
    A dunning letter of 20 April may be late or early: not raised; one of 1 March is early either way."""
    docs = without(clean_documents(), "scan_0003.pdf")
    docs.append(make_doc("pod.pdf", "delivery_receipt", {"date": "2025-03-01", "buyer": "Rio Verde Importadora",
                                                         "invoice_number": "INV-2025-0042"}))
    docs = edit(docs, "scan_0002.pdf", due_date=None)
    assert "DATE_SEQUENCE" not in codes(check(edit(docs, "scan_0004.pdf", date="2025-04-20")))
    early = [d for d in check(edit(docs, "scan_0004.pdf", date="2025-03-01")) if d.code == "DATE_SEQUENCE"]
    assert [d.values for d in early] == [("2025-03-01", "2025-03-11")]
    assert "DATE_SEQUENCE" not in codes(check(edit(edit(docs, "scan_0004.pdf", date="2025-03-01"), "scan_0001.pdf",
                                                    date=None)))  # no contract date: cannot tell


def test_checks_bill_of_lading_naming_no_invoice_ships_the_unnamed_invoice() -> None:
    second = make_doc("inv2.pdf", "invoice", {
        "invoice_number": "INV-2025-0043", "date": "2025-03-05", "contract_number": "SC-2025-0147",
        "seller": "Shenzhen Huaxin Machinery Co., Ltd.", "buyer": "Rio Verde Importadora Ltda.",
        "total_amount": "10000.00", "currency": "USD", "payment_terms_days": 60, "_payment_terms_basis": "shipment",
        "due_date": "2025-05-09"})
    bl2 = make_doc("bl2.pdf", "bill_of_lading", {"date": "2025-03-10", "shipper": "Shenzhen Huaxin Machinery",
                                                 "consignee": "Rio Verde Importadora Ltda."})
    docs = edit([*clean_documents(), second, bl2], "scan_0004.pdf", invoice_numbers=["INV-2025-0042", "INV-2025-0043"],
                amount_due="58250.00")
    assert codes(check(docs, clean_manifest(claimed_amount="58250.00"))) == set()


def test_checks_bill_of_lading_goes_with_the_invoice_its_number_names_through_ocr_lookalikes() -> None:
    """The first B/L names 'INV-2025-OO42', the invoice as OCR read it; the second B/L names no
    invoice. The second invoice's terms run from the second B/L, the one no other invoice claims:
    its stated due date (B/L 2025-03-20 + 60 days) is no DUE_DATE_MISMATCH."""
    docs = edit(clean_documents(), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="INV-2025-OO42")
    second, bl2 = _second_shipment("2025-03-05", "2025-05-19", "2025-03-20")
    found = check([*docs, second, bl2], clean_manifest(claimed_amount="49250.00"))
    assert "DUE_DATE_MISMATCH" not in codes(found)


def test_checks_invoices_and_bills_of_lading_naming_none_pair_in_date_order() -> None:
    """Two invoices no B/L names (24 Feb, 7 Mar) and two B/Ls naming none (28 Feb, 11 Mar): the
    later invoice ships on the later B/L, so its due date (11 Mar + 60 days) is no DUE_DATE_MISMATCH;
    before, both took the earliest B/L. A due date from the earlier B/L is one."""
    docs = edit(clean_documents(), "scan_0003.pdf", invoice_number=None, date="2025-02-28")
    docs = edit(docs, "scan_0002.pdf", date="2025-02-24", due_date="2025-04-29")
    second, bl2 = _second_shipment("2025-03-07", "2025-05-10", "2025-03-11")
    manifest = clean_manifest(claimed_amount="49250.00", overdue_notified_date="2025-06-20")
    assert "DUE_DATE_MISMATCH" not in codes(check([*docs, second, bl2], manifest))
    wrong = edit([*docs, second, bl2], "inv2.pdf", due_date="2025-04-29")
    assert [d.values for d in check(wrong, manifest) if d.code == "DUE_DATE_MISMATCH"] == [("2025-04-29", "2025-05-10")]


def _second_shipment(invoice_date: str, due_date: str, bl_date: str):  # type: ignore[no-untyped-def]
    """A second invoice (INV-2025-0051, USD 1,000.00, 60 days after the B/L) and a B/L naming no invoice."""
    second = make_doc("inv2.pdf", "invoice", {
        "invoice_number": "INV-2025-0051", "date": invoice_date, "seller": "Shenzhen Huaxin Machinery Co., Ltd.",
        "buyer": "Rio Verde Importadora Ltda.", "contract_number": "SC-2025-0147", "total_amount": "1000.00",
        "currency": "USD", "due_date": due_date, "payment_terms_days": 60, "_payment_terms_basis": "shipment"})
    bl2 = make_doc("bl2.pdf", "bill_of_lading", {"bl_number": "COSU6234567891", "date": bl_date,
                                                 "shipper": "Shenzhen Huaxin Machinery Co., Ltd.",
                                                 "consignee": "TO ORDER", "notify_party": "Rio Verde Importadora Ltda"})
    return second, bl2
