from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from extract_helpers import fields_of, ocr_text, values

from claimready.extractors.fields import extract_fields
from claimready.models import BBox, DocType, DocumentText, Line, Page, Word
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


def test_fields_zh_invoice_grid_with_capital_words_total(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (250, 50, "出口商业发票"),
        (60, 90, "出口商"), (300, 90, "购货单位"),
        (60, 105, "深圳华信机械有限公司"), (300, 105, "成都蓉发机电设备有限公司"),
        (60, 120, "深圳市南山区科技路8号"), (300, 120, "成都市高新区天府大道966号"),
        (60, 150, "发票号码：CI20240488   开票日期：2025年3月14日"),
        (60, 170, "合同号：2024SC3394"),
        (60, 190, "付款方式：见提单后60天"),
        (60, 220, "合计"), (350, 220, "¥312,000.00"),
        (60, 240, "合计（大写）：人民币叁拾壹万贰仟元整"),
    ])
    assert values(fields) == {
        "invoice_number": "CI20240488", "date": "2025-03-14", "seller": "深圳华信机械有限公司",
        "buyer": "成都蓉发机电设备有限公司", "contract_number": "2024SC3394", "total_amount": "312000.00",
        "currency": "CNY", "payment_terms_days": 60, "_payment_terms_basis": "shipment"}


def test_fields_zh_bilingual_party_keeps_both_names(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (250, 50, "商业发票 COMMERCIAL INVOICE"),
        (60, 90, "卖方 Seller:"),
        (60, 105, "深圳华信机械有限公司"), (60, 120, "Shenzhen Huaxin Machinery Co., Ltd."),
        (60, 135, "深圳市南山区科技路8号"),
        (60, 160, "发票号码/Invoice No.: INV-2025-0042"),
        (60, 180, "总计 Total: USD 48,250.00"),
    ])
    got = values(fields)
    assert got["seller"] == "深圳华信机械有限公司 Shenzhen Huaxin Machinery Co., Ltd."
    assert got["invoice_number"] == "INV-2025-0042" and got["total_amount"] == "48250.00" and got["currency"] == "USD"


def test_fields_zh_contract_parties_and_terms(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.CONTRACT, [
        (250, 50, "销售合同"),
        (60, 80, "合同编号：HX-2025-007"), (330, 80, "签订日期：2025年1月2日"),
        (60, 100, "卖方：深圳华信机械有限公司（以下简称“卖方”）"),
        (60, 120, "买方：成都蓉发机电设备有限公司（以下简称“买方”）"),
        (60, 140, "合同总金额：人民币312,000.00元"),
        (60, 160, "付款方式：发票日后90天付款"),
    ])
    assert values(fields) == {
        "contract_number": "HX-2025-007", "date": "2025-01-02", "seller": "深圳华信机械有限公司",
        "buyer": "成都蓉发机电设备有限公司", "total_amount": "312000.00", "currency": "CNY",
        "payment_terms_days": 90, "_payment_terms_basis": "invoice"}


def test_fields_zh_amendment_new_terms_without_approval(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.AMENDMENT, [
        (250, 50, "补充协议"), (60, 80, "原合同编号：HX-2025-007"), (60, 100, "日期：2025年4月1日"),
        (60, 120, "双方同意将付款期限由提单后60天修改为提单后150天。"),
        (60, 140, "本补充协议未经保险人同意。"),
    ])
    got = values(fields)
    assert got["payment_terms_days"] == 150 and got["insurer_approved"] is False
    assert got["contract_number"] == "HX-2025-007" and got["date"] == "2025-04-01"


def test_fields_zh_bill_of_lading_boxes(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (250, 40, "海运提单"), (380, 60, "提单号：COSU6123456780"),
        (60, 80, "托运人"), (60, 95, "深圳华信机械有限公司"),
        (60, 120, "收货人"), (60, 135, "凭指示 TO ORDER"),
        (60, 160, "通知人"), (60, 175, "成都蓉发机电设备有限公司"),
        (60, 200, "装货港：深圳"), (300, 200, "卸货港：桑托斯"),
        (60, 220, "装船日期：2025年3月20日"), (300, 220, "签发日期：2025年3月22日"),
    ])
    got = values(fields)
    assert got["bl_number"] == "COSU6123456780" and got["date"] == "2025-03-20"
    assert got["shipper"] == "深圳华信机械有限公司" and got["notify_party"] == "成都蓉发机电设备有限公司"
    assert got["consignee"] == "凭指示 TO ORDER"
    assert got["port_of_loading"] == "深圳" and got["port_of_discharge"] == "桑托斯"


def test_fields_zh_delivery_receipt(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DELIVERY_RECEIPT, [
        (250, 50, "收货确认单"), (60, 80, "收货单位：成都蓉发机电设备有限公司"),
        (60, 100, "发票号码：CI20240488"), (60, 120, "收货日期：2025年4月2日"),
        (60, 140, "上述货物已收到，数量完好。"),
    ])
    assert values(fields) == {"date": "2025-04-02", "buyer": "成都蓉发机电设备有限公司", "invoice_number": "CI20240488"}


def test_fields_zh_dunning_letter_law_firm_for_client(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (200, 40, "北京金诚律师事务所"), (250, 60, "律师函"),
        (60, 90, "致：成都蓉发机电设备有限公司"), (400, 90, "2025年6月20日"),
        (60, 115, "本所受深圳华信机械有限公司委托，就贵司拖欠货款事宜致函如下："),
        (60, 135, "贵司尚欠发票CI20240488、CI20240489项下货款合计人民币312,000.00元，已逾期。"),
    ])
    assert values(fields) == {
        "date": "2025-06-20", "seller": "深圳华信机械有限公司", "buyer": "成都蓉发机电设备有限公司",
        "invoice_numbers": ("CI20240488", "CI20240489"), "amount_due": "312000.00", "currency": "CNY"}


def test_fields_zh_debt_acknowledgement(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DEBT_ACKNOWLEDGEMENT, [
        (200, 40, "成都蓉发机电设备有限公司"), (250, 60, "欠款确认书"), (400, 80, "2025年7月1日"),
        (60, 100, "深圳华信机械有限公司："),
        (60, 120, "我司确认尚欠贵司发票CI20240488项下货款人民币312,000.00元。"),
    ])
    assert values(fields) == {
        "date": "2025-07-01", "buyer": "成都蓉发机电设备有限公司", "seller": "深圳华信机械有限公司",
        "invoice_numbers": ("CI20240488",), "amount": "312000.00", "currency": "CNY"}


def test_fields_zh_bankruptcy_ruling(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BANKRUPTCY_RULING, [
        (220, 40, "四川省成都市中级人民法院"), (250, 60, "民事裁定书"), (380, 80, "（2025）川01破12号"),
        (60, 100, "被申请人（债务人）：成都蓉发机电设备有限公司，住所地成都市高新区天府大道966号。"),
        (60, 120, "裁定如下：宣告成都蓉发机电设备有限公司破产。"),
        (60, 140, "审判长 王立新"), (300, 160, "二〇二五年五月十二日"),
        (60, 180, "本裁定书于2025年5月19日公告。"),
    ])
    assert values(fields) == {"court": "四川省成都市中级人民法院", "case_number": "（2025）川01破12号",
                              "debtor": "成都蓉发机电设备有限公司", "date": "2025-05-12"}


def test_fields_zh_government_order(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.GOVERNMENT_ORDER, [
        (220, 40, "巴西中央银行"), (250, 60, "公告"),
        (60, 90, "发布日期：2025年9月3日"),
        (60, 110, "事由：暂停对外外汇汇款"),
    ])
    got = values(fields)
    assert got["authority"] == "巴西中央银行" and got["date"] == "2025-09-03"
    assert got["measure"] == "暂停对外外汇汇款" and got["country"] == "Brazil"


def test_fields_zh_amendment_titled_change_not_reported_to_insurer(make_pdf: MakePdf, settings: Settings,
                                                                  rules: Rules) -> None:
    from extract_helpers import kind_of

    rows = [(250, 50, "合同变更书"), (60, 80, "合同号码 SC-2024-4679"), (60, 100, "出具日期 2024年05月23日"),
            (60, 120, "变更后付款方式: 提单日后75天付款"), (60, 140, "本变更未报信用保险人批准。")]
    assert kind_of(make_pdf, settings, rules, rows).doc_type == DocType.AMENDMENT
    got = values(fields_of(make_pdf, settings, rules, DocType.AMENDMENT, rows))
    assert got == {"contract_number": "SC-2024-4679", "date": "2024-05-23", "payment_terms_days": 75,
                   "_payment_terms_basis": "shipment", "insurer_approved": False}


def test_fields_zh_invoice_date_in_the_payment_terms_labels_no_date(make_pdf: MakePdf, settings: Settings,
                                                                     rules: Rules) -> None:
    """'支付方式：发票日期后30天电汇' (30 days after the invoice date) names the invoice date inside a
    phrase: the date on the line under it is the due date, not the invoice's (seen on a scan)."""
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (250, 50, "商业发票"),
        (60, 90, "发票号：CI20240026"),
        (60, 110, "日期：2024年5月17日"),
        (60, 130, "支付方式：发票日期后30天电汇"),
        (60, 150, "应付款日期 2024年06月16日"),
    ])
    assert fields["date"].value == "2024-05-17" and fields["due_date"].value == "2024-06-16"


def test_fields_zh_case_number_read_with_ascii_brackets_has_its_printed_ones(rules: Rules) -> None:
    """'(2024) 鄂01破438号' as OCR reads （2024）鄂01破438号: the number as printed, brackets and all."""
    from claimready.extractors.values import read_case_number
    got = read_case_number("案号：(2024) 鄂01破438号", rules)
    assert got is not None and got.value == "（2024）鄂01破438号"


def test_fields_zh_case_number_with_no_label_has_its_printed_brackets(rules: Rules) -> None:
    """A ruling whose case number heads a line with no label ('(2024) 川01破3232号' as OCR reads it):
    found by its shape, printed as the court prints it."""
    from claimready.extractors.fields import extract_fields
    text = ocr_text(["四川省成都市中级人民法院", "民事裁定书", "(2024) 川01破3232号", "申请人：佛山美达陶瓷有限公司"])
    assert extract_fields(text, DocType.BANKRUPTCY_RULING, rules)["case_number"].value == "（2024）川01破3232号"


def test_fields_zh_contract_number_under_a_header_ocr_garbled(rules: Rules) -> None:
    """'CIOL] 合同日其' (合同编号 read as Latin, 期 as 其) over 'SC-2024-1660 2024年07月10日': the number under
    the garbled cell before the contract date's label is the contract's. Under a date label alone, no number is."""
    from claimready.extractors.fields import extract_fields
    from claimready.models import BBox, DocumentText, Line, Page, Word

    def contract(header: tuple[tuple[str, float], ...]) -> dict[str, object]:
        def line(y: float, words: tuple[tuple[str, float], ...]) -> Line:
            return Line(tuple(Word(t, BBox(x, y, x + 0.02 * len(t), y + 0.015), 0.9, "ocr") for t, x in words))
        page = Page(number=1, width=2480, height=3508, source="ocr", lines=(
            line(0.05, (("销售合同", 0.4),)), line(0.15, header),
            line(0.17, (("SC-2024-1660", 0.08), ("2024年07月10日", 0.55)))))
        return values(extract_fields(DocumentText(pages=(page,), language="zh"), DocType.CONTRACT, rules))

    got = contract((("CIOL]", 0.08), ("合同日其", 0.55)))
    assert got["contract_number"] == "SC-2024-1660" and got["date"] == "2024-07-10"
    assert "contract_number" not in contract((("合同日期", 0.55),))


def test_fields_zh_ocr_addressee_whose_gongsi_ocr_lost_is_the_buyer(rules: Rules) -> None:
    """'上海锦程贸易有限' alone in the addressee's place (公司 lost at the line's end): the buyer, not the
    letter's signature under it. Typed so, it is no company name."""
    from dataclasses import replace

    from extract_helpers import ocr_text

    from claimready.extractors.fields import extract_fields

    rows = ["青岛海天轮胎有限公司", "青岛市市南区黄浦路256号", "2024-05-02", "编号DN-184/2024", "上海锦程贸易有限",
            "上海市浦东新区世纪大道1200号", "关于逾期货款的催款函", "就贵司拖欠我司货款事宜致函如下:",
            "截至本函发出之日, 贵司仍欠青岛海天轮胎有限公司发票CI20249750项下货款共计RMB 1,436,884.00, 早已逾期",
            "青岛海天轮胎有限公司"]
    text = ocr_text(rows, confidence=0.9)
    assert values(extract_fields(text, DocType.DUNNING_LETTER, rules)).get("buyer") == "上海锦程贸易有限"
    typed = replace(text, pages=(replace(text.pages[0], source="text"),))
    assert values(extract_fields(typed, DocType.DUNNING_LETTER, rules)).get("buyer") != "上海锦程贸易有限"


def test_fields_zh_a_chinese_dates_year_glued_before_a_number_is_no_reference() -> None:
    """'2024年02月20日INV-2024-1126' (the date and the invoice number of a receipt's row run together):
    2024 is the date's year; the number is INV-2024-1126, alone or in a list."""
    from claimready.extractors.values import all_references, read_reference

    text = "2024年02月20日INV-2024-1126"
    got = read_reference(text, None)  # type: ignore[arg-type]
    assert got is not None and got.value == "INV-2024-1126"
    assert [r.value for r in all_references(text)] == ["INV-2024-1126"]


def test_fields_zh_doubtful_figures_yield_to_the_amount_in_capitals(rules: Rules) -> None:
    """'339,299.00' read at 0.31 (a speck read as 3) beside '叁万玖仟贰佰玖拾玖元整' read at 0.92: the
    capitals are the amount. Figures read surely stay, unless they are the capitals' amount less a
    digit; capitals that agree make them surer."""
    doubtful = ocr_text(["增值税普通发票", "价税合计 (大写) 叁万玖仟贰佰玖拾玖元整 (小写) ¥339,299.00"], confidence=0.92)
    page = doubtful.pages[0]
    words = tuple(replace(w, confidence=0.31) if "339" in w.text else w for w in page.lines[1].words)
    doubtful = replace(doubtful, pages=(replace(page, lines=(page.lines[0], replace(page.lines[1], words=words))),))
    got = extract_fields(doubtful, DocType.INVOICE, rules)["total_amount"]
    assert got.value == "39299.00" and got.raw == "叁万玖仟贰佰玖拾玖元"
    agreeing = ocr_text(["增值税普通发票", "价税合计 (大写) 叁万玖仟贰佰玖拾玖元整 (小写) ¥39,299.00"], confidence=0.92)
    page = agreeing.pages[0]
    words = tuple(replace(w, confidence=0.55) if "39," in w.text else w for w in page.lines[1].words)
    agreeing = replace(agreeing, pages=(replace(page, lines=(page.lines[0], replace(page.lines[1], words=words))),))
    got = extract_fields(agreeing, DocType.INVOICE, rules)["total_amount"]
    assert got.value == "39299.00" and got.confidence > 0.8
    sure = extract_fields(ocr_text(["增值税普通发票", "价税合计 (大写) 叁万玖仟贰佰玖拾玖元整 (小写) ¥339,299.00"], confidence=0.92),
                          DocType.INVOICE, rules)["total_amount"]
    assert sure.value == "339299.00"  # figures read surely: the discrepancy is the document's own
    short = extract_fields(ocr_text(["增值税普通发票", "价税合计 (大写) 贰拾叁万零伍佰叁拾柒元伍角 (小写) )2 30,537.50"],
                                    confidence=0.95), DocType.INVOICE, rules)["total_amount"]
    assert short.value == "230537.50"  # figures a digit short of the words lost it to a neighbour, however surely read
    partial = ocr_text(["增值税普通发票", "发票总金额 US Dollars 8,988.00", "合计(大写): 拾捌元整"], confidence=0.92)
    page = partial.pages[0]
    words = tuple(replace(w, confidence=0.6) if "8,988" in w.text else w for w in page.lines[1].words)
    partial = replace(partial, pages=(replace(page, lines=(page.lines[0], replace(page.lines[1], words=words),
                                                          page.lines[2])),))
    got = extract_fields(partial, DocType.INVOICE, rules)["total_amount"]
    assert got.value == "8988.00"  # words OCR read in part ('拾捌元' of 捌仟玖佰捌拾捌元): more than a digit apart
    tax = ocr_text(["增值税普通发票", "价税合计 ¥5,874.85", "(大写) 伍万壹仟零陆拾陆元整 (小写) #51,066.00"], confidence=0.92)
    page = tax.pages[0]
    words = tuple(replace(w, confidence=0.7) if "5,874" in w.text else w for w in page.lines[1].words)
    tax = replace(tax, pages=(replace(page, lines=(page.lines[0], replace(page.lines[1], words=words), page.lines[2])),))
    got = extract_fields(tax, DocType.INVOICE, rules)["total_amount"]
    assert got.value == "51066.00"  # a doubtful figure against words printed in figures elsewhere ('#51,066.00')


def test_fields_zh_amount_written_out_only_is_the_amount(rules: Rules) -> None:
    """'总计金额 #75,300.00 元': ¥ read as '#', so no figure is money; '人民币柒万伍仟叁佰元整', of the
    same figures, is the amount. Two different amounts written out name none; nor do words no
    number on the document has the figures of."""
    rows = ["商业发票", "总计金额 #75,300.00 元", "合计(大写):人民币柒万伍仟叁佰元整"]
    got = extract_fields(ocr_text(rows, confidence=0.92), DocType.INVOICE, rules)
    assert got["total_amount"].value == "75300.00" and got["currency"].value == "CNY"
    two = extract_fields(ocr_text([*rows, "其中运费:人民币叁佰元整"], confidence=0.92), DocType.INVOICE, rules)
    assert "total_amount" not in two
    partial = extract_fields(ocr_text([rows[0], rows[1], "合计(大写):人民币叁佰元整"], confidence=0.92), DocType.INVOICE, rules)
    assert "total_amount" not in partial  # words no figure on the document confirms: what OCR left of them


def test_fields_zh_yen_read_as_ban_is_the_currency_and_leaves_the_figures_sure(rules: Rules) -> None:
    """'货款共计 半 355,303.50': chi_sim read ¥ as 半 (at 0.00). The currency is CNY, as doubtful as
    its reading; the amount is as sure as its figures."""
    text = ocr_text(["律师函", "致:成都蓉发机电设备有限公司", "贵司仍欠我司发票 202409207 项下货款共计 半 355,303.50 ，早已逾期。"],
                    confidence=0.95)
    page = text.pages[0]
    words = tuple(replace(w, confidence=0.0) if w.text == "半" else w for w in page.lines[2].words)
    text = replace(text, pages=(replace(page, lines=(*page.lines[:2], replace(page.lines[2], words=words))),))
    got = extract_fields(text, DocType.DUNNING_LETTER, rules)
    assert got["amount_due"].value == "355303.50" and got["amount_due"].confidence > 0.9
    assert got["currency"].value == "CNY" and got["currency"].confidence == 0.0


def test_fields_zh_ocr_amount_in_the_euro_areas_format_with_no_currency_read_is_euros_guessed(rules: Rules) -> None:
    """'尚欠货款956.986,00 全' (chi_sim has no €: '€未' read as 全): figures printed with dots between the
    thousands and a comma before the cents are EUR, a guess below the checks' confidence (an eye looks);
    figures printed as US dollars or yuan are, or a currency read, give no such guess."""
    def letter(owed: str) -> dict[str, object]:
        rows = ["上海市锦天城律师事务所", "律师函", "武汉长江建材有限责任公司：",
                f"经查，委托人已向贵司交付货物并开具发票(202409208, 202409209)，贵司至今尚欠货款{owed} 全", "付。",
                "上海市锦天城律师事务所", "2024年3月27日"]
        fields = extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules)
        return {name: (f.value, f.confidence) for name, f in fields.items()}

    guessed = letter("956.986,00")
    assert guessed["amount_due"][0] == "956986.00"
    assert guessed["currency"][0] == "EUR" and guessed["currency"][1] < Settings().low_confidence
    assert "currency" not in letter("956,986.00")
    assert letter("USD 956.986,00")["currency"] == ("USD", 0.9)



def test_fields_zh_sentence_naming_a_company_near_the_top_is_no_addressee(rules: Rules) -> None:
    """'截至本函发出之日，贵司仍欠佛山美达陶瓷有限公司发票' high on a short letter whose addressee OCR
    misread ('... Ticaret A.9.', A.Ş.): a clause of a sentence, no name block; the buyer is the
    addressee, its legal form as printed."""
    rows = ["中国信保追偿服务中心", "2025年5月17日", "编号 DN-913/2025", "Şişli Tekstil Sanayi ve Ticaret A.9.",
            "关于逾期货款的最后催款函", "我司受债权人佛山美达陶瓷有限公司委托，就贵司拖欠委托人货款事宜致函如下：",
            "截至本函发出之日，贵司仍欠佛山美达陶瓷有限公司发票",  # a cell of its own: a gap before the numbers
            "202506767、202506768 项下货款共计USD 121,326.50，早已逾期。", "中国信保追偿服务中心"]
    got = values(extract_fields(ocr_text(rows, confidence=0.9), DocType.DUNNING_LETTER, rules))
    assert got.get("seller") == "佛山美达陶瓷有限公司"
    assert got.get("buyer") == "Şişli Tekstil Sanayi ve Ticaret A.Ş."


def test_fields_zh_ocr_company_name_read_surer_elsewhere_one_character_otherwise_is_that_reading(rules: Rules) -> None:
    """'厦门金发光伏科技有限公司' in the seller's box (金发 read for 金鹭, the name at 0.65), and
    '厦门金鹭光伏科技有限公司' heading the page at 0.87 or more: one name, the surer reading; read
    no surer there, the box's reading stays."""
    from dataclasses import replace as with_

    def invoice(head_confidence: float) -> dict[str, object]:
        text = ocr_text(["厦门金鹭光伏科技有限公司发票", "厦门市湖里区象屿路9号", "发票号：24INV0101",
                         "卖方：厦门金发光伏科技有限公司", "买方：武汉长江建材有限责任公司"], confidence=0.65)
        page = text.pages[0]
        head = with_(page.lines[0], words=tuple(with_(w, confidence=head_confidence) for w in page.lines[0].words))
        text = with_(text, pages=(with_(page, lines=(head, *page.lines[1:])),))
        return values(extract_fields(text, DocType.INVOICE, rules))
    assert invoice(0.9).get("seller") == "厦门金鹭光伏科技有限公司"
    assert invoice(0.7).get("seller") == "厦门金发光伏科技有限公司"


def test_fields_zh_payment_term_with_its_day_misread_and_a_delivery_period_beside(rules: Rules) -> None:
    """'支付方式:装运后60夫电汇付款' (天 read as 夫): the term is 60 days after shipment, a guess; the
    delivery period '交货期:收到预付款后45天内' speaks of an advance payment but is no payment term."""
    rows = ["出口销售合同", "合同编号:HX247493", "交货期:收到预付款后45天内。", "支付方式:装运后60夫电汇付款"]
    got = extract_fields(ocr_text(rows, confidence=0.9), DocType.CONTRACT, rules)
    assert got["payment_terms_days"].value == 60 and got["_payment_terms_basis"].value == "shipment"
    assert got["payment_terms_days"].confidence < 0.9
    delivery_only = extract_fields(ocr_text(rows[:3], confidence=0.9), DocType.CONTRACT, rules)
    assert "payment_terms_days" not in delivery_only


def test_fields_zh_invoice_number_after_its_english_twin_label_misread(rules: Rules) -> None:
    """'发票编号/Inv, #: | EX-01578' (the twin 'Inv. #' misread, the number in the next cell) and
    '发票号1IBMMINVOICE NO.: EX-08569' (the slash and the twin's first word read as one word at 0.23):
    the number after the twin's colon is the invoice number (it was missing: MISSING_FIELD)."""
    def invoice(*cells: tuple[float, str, float]) -> DocumentText:
        words = []
        for x, text, confidence in cells:
            for token in text.split():
                width = 0.012 * len(token)
                words.append(Word(token, BBox(x, 0.12, x + width, 0.135), confidence, "ocr"))
                x += width + 0.008
        title = Line((Word("COMMERCIAL", BBox(0.3, 0.08, 0.42, 0.095), 0.95, "ocr"),
                      Word("INVOICE", BBox(0.43, 0.08, 0.52, 0.095), 0.95, "ocr")))
        page = Page(number=1, width=2480, height=3508, lines=(title, Line(tuple(words))), source="ocr")
        return DocumentText(pages=(page,), language="zh")
    split = invoice((0.08, "发票编号/Inv, #:", 0.9), (0.45, "EX-01578", 0.91))
    assert extract_fields(split, DocType.INVOICE, rules)["invoice_number"].value == "EX-01578"
    garbled = invoice((0.08, "发票号", 0.92), (0.125, "1IBMMINVOICE", 0.23), (0.28, "NO.: EX-08569", 0.9))
    assert extract_fields(garbled, DocType.INVOICE, rules)["invoice_number"].value == "EX-08569"


def test_fields_zh_port_label_glued_to_the_next_boxs_label_is_no_port(rules: Rules) -> None:
    """'装货港货港' (装货港 and 卸货港 read as one word, 卸 lost): '货港' beside the loading port's label
    is the next box's label, no port; the port is under it."""
    def word(text: str, x: float, y: float) -> Word:
        return Word(text, BBox(x, y, x + 0.02 * len(text), y + 0.012), 0.95, "ocr")
    lines = (Line((word("提单", 0.4, 0.05), word("BILL", 0.46, 0.05), word("OF", 0.52, 0.05), word("LADING", 0.56, 0.05))),
             Line((word("装货港货港", 0.08, 0.2),)),
             Line((word("青岛", 0.08, 0.215), word("Callao,", 0.45, 0.215), word("Peru", 0.55, 0.215))))
    page = Page(number=1, width=2480, height=3508, lines=lines, source="ocr")
    got = extract_fields(DocumentText(pages=(page,), language="zh"), DocType.BILL_OF_LADING, rules)
    assert got["port_of_loading"].value == "青岛"


def test_fields_zh_figures_grouped_by_a_space_keep_against_capitals_ocr_cut(rules: Rules) -> None:
    """'USD 49 438.95' read at 0.66 beside capitals whose head OCR lost ('肆佰叁拾捌元玖角伍分', or
    broken by 仟 read as 件): the capitals' 438.95 is the tail of the figure itself, printed nowhere
    else; the figures stay (the invoice's total had become 438.95: AMOUNT_MISMATCH three times)."""
    for capitals in ("大写金额; 美元肆万玖件肆佰叁拾捌元玖角伍分", "大写金额; 美元 肆佰叁拾捌元玖角伍分"):
        text = ocr_text(["COMMERCIAL INVOICE 商业发票", "发票总金额 USD 49 438.95", capitals], confidence=0.92)
        page = text.pages[0]
        words = tuple(replace(w, confidence=0.66) if w.text in ("49", "438.95") else w for w in page.lines[1].words)
        text = replace(text, pages=(replace(page, lines=(page.lines[0], replace(page.lines[1], words=words), page.lines[2])),))
        assert extract_fields(text, DocType.INVOICE, rules)["total_amount"].value == "49438.95", capitals


def test_fields_zh_bill_of_lading_place_of_receipt_is_no_consignee(rules: Rules) -> None:
    """'通知方 | 收货地' over 'Şişli ... A.S. | Qingdao CY' (the consignee's box label OCR lost above):
    收货地 is the place of receipt's label, not 收货人 one character off; 'Qingdao CY' is no consignee."""
    def word(text: str, x: float, y: float) -> Word:
        return Word(text, BBox(x, y, x + 0.015 * len(text), y + 0.012), 0.93, "ocr")
    lines = (Line((word("海运提单", 0.6, 0.05),)),
             Line((word("通知方", 0.08, 0.25), word("收货地", 0.55, 0.25))),
             Line((word("Şişli", 0.08, 0.265), word("Tekstil", 0.17, 0.265), word("Sanayi", 0.3, 0.265),
                   word("ve", 0.4, 0.265), word("Ticaret", 0.44, 0.265), word("A.S.", 0.5, 0.265),
                   word("Qingdao", 0.6, 0.265), word("CY", 0.72, 0.265))))
    page = Page(number=1, width=2480, height=3508, lines=lines, source="ocr")
    got = extract_fields(DocumentText(pages=(page,), language="zh"), DocType.BILL_OF_LADING, rules)
    assert "consignee" not in got


def test_fields_zh_vat_invoice_total_is_the_total_with_tax_whatever_the_sum_row_reads(rules: Rules) -> None:
    """A VAT invoice's '合计' row OCR garbled into a larger figure ('849395.74|' at 0.35), its capitals
    garbled too ('叁参佰'), above '价税合计 (大写) … (小写) ¥429,363.00': the total, tax included, is the
    invoice's total."""
    rows = ["增值税专用发票", "合计 | | sz379967.26| | 849395.74|", "价税合计 (大写) 肆拾贰万玖仟叁参佰陆拾叁元整 (小写) ¥429,363.00"]
    text = ocr_text(rows, confidence=0.9)
    page = text.pages[0]
    garbled = replace(page.lines[1], words=tuple(replace(w, confidence=0.35) if "849" in w.text else w
                                                  for w in page.lines[1].words))
    text = replace(text, pages=(replace(page, lines=(page.lines[0], garbled, page.lines[2])),))
    assert extract_fields(text, DocType.INVOICE, rules)["total_amount"].value == "429363.00"
