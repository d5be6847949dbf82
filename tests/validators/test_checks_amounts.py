"""AMOUNT_MISMATCH, CURRENCY_MISMATCH, INVOICE_EXCEEDS_CONTRACT, MISSING_FIELD on amounts."""

from claim_packets import check, clean_documents, clean_manifest, codes, edit, make_doc

SELLER = "Shenzhen Huaxin Machinery Co., Ltd."
BUYER = "Rio Verde Importadora Ltda."


def second_invoice(number: str = "INV-2025-0051", total: str = "20000.00", date: str = "2025-03-10"):  # type: ignore[no-untyped-def]
    return make_doc(f"inv_{number}.pdf", "invoice", {
        "invoice_number": number, "date": date, "seller": SELLER, "buyer": BUYER, "contract_number": "SC-2025-0147",
        "total_amount": total, "currency": "USD", "payment_terms_days": 60, "_payment_terms_basis": "invoice"})


def test_checks_claimed_more_than_outstanding_is_amount_mismatch() -> None:
    found = [d for d in check(clean_documents(), clean_manifest(claimed_amount="51250.00"))
             if d.code == "AMOUNT_MISMATCH"]
    assert len(found) == 1
    assert found[0].values == ("51250.00", "48250.00") and found[0].severity == "blocking"
    assert "USD 51,250.00" in found[0].message and "USD 48,250.00" in found[0].message
    assert found[0].documents == ("claim.json", "scan_0002.pdf")


def test_checks_claimed_equal_in_other_notation_is_no_mismatch() -> None:
    assert codes(check(clean_documents(), clean_manifest(claimed_amount="48250"))) == set()


def test_checks_no_claimed_amount_means_no_claimed_check() -> None:
    docs = edit(clean_documents(), "scan_0004.pdf", amount_due="48250.00")
    assert codes(check(docs, clean_manifest(claimed_amount=None))) == set()


def test_checks_dunning_stating_other_amount_is_amount_mismatch() -> None:
    found = check(edit(clean_documents(), "scan_0004.pdf", amount_due="45250.00"))
    mismatch = [d for d in found if d.code == "AMOUNT_MISMATCH"]
    assert [(d.field, d.values) for d in mismatch] == [("amount_due", ("45250.00", "48250.00"))]


def test_checks_acknowledgement_of_listed_invoices_only() -> None:
    docs = [*clean_documents(), second_invoice()]
    docs = edit(docs, "scan_0004.pdf", invoice_numbers=["INV-2025-0042", "INV-2025-0051"], amount_due="68250.00")
    ack = make_doc("ack.pdf", "debt_acknowledgement", {"date": "2025-06-01", "buyer": BUYER, "seller": SELLER,
                                                       "amount": "20000.00", "currency": "USD",
                                                       "invoice_numbers": ["INV-2025-0051"]})
    found = check([*docs, ack], clean_manifest(claimed_amount="20000.00"))
    assert "AMOUNT_MISMATCH" not in codes(found)  # the later acknowledgement says only 0051 is unpaid
    bad = edit([*docs, ack], "ack.pdf", amount="25000.00")
    assert [d.documents for d in check(bad, clean_manifest(claimed_amount="20000.00"))
            if d.code == "AMOUNT_MISMATCH"] == [("ack.pdf", "inv_INV-2025-0051.pdf")]


def test_checks_oldest_invoice_paid_first_explains_lower_claim() -> None:
    docs = edit([*clean_documents(), second_invoice()], "scan_0004.pdf", invoice_numbers=None, amount_due="20000.00")
    # the older invoice (due 2025-04-30) is paid: deadlines count from the newer one, due 2025-05-09
    found = check(docs, clean_manifest(claimed_amount="20000.00", overdue_notified_date="2025-07-08"))
    assert codes(found) == set()
    assert "AMOUNT_MISMATCH" in codes(check(docs, clean_manifest(claimed_amount="21000.00")))


def test_checks_all_invoices_outstanding_when_nothing_says_otherwise() -> None:
    docs = edit([*clean_documents(), second_invoice()], "scan_0004.pdf", invoice_numbers=None, amount_due="68250.00")
    assert "AMOUNT_MISMATCH" not in codes(check(docs, clean_manifest(claimed_amount="68250.00")))


def test_checks_invoice_without_total_is_missing_field_not_amount_mismatch() -> None:
    found = check(edit(clean_documents(), "scan_0002.pdf", total_amount=None))
    assert [(d.code, d.field) for d in found if d.severity != "info"] == [("MISSING_FIELD", "total_amount")]


def test_checks_invoice_in_other_currency_is_currency_mismatch() -> None:
    found = check(edit(clean_documents(), "scan_0002.pdf", currency="EUR"))
    mismatch = [d for d in found if d.code == "CURRENCY_MISMATCH"]
    assert [(d.values, d.severity) for d in mismatch] == [(("USD", "EUR"), "blocking")]
    assert "AMOUNT_MISMATCH" not in codes(found)


def test_checks_same_currency_everywhere_is_no_currency_mismatch() -> None:
    assert "CURRENCY_MISMATCH" not in codes(check(clean_documents(), clean_manifest(currency="usd")))


def test_checks_manifest_currency_differs_from_documents() -> None:
    found = check(clean_documents(), clean_manifest(currency="CNY"))
    assert [(d.documents, d.values) for d in found if d.code == "CURRENCY_MISMATCH"][0][1] == ("USD", "CNY")


def test_checks_invoices_over_contract_value() -> None:
    docs = [*edit(clean_documents(), "scan_0001.pdf", total_amount="60000.00"), second_invoice(total="15000.00")]
    docs = edit(docs, "scan_0004.pdf", invoice_numbers=None, amount_due="63250.00")
    found = check(docs, clean_manifest(claimed_amount="63250.00", overdue_notified_date="2025-06-29"))
    over = [d for d in found if d.code == "INVOICE_EXCEEDS_CONTRACT"]
    assert [(d.values, d.severity) for d in over] == [(("63250.00", "60000.00"), "major")]


def test_checks_invoices_exactly_at_contract_value_are_fine() -> None:
    docs = edit(clean_documents(), "scan_0001.pdf", total_amount="48250.00")
    assert codes(check(docs)) == set()


def test_checks_amendment_raising_contract_value_is_counted() -> None:
    docs = edit(clean_documents(), "scan_0001.pdf", total_amount="40000.00")
    assert "INVOICE_EXCEEDS_CONTRACT" in codes(check(docs))
    amendment = make_doc("amend.pdf", "amendment", {"contract_number": "SC-2025-0147", "date": "2025-02-01",
                                                    "seller": SELLER, "buyer": BUYER, "total_amount": "50000.00"})
    assert codes(check([*docs, amendment])) == set()


def test_checks_contract_without_value_is_missing_field() -> None:
    found = check(edit(clean_documents(), "scan_0001.pdf", total_amount=None))
    assert [(d.code, d.documents, d.field) for d in found if d.severity != "info"] == [
        ("MISSING_FIELD", ("scan_0001.pdf",), "total_amount")]


def test_checks_doubtful_invoice_total_is_low_confidence_instead_of_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["total_amount"], total_amount="43250.00")
    found = check(docs)
    assert "AMOUNT_MISMATCH" not in codes(found)
    assert {(d.code, d.field) for d in found if d.severity != "info"} == {("LOW_CONFIDENCE", "total_amount")}


def test_checks_doubtful_value_that_agrees_raises_nothing() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["total_amount", "buyer", "currency"])
    assert codes(check(docs)) == set()


def test_checks_amendment_total_given_as_internal_hint_is_counted() -> None:
    docs = edit(clean_documents(), "scan_0001.pdf", total_amount="40000.00")
    amendment = make_doc("amend.pdf", "amendment", {"contract_number": "SC-2025-0147", "date": "2025-02-01",
                                                    "_total_amount": "50000.00"})
    assert codes(check([*docs, amendment])) == set()


def test_checks_dunning_citing_an_unknown_invoice_does_not_decide_what_is_unpaid() -> None:
    docs = edit([*clean_documents(), second_invoice()], "scan_0004.pdf",
                invoice_numbers=["INV-2025-0042", "INV-2025-0099"], amount_due="68250.00")
    found = check(docs, clean_manifest(claimed_amount="68250.00"))
    assert codes(found) == {"REFERENCE_MISMATCH"}


def test_checks_ocr_list_read_short_of_its_amount_is_no_mismatch() -> None:
    """The latest letter, scanned, lists 'INV-2025-0051' where the print listed both invoices (OCR
    lost one number) and asks for both invoices' total: it names no invoice paid and owes what its
    invoices total. Typed so, the letter contradicts itself: AMOUNT_MISMATCH."""
    docs = [*clean_documents(), second_invoice()]
    docs = edit(docs, "scan_0004.pdf", invoice_numbers=["INV-2025-0042", "INV-2025-0051"], amount_due="68250.00")
    late = make_doc("late.pdf", "dunning_letter", {"date": "2025-06-10", "buyer": BUYER, "seller": SELLER,
                                                   "amount_due": "68250.00", "currency": "USD",
                                                   "invoice_numbers": ["INV-2025-0051"]})
    read = [*docs, edit([late], "late.pdf", ocr=["invoice_numbers"])[0]]
    assert "AMOUNT_MISMATCH" not in codes(check(read, clean_manifest(claimed_amount="68250.00")))
    assert sorted(d.documents for d in check([*docs, late], clean_manifest(claimed_amount="68250.00"))
                  if d.code == "AMOUNT_MISMATCH") == [("claim.json", "inv_INV-2025-0051.pdf"),
                                                      ("inv_INV-2025-0051.pdf", "late.pdf")]


def test_checks_dunning_amount_read_without_its_first_digits_agrees_with_the_total() -> None:
    """A letter's '济,250.00' read doubtfully as 250.00 is the invoice's 48,250.00 with its head lost
    (normalize.HEADLESS_SURE): no AMOUNT_MISMATCH; another doubtful figure asks for an eye; a sure
    one is a mismatch."""
    def letter(amount: str, doubtful: bool) -> set[str]:
        docs = edit(clean_documents(), "scan_0004.pdf", doubtful=["amount_due"] if doubtful else [], ocr=["amount_due"],
                    amount_due=amount)
        return codes(check(docs))
    assert letter("8250.00", doubtful=True) == set() and letter("250.00", doubtful=True) == set()
    assert letter("8251.00", doubtful=True) == {"LOW_CONFIDENCE"}
    assert "AMOUNT_MISMATCH" in letter("8250.00", doubtful=False)
