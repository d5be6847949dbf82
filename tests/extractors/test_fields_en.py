from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from extract_helpers import fields_of, ocr_text, values

from claimready.extractors.fields import extract_fields
from claimready.extractors.values import all_references, read_reference
from claimready.models import BBox, DocType, DocumentText, FieldValue, Line, Page, Word
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


def test_fields_invoice_two_column_parties_and_total_row(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (200, 60, "COMMERCIAL INVOICE"),
        (72, 100, "Invoice No.: INV-2025-0042      Date: 14 March 2025"),
        (72, 130, "Seller:"), (320, 130, "Buyer:"),
        (72, 145, "Shenzhen Huaxin Machinery Co., Ltd."), (320, 145, "Rio Verde Importadora Ltda."),
        (72, 160, "No. 8 Keji Road, Shenzhen"), (320, 160, "Av. Paulista 1000, Sao Paulo"),
        (72, 190, "Contract No.: HX-SC-2025-007"), (72, 210, "Payment Terms: T/T 60 days after B/L date"),
        (72, 240, "Item"), (200, 240, "Qty"), (300, 240, "Unit Price"), (420, 240, "Amount"),
        (72, 260, "Machine A"), (200, 260, "10"), (300, 260, "USD 4,825.00"), (420, 260, "USD 48,250.00"),
        (72, 280, "Subtotal"), (420, 280, "USD 48,250.00"),
        (72, 300, "TOTAL AMOUNT"), (420, 300, "USD 48,250.00"),
        (72, 330, "Due Date: 2025-06-30"),
    ])
    assert values(fields) == {
        "invoice_number": "INV-2025-0042", "date": "2025-03-14", "seller": "Shenzhen Huaxin Machinery Co., Ltd.",
        "buyer": "Rio Verde Importadora Ltda.", "contract_number": "HX-SC-2025-007", "total_amount": "48250.00",
        "currency": "USD", "due_date": "2025-06-30", "payment_terms_days": 60, "_payment_terms_basis": "shipment"}
    number = fields["invoice_number"]
    assert number.page == 1 and number.source == "text" and number.confidence == 1.0
    assert 0.2 < number.bbox.x0 < number.bbox.x1 < 0.4 and number.raw == "INV-2025-0042"


def test_fields_invoice_boxed_grid_values_below_labels(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (230, 50, "INVOICE"),
        (60, 90, "Invoice Number"), (220, 90, "Invoice Date"), (380, 90, "Terms"),
        (60, 105, "A-77031"), (220, 105, "March 3, 2025"), (380, 105, "Net 90"),
        (60, 140, "Sold To"), (60, 155, "Atlas Trading GmbH"), (60, 170, "Hafenstrasse 12, Hamburg"),
        (60, 220, "Grand Total"), (380, 220, "48.250,00 EUR"),
    ])
    got = values(fields)
    assert got["invoice_number"] == "A-77031" and got["date"] == "2025-03-03"
    assert got["buyer"] == "Atlas Trading GmbH" and got["payment_terms_days"] == 90
    assert got["total_amount"] == "48250.00" and got["currency"] == "EUR"
    assert got["_payment_terms_basis"] == "invoice"
    assert fields["invoice_number"].confidence < 1.0  # read below its label, not beside it


def test_fields_invoice_table_row_label_value_columns(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (60, 60, "Invoice No"), (250, 60, "INV/88/2025"),
        (60, 80, "Dated"), (250, 80, "05.02.2025"),
        (60, 100, "Amount Due"), (250, 100, "US$ 12,000.00"),
    ])
    assert values(fields) == {"invoice_number": "INV/88/2025", "date": "2025-02-05", "total_amount": "12000.00",
                              "currency": "USD"}


def test_fields_invoice_due_date_label_is_not_the_invoice_date(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (60, 60, "Due Date: 2025-07-01"), (60, 80, "Date: 2025-04-01"), (60, 100, "Invoice No. 123456")])
    assert values(fields)["date"] == "2025-04-01" and values(fields)["due_date"] == "2025-07-01"


def test_fields_contract_prose_parties_and_terms_clause(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.CONTRACT, [
        (220, 50, "SALES CONTRACT"),
        (60, 80, "Contract No.: SC-2025-118"), (350, 80, "Date: 2 January 2025"),
        (60, 110, "This contract is made between Shenzhen Huaxin Machinery Co., Ltd. (the Seller)"),
        (60, 125, "and Rio Verde Importadora Ltda. (the Buyer)."),
        (60, 150, "1. Total contract value: USD 96,500.00"),
        (60, 170, "2. Terms of payment: 100% by T/T"),
        (60, 185, "within 90 days after the B/L date."),
    ])
    got = values(fields)
    assert got["seller"] == "Shenzhen Huaxin Machinery Co., Ltd." and got["buyer"] == "Rio Verde Importadora Ltda."
    assert got["contract_number"] == "SC-2025-118" and got["date"] == "2025-01-02"
    assert got["total_amount"] == "96500.00" and got["currency"] == "USD"
    assert got["payment_terms_days"] == 90 and got["_payment_terms_basis"] == "shipment"


def test_fields_amendment_new_terms_and_insurer_approval(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [
        (200, 50, "AMENDMENT NO. 1 TO SALES CONTRACT"),
        (60, 80, "Contract No.: SC-2025-118"), (60, 95, "Date: 10 March 2025"),
        (60, 120, "The payment terms are extended from 60 days to 120 days after B/L date."),
        (60, 140, "This amendment is made with the prior approval of the credit insurer."),
    ])
    got = values(fields)
    assert got["payment_terms_days"] == 120 and got["insurer_approved"] is True
    assert got["contract_number"] == "SC-2025-118" and got["date"] == "2025-03-10"


def test_fields_amendment_subject_to_approval_is_false(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [
        (200, 50, "ADDENDUM"), (60, 80, "Payment terms amended to net 150."),
        (60, 100, "This change is subject to the insurer's approval."),
    ])
    assert values(fields)["insurer_approved"] is False and values(fields)["payment_terms_days"] == 150


def test_fields_amendment_silent_on_approval_omits_it(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [(200, 50, "AMENDMENT"), (60, 80, "Payment terms: 90 days.")])
    assert "insurer_approved" not in fields


def test_fields_bill_of_lading_to_order_and_on_board_date(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (220, 40, "BILL OF LADING"), (400, 60, "B/L No.: COSU6123456780"),
        (60, 80, "Shipper"), (60, 95, "Shenzhen Huaxin Machinery Co., Ltd."),
        (60, 125, "Consignee"), (60, 140, "TO ORDER OF BANCO DO BRASIL S.A."),
        (60, 170, "Notify Party"), (60, 185, "Rio Verde Importadora Ltda."), (60, 200, "Rua Augusta 55, Sao Paulo"),
        (60, 230, "Port of Loading: Shenzhen, China"), (320, 230, "Port of Discharge: Santos, Brazil"),
        (60, 260, "Invoice No.: INV-2025-0042"),
        (60, 290, "Place and date of issue: Shenzhen, 22 March 2025"),
        (60, 310, "Shipped on board: 20 March 2025"),
    ])
    assert values(fields) == {
        "bl_number": "COSU6123456780", "date": "2025-03-20", "shipper": "Shenzhen Huaxin Machinery Co., Ltd.",
        "consignee": "TO ORDER OF BANCO DO BRASIL S.A.", "notify_party": "Rio Verde Importadora Ltda.",
        "invoice_number": "INV-2025-0042", "port_of_loading": "Shenzhen, China", "port_of_discharge": "Santos, Brazil"}


def test_fields_bill_of_lading_with_an_unreadable_date_label_takes_its_only_date(
        make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    """A scan's '已装船日期' read as 'ZARA HA': the one date the B/L prints is its date, less sure."""
    rows = [(220, 40, "BILL OF LADING"), (60, 60, "B/L No.: COSU2920313558"), (60, 80, "ZARA HA 2024/10/8"),
            (60, 100, "Shipper: Shenzhen Huaxin Machinery Co., Ltd.")]
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, rows)
    assert fields["date"].value == "2024-10-08" and fields["date"].confidence < 0.8
    two_dates = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [*rows, (60, 120, "ZZ 2024/10/9")])
    assert "date" not in two_dates


def test_fields_delivery_receipt_prose(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DELIVERY_RECEIPT, [
        (200, 50, "PROOF OF DELIVERY"), (60, 80, "Date: 02/04/2025"),
        (60, 110, "We, Rio Verde Importadora Ltda., hereby confirm that we received the goods"),
        (60, 125, "under invoice INV-2025-0042 in good order."),
    ])
    assert values(fields) == {"date": "2025-04-02", "buyer": "Rio Verde Importadora Ltda.", "invoice_number": "INV-2025-0042"}


def test_fields_dunning_letter_agency_on_behalf_of_client(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (60, 40, "Global Credit Collections Ltd."), (60, 55, "12 Fleet Street, London"),
        (60, 90, "To: Rio Verde Importadora Ltda."), (400, 90, "20 June 2025"),
        (60, 110, "Our Ref: GCC/2025/881"),
        (60, 130, "FINAL DEMAND FOR PAYMENT"),
        (60, 150, "On behalf of our client Shenzhen Huaxin Machinery Co., Ltd. we remind you that"),
        (60, 165, "invoices INV-2025-0042 and INV-2025-0051 totalling USD 45,250.00 remain unpaid,"),
        (60, 180, "although they fell due on 30 April 2025."),
    ])
    assert values(fields) == {
        "date": "2025-06-20", "seller": "Shenzhen Huaxin Machinery Co., Ltd.", "buyer": "Rio Verde Importadora Ltda.",
        "invoice_numbers": ("INV-2025-0042", "INV-2025-0051"), "amount_due": "45250.00", "currency": "USD"}


def test_fields_dunning_letter_invoice_table(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (60, 40, "Shenzhen Huaxin Machinery Co., Ltd."), (60, 70, "PAYMENT REMINDER"), (400, 70, "Date: 2025-06-20"),
        (60, 100, "Messrs: Rio Verde Importadora Ltda."),
        (60, 130, "Invoice No."), (220, 130, "Due date"), (380, 130, "Amount"),
        (60, 145, "INV-0042"), (220, 145, "2025-04-30"), (380, 145, "USD 30,000.00"),
        (60, 160, "INV-0051"), (220, 160, "2025-05-15"), (380, 160, "USD 15,250.00"),
        (60, 175, "Total outstanding"), (380, 175, "USD 45,250.00"),
    ])
    got = values(fields)
    assert got["invoice_numbers"] == ("INV-0042", "INV-0051") and got["amount_due"] == "45250.00"
    assert got["seller"] == "Shenzhen Huaxin Machinery Co., Ltd." and got["buyer"] == "Rio Verde Importadora Ltda."


def test_fields_debt_acknowledgement_prose(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DEBT_ACKNOWLEDGEMENT, [
        (200, 50, "ACKNOWLEDGEMENT OF DEBT"), (60, 80, "Date: 1 July 2025"),
        (60, 110, "We, Rio Verde Importadora Ltda., hereby acknowledge that we owe"),
        (60, 125, "Shenzhen Huaxin Machinery Co., Ltd. the sum of USD 45,250.00 under invoices"),
        (60, 140, "INV-2025-0042 and INV-2025-0051."),
    ])
    got = values(fields)
    assert got["buyer"] == "Rio Verde Importadora Ltda." and got["amount"] == "45250.00" and got["currency"] == "USD"
    assert got["invoice_numbers"] == ("INV-2025-0042", "INV-2025-0051") and got["date"] == "2025-07-01"
    assert got["seller"] == "Shenzhen Huaxin Machinery Co., Ltd."


def test_fields_bankruptcy_ruling_order_date_not_publication(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BANKRUPTCY_RULING, [
        (150, 40, "1st Bankruptcy Court of Sao Paulo"), (150, 60, "DECISION - Recuperação Judicial"),
        (60, 90, "Case No.: 1023456-78.2025.8.26.0100"),
        (60, 110, "Debtor: Rio Verde Importadora Ltda."),
        (60, 130, "Published in the Official Gazette on 20 May 2025."),
        (60, 150, "Date of order: 12 May 2025"),
    ])
    assert values(fields) == {"court": "1st Bankruptcy Court of Sao Paulo", "case_number": "1023456-78.2025.8.26.0100",
                              "debtor": "Rio Verde Importadora Ltda.", "date": "2025-05-12"}


def test_fields_government_order(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.GOVERNMENT_ORDER, [
        (150, 40, "Central Bank of the Republic of Argentina"), (200, 60, "Communication A 7001"),
        (60, 90, "Date: 3 September 2025"),
        (60, 110, "Measure: suspension of foreign exchange transfers abroad for imports"),
        (60, 130, "Country: Argentina"),
    ])
    assert values(fields) == {"authority": "Central Bank of the Republic of Argentina", "country": "Argentina",
                              "date": "2025-09-03",
                              "measure": "suspension of foreign exchange transfers abroad for imports"}


def test_fields_ocr_misread_labels_still_match(rules: Rules) -> None:
    text = ocr_text(["COMMERCIAL INVOICE", "lnvoice N0.: INV-2025-0042", "Date: 14.03.2025", "T0TAL USD 48,250.00"])
    fields = extract_fields(text, DocType.INVOICE, rules)
    assert fields["invoice_number"].value == "INV-2025-0042"
    assert fields["invoice_number"].source == "ocr" and fields["invoice_number"].confidence < 0.8
    assert fields["total_amount"].value == "48250.00" and fields["date"].value == "2025-03-14"


def test_fields_ocr_label_missing_its_first_letter_matches_though_a_shorter_label_follows(rules: Rules) -> None:
    """'nvoice No :' for 'Invoice No.': the 'No' inside it is a label too, but the cell's head is the longer one."""
    text = ocr_text(["Tax Invoice / Commercial Invoice", "nvoice No : ` INV-2024-9193", "issued on : 2024-11-14"])
    assert extract_fields(text, DocType.INVOICE, rules)["invoice_number"].value == "INV-2024-9193"


def test_fields_ocr_label_with_its_dot_read_as_a_comma_matches(rules: Rules) -> None:
    """'No, of Invoice' for 'No. of Invoice' over its number."""
    text = ocr_text(["Tax Invoice / Commercial Invoice", "No, of Invoice", "-202404052"])
    assert extract_fields(text, DocType.INVOICE, rules)["invoice_number"].value == "202404052"


def test_fields_ocr_party_that_is_its_label_misread_is_no_name(rules: Rules) -> None:
    """'Wendor' under 'Vendor / 卖方' where OCR lost the name line: no seller, rather than a seller
    named 'Wendor' that mismatches the claim's; a name after it stays."""
    lost = ocr_text(["COMMERCIAL INVOICE", "Invoice No.: INV-2025-0042", "Seller:", "Wendor"])
    assert "seller" not in extract_fields(lost, DocType.INVOICE, rules)
    for read, confidence in (("Wendor Shenzhen Huaxin Machinery Co., Ltd.", 0.5), ("Wendor': Shenzhen Huaxin Machinery Co., Ltd.", 0.5),
                             ("Wendor Shenzhen Huaxin Machinery Co., Ltd.", 0.72)):  # a speck too; read at 0.72
        kept = ocr_text(["COMMERCIAL INVOICE", "Invoice No.: INV-2025-0042", "Seller:", read], confidence=confidence)
        assert extract_fields(kept, DocType.INVOICE, rules)["seller"].value == "Shenzhen Huaxin Machinery Co., Ltd."
    sure = ocr_text(["COMMERCIAL INVOICE", "Buyer:", "Bayer Pharma Trading Co., Ltd."], confidence=0.9)
    assert extract_fields(sure, DocType.INVOICE, rules)["buyer"].value == "Bayer Pharma Trading Co., Ltd."  # a name's, read surely


def test_fields_ocr_document_title_is_no_misread_label(rules: Rules) -> None:
    """'PURCHASE ORDER' is one letter off 'Purchaser' + 'ORDER', but it is the title: the buyer is under 'Messrs.'."""
    text = ocr_text(["PURCHASE ORDER", "Messrs. : Rio Verde Importadora Ltda.", "Contract Number : PO-09151"])
    assert extract_fields(text, DocType.CONTRACT, rules)["buyer"].value == "Rio Verde Importadora Ltda."


def test_fields_ocr_misread_label_ends_where_a_word_ends(rules: Rules) -> None:
    """'”CONSIGNEE TO ORDER OF SHIPPER': a speck before the label shifts the head by one, and
    'consigned to order of' is one letter off its first 21 characters, ending inside 'OF': no
    label ends inside a word, so the consignee is TO ORDER OF SHIPPER, not 'F SHIPPER'."""
    text = ocr_text(["Ocean Bill of Lading", "B/L No. EGLV292909320144", "”CONSIGNEE TO ORDER OF SHIPPER",
                     "NOTIFY PARTY: Comercial Peñalolén Ltda."])
    assert extract_fields(text, DocType.BILL_OF_LADING, rules)["consignee"].value == "TO ORDER OF SHIPPER"


def test_fields_quoted_role_at_the_head_of_a_wrapped_line_is_no_label(rules: Rules) -> None:
    """'"Seller") and Lagos ...' heads a wrapped line: a quote before a label is a speck only when
    none closes it; a quoted role is a defined term, and the seller is the name before it."""
    text = ocr_text(["AMENDMENT No. 1",
                     "This Amendment is made between Hangzhou Lianhe Pump Industry Co., Ltd. (the",
                     '"Seller") and Lagos Crestline Industries Ltd (the "Buyer") to Contract No. 2024SC1234.'])
    got = values(extract_fields(text, DocType.AMENDMENT, rules))
    assert (got["seller"], got["buyer"]) == ("Hangzhou Lianhe Pump Industry Co., Ltd.", "Lagos Crestline Industries Ltd")


def test_fields_ocr_role_in_brackets_with_the_closing_bracket_misread(rules: Rules) -> None:
    """'(the "Seller"}': OCR read the closing bracket as a brace; the role still names the party before it."""
    text = ocr_text(["CONTRACT OF SALE",
                     "This Sales Contract No. 2025SC8951 is made on 22 February 2025 between Xiamen Jinlu Solar Technology Co., Ltd. (the",
                     '"Seller"}, 9 Xiangyu Road, Huli District, Xiamen 361006, China, and Andes Distribuciones S.A.C. (the "Buyer”), Av.'])
    got = values(extract_fields(text, DocType.CONTRACT, rules))
    assert (got["seller"], got["buyer"]) == ("Xiamen Jinlu Solar Technology Co., Ltd.", "Andes Distribuciones S.A.C.")


def test_fields_ocr_labels_with_specks_read_as_accents_still_match(rules: Rules) -> None:
    """The Latin model reads a speck under 'o' as 'ọ': 'Contract Nọ.' is still the label."""
    text = ocr_text(["Sales Contract", "Contract Nọ. : SC-2024-9996", "Signed on 21 November 2024"])
    assert extract_fields(text, DocType.CONTRACT, rules)["contract_number"].value == "SC-2024-9996"


def test_fields_ocr_chinese_twin_label_one_character_off_before_a_colon(rules: Rules) -> None:
    """'To / 卸货港 :' read as 'To / 印货港 :': the misread twin is still a label, the port its value."""
    text = ocr_text(["Ocean Bill of Lading", "To / 印货港 : Tema, Ghana", "From / 装货港 : Ningbo, China"])
    got = values(extract_fields(text, DocType.BILL_OF_LADING, rules))
    assert got["port_of_discharge"] == "Tema, Ghana" and got["port_of_loading"] == "Ningbo, China"


def test_fields_ocr_chinese_label_with_a_character_too_many_wins_over_the_labels_inside_it(rules: Rules) -> None:
    """'合计金额' read '合计人金额': not the labels '合计' and '金额' with '人' between, one total label."""
    text = ocr_text(["COMMERCIAL INVOICE", "Total |合计人金额:1.257.924,00 EUR"])
    assert extract_fields(text, DocType.INVOICE, rules)["total_amount"].value == "1257924.00"


def test_fields_ocr_title_that_is_a_label_less_a_character_is_no_label(rules: Rules) -> None:
    """The title '销售合同' is '销售合同号' less '号': no label, the table under it holds no number."""
    text = ocr_text(["销售合同", "序号 货物名称 数量 单价(CNY)", "1 钢制球阀 DN50 2,038 个 55.00", "合同编号 : PO-00892"])
    assert extract_fields(text, DocType.CONTRACT, rules)["contract_number"].value == "PO-00892"


def test_fields_ocr_supplier_label_is_never_the_buyer_label_one_character_off(rules: Rules) -> None:
    """'供货单位' (supplier) differs from '购货单位' (buyer) by the one character that names the role."""
    text = ocr_text(["到货验收单", "送货单号 : SH634726 发票号 : 202401261", "供货单位 : 宁波东方纺织品进出口有限公司",
                     "收货单位 : 成都蓉发机电设备有限公司", "签收日期 : 2024年11月17日"])
    assert extract_fields(text, DocType.DELIVERY_RECEIPT, rules)["buyer"].value == "成都蓉发机电设备有限公司"


def test_fields_ocr_reading_of_b_l_as_ba_is_the_bl_number_label(rules: Rules) -> None:
    text = ocr_text(["Ocean Bill of Lading", "BA No. Vessel / Voyage", "ONEY212938729 COSCO SHIPPING ARIES V.012W"])
    assert extract_fields(text, DocType.BILL_OF_LADING, rules)["bl_number"].value == "ONEY212938729"


def test_fields_other_type_has_no_fields(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    assert fields_of(make_pdf, settings, rules, DocType.OTHER, [(60, 60, "Invoice No.: X-1")]) == {}


def test_fields_turned_scan_reads_layout_upright_and_reports_boxes_as_uploaded(rules: Rules) -> None:
    upright = ocr_text(["COMMERCIAL INVOICE", "Seller:", "Shenzhen Huaxin Machinery Co., Ltd.", "Invoice No.: INV-7",
                        "TOTAL USD 1,250.00"], confidence=0.9)
    page = upright.pages[0]

    def turn(word: Word) -> Word:  # the page was scanned a quarter turn clockwise
        b = word.bbox
        return replace(word, bbox=BBox(1 - b.y1, b.x0, 1 - b.y0, b.x1))

    turned = replace(page, lines=tuple(Line(tuple(turn(w) for w in line.words)) for line in page.lines))
    fields = extract_fields(DocumentText(pages=(turned,), language="en"), DocType.INVOICE, rules)
    assert values(fields) == {"seller": "Shenzhen Huaxin Machinery Co., Ltd.", "invoice_number": "INV-7",
                              "total_amount": "1250.00", "currency": "USD"}
    number = fields["invoice_number"]
    original = next(w for line in turned.lines for w in line.words if w.text == "INV-7")
    assert number.bbox == original.bbox and number.confidence == pytest.approx(0.9)


def test_fields_ocr_doubtful_name_loses_a_misread_twin_label_before_it(rules: Rules) -> None:
    """'供方 Wendor Shenzhen Huaxin Machinery Co., Ltd.' read at 0.41: 'Wendor' is the twin label
    Vendor misread, not the name's; a name read surely keeps such a first word (Bayer is no Buyer)."""
    doubtful = ocr_text(["COMMERCIAL INVOICE", "供方 Wendor Shenzhen Huaxin Machinery Co., Ltd."], confidence=0.41)
    assert extract_fields(doubtful, DocType.INVOICE, rules)["seller"].value == "Shenzhen Huaxin Machinery Co., Ltd."
    sure = ocr_text(["COMMERCIAL INVOICE", "Seller: Bayer Chemicals AG"], confidence=0.95)
    assert extract_fields(sure, DocType.INVOICE, rules)["seller"].value == "Bayer Chemicals AG"


def test_fields_ocr_name_loses_a_label_with_a_colon_and_a_letter_lost(rules: Rules) -> None:
    """'托运人 HIPPER: Ningbo ...' (SHIPPER with its S lost), read at 0.64: a word and a colon before
    a company name is its label, however sure the reading; without the colon a sure word stays."""
    text = ocr_text(["BILL OF LADING", "托运人 HIPPER: Ningbo Oriental Textile Import & Export Co., Ltd."], confidence=0.64)
    assert extract_fields(text, DocType.BILL_OF_LADING, rules)["shipper"].value == (
        "Ningbo Oriental Textile Import & Export Co., Ltd.")
    sure = ocr_text(["BILL OF LADING", "托运人 Hipper Ningbo Oriental Textile Import & Export Co., Ltd."], confidence=0.95)
    assert extract_fields(sure, DocType.BILL_OF_LADING, rules)["shipper"].value.startswith("Hipper")


def test_fields_reference_with_a_word_in_it_is_a_misread_label(rules: Rules) -> None:
    """'R#9/Date' (签订日期/Date of Contract, its Chinese misread) beside 'S/C No.' in a scanned header
    row is a label, not the contract number, which is printed under it; 'Cl2024…' with its one
    small letter is still a number."""
    assert read_reference("R#9/Date", rules) is None and read_reference("Invoice2024", rules) is None
    assert read_reference("4nv.#: CI20247304", rules).value == "CI20247304"  # type: ignore[union-attr]  # 'Inv.#' misread
    assert read_reference("Cl20244680", rules).value == "Cl20244680"  # type: ignore[union-attr]


def test_fields_reference_is_never_a_piece_of_a_date(rules: Rules) -> None:
    """Under '合同号(S/C No.) | Date of Signing' whose number cell OCR lost, the row holds only
    'July 29th, 2024': neither '29th' nor '2024' is a contract number. A number beside a date is."""
    assert read_reference("July 29th, 2024", rules) is None
    assert read_reference("29 July 2024", rules) is None
    assert read_reference("July 29th, 2024 SC-2024-4959", rules).value == "SC-2024-4959"  # type: ignore[union-attr]
    assert read_reference("2024年02月20日INV-2024-1126", rules).value == "INV-2024-1126"  # type: ignore[union-attr]


def test_fields_reference_less_a_word_ocr_glued_after_it(rules: Rules) -> None:
    """'INV-2025-3003.and INV-2025-3004 for a total of …' on a scanned letter: the space after the
    first number read as a dot; 'and' is prose, not part of the number."""
    listed = all_references("INV-2025-3003.and INV-2025-3004 for a total of 140,611.50 USD")
    assert [r.value for r in listed] == ["INV-2025-3003", "INV-2025-3004"]
    assert read_reference("INV-2025-3003.and", rules).value == "INV-2025-3003"  # type: ignore[union-attr]
    assert read_reference("CI20245174.A1", rules).value == "CI20245174.A1"  # type: ignore[union-attr]


def test_fields_reference_split_after_its_letters_is_one_number(rules: Rules) -> None:
    """'24INV 4675': OCR split 24INV4675 at a wider gap after its letters; the number is whole. A
    quantity after a number ending in one letter stays apart, as do digits glued to more.""" 
    text = ocr_text(["COMMERCIAL INVOICE", "Invoice Number Issued on", "24INV 4675 03-Jul-2024"], confidence=0.95)
    assert extract_fields(text, DocType.INVOICE, rules)["invoice_number"].value == "24INV4675"
    assert read_reference("SC2025A 120 sets", rules).value == "SC2025A"  # type: ignore[union-attr]
    assert read_reference("24INV 4675,00", rules).value == "24INV"  # type: ignore[union-attr]
    # ... and a hyphened number split inside a group ('INV-202 4-3792'), not before a range or a date
    assert read_reference("INV-202 4-3792", rules).value == "INV-2024-3792"  # type: ignore[union-attr]
    assert read_reference("INV-2024-3792 1-100", rules).value == "INV-2024-3792"  # type: ignore[union-attr]
    assert read_reference("INV-2024-3792 2024-10-11", rules).value == "INV-2024-3792"  # type: ignore[union-attr]
    # ... or with a speck read as a character in the gap, its last digits ending the cell ('SC-2024-293 和 4')
    assert read_reference("SC-2024-293 和 4", rules).value == "SC-2024-2934"  # type: ignore[union-attr]
    # ... or a B/L number parted after its carrier's code or inside its digits ('EGLV 195572847673', 'HLCU1 028971381')
    assert read_reference("B/L No.: EGLV 195572847673", rules).value == "EGLV195572847673"  # type: ignore[union-attr]
    assert read_reference("提单号码:HLCU1 028971381", rules).value == "HLCU1028971381"  # type: ignore[union-attr]
    assert read_reference("ABCD1 2345 pcs", rules).value == "ABCD1"  # type: ignore[union-attr]
    assert read_reference("DATE 20241011", rules).value == "20241011"  # type: ignore[union-attr]
    assert read_reference("SC-2024-293和4", rules).value == "SC-2024-2934"  # type: ignore[union-attr]
    # ... and a date with its month in words is no number ('19-Jan-2025' under a header row's 'S/C No.')
    assert read_reference("19-Jan-2025 Xiamen", rules) is None
    assert read_reference("1INV", rules) is None  # 'INV 202401199' with its number lost: a word
    assert read_reference("INV-7", rules).value == "INV-7"  # type: ignore[union-attr]
    assert read_reference("SC-2024-05-01", rules).value == "SC-2024-05-01"  # type: ignore[union-attr]
    assert read_reference("SC-2024-293 和 4 台", rules).value == "SC-2024-293"  # type: ignore[union-attr]
    assert read_reference("SC-2024-2934 和 4", rules).value == "SC-2024-2934"  # type: ignore[union-attr]
    # ... in a list too
    assert [r.value for r in all_references("invoices INV-2 024-1903, 24INV 4426 and INV-2024-1904")] == [
        "INV-2024-1903", "24INV4426", "INV-2024-1904"]
    # ... and split before its last digits, when that makes it of another listed number's shape
    assert [r.value for r in all_references("under invoice(s) 24INV1308 and 24INV1 309.")] == ["24INV1308", "24INV1309"]
    assert [r.value for r in all_references("24INV1308 and 24INV13 5 sets")] == ["24INV1308", "24INV13"]
    # ... also after a speck read as a colon ('INV-2024 : -5820')
    assert [r.value for r in all_references("发票 INV-2024-5819 、 INV-2024 : -5820 项下")] == ["INV-2024-5819", "INV-2024-5820"]
    assert [r.value for r in all_references("发票INV-2024-5819、INV-2024:-5820项下")] == ["INV-2024-5819", "INV-2024-5820"]


def test_fields_listed_number_with_a_letter_read_as_its_lookalike_digit_takes_its_siblings_letters() -> None:
    """'INV-2024-8552 、 1NV-2024-8553 、 INV-2024-8554': a letter OCR read as a digit (I as 1, O as 0)
    where every other number of the list has a letter; a digit that looks like no such letter, or
    siblings that disagree, leave the number as read."""
    assert [r.value for r in all_references("发票 INV-2024-8552 、 1NV-2024-8553 、 INV-2024-8554")] == [
        "INV-2024-8552", "INV-2024-8553", "INV-2024-8554"]
    assert [r.value for r in all_references("CI20249163 and C120249164")] == ["CI20249163", "CI20249164"]
    assert [r.value for r in all_references("CI20249163 and C720249164")] == ["CI20249163", "C720249164"]
    assert [r.value for r in all_references("CI20249163, CL20249165 and C120249164")] == [
        "CI20249163", "CL20249165", "C120249164"]


def test_fields_number_a_colon_follows_is_a_misread_label(rules: Rules) -> None:
    """'Purchase Order No. / & 543 : HX244720': the Chinese twin label 合同号 read as '& 543' (0.02);
    a colon after it makes it a label, the number after the colon the value, or none in the cell."""
    assert read_reference("/ & 543 : HX244720", rules).value == "HX244720"  # type: ignore[union-attr]
    assert read_reference("/ & 543:", rules) is None


def test_fields_ocr_lawyers_client_with_cl_read_as_d(rules: Rules) -> None:
    """'On behalf of our dient X' ('cl' read as 'd'): X is the creditor the lawyer writes for, not
    the addressee printed above."""
    text = ocr_text(["Kancelaria Prawna Nowak i Wspólnicy", "Rio Verde Importadora Ltda.", "LETTER BEFORE ACTION",
                     "On behalf of our dient Hangzhou Lianhe Pump Industry Co., Ltd. we demand payment of "
                     "€364.512,50 under invoice(s) EX-00669."], confidence=0.9)
    assert extract_fields(text, DocType.DUNNING_LETTER, rules)["seller"].value == "Hangzhou Lianhe Pump Industry Co., Ltd."


def test_fields_ocr_misread_label_a_glyph_longer_heads_its_cell(rules: Rules) -> None:
    """'Comimercial Invóice No.' (an m read as 'mi', a speck as an accent) heads a header row: the
    label is one glyph longer than 'commercial invoice no.', and the invoice number is under it."""
    text = ocr_text(["Qingdao Haitian Tyre Co., Ltd.", "INVOICE", "Comimercial Invóice No. Issued on",
                     "EX-06347 30 Apr 2024"])
    got = values(extract_fields(text, DocType.INVOICE, rules))
    assert got["invoice_number"] == "EX-06347" and got["date"] == "2024-04-30"


def test_fields_ocr_invoice_number_under_a_garbled_no_label(rules: Rules) -> None:
    """'iwo No twoice Date Purchase Order No' (Invoice No / Invoice Date garbled) over 'EX-06947
    11-Dec-2024 2024SC2352': the bare 'No' after a few unknown letters, before the date's label,
    heads the invoice's number, which has five digits and letters. Over a row that is no header,
    or under a goods table's header, a number is no invoice's."""
    header = "iwo No twoice Date Purchase Order No }"
    got = values(extract_fields(ocr_text(["Commercial Invoice", header, "EX-06947 11-Dec-2024 2024SC2352"]),
                                DocType.INVOICE, rules))
    assert got["invoice_number"] == "EX-06947" and got["date"] == "2024-12-11"
    plain = values(extract_fields(ocr_text(["Commercial Invoice", "Shipping marks", "EX-06947 11-Dec-2024"]),
                                  DocType.INVOICE, rules))
    assert "invoice_number" not in plain
    goods = values(extract_fields(ocr_text(["COMMERCIAL INVOICE", "和 No. Description of Goods Quantity Unit Price (USD) Amount",
                                            "1 Radiai tyre 215/60R16 288pc 57.50 16,560.00"]), DocType.INVOICE, rules))
    assert "invoice_number" not in goods  # a goods table's 'No.' heads no invoice number: a tyre size is none


def test_fields_ocr_label_after_words_ocr_could_not_read_heads_its_cell(rules: Rules) -> None:
    """'AFIRI Conraa No.' (合同编号 Contract No. garbled, both words at 0.00) over 'CT/2024/6437':
    unread words before 'No.' are no text, so the label heads its cell and the number under it
    is the contract's. Read surely, such words make the 'No.' part of running text."""
    def line(y: float, *words: tuple[str, float, float]) -> Line:
        return Line(tuple(Word(t, BBox(x, y, x + 0.011 * len(t), y + 0.015), c, "ocr") for t, x, c in words))

    def contract(lead_confidence: float) -> dict[str, object]:
        page = Page(number=1, width=2480, height=3508, source="ocr", lines=(
            line(0.05, ("CONTRACT", 0.08, 0.95), ("OF", 0.18, 0.95), ("SALE", 0.21, 0.95)),
            line(0.10, ("AFIRI", 0.08, lead_confidence), ("Conraa", 0.145, lead_confidence), ("No.", 0.22, 0.95),
                 ("Date", 0.55, 0.95), ("of", 0.6, 0.95), ("Contract", 0.63, 0.95)),
            line(0.12, ("CT/2024/6437", 0.08, 0.9), ("2024-11-11", 0.55, 0.9))))
        return values(extract_fields(DocumentText(pages=(page,), language="en"), DocType.CONTRACT, rules))
    assert contract(0.0)["contract_number"] == "CT/2024/6437"
    assert "contract_number" not in contract(0.95)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_fields_possessive_party_labels(rules: Rules, apostrophe: str) -> None:
    """"Buyer's Name:" and "Seller's name and address" label the parties, with a straight or a
    typographic apostrophe (a quote closing a role makes a defined term; one before an 's' does not)."""
    text = ocr_text(["COMMERCIAL INVOICE", f"Buyer{apostrophe}s Name: Rio Verde Importadora Ltda.",
                     f"Seller{apostrophe}s name and address", "Shenzhen Huaxin Machinery Co., Ltd."])
    got = values(extract_fields(text, DocType.INVOICE, rules))
    assert (got["seller"], got["buyer"]) == ("Shenzhen Huaxin Machinery Co., Ltd.", "Rio Verde Importadora Ltda.")


def _dunning_parties(text: DocumentText, rules: Rules) -> tuple[object, object]:
    fields = extract_fields(text, DocType.DUNNING_LETTER, rules)
    return fields["seller"].value, fields["buyer"].value


def test_fields_ocr_prose_cue_with_a_speck_read_as_an_accent(rules: Rules) -> None:
    """'We aċt for X': a speck over the c. Cues are plain words, matched with accents folded, so X
    is the creditor; the names keep their accents."""
    text = ocr_text(["Kancelaria Prawna Nowak i Wspólnicy", "Attorneys at Law", "Dated 8 Jul 2024", "Ferramenta Lombarda S.p.A.",
                     "Via Mazzini 44, 20123 Milano, Italy", "Dear Sirs,",
                     'We aċt for Qingdao Haitian Tyre Co., Ltd. (our "Client") in connection with invoice(s) EX-06347.',
                     "USD188,549.50 is due and unpaid."], confidence=0.9)
    assert _dunning_parties(text, rules) == ("Qingdao Haitian Tyre Co., Ltd.", "Ferramenta Lombarda S.p.A.")


# 'li' read as 'h'; a speck read as an accent, or as a stroke ('ł'); the space after 'our' lost
@pytest.mark.parametrize("our_client", ["our chent", "our cliènt", "our cłient", "ourclient"])
def test_fields_ocr_lawyers_client_misread(rules: Rules, our_client: str) -> None:
    """'On behalf of our chent X', 'ourclient X': X is still the creditor, not the addressee."""
    text = ocr_text(["Kancelaria Prawna Nowak i Wspólnicy", "Dated: 2025-04-15", "Comercial Peñalolén Ltda.",
                     "Av. Grecia 8735, Peñalolén, Santiago, Chile", "LETTER BEFORE ACTION",
                     f"On behalf of {our_client} Hangzhou Lianhe Pump Industry Co., Ltd. we demand payment of "
                     "1,210,113.50 USD under invoice(s) INV-2024-9624."], confidence=0.9)
    assert _dunning_parties(text, rules) == ("Hangzhou Lianhe Pump Industry Co., Ltd.", "Comercial Peñalolén Ltda.")


def test_fields_ocr_invoice_list_glued_by_dots_is_its_numbers(rules: Rules) -> None:
    """'CI20242894.CI20242895.CI20242896': OCR read the list's commas as dots; numbers of one shape
    glued so are the list, a number with dots of its own ('INV.2024.001') stays one."""
    text = ocr_text(["Global Credit Collections Ltd.", "To: Rio Verde Importadora Ltda.", "FINAL DEMAND FOR PAYMENT",
                     "Invoices CI20242894.CI20242895.CI20242896 totalling USD 45,250.00 remain unpaid."], confidence=0.9)
    assert extract_fields(text, DocType.DUNNING_LETTER, rules)["invoice_numbers"].value == (
        "CI20242894", "CI20242895", "CI20242896")
    one = ocr_text(["Global Credit Collections Ltd.", "To: Rio Verde Importadora Ltda.", "FINAL DEMAND FOR PAYMENT",
                    "Invoice INV.2024.001 totalling USD 45,250.00 remains unpaid."], confidence=0.9)
    assert extract_fields(one, DocType.DUNNING_LETTER, rules)["invoice_numbers"].value == ("INV.2024.001",)


def test_fields_ocr_party_label_behind_a_stray_chinese_character_is_no_name(rules: Rules) -> None:
    """'买方 上 mporter' over the buyer's name: 'The Importer' with 'The' read as 上 (0.52). The
    label is no buyer; the name under it is."""
    def row(y: float, *cells: tuple[float, str]) -> Line:
        words = []
        for x, text in cells:
            for token in text.split(" "):
                words.append(Word(token, BBox(x, y, x + 0.012 * len(token), y + 0.015), 0.9 if token != "上" else 0.52, "ocr"))
                x += 0.012 * len(token) + 0.008
        return Line(tuple(words))

    page = Page(number=1, width=2480, height=3508, source="ocr", lines=(
        row(0.05, (0.35, "购销合同 Sales Contract")),
        row(0.09, (0.08, "供 方 The Sellers"), (0.55, "买方 上 mporter")),
        row(0.11, (0.08, "Shenzhen Huaxin Machinery Co., Ltd."), (0.55, "Thành Công Trading Joint Stock Company")),
        row(0.15, (0.08, "Sales Contract No. HX249529"))))
    buyer = extract_fields(DocumentText(pages=(page,), language="en"), DocType.CONTRACT, rules).get("buyer")
    assert buyer is None or buyer.value == "Thành Công Trading Joint Stock Company"


def test_fields_ocr_garbled_word_beside_a_party_label_gives_way_to_the_name_under_it(rules: Rules) -> None:
    """'Purchaser- ; VAERS j RE' (0.30): specks beside the label read as a word, the buyer's name
    printed under it; a short name read surely beside its label stays the name."""
    def row(y: float, confidence: float, *cells: tuple[float, str]) -> Line:
        words = []
        for x, text in cells:
            for token in text.split(" "):
                words.append(Word(token, BBox(x, y, x + 0.012 * len(token), y + 0.015), confidence, "ocr"))
                x += 0.012 * len(token) + 0.008
        return Line(tuple(words))

    def page(confidence: float) -> DocumentText:
        return DocumentText(pages=(Page(number=1, width=2480, height=3508, source="ocr", lines=(
            row(0.05, 0.9, (0.35, "Tax Invoice / Commercial Invoice")),
            row(0.09, confidence, (0.55, "Purchaser- ; VAERS")),
            row(0.11, 0.9, (0.08, "Qingdao Haitian Tyre Co., Ltd."), (0.55, "Société Générale d'Équipement SARL")),
            row(0.15, 0.9, (0.08, "Invoice No.: 202400125")))),), language="en")
    assert extract_fields(page(0.30), DocType.INVOICE, rules)["buyer"].value == "Société Générale d'Équipement SARL"
    assert extract_fields(page(0.95), DocType.INVOICE, rules)["buyer"].value == "VAERS"
    # ... one of its words read at 0.50, the other at 0.04 ('OR ACoragee'): noise on average all the same
    mixed = page(0.30)
    label = row(0.09, 0.9, (0.55, "Purchaser- OR ACoragee"))
    words = tuple(replace(w, confidence={"OR": 0.5, "ACoragee": 0.04}.get(w.text, w.confidence)) for w in label.words)
    mixed = replace(mixed, pages=(replace(mixed.pages[0], lines=(mixed.pages[0].lines[0], replace(label, words=words),
                                                                  *mixed.pages[0].lines[2:])),))
    assert extract_fields(mixed, DocType.INVOICE, rules)["buyer"].value == "Société Générale d'Équipement SARL"


def test_fields_ocr_letterhead_behind_specks_is_the_writer(rules: Rules) -> None:
    """'. . Qingdao Haitian Tyre Co., Ltd.': specks before the letterhead; the writer is still the
    letterhead's company, the addressee under it the buyer."""
    text = ocr_text([". . Qingdao Haitian Tyre Co., Ltd.", "256 Huangpu Road, Shinan District, Qingdao 266001, China",
                     "Date of Issue: 13/05/2025", "Lagos Crestline Industries Ltd",
                     "Plot 7 Adeola Odeku Street, Victoria Island, Lagos, Nigeria", "Dear Sirs,",
                     "Re: Overdue invoice(s) EX-02830 and EX-02831",
                     "Our records show that the amount of US$1,144,147.00 remains outstanding."], confidence=0.9)
    assert _dunning_parties(text, rules) == ("Qingdao Haitian Tyre Co., Ltd.", "Lagos Crestline Industries Ltd")


def test_fields_ocr_chinese_name_ends_before_a_misread_bracket(rules: Rules) -> None:
    """'青岛海天轮胎有限公司〈以下简称“委托人”）': the defined term's bracket read as 〈."""
    text = ocr_text(["律师函", "致：Accra Sunrise Trading Co., Ltd.",
                     "本所受青岛海天轮胎有限公司〈以下简称“委托人”）委托，就贵司拖欠委托人货款事宜致函如下："], confidence=0.9)
    assert extract_fields(text, DocType.DUNNING_LETTER, rules)["seller"].value == "青岛海天轮胎有限公司"


def test_fields_ocr_speck_between_label_and_value_is_no_cell(rules: Rules) -> None:
    """'发票编号 Invoice No: ` 24INV6987': a speck read as its own cell between the label and the number."""
    def at(x: float, text: str, confidence: float = 0.9) -> Word:
        return Word(text, BBox(x, 0.1, x + 0.012 * len(text), 0.115), confidence, "ocr")

    row = Line((at(0.08, "发票编号"), at(0.14, "Invoice"), at(0.24, "No:"), at(0.40, "`", 0.43), at(0.55, "24INV6987")))
    page = Page(number=1, width=2480, height=3508, source="ocr",
                lines=(Line((Word("INVOICE", BBox(0.4, 0.05, 0.5, 0.065), 0.9, "ocr"),)), row))
    fields = extract_fields(DocumentText(pages=(page,), language="en"), DocType.INVOICE, rules)
    assert fields["invoice_number"].value == "24INV6987"


def test_fields_ocr_invoice_whose_number_label_was_lost_takes_the_number_with_inv_in_it(rules: Rules) -> None:
    """OCR lost a light '发票号/Inv. #' over '24INV9346': the number with INV in it atop page 1 is the
    invoice's; one after another reference's label is not."""
    text = ocr_text(["Qingdao Haitian Tyre Co., Ltd.", "出口商业发票 Commercial Invoice", "24INV9346 2024-04-17",
                     "Contract No.: SC-2024-9601"], confidence=0.9)
    assert extract_fields(text, DocType.INVOICE, rules)["invoice_number"].value == "24INV9346"
    cited = ocr_text(["Qingdao Haitian Tyre Co., Ltd.", "出口商业发票 Commercial Invoice", "Contract No.: INV-SC-2024-9601"],
                     confidence=0.9)
    assert "invoice_number" not in extract_fields(cited, DocType.INVOICE, rules)
    misread = ocr_text(["Hangzhou Lianhe Pump Industry Tax Invoice / Commercial Invoice",
                        "-Invoice Number 7 发号马票号码:24INV6744"], confidence=0.9)  # '号码:' is no other reference's label
    assert extract_fields(misread, DocType.INVOICE, rules)["invoice_number"].value == "24INV6744"


def test_fields_ocr_invoice_number_under_a_misread_label_is_the_invoices(rules: Rules) -> None:
    """'商业发头号invoce No Date of invoice' (the label misread, glued to the Chinese) over 'C120244457
    2024-08-07': the number under it is the invoice's; under a line without such a label, a bare
    number is no invoice number."""
    text = ocr_text(["Hangzhou Lianhe Pump Industry Co., Ltd.", "出口商业发票 Tax Invoice / Commercial Invoice",
                     "商业发头号invoce No Date of invoice / FAAM", "C120244457 2024-08-07"], confidence=0.9)
    assert extract_fields(text, DocType.INVOICE, rules)["invoice_number"].value == "C120244457"
    other = ocr_text(["Hangzhou Lianhe Pump Industry Co., Ltd.", "出口商业发票 Tax Invoice / Commercial Invoice",
                      "Date of invoice / FAAM", "C120244457 2024-08-07"], confidence=0.9)
    assert "invoice_number" not in extract_fields(other, DocType.INVOICE, rules)
    header = ocr_text(["出口商业发票", "供方 购货单位", "RRS 发票日期", "CI20242866 2024/3/26"], confidence=0.9)
    assert extract_fields(header, DocType.INVOICE, rules)["invoice_number"].value == "CI20242866"  # 发票号 read 'RRS'


@pytest.mark.parametrize("value", ["Exponer", "Bilto", "Vemdr"])
def test_fields_ocr_party_label_two_letters_off_or_run_together_is_no_name(rules: Rules, value: str) -> None:
    """'出口商 Exponer' (Exporter, two letters misread in a label of six or more), 'Vemdr' (Vendor),
    '买方 Bilto' (Bill to, its space lost and a letter): the box's twin label, no seller named so."""
    text = ocr_text(["COMMERCIAL INVOICE", "Invoice No.: INV-2025-0042", f"Seller: {value}"], confidence=0.8)
    assert "seller" not in extract_fields(text, DocType.INVOICE, rules)


@pytest.mark.parametrize("value", ["NOTIPY PARTY", "Consigne 玉避", "Notty"])
def test_fields_ocr_party_label_misread_with_specks_after_it_is_no_name(rules: Rules, value: str) -> None:
    """The box's label misread over a name OCR did not read: 'NOTIPY PARTY' (F read as P), 'Consigne
    玉避' (a letter lost, specks after it): no party, rather than a name that mismatches the claim's."""
    text = ocr_text(["BILL OF LADING", "B/L No.: COSU6182736450", "Notify Party:", value], confidence=0.5)
    assert "notify_party" not in extract_fields(text, DocType.BILL_OF_LADING, rules)
    named = ocr_text(["BILL OF LADING", "B/L No.: COSU6182736450", "Notify Party:", "Consignee Ltd"], confidence=0.5)
    assert extract_fields(named, DocType.BILL_OF_LADING, rules)["notify_party"].value == "Consignee Ltd"


def test_fields_ocr_misread_twin_label_after_its_partner_is_no_value(rules: Rules) -> None:
    """'卖方 Wendor' and '进口商 4mporter' heading two columns over the names: each English twin OCR
    misread one letter off is a label of its partner's field, not the seller or the buyer."""
    def row(y: float, *cells: str) -> Line:
        words = []
        for cell, x in zip(cells, (0.08, 0.6)):
            for token in cell.split(" "):
                width = 0.008 * len(token)
                words.append(Word(token, BBox(x, y, x + width, y + 0.02), 0.9, "ocr"))
                x += width + 0.008
        return Line(tuple(words))

    lines = (row(0.05, "发票 Tax Invoice / Commercial Invoice"), row(0.1, ".| 卖方 Wendor", "进口商 4mporter"),
             row(0.13, "Ningbo Oriental Textile Import & Export Co., Ltd.", "RIO VERDE IMPORTADORA LIMITADA"),
             row(0.16, "INVOICE NO. CI20240587"))
    text = DocumentText(pages=(Page(number=1, width=2480, height=3508, lines=lines, source="ocr"),), language="en+zh")
    got = values(extract_fields(text, DocType.INVOICE, rules))
    assert (got.get("seller"), got.get("buyer")) == ("Ningbo Oriental Textile Import & Export Co., Ltd.",
                                                     "RIO VERDE IMPORTADORA LIMITADA")


def test_fields_ocr_invoice_number_heading_a_dated_row_under_a_row_ocr_could_not_read(rules: Rules) -> None:
    """'发 表态 号 ARNM Ren . i' (发票号 Invoice No. read at 0.00-0.41) over 'EX-00500 2024/10/27 ...':
    the number heading the row, the date after it, is the invoice's; under a row read surely, or
    with no date after it, it is not."""
    def page(header_confidence: float, row: str) -> DocumentText:
        base = ocr_text(["厦门金鹭光伏科技有限公司", "出口商业发票", "发 表态 号 ARNM Ren . i", row], confidence=0.9)
        lines = list(base.pages[0].lines)
        lines[2] = Line(tuple(replace(w, confidence=header_confidence) for w in lines[2].words))
        return DocumentText(pages=(replace(base.pages[0], lines=tuple(lines)),), language="zh")

    assert extract_fields(page(0.2, "EX-00500 2024/10/27 发票日期后 30 天 电汇"), DocType.INVOICE, rules)[
        "invoice_number"].value == "EX-00500"
    assert "invoice_number" not in extract_fields(page(0.9, "EX-00500 2024/10/27"), DocType.INVOICE, rules)
    assert "invoice_number" not in extract_fields(page(0.2, "EX-00500 45 days"), DocType.INVOICE, rules)


def test_fields_ocr_chinese_label_one_character_off_read_doubtfully_before_another_label(rules: Rules) -> None:
    """'iw. 0 / 发村号码 invoice Date / 开票日期' (发票号码 with 票 read as 村, at 0.12-0.38) over
    'CI20248401 13 July 2024': the doubtful run is the number's label; read surely, such a run
    is text, and no label."""
    def page(run_confidence: float) -> DocumentText:
        base = ocr_text(["发票 Tax Invoice / Commercial Invoice", "iw. 0 / 发村号码 invoice Date / 开票日期",
                         "CI20248401 13 July 2024"], confidence=0.9)
        lines = list(base.pages[0].lines)
        lines[1] = Line(tuple(replace(w, confidence=run_confidence) if w.text == "发村号码" else w for w in lines[1].words))
        return DocumentText(pages=(replace(base.pages[0], lines=tuple(lines)),), language="en+zh")

    assert extract_fields(page(0.3), DocType.INVOICE, rules)["invoice_number"].value == "CI20248401"
    assert "invoice_number" not in extract_fields(page(0.95), DocType.INVOICE, rules)


def test_fields_ocr_misread_date_label_twin_after_a_chinese_date_label(rules: Rules) -> None:
    """'发票日期ssued on: 2024-08-07' (Issued on, its I lost, glued to 发票日期): a date label's twin,
    so the invoice's date is the date in the cell after it."""
    base = ocr_text(["商业发票 INVOICE", "发票号码No. of Invoice: CI20245320", "发票日期ssued on: 2024-08-07"], confidence=0.9)
    lines = list(base.pages[0].lines)
    *label, value = lines[2].words  # the date printed in its own column
    lines[2] = Line((*label, replace(value, bbox=BBox(0.4, value.bbox.y0, 0.52, value.bbox.y1))))
    text = DocumentText(pages=(replace(base.pages[0], lines=tuple(lines)),), language="en+zh")
    assert extract_fields(text, DocType.INVOICE, rules)["date"].value == "2024-08-07"


def test_fields_ocr_label_whose_abbreviation_ocr_misread_heads_its_column(rules: Rules) -> None:
    """'Contract Ret.' (Ref. misread) over 'HX258796': not the label 'Contract' with a value 'Ret.',
    nor 'Contract #' with its '#' lost; the number under it is the contract's. A value after a label
    stays one ('Consignee To order')."""
    def row(y: float, *cells: tuple[float, str]) -> Line:
        words = []
        for x, cell in cells:
            for token in cell.split(" "):
                words.append(Word(token, BBox(x, y, x + 0.008 * len(token), y + 0.02), 0.9, "ocr"))
                x += 0.008 * len(token) + 0.008
        return Line(tuple(words))

    lines = (row(0.05, (0.4, "PURCHASE ORDER")),
             row(0.1, (0.08, "Exporter"), (0.5, "Importer")),
             row(0.13, (0.08, "Shenzhen Huaxin Machinery Co., Ltd."), (0.5, "Şişli Tekstil Sanayi ve Ticaret A.Ş.")),
             row(0.16, (0.08, "No. 18 Gaoxin South Road,"), (0.5, "Halaskargazi Cad. No: 214, 34381 Şişli")),
             row(0.2, (0.08, "Contract Ret."), (0.35, "Date")),
             row(0.23, (0.08, "HX258796"), (0.35, "2025-01-13")))
    text = DocumentText(pages=(Page(number=1, width=2480, height=3508, lines=lines, source="ocr"),), language="en")
    assert extract_fields(text, DocType.CONTRACT, rules)["contract_number"].value == "HX258796"
    bl = ocr_text(["BILL OF LADING", "B/L No. EGLV292909320144", "Consignee To order"])
    assert extract_fields(bl, DocType.BILL_OF_LADING, rules)["consignee"].value == "To order"


def test_fields_ocr_house_number_beside_no_is_no_contract_number(rules: Rules) -> None:
    """'Halaskargazi Cad. No: 214' in the buyer's address at the top of a purchase order whose
    number's label OCR lost: a house's number, no contract's."""
    text = ocr_text(["PURCHASE ORDER", "Şişli Tekstil Sanayi ve Ticaret A.Ş.", "Halaskargazi Cad. No: 214, 34381 Şişli"])
    assert "contract_number" not in extract_fields(text, DocType.CONTRACT, rules)
    titled = ocr_text(["SALES CONTRACT", "No.: EL2024-031"])
    assert extract_fields(titled, DocType.CONTRACT, rules)["contract_number"].value == "EL2024-031"


def _scan_row(y: float, *cells: tuple[float, str], confidence: float = 0.9) -> Line:
    """One OCR'd line whose cells start at the given x; words in a cell 0.008 apart."""
    words = []
    for x, cell in cells:
        for token in cell.split(" "):
            width = 0.012 * len(token)
            words.append(Word(token, BBox(x, y, x + width, y + 0.02), confidence, "ocr"))
            x += width + 0.008
    return Line(tuple(words))


def _scan(*lines: Line, language: str = "en") -> DocumentText:
    return DocumentText(pages=(Page(number=1, width=2480, height=3508, lines=lines, source="ocr"),), language=language)


def test_fields_ocr_next_box_label_read_before_its_colon_is_no_name(rules: Rules) -> None:
    """'Exporter . Bur :' (Buyer: misread beside the seller's label): a word before a colon is the
    next box's label, not the seller; the seller's name is under its label."""
    text = _scan(_scan_row(0.05, (0.3, "COMMERCIAL INVOICE")),
                 _scan_row(0.1, (0.08, "Exporter"), (0.3, "."), (0.5, "Bur"), (0.56, ":")),
                 _scan_row(0.13, (0.08, "Qingdao Haitian Tyre Co., Ltd."), (0.5, "Andes Distribuciones S.A.C.")))
    assert extract_fields(text, DocType.INVOICE, rules)["seller"].value == "Qingdao Haitian Tyre Co., Ltd."


def test_fields_ocr_date_after_its_label_chinese_twin_split_by_ocr(rules: Rules) -> None:
    """'Contract Date /签订月 期 :2024年5月2日': OCR misread the twin 签订日期 and split its last
    character off; the date in the cell after them is the contract's."""
    text = _scan(_scan_row(0.05, (0.3, "购销合同Sales Contract")),
                 _scan_row(0.1, (0.08, "Contract Date /签订月"), (0.32, "期"), (0.36, ":2024年5月2日")),
                 language="en+zh")
    assert extract_fields(text, DocType.CONTRACT, rules)["date"].value == "2024-05-02"


def test_fields_ocr_invoice_word_alone_heads_the_number_column(rules: Rules) -> None:
    """'发票 发票日其' over 'EX-05509 2025年03月26日' (发票号码 with 号码 lost, 发票日期 a character
    off): the number under the invoice's word, beside the date's label, is the invoice's; the word
    beside another label ('发票 金额') heads no number."""
    def invoice(header: tuple[tuple[float, str], ...]) -> DocumentText:
        return _scan(_scan_row(0.05, (0.3, "深圳华信机械有限公司")), _scan_row(0.08, (0.3, "商业发票")),
                     _scan_row(0.12, *header), _scan_row(0.15, (0.08, "EX-05509"), (0.3, "2025年03月26日")),
                     language="zh")
    got = extract_fields(invoice(((0.08, "发票"), (0.3, "发票日其"))), DocType.INVOICE, rules)
    assert got["invoice_number"].value == "EX-05509"
    assert "invoice_number" not in extract_fields(invoice(((0.08, "发票"), (0.3, "金额"))), DocType.INVOICE, rules)


def test_fields_ocr_name_read_again_in_the_letter_takes_the_surer_reading(rules: Rules) -> None:
    """A dunning letter's addressee block whose 'Şti.' OCR read at 0.5, and the same name read
    surely in its body ('the debt owed by ...'): the buyer is as sure as its surer reading. A name
    read once keeps its doubt."""
    def letter(body: str) -> DocumentText:
        name = _scan_row(0.1, (0.08, "Şişli Tekstil Pazarlama Ltd. Şti."))
        name = Line(tuple(replace(w, confidence=0.5) if w.text == "Şti." else w for w in name.words))
        return _scan(_scan_row(0.03, (0.08, "Atradius Collections B.V.")), _scan_row(0.06, (0.08, "Date: 8 January 2025")),
                     name, _scan_row(0.13, (0.08, "Halaskargazi Cad. No: 214, 34381 Şişli / İstanbul, Türkiye")),
                     _scan_row(0.17, (0.3, "COLLECTION NOTICE")),
                     _scan_row(0.2, (0.08, "We have been instructed by our client Xiamen Jinlu Solar Technology Co., Ltd.")),
                     _scan_row(0.23, (0.08, body)))
    twice = extract_fields(letter("to recover the debt owed by Şişli Tekstil Pazarlama Ltd. Şti. under invoice CI20247165."),
                           DocType.DUNNING_LETTER, rules)["buyer"]
    once = extract_fields(letter("to recover the debt owed under invoice CI20247165."), DocType.DUNNING_LETTER, rules)["buyer"]
    assert twice.value == once.value == "Şişli Tekstil Pazarlama Ltd. Şti."
    assert once.confidence < 0.6 <= twice.confidence


def test_fields_ocr_label_after_what_ocr_left_of_its_chinese_twin_heads_its_box(rules: Rules) -> None:
    """'运人 (Shipper/Exporter)' (托运人 with 托 lost) and 'EA (THE BUYERS)' (买方 read as Latin):
    each label still heads its box, the name under it is the party's, and '(THE BUYERS)' is no
    defined term naming the letterhead's company the buyer."""
    bl = _scan(_scan_row(0.03, (0.3, "Ocean Bill of Lading /提单")),
               _scan_row(0.08, (0.08, "运人 (Shipper/Exporter) ,")),
               _scan_row(0.11, (0.08, "Qingdao Haitian Tyre Co., Ltd.")),
               _scan_row(0.14, (0.08, "256 Huangpu Road, Shinan District, Qingdao 266001, China")),
               _scan_row(0.3, (0.08, "托运人装箱、计数并铅封 (SHIPPER'S LOAD, COUNT AND SEAL. SAID TO CONTAIN.)")),
               language="en+zh")
    assert extract_fields(bl, DocType.BILL_OF_LADING, rules)["shipper"].value == "Qingdao Haitian Tyre Co., Ltd."
    contract = _scan(_scan_row(0.03, (0.08, "Xiamen Jinlu Solar Technology Co., Ltd.")),
                     _scan_row(0.06, (0.08, "9 Xiangyu Road, Huli District, Xiamen 361006, China")),
                     _scan_row(0.1, (0.3, "SALES CONFIRMATION / 出口合同")),
                     _scan_row(0.14, (0.08, "EA (THE BUYERS)")),
                     _scan_row(0.17, (0.08, "Şişli Tekstil Sanayi ve Ticaret A.Ș.")),
                     _scan_row(0.2, (0.08, "Halaskargazi Cad. No: 214, 34381 Şişli / İstanbul, Türkiye")),
                     language="en+zh")
    assert values(extract_fields(contract, DocType.CONTRACT, rules)).get("buyer") == "Şişli Tekstil Sanayi ve Ticaret A.Ș."
    accented = replace(contract, pages=(replace(contract.pages[0], lines=tuple(
        _scan_row(0.14, (0.08, "KÈ (Buyer)")) if line.text == "EA (THE BUYERS)" else line
        for line in contract.pages[0].lines)),))
    assert values(extract_fields(accented, DocType.CONTRACT, rules)).get("buyer") == "Şişli Tekstil Sanayi ve Ticaret A.Ș."


def test_fields_ocr_bank_account_number_is_no_contract_number(rules: Rules) -> None:
    """'A/C No. 6322 1536 5797 7912' in an invoice's bank details: one letter off 'S/C No.' (a sales
    contract's number) but an account's label, so no contract number."""
    text = ocr_text(["COMMERCIAL INVOICE", "Invoice No. 202408483",
                     "Bank details: Bank of China | A/C No. 6322 1536 5797 7912 | SWIFT BKCHCNBJ45A"], confidence=0.95)
    assert "contract_number" not in extract_fields(text, DocType.INVOICE, rules)


def test_fields_ocr_label_hint_that_lost_its_bracket_is_no_name(rules: Rules) -> None:
    """'Shipper 1 and address) =` :' (the form's hint '(Name and address)' with its bracket and first
    word read as '1' at 0.00): the hint is no shipper; the name under the label is."""
    text = _scan(_scan_row(0.03, (0.3, "BILL OF LADING")),
                 _scan_row(0.08, (0.08, "Shipper 1 and address) =` :")),
                 _scan_row(0.11, (0.08, "Ningbo Oriental Textile Import & Export Co., Ltd.")))
    assert extract_fields(text, DocType.BILL_OF_LADING, rules)["shipper"].value == (
        "Ningbo Oriental Textile Import & Export Co., Ltd.")
    # ... or the label matched inside its bracket, the word after it left ('/E' read as Æ)
    glued = _scan(_scan_row(0.03, (0.3, "BILL OF LADING")),
                  _scan_row(0.08, (0.08, "GZA (ShipperÆxporter) `")),
                  _scan_row(0.11, (0.08, "NINGBO ORIENTAL TEXTILE IMPORT & EXPORT CO., LTD.")))
    assert extract_fields(glued, DocType.BILL_OF_LADING, rules)["shipper"].value == (
        "NINGBO ORIENTAL TEXTILE IMPORT & EXPORT CO., LTD.")
    # ... but a value and a speck read as a bracket after it is the value
    total = _scan(_scan_row(0.03, (0.3, "COMMERCIAL INVOICE")), _scan_row(0.08, (0.08, "TOTAL : US$127,787.50 )")),
                  _scan_row(0.11, (0.08, "Beneficiary bank: Bank of China, A/C 7458 2210 0931")))
    assert extract_fields(total, DocType.INVOICE, rules)["total_amount"].value == "127787.50"


def test_fields_ocr_label_hint_wrapped_over_two_lines_is_no_name(rules: Rules) -> None:
    """'Shipper (complete name and' over 'address)' (the box's hint wrapped, its bracket open at the
    line's end): the hint is no shipper; the name after the hint's rest, or under it, is."""
    under = _scan(_scan_row(0.03, (0.3, "BILL OF LADING")),
                  _scan_row(0.08, (0.08, "Shipper (complete name and"), (0.5, "B/L No. COSU6543210")),
                  _scan_row(0.10, (0.08, "address)")),
                  _scan_row(0.12, (0.08, "Ningbo Oriental Textile Import & Export Co., Ltd.")),
                  _scan_row(0.14, (0.08, "88 Jiefang Road, Ningbo")))
    assert extract_fields(under, DocType.BILL_OF_LADING, rules)["shipper"].value == (
        "Ningbo Oriental Textile Import & Export Co., Ltd.")
    after = _scan(_scan_row(0.03, (0.3, "BILL OF LADING")),
                  _scan_row(0.08, (0.08, "Consignee (full name and")),
                  _scan_row(0.10, (0.08, "address) Andes Distribuciones S.A.C.")),
                  _scan_row(0.12, (0.08, "Av. Javier Prado 1234, Lima")))
    assert extract_fields(after, DocType.BILL_OF_LADING, rules)["consignee"].value == "Andes Distribuciones S.A.C."


def test_fields_ocr_label_chinese_twin_misread_after_a_slash_is_no_name(rules: Rules) -> None:
    """'Shipper (complete name and address) /托云人' (托运人, its 运 misread): the Chinese twin of the
    label is no shipper and no sign that the name is beside the label; it is under it."""
    text = _scan(_scan_row(0.03, (0.08, "| Shipper (complete name and address) /托云人")),
                 _scan_row(0.05, (0.08, "NINGBO ORIENTAL TEXTILE IMPORT & EXPORT CO., LTD."), (0.6, "B/L No. /提单号:HLCU4873297360")),
                 _scan_row(0.07, (0.08, "88 Zhongshan East Road, Haishu District, Ningbo 315000, China")))
    assert extract_fields(text, DocType.BILL_OF_LADING, rules)["shipper"].value == (
        "NINGBO ORIENTAL TEXTILE IMPORT & EXPORT CO., LTD.")


def test_fields_ocr_noise_no_reader_takes_for_a_name_beside_a_party_label_is_passed_over(rules: Rules) -> None:
    """'From | Sold To | knl' ('knl' a speck read at 0.10, no name to the party reader): the buyer is
    under 'Sold To'; read surely, a word beside the label is text and the value is not looked for under it."""
    def invoice(beside_confidence: float) -> DocumentText:
        header = _scan_row(0.1, (0.11, "From"), (0.5, "Sold To"), (0.706, "knl"))
        header = Line(tuple(replace(w, confidence=beside_confidence) if w.text == "knl" else w for w in header.words))
        return _scan(_scan_row(0.03, (0.3, "COMMERCIAL INVOICE")), header,
                     _scan_row(0.13, (0.11, "Qingdao Haitian Tyre Co., Ltd."), (0.5, "Ferramenta Lombarda S.p.A.")),
                     _scan_row(0.16, (0.11, "256 Huangpu Road, Qingdao"), (0.5, "Via Mazzini 44, 20123 Milano, Italy")))
    assert extract_fields(invoice(0.10), DocType.INVOICE, rules)["buyer"].value == "Ferramenta Lombarda S.p.A."
    assert "buyer" not in extract_fields(invoice(0.95), DocType.INVOICE, rules)


def test_fields_ocr_specks_under_a_party_label_are_no_name(rules: Rules) -> None:
    """'DOE O a DES E S a' (0.04-0.32) under 'Consigned to', beside the shipper's name: specks, no
    consignee (its confidence would call for an eye on a value that is not there)."""
    def bl(confidence: float) -> DocumentText:
        names = _scan_row(0.1, (0.08, "Foshan Meida Ceramics Co., Ltd."), (0.5, "DOE O a DES E S a"))
        names = Line(tuple(replace(w, confidence=confidence) if w.bbox.x0 >= 0.5 else w for w in names.words))
        return _scan(_scan_row(0.03, (0.3, "OCEAN BILL OF LADING")),
                     _scan_row(0.07, (0.08, "SHIPPER"), (0.5, "Consigned to / 收货人")), names,
                     _scan_row(0.13, (0.08, "31 Jihua Fifth Road, Foshan")))
    assert "consignee" not in extract_fields(bl(0.1), DocType.BILL_OF_LADING, rules)
    assert extract_fields(bl(0.9), DocType.BILL_OF_LADING, rules)["consignee"].value == "DOE O a DES E S a"


def test_fields_ocr_port_beside_its_label_read_as_noise_is_under_it(rules: Rules) -> None:
    """'装货港 二' with 二 read at 0.00 over '厦门': the port is under the label; read surely beside
    the label ('装货港 宁波' at 0.9), the port is that."""
    def bl(beside: str, confidence: float) -> DocumentText:
        label = _scan_row(0.1, (0.5, "装货港"), (0.6, beside))
        label = Line(tuple(replace(w, confidence=confidence) if w.text == beside else w for w in label.words))
        return _scan(_scan_row(0.03, (0.3, "海运提单")), label, _scan_row(0.13, (0.5, "厦门")), language="zh")
    assert extract_fields(bl("二", 0.0), DocType.BILL_OF_LADING, rules)["port_of_loading"].value == "厦门"
    assert extract_fields(bl("宁波", 0.9), DocType.BILL_OF_LADING, rules)["port_of_loading"].value == "宁波"


def test_fields_ocr_two_columns_names_glued_into_one_word_are_split_by_their_labels(rules: Rules) -> None:
    """'深圳华信机械有限公司武汉长江建材有限责任公司': OCR read the names under '销货单位' and '进口商' as
    one word across both columns; the seller is the first name, the buyer the one after its legal form."""
    glued = Line((Word("深圳华信机械有限公司武汉长江建材有限责任公司", BBox(0.05, 0.13, 0.67, 0.15), 0.89, "ocr"),))
    text = _scan(_scan_row(0.03, (0.3, "销售合同")), _scan_row(0.06, (0.08, "销售合同号:SC-2024-7882")),
                 _scan_row(0.1, (0.08, "销货单位"), (0.49, "进口商")), glued,
                 _scan_row(0.16, (0.08, "深圳市南山区高新南路18号武双市江汉区解放大道688号")), language="zh")
    got = values(extract_fields(text, DocType.CONTRACT, rules))
    assert (got.get("seller"), got.get("buyer")) == ("深圳华信机械有限公司", "武汉长江建材有限责任公司")


def test_fields_ocr_currency_guessed_from_a_capital_yields_to_one_the_document_states(rules: Rules) -> None:
    """'发票总额E 95,840.50' (¥ read as E) over '大写:人民币玖万…': the document states CNY in words, so
    the capital was no €; with no currency stated anywhere else the guess stands."""
    def invoice(*rows: str) -> DocumentText:
        return replace(ocr_text(["商业发票", "发票号码:CI20246100", "发票总额E 95,840.50", *rows], confidence=0.9),
                       language="zh")
    got = extract_fields(invoice("大写:人民币玖万伍仟捌佰肆拾元伍角"), DocType.INVOICE, rules)
    assert (got["total_amount"].value, got["currency"].value) == ("95840.50", "CNY")
    assert extract_fields(invoice(), DocType.INVOICE, rules)["currency"].value == "EUR"


def test_fields_en_doubtful_figures_yield_to_the_amount_in_words_wrapped_over_two_lines(rules: Rules) -> None:
    """'TOTAL: USD 43,250.50' read at 0.40 (an 8 read as 3) under 'SAY US DOLLARS FORTY-EIGHT
    THOUSAND TWO HUNDRED AND / FIFTY AND CENTS FIFTY ONLY.' read surely: the words are the amount.
    Words OCR misread ('HUNDRFD') are no amount: the figures stay."""
    rows = ["COMMERCIAL INVOICE", "TOTAL: USD 43,250.50", "SAY US DOLLARS FORTY-EIGHT THOUSAND TWO HUNDRED AND",
            "FIFTY AND CENTS FIFTY ONLY."]
    text = ocr_text(rows, confidence=0.92)
    page = text.pages[0]
    total = replace(page.lines[1], words=tuple(replace(w, confidence=0.40) for w in page.lines[1].words))
    text = replace(text, pages=(replace(page, lines=(page.lines[0], total, *page.lines[2:])),))
    got = extract_fields(text, DocType.INVOICE, rules)["total_amount"]
    assert got.value == "48250.50" and got.raw.startswith("SAY US DOLLARS")
    misread = replace(text, pages=(replace(text.pages[0], lines=(*text.pages[0].lines[:2], *ocr_text(
        [rows[2].replace("HUNDRED", "HUNDRFD"), rows[3]], confidence=0.92).pages[0].lines)),))
    assert extract_fields(misread, DocType.INVOICE, rules)["total_amount"].value == "43250.50"


def test_fields_ocr_addressee_lead_glued_to_the_name_is_no_part_of_it(rules: Rules) -> None:
    """'Messrs.Hangzhou Lianhe ...' (OCR lost the space after the lead) heading a buyer's letter of
    acknowledgement: the addressee, the seller, is the name after the lead; the writer is the buyer."""
    rows = ["Rio Verde Importadora Ltda.", "Av. Paulista 1578, São Paulo - SP, 01310-200, Brazil", "Date : 2025/04/29",
            "Messrs.Hangzhou Lianhe Pump Industry Co.,Ltd", "Re : Your invoice(s) CI20253013",
            "Dear Sirs, thank you for your letter. We do not dispute the outstanding sum of 75,142.50 Euro and",
            "apologise for the delay.", "Kind regards,", "Rio Verde Importadora Ltda."]
    got = values(extract_fields(ocr_text(rows, confidence=0.9), DocType.DEBT_ACKNOWLEDGEMENT, rules))
    assert (got.get("seller"), got.get("buyer")) == ("Hangzhou Lianhe Pump Industry Co.,Ltd", "Rio Verde Importadora Ltda.")


def test_fields_ocr_addressee_after_a_bilingual_lead_whose_chinese_twin_ocr_misread(rules: Rules) -> None:
    """'Messrs. / $ : Thành Công ...' (the lead printed 'Messrs. / 致：', 致 read as '$'): the addressee,
    the buyer of a dunning letter, is the name after both leads."""
    rows = ["Zhong Lun Law Firm", "Hong Kong, 28th September 2024", "Our Ref: LIT/2024/925",
            "Messrs. / $ : Thành Công Trading Joint Stock Company", "25 Le Duan, Quan 1, Ho Chi Minh City, Vietnam",
            "FORMAL DEMAND FOR PAYMENT",
            "We are instructed by Qingdao Haitian Tyre Co., Ltd. (\"our client\"), which supplied goods to you under invoice(s)",
            "EX-02162 and EX-02163. Despite repeated requests you have failed to pay the amount of USD 387,734.18."]
    got = values(extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules))
    assert got.get("buyer") == "Thành Công Trading Joint Stock Company"


def test_fields_payment_terms_in_a_sentence_wrapped_after_its_pay_cue(rules: Rules) -> None:
    """'The buyer shall pay the invoice value' over 'one hundred and twenty (120) days after the date of
    the bill of lading': the term goes on the sentence that speaks of paying; a term after a sentence
    that ended ('... by T/T.' over 'forty-five (45) days after signing') is no payment term."""
    def contract(pay_line: str, days_line: str) -> dict[str, object]:
        rows = ["SALES CONTRACT", "Contract No.: SC-2024-0379", "Article 3", pay_line, days_line, "Article 4 - Law"]
        return values(extract_fields(ocr_text(rows, confidence=0.9), DocType.CONTRACT, rules))
    assert contract("The buyer shall pay the invoice value",
                    "one hundred and twenty (120) days after the date of the bill of lading").get("payment_terms_days") == 120
    assert contract("The buyer shall pay by telegraphic transfer.",
                    "Shipment within forty-five (45) days after signing").get("payment_terms_days") is None


def test_fields_ocr_specks_read_as_letters_after_a_name_are_no_part_of_it(rules: Rules) -> None:
    """'收货单位 上海锦程贸易有限公司 EE E EEE a N E' (specks in the box read at 0.10-0.35): the name ends
    at its legal form, as sure as its own words; a doubtful word of the name itself stays."""
    def receipt(tail: str, tail_confidence: float) -> FieldValue:
        row = _scan_row(0.1, (0.08, "收货单位"), (0.2, f"上海锦程贸易有限公司 {tail}"))
        row = Line(tuple(replace(w, confidence=tail_confidence) if w.text in tail.split() else w for w in row.words))
        text = _scan(_scan_row(0.03, (0.3, "货物签收单")), _scan_row(0.07, (0.08, "供货单位：青岛海天轮胎有限公司")), row,
                     language="zh")
        return extract_fields(text, DocType.DELIVERY_RECEIPT, rules)["buyer"]
    cut = receipt("EE E EEE a N E", 0.2)
    assert (cut.value, cut.confidence) == ("上海锦程贸易有限公司", 0.9)
    assert receipt("EE E EEE a N E", 0.6).value == "上海锦程贸易有限公司 EE E EEE a N E"  # read as text: kept


def test_fields_ocr_specks_about_a_party_labels_colon_are_no_part_of_label_or_name(rules: Rules) -> None:
    """A speck read as a quote after a label ("购货单位/Buyer' : Accra ...") leaves it a label, not a
    defined term; one read as a letter before the colon ('收货人 A : Société ...') is no part of the
    name."""
    invoice = ocr_text(["商业发票 Commercial Invoice", "Invoice No. / 发票号: 24INV8507",
                        "Exporter / 销货单位: Shenzhen Huaxin Machinery Co., Ltd.",
                        "购货单位/Buyer' : Accra Sunrise Trading Co., Ltd.", "14 Ring Road Central, Accra, Ghana"], confidence=0.9)
    assert values(extract_fields(invoice, DocType.INVOICE, rules)).get("buyer") == "Accra Sunrise Trading Co., Ltd."
    bl = ocr_text(["COMBINED TRANSPORT BILL OF LADING", "B/L No. COSU7633324739",
                   "SHIPPER : Hangzhou Lianhe Pump Industry Co., Ltd.",
                   "Consigned to / 收货人 A : Société Générale d'Équipement SARL", "12 rue de la République, 69002 Lyon"],
                  confidence=0.9)
    assert values(extract_fields(bl, DocType.BILL_OF_LADING, rules)).get("consignee") == "Société Générale d'Équipement SARL"


def test_fields_ocr_doubtful_total_one_digit_off_its_item_rows_is_their_sum(rules: Rules) -> None:
    """'总金额 14,745.00 USD' read at 0.72 under the one item row '27 台 545.00 14,715.00' (27 x 545.00):
    a digit misread, the total is the rows' sum. Read surely, or with freight added before the
    total, or more than a digit off, the total stays as read."""
    def total(total_row: str, confidence: float, extra: list[str] = ()) -> str:  # type: ignore[assignment]
        rows = ["COMMERCIAL INVOICE", "Invoice No.: 24INV8581", "1 BOF-50 27 台 545.00 14,715.00", *extra, total_row]
        text = ocr_text(rows, confidence=0.93)
        page = text.pages[0]
        last = replace(page.lines[-1], words=tuple(replace(w, confidence=confidence) if "," in w.text else w
                                                  for w in page.lines[-1].words))
        text = replace(text, pages=(replace(page, lines=(*page.lines[:-1], last)),))
        return str(extract_fields(text, DocType.INVOICE, rules)["total_amount"].value)
    assert total("总金额 14,745.00 USD", 0.72) == "14715.00"
    assert total("总金额 14,745.00 USD", 0.93) == "14745.00"
    assert total("总金额 14,745.00 USD", 0.72, ["Ocean Freight 30.00"]) == "14745.00"
    assert total("总金额 14,795.50 USD", 0.72) == "14795.50"


def test_fields_ocr_lawyers_cue_with_a_speck_for_its_space_names_the_creditor(rules: Rules) -> None:
    """'We.act for Hangzhou Lianhe ... (our "Client")' (a speck read for the space): the firm writes
    for the seller; the name block under the firm's letterhead is the buyer, not the seller."""
    rows = ["Zhong Lun Law Firm", "Attorneys at Law", "10 December 2024", "Our ref. DN-360/2024",
            "Andes Distribuciones S.A.C.", "Av. Javier Prado Este 4200, Lima, Peru", "Dear Sirs,",
            "We.act for Hangzhou Lianhe Pump Industry Co., Ltd. (our \"Client\") in connection with invoice(s)",
            "CI20245904 and CI20245905. Our Client informs us that USD 1,883,595.50 is due and unpaid."]
    got = values(extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules))
    assert (got.get("seller"), got.get("buyer")) == ("Hangzhou Lianhe Pump Industry Co., Ltd.", "Andes Distribuciones S.A.C.")
