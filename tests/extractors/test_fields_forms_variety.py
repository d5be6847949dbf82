"""Form layouts and wordings beyond our own fixtures: boxed grids whose labels sit above their
values, bilingual box labels, label synonyms, and date/term spellings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from extract_helpers import fields_of, values

from claimready.extractors.normalize import find_dates
from claimready.models import DocType
from claimready.rules import Rules, load_rules
from claimready.settings import Settings

MakePdf = Callable[..., Path]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


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
