"""Company-name comparison: the same company written differently vs different companies."""

from pathlib import Path

import pytest

from claimready.errors import RuleFileError
from claimready.validators.names import AliasBook, company_key, is_to_order, load_legal_forms, same_company

SAME = [
    ("RIO VERDE IMPORTADORA LIMITADA", "Rio Verde Importadora Ltda."),
    ("Shenzhen Huaxin Machinery Co., Ltd.", "SHENZHEN HUAXIN MACHINERY COMPANY LIMITED"),
    ("Shenzhen Huaxin Machinery Co.,Ltd", "Shenzhen  Huaxin   Machinery Co Ltd"),
    ("São Paulo Têxtil S.A.", "SAO PAULO TEXTIL SA"),
    ("Comercial Andina S.A.", "Comercial Andina Sociedad Anónima"),
    ("Müller Maschinenbau GmbH", "Muller Maschinenbau Gesellschaft mit beschränkter Haftung"),
    ("Łódź Trade Sp. z o.o.", "LODZ TRADE SP. Z O.O."),
    ("Anka Tekstil A.Ş.", "Anka Tekstil AS"),
    ("Acme Trading LLC", "ACME TRADING, L.L.C."),
    ("Globex Inc.", "Globex Incorporated"),
    ("Initech Corp.", "INITECH CORPORATION"),
    ("PT Maju Jaya Tbk", "Maju Jaya"),
    ("Huaxin Machinery (Shenzhen) Co., Ltd.", "Shenzhen Huaxin Machinery Co., Ltd."),
    ("深圳市华信机械有限公司", "深圳华信机械有限责任公司"),
    ("华信机械（深圳）有限公司", "深圳华信机械股份有限公司"),
    ("Smith & Sons Ltd", "Smith and Sons Limited"),
    ("Łódzkie Hurtownie Techniczne Sp. zZ o.o.", "Łódzkie Hurtownie Techniczne Sp. z o.o."),  # a speck in a form
    ("Xiamen Jinlu Solar Technology COS Ltd.", "Xiamen Jinlu Solar Technology Co., Ltd."),  # the comma read as S
]
DIFFERENT = [
    ("Rio Verde Comercial S.A.", "Rio Verde Importadora Ltda."),
    ("Shenzhen Huaxin Machinery Co., Ltd.", "Shenzhen Huaxing Electronics Co., Ltd."),
    ("深圳华信机械有限公司", "深圳华兴电子有限公司"),
    ("华信机械（深圳）有限公司", "华信机械（上海）有限公司"),
    ("Anka Tekstil A.Ş.", "Anka Gida A.Ş."),
    ("Rio Verde Importadora Ltda.", "Rio Verde Imports Ltda."),
    ("Acme Coop", "Acme Corp"),  # one-word forms are matched exactly
    ("Baker Cox Ltd", "Baker Ltd"), ("Acme Go Ltd", "Acme Ltd"),  # a word like 'Co' + a letter is a word of the name
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_names_same_company_written_differently_both_ways(a: str, b: str) -> None:
    assert same_company(a, b) is True
    assert same_company(b, a) is True


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_names_different_companies_both_ways(a: str, b: str) -> None:
    assert same_company(a, b) is False
    assert same_company(b, a) is False


def test_names_one_char_ocr_slip_forgiven_only_when_tolerant() -> None:
    assert same_company("Rio Verde Importadora Ltda", "Rio Verde lmportadora Ltda") is False
    assert same_company("Rio Verde Importadora Ltda", "Rio Verde lmportadora Ltda", tolerant=True) is True
    assert same_company("Rio Verde Comercial S.A.", "Rio Verde Importadora Ltda.", tolerant=True) is False


def test_names_chinese_name_without_its_place_is_the_same_company_when_ocr_read() -> None:
    """'蓉发机电设备有限公司' on a scan of 成都蓉发机电设备有限公司: OCR lost the place it starts with;
    typed, it stays another name; another place, or a name that differs elsewhere, stays another company."""
    assert same_company("蓉发机电设备有限公司", "成都蓉发机电设备有限公司", tolerant=True) is True
    assert same_company("蓉发机电设备有限公司", "成都蓉发机电设备有限公司") is False
    assert same_company("重庆蓉发机电设备有限公司", "成都蓉发机电设备有限公司", tolerant=True) is False
    assert same_company("发机电设备有限公司", "成都蓉发机电设备有限公司", tolerant=True) is False


def test_names_chinese_name_of_trade_words_only_cannot_be_compared() -> None:
    """'进出口有限公司': a scan lost the distinctive part; nothing is left to tell one company from another."""
    assert same_company("进出口有限公司", "宁波东方纺织品进出口有限公司", tolerant=True) is None
    assert same_company("东方贸易有限公司", "西方贸易有限公司") is False


def test_names_different_scripts_without_alias_cannot_be_compared() -> None:
    assert same_company("深圳华信机械有限公司", "Shenzhen Huaxin Machinery Co., Ltd.") is None


def test_names_bilingual_value_teaches_alias_both_ways() -> None:
    forms = load_legal_forms()
    book = AliasBook.learn([company_key("深圳华信机械有限公司 Shenzhen Huaxin Machinery Co., Ltd.", forms)])
    assert same_company("深圳华信机械有限公司", "SHENZHEN HUAXIN MACHINERY COMPANY LIMITED", aliases=book) is True
    assert same_company("Shenzhen Huaxin Machinery Co Ltd", "深圳市华信机械有限公司", aliases=book) is True
    assert same_company("深圳华兴电子有限公司", "Shenzhen Huaxin Machinery Co Ltd", aliases=book) is False


@pytest.mark.parametrize("consignee", ["TO ORDER", "To the order of Banco do Brasil S.A.", "ORDER OF SHIPPER",
                                       "凭指示", "凭中国银行指示", "to order of the shipper",
                                       "“TOTHE ORDER OF HSBC Bank (China) Company Limited", "To ordèr", "Toorder",  # OCR: an accent, a lost space
                                       "TO ORDERIOHSHIEPER",  # OCR: 'of shipper' garbled and glued
                                       "TO'ORDER:OF SHIPPER", "TO.ORDER"])  # OCR: specks read between the words
def test_names_to_order_consignee_recognised(consignee: str) -> None:
    assert is_to_order(consignee, load_legal_forms())


@pytest.mark.parametrize("consignee", ["Rio Verde Importadora Ltda.", "Order Supplies GmbH", "深圳华信机械有限公司",
                                       "Toorder Trading Ltd"])
def test_names_named_consignee_is_not_to_order(consignee: str) -> None:
    assert not is_to_order(consignee, load_legal_forms())


def test_names_malformed_rule_file_raises_rule_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "legal_forms.yaml"
    bad.write_text("latin_suffixes: [ltd]\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="latin_suffixes"):
        load_legal_forms(bad)


def test_names_rule_file_that_is_not_yaml_raises_rule_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "legal_forms.yaml"
    bad.write_text("latin_suffixes: [ltd\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="YAML"):
        load_legal_forms(bad)


def test_names_address_printed_after_legal_form_is_ignored() -> None:
    assert same_company("Rio Verde Importadora Ltda., Av. Paulista 1000, São Paulo", "Rio Verde Importadora") is True
    assert same_company("Shenzhen Huaxin Machinery Co., Ltd. Room 1201, Futian District",
                        "SHENZHEN HUAXIN MACHINERY COMPANY LIMITED") is True
    assert same_company("ABC Company Holdings Ltd", "ABC Company Trading Ltd") is False


@pytest.mark.parametrize(("a", "b"), [
    ("债权人厦门金鹭光伏科技有限公司", "厦门金鹭光伏科技有限公司"),
    ("Seller: Acme Trading LLC", "ACME TRADING"),
    ('Thành Công Trading Joint Stock Company (the "Debtor"), 25 Lê Duẩn, Quận 1', "Thanh Cong Trading JSC"),
    ("Andes Distribuciones S.A.C.", "Andes Distribuciones S.A."),
])
def test_names_labels_defined_terms_and_more_legal_forms_ignored(a: str, b: str) -> None:
    assert same_company(a, b) is True and same_company(b, a) is True


@pytest.mark.parametrize("value", ["SAME AS CONSIGNEE", "业发票 INVOICE", "COMMERCIAL INVOICE",
                                   "256 Huangpu Road, Shinan District, Qingdao", "N/A",
                                   "Piot 7 Adeola Odeku Street, Victoria Island, Lagos, Nigeria",
                                   "Unit 5, 18 Harbour View Road", "P.O. Box 1234, Dubai", "宁波市海曙区中山东路88号"])
def test_names_values_that_name_no_company(value: str) -> None:
    from claimready.validators.names import is_not_a_party
    assert is_not_a_party(value, load_legal_forms())


@pytest.mark.parametrize("value", ["Invoice Solutions Ltd", "3M Company", "Rio Verde Importadora Ltda.",
                                   "7-Eleven Inc.", "Route 66 Diner LLC", "中山东路贸易有限公司"])
def test_names_company_names_are_parties(value: str) -> None:
    from claimready.validators.names import is_not_a_party
    assert not is_not_a_party(value, load_legal_forms())


def test_names_single_word_legal_form_with_a_digit_read_for_a_letter_ends_the_name() -> None:
    """'A.9.' on a scan is A.Ş. with its Ş read as 9 (no word has a digit in it); with 'Tekstit' for
    Tekstil the OCR'd name is two slips off, one of them the form's."""
    assert same_company("Şişli Tekstit Sanayi ve Ticaret A.9.", "Şişli Tekstil Sanayi ve Ticaret A.Ş.", tolerant=True)
    assert not same_company("Şişli Tekstit Sanayi ve Ticaret A.9.", "Şişli Tekstil Sanayi ve Ticaret A.Ş.")


def test_names_single_word_legal_form_with_a_letter_misread_matches_only_when_ocrd() -> None:
    """'Ltda.' read 'ttda.' on a scan: the OCR'd name is the buyer's; typed, a last word one letter
    off a legal form is a word of the name ('Golden Corn' is no 'Golden Corp')."""
    assert same_company("Rio Verde Importadora ttda.", "Rio Verde Importadora Ltda.", tolerant=True)
    assert not same_company("Rio Verde Importadora ttda.", "Rio Verde Importadora Ltda.")
    assert not same_company("Golden Corn", "Golden Corp")
    assert not same_company("Mar Azul ttda.", "Sol Nascente Ltda.", tolerant=True)
    # ... or, in a long form, two letters read as one ('COMPANY UMITED': LI read as U), the form's other words with it
    assert same_company("ACCRA SUNRISE TRADING COMPANY UMITED", "Accra Sunrise Trading Co., Ltd.", tolerant=True)
    assert not same_company("ACCRA SUNRISE TRADING COMPANY UMITED", "Accra Sunrise Trading Co., Ltd.")
    assert not same_company("Accra Sunrise Trading Limitless", "Accra Sunrise Trading Ltd", tolerant=True)


def test_names_chinese_name_with_two_specks_read_inside_matches_only_when_ocrd() -> None:
    """'“成成者都蓉发机电设备有限公司': OCR read two specks inside the name as characters; every
    character of the buyer's name is there in order. Typed, or with a character of its own
    ('成都蓉发新机电' against 成都华发机电), it is another name."""
    assert same_company("“成成者都蓉发机电设备有限公司", "成都蓉发机电设备有限公司", tolerant=True)
    assert not same_company("“成成者都蓉发机电设备有限公司", "成都蓉发机电设备有限公司")
    assert not same_company("成都蓉发新机电设备有限公司", "成都华发机电设备有限公司", tolerant=True)


def test_names_speck_read_inside_chinese_legal_form_matches_only_when_ocrd() -> None:
    """'成都蓉发机电设备有人限公司': a speck read as 人 inside 有限公司 left only 公司 as a form. The
    rest of the name must still be the other's: 有人限 after another name is no match."""
    assert same_company("成都蓉发机电设备有人限公司", "成都蓉发机电设备有限公司", tolerant=True)
    assert same_company("武汉长江建材有限贵任公司", "武汉长江建材有限责任公司", tolerant=True)
    assert not same_company("成都蓉发机电设备有人限公司", "成都蓉发机电设备有限公司")
    assert not same_company("成都华发机电设备有人限公司", "成都蓉发机电设备有限公司", tolerant=True)


def test_names_legal_form_garbled_past_recognising_matches_only_when_ocrd() -> None:
    """'Pump Industry Co Ita': OCR left two short words of 'Co., Ltd.'; the name before them is the
    seller's. Typed, or after a one-word name, or with a longer word, it is another name."""
    assert same_company("Hangzhou Lianhe Pump Industry Co Ita", "Hangzhou Lianhe Pump Industry Co., Ltd.", tolerant=True)
    assert not same_company("Hangzhou Lianhe Pump Industry Co Ita", "Hangzhou Lianhe Pump Industry Co., Ltd.")
    assert not same_company("Acme Co Ita", "Acme Ltd", tolerant=True)
    assert not same_company("Golden Star Group", "Golden Star Ltd", tolerant=True)


def test_names_m_read_as_rn_is_one_slip_only_when_ocrd() -> None:
    """'Cerarnics' for Ceramics: OCR reads m as r and n, two edits that are one slip; with another
    slip in the name, or typed, it is still another name."""
    assert same_company("Foshan Meida Cerarnics Co., Ltd.", "Foshan Meida Ceramics Co., Ltd.", tolerant=True)
    assert not same_company("Foshan Meida Cerarnics Co., Ltd.", "Foshan Meida Ceramics Co., Ltd.")
    assert not same_company("Foshan Meda Cerarnics Co., Ltd.", "Foshan Meida Ceramics Co., Ltd.", tolerant=True)


def test_names_dot_run_into_the_next_word_parts_the_words() -> None:
    """'Ceramics.Co.' as OCR reads 'Ceramics Co.' (its space lost): the words are parted, the legal
    form recognised; abbreviations keep their dots ('S.p.A.')."""
    assert same_company("Foshan Meida Ceramics.Co., Ltd.", "Foshan Meida Ceramics Co., Ltd.")
    assert same_company("Ferramenta Lombarda S.p.A.", "Ferramenta Lombarda SpA")


def test_names_legal_form_in_capitals_glued_to_the_name_is_parted() -> None:
    """'Great Lakes Hardware SupplyLLC' as OCR reads it (the space lost before LLC) is the
    company; a name's own capitals after one letter stay ('McDONALD') and another name is another."""
    assert same_company("Great Lakes Hardware SupplyLLC", "Great Lakes Hardware Supply LLC")
    assert same_company("McDONALD Trading GmbH", "McDONALD Trading GmbH")
    assert not same_company("Great Lakes Hardware SupplyLLC", "Great Lakes Timber Supply LLC")


def test_names_words_ocr_ran_together_are_parted() -> None:
    """'QingdaoHaitianTyreCo.,Ltd.' (every space lost on a scan) is Qingdao Haitian Tyre Co., Ltd.;
    a name printed in one word with capitals inside ('PayPal') matches itself spaced or not; another
    name run together is another."""
    assert same_company("QingdaoHaitianTyreCo.,Ltd.", "Qingdao Haitian Tyre Co., Ltd.")
    assert same_company("PayPal Inc.", "Paypal Inc.") and same_company("PayPal Inc.", "Pay Pal Inc.")
    assert not same_company("QingdaoHaitianTyreCo.,Ltd.", "Qingdao Huaxin Tyre Co., Ltd.")


def test_names_chinese_place_ocr_read_as_one_character_is_the_same_company() -> None:
    """'起长江建材有限责任公司' on a scan of 武汉长江建材有限责任公司: the city's two characters read as
    one; typed, or another city of its own two characters, it is another company."""
    assert same_company("起长江建材有限责任公司", "武汉长江建材有限责任公司", tolerant=True)
    assert not same_company("起长江建材有限责任公司", "武汉长江建材有限责任公司")
    assert not same_company("南京长江建材有限责任公司", "武汉长江建材有限责任公司", tolerant=True)


def test_names_legal_form_of_several_words_with_one_letter_misread_when_tolerant() -> None:
    """'Sp. Zz 0.0..' (Sp. z o.o. with z read twice, o as 0) on a scan: the buyer's name; typed,
    the words stay the name's."""
    scanned = "Łódzkie Hurtownie Techniczne Sp. Zz 0.0.."
    assert same_company(scanned, "Łódzkie Hurtownie Techniczne Sp. z o.o.", tolerant=True)
    assert not same_company(scanned, "Łódzkie Hurtownie Techniczne Sp. z o.o.", tolerant=False)
