"""PARTY_MISMATCH: one buyer and one seller across manifest and documents."""

import pytest
from claim_packets import check, clean_documents, clean_manifest, codes, edit

from claimready.models import Severity


def party_findings(found):  # type: ignore[no-untyped-def]
    return [d for d in found if d.code == "PARTY_MISMATCH"]


def test_checks_buyer_of_another_company_on_invoice_is_party_mismatch() -> None:
    found = check(edit(clean_documents(), "scan_0002.pdf", buyer="Rio Verde Comercial S.A."))
    mismatch = party_findings(found)
    assert len(mismatch) == 1
    assert mismatch[0].field == "buyer" and mismatch[0].severity == Severity.BLOCKING
    assert "scan_0002.pdf" in mismatch[0].documents and "claim.json" in mismatch[0].documents
    assert mismatch[0].values[1] == "Rio Verde Comercial S.A."


@pytest.mark.parametrize("name", ["RIO VERDE IMPORTADORA LIMITADA", "Rio Verde Importadora, Ltda",
                                  "rio verde importadora ltda.", "Rio  Verde Importadora LTDA"])
def test_checks_buyer_written_differently_is_no_mismatch(name: str) -> None:
    assert codes(check(edit(clean_documents(), "scan_0002.pdf", buyer=name))) == set()


def test_checks_seller_of_another_company_on_dunning_is_party_mismatch() -> None:
    found = check(edit(clean_documents(), "scan_0004.pdf", seller="Guangzhou Everbright Trading Co., Ltd."))
    assert [(d.field, d.values[1]) for d in party_findings(found)] == [
        ("seller", "Guangzhou Everbright Trading Co., Ltd.")]


def test_checks_manifest_buyer_alone_against_documents_flags_manifest() -> None:
    found = check(clean_documents(), clean_manifest(buyer="Rio Verde Comercial S.A."))
    mismatch = party_findings(found)
    assert len(mismatch) == 1 and mismatch[0].values == ("Rio Verde Importadora Ltda.", "Rio Verde Comercial S.A.")
    assert "claim.json" in mismatch[0].documents


def test_checks_to_order_bill_of_lading_uses_notify_party() -> None:
    assert codes(check(clean_documents())) == set()  # consignee is a bank, notify party the buyer
    found = check(edit(clean_documents(), "scan_0003.pdf", notify_party="Atlantic Freight Forwarders Ltd"))
    assert [d.values[1] for d in party_findings(found)] == ["Atlantic Freight Forwarders Ltd"]


def test_checks_named_consignee_is_compared_as_buyer() -> None:
    docs = edit(clean_documents(), "scan_0003.pdf", consignee="Rio Verde Importadora Ltda.",
                notify_party="Same as consignee")
    assert codes(check(docs)) == set()
    docs = edit(clean_documents(), "scan_0003.pdf", consignee="Rio Verde Comercial S.A.", notify_party=None)
    assert "PARTY_MISMATCH" in codes(check(docs))


def test_checks_chinese_names_compared_through_learned_alias() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", seller="深圳华信机械有限公司 Shenzhen Huaxin Machinery Co., Ltd.")
    docs = edit(docs, "scan_0004.pdf", seller="深圳市华信机械有限公司")
    assert codes(check(docs)) == set()
    docs = edit(docs, "scan_0001.pdf", seller="深圳华兴电子有限公司")
    assert [d.values[1] for d in party_findings(check(docs))] == ["深圳华兴电子有限公司"]


def test_checks_chinese_name_without_alias_is_not_a_mismatch() -> None:
    assert codes(check(edit(clean_documents(), "scan_0004.pdf", seller="深圳华信机械有限公司"))) == set()


def test_checks_ocr_slip_on_doubtful_name_is_forgiven() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["buyer"], buyer="Rio Verde lmportadora Ltda.")
    assert codes(check(docs)) == set()


def test_checks_ocr_slip_on_sure_text_name_is_a_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", buyer="Rio Verde lmportadora Ltda.")
    assert "PARTY_MISMATCH" in codes(check(docs))


def test_checks_doubtful_different_name_is_low_confidence_not_mismatch() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", doubtful=["buyer"], buyer="Rio Verde Comercial S.A.")
    found = check(docs)
    assert "PARTY_MISMATCH" not in codes(found)
    assert [(d.documents, d.field) for d in found if d.code == "LOW_CONFIDENCE"] == [(("scan_0002.pdf",), "buyer")]


def test_checks_bankruptcy_debtor_must_be_the_buyer() -> None:
    from claim_packets import make_doc
    ruling = make_doc("scan_0007.pdf", "bankruptcy_ruling", {"debtor": "Pampa Alimentos S.A.", "date": "2025-07-01"})
    found = check([*clean_documents(), ruling], clean_manifest(claim_type="insolvency"))
    assert [d.values[1] for d in party_findings(found)] == ["Pampa Alimentos S.A."]


def test_checks_notify_party_same_as_consignee_names_nobody() -> None:
    docs = edit(clean_documents(), "scan_0003.pdf", consignee="TO ORDER", notify_party="SAME AS CONSIGNEE")
    assert codes(check(docs)) == set()


def test_checks_chinese_documents_disagreeing_among_themselves_are_flagged() -> None:
    docs = edit(clean_documents(), "scan_0002.pdf", seller="深圳华信机械有限公司")
    docs = edit(docs, "scan_0004.pdf", seller="深圳市华信机械有限公司")
    docs = edit(docs, "scan_0003.pdf", shipper="广州光大贸易有限公司")
    assert [d.values for d in check(docs) if d.code == "PARTY_MISMATCH"] == [("深圳华信机械有限公司", "广州光大贸易有限公司")]


def test_checks_scan_fitting_two_printed_names_does_not_make_them_one_company() -> None:
    """'上海锦城贸易有限公司' on a text invoice, '上海锦程贸易有限公司' on the text contract and the
    manifest: two companies. A scanned letter naming 锦程 is within OCR's one-character slip of both,
    and must not join them; with no scan the invoice is reported all the same."""
    buyer, other = "上海锦程贸易有限公司", "上海锦城贸易有限公司"
    docs = edit(clean_documents(), "scan_0001.pdf", buyer=buyer)
    docs = edit(docs, "scan_0002.pdf", buyer=other)
    docs = edit(docs, "scan_0003.pdf", notify_party=buyer)
    scanned = edit(docs, "scan_0004.pdf", ocr=["buyer"], buyer=buyer)
    for packet in (scanned, edit(docs, "scan_0004.pdf", buyer=buyer)):
        mismatch = party_findings(check(packet, clean_manifest(buyer=buyer)))
        assert [(d.field, d.values[1]) for d in mismatch] == [("buyer", other)]


def _read_with_doubt(docs, name: str, field: str, doubtful: str):  # type: ignore[no-untyped-def]
    """The packet with one OCR'd field's doubtfully read characters set."""
    from dataclasses import replace

    from claimready.models import frozen_map
    out = []
    for doc in docs:
        if doc.name == name:
            fields = dict(doc.fields)
            fields[field] = replace(fields[field], doubtful=doubtful)
            doc = replace(doc, fields=frozen_map(fields))
        out.append(doc)
    return out


def test_checks_scan_one_character_off_is_a_slip_only_if_doubted_or_alike_in_shape() -> None:
    """A scanned letter naming '上海锦城' where the documents print '上海锦程': OCR read 城 surely and
    城 looks nothing like 程, so it is another company. Doubted by OCR (城 read at 0.5), or a glyph
    OCR mistakes for the printed one ('青鸟' for 青岛, read surely), it is a slip."""
    buyer = "上海锦程贸易有限公司"
    docs = edit(clean_documents(), "scan_0001.pdf", buyer=buyer)
    docs = edit(docs, "scan_0002.pdf", buyer=buyer)
    docs = edit(docs, "scan_0003.pdf", notify_party=buyer)
    sure = edit(docs, "scan_0004.pdf", ocr=["buyer"], buyer="上海锦城贸易有限公司")
    assert [(d.field, d.values[1]) for d in party_findings(check(sure, clean_manifest(buyer=buyer)))] == [
        ("buyer", "上海锦城贸易有限公司")]
    doubted = _read_with_doubt(sure, "scan_0004.pdf", "buyer", "城")
    assert party_findings(check(doubted, clean_manifest(buyer=buyer))) == []
    seller = "青岛海天轮胎有限公司"
    sellers = edit(edit(clean_documents(), "scan_0001.pdf", seller=seller), "scan_0002.pdf", seller=seller)
    look_alike = edit(sellers, "scan_0004.pdf", ocr=["seller"], seller="青鸟海天轮胎有限公司")
    assert party_findings(check(look_alike, clean_manifest(policyholder=seller))) == []
    without_font = check(sure, clean_manifest(buyer=buyer), cjk_glyph_font=None)
    assert party_findings(without_font) == []  # without a font to compare glyphs every slip is forgiven


def test_checks_scan_name_with_one_word_ocr_doubted_is_the_same_company() -> None:
    """'Shenzhen Huaxin REEN Co., Ltd.' on a scan, 'REEN' read at 0.16: the word OCR doubted stands
    for the printed one, the rest is the seller's name. Read surely, it is another company's word."""
    docs = edit(clean_documents(), "scan_0004.pdf", ocr=["seller"], seller="Shenzhen Huaxin REEN Co., Ltd.")
    sure = party_findings(check(docs))
    assert [(d.field, d.values[1]) for d in sure] == [("seller", "Shenzhen Huaxin REEN Co., Ltd.")]
    assert party_findings(check(_read_with_doubt(docs, "scan_0004.pdf", "seller", "REEN"))) == []


def test_checks_scan_name_differing_where_read_surely_is_a_mismatch_however_doubtful() -> None:
    """'成都蕉发电气有限公司' read at 0.00 for its 蕉 (蓉 misread) where the documents print '成都蓉发机电
    设备有限公司': its 电气, read surely, is no 机电设备, so the doubt on 蕉 cannot explain it: PARTY_MISMATCH,
    not LOW_CONFIDENCE. A name whose only difference is what OCR doubted asks for an eye."""
    buyer = "成都蓉发机电设备有限公司"
    docs = edit(clean_documents(), "scan_0001.pdf", buyer=buyer)
    docs = edit(docs, "scan_0002.pdf", buyer=buyer)
    docs = edit(docs, "scan_0003.pdf", notify_party=buyer)

    def letter(name: str, doubted: str) -> list:  # type: ignore[type-arg]
        read = edit(docs, "scan_0004.pdf", ocr=["buyer"], doubtful=["buyer"], buyer=name)
        return [(d.code, d.severity) for d in check(_read_with_doubt(read, "scan_0004.pdf", "buyer", doubted),
                                                    clean_manifest(buyer=buyer)) if d.field == "buyer"]
    assert letter("成都蕉发电气有限公司", "蕉") == [("PARTY_MISMATCH", Severity.BLOCKING)]
    assert letter("成都蕉发电器设备有限公司", "蕉 电器") == [("LOW_CONFIDENCE", Severity.MAJOR)]


def test_checks_scan_latin_name_with_an_accent_read_as_a_chinese_character_and_a_form_misread() -> None:
    """'0dzkie上 Hurtownie Techniczne Sp. z o.0.' (Ł read as 上, the form's o as 0), its first word
    doubted: the buyer Łódzkie Hurtownie Techniczne Sp. z o.o., no alarm."""
    buyer = "Łódzkie Hurtownie Techniczne Sp. z o.o."
    docs = edit(clean_documents(), "scan_0001.pdf", buyer=buyer)
    docs = edit(docs, "scan_0002.pdf", buyer=buyer)
    docs = edit(docs, "scan_0003.pdf", notify_party=buyer)
    read = edit(docs, "scan_0004.pdf", ocr=["buyer"], doubtful=["buyer"], buyer="0dzkie上 Hurtownie Techniczne Sp. z o.0.")
    assert codes(check(_read_with_doubt(read, "scan_0004.pdf", "buyer", "0dzkie o.0."), clean_manifest(buyer=buyer))) == set()


def test_checks_scan_latin_name_differing_in_a_word_read_surely_or_only_in_its_form() -> None:
    """'Rio Verde Trading Ltda.' read doubtfully for its form only: 'Trading', read surely, is no word
    of Rio Verde Importadora: PARTY_MISMATCH. A garbled form alone ('Sp. Zz 0.0..') is no difference."""
    def letter(buyer: str, name: str, doubted: str) -> set[str]:
        docs = edit(clean_documents(), "scan_0001.pdf", buyer=buyer)
        docs = edit(docs, "scan_0002.pdf", buyer=buyer)
        docs = edit(docs, "scan_0003.pdf", notify_party=buyer)
        read = edit(docs, "scan_0004.pdf", ocr=["buyer"], doubtful=["buyer"], buyer=name)
        return codes(check(_read_with_doubt(read, "scan_0004.pdf", "buyer", doubted), clean_manifest(buyer=buyer)))
    assert letter("Rio Verde Importadora Ltda.", "Rio Verde Trading Ltda.", "Ltda.") == {"PARTY_MISMATCH"}
    # a word one letter off the company's is a misread letter, however surely read: an eye, not a mismatch
    assert letter("Müller & Söhne Maschinenhandel GmbH", "Ta Maller & Söhne Maschinenhandel GmbH", "Ta") == {"LOW_CONFIDENCE"}
    polish = "Łódzkie Hurtownie Techniczne Sp. z o.o."
    assert letter(polish, "Łódzkie Hurtownie Techniczne Sp. Zz 0.0..", "Zz 0.0..") == set()
