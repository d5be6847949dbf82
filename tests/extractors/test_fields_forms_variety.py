"""Form layouts and wordings beyond our own fixtures: boxed grids whose labels sit above their
values, bilingual box labels, label synonyms, and date/term spellings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from extract_helpers import fields_of, values

from claimready.extractors.normalize import find_dates, find_terms
from claimready.extractors.fields import extract_fields
from claimready.models import BBox, DocType, DocumentText, Line, Page, Word
from claimready.rules import Rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


def test_fields_forms_next_box_label_is_not_the_value(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (50, 60, "Notify Address (no claim if not notified)"), (330, 60, "Pre-carriage by"),
        (50, 74, "Lagos Ceramics Distribution Ltd."), (330, 74, "TRUCK"),
        (50, 100, "Discharge Port"), (200, 100, "Vessel Name / 船名"), (400, 100, "Booking No."),
        (50, 114, "Apapa, Lagos"), (200, 114, "MSC AURORA 231N"), (400, 114, "BK99120"),
    ])
    got = values(fields)
    assert got["notify_party"] == "Lagos Ceramics Distribution Ltd."
    assert got["port_of_discharge"] == "Apapa, Lagos"


def test_fields_forms_label_with_nested_hint_then_chinese_twin(make_pdf: MakePdf, settings: Settings,
                                                               rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (50, 60, "被通知人（Notify Party (see clause 20)）"), (330, 60, "前程运输 Pre-carriage by"),
        (50, 74, "Kumasi Hardware Company Limited"), (330, 74, "BARGE"),
        (50, 100, "Consignee (unless 'to order') / 收货人"),
        (50, 114, "Accra Building Supplies Ltd."),
    ])
    got = values(fields)
    assert got["notify_party"] == "Kumasi Hardware Company Limited"
    assert got["consignee"] == "Accra Building Supplies Ltd."


def test_fields_forms_value_under_label_stops_at_the_next_column(make_pdf: MakePdf, settings: Settings,
                                                                 rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (50, 60, "Shipper"), (282, 60, "B/L No.: MEDU7781200"),
        (50, 74, "Guangzhou Lighting Co., Ltd."), (282, 74, "MEDITERRANEAN SHIPPING"),
        (282, 88, "MSC"), (50, 100, "Consignee"),
        (50, 114, "TO ORDER OF ZENITH BANK IKEJA BRANCH"), (282, 114, "COMBINED TRANSPORT"),  # a 10 pt gap
        (282, 128, "BILL OF LADING"),
    ])
    assert values(fields)["consignee"] == "TO ORDER OF ZENITH BANK IKEJA BRANCH"


@pytest.mark.parametrize("line", [
    "Exporter's Reference: INV GZ-2025-118",
    "Shipper's Ref.: GZ-2025-118",
    "Commercial Invoice GZ-2025-118",
    "出口编号：GZ-2025-118",
])
def test_fields_forms_bill_of_lading_invoice_reference_synonyms(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                                                line: str) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (50, 60, "B/L No.: MEDU7781200"), (50, 80, line),
    ])
    assert values(fields)["invoice_number"] == "GZ-2025-118"


def test_fields_forms_shipped_on_board_date_with_two_digit_year(make_pdf: MakePdf, settings: Settings,
                                                                rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BILL_OF_LADING, [
        (50, 60, "Place and date of issue: Guangzhou, 09/OCT/24"),
        (50, 80, "Laden on board: 07/OCT/24"),
    ])
    assert values(fields)["date"] == "2024-10-07"


@pytest.mark.parametrize(("text", "iso"), [
    ("5-Aug-24", "2024-08-05"), ("31/DEC/23", "2023-12-31"), ("the 21st day of August, 2025", "2025-08-21"),
    ("Sept. 2, 2025", "2025-09-02"), ("二〇二四年十二月三十一日", "2024-12-31"),
])
def test_fields_forms_date_spellings(text: str, iso: str) -> None:
    assert [f.value for f in find_dates(text)] == [iso]


@pytest.mark.parametrize("text", ["valid 5 May 24 hours a day", "item 12-MAY-2", "at 1-Mar-12:30"])
def test_fields_forms_two_digit_year_needs_a_date_shape(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize("header", ["Against Contract", "Buyer's Order No.", "PO Ref.", "Contract / 合同号", "购销合同号"])
def test_fields_forms_invoice_contract_reference_header(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                                        header: str) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "Invoice No."), (200, 60, "Invoice Date"), (380, 60, header),
        (50, 74, "TX-5531"), (200, 74, "2025-04-02"), (380, 74, "KS/2025/118"),
    ])
    assert values(fields)["contract_number"] == "KS/2025/118"


def test_fields_forms_bare_word_label_needs_a_header_or_colon(make_pdf: MakePdf, settings: Settings,
                                                              rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "Invoice No.: TX-5531"), (50, 80, "Contract price adjusted by 2500 per unit"),
    ])
    assert "contract_number" not in values(fields)


def test_fields_forms_label_inside_a_sentence_takes_no_value_from_the_next_cell(make_pdf: MakePdf, settings: Settings,
                                                                               rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "Issued"), (50, 74, "02 APR 2025"),
        (50, 100, "Settlement"), (250, 100, "Pay by"),
        (50, 114, "75 days counted from date of invoice"), (250, 114, "16 JUN 2025"),
    ])
    got = values(fields)
    assert got["due_date"] == "2025-06-16" and got.get("date") != "2025-06-16"


def test_fields_forms_grand_total_after_part_sums(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "Invoice No.: TX-5531"),
        (300, 100, "Merchandise total"), (450, 100, "EUR 90,000.00"),
        (300, 115, "Less discount"), (450, 115, "EUR -4,500.00"),
        (300, 130, "Total amount payable"), (450, 130, "EUR 85,500.00"),
    ])
    assert values(fields)["total_amount"] == "85500.00"


def test_fields_forms_vat_invoice_party_box_name_line(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 40, "发票号码：31229001"),
        (50, 60, "购买方"), (50, 74, "单位名称：南京恒安五金有限公司"), (50, 88, "纳税人识别号：91320100MA1XYZ0001"),
        (50, 110, "销售方"), (50, 124, "名称：温州精工阀门有限公司"), (50, 138, "地址、电话：温州市鹿城区 0577-8888"),
    ])
    got = values(fields)
    assert got["buyer"] == "南京恒安五金有限公司" and got["seller"] == "温州精工阀门有限公司"


def test_fields_forms_invoice_buyer_under_to_label(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "To:"), (300, 60, "Invoice No.: TX-5531"),
        (50, 74, "Karoo Agricultural Supplies (Pty) Ltd"),
        (50, 100, "Shipment: from Durban to Felixstowe"),
    ])
    assert values(fields)["buyer"] == "Karoo Agricultural Supplies (Pty) Ltd"


@pytest.mark.parametrize(("text", "days"), [
    ("货到后六十天内付款", 60), ("提单日后一百八十日付款", 180), ("Net forty-five days from invoice", 45),
    ("payable within seventy-five (75) days of shipment", 75), ("ninety days D/A", 90),
])
def test_fields_forms_payment_terms_in_words(rules: Rules, text: str, days: int) -> None:
    found = find_terms(text, rules)
    assert found is not None and found.value.days == days


@pytest.mark.parametrize("text", ["请于2025年7月15日前付款", "二〇二五年六月三十日", "Invoice dated 3rd day of May"])
def test_fields_forms_dates_are_not_payment_terms(rules: Rules, text: str) -> None:
    assert find_terms(text, rules) is None


def test_fields_forms_court_heading_without_its_lead_in(make_pdf: MakePdf, settings: Settings, rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BANKRUPTCY_RULING, [
        (150, 50, "BEFORE THE HIGH COURT OF JUSTICE OF KENYA AT NAIROBI"),
        (50, 80, "Insolvency Cause No. E044 of 2025"),
        (50, 100, "Judgment delivered on 4-Mar-25: Savanna Foods Limited is placed in liquidation."),
    ])
    got = values(fields)
    assert got["court"] == "HIGH COURT OF JUSTICE OF KENYA AT NAIROBI" and got["date"] == "2025-03-04"


@pytest.mark.parametrize("label", ["Measures taken:", "Subject matter:", "Action taken:", "采取措施："])
def test_fields_forms_government_order_measure_after_its_label(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                                               label: str) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.GOVERNMENT_ORDER, [
        (50, 50, "Central Bank of Nigeria"), (50, 70, "Circular dated 3 April 2025"),
        (50, 90, f"{label} Suspension of foreign exchange sales to importers"),
    ])
    assert values(fields)["measure"] == "Suspension of foreign exchange sales to importers"


def test_fields_forms_twin_labels_of_two_sets_share_one_column(make_pdf: MakePdf, settings: Settings,
                                                               rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "致 / Bill To:"), (300, 60, "Invoice No.: TX-5531"),
        (50, 74, "Nairobi Cement Traders Ltd"),
    ])
    assert values(fields)["buyer"] == "Nairobi Cement Traders Ltd"


def test_fields_forms_party_under_label_stops_at_the_next_box_of_its_row(make_pdf: MakePdf, settings: Settings,
                                                                         rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "Vendor"), (259, 60, "Customer"),
        (50, 74, "Ikeja Steel Rolling and Wire Company Limited"), (259, 74, "Oyo Agro Processing Ltd"),  # a 10 pt gap
        (50, 88, "Victoria Island, Lagos"),
    ])
    got = values(fields)
    assert got["seller"] == "Ikeja Steel Rolling and Wire Company Limited" and got["buyer"] == "Oyo Agro Processing Ltd"


def test_fields_forms_value_in_the_next_column_is_cut_from_running_text(make_pdf: MakePdf, settings: Settings,
                                                                        rules: Rules) -> None:
    # the due date stands under its header, 8 pt after the terms text: too narrow a gap for a cell of its own
    fields = fields_of(make_pdf, settings, rules, DocType.INVOICE, [
        (50, 60, "Invoice No.: TX-5531"), (50, 74, "Issue Date: 2 April 2025"),
        (50, 100, "Terms"), (182, 100, "Maturity"),
        (50, 114, "75 days net from invoice date"), (182, 114, "16-06-2025"),
    ])
    got = values(fields)
    assert got["date"] == "2025-04-02" and got["due_date"] == "2025-06-16" and got["payment_terms_days"] == 75


@pytest.mark.parametrize(("printed", "number"), [("2024/1187 E.", "2024/1187 E."), ("K 118/2025.", "K 118/2025"),
                                               ("XIV GU 628/24", "XIV GU 628/24")])  # a division in Roman figures
def test_fields_forms_case_number_with_register_letter(make_pdf: MakePdf, settings: Settings, rules: Rules,
                                                       printed: str, number: str) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.BANKRUPTCY_RULING, [
        (50, 50, "Ankara 5th Commercial Court"), (50, 70, f"Case number: {printed}"),
    ])
    assert values(fields)["case_number"] == number


def test_fields_forms_letter_amount_is_money_not_a_bracketed_number(make_pdf: MakePdf, settings: Settings,
                                                                    rules: Rules) -> None:
    fields = fields_of(make_pdf, settings, rules, DocType.DUNNING_LETTER, [
        (50, 50, "Ikeja Steel Rolling Mills Limited"), (50, 70, "Date: 4 March 2025"),
        (50, 90, "Re: Amount outstanding on account (55012399)"),
        (50, 110, "Our records show EUR 18,400.50 unpaid under invoice SR-2025-031, which fell due in January."),
    ])
    got = values(fields)
    assert got["amount_due"] == "18400.50" and got["currency"] == "EUR"


def _ocr_grid(rows: list[list[tuple[float, str]]]) -> DocumentText:
    """An OCR'd page of boxes: each row's cells at their x (fraction of the page width)."""
    lines = []
    for i, row in enumerate(rows):
        y = 0.1 + i * 0.03
        lines.append(Line(tuple(Word(text, BBox(x, y, x + 0.015 * len(text), y + 0.02), 0.9, "ocr") for x, text in row)))
    return DocumentText(pages=(Page(number=1, width=2480, height=3508, lines=tuple(lines), source="ocr"),), language="zh")


def test_fields_forms_ocr_misread_chinese_box_label_is_not_a_value(rules: Rules) -> None:
    text = _ocr_grid([
        [(0.1, "提单号:COSU6612004")],
        [(0.1, "起运港"), (0.4, "日的港"), (0.7, "船名")],  # 目的港 read as 日的港
        [(0.1, "天津"), (0.4, "Mombasa, Kenya"), (0.7, "KOTA LESTARI")],
    ])
    got = values(extract_fields(text, DocType.BILL_OF_LADING, rules))
    assert got["port_of_loading"] == "天津" and got["port_of_discharge"] == "Mombasa, Kenya"


def test_fields_forms_ocr_dot_between_number_and_days(rules: Rules) -> None:
    found = find_terms("D/P 45.days from B/L date", rules)
    assert found is not None and found.value.days == 45


def test_fields_forms_ocr_next_box_label_with_a_misread_prefix_is_not_the_shipper(rules: Rules) -> None:
    """'发货人 Shipper | 收货A/Consigned to' (收货人 with 人 read 'A'): the right box's header is no
    shipper; the shipper is under its own label."""
    text = _ocr_grid([
        [(0.1, "海运提单 BILL OF LADING")],
        [(0.087, "发货人"), (0.13, "Shipper"), (0.489, "收货A/Consigned"), (0.703, "to")],
        [(0.088, "Ningbo Oriental Textile Import & Export Co., Ltd."), (0.85, "TO ORDER")],
    ])
    got = values(extract_fields(text, DocType.BILL_OF_LADING, rules))
    assert got["shipper"] == "Ningbo Oriental Textile Import & Export Co., Ltd."
