"""Cells (columns) of a line, as labels.cells_of cuts them."""

from __future__ import annotations

from claimready.extractors.labels import cells_of
from claimready.models import BBox, Line, Word


def _ocr(text: str, x0: float, x1: float, glued: bool) -> Word:
    return Word(text, BBox(x0, 0.074, x1, 0.088), 0.9, "ocr", glued)


def test_cells_of_keep_a_chinese_name_whole_across_a_narrow_misread_box() -> None:
    """Tesseract's box of '厦门' ends 0.024 page widths before '金': more than a cell gap, but the
    characters are one glued run, so the name is one cell."""
    name = Line((_ocr("厦门", 0.113, 0.138, False), _ocr("金", 0.162, 0.183, True), _ocr("鹭光伏", 0.183, 0.238, True)))
    assert len(cells_of(name)) == 1


def test_cells_of_keep_a_chinese_name_whole_when_ocr_cut_a_box_short_from_the_left() -> None:
    """'致:宁波东方纺织品 | 进出口有限公司' (a scan): '进出' read 0.0125 wide for two characters 0.013
    wide each, 0.0255 after '品', so the addressee was '进出口有限公司'. The box starts no later than its
    characters' width before its end: one cell. Two Chinese columns far apart stay two."""
    words = [("致", 0.098, 0.1133, 0.0109, False), (":", 0.123, 0.1235, 0.0062, True), ("宁波", 0.1357, 0.162, 0.0115, True),
             ("东方", 0.1681, 0.1952, 0.0115, True), ("纺织", 0.2033, 0.236, 0.0116, True), ("品", 0.2358, 0.2546, 0.0115, True),
             ("进出", 0.2801, 0.2926, 0.0100, True), ("口", 0.296, 0.3041, 0.0108, True), ("有", 0.3034, 0.3168, 0.0162, True),
             ("限", 0.3162, 0.3274, 0.0108, True), ("公司", 0.3332, 0.3591, 0.0112, True)]
    line = Line(tuple(Word(t, BBox(x0, 0.142, x1, 0.142 + h), 0.9, "ocr", g) for t, x0, x1, h, g in words))
    assert [line.text[c.start:c.end] for c in cells_of(line)] == ["致:宁波东方纺织品进出口有限公司"]
    columns = Line((_ocr("卖方", 0.1, 0.126, False), _ocr("宁波东方", 0.13, 0.182, True), _ocr("买方", 0.5, 0.526, True),
                    _ocr("上海", 0.53, 0.556, True)))
    assert len(cells_of(columns)) == 2


def test_cells_of_cut_glued_chinese_columns_far_apart() -> None:
    header = Line((_ocr("卖方", 0.1, 0.13, False), _ocr("买方", 0.55, 0.58, True)))
    assert len(cells_of(header)) == 2


def test_cells_of_part_at_a_table_ruling_read_as_a_glyph() -> None:
    """'COSCO SHIPPING ARIES V.012W_ | Xiamen, China': the ruling between the vessel's and the port's
    boxes, set close to both, read as '|': two cells, the ruling in neither. Typed, a '|' is text."""
    words = (("COSCO", 0.30, 0.36), ("ARIES", 0.37, 0.42), ("V.012W_", 0.43, 0.50), ("|", 0.51, 0.515), ("Xiamen,", 0.525, 0.6),
             ("China", 0.61, 0.66))
    row = Line(tuple(_ocr(t, x0, x1, False) for t, x0, x1 in words))
    assert [row.text[c.start:c.end] for c in cells_of(row)] == ["COSCO ARIES V.012W_", "Xiamen, China"]
    typed = Line(tuple(Word(t, BBox(x0, 0.074, x1, 0.088)) for t, x0, x1 in words))
    assert len(cells_of(typed)) == 1


def test_cells_chinese_label_less_the_hao_of_bianhao_after_a_glued_cell(rules) -> None:  # type: ignore[no-untyped-def]
    """A header row of glued Chinese cells '发票编 | 发票日期 | 合同编' (the 号 of 编号 lost on a scan): the
    last cell is the contract number's label, though Chinese of the cell before runs up to it."""
    from claimready.extractors.labels import column_cells, label_index

    header = Line((_ocr("发票编", 0.106, 0.148, False), _ocr("发票日期", 0.378, 0.421, True),
                   _ocr("合同编", 0.649, 0.691, True)))
    hits = label_index(rules).hits(0, header, column_cells((header,))[0], True)
    assert [(header.text[h.start:h.end], "contract_number" in h.sets) for h in hits][-1] == ("合同编", True)
    plain = Line((_ocr("销售合同", 0.3, 0.4, False),))
    assert all("contract_number" not in h.sets for h in label_index(rules).hits(0, plain, cells_of(plain), True))


def test_labels_party_letter_beside_its_role_labels_the_role(rules) -> None:  # type: ignore[no-untyped-def]
    """'甲方 ( 买方 ) :' (brackets as OCR reads them): 甲方 labels the seller in most contracts, but the
    role beside it says buyer; the role decides, before the letter or after it. (Both sets on one
    hit gave a contract's buyer as its seller too: PARTY_MISMATCH on a clean claim.)"""
    from claimready.extractors.labels import label_index

    def sets(text: str) -> tuple[str, ...]:
        x, words = 0.08, []
        for token in text.split(" "):
            words.append(_ocr(token, x, x + 0.012 * len(token), False))
            x += 0.012 * len(token) + 0.008
        line = Line(tuple(words))
        return label_index(rules).hits(0, line, cells_of(line), True)[0].sets

    assert sets("甲方 ( 买方 ) : 成都蓉发机电设备有限公司") == ("buyer",)
    assert sets("乙方 ( 卖方 ) : 深圳华信机械有限公司") == ("seller",)
    assert sets("买方（甲方）： 成都蓉发机电设备有限公司") == ("buyer",)
    assert sets("Party A (Buyer): Chengdu Rongfa") == ("buyer",)


def test_labels_after_a_turkish_dotted_capital_i_stay_in_place(rules) -> None:  # type: ignore[no-untyped-def]
    """'ŞİŞLİ TEKSTİL ... A.Ş. Invoice Date: Feb. 20, 2025': 'İ' lowers to two characters; the
    label's offsets must not shift ('ce Date: Feb' took the payment due date for the invoice's)."""
    from claimready.extractors.fields import extract_fields
    from claimready.models import DocType
    from extract_helpers import ocr_text

    rows = ["COMMERCIAL INVOICE", "Invoice to: Invoice #: 202508732",
            "ŞİŞLİ TEKSTİL SANAYİ VE TİCARET A.Ş. Invoice Date: Feb. 20, 2025",
            "İstanbul, Türkiye Payment Due: 21st May 2025"]
    got = extract_fields(ocr_text(rows, confidence=0.95), DocType.INVOICE, rules)
    assert got["date"].value == "2025-02-20" and got["due_date"].value == "2025-05-21"


def test_labels_possessive_clause_and_a_brace_speck_before_a_label(rules) -> None:  # type: ignore[no-untyped-def]
    """"SHIPPER'S LOAD, COUNT AND SEAL." is a B/L clause, no shipper's label; '{| Shipper {complete
    name and address)' (a box corner read as '{') still heads its cell, and its hint in braces is one."""
    from claimready.extractors.fields import _LABEL_NOTE
    from claimready.extractors.labels import label_index

    def hits(text: str):  # type: ignore[no-untyped-def]
        line = Line(tuple(_ocr(t, 0.07 + 0.06 * i, 0.07 + 0.06 * i + 0.05, False) for i, t in enumerate(text.split())))
        return label_index(rules).hits(0, line, cells_of(line), True)
    assert not [h for h in hits(". SHIPPER'S LOAD, COUNT AND SEAL.") if h.is_a(("shipper",))]
    assert [h for h in hits("Shipper's Address: Xiamen") if h.is_a(("shipper",))]  # a colon after it: a label still
    shipper = [h for h in hits("{| Shipper {complete name and address)") if h.is_a(("shipper",))]
    assert shipper and shipper[0].at_cell_start
    assert _LABEL_NOTE.match("{complete name and address)")
