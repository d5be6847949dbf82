"""REFERENCE_MISMATCH and DUPLICATE_DOCUMENT."""

import pytest
from claim_packets import check, clean_documents, clean_manifest, codes, edit, make_doc


def refs(found):  # type: ignore[no-untyped-def]
    return [(d.documents, d.field, d.values) for d in found if d.code == "REFERENCE_MISMATCH"]


def test_checks_invoice_citing_transposed_contract_number_is_reference_mismatch() -> None:
    found = check(edit(clean_documents(), "scan_0002.pdf", contract_number="SC-2025-0174"))
    assert refs(found) == [(("scan_0002.pdf",), "contract_number", ("SC-2025-0174",))]
    assert [d.severity for d in found if d.code == "REFERENCE_MISMATCH"] == ["major"]


@pytest.mark.parametrize("number", ["sc-2025-0147", "SC 2025 0147", "SC/2025/0147", "SC–2025–0147", "ＳＣ-2025-0147"])
def test_checks_contract_number_written_differently_matches(number: str) -> None:
    assert codes(check(edit(clean_documents(), "scan_0002.pdf", contract_number=number))) == set()


def test_checks_bill_of_lading_citing_unknown_invoice() -> None:
    found = check(edit(clean_documents(), "scan_0003.pdf", invoice_number="INV-2025-0024"))
    assert refs(found) == [(("scan_0003.pdf",), "invoice_number", ("INV-2025-0024",))]


def test_checks_dunning_listing_an_unknown_invoice() -> None:
    docs = edit(clean_documents(), "scan_0004.pdf", invoice_numbers=["INV-2025-0042", "INV-2025-0099"])
    assert refs(check(docs)) == [(("scan_0004.pdf",), "invoice_numbers", ("INV-2025-0099",))]


def test_checks_amendment_citing_unknown_contract() -> None:
    amendment = make_doc("amend.pdf", "amendment", {"contract_number": "SC-2024-0147", "date": "2025-02-01",
                                                    "payment_terms_days": 60})
    assert refs(check([*clean_documents(), amendment])) == [(("amend.pdf",), "contract_number", ("SC-2024-0147",))]


def test_checks_doubtful_reference_is_low_confidence() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["contract_number"], contract_number="SC-2025-0174")
    found = check(docs)
    assert refs(found) == []
    assert [(d.code, d.field) for d in found if d.severity == "major"] == [("LOW_CONFIDENCE", "contract_number")]


def test_checks_contract_without_number_is_missing_field_when_cited() -> None:
    found = check(edit(clean_documents(), "scan_0001.pdf", contract_number=None))
    assert [(d.code, d.documents, d.field) for d in found if d.severity != "info"] == [
        ("MISSING_FIELD", ("scan_0001.pdf",), "contract_number")]


def test_checks_citation_of_a_second_invoice_whose_number_is_unread_is_no_mismatch() -> None:
    """Two invoices, one number unreadable on a scan: a B/L citing another number may cite that
    invoice; MISSING_FIELD asks for the number, no REFERENCE_MISMATCH is claimed."""
    docs = clean_documents()
    second = make_doc("scan_0009.pdf", "invoice", {**{k: v.value for k, v in docs[1].fields.items()},
                                                  "invoice_number": None, "total_amount": "1000.00"})
    docs = edit([*docs, second], "scan_0003.pdf", invoice_number="INV-2025-0043")
    found = check(docs)
    assert refs(found) == []
    assert ("MISSING_FIELD", "invoice_number") in {(d.code, d.field) for d in found}


def test_checks_same_file_twice_is_duplicate_and_counted_once() -> None:
    docs = clean_documents()
    copy = make_doc("copy_of_invoice.pdf", "invoice", {k: v.value for k, v in docs[1].fields.items()},
                    sha256=docs[1].file.sha256)
    found = check([*docs, copy])
    assert [(d.code, d.documents, d.severity) for d in found if d.severity != "info"] == [
        ("DUPLICATE_DOCUMENT", ("copy_of_invoice.pdf", "scan_0002.pdf"), "minor")]


def test_checks_two_invoices_with_one_number_are_duplicates() -> None:
    docs = clean_documents()
    other = make_doc("rescan.pdf", "invoice", {k: v.value for k, v in docs[1].fields.items()})
    found = check([*docs, other])
    assert [(d.code, d.field, d.values) for d in found if d.severity != "info"] == [
        ("DUPLICATE_DOCUMENT", "invoice_number", ("INV-2025-0042",))]


def test_checks_two_invoices_with_different_numbers_are_not_duplicates() -> None:
    docs = clean_documents()
    other = make_doc("inv2.pdf", "invoice", {**{k: v.value for k, v in docs[1].fields.items()},
                                             "invoice_number": "INV-2025-0043"})
    assert "DUPLICATE_DOCUMENT" not in codes(check([*docs, other], clean_manifest(claimed_amount="96500.00")))


def test_checks_doubtful_number_on_the_contract_itself_is_low_confidence() -> None:
    docs = edit(clean_documents(), "scan_0001.pdf", doubtful=["contract_number"], contract_number="SC-2025-O147")
    found = check(docs)
    assert refs(found) == []
    assert [(d.code, d.documents) for d in found if d.severity == "major"] == [("LOW_CONFIDENCE", ("scan_0001.pdf",))]


def test_checks_ocr_lookalike_letters_in_an_ocr_read_number_match() -> None:
    """'INV-2O25-OO42' on a scanned B/L is the invoice INV-2025-0042 read by OCR, not another invoice."""
    docs = edit(clean_documents(), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="lNV-2O25-OO42")
    assert refs(check(docs)) == []


def test_checks_ocr_read_number_with_d_for_o_matches_however_unsure() -> None:
    """'PD-2025-0147' read unsurely on a scanned invoice for the contract PO-2025-0147: D, O and 0
    are one round glyph to OCR, so no REFERENCE_MISMATCH and no LOW_CONFIDENCE either; typed, it
    is another number."""
    docs = edit(clean_documents(), "scan_0001.pdf", contract_number="PO-2025-0147")
    read = edit(docs, "scan_0002.pdf", doubtful=["contract_number"], ocr=["contract_number"], contract_number="PD-2025-0147")
    assert [d.code for d in check(read) if d.severity in ("blocking", "major")] == []
    typed = edit(docs, "scan_0002.pdf", contract_number="PD-2025-0147")
    assert [d.code for d in check(typed) if d.severity in ("blocking", "major")] == ["REFERENCE_MISMATCH"]


def test_checks_ocr_lookalike_letters_in_a_typed_number_still_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0003.pdf", invoice_number="INV-2O25-OO42")
    assert refs(check(docs)) == [(("scan_0003.pdf",), "invoice_number", ("INV-2O25-OO42",))]


def test_checks_ocr_read_number_with_another_digit_is_still_a_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="INV-2025-0043")
    assert refs(check(docs)) == [(("scan_0003.pdf",), "invoice_number", ("INV-2025-0043",))]


def test_checks_ocr_read_number_one_glyph_longer_is_low_confidence_not_mismatch() -> None:
    """'INV-2025-00142': OCR split one glyph in two; it cannot be told from a typo, so it is doubtful."""
    docs = edit(clean_documents(), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="INV-2025-00142")
    found = check(docs)
    assert refs(found) == []
    assert [(d.code, d.field, d.values) for d in found if d.code == "LOW_CONFIDENCE"] == [
        ("LOW_CONFIDENCE", "invoice_number", ("INV-2025-00142",))]


def _invoice_numbered(number: str):  # type: ignore[no-untyped-def]
    """The clean claim with its invoice numbered `number`, cited so by every other document."""
    docs = edit(clean_documents(), "scan_0002.pdf", invoice_number=number)
    docs = edit(docs, "scan_0003.pdf", invoice_number=number)
    return edit(docs, "scan_0004.pdf", invoice_numbers=[number])


def test_checks_ocr_read_number_with_a_thin_glyph_read_twice_matches() -> None:
    """'CI120244680' on a scanned B/L: the 'I' of 'CI20244680' read as 'I1', one stroke seen twice."""
    docs = edit(_invoice_numbered("CI20244680"), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="CI120244680")
    found = check(docs)
    assert refs(found) == []
    assert "LOW_CONFIDENCE" not in codes(found)


def test_checks_typed_number_with_a_doubled_one_still_mismatches() -> None:
    docs = edit(_invoice_numbered("CI20244680"), "scan_0003.pdf", invoice_number="CI120244680")
    assert refs(check(docs)) == [(("scan_0003.pdf",), "invoice_number", ("CI120244680",))]


def test_checks_typed_number_one_character_longer_is_still_a_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0003.pdf", invoice_number="INV-2025-00142")
    assert refs(check(docs)) == [(("scan_0003.pdf",), "invoice_number", ("INV-2025-00142",))]


def test_checks_ocr_read_number_with_a_letter_read_as_a_digit_matches() -> None:
    """'20249C4045' on a scanned invoice: the S of contract 2024SC4045 read as 9, a reading across
    kinds (letter for digit) in one place, not another contract."""
    docs = edit(clean_documents(), "scan_0002.pdf", ocr=["contract_number"], contract_number="20249C4045")
    docs = edit(docs, "scan_0001.pdf", contract_number="2024SC4045")
    found = check(docs)
    assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)


def test_checks_ocr_read_number_with_a_digit_for_a_digit_or_typed_still_mismatches() -> None:
    docs = edit(clean_documents(), "scan_0001.pdf", contract_number="2024SC4045")
    digit = edit(docs, "scan_0002.pdf", ocr=["contract_number"], contract_number="2024SC4046")
    assert refs(check(digit)) == [(("scan_0002.pdf",), "contract_number", ("2024SC4046",))]
    typed = edit(docs, "scan_0002.pdf", contract_number="20249C4045")
    assert refs(check(typed)) == [(("scan_0002.pdf",), "contract_number", ("20249C4045",))]


def test_checks_ocr_read_number_less_a_thin_capital_matches_less_a_digit_is_doubtful() -> None:
    """'C20245174' on a scanned B/L: the I of CI20245174, set tight after the C, lost by OCR; a digit
    lost ('CI2024517') cannot be told from a clerk's slip, so it stays doubtful."""
    thin = edit(_invoice_numbered("CI20245174"), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="C20245174")
    found = check(thin)
    assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)
    digit = edit(_invoice_numbered("CI20245174"), "scan_0003.pdf", ocr=["invoice_number"], invoice_number="CI2024574")
    assert refs(check(digit)) == [] and "LOW_CONFIDENCE" in codes(check(digit))


def test_checks_ocr_read_number_with_a_letter_read_as_itself_and_its_digit_matches() -> None:
    """'2024S5C8715' on a scanned contract: its S read twice, as S and as 5. The typed invoice
    citing 2024SC8715 cites that contract; typed, the extra 5 is another number."""
    cited = edit(clean_documents(), "scan_0002.pdf", contract_number="2024SC8715")
    read = edit(cited, "scan_0001.pdf", ocr=["contract_number"], contract_number="2024S5C8715")
    found = check(read)
    assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)
    typed = edit(cited, "scan_0001.pdf", contract_number="2024S5C8715")
    assert refs(check(typed)) == [(("scan_0002.pdf",), "contract_number", ("2024SC8715",))]


def test_checks_ocr_read_number_less_its_leading_letters_matches_typed_still_mismatches() -> None:
    """'20240651' in a scanned dunning letter's list: the CI of CI20240651 lost, every digit there.
    Typed on both sides, the numbers differ."""
    read = edit(_invoice_numbered("CI20240651"), "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=["20240651"])
    found = check(read)
    assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)
    typed = edit(_invoice_numbered("CI20240651"), "scan_0004.pdf", invoice_numbers=["20240651"])
    assert refs(check(typed)) == [(("scan_0004.pdf",), "invoice_numbers", ("20240651",))]


def test_checks_ocr_read_number_less_an_i_the_invoice_scan_read_as_one_matches() -> None:
    """The invoice's scan read CI20243270 as 'C120243270', the letter's scan lost the I: 'C20243270'.
    Both are readings of one number; a digit of the number lost stays doubtful."""
    invoice = edit(_invoice_numbered("C120243270"), "scan_0002.pdf", ocr=["invoice_number"])
    found = check(edit(invoice, "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=["C20243270"]))
    assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)
    digit = check(edit(invoice, "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=["C12024320"]))
    assert refs(digit) == [] and "LOW_CONFIDENCE" in codes(digit)


def test_checks_ocr_read_contract_number_of_five_digits_less_its_letters_matches_four_digits_mismatch() -> None:
    """'08459' on a scanned invoice for the contract PO-08459: its letters and dash lost, all five
    digits there. Four digits ('8459') are too few to tell the number from another."""
    signed = edit(clean_documents(), "scan_0001.pdf", contract_number="PO-08459")
    read = check(edit(signed, "scan_0002.pdf", ocr=["contract_number"], contract_number="08459"))
    assert refs(read) == [] and "LOW_CONFIDENCE" not in codes(read)
    short = check(edit(signed, "scan_0002.pdf", ocr=["contract_number"], contract_number="8459"))
    assert refs(short) == [(("scan_0002.pdf",), "contract_number", ("8459",))]


def test_checks_ocr_read_number_less_its_prefix_with_an_i_read_as_one_matches() -> None:
    """'120243719' for CI20243719: the C lost and the I read as 1, every digit there."""
    read = edit(_invoice_numbered("CI20243719"), "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=["120243719"])
    found = check(read)
    assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)


def test_checks_ocr_read_number_with_its_letters_misread_matches_typed_or_other_letters_mismatch() -> None:
    """'24HNV2935' for 24INV2935 and 'Q20249084' for CI20249084 (C and I run into a Q): every digit in
    its group, letters a glyph or two off. Typed, or with wholly other letters ('SC' for 'PO'), or
    with a digit off, it is another number."""
    for claimed, read in (("24INV2935", "24HNV2935"), ("CI20249084", "Q20249084")):
        found = check(edit(_invoice_numbered(claimed), "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=[read]))
        assert refs(found) == [] and "LOW_CONFIDENCE" not in codes(found)
    typed = check(edit(_invoice_numbered("24INV2935"), "scan_0004.pdf", invoice_numbers=["24HNV2935"]))
    assert refs(typed) == [(("scan_0004.pdf",), "invoice_numbers", ("24HNV2935",))]
    other = check(edit(_invoice_numbered("PO-2024-0147"), "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=["SC-2024-0147"]))
    assert refs(other) == [(("scan_0004.pdf",), "invoice_numbers", ("SC-2024-0147",))]
    digit = check(edit(_invoice_numbered("24INV2935"), "scan_0004.pdf", ocr=["invoice_numbers"], invoice_numbers=["24HNV2936"]))
    assert refs(digit) == [(("scan_0004.pdf",), "invoice_numbers", ("24HNV2936",))]


def test_checks_ocr_read_number_with_a_slash_read_as_one_matches() -> None:
    """'CT/202418250' for CT/2024/8250: the slash between digits read as 1, the same number. Read as
    another digit it stays doubtful (a glyph more than the claim's number); typed so, a mismatch."""
    docs = edit(clean_documents(), "scan_0001.pdf", contract_number="CT/2024/8250")
    read = check(edit(docs, "scan_0002.pdf", ocr=["contract_number"], contract_number="CT/202418250"))
    assert refs(read) == [] and "LOW_CONFIDENCE" not in codes(read)
    other = check(edit(docs, "scan_0002.pdf", ocr=["contract_number"], contract_number="CT/202428250"))
    assert refs(other) == [] and "LOW_CONFIDENCE" in codes(other)
    typed = check(edit(docs, "scan_0002.pdf", contract_number="CT/202418250"))
    assert refs(typed) == [(("scan_0002.pdf",), "contract_number", ("CT/202418250",))]
