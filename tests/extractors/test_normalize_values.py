from __future__ import annotations

import pytest

from claimready.extractors.normalize import (currency_finder, decimal_string, disambiguate_yen, find_capital_amounts,
                                            find_dates, find_terms, parse_date, words_amount)
from claimready.extractors.values import read_amount
from claimready.rules import Rules


@pytest.mark.parametrize("text, expected", [
    ("2025-03-14", "2025-03-14"),
    ("14 March 2025", "2025-03-14"),
    ("March 14, 2025", "2025-03-14"),
    ("14.03.2025", "2025-03-14"),
    ("14/03/2025", "2025-03-14"),
    ("03/04/2025", "2025-04-03"),  # day-first when both readings are possible
    ("03/14/2025", "2025-03-14"),  # month-first only when day-first is impossible
    ("2025年3月14日", "2025-03-14"),
    ("2025 年 3 月 14 日", "2025-03-14"),
    ("二〇二五年三月十四日", "2025-03-14"),
    ("14-Mar-2025", "2025-03-14"),
    ("Dated this 1st day of April, 2025", "2025-04-01"),
    ("on the 1st of April, 2025", "2025-04-01"),
    ("Sept. 3, 2025", "2025-09-03"),
    ("Oct : 7 : 2024", "2024-10-07"),  # 'Oct. 7, 2024' on a scan: its dot and comma read as colons
    ("Jun, 20, 2024", "2024-06-20"),  # 'Jun. 20, 2024' on a scan: its dot read as a comma
    ("28 : 01 : 2025", "2025-01-28"),  # '28.01.2025' on a scan
    ("Date : 30 Jui 2024", "2024-07-30"),  # 'Jul' with its l read as i
    ("0ct. 7, 2024", "2024-10-07"),
    ("Sep..18, 2024", "2024-09-18"),  # a speck beside the abbreviation's dot
    ("开票日期:2025年1月3 0日", "2025-01-30"),  # a space OCR put inside the day: 日 ends it, not the space
    ("2025年1 2月5日", "2025-12-05"),
    ("7:Oct 2024", "2024-10-07"),  # a speck read as a colon after the day
    ("签订日期: 2024/1 2/22", "2024-12-22"),  # a space OCR put inside the month: the separator ends it
])
def test_normalize_date_formats(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_normalize_date_chinese_date_with_its_characters_read_as_latin_is_a_guess() -> None:
    """'2024年11月19日' as tesseract's Latin reading leaves it: found, but less sure than a date
    printed so; words, references and bare numbers between are no such date."""
    for garbled, expected in [("2024£11A 19A", "2024-11-19"), ("202411A14A", "2024-11-14"), ("202411 H 30H", "2024-11-30")]:
        found = find_dates(garbled)
        assert [f.value for f in found] == [expected] and found[0].sure < 1.0
    for other in ["in 2024 to 12 of 15", "2024SC1215", "20241130", "2024 ab 11 cd 19", "PO2024A11B19"]:
        assert find_dates(other) == [], other


def test_normalize_date_chinese_date_with_its_year_character_read_as_a_digit() -> None:
    """'202445A3A' for 2024年5月3日: 年 read as '4' makes a month 45; the digit before the month is
    the misread character, the date a guess surer of nothing; a month that can be a month stays."""
    found = find_dates("202445A3A")
    assert [f.value for f in found] == ["2024-05-03"] and found[0].sure < 0.8
    assert [f.value for f in find_dates("202411A30A")] == ["2024-11-30"]
    assert find_dates("2024-13-05") == []


def test_normalize_date_chinese_date_with_only_its_month_character_misread() -> None:
    """'2024 年 9 H28,' for 2024年9月28日 (月 read as H, 日 lost): a guess; 年 alone before words is no date."""
    found = find_dates("the Court, on 2024 年 9 H28, declares the Debtor bankrupt")
    assert [f.value for f in found] == ["2024-09-28"] and found[0].sure < 1.0
    assert find_dates("in 2024 年 we had 12 A 5") == []


def test_normalize_date_day_with_a_speck_read_as_a_third_digit() -> None:
    """'214 April 2024' (a speck after 21 read as 4): the day is the first two digits, a guess;
    a year before the month is no day."""
    found = find_dates("Laden on Board : 214 April 2024")
    assert [f.value for f in found] == ["2024-04-21"] and found[0].sure < 1.0
    assert find_dates("2024 April 2024") == []
    assert find_dates("21 April 2024")[0].sure == 1.0


def test_normalize_date_chinese_day_after_a_speck_or_read_as_a_lookalike() -> None:
    """'2024 年 7 月 : 1 日' (a speck read as a colon before the day), '2025 年 4 月 : ! 日' (1 read as
    '!' before 日, a guess)."""
    assert parse_date("装运日期: 2024 年 7 月 : 1 日") == "2024-07-01"
    found = find_dates("2025 年 4 月 : ! 日")
    assert [f.value for f in found] == ["2025-04-01"] and found[0].sure < 1.0
    found = find_dates("HX247493 2024年10月:日佛山")  # a thin 1 read as a colon, alone between 月 and 日
    assert [f.value for f in found] == ["2024-10-01"] and found[0].sure < 1.0


def test_normalize_date_month_with_its_l_read_as_t_or_il_as_one_glyph() -> None:
    assert parse_date("CI20248401 13 juty 2024") == "2024-07-13"
    assert parse_date("; : Aprü 17, 2024") == "2024-04-17"


def test_normalize_date_rejects_bare_numbers_and_impossible_dates() -> None:
    assert parse_date("Invoice INV-2025-0042 qty 14 03") is None
    assert parse_date("31.02.2025") is None


@pytest.mark.parametrize("number, expected", [
    ("48,250.00", "48250.00"), ("48.250,00", "48250.00"), ("48 250,00", "48250.00"), ("312000", "312000.00"),
    ("1,250", "1250.00"), ("48.250", "48250.00"), ("1,000,000.5", "1000000.50"), ("99,5", "99.50"),
])
def test_normalize_amount_locale_from_separators(number: str, expected: str) -> None:
    assert decimal_string(number) == expected


@pytest.mark.parametrize("number, expected", [
    ("485.840.00", "485840.00"), ("1,234,567,89", "1234567.89"), ("1.250.000", "1250000.00"),
])
def test_normalize_amount_with_one_separator_throughout_keeps_its_cents(number: str, expected: str) -> None:
    """OCR reads '485,840.00' as '485.840.00': two digits after the last mark are cents, not a group."""
    assert decimal_string(number) == expected


def test_normalize_amount_in_us_dollars_glued_to_the_word_before(rules: Rules) -> None:
    """OCR glues '美元' to 'of': it is still USD, not its last character '元' (CNY)."""
    (found,) = currency_finder(rules).find("the amount of美元13,158.00 remains outstanding")
    assert (found.value.amount, found.value.currency) == ("13158.00", "USD")
    assert [f.value for f in currency_finder(rules).find_currencies("amount of美元")] == ["USD"]
    assert currency_finder(rules).find("Cad.1,000.00")[0].value.currency is None  # a Latin code still starts a word


def test_normalize_amount_is_not_the_head_of_a_number_in_no_shape(rules: Rules) -> None:
    """'CNY 28.55.0' (28,551.00 misread) is no amount of 28.55: missing, it is asked for; taken, it was wrong."""
    assert currency_finder(rules).find("合同总金额 CNY 28.55.0") == []
    assert [f.value.amount for f in currency_finder(rules).find("Total: USD 28,551.00.")] == ["28551.00"]
    (found,) = currency_finder(rules).find("合同总金额：美元 1,.371,421.00")  # a speck read as a second separator
    assert found.value.amount == "1371421.00"


def test_normalize_amount_with_ocr_space_after_the_group_comma(rules: Rules) -> None:
    """'US$70, 119.00', 'USD837 ,358.50': OCR put a space beside the comma; cents after the group say it is one amount."""
    (found,) = currency_finder(rules).find("we demand payment of US$70, 119.00 under invoice(s)")
    assert (found.value.amount, found.value.currency) == ("70119.00", "USD")
    (found,) = currency_finder(rules).find("amount due : USD837 ,358.50.")
    assert (found.value.amount, found.value.currency) == ("837358.50", "USD")
    listed = [f.value.amount for f in currency_finder(rules).find("items 3, 400 and 5")]
    assert listed == ["3.00", "400.00", "5.00"]  # a list without cents stays a list


@pytest.mark.parametrize("text, amount, currency", [
    ("USD 48,250.00", "48250.00", "USD"), ("US$48,250.00", "48250.00", "USD"), ("48.250,00 EUR", "48250.00", "EUR"),
    ("EUR 48 250,00", "48250.00", "EUR"), ("¥312,000.00", "312000.00", "CNY"), ("人民币312,000.00元", "312000.00", "CNY"),
    ("€ 1.234,56", "1234.56", "EUR"), ("RMB 5,000", "5000.00", "CNY"), ("$ 12.50", "12.50", "USD"),
    ("货款USS 14,715.00.", "14715.00", "USD"),  # a scan's US$, its $ read as S
])
def test_normalize_amount_with_currency(rules: Rules, text: str, amount: str, currency: str) -> None:
    (found,) = currency_finder(rules).find(text)
    assert (found.value.amount, found.value.currency) == (amount, currency)


def test_normalize_currency_code_after_the_figure_overrules_a_symbol_before_it(rules: Rules) -> None:
    """'S$ 1,266,707.87 (USD)': OCR read the '$' as S$ (Singapore dollars); the ISO code after the
    figure, bracketed or not, says which dollars; two codes that differ leave the first."""
    assert [(f.value.amount, f.value.currency) for f in currency_finder(rules).find(
        "TOTAL AMOUNT DUE S$ 1,266,707.87 (USD)")] == [("1266707.87", "USD")]
    assert [f.value.currency for f in currency_finder(rules).find("HK$ 100.00 USD")] == ["USD"]
    assert [f.value.currency for f in currency_finder(rules).find("$ 100.00 (USD)")] == ["USD"]
    assert [f.value.currency for f in currency_finder(rules).find("USD 100.00 (EUR)")] == ["USD"]
    assert [f.value.currency for f in currency_finder(rules).find("S$ 100.00")] == ["SGD"]


def test_normalize_amount_ignores_digits_inside_references(rules: Rules) -> None:
    assert currency_finder(rules).find("INV-2025-0042") == []


def test_normalize_currency_between_numbers_belongs_to_the_next(rules: Rules) -> None:
    found = currency_finder(rules).find("TOTAL 100 USD 5.00")
    assert [(f.value.amount, f.value.currency) for f in found] == [("100.00", None), ("5.00", "USD")]


def test_normalize_currency_between_cents_and_a_stray_digit_belongs_to_the_cents(rules: Rules) -> None:
    """'44,175.00 USD 3': a speck after the code, read as 3, is no amount of USD 3.00; a real
    amount after the code still takes it, and so does a figure with no cents before it."""
    found = currency_finder(rules).find("Invoice Total 44,175.00 USD 3")
    assert [(f.value.amount, f.value.currency, f.end) for f in found] == [("44175.00", "USD", 27)]
    assert [f.value.currency for f in currency_finder(rules).find("TOTAL 100.00 USD 25.00")] == [None, "USD"]
    assert [f.value.currency for f in currency_finder(rules).find("Items 12 USD 3")] == [None, "USD"]


def test_normalize_yen_is_cny_unless_japanese_evidence(rules: Rules) -> None:
    assert disambiguate_yen("CNY", "总计 ¥312,000.00", rules) == "CNY"
    assert disambiguate_yen("CNY", "Total ¥312,000 (JPY)", rules) == "JPY"


@pytest.mark.parametrize("text, days, basis", [
    ("60 days after B/L date", 60, "shipment"), ("net 60", 60, "invoice"), ("D/A 60 days", 60, "invoice"),
    ("T/T 30 days after invoice date", 30, "invoice"), ("见提单后60天", 60, "shipment"),
    ("发票日后90天付款", 90, "invoice"), ("O/A 120 days from delivery", 120, "delivery"),
    ("90 days from date of shipment", 90, "shipment"), ("货到后45天付款", 45, "delivery"),
    ("120 days from on-board date", 120, "shipment"),  # the B/L's shipped-on-board date, hyphened
])
def test_normalize_payment_terms_days_and_basis(rules: Rules, text: str, days: int, basis: str) -> None:
    found = find_terms(text, rules)
    assert found is not None and (found.value.days, found.value.basis) == (days, basis)


def test_normalize_payment_terms_absent(rules: Rules) -> None:
    assert find_terms("100% T/T in advance", rules) is None


def test_normalize_currency_codes_only_in_capitals(rules: Rules) -> None:
    finder = currency_finder(rules)
    assert finder.find_currencies("Halaskargazi Cad. No: 214") == []
    assert [f.value for f in finder.find_currencies("paid in euros, not CAD")] == ["EUR", "CAD"]


def test_normalize_yuan_counting_the_units_of_an_amount_in_capitals_names_no_currency(rules: Rules) -> None:
    """'大写 In words: RTERAA 陆拾叁元伍角' (美元 read as letters on a scan): 元 after capitals counts the
    units of any currency (美元...元), no yuan; with nothing garbled before the capitals ('(大写)贰拾
    陆万…元整'), after a figure, or named, it is the yuan."""
    finder = currency_finder(rules)
    assert finder.find_currencies("大写 In words: RTERAA 陆拾叁元伍角") == []
    assert finder.find_currencies("美元伍拾玖万贰仟肆佰陆拾叁元伍角")[0].value == "USD"  # the first named
    assert [f.value for f in finder.find_currencies("价税合计(大写)贰拾陆万陆仟零柒拾伍元整")] == ["CNY"]
    assert [f.value for f in finder.find_currencies("共计 3,000.00元")] == ["CNY"]


def test_normalize_amount_right_after_chinese_text(rules: Rules) -> None:
    (found,) = currency_finder(rules).find("项下货款1,390,072.50 USD。")
    assert (found.value.amount, found.value.currency) == ("1390072.50", "USD")


def test_read_party_ends_at_brackets_and_quotes_after_the_legal_form() -> None:
    from claimready.extractors.values import read_party
    from claimready.rules import load_rules

    rules = load_rules()
    for text, name in [("宁波东方纺织品进出口有限公司【以下简称“委托人”)", "宁波东方纺织品进出口有限公司"),
                       ("Rio Verde Importadora Ltda. [the Buyer]", "Rio Verde Importadora Ltda."),
                       ("ACME Trading Co., Ltd. “the Seller”", "ACME Trading Co., Ltd.")]:
        assert read_party(text, rules).value == name  # type: ignore[union-attr]


def test_is_company_line_knows_legal_forms_as_ocr_reads_them() -> None:
    from claimready.extractors.values import is_company_line
    from claimready.rules import load_rules

    rules = load_rules()
    assert is_company_line("Sisli Tekstil Sanayi ve Ticaret A.S.", rules)  # A.Ş. without its cedilla
    assert is_company_line("MONTREAL FOURNITURES LTEE", rules)  # Ltée, upper case, no accent
    assert not is_company_line("SAME AS CONSIGNEE", rules)  # a bare 'AS' is no legal form
    assert is_company_line("Şişli Tekstil Sanayi ve Ticaret A.Ş :", rules)  # its last dot lost before a speck
    assert is_company_line("Lagos Crestline Holdings Plc", rules)  # as British and Nigerian companies write it


def test_normalize_amount_after_a_stray_figure(rules: Rules) -> None:
    """'#7 647,801.00': a garbled '$' read as '#7' before a total; the stray 7 and the figure are
    no one number, and the figure stands; a figure grouped by spaces stays whole."""
    assert [f.value.amount for f in currency_finder(rules).find("Grand Total : #7 647,801.00")] == ["647801.00"]
    assert [f.value.amount for f in currency_finder(rules).find("7 647,801.00 USD")] == ["647801.00"]
    assert [f.value.amount for f in currency_finder(rules).find("7 647 801.00")] == ["7647801.00"]


def test_normalize_amount_glued_to_a_garbled_currency_symbol(rules: Rules) -> None:
    """'6E1.799.672,00' for €1.799.672,00: the glyphs OCR made of the symbol are no figure of the
    amount, and no stray '6' is the total; a reference's letters or a bare number after two are no symbol."""
    assert read_amount("Total Amount / 总金额 : 6E1.799.672,00 j", rules).value.amount == "1799672.00"  # type: ignore[union-attr]
    assert read_amount("INV1,234.00", rules) is None
    assert read_amount("CI20245742", rules) is None
    # ... glued to Chinese text before it, its group comma read as a semicolon ('货款Y1;422,846.50元': ¥ read as Y)
    (found,) = currency_finder(rules).find("我司确认尚欠贵司货款Y1;422,846.50元，涉及发票EX-05435")
    assert (found.value.amount, found.value.currency, found.value.guessed) == ("1422846.50", "CNY", True)
    assert currency_finder(rules).find("发票号INV1;422,846.50") == []


def test_normalize_currency_symbol_read_as_a_capital_alone_before_the_figure(rules: Rules) -> None:
    """'共计 Y 203,091.00' (¥ read as Y, set apart) and '6E1.799.672,00' (€ read as '6E', glued): the
    capital is the symbol, per the vocab's symbols_misread, before a figure with cents only; a
    capital ending a word or before a bare number is no symbol."""
    def read(text: str) -> tuple[str, str | None]:
        got = read_amount(text, rules)
        assert got is not None, text
        return got.value.amount, got.value.currency  # type: ignore[attr-defined]

    assert read("共计 Y 203,091.00 ,早已逾期") == ("203091.00", "CNY")
    assert read("Total : E 163.140,00") == ("163140.00", "EUR")
    assert read("总金额 : 6E1.799.672,00 j") == ("1799672.00", "EUR")
    assert read("KEY 1,200.00") == ("1200.00", None)
    assert read("Grade E 1,200") == ("1200.00", None)


def test_normalize_currency_symbol_chi_sim_reads_as_a_chinese_character(rules: Rules) -> None:
    """'货款共计半355,303.50': tesseract's chi_sim reads ¥ as 半, glued to the words before and the
    figure after; before a figure with cents it is the symbol (a guess), before a bare number not."""
    got = read_amount("货款共计半355,303.50", rules)
    assert got is not None and (got.value.amount, got.value.currency, got.value.guessed) == (  # type: ignore[attr-defined]
        "355303.50", "CNY", True)
    bare = read_amount("半 12 个", rules)
    assert bare is None or bare.value.currency is None  # type: ignore[attr-defined]


def test_normalize_amount_after_a_dash_between_it_and_its_currency(rules: Rules) -> None:
    """'US$ -2,044,062.00': a speck read as a dash between the symbol and the figure; a reference
    that starts with a code ('USD-2024-0042') stays no amount."""
    got = read_amount("Contract Amount : US$ -2,044,062.00", rules)
    assert got is not None and (got.value.amount, got.value.currency) == ("2044062.00", "USD")  # type: ignore[attr-defined]
    assert read_amount("USD-2024-0042", rules) is None


def test_normalize_port_drops_the_sentence_stop(rules: Rules) -> None:
    from claimready.extractors.values import read_port

    assert read_port("Apapa, Lagos, Nigeria.", rules).value == "Apapa, Lagos, Nigeria"  # type: ignore[union-attr]
    assert read_port("Port Louis", rules).value == "Port Louis"  # type: ignore[union-attr]
    assert read_port("Sydney, Australia `", rules).value == "Sydney, Australia"  # type: ignore[union-attr]  # a speck
    assert read_port("宁波 -", rules).value == "宁波"  # type: ignore[union-attr]


@pytest.mark.parametrize("read, name", [
    ("Qingdao Haitian Tyre Co: Ltd.", "Qingdao Haitian Tyre Co., Ltd."),
    ("Xiamen Jinlu Solar Technology Co.;: Ltd.", "Xiamen Jinlu Solar Technology Co., Ltd."),
    ("Foshan Meida Ceramics Co.,Ltd.", "Foshan Meida Ceramics Co.,Ltd."),  # as printed: no colon, nothing to mend
    ("Qingdao Haitian Tyre Co,， Ltd. ?", "Qingdao Haitian Tyre Co., Ltd."),  # its dot read as a comma; a speck after
    ("Xiamen Jinlu Solar Technology Co.. Ltd.", "Xiamen Jinlu Solar Technology Co., Ltd."),  # its comma read as a dot
    ("Acme Trading Co. Ltd.", "Acme Trading Co. Ltd."),  # one dot as printed: nothing to mend
    ("Hangzhou Lianhe Pump Industry Co., Ltd. -", "Hangzhou Lianhe Pump Industry Co., Ltd."),
])
def test_normalize_party_mends_ocr_colon_in_co_ltd(rules: Rules, read: str, name: str) -> None:
    from claimready.extractors.values import read_party

    assert read_party(read, rules).value == name  # type: ignore[union-attr]


@pytest.mark.parametrize("read", ["A e", "全 E", "Sa", "EE 3", "BA Purchaser", "Ee Consignee", "VNotify",
                                  "收货A/Consigned to", "WNA BIN to", "装箱、计数并铅封 (SHIPPER'S LOAD, COUNT AND SEAL)", "Ltd.", "Co., Ltd.", "GmbH", "有限公司"])
def test_normalize_party_without_a_word_is_no_name(rules: Rules, read: str) -> None:
    """Specks OCR read as letters in a party box (no word of three letters or two characters),
    or a label whose Chinese half OCR garbled ('进口商 Purchaser' read 'BA Purchaser'; '买方 Bill to' read
    'WNA BIN to', its first word a letter off too), or with a
    speck glued on as a capital ('Notify' read 'VNotify'), or the next column's label ('收货人/Consigned to'
    with 人 read 'A'), or a legal form alone, the tail of a name a column edge cut ('Ltd.'), or a bill of
    lading's shipper clause ('托运人装箱、计数并铅封' after the shipper's label)."""
    from claimready.extractors.values import read_party

    assert read_party(read, rules) is None


@pytest.mark.parametrize("read", ["BP plc", "3M Company", "厦门 金 鹭 有限公司", "LG Corp", "Acme Importer Ltd",
                                  "TO ORDER OF SHIPPER", "Bayer"])
def test_normalize_short_party_names_with_a_word_stay(rules: Rules, read: str) -> None:
    from claimready.extractors.values import read_party

    assert read_party(read, rules) is not None


@pytest.mark.parametrize("read, name", [
    ("- 上海锦程贸易有限公司", "上海锦程贸易有限公司"), ("” 武汉长江建材有限责任公司", "武汉长江建材有限责任公司"),
    ("-Shenzhen Huaxin Machinery Co., Ltd.", "Shenzhen Huaxin Machinery Co., Ltd."),
    ("“Wanhua” Chemical Co., Ltd.", "“Wanhua” Chemical Co., Ltd."),  # an opening quote is part of the name
])
def test_normalize_party_drops_specks_read_before_the_name(rules: Rules, read: str, name: str) -> None:
    from claimready.extractors.values import read_party

    assert read_party(read, rules).value == name  # type: ignore[union-attr]


@pytest.mark.parametrize("read, name", [
    ("Xiamen jinlu Solar Technology Co., Ltd.", "Xiamen Jinlu Solar Technology Co., Ltd."),
    ("Hangzhou Lianhe Pump industry Co., Ltd.", "Hangzhou Lianhe Pump Industry Co., Ltd."),
    ("Thanh Cong Trading joint Stock Company", "Thanh Cong Trading Joint Stock Company"),
    ("Şişli Tekstil Sanayi ve Ticaret A.Ş.", "Şişli Tekstil Sanayi ve Ticaret A.Ş."),  # particles stay small
    ("Banco de iniciativas", "Banco de iniciativas"),  # not a name in capitalised words: left as printed
    ("iPhone Distributors Ltd", "iPhone Distributors Ltd"),
])
def test_normalize_ocr_party_name_gets_its_small_read_capitals_back(rules: Rules, read: str, name: str) -> None:
    from claimready.extractors.values import mend_ocr_capitals

    assert mend_ocr_capitals(read, rules) == name


def test_fields_mend_capitals_only_of_ocr_party_names(rules: Rules) -> None:
    from extract_helpers import ocr_text

    from claimready.extractors.fields import extract_fields
    from claimready.models import DocType

    text = ocr_text(["COMMERCIAL INVOICE", "Seller: Xiamen jinlu Solar Technology Co., Ltd.", "Invoice No.: INV-2025-0042"])
    fields = extract_fields(text, DocType.INVOICE, rules)
    assert fields["seller"].value == "Xiamen Jinlu Solar Technology Co., Ltd."
    assert fields["invoice_number"].value == "INV-2025-0042"


@pytest.mark.parametrize(("number", "expected"), [("1,048.413.00", "1048413.00"), ("1.048,413.00", "1048413.00"),
                                                 ("1,048,413.00", "1048413.00"), ("163.140,00", "163140.00")])
def test_normalize_amount_with_a_group_separator_misread_keeps_groups_and_cents(number: str, expected: str) -> None:
    """'¥1,048.413.00' on a scanned contract: a comma read as a dot among groups of three; the
    last separator before two digits is still the decimal point."""
    assert decimal_string(number) == expected


def test_normalize_amount_with_a_space_ocr_put_inside_its_last_group(rules: Rules) -> None:
    """'1,360,61 1.00 USD': the same separator before '61' as before '360', so '61' is no cents but a
    group a space split; two amounts side by side ('1,200.50 3.00') stay two."""
    from claimready.extractors.values import read_amount
    got = read_amount("we demand payment of 1,360,61 1.00 USD", rules)
    assert got is not None and (got.value.amount, got.value.currency) == ("1360611.00", "USD")
    assert [f.value.amount for f in currency_finder(rules).find("1,200.50 3.00")] == ["1200.50", "3.00"]


@pytest.mark.parametrize("text, amount", [
    ("Accra Sunrise Trading Co., Ltd. is USD808.41 1.00. Kindly remit", "808411.00"),  # its comma read as a dot
    ("informs us that €589.41 1,00 is due", "589411.00"),
    ("Total 9.50 1.00", "9.50"),  # two figures: the first group is no group of three
])
def test_normalize_amount_with_the_1_of_its_only_group_split_off(rules: Rules, text: str, amount: str) -> None:
    """Tesseract parts a narrow '1' from the digits before it: 'USD808.41 1.00' on a scanned dunning
    letter is USD 808,411.00, not 808.41 (AMOUNT_MISMATCH against the invoices)."""
    from claimready.extractors.values import read_amount
    assert read_amount(text, rules).value.amount == amount  # type: ignore[union-attr]


@pytest.mark.parametrize("text, amount", [
    ("i 总计 CNY 364,1 54.00", "364154.00"),  # a VAT-less Chinese invoice's total row, scanned
    ("Total EUR 1.364.1 54,00", "1364154.00"),
    ("Total Contract Amount : 2,7 13,884.50 US Dollars", "2713884.50"),  # a group before the last
    ("Total 364,154.00 1.00", "364154.00"),  # a whole figure, then another: two figures
    ("qty 2,7 13.884,50", "2.70"),  # a decimal comma, then a figure with one: no group of one figure
])
def test_normalize_amount_with_a_group_parted_one_and_two_digits(rules: Rules, text: str, amount: str) -> None:
    """Tesseract parts a group of three after its first digit: 'CNY 364,1 54.00' on a scanned invoice
    is CNY 364,154.00, not 364.1 or 54.00 (its total became 54.00: AMOUNT_MISMATCH against the claim),
    '2,7 13,884.50' on a contract is 2,713,884.50 (INVOICE_EXCEEDS_CONTRACT against 13,884.50)."""
    from claimready.extractors.values import read_amount
    assert read_amount(text, rules).value.amount == amount  # type: ignore[union-attr]


def test_normalize_amount_with_a_space_ocr_put_before_its_cents(rules: Rules) -> None:
    """'Amount outstanding : E340.041 ,00.' on a scanned dunning letter: € read as E, a space before the
    cents. The figure is EUR 340,041.00 (',00' alone had been taken: EUR 0.00, AMOUNT_MISMATCH); a
    space before a separator like the groups' ('3,400 ,00') is no cents."""
    from claimready.extractors.values import read_amount
    got = read_amount("Amount outstanding : E340.041 ,00.", rules)
    assert got is not None and (got.value.amount, got.value.currency) == ("340041.00", "EUR")
    assert read_amount("USD 340,041 .00", rules).value.amount == "340041.00"  # type: ignore[union-attr]
    assert read_amount("3,400 ,00", rules).value.amount == "3400.00"  # type: ignore[union-attr]


def test_normalize_amount_with_its_thousands_comma_read_as_a_colon(rules: Rules) -> None:
    """'US$ 201 : 109.00' on a scanned contract is US$201,109.00 (the comma read as a colon, set
    apart); the amount's place covers the figure as read. A time is no such figure."""
    from claimready.extractors.values import read_amount
    text = "Total Contract Value / 合同总价: US$ 201 : 109.00 ;"
    got = read_amount(text, rules)
    assert got is not None and got.value.amount == "201109.00" and text[got.start:got.end] == "US$ 201 : 109.00"
    assert read_amount("at 10:30 the sum of USD 5.00", rules).value.amount == "5.00"  # type: ignore[union-attr]
    assert read_amount("Total Contract Value: US$ 1;072,692.50 .", rules).value.amount == "1072692.50"  # type: ignore[union-attr]


def test_normalize_millions_with_a_separator_lost_is_one_amount(rules: Rules) -> None:
    """'美元 1.031798.50' on a scanned acknowledgement (1,031,798.50 with a comma lost, the others read
    as dots) is the amount; the invoice numbers listed before it ('202407360') are none."""
    from claimready.extractors.values import read_amount
    text = "发票 202407358、202407359、202407360 项下货款 美元 1.031798.50"
    assert read_amount(text, rules, last=True).value.amount == "1031798.50"  # type: ignore[union-attr]


def test_normalize_symbol_printed_only_after_figures_is_no_currency_before_one(rules: Rules) -> None:
    """'合同总价 ; 元 257,357.00' on a scanned contract priced in USD: 元 is printed after a figure
    ('257,357.00元'); before one it is a misread '$', so the amount has no currency of its own. A
    column's '（元）' still names CNY."""
    from claimready.extractors.values import read_amount, read_currency
    assert read_amount("合同总价 ; 元 257,357.00", rules).value.currency is None  # type: ignore[union-attr]
    assert read_amount("合计：257,357.00元", rules).value.currency == "CNY"  # type: ignore[union-attr]
    assert read_currency("金额（元）", rules).value == "CNY"  # type: ignore[union-attr]


def test_normalize_figures_glued_to_letters_are_a_reference_not_an_amount(rules: Rules) -> None:
    """'发票24INV9693、241INV9695项下货款' on a scanned acknowledgement whose amount OCR garbled: the
    figures heading an invoice number are no amount of 24 or 241. A code after cents is money."""
    assert read_amount("我司尚欠贵司发票24INV9693、241INV9695项下货款", rules) is None
    got = read_amount("Total 1,200.00USD", rules)
    assert got is not None and (got.value.amount, got.value.currency) == ("1200.00", "USD")
    assert read_amount("3,752m2 at 9.50", rules).value.amount == "9.50"  # type: ignore[union-attr]


def test_normalize_amount_with_its_decimal_point_read_as_a_colon(rules: Rules) -> None:
    """'合同总金额:人民币456,440:00元' (a scanned contract, its point read as a colon at 0.98) is CNY
    456,440.00, not 0.00 after the colon; after dots grouping thousands the colon is a comma's place."""
    got = read_amount("一、合同总金额:人民币456,440:00元", rules)
    assert got is not None and (got.value.amount, got.value.currency) == ("456440.00", "CNY")
    assert decimal_string("1.442.807:50") == "1442807.50"
    assert read_amount("at 10:30 the sum of USD 5.00", rules).value.amount == "5.00"  # type: ignore[union-attr]


@pytest.mark.parametrize("read, name", [
    ("THE INSOLVENCY OF GREAT LAKES HARDWARE SUPPLY LLC", "GREAT LAKES HARDWARE SUPPLY LLC"),  # 'In the matter of ...'
    ("Şişli Tekstil Sanayi ve Ticaret A.Ș.", "Şişli Tekstil Sanayi ve Ticaret A.Ș."),  # a comma below for the cedilla
    ("Liquidation Services Ltd", "Liquidation Services Ltd"),  # the word is the name's here
])
def test_normalize_party_after_a_proceeding_and_with_lookalike_legal_form(rules: Rules, read: str, name: str) -> None:
    from claimready.extractors.values import is_company_line, read_party

    got = read_party(read, rules)
    assert got is not None and got.value == name and is_company_line(name, rules)


@pytest.mark.parametrize("read, name", [
    ("深圳华信机械有限公司武汉长江建材有限责任公司", "深圳华信机械有限公司"),  # two names OCR glued: the first
    ("华为技术有限公司北京分公司", "华为技术有限公司北京分公司"),  # a branch is the company's
])
def test_normalize_party_ends_before_a_second_chinese_name(rules: Rules, read: str, name: str) -> None:
    from claimready.extractors.values import read_party

    assert read_party(read, rules).value == name  # type: ignore[union-attr]


@pytest.mark.parametrize("text, expected, sure", [
    ("T March 2025", "2025-03-07", 0.7),  # 7 read as T
    ("Dated: l May 2024", "2024-05-01", 0.7),  # 1 read as l
    ("7 March 2025", "2025-03-07", 1.0),
])
def test_normalize_date_whose_one_digit_day_ocr_read_as_a_letter(text: str, expected: str, sure: float) -> None:
    """A dunning letter dated 'T March 2025' (7 read as T) has a date, a guess (sure 0.7); a word
    before the month ('Tel March 2025') is none."""
    found = find_dates(text)
    assert [(f.value, f.sure) for f in found] == [(expected, sure)]
    assert find_dates("Tel March 2025") == []


@pytest.mark.parametrize("text, expected", [
    ("lst June 2025", "2025-06-01"), ("Ist June 2025", "2025-06-01"), ("2lst June 2025", "2025-06-21"),
    ("llth June 2025", "2025-06-11"), ("June lst, 2025", "2025-06-01"), ("Jan. l2th, 2025", "2025-01-12"),
])
def test_normalize_date_whose_ordinal_day_has_its_1_read_as_l(text: str, expected: str) -> None:
    """'lst June 2025' (1st, its 1 read as l): the ordinal says it is a day; sure 0.9. A word that
    merely ends so ('list', 'Lst') is no day."""
    assert [(f.value, f.sure) for f in find_dates(text)] == [(expected, 0.9)]
    assert find_dates("list June 2025") == find_dates("Lst June 2025") == []


def test_normalize_date_whose_month_abbreviation_has_one_letter_misread_between_day_and_year() -> None:
    """'Date 22 OCR 2024' (Oct): a guess, sure 0.7, when one month alone is one letter off, its first
    letter read right; 'Jux' (Jun or Jul?) and a word after a day and before a year that is no month
    are no date."""
    assert [(f.value, f.sure) for f in find_dates("Date 22 OCR 2024")] == [("2024-10-22", 0.7)]
    assert find_dates("12 Jux 2024") == find_dates("we owe 30 day 2024") == []


def test_normalize_chinese_date_with_a_speck_read_between_its_year_and_nian() -> None:
    """'2024 个 年 12 月 24 日': a character OCR made of a speck before 年; a guess, sure 0.8."""
    assert [(f.value, f.sure) for f in find_dates("2024 个 年 12 月 24 日")] == [("2024-12-24", 0.8)]


def test_normalize_chinese_date_whose_year_zero_ocr_read_twice() -> None:
    """'二〇O二四年六月三十日' (the 〇 read as 〇 and as O): the year 二〇二四, a guess (sure 0.8); five
    figures with no zero read twice are no year."""
    assert [(f.value, f.sure) for f in find_dates("签订日期:二〇O二四年六月三十日")] == [("2024-06-30", 0.8)]
    assert find_dates("二〇二二四年六月三十日") == []


def test_normalize_chinese_date_whose_year_zero_ocr_read_as_glyphs() -> None:
    """'签订日期:二@Q二四年五月四日' (〇 read as '@Q') is 4 May 2024, a guess (sure 0.8)."""
    assert [(f.value, f.sure) for f in find_dates("签订日期:二@Q二四年五月四日")] == [("2024-05-04", 0.8)]
    assert [(f.value, f.sure) for f in find_dates("二〇二四年五月四日")] == [("2024-05-04", 1.0)]


def test_normalize_day_no_month_has_is_its_first_digit_and_a_misread_comma() -> None:
    """'Apr. 37 2025': the comma after 'Apr. 3' read as 7; no month has a 37th day, so the day is 3
    (a guess, sure 0.7). A day some month has is no such misreading: 'Apr 31' is no date."""
    assert [(f.value, f.sure) for f in find_dates("Apr. 37 2025")] == [("2025-04-03", 0.7)]
    assert find_dates("Apr 31 2025") == []


def test_normalize_chinese_date_whose_month_character_ocr_misread() -> None:
    """'2024年11有16日': 月 read as 有 between a year's 年 and a day's 日 (a guess, sure 0.8); without
    the 日 no date."""
    assert [(f.value, f.sure) for f in find_dates("2024年11有16日")] == [("2024-11-16", 0.8)]
    assert find_dates("2024年11有16") == []


def test_normalize_chinese_year_whose_century_zero_ocr_read_as_another_character() -> None:
    """'二的二四年九月十三日': after the 二 of a 20xx year, the next character can only be 〇 (a guess)."""
    assert [(f.value, f.sure) for f in find_dates("二的二四年九月十三日")] == [("2024-09-13", 0.8)]
    assert find_dates("第二的二四年") == []


@pytest.mark.parametrize("text, expected", [
    ("大写:人民币叁万玖仟贰佰玖拾玖元整", ["39299.00"]),
    ("人 民 币 贰 拾 参 零 万 伍佰 贰 拾 玖 元 整", ["230529.00"]),  # OCR: a character a word, 零 out of place
    ("玖万伍仟捌佰肆拾元伍角", ["95840.50"]),
    ("壹佰零伍元捌角陆分", ["105.86"]),
    ("壹亿贰仟万元", ["120000000.00"]),
    ("贰叁元", []),  # two digits with no unit between: no numeral
    ("二〇二四年五月四日", []),  # a date, no amount
    ("大写金额; 美元肆万玖件肆佰叁拾捌元玖角伍分", []),  # 仟 read as 件: what follows is a tail, no amount
    ("柒拾玖万叁什人参佰肆拾肆元伍角", []),  # 仟 read as 什人
    ("共叁份 人民币伍万元整", ["50000.00"]),  # a count before the currency's name breaks no run
])
def test_normalize_amounts_in_chinese_capitals(text: str, expected: list[str]) -> None:
    assert [f.value for f in find_capital_amounts(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("SAY US DOLLARS FORTY-EIGHT THOUSAND TWO HUNDRED AND FIFTY AND CENTS FIFTY ONLY.", "48250.50"),
    ("Say: Euros one million three hundred twenty-one thousand seventy-two only", "1321072.00"),
    ("Amount in words: US Dollars thirty-nine thousand two hundred and ninety-nine and 50/100 only", "39299.50"),
    ("SAY US DOLLARS FORTY EIGHT THOUSAND DOLLARS AND FIFTY CENTS ONLY", "48000.50"),
    ("SAY US DOLLARS FORTY-EIGHT THOUSAND TWO HUNDRFD AND FIFTY ONLY", None),  # a misread word splits the number
    ("SAY TOTAL US DOLLARS AS PER FIGURE ABOVE ONLY.", None),
])
def test_normalize_amounts_in_english_words(text: str, expected: str | None) -> None:
    assert words_amount(text) == expected


def test_normalize_amount_whose_first_digits_ocr_lost_is_doubtful(rules: Rules) -> None:
    """'济,057,059.00' (1 read as 济 at 0.00): the figure OCR kept is no amount anyone printed; read
    as 57,059.00 it is doubtful, as is one behind a glued comma; a figure whole stays sure."""
    for text in ("人民币 (小写) 济,057,059.00。", "共计,257,059.00", "USD 057,059.00"):
        read = read_amount(text, rules)
        assert read is not None and read.sure < 0.5, text
    for text in ("人民币 (小写) 1,057,059.00。", "合计,1,250.00", "EUR 0,50", "No.1,250.00"):
        read = read_amount(text, rules)
        assert read is not None and read.sure >= 0.9, text


def test_normalize_company_line_with_its_legal_form_as_ocr_reads_it(rules: Rules) -> None:
    """'Ticaret A.9.' / 'A.9S.' (Ş misread, with a digit) and 'Sp. Z o.o.' (z read in capitals) end a
    company name; an address with figures stays no name."""
    from claimready.extractors.values import is_company_line, read_party

    for name in ("Şişli Tekstil Sanayi ve Ticaret A.9.", "Şişli Tekstil Sanayi ve Ticaret A.9S.",
                 "Łódzkie Hurtownie Techniczne Sp. Z o.o."):
        assert is_company_line(name, rules) and read_party(name, rules) is not None, name
    assert not is_company_line("Room 1801, Tower A, Sanayi Ltd.", rules)


def test_normalize_ocr_dates_with_a_day_after_the_month_misread_or_nian_lost(rules: Rules) -> None:
    """'June i 2024' (1 read as i, after the month: a guess), '202447月29日' (年 read as 4) and
    '202411月5日' (年 lost): dates, less sure than printed ones; an amount with a speck read as a
    dash after it ('USD 545,926.00- s') is an amount, a range is none."""
    assert [(f.value, f.sure) for f in find_dates("24INV6494 June i 2024 提单日后30天付款")] == [("2024-06-01", 0.7)]
    assert [(f.value, f.sure) for f in find_dates("Date of Issue: 202447月29日")] == [("2024-07-29", 0.7)]
    assert [(f.value, f.sure) for f in find_dates("202411月5日")] == [("2024-11-05", 0.8)]
    # ... a month's full name with one letter misread ('Judy 6, 2024'); a word near no month is none
    assert [(f.value, f.sure) for f in find_dates("Apapa, Lagos, Nigeria Judy 6, 2024")] == [("2024-07-06", 0.7)]
    assert find_dates("Page 6, 2024") == [] and find_dates("Item 12, 2024") == []
    # ... a dash read as a colon after the year, l read as '!', a speck read as an accent
    assert [f.value for f in find_dates("202503206- 2025:01-20 2025SC0698")] == ["2025-01-20"]
    assert [f.value for f in find_dates("Date of Shipment 6 Apri! 2024")] == ["2024-04-06"]
    assert [f.value for f in find_dates("Cát Lái, Hô Chí Minh City Jūl. 12; 2024")] == ["2024-07-12"]
    assert read_amount("合同总金额:USD 545,926.00- s", rules).value.amount == "545926.00"  # type: ignore[union-attr]
    assert read_amount("USD 100-200", rules) is None
