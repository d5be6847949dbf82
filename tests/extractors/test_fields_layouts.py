"""Layouts met in real documents: twin labels, header rows, wide cells, prose letters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from extract_helpers import fields_of, ocr_text, values

from claimready.extractors.fields import extract_fields
from claimready.models import BBox, DocType, DocumentText, Line, Page, Word
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


def test_fields_layouts_twin_labels_of_different_fields(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (200, 40, "出口商业发票 INVOICE"),
        (60, 70, "发票日期 Issued on: 2024年12月1日"),
        (60, 90, "销货单位/Seller: Hangzhou Lianhe Pump Industry Co., Ltd."),
        (60, 110, "买方/Bill to: Accra Sunrise Trading Co., Ltd."),
    ])
    got = values(fields)
    assert got["date"] == "2024-12-01"
    assert got["seller"] == "Hangzhou Lianhe Pump Industry Co., Ltd." and got["buyer"] == "Accra Sunrise Trading Co., Ltd."


def test_fields_layouts_header_row_labels_do_not_span_columns(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (60, 60, "Payment"), (300, 60, "Due on"),
        (60, 75, "T/T 210 days after B/L date"), (300, 75, "September 15, 2025"),
    ])
    got = values(fields)
    assert got["payment_terms_days"] == 210 and got["due_date"] == "2025-09-15"


def test_fields_layouts_short_header_label_with_value_below(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (60, 60, "From"), (300, 60, "Port of Discharge"),
        (60, 75, "Shenzhen, China"), (300, 75, "Apapa, Lagos, Nigeria"),
    ])
    assert values(fields) == {"port_of_loading": "Shenzhen, China", "port_of_discharge": "Apapa, Lagos, Nigeria"}


def test_fields_layouts_to_order_of_bank_branch(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (60, 60, "Consignee: TO THE ORDER OF Industrial and Commercial Bank of China Ltd., Ningbo Branch"),
    ])
    assert values(fields)["consignee"] == "TO THE ORDER OF Industrial and Commercial Bank of China Ltd., Ningbo Branch"


def test_fields_layouts_grid_header_label_in_prose_cell(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (60, 60, "支付方式"), (60, 75, "发票日期后120天电汇"),
    ])
    assert values(fields)["payment_terms_days"] == 120 and values(fields)["_payment_terms_basis"] == "invoice"


def test_fields_layouts_legal_form_is_not_cut_inside_a_longer_one(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BANKRUPTCY_RULING, [
        (60, 40, "Juzgado Comercial de Lima"), (60, 60, "Case No. Exp. 4980-2024-0-1817-JR-CO-01"),
        (60, 80, "In the matter of Andes Distribuciones S.A.C. (the \"Debtor\"), Av. Javier Prado Este 4200, Lima."),
        (60, 100, "Having examined the petition, the Court, on June 16, 2024, declares the Debtor bankrupt."),
        (60, 120, "Published in the Official Gazette on 28/06/2024."),
    ])
    assert values(fields) == {"court": "Juzgado Comercial de Lima", "case_number": "Exp. 4980-2024-0-1817-JR-CO-01",
                              "debtor": "Andes Distribuciones S.A.C.", "date": "2024-06-16"}


def test_fields_layouts_amount_below_label_in_prose(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (60, 40, "Ningbo Oriental Textile Import & Export Co., Ltd."), (60, 60, "23 March 2025"),
        (60, 80, "Lagos Crestline Industries Ltd"), (60, 100, "REMINDER No. 2"),
        (60, 120, "We refer to our invoice(s) 24INV6121, which are now past due. The outstanding balance"),
        (60, 135, "owed by Lagos Crestline Industries Ltd is 11,253.00 USD. Kindly remit within 7 days."),
    ])
    assert values(fields) == {
        "date": "2025-03-23", "seller": "Ningbo Oriental Textile Import & Export Co., Ltd.",
        "buyer": "Lagos Crestline Industries Ltd", "invoice_numbers": ("24INV6121",), "amount_due": "11253.00",
        "currency": "USD"}


def test_fields_layouts_reply_confirming_balance(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DEBT_ACKNOWLEDGEMENT, [
        (180, 40, "Accra Sunrise Trading Co., Ltd."), (200, 55, "14 Ring Road Central, Accra, Ghana"),
        (450, 75, "22.10.2024"),
        (60, 95, "Shenzhen Huaxin Machinery Co., Ltd."), (60, 110, "No. 18 Gaoxin South Road, Shenzhen"),
        (60, 130, "Further to your reminder, we confirm that the balance of 438.522,50 EUR for invoice(s) 202401068 is"),
        (60, 145, "correct and unpaid."),
    ])
    assert values(fields) == {
        "date": "2024-10-22", "buyer": "Accra Sunrise Trading Co., Ltd.", "seller": "Shenzhen Huaxin Machinery Co., Ltd.",
        "invoice_numbers": ("202401068",), "amount": "438522.50", "currency": "EUR"}


def test_fields_layouts_chinese_approval_by_credit_insurer(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [
        (400, 40, "补充协议"), (60, 80, "修改后付款条件: 装运后90天电汇付款"), (60, 100, "本变更已经信用保险人书面批准。"),
    ])
    got = values(fields)
    assert got["insurer_approved"] is True and got["payment_terms_days"] == 90 and got["_payment_terms_basis"] == "shipment"


def test_fields_layouts_creditor_named_after_a_role_word(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (200, 40, "律师函"), (60, 70, "本所受债权人厦门金鹭光伏科技有限公司委托，致函贵司。"),
    ])
    assert values(fields)["seller"] == "厦门金鹭光伏科技有限公司"


def test_fields_layouts_invoice_quoting_contract_value_keeps_its_total(make_pdf: MakePdf, settings: Settings,
                                                                       rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (200, 40, "COMMERCIAL INVOICE"), (60, 70, "Contract No.: SC-1    Contract value: USD 96,500.00"),
        (60, 90, "Total"), (300, 90, "USD 48,250.00"),
    ])
    assert values(fields)["total_amount"] == "48250.00"


def test_fields_layouts_invoice_seller_from_letterhead(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (60, 40, "Hangzhou Lianhe Pump Industry Co., Ltd."), (60, 55, "120 Binjiang Avenue, Hangzhou 310051, China"),
        (200, 80, "INVOICE"), (60, 110, "Messrs.: Southern Cross Building Supplies Pty Ltd"),
        (60, 130, "Invoice No.: INV-2025-6750"),
    ])
    got = values(fields)
    assert got["seller"] == "Hangzhou Lianhe Pump Industry Co., Ltd."
    assert got["buyer"] == "Southern Cross Building Supplies Pty Ltd"


def test_fields_layouts_german_court_and_case_number(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BANKRUPTCY_RULING, [
        (150, 40, "Amtsgericht Dusseldorf - Insolvenzgericht"), (250, 60, "DECISION"),
        (380, 80, "Case No. 1472 IN 24/2024"),
        (60, 100, "In the matter of Muller & Sohne Maschinenhandel GmbH (the \"Debtor\"), Konigsallee 27"),
        (60, 120, "Date of decision: 15 August 2024. The Court adjudges the Debtor insolvent."),
    ])
    assert values(fields) == {"court": "Amtsgericht Dusseldorf - Insolvenzgericht", "case_number": "1472 IN 24/2024",
                              "debtor": "Muller & Sohne Maschinenhandel GmbH", "date": "2024-08-15"}


def test_fields_layouts_routing_box_without_colons(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (300, 60, "From Qingdao, China"), (300, 75, "To Cat Lai, Ho Chi Minh City"),
        (60, 100, "Consignee"), (60, 115, "To order"),
    ])
    got = values(fields)
    assert got["port_of_loading"] == "Qingdao, China" and got["port_of_discharge"] == "Cat Lai, Ho Chi Minh City"
    assert got["consignee"] == "To order" and fields["port_of_discharge"].confidence < 1.0


def test_fields_layouts_all_caps_letterhead_names_the_seller(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 50, "NINGBO EASTLINK TRADING CO., LTD"),
        (50, 66, "No. 88 Jiangnan Road, Ningbo, Zhejiang, China"),
        (230, 110, "COMMERCIAL INVOICE"),
        (50, 150, "Sold To:"), (350, 150, "Invoice #: EL-24-0917"),
        (50, 164, "Atlantica Distribuidora S.A."), (350, 164, "Date of Issue: 17 Sept 2024"),
        (360, 290, "TOTAL CIF SANTOS"), (460, 290, "USD 48,250.00"),
    ])
    got = values(fields)
    assert got["seller"] == "NINGBO EASTLINK TRADING CO., LTD" and got["buyer"] == "Atlantica Distribuidora S.A."


def test_fields_layouts_label_hint_in_brackets_is_not_the_value(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (200, 40, "BILL OF LADING"), (420, 60, "B/L No. EGLV143400217"),
        (50, 80, "Shipper/Exporter"), (50, 94, "NINGBO EASTLINK TRADING CO., LTD"),
        (50, 130, "Consignee (if 'To Order' so indicate)"), (50, 144, "MERIDIAN FOODS PTE LTD"),
        (50, 180, "Notify Party (full name and address)"), (50, 194, "SAME AS CONSIGNEE"),
    ])
    assert values(fields)["consignee"] == "MERIDIAN FOODS PTE LTD"


def test_fields_layouts_letter_date_year_is_not_an_invoice_number(make_pdf: MakePdf, settings: Settings,
                                                                   rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (50, 50, "NINGBO EASTLINK TRADING CO., LTD"), (400, 80, "Ningbo, 3 February 2025"),
        (50, 110, "Atlantica Distribuidora S.A."),
        (50, 160, "FINAL NOTICE BEFORE LEGAL ACTION"), (50, 190, "Dear Sirs,"),
        (50, 210, "Despite our reminders, our invoice EL-24-0917 of 17 September 2024 and invoice EL-24-0933"),
        (50, 224, "for USD 48,250.00 in all remain unpaid."),
    ])
    got = values(fields)
    assert got["invoice_numbers"] == ("EL-24-0917", "EL-24-0933")
    assert got["seller"] == "NINGBO EASTLINK TRADING CO., LTD" and got["buyer"] == "Atlantica Distribuidora S.A."


def test_fields_layouts_amendment_raising_the_contract_value(make_pdf: MakePdf, settings: Settings,
                                                              rules: Rules) -> None:
    raised = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [
        (200, 40, "Addendum to Contract"), (60, 70, "Contract Number: 2024SC7458"),
        (60, 100, "The total contract value is increased to 61,092.00 USD."),
    ])
    assert values(raised)["_total_amount"] == "61092.00"
    unchanged = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [
        (200, 40, "Addendum to Contract"), (60, 70, "Contract Number: 2024SC7458"),
        (60, 100, "Payment terms are extended to 90 days; the contract value of USD 44,431.00 is unchanged."),
    ])
    assert "_total_amount" not in values(unchanged)


def test_fields_layouts_amendment_new_value_with_its_currency_sign_misread(rules: Rules) -> None:
    """OCR read ¥ as '站': the sum with cents after '合同总金额变更为' is still the new value, less sure."""
    text = ocr_text(["补充协议", "合同号码：HX256011", "合同总金额变更为 站 106,993.00 。", "合同其他条款不变。"])
    fields = extract_fields(text, DocType.AMENDMENT, rules)
    assert fields["_total_amount"].value == "106993.00" and fields["_total_amount"].confidence <= 0.7
    terms = ocr_text(["补充协议", "合同号码：HX256011", "合同总金额变更为 站 106993 。"])
    assert "_total_amount" not in extract_fields(terms, DocType.AMENDMENT, rules)  # no cents: maybe no sum


def test_fields_layouts_delivery_note_buyer_is_the_company_not_the_clerk(make_pdf: MakePdf, settings: Settings,
                                                                          rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DELIVERY_RECEIPT, [
        (220, 90, "DELIVERY NOTE"), (50, 130, "Delivery Note No.: DN-0917-01"), (330, 130, "Our Invoice: EL-24-0917"),
        (50, 146, "Deliver to: Atlantica Distribuidora S.A., Rua das Flores 20, Santos"),
        (50, 230, "Received by: Joao Silva (Warehouse)"), (330, 230, "Date received: 29.10.2024"),
    ])
    assert values(fields)["buyer"] == "Atlantica Distribuidora S.A."


def test_fields_layouts_addressee_after_to_label(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DEBT_ACKNOWLEDGEMENT, [
        (50, 50, "ATLANTICA DISTRIBUIDORA S.A."), (50, 66, "Av. Paulista 1000, Sao Paulo, Brazil"),
        (50, 100, "To: Ningbo Eastlink Trading Co., Ltd."), (400, 100, "Sao Paulo, 14/02/2025"),
        (200, 140, "BALANCE CONFIRMATION"),
        (50, 170, "We hereby confirm that our account with you shows a balance of USD 48,250.00 in your favour."),
    ])
    got = values(fields)
    assert got["seller"] == "Ningbo Eastlink Trading Co., Ltd." and got["buyer"] == "ATLANTICA DISTRIBUIDORA S.A."


def test_fields_layouts_contract_number_beside_the_title(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    heading = fields_of(make_pdf, settings, rules, DocType.CONTRACT, [
        (220, 50, "SALES CONTRACT"), (400, 70, "No.: EL2024-031"),
        (50, 100, "This Sales Contract is made on 2 September 2024 by and between"),
    ])
    assert values(heading)["contract_number"] == "EL2024-031"
    footer = fields_of(make_pdf, settings, rules, DocType.CONTRACT, [
        (220, 50, "SALES CONTRACT"), (50, 100, "This Sales Contract is made on 2 September 2024."),
        (50, 700, "Bank account No.: 3301 4455 6677"),
    ])
    assert "contract_number" not in values(footer)


def test_fields_layouts_lawyers_letter_names_the_addressee_not_the_client_sentence(
        make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (60, 60, "北京市中伦律师事务所"), (400, 80, "2024年11月30日"),
        (60, 110, "Sisli Tekstil Sanayi ve Ticaret A.S."), (60, 125, "Halaskargazi Cad. No: 214, Istanbul"),
        (60, 160, "本所受宁波东方纺织品进出口有限公司（以下简称“委托人”）委托，就贵司拖欠货款事宜致函如下："),
        (60, 180, "截至本函发出之日，贵司仍欠委托人发票EX-01288项下货款共计485,840.00 USD。"),
    ])
    got = values(fields)
    assert got["seller"] == "宁波东方纺织品进出口有限公司" and got["buyer"] == "Sisli Tekstil Sanayi ve Ticaret A.S."


def _scan_page(rows: list[list[tuple]]) -> DocumentText:
    """An OCR'd page from rows of (x, text[, width of the first word]) runs: the boxes a noisy scan gives."""
    lines = []
    for i, row in enumerate(rows):
        words = []
        for x, run, *first_width in row:
            for k, token in enumerate(run.split(" ")):
                width = first_width[0] if k == 0 and first_width else 0.011 * max(1, len(token))
                words.append(Word(token, BBox(x, 0.2 + i * 0.02, x + width, 0.212 + i * 0.02), 0.9, "ocr"))
                x += width + 0.006
        lines.append(Line(tuple(words)))
    return DocumentText(pages=(Page(1, 1240, 1754, tuple(lines), "ocr"),), language="en")


def test_fields_layouts_scan_party_boxes_with_specks_and_a_widened_word(rules: Rules) -> None:
    """A scanned B/L's party boxes: the shipper's name starts left of its label (a quote speck
    widened '”Qingdao'); the shipper's cell, widened by specks, reaches under the consignee's label
    (whose noisy box starts early); a speck sits where the notify party's name begins."""
    text = _scan_page([
        [(0.06, "©", 0.003), (0.09, "SHIPPER / 发货人"), (0.32, "Consigned", 0.26), (0.59, "to/收货人")],
        [(0.05, "”Qingdao Haitian Tyre Co., Ltd. ， -"), (0.49, "Müller & Söhne Maschinenhandel GmbH")],
        [(0.08, "256 Huangpu Road, Qingdao"), (0.49, "Königsallee 27, Düsseldorf")],
        [(0.09, "Notify Party"), (0.57, "a")],
        [(0.06, "`", 0.003), (0.09, "Müller & Söhne Maschinenhandel GmbH")],
    ])
    got = values(extract_fields(text, DocType.BILL_OF_LADING, rules))
    assert got["shipper"] == "Qingdao Haitian Tyre Co., Ltd."
    assert got["consignee"] == "Müller & Söhne Maschinenhandel GmbH"
    assert got["notify_party"] == "Müller & Söhne Maschinenhandel GmbH"


def test_fields_layouts_scan_name_starting_left_of_its_label_is_whole(rules: Rules) -> None:
    """A name under its label that a skewed scan starts a little left of the label is taken whole;
    a cell that runs from the column on the left into the label's column is still cut at it."""
    text = _scan_page([
        [(0.09, "Shipper"), (0.50, "Consignee")],
        [(0.09, "Room 5, Jihua Road Foshan"), (0.45, "Accra Sunrise Trading Co., Ltd.")],
    ])
    assert values(extract_fields(text, DocType.BILL_OF_LADING, rules))["consignee"] == "Accra Sunrise Trading Co., Ltd."
    merged = _scan_page([
        [(0.09, "Notify Party"), (0.50, "Consignee")],
        [(0.09, "Room 5, Jihua Road, Foshan City Guangdong"), (0.49, "Accra Sunrise Trading Co., Ltd.")],
    ])
    assert values(extract_fields(merged, DocType.BILL_OF_LADING, rules))["consignee"] == "Accra Sunrise Trading Co., Ltd."


def test_fields_layouts_scan_title_alone_is_no_misread_number_label(rules: Rules) -> None:
    """'Sales Contract' alone in its cell is the title, not 'Sales Contract No.' misread: the
    quantity under it in the goods table is no contract number; the number is in the prose."""
    text = _scan_page([
        [(0.42, "Sales Contract")],
        [(0.10, "No."), (0.16, "Description of Goods"), (0.52, "Quantity"), (0.65, "Unit Price (USD)")],
        [(0.10, "1"), (0.16, "Porcelain floor tile"), (0.52, ";", 0.003), (0.58, "420 m2"), (0.73, "90.00")],
        [(0.09, "This Sales Contract No. PO-06028 is made on January 21, 2025 between")],
    ])
    assert values(extract_fields(text, DocType.CONTRACT, rules))["contract_number"] == "PO-06028"


def test_fields_layouts_scan_speck_read_as_colon_far_right_of_the_title_makes_no_label(rules: Rules) -> None:
    """'SALES CONTRACT' and, far right at the end of its line, a speck OCR read as ':': the title's
    word is no 'Contract:' label (a quantity in the goods table under it had become the contract
    number). A form's colon beside its label still makes one."""
    text = _scan_page([
        [(0.37, "SALES CONTRACT"), (0.90, ":", 0.002)],
        [(0.09, "No."), (0.16, "Description of Goods"), (0.52, "Quantity"), (0.65, "Unit Price (USD)")],
        [(0.09, "2"), (0.15, "Steel ball valve DN50"), (0.44, ":", 0.002), (0.56, "577.pc"), (0.69, "28.00")],
        [(0.09, "This Sales Contract No. PO-05994 is made on 17.01.2024 between")],
    ])
    assert values(extract_fields(text, DocType.CONTRACT, rules))["contract_number"] == "PO-05994"
    form = _scan_page([[(0.09, "Contract No."), (0.30, ":", 0.002), (0.33, "PO-05994")]])
    assert values(extract_fields(form, DocType.CONTRACT, rules))["contract_number"] == "PO-05994"


def test_fields_layouts_scan_value_keeps_the_words_ocr_doubted(rules: Rules) -> None:
    """A field keeps which of its words OCR read with doubt: the party check forgives a Chinese
    character read for another only there (or where the glyphs look alike)."""
    from dataclasses import replace

    text = _scan_page([[(0.09, "买方:"), (0.16, "上海 锦城 贸易 有限公司")]])
    page = text.pages[0]
    words = tuple(replace(w, confidence=0.41) if w.text == "锦城" else w for w in page.lines[0].words)
    text = replace(text, pages=(replace(page, lines=(replace(page.lines[0], words=words),)),))
    buyer = extract_fields(text, DocType.CONTRACT, rules)["buyer"]
    assert str(buyer.value).replace(" ", "") == "上海锦城贸易有限公司" and buyer.doubtful == "锦城"


def test_fields_layouts_scan_number_left_of_a_header_row_that_lost_its_first_label(rules: Rules) -> None:
    """'日 期 合同 号' over 'EX-02251 2024年09月16日 2024SC8131': OCR lost the first column's label
    (发票号) altogether; the number heading the row, left of the date's label, is the invoice's.
    Under the date's label itself a number is no invoice number."""
    rows = [[(0.42, "商业 发 票")],
            [(0.33, "日 期"), (0.62, "合同 号")],
            [(0.09, "EX-02251"), (0.33, "2024年09月16日"), (0.62, "2024SC8131")]]
    got = values(extract_fields(_scan_page(rows), DocType.INVOICE, rules))
    assert got["invoice_number"] == "EX-02251" and got["contract_number"] == "2024SC8131"
    under = [rows[0], [(0.09, "日 期"), (0.62, "合同 号")], [(0.09, "EX-02251"), (0.33, "2024年09月16日"), (0.62, "2024SC8131")]]
    assert "invoice_number" not in values(extract_fields(_scan_page(under), DocType.INVOICE, rules))


def test_fields_layouts_scan_statement_rows_under_a_header_ocr_could_not_read(rules: Rules) -> None:
    """A statement of overdue account whose table header OCR could not read ('Wv o o a ...' at
    0.2-0.4): each row heading with a number and a date after it lists an invoice; the total row
    under them ends the table."""
    from dataclasses import replace

    text = _scan_page([
        [(0.30, "STATEMENT OF OVERDUE ACCOUNT")],
        [(0.09, "Customer: Ferramenta Lombarda S.p.A.")],
        [(0.09, "Wv o o o a o O Doa oo O")],
        [(0.09, "202407074"), (0.35, "2024/10/27"), (0.70, "290,868.01")],
        [(0.09, "202407075"), (0.35, "2024/11/02"), (0.70, "10,000.00")],
        [(0.09, "Total overdue 300,868.01 €")],
    ])
    page = text.pages[0]
    garbled = replace(page.lines[2], words=tuple(replace(w, confidence=0.3) for w in page.lines[2].words))
    text = replace(text, pages=(replace(page, lines=(*page.lines[:2], garbled, *page.lines[3:])),))
    got = values(extract_fields(text, DocType.DUNNING_LETTER, rules))
    assert got["invoice_numbers"] == ("202407074", "202407075")


@pytest.mark.parametrize("header", [
    [(0.09, "Jexoice —— foice"), (0.35, "date [Due"), (0.55, "date"), (0.70, "Amount —")],  # only the number's label lost
    [(0.09, "[invoice Sa"), (0.35, "date"), (0.55, "Due date"), (0.70, "Amount")],  # specks read beside its label
])
def test_fields_layouts_scan_statement_rows_under_a_header_whose_invoice_label_ocr_garbled(
        rules: Rules, header: list[tuple[float, str]]) -> None:
    """A statement's header row read in part: the dates' and the amount's labels read, the invoice
    number's lost ('Jexoice') or with specks read as letters after it ('[invoice Sa' at 0.09): the
    numbers heading the rows are the invoices'."""
    from dataclasses import replace

    text = _scan_page([
        [(0.30, "STATEMENT OF OVERDUE ACCOUNT")],
        [(0.09, "Account: Ferramenta Lombarda S.p.A.")],
        header,
        [(0.09, "CI20245118"), (0.35, "1st May 2024"), (0.55, "30-Jun-2024"), (0.70, "474,438.50")],
        [(0.09, "CI20245119"), (0.35, "2024/05/13"), (0.55, "2024.07.12"), (0.70, "471,184.00")],
        [(0.09, "Total overdue U.S.$ 945,622.50")],
    ])
    page = text.pages[0]
    unread = {"Jexoice", "——", "foice", "[Due", "Amount", "—", "Sa"}
    garbled = replace(page.lines[2], words=tuple(replace(w, confidence=0.1) if w.text in unread else w
                                                 for w in page.lines[2].words))
    text = replace(text, pages=(replace(page, lines=(*page.lines[:2], garbled, *page.lines[3:])),))
    assert values(extract_fields(text, DocType.DUNNING_LETTER, rules)).get("invoice_numbers") == ("CI20245118", "CI20245119")


def test_fields_layouts_scan_statement_rows_under_a_header_lost_whole_or_but_for_its_dates(rules: Rules) -> None:
    """A statement's header row read as one word at 0.00 ('JOSE'), rows under it, one after a speck
    ('. INV-2024-3110'); or read but for the number's label, its date labels a little apart ('Invoice
    date' over 'Due date'): the numbers heading the rows are the invoices'."""
    from dataclasses import replace

    def statement(header: list[list[tuple[float, str]]], confidence: float) -> DocumentText:
        text = _scan_page([
            [(0.30, "STATEMENT OF OVERDUE ACCOUNT")],
            [(0.09, "Account: Thành Công Trading Joint Stock Company")],
            *header,
            [(0.09, "INV-2024-3108"), (0.35, "06-Dec-2024"), (0.55, "5-Apr-25"), (0.70, "321,355.00")],
            [(0.07, ". INV-2024-3110"), (0.35, "2024/12/19"), (0.55, "April 18th, 2025"), (0.70, "27,517.32")],
            [(0.09, "TOTAL OUTSTANDING US Dollars 348,872.32")],
        ])
        page = text.pages[0]
        lines = tuple(replace(line, words=tuple(replace(w, confidence=confidence) for w in line.words))
                      if 2 <= i < 2 + len(header) else line for i, line in enumerate(page.lines))
        return replace(text, pages=(replace(page, lines=lines),))
    want = ("INV-2024-3108", "INV-2024-3110")
    lost = statement([[(0.30, "JOSE")]], 0.0)
    assert values(extract_fields(lost, DocType.DUNNING_LETTER, rules)).get("invoice_numbers") == want
    dates = statement([[(0.35, "Invoice date")], [(0.55, "Due date")]], 0.99)
    assert values(extract_fields(dates, DocType.DUNNING_LETTER, rules)).get("invoice_numbers") == want


def test_fields_layouts_scan_letter_invoice_numbers_after_a_speck_ending_the_cue_line(rules: Rules) -> None:
    """'... which supplied goods to you under invoice(s) i' (the 'i' a speck at 0.28) over 'EX-00487.
    Despite ...': the number opening the next line is the invoice's."""
    from dataclasses import replace

    text = _scan_page([
        [(0.09, "Re: Claim of our client against you")],
        [(0.09, "We are instructed by Hangzhou Lianhe Pump Industry Co., Ltd. which supplied goods under invoice(s) i")],
        [(0.09, "EX-00487. Despite repeated requests you have failed to pay the amount of 101,365.00 US Dollars.")],
        [(0.09, "Yours faithfully,")],
    ])
    page = text.pages[0]
    cue = replace(page.lines[1], words=tuple(replace(w, confidence=0.28) if w.text == "i" else w for w in page.lines[1].words))
    text = replace(text, pages=(replace(page, lines=(page.lines[0], cue, *page.lines[2:])),))
    assert values(extract_fields(text, DocType.DUNNING_LETTER, rules)).get("invoice_numbers") == ("EX-00487",)


def test_fields_layouts_scan_own_number_after_its_chinese_label_read_as_latin(rules: Rules) -> None:
    """'RRS: EX-03716' (发票号 read as letters at 0.54) on an invoice, 'i ARAS: SC-2024-4959' (合同编号,
    a speck before it) on a contract, 'No: of invoice: 202500642' (its dot read as a colon): the
    document's own number (each was missing: MISSING_FIELD on clean claims)."""
    from dataclasses import replace

    def page(first: list[list[tuple[float, str]]], doubtful: set[str]) -> DocumentText:
        text = _scan_page(first)
        lines = tuple(replace(line, words=tuple(replace(w, confidence=0.25 if w.text == "i" else 0.54)
                                                if w.text in doubtful or w.text == "i" else w for w in line.words))
                      for line in text.pages[0].lines)
        return replace(text, pages=(replace(text.pages[0], lines=lines),), language="zh")
    invoice = page([[(0.30, "宁波东方纺织品进出口有限公司出口商业发票")], [(0.09, "RRS: EX-03716")], [(0.09, "开票日期:2024年03月18日")],
                    [(0.09, "合同编号PO-08591")]], {"RRS:"})
    got = values(extract_fields(invoice, DocType.INVOICE, rules))
    assert got["invoice_number"] == "EX-03716" and got["contract_number"] == "PO-08591"
    contract = page([[(0.40, "购销合同")], [(0.07, "i ARAS: SC-2024-4959")], [(0.09, "合同日期:2024-04-12")]], {"ARAS:"})
    number = extract_fields(contract, DocType.CONTRACT, rules)["contract_number"]
    assert number.value == "SC-2024-4959" and number.confidence < 0.6  # whose number: a guess
    numbered = _scan_page([[(0.30, "COMMERCIAL INVOICE")], [(0.09, "No: of invoice: 202500642")]])
    assert values(extract_fields(numbered, DocType.INVOICE, rules))["invoice_number"] == "202500642"


def test_fields_layouts_scan_date_under_its_label_parted_at_a_narrow_glyph(rules: Rules) -> None:
    """'June i | 2024' under 'Invoice Date' (OCR parted the date after the narrow 'i'): one value."""
    text = _scan_page([[(0.30, "COMMERCIAL INVOICE")],
                       [(0.09, "Invoice No."), (0.35, "Invoice Date"), (0.60, "Payment Terms")],
                       [(0.09, "24INV6494"), (0.35, "June i"), (0.45, "2024"), (0.60, "O/A 30 days after shipment date")]])
    assert values(extract_fields(text, DocType.INVOICE, rules))["date"] == "2024-06-01"


def test_fields_layouts_scan_bill_of_lading_boxes_as_ocr_garbles_them(rules: Rules) -> None:
    """A B/L's shipper label after a brace speck with its hint in braces ('{| Shipper {complete name
    and address)'), its clause "SHIPPER'S LOAD, COUNT AND SEAL." no label; a speck before the shipper's
    name under a wrapped hint ('o - | QINGDAO ...'); a box label with a speck after it ('Place of
    Receipt -') no port; a port label's tail and bracket beside another ('货港(Port of Discharge)')."""
    braces = _scan_page([[(0.07, "{| Shipper {complete name and address)")],
                         [(0.07, "XIAMEN JINLU SOLAR TECHNOLOGY CO., LTD."), (0.55, "B/L No.: COSU9506573564")],
                         [(0.07, "9 Xiangyu Road, Huli District, Xiamen 361006, China")],
                         [(0.07, ". SHIPPER'S LOAD, COUNT AND SEAL. SAID TO CONTAIN.")]])
    assert values(extract_fields(braces, DocType.BILL_OF_LADING, rules))["shipper"] == "XIAMEN JINLU SOLAR TECHNOLOGY CO., LTD."
    wrapped = _scan_page([[(0.07, "-Shipper (complete name and")],
                          [(0.06, "o -"), (0.12, "QINGDAO HAITIAN TYRE CO., LTD.")],
                          [(0.09, "256 Huangpu Road, Shinan District, Qingdao 266001,")],
                          [(0.09, "Notify Party"), (0.55, "Place of Receipt -"), (0.75, "Port of Loading")],
                          [(0.09, "ŁÓDZKIE HURTOWNIE TECHNICZNE SP. Z O.O."), (0.55, "QINGDAO CY"), (0.75, "QINGDAO, CHINA")]])
    got = values(extract_fields(wrapped, DocType.BILL_OF_LADING, rules))
    assert got["shipper"] == "QINGDAO HAITIAN TYRE CO., LTD." and got["port_of_loading"] == "QINGDAO, CHINA"
    boxed = _scan_page([[(0.09, "PORT SHIPMENT")], [(0.09, "Place of Receipt -")], [(0.09, "QINGDAO CY")]])
    assert values(extract_fields(boxed, DocType.BILL_OF_LADING, rules)).get("port_of_loading") != "Place of Receipt"
    tails = _scan_page([[(0.07, "装货港Port of Loading"), (0.40, "货港(Port of Discharge)")],
                        [(0.07, "Shanghai, China"), (0.40, "Apapa, Lagos, Nigeria")]])
    got = values(extract_fields(tails, DocType.BILL_OF_LADING, rules))
    assert got["port_of_loading"] == "Shanghai, China"


def test_fields_layouts_scan_invoice_number_under_a_header_whose_first_label_ocr_lost(rules: Rules) -> None:
    """'w.e /MLRRG Date / 开票日期' (发票号 Invoice No. read at 0.00, longer than a misread label) over
    '202509914 2025-02-21 ...', and 'l EX-01569 ... 2024-06-10' (a table's ruling read as 'l') under
    a row OCR could not read: the numbers heading the rows are the invoices'."""
    from dataclasses import replace

    def unread(text: DocumentText, line: int, words: set[str]) -> DocumentText:
        page = text.pages[0]
        lines = tuple(replace(l, words=tuple(replace(w, confidence=0.0) if i == line and w.text in words else w
                                             for w in l.words)) for i, l in enumerate(page.lines))
        return replace(text, pages=(replace(page, lines=lines),))
    lost = _scan_page([[(0.40, "出口商业发票INVOICE")], [(0.09, "w.e /MLRRG"), (0.35, "Date / 开票日期")],
                       [(0.09, "202509914"), (0.35, "2025-02-21"), (0.60, "见提单后30天")]])
    got = values(extract_fields(unread(lost, 1, {"w.e", "/MLRRG"}), DocType.INVOICE, rules))
    assert got.get("invoice_number") == "202509914"
    ruled = _scan_page([[(0.40, "出口商业发票")], [(0.09, "o [ama am. ai Ae LEA")],
                        [(0.07, "l EX-01569"), (0.35, "2024-06-10")]])
    got = values(extract_fields(unread(ruled, 1, {"o", "ai", "Ae", "LEA"}), DocType.INVOICE, rules))
    assert got.get("invoice_number") == "EX-01569"
