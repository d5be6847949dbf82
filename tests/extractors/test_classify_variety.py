"""Letters told from forms by their structure, whatever their wording: a letter that cites invoice
numbers and amounts is still a letter; a form with line items is still a form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extract_helpers import kind_of

from claimready.models import DocType
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


def _rows(*texts: str) -> list[tuple[float, float, str]]:
    return [(60, 40 + 16 * i, t) for i, t in enumerate(texts)]


def test_classify_dunning_letter_with_subject_naming_invoices(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "Nordhafen Maschinenbau GmbH",
        "Am Sandtorkai 12, 20457 Hamburg",
        "3 March 2025",
        "To: Pacific Rim Traders Pty Ltd",
        "Subject: Invoice No. NH-5512 and Invoice No. NH-5513",
        "Dear Mr. Walsh,",
        "Our ledger shows that Invoice No. NH-5512 and Invoice No. NH-5513 for a total of EUR 84,300.00",
        "have still not been settled although they fell due in January. We would be grateful for your",
        "payment within ten days.",
        "Yours faithfully,",
        "Nordhafen Maschinenbau GmbH",
    ))
    assert result.doc_type == DocType.DUNNING_LETTER


def test_classify_debt_acknowledgement_letter_from_the_buyer(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "Pacific Rim Traders Pty Ltd",
        "12 Harbour Street, Sydney NSW 2000",
        "Date: 14 April 2025",
        "Messrs. Nordhafen Maschinenbau GmbH",
        "Re: Invoice NH-5512, amount EUR 84,300.00",
        "Dear Sirs,",
        "We refer to your letter and acknowledge that the amount of EUR 84,300.00 invoiced under NH-5512",
        "is owed by us. We regret the delay and will pay the balance by the end of May.",
        "Kind regards,",
        "Pacific Rim Traders Pty Ltd",
    ))
    assert result.doc_type == DocType.DEBT_ACKNOWLEDGEMENT


def test_classify_chinese_repayment_undertaking(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "广州恒瑞贸易有限公司",
        "还款承诺函",
        "致：青岛远洋机械有限公司",
        "我司于2024年向贵司采购设备，发票号：QY-881、QY-882，金额合计人民币350,000.00元。",
        "我司对上述欠款无异议，承诺于2025年6月30日前付清。",
        "广州恒瑞贸易有限公司（公章）",
        "2025年3月1日",
    ))
    assert result.doc_type == DocType.DEBT_ACKNOWLEDGEMENT


def test_classify_chinese_overdue_letter_citing_invoice_numbers(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "青岛远洋机械有限公司",
        "致：广州恒瑞贸易有限公司",
        "关于发票QY-881、QY-882货款的函",
        "贵司发票号QY-881、QY-882项下货款合计人民币350,000.00元，付款期限已过，我司至今未收到货款。",
        "请贵司在收到本函后七日内付清。",
        "此致",
        "敬礼",
        "青岛远洋机械有限公司（公章）",
    ))
    assert result.doc_type == DocType.DUNNING_LETTER


def test_classify_invoice_with_a_courtesy_note_stays_an_invoice(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "Nordhafen Maschinenbau GmbH",
        "INVOICE",
        "Invoice No.: NH-5512    Date: 2 December 2024",
        "To: Pacific Rim Traders Pty Ltd",
        "Description of goods    Quantity    Unit Price    Amount",
        "Hydraulic press HP-20    2    42,150.00    84,300.00",
        "Total: EUR 84,300.00",
        "Dear customer, we thank you for your order. Our bank details are below.",
        "Kind regards, for and on behalf of Nordhafen Maschinenbau GmbH",
    ))
    assert result.doc_type == DocType.INVOICE


def test_classify_statement_of_account_table_is_a_collection_record(make_pdf: MakePdf, settings: Settings,
                                                                     rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "Nordhafen Maschinenbau GmbH",
        "STATEMENT OF ACCOUNT",
        "Customer: Pacific Rim Traders Pty Ltd      As at: 31 March 2025",
        "Invoice    Invoice date    Due date    Amount",
        "NH-5512    2 December 2024    31 January 2025    84,300.00",
        "NH-5513    9 December 2024    7 February 2025    12,000.00",
        "Balance due    EUR 96,300.00",
    ))
    assert result.doc_type == DocType.DUNNING_LETTER


def test_classify_wrapped_sentence_naming_an_invoice_is_no_title(make_pdf: MakePdf, settings: Settings,
                                                                  rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "Pacific Rim Traders Pty Ltd",
        "CONFIRMATION OF INDEBTEDNESS",
        "Pacific Rim Traders Pty Ltd confirms that it owes Nordhafen Maschinenbau GmbH the sum of EUR 84,300.00 for",
        "goods delivered under invoice NH-5512.",
        "Signed on 14 April 2025.",
    ))
    assert result.doc_type == DocType.DEBT_ACKNOWLEDGEMENT


def test_classify_sales_confirmation_is_a_contract(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "Nordhafen Maschinenbau GmbH",
        "ORDER CONFIRMATION",
        "No.: OC-2025-17    Date: 5 November 2024",
        "Buyer: Pacific Rim Traders Pty Ltd",
        "We confirm having sold to you the following goods on the terms below:",
        "Hydraulic press HP-20    2 sets    EUR 42,150.00    EUR 84,300.00",
        "Payment: 60 days after B/L date",
    ))
    assert result.doc_type == DocType.CONTRACT


def test_classify_receipt_slip_whose_invoice_number_label_is_no_title(make_pdf: MakePdf, settings: Settings,
                                                                      rules: Rules) -> None:
    result = kind_of(make_pdf, settings, rules, _rows(
        "到货回执",
        "发票号：QY-881    送货单编号：SD-2025-07",
        "发货单位：青岛远洋机械有限公司",
        "货物名称    数量    单价",
        "液压机    2台    42,150.00",
        "以上货物我司已于2025年1月12日收到。",
        "经办人签字：________",
    ))
    assert result.doc_type == DocType.DELIVERY_RECEIPT
