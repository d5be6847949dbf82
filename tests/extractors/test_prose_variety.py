"""Parties, references and approvals read from prose in wordings and layouts our own fixtures do
not use: who writes a letter and to whom, roles stated in brackets or by party letters, signature
blocks, role words that are no names, subject lines, insurer consent."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from extract_helpers import fields_of, ocr_text, values

from claimready.extractors.fields import extract_fields
from claimready.models import DocType
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]
SUPPLIER = "Nordhafen Maschinenbau GmbH"
CUSTOMER = "Pacific Rim Traders Pty Ltd"


def _rows(*texts: str) -> list[tuple[float, float, str]]:
    return [(60, 40 + 16 * i, t) for i, t in enumerate(texts)]


def _read(make_pdf: MakePdf, settings: Settings, rules: Rules, doc_type: DocType, *rows: str) -> dict[str, object]:
    return values(fields_of(make_pdf, settings, rules, doc_type, _rows(*rows)))


def test_prose_acknowledgement_letter_writer_is_debtor_addressee_is_creditor(make_pdf: MakePdf, settings: Settings,
                                                                             rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.DEBT_ACKNOWLEDGEMENT,
                CUSTOMER, "12 Harbour Street, Sydney NSW 2000", "14 April 2025",
                f"Attention: {SUPPLIER}", "Re: Balance of account",
                "Dear Sirs,",
                "Further to your statement we confirm that the balance of EUR 84,300.00 under invoices NH-5512 and",
                "NH-5513 is correct. We will settle it in two instalments.",
                "Yours faithfully,", CUSTOMER)
    assert (got.get("buyer"), got.get("seller")) == (CUSTOMER, SUPPLIER)
    assert got.get("invoice_numbers") == ("NH-5512", "NH-5513")
    assert Decimal(str(got.get("amount"))) == Decimal("84300.00")


def test_prose_acknowledgement_deed_with_bracketed_roles(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.DEBT_ACKNOWLEDGEMENT,
                "DEED OF ACKNOWLEDGEMENT",
                f"This deed is made on 2 May 2025 by {CUSTOMER}, of 12 Harbour Street, Sydney (hereinafter",
                f"called the \"Debtor\"), in favour of {SUPPLIER} (hereinafter called the \"Creditor\").",
                "The Debtor accepts liability for EUR 84,300.00 being the price of goods under invoice NH-5512.")
    assert (got.get("buyer"), got.get("seller")) == (CUSTOMER, SUPPLIER)


def test_prose_dunning_addressee_is_the_company_not_its_department(make_pdf: MakePdf, settings: Settings,
                                                                   rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.DUNNING_LETTER,
                SUPPLIER, "Am Sandtorkai 12, 20457 Hamburg", "3 March 2025",
                CUSTOMER, "12 Harbour Street, Sydney NSW 2000",
                "For the attention of: Finance Department",
                "Dear Sirs,",
                "Invoice NH-5512 for EUR 84,300.00 is overdue. Please pay without further delay.",
                "Yours faithfully,", SUPPLIER)
    assert got.get("buyer") == CUSTOMER
    assert got.get("seller") == SUPPLIER


@pytest.mark.parametrize("lead", ["To: M/s ", "Account name: ", "To: Messrs. ", "（To:） ", "Account; "])
def test_prose_dunning_addressee_prefix_is_not_part_of_the_name(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                                                lead: str) -> None:
    got = _read(make_pdf, settings, rules, DocType.DUNNING_LETTER,
                SUPPLIER, "Am Sandtorkai 12, 20457 Hamburg", "3 March 2025",
                f"{lead}{CUSTOMER}", "12 Harbour Street, Sydney NSW 2000",
                "Dear Sirs,", "Invoice NH-5512 for EUR 84,300.00 is overdue.", "Yours faithfully,")
    assert got.get("buyer") == CUSTOMER


def test_prose_dunning_numbers_in_subject_line_named_the_invoices_above(make_pdf: MakePdf, settings: Settings,
                                                                        rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.DUNNING_LETTER,
                SUPPLIER, "3 March 2025", f"To: {CUSTOMER}",
                "Re: Payment of NH-5512 / NH-5513",
                "Dear Sirs,", "The invoices mentioned above, EUR 96,300.00 in all, have not been paid.", "Yours faithfully,")
    assert got.get("invoice_numbers") == ("NH-5512", "NH-5513")


def test_prose_contract_roles_stated_after_the_names_in_buyer_first_order(make_pdf: MakePdf, settings: Settings,
                                                                          rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.CONTRACT,
                "SUPPLY AGREEMENT",
                f"This Agreement is entered into on 5 November 2024 by and between {CUSTOMER}, whose office",
                "is at 12 Harbour Street, Sydney NSW 2000, Australia (hereinafter called \"the Purchaser\"), and",
                f"{SUPPLIER}, Am Sandtorkai 12, 20457 Hamburg, Germany (hereinafter called \"the Supplier\").",
                "Total value: EUR 84,300.00. Payment 60 days after B/L date.",
                "THE SUPPLIER                                  THE PURCHASER")
    assert (got.get("seller"), got.get("buyer")) == (SUPPLIER, CUSTOMER)


def test_prose_chinese_contract_role_in_brackets_after_party_letter(make_pdf: MakePdf, settings: Settings,
                                                                    rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.CONTRACT,
                "购销合同", "合同编号：GX-2025-08",
                "甲方（供方）：青岛远洋机械有限公司", "乙方（需方）：广州恒瑞贸易有限公司",
                "合同总金额：人民币350,000.00元", "甲方（盖章）：        乙方（盖章）：")
    assert (got.get("seller"), got.get("buyer")) == ("青岛远洋机械有限公司", "广州恒瑞贸易有限公司")


def test_prose_chinese_contract_roles_from_a_later_sentence(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.CONTRACT,
                "采购合同", "合同编号：CG-2025-11",
                "甲方：广州恒瑞贸易有限公司", "乙方：青岛远洋机械有限公司",
                "经双方协商一致，甲方向乙方采购下列设备，签订本合同。",
                "合同总金额：人民币350,000.00元")
    assert (got.get("seller"), got.get("buyer")) == ("青岛远洋机械有限公司", "广州恒瑞贸易有限公司")


def test_prose_contract_names_under_signature_captions(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    rows = [(200, 40, "CONTRACT"), (60, 60, "Contract No.: NH-C-77"),
            (60, 80, "The parties named below agree on the sale of two hydraulic presses for EUR 84,300.00."),
            (60, 200, "Signed for the Vendor"), (330, 200, "Signed for the Customer"),
            (60, 216, SUPPLIER), (330, 216, CUSTOMER)]
    got = values(fields_of(make_pdf, settings, rules, DocType.CONTRACT, rows))
    assert (got.get("seller"), got.get("buyer")) == (SUPPLIER, CUSTOMER)


def test_prose_role_words_and_signature_captions_are_no_party(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.CONTRACT,
                SUPPLIER, "Am Sandtorkai 12, 20457 Hamburg",
                "ORDER CONFIRMATION", "No.: OC-2025-17",
                "Buyer:", CUSTOMER,
                "Total value: EUR 84,300.00",
                "Seller's stamp and signature            THE BUYERS")
    assert (got.get("seller"), got.get("buyer")) == (SUPPLIER, CUSTOMER)


@pytest.mark.parametrize("sentence, approved", [
    ("The credit insurer's written consent to this extension was obtained on 3 May 2025.", True),
    ("本次付款期限延长已经中国信保书面同意。", True),
    ("This extension is subject to the prior written approval of the Seller's credit insurer.", False),
])
def test_prose_amendment_insurer_consent(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                         sentence: str, approved: bool) -> None:
    got = _read(make_pdf, settings, rules, DocType.AMENDMENT,
                "ADDENDUM No. 2", "to Contract No. NH-C-77",
                "Payment terms are changed from 60 days to 120 days after B/L date.", sentence)
    assert got.get("insurer_approved") is approved


def test_prose_addressee_after_a_lost_bilingual_lead(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.DUNNING_LETTER,
                SUPPLIER, "Am Sandtorkai 12, 20457 Hamburg", "3 March 2025",
                f"Attn. / {CUSTOMER}", "12 Harbour Street, Sydney NSW 2000",
                "Dear Sirs,", "Invoice NH-5512 for EUR 84,300.00 is overdue.", "Yours faithfully,")
    assert got.get("buyer") == CUSTOMER


def test_prose_contract_stated_role_replaces_a_label_value_that_is_no_company(make_pdf: MakePdf, settings: Settings,
                                                                              rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.CONTRACT,
                "SALES CONTRACT",
                f"Made on 5 November 2024 between {SUPPLIER}, Hamburg (the \"Seller\") and {CUSTOMER}, Sydney (the",
                "Buyer\")",
                "NOW IT IS AGREED that the goods are sold for EUR 84,300.00.")
    assert (got.get("seller"), got.get("buyer")) == (SUPPLIER, CUSTOMER)


def test_prose_receipt_date_after_hereby_and_stamp_caption(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.DELIVERY_RECEIPT,
                "DELIVERY CONFIRMATION",
                f"We, {CUSTOMER}, hereby confirm that on 12 January 2025 we took delivery of the goods under invoice",
                "NH-5512 in good order.",
                "Received by: ________ Company chop")
    assert got.get("buyer") == CUSTOMER
    assert str(got.get("date")) == "2025-01-12"


def test_prose_measure_without_its_line_label(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.GOVERNMENT_ORDER,
                "MINISTRY OF FINANCE", "DECREE No. 12/2025",
                "Matter: Prohibition of payments abroad for imported goods",
                "Effective 1 February 2025.")
    assert got.get("measure") == "Prohibition of payments abroad for imported goods"


def test_prose_bracketed_role_before_a_colon_names_the_party(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    got = _read(make_pdf, settings, rules, DocType.CONTRACT,
                "PURCHASE AND SALE AGREEMENT", "Agreement No. PSA-2025-3",
                f"First party (Buyer): {CUSTOMER}", "Address: 12 Harbour Street, Sydney NSW 2000",
                f"Second party (Seller): {SUPPLIER}", "Address: Am Sandtorkai 12, 20457 Hamburg",
                "Price: EUR 84,300.00")
    assert (got.get("seller"), got.get("buyer")) == (SUPPLIER, CUSTOMER)


def _scanned(rules: Rules, doc_type: DocType, *rows: str) -> dict[str, object]:
    return values(extract_fields(ocr_text(list(rows)), doc_type, rules))


def test_prose_addressee_is_not_the_letterhead_signing_under_the_closing(rules: Rules) -> None:
    """A short lawyer's letter with no salutation: the firm's name under 'Yours faithfully' sits
    in the top part of the page too, and is the writer, not the addressee (whose legal form lost
    its last dot to OCR: 'A.Ş :')."""
    got = _scanned(rules, DocType.DUNNING_LETTER,
                   "Baker Lin & Partners LLP", "Attorneys at Law", "Issue Date: 3 July 2024",
                   "Şişli Tekstil Sanayi ve Ticaret A.Ş :", "Halaskargazi Cad. No: 214, 34381 Şişli / İstanbul, Türkiye",
                   "LETTER BEFORE ACTION",
                   f"On behalf of our client {SUPPLIER} we demand payment of US$ 409,784.00 under invoice 202401299.",
                   "Yours faithfully,", "Baker Lin & Partners LLP")
    assert got.get("buyer") == "Şişli Tekstil Sanayi ve Ticaret A.Ş"
    assert got.get("seller") == SUPPLIER


def test_prose_agency_letter_creditor_after_a_misread_lead(rules: Rules) -> None:
    """'我司受债权人X委托' with 我司受 misread as 'RE': the creditor is still X, and the sentence
    is no addressee."""
    got = _scanned(rules, DocType.DUNNING_LETTER,
                   "中国信保追偿服务中心", "签订日期：2024-06-13", "编号：DN-463/2024",
                   CUSTOMER, "12 Harbour Street, Sydney NSW 2000", "关于逾期货款的催款函",
                   "RE债权人深圳华信机械有限公司委托，拖欠委托人货款事宜致函如下：",
                   "截至本函发出之日，贵司仍欠发票INV-2024-7570项下货款共计USD 1,414,991.50，早已逾期。")
    assert got.get("seller") == "深圳华信机械有限公司"
    assert got.get("buyer") == CUSTOMER


def test_prose_acknowledgement_writer_is_the_signer_when_its_letterhead_is_misread(rules: Rules) -> None:
    """'Sp. Zz o.o.' (Sp. z o.o. on a scan) is no legal form, so the letterhead names nobody and the
    first company near the top is the addressee; the company signing under 'Authorised signatory'
    is the writer, the debtor."""
    got = _scanned(rules, DocType.DEBT_ACKNOWLEDGEMENT,
                   "Łódzkie Hurtownie Techniczne Sp. Zz o.o.", "ul. Piotrkowska 112, 90-006 Łódź, Poland", "2025-02-17",
                   SUPPLIER, "Am Sandtorkai 12, 20457 Hamburg",
                   "Further to your reminder, we confirm that the balance of 277,968.50 USD for invoice(s)",
                   "EX-00656, EX-00657 is correct and unpaid.",
                   "Authorised signatory", "Łódzkie Hurtownie Techniczne Sp. z o.o.")
    assert (got.get("buyer"), got.get("seller")) == ("Łódzkie Hurtownie Techniczne Sp. z o.o.", SUPPLIER)


def test_prose_addressee_is_not_the_letterhead_read_with_another_accent(rules: Rules) -> None:
    """The addressee's block lost to OCR: the firm signing at the foot ('Co., Ltd.') is the letterhead
    ('Cò., Ltd.' on the scan), no addressee; and '395;896.00' is the sum owed, its comma read as ';'."""
    got = _scanned(rules, DocType.DUNNING_LETTER,
                   "Hangzhou Lianhe Pump Industry Cò., Ltd.", "120 Binjiang Avenue, Hangzhou 310051, China",
                   "Date of Issue : Feb. 20, 2025", "Plot 7 Adeola Odeku Street, Victoria Island, Lagos, Nigeria",
                   "Re : Overdue invoice(s) 202400619",
                   "Our records show that the amount of 395;896.00 USD remains outstanding.",
                   "Hangzhou Lianhe Pump Industry Co., Ltd.")
    assert got.get("buyer") is None
    assert got.get("amount_due") == "395896.00"


def test_prose_collection_notice_debtor_owed_by_when_the_addressee_is_garbled(rules: Rules) -> None:
    """The addressee's legal form OCR garbled ('Ticaret A.9.': no company to the extractors): the
    letter's 'debt owed by' names the debtor, its name opening the next line."""
    rows = ["Atradius Collections B.V.", "2025-08-27", "Şişli Tekstil Sanayi ve Ticaret A.9. :",
            "Halaskargazi Cad. No: 214, 34381 Şişli / istanbul, Türkiye", "COLLECTION NOTICE",
            "We have been instructed by our client Foshan Meida Ceramics Co., Ltd. to recover the debt owed by",
            "Şişli Tekstil Sanayi ve Ticaret A.Ş. under invoice(s) INV-2025-9133 and INV-2025-9134. Total amount due:",
            "USD183,390.00.", "Yours faithfully,"]
    found = extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules)
    assert found["buyer"].value == "Şişli Tekstil Sanayi ve Ticaret A.Ş."
    assert found["seller"].value == "Foshan Meida Ceramics Co., Ltd."


def test_prose_turkish_legal_form_ocr_misread_ends_the_addressee(rules: Rules) -> None:
    """'Şişli Tekstil Sanayi ve Ticaret A.Ẹ.' (tesseract has no Ş: A.9., A.Ẹ., A.$.) is a company
    ending in A.Ş.: the letter's addressee, its form written as it is printed."""
    rows = ["Intrum Global Collections AB", "Debt Recovery Department", "October 22, 2024", "Our ref. DN-325/2024",
            "Şişli Tekstil Sanayi ve Ticaret A.Ẹ.", "Halaskargazi Cad. No: 214, 34381 Şişli / İstanbul, Türkiye",
            "Dear Sir or Madam,", "This agency acts for Hangzhou Lianhe Pump Industry Co., Ltd.. Our client's invoice(s) EX-08569",
            "for a total of EUR 123,720.50 are overdue.", "Yours faithfully,"]
    found = extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules)
    assert found["buyer"].value == "Şişli Tekstil Sanayi ve Ticaret A.Ş."
    assert found["buyer"].raw == "Şişli Tekstil Sanayi ve Ticaret A.Ẹ."


def test_prose_contract_party_opening_the_line_after_a_speck_read_behind_between(rules: Rules) -> None:
    """'... is made on 15.01.2025 between i' (a speck at the line's end) over 'Xiamen Jinlu Solar
    Technology Co., Ltd. (the "Seller"), ...': the name opening the line is the seller's."""
    rows = ["Sales Contract", "This Sales Contract No. CT/2025/4887 is made on 15.01.2025 between i",
            'Xiamen Jinlu Solar Technology Co., Ltd. (the "Seller"), 9 Xiangyu Road, Huli District, Xiamen 361006,',
            'China, and Ferramenta Lombarda S.p.A. (the "Buyer”), Via Mazzini 44, 20123 Milano, Italy.',
            "2. Total contract value: USD 308,566.00."]
    got = values(extract_fields(ocr_text(rows, confidence=0.93), DocType.CONTRACT, rules))
    assert got.get("seller") == "Xiamen Jinlu Solar Technology Co., Ltd."
    assert got.get("buyer") == "Ferramenta Lombarda S.p.A."


def test_prose_agency_letter_creditor_whose_ltd_ocr_misread(rules: Rules) -> None:
    """'This agency acts for Ningbo Oriental Textile Import & Export Co., ttd..' (Ltd. read 'ttd.'):
    the creditor, its form as printed; the addressee's block is the debtor, never the seller."""
    rows = ["Intrum Giobal Collections AB", "Debt Recovery Department", "Date of Issue / 开票日期October 29, 2024",
            "Müller & Söhne Maschinenhandel GmbH", "Königsallee 27, 40212 Düsseldorf, Germany", "Dear Sir or Madam,",
            "This agency acts for Ningbo Oriental Textile Import & Export Co., ttd.. Our client's invoice(s) 24INV5482",
            "for a total of US$260,746.00 are overdue.", "Yours faithfully,"]
    got = values(extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules))
    assert got.get("seller") == "Ningbo Oriental Textile Import & Export Co., Ltd."
    assert got.get("buyer") == "Müller & Söhne Maschinenhandel GmbH"
