from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from extract_helpers import kind_of, ocr_text

from claimready.extractors.classify import classify
from claimready.models import BBox, DocType, DocumentText, Line, Page, Word
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


CASES = [
    (DocType.CONTRACT, ["SALES CONTRACT", "Contract No.: SC-1", "The Seller agrees to sell and the Buyer agrees to buy."]),
    (DocType.CONTRACT, ["销售合同", "合同编号：SC-1", "双方同意按下列条款签订本合同。"]),
    (DocType.AMENDMENT, ["AMENDMENT NO. 1 TO SALES CONTRACT SC-1", "Clause 5 of the original contract is hereby amended."]),
    (DocType.AMENDMENT, ["补充协议", "原合同第5条修改为：提单后120天付款。"]),
    (DocType.AMENDMENT, ["SUPPLEMENTARY AGREEMENT No. 1", "to Contract No. 2024SC1404",
                         "Clause 3 (Payment) of the Contract is deleted and replaced by the following."]),
    (DocType.INVOICE, ["COMMERCIAL INVOICE", "Invoice No.: INV-1", "Unit Price  Quantity  Amount"]),
    (DocType.INVOICE, ["商业发票", "发票号码：INV-1", "单价 数量 金额"]),
    (DocType.BILL_OF_LADING, ["BILL OF LADING", "Shipper  Consignee  Notify Party", "Port of Loading: Shenzhen"]),
    (DocType.BILL_OF_LADING, ["海运提单", "托运人  收货人  通知人", "装货港：深圳"]),
    (DocType.DELIVERY_RECEIPT, ["ACCEPTANCE CERTIFICATE", "The goods under invoice INV-1 were received in good order."]),
    (DocType.DELIVERY_RECEIPT, ["验收证明", "发票INV-1项下货物已收到，验收合格。"]),
    (DocType.DUNNING_LETTER, ["PAYMENT REMINDER", "We remind you that invoice No. INV-1 of USD 5,000.00 remains unpaid."]),
    (DocType.DUNNING_LETTER, ["催款函", "贵司发票INV-1项下货款已逾期，请尽快支付。"]),
    (DocType.DEBT_ACKNOWLEDGEMENT, ["ACKNOWLEDGEMENT OF DEBT", "We hereby acknowledge that we owe USD 5,000.00 under invoice INV-1."]),
    (DocType.DEBT_ACKNOWLEDGEMENT, ["债务确认书", "我司确认尚欠贵司发票INV-1项下货款。"]),
    (DocType.BANKRUPTCY_RULING, ["COURT OF JUSTICE OF SAO PAULO", "DECISION", "The Court grants Recuperação Judicial to the debtor."]),
    (DocType.BANKRUPTCY_RULING, ["成都市中级人民法院", "民事裁定书", "裁定如下：宣告债务人破产。"]),
    (DocType.BANKRUPTCY_RULING, ["HIGH COURT", "WINDING-UP ORDER", "It is ordered that the company be wound up by the court."]),
    (DocType.GOVERNMENT_ORDER, ["MINISTRY OF ECONOMY", "DECREE No. 77", "Foreign exchange transfers abroad are prohibited."]),
    (DocType.GOVERNMENT_ORDER, ["中央银行公告", "即日起实施外汇管制，禁止对外汇款。"]),
    (DocType.GOVERNMENT_ORDER, ["State Bank of Vietnam", "政府通告（译文）", "文号：第676号",
                                "事由：暂停进口外汇汇出", "自即日起实施上述措施，所有商业银行不得办理相关业务。"]),
    (DocType.OTHER, ["PROFORMA INVOICE", "Invoice No.: PI-1", "Unit Price  Quantity  Amount"]),
    (DocType.OTHER, ["PACKING LIST", "Invoice No.: INV-1", "Gross weight  Net weight"]),
    (DocType.OTHER, ["CERTIFICATE OF ORIGIN", "Exporter: Shenzhen Huaxin Machinery Co., Ltd."]),
    (DocType.OTHER, ["装箱单", "发票号码：INV-1"]),
    (DocType.OTHER, ["Minutes of the weekly team meeting", "Attendees discussed the holiday schedule."]),
]


@pytest.mark.parametrize("expected, rows", CASES, ids=[f"{t.value}-{i}" for i, (t, _) in enumerate(CASES)])
def test_classify_titles_and_keywords(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                      expected: DocType, rows: list[str]) -> None:
    result = kind_of(make_pdf, settings, rules, [(200 if i == 0 else 60, 50 + 20 * i, r) for i, r in enumerate(rows)])
    assert result.doc_type == expected


def test_classify_dunning_letter_quoting_invoices_is_not_an_invoice(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, [
        (60, 50, "Shenzhen Huaxin Machinery Co., Ltd."), (60, 80, "Dear Sirs,"),
        (60, 100, "We remind you that our invoices INV-1 (invoice date 2025-01-02) and INV-2"),
        (60, 115, "totalling USD 45,250.00 remain unpaid although overdue since April."),
        (60, 130, "Please arrange payment without further delay."),
    ])
    assert result.doc_type == DocType.DUNNING_LETTER


def test_classify_acknowledgement_quoting_amounts_and_invoices(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, [
        (60, 50, "Rio Verde Importadora Ltda."),
        (60, 80, "We, Rio Verde Importadora Ltda., hereby acknowledge that we owe Shenzhen Huaxin"),
        (60, 95, "Machinery Co., Ltd. the sum of USD 45,250.00 under invoices INV-1 and INV-2."),
    ])
    assert result.doc_type == DocType.DEBT_ACKNOWLEDGEMENT


def test_classify_confidence_reflects_margin(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    clear = kind_of(make_pdf, settings, rules, [(200, 50, "COMMERCIAL INVOICE"), (60, 80, "Invoice No.: INV-1"),
                                                (60, 100, "Unit Price  Quantity")])
    vague = kind_of(make_pdf, settings, rules, [(60, 50, "Notes on the invoice and the contract discussed today")])
    assert clear.confidence > 0.9
    assert vague.doc_type == DocType.OTHER or vague.confidence < clear.confidence


def test_classify_ocr_misspelt_title(rules: Rules) -> None:
    text = ocr_text(["BlLL 0F LADlNG", "Shlpper: Shenzhen Huaxin Machinery Co., Ltd.", "Consignee: TO ORDER"])
    assert classify(text, rules).doc_type == DocType.BILL_OF_LADING


def test_classify_ocr_noise_cells_do_not_look_like_titles(rules: Rules) -> None:
    def word(text: str, x0: float, y0: float) -> Word:
        return Word(text, BBox(x0, y0, x0 + 0.012 * len(text), y0 + 0.02), 0.7, "ocr")

    heading = Line((word("|", 0.05, 0.05), word("SALES", 0.2, 0.05), word("CONTRACT", 0.26, 0.05), word("te", 0.6, 0.05)))
    body = Line(tuple(word(w, 0.05 + 0.07 * i, 0.1) for i, w in enumerate("The Seller agrees to sell the goods".split())))
    page = Page(number=1, width=2480, height=3508, lines=(heading, body), source="ocr")
    assert classify(DocumentText(pages=(page,), language="en"), rules).doc_type == DocType.CONTRACT


def test_classify_bilingual_title_beats_line_item_keywords(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, [
        (250, 40, "出口销售合同 Export Sales Agreement"), (300, 70, "合同编号/Contract Number HX241084"),
        (60, 100, "序号 No. 品名 Description 数量 Qty 单价 Unit Price (USD)"),
        (60, 115, "1 子午线轮胎 Radial tyre 3,924 pc 66.00"),
        (60, 130, "Contract Amount / 总金额: USD 965,259.00"),
    ])
    assert result.doc_type == DocType.CONTRACT


def test_classify_document_named_in_payment_terms_is_no_title(rules: Rules) -> None:
    """A scanned invoice whose title OCR lost: 'Terms 30 days from bill of lading date' names the
    B/L in the terms, which makes it no B/L; the invoice's own words decide."""
    text = ocr_text(["Shenzhen Huaxin Machinery Co., Ltd.", "Invoice No : 24INV0671", "Issued on Dec. 8, 2024",
                     "Terms 30 days from bill of lading date",
                     "No. Description of Goods Quantity Unit Price (USD) Amount",
                     "TOTAL US$228,054.00"], confidence=0.9)
    assert classify(text, rules).doc_type == DocType.INVOICE
    assert classify(ocr_text(["BILL OF LADING", "Shipped on board 12 days late"]), rules).doc_type == DocType.BILL_OF_LADING


def test_classify_ocr_contract_number_label_with_its_value_is_no_title(rules: Rules) -> None:
    """'Contract Number PO-07160' (no colon) and 'Contract Ref. PO-09724' on a scanned invoice are
    labels with their values: no contract title, where OCR lost the invoice's own."""
    for label in ("Contract Number PO-07160", "Contract Ref. PO-09724"):
        text = ocr_text(["Ningbo Oriental Textile Import & Export Co., Ltd.", "Inv. #: INV-2024-8965", label,
                         "No. Description of Goods Quantity Unit Price (USD) Amount"], confidence=0.9)
        assert classify(text, rules).doc_type != DocType.CONTRACT


def test_classify_ocr_title_glued_to_the_letterhead_beside_it(rules: Rules) -> None:
    """'Ningbo Oriental Textile Import & E7RwrhnrGoidstdg.Commercial Invoice': OCR read the letterhead
    and the right-aligned title as one cell, too long to be a title; it ends in one."""
    text = ocr_text(["Ningbo Oriental Textile Import & E7RwrhnrGoidstdg.Commercial Invoice",
                     "88 Zhongshan East Road, Haishu District, Ningbo 315000, China", "Inv. #: INV-2024-8965",
                     "Contract Number PO-07160", "Payment: Net 45 days after shipment", "Exporter The Buyers",
                     "No. Description of Goods Quantity Unit Price (USD) Amount"], confidence=0.9)
    assert classify(text, rules).doc_type == DocType.INVOICE
    typed = ocr_text(["Ningbo Oriental Textile Import & Export Company Limited Trading Office Commercial Invoice"])
    assert classify(DocumentText(pages=(replace(typed.pages[0], source="text"),), language="en"), rules).doc_type == DocType.OTHER
    glued = ocr_text(["Ningbo Oriental Textile Import & Export Co., Ltd.Commercial Invoice", "No. of Invoice: 24INV4098"])
    assert classify(DocumentText(pages=(replace(glued.pages[0], source="text"),), language="en"), rules).doc_type == (
        DocType.INVOICE)  # the text layer ran the letterhead and the title together


def test_classify_ocr_chinese_title_with_one_character_misread(rules: Rules) -> None:
    """'E 销售人同' for 销售合同 over a contract that names 发票日期 in its terms: the title one
    character off still heads it; no slip may touch a character that names a party or a
    document (收货确认书, a delivery receipt, is no 售货确认书 contract)."""
    rows = ["E 销售人同", "合同号码 : CT/2024/6981", "合同日期 : 2024-02-06", "销货单位 : 佛山美达陶瓷有限公司",
            "序号 货物名称 数量 单价 (CNY)", "总金额 : RMB 1,033,037.00", "支付方式 : 发票日期后 90 天 电汇"]
    assert classify(ocr_text(rows), rules).doc_type == DocType.CONTRACT
    assert classify(ocr_text(["E 销售人日"] + rows[1:]), rules).doc_type != DocType.CONTRACT  # two characters off
    receipt = ["收货确认书", "发票号 : CI20244569", "收货日期 : 2024年11月17日", "货物已收到，验收合格。"]
    assert classify(ocr_text(receipt), rules).doc_type == DocType.DELIVERY_RECEIPT


def test_classify_ocr_chinese_invoice_whose_title_ocr_lost_by_its_number_label(rules: Rules) -> None:
    """A scanned Chinese invoice whose title OCR read as one character ('示'): '发票编号' with the
    goods table still makes it an invoice, not OTHER."""
    rows = ["示", "| 发票编号 : INV-2024-7381", "日期 : 2024 年 11 月 08 日", "合同编号 : SC-2024-0294",
            "序号 货物名称 数量 单价 (USD) 金额", "总计 美元 384,805.50"]
    assert classify(ocr_text(rows, confidence=0.9), rules).doc_type == DocType.INVOICE


def test_classify_ocr_title_with_a_speck_read_as_a_comma_after_it(rules: Rules) -> None:
    """'出口销售合同 ，' with the comma a speck read at 0.06: still the contract's title, not a piece
    of a sentence; a comma read surely after it keeps the line prose."""
    def contract(comma_confidence: float) -> DocumentText:
        text = ocr_text(["出口销售合同 ，", "合同号码PO-06754", "合同日期:2024-04-13", "卖方 需方",
                         "付款方式:提单日后60天付款"], confidence=0.93)
        title = text.pages[0].lines[0]
        title = Line(tuple(replace(w, confidence=comma_confidence) if w.text == "，" else w for w in title.words))
        return replace(text, pages=(replace(text.pages[0], lines=(title, *text.pages[0].lines[1:])),), language="zh")
    assert classify(contract(0.06), rules).doc_type == DocType.CONTRACT
    assert classify(contract(0.93), rules).doc_type != DocType.CONTRACT


def test_classify_ocr_invoice_without_its_title_or_with_a_letters_address(rules: Rules) -> None:
    """An invoice whose title OCR lost ('Inv. No. | DATE', 'Supplier | Sold To', 'Line Total USD'),
    and one addressed 'Messrs.' and signed 'For and on behalf of' whose table header OCR garbled
    ('aty', 'UnitPrice'): both are invoices by their table and labels, not other nor a letter."""
    untitled = ocr_text(["Inv. No. DATE Your Ref", "202400398 14th August 2024 2024SC5286", "Supplier Sold To",
                         "Qingdao Haitian Tyre Co., Ltd. Great Lakes Hardware Supply LLC",
                         "[Item | Description [Qty [Unit [Price (USD) | Line Total USD",
                         "1 Steel ball valve DN50 3,358 32.50 109,135.00", "Subtotal 109,135.00",
                         "Grand Total US Dollars 111,035.00"], confidence=0.95)
    assert classify(untitled, rules).doc_type == DocType.INVOICE
    addressed = ocr_text(["Qingdao Haitian Tyre Co., Ltd.", "INVOICE", "Messrs. Inv. No. 202400399",
                          "GREAT LAKES HARDWARE SUPPLY LLC Date of Issue: 2024/08/18", "Payment Due: November 15th, 2024",
                          "(Item | Goods / Specification aty JUnit |UnitPrice USD |Line Total USD",
                          "Milling machine X6132 SET 24,165.00 265,815.00", "For and on behalf of",
                          "Qingdao Haitian Tyre Co., Ltd."], confidence=0.95)
    assert classify(addressed, rules).doc_type == DocType.INVOICE


def test_classify_ocr_title_read_in_small_letters_and_a_label_like_another_title(rules: Rules) -> None:
    """'invoice' (INVOICE read in small letters at 0.62) alone on its line is the invoice's title; a
    label 'Credit Terms' over an invoice's terms is no 'credit note' (other), one word being another."""
    small = ocr_text(["Foshan Meida Ceramics Co., Ltd.", "31 Jihua Fifth Road, Chancheng District, Foshan", "invoice",
                      "Messrs. Invoice #: INV-2024-4645", "Lagos Crestline Industries Ltd Dated: 4-Mar-24"], confidence=0.9)
    assert classify(small, rules).doc_type == DocType.INVOICE
    terms = ocr_text(["Inv. No. Date of Issue Your Ref", "24INV5322 12 JUN 2024 SC-2024-4148", "From Messrs.",
                      "Credit Terms Incoterms", "120 days after the date of the bill of lading FOB Shenzhen",
                      "o Descnpton E e Qty Unit Price(EUR) LineTotalEUR", "Subtotal 119.678,50"], confidence=0.9)
    assert classify(terms, rules).doc_type == DocType.INVOICE


def test_classify_ocr_government_order_whose_title_was_lost_by_its_authority_and_measure(rules: Rules) -> None:
    """A Chinese translation of a Peruvian order whose title OCR garbled: the authority named in its
    own language ('Ministerio de la Producción') and the measure read with a character lost
    ('撤销进许可证' for 撤销进口许可证) still make it a government order."""
    text = ocr_text(["Ministerio de la Producción l o", "l Peu a l : ; si A S D o.", "文号 第870号", "日期：2024年11月5日",
                     "国家：Peru", "事由：撤销进许可证 E a", "根据国家紧急状态法规，自即日起在Peru境内实施上述措施，所有商业银行不得办理相关业务"],
                    confidence=0.9)
    assert classify(text, rules).doc_type == DocType.GOVERNMENT_ORDER


def _cells_row(y: float, cells: list[tuple[float, str]], confidence: float = 0.9) -> Line:
    """One OCR'd line whose cells start at the given x (fractions of the page width)."""
    words = []
    for x, text in cells:
        for token in text.split():
            width = 0.012 * len(token)
            words.append(Word(token, BBox(x, y, x + width, y + 0.02), confidence, "ocr"))
            x += width + 0.008
    return Line(tuple(words))


def test_classify_ocr_invoice_whose_header_row_has_a_contract_column(rules: Rules) -> None:
    """An invoice whose title OCR lost, its header row 'Inv. No. | DATE | CONTRACT': the last cell heads
    the contract number's column and titles nothing (it made the invoice a contract); a title that
    comes first beside its labels ('SALES CONTRACT | No. | Date') still titles the page."""
    def page(header: list[tuple[float, str]], seller: str) -> DocumentText:
        rows = [_cells_row(0.09, header),
                _cells_row(0.12, [(0.08, "24INV8812"), (0.35, "5 May 2024"), (0.65, "SC-2024-1190")]),
                _cells_row(0.16, [(0.08, seller), (0.55, "Sold To")]),
                _cells_row(0.19, [(0.08, "Hangzhou Lianhe Trading Co., Ltd."), (0.55, "Andes Import S.A.")]),
                _cells_row(0.25, [(0.08, "Description"), (0.4, "Qty"), (0.55, "Unit Price"), (0.75, "Amount")]),
                _cells_row(0.28, [(0.08, "Steel valves"), (0.4, "120"), (0.55, "32.50"), (0.75, "3,900.00")]),
                _cells_row(0.32, [(0.55, "TOTAL"), (0.75, "USD 3,900.00")])]
        return DocumentText(pages=(Page(number=1, width=2480, height=3508, lines=tuple(rows), source="ocr"),), language="en")
    header = [(0.08, "Inv. No."), (0.35, "DATE"), (0.65, "CONTRACT")]
    assert classify(page(header, "Seller"), rules).doc_type == DocType.INVOICE
    titled = [(0.08, "SALES CONTRACT"), (0.45, "No."), (0.65, "Date")]
    assert classify(page(titled, "Seller"), rules).doc_type == DocType.CONTRACT


def test_classify_ocr_vat_invoice_whose_title_ocr_read_as_letters(rules: Rules) -> None:
    """A VAT invoice form whose title 增值税专用发票 OCR read as 'HERR': its number and date labels, its
    buyer box, its 价税合计 row and its issuer's signature make it an invoice; the number and date
    labels alone are not enough to call a page an invoice."""
    rows = ["HERR", "No. 10824959 发票号码:24INV7107", "开票日期:2024.12.29", "购买方",
            "名称:武汉长江建材有限责任公司", "瓷质地砖 1.775 8.849555 15,707.96 13% 2,042.04",
            "价税合计 (大写) 壹拾柒万柒仟柒佰伍拾元整 ¥17,750.00", "销售方", "名称:宁波东方纺织品进出口有限公司",
            "收款人:玉芳 复核:张伟 开票人:赵敏 销售方(章)"]
    assert classify(ocr_text(rows, confidence=0.92), rules).doc_type == DocType.INVOICE
    assert classify(ocr_text(rows[:3], confidence=0.92), rules).doc_type == DocType.OTHER


def test_classify_ocr_title_below_a_letterhead_strewn_with_specks(rules: Rules) -> None:
    """A scanned invoice whose letterhead OCR read with specks ('mim |', '; ;', 'p o 5', a rule's dots)
    before its title 商业发票: specks title nothing and use up none of the page's headings, so the
    title is still read."""
    specks = [_cells_row(0.02 + 0.012 * i, [(0.05 + 0.12 * k, mark) for k, mark in enumerate(row)], 0.2)
              for i, row in enumerate([["mim", "|"], [";", ";", "2"], ["p", "o", "5"], [";", "."], ["-", ":", "."],
                                       ["l", "i", "."], [":", ";"]])]
    rows = [*specks,
            _cells_row(0.12, [(0.2, "宁波东方纺织品进出口有限公司")]),
            _cells_row(0.14, [(0.2, "宁波市海曙区中山东路88号")]),
            _cells_row(0.16, [(0.4, "商业发票")], 1.0),
            _cells_row(0.19, [(0.08, "购货单位:"), (0.55, "发票号码:"), (0.7, "INV-2025-3508")]),
            _cells_row(0.22, [(0.08, "Łódzkie Hurtownie Techniczne Sp. z o.o."), (0.55, "开票日期:"), (0.7, "2025/01/27")])]
    page = Page(number=1, width=2480, height=3508, lines=tuple(rows), source="ocr")
    assert classify(DocumentText(pages=(page,), language="zh"), rules).doc_type == DocType.INVOICE
