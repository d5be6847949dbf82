"""Find field labels on a page's lines, and cut lines into cells (columns) by wide gaps.

Every label of every label set takes part, so a longer label ("Due Date") is never read as a
shorter one ("Date"). On OCR'd lines, look-alike characters (0/o, 1/l/i/|) are folded on both
sides before matching, and a cell's first words are also compared fuzzily (rapidfuzz) with
the labels; such hits carry a lower `sure`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claimready.extractors.layout import is_cjk
from claimready.models import Line, Word
from claimready.rules import Rules, fold_accents

CELL_GAP = 0.022  # a horizontal gap wider than this (fraction of page width) starts a new cell
OCR_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "í": "l", "ì": "l"})
_SEPARATORS = " \t:：.-—_/|#;；,，()（）[]【】"
_SPECK_MARKS = "”“\"'‘’`~{}"  # specks OCR reads as quote marks (or braces: a box's corner) before a label still leave it heading its cell
_NEAR_LABEL_SURE = 0.75  # a Chinese label one character off
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK_LABEL_RUN = re.compile(rf"(?<![{_CJK}])[{_CJK}]{{3,8}}(?![{_CJK}])")
_RawHit = tuple[int, int, tuple[str, ...], float]  # start, end, label sets, sure
ROLE_CHARACTERS = frozenset("供购买卖收发出进借贷甲乙付售销")  # one of these tells two parties' labels apart


def lower_in_place(text: str) -> str:
    """Lower case, character for character: 'İ' lowers to two characters ('i' and a combining dot),
    which would shift every offset after it ('ŞİŞLİ ... Invoice Date:' matched 'ce Date: Feb')."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def ocr_fold(text: str) -> str:
    """Look-alikes folded, character for character (offsets stay valid): accents dropped from
    Latin letters (a speck above or below 'o' reads 'ọ': 'Contract Nọ.'), then 0/o, 1/l/i/|."""
    return fold_accents(text).translate(OCR_FOLD)


@dataclass(frozen=True, slots=True)
class Cell:
    start: int  # char range within the line's text
    end: int
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class LabelHit:
    line: int  # index of the line on its page
    start: int
    end: int
    value_start: int  # where the value may begin (after the colon and any bilingual twin label)
    sets: tuple[str, ...]  # every label set that has this wording ("To" = addressee and port of discharge)
    colon: bool
    cell: int  # index of the cell the label is in
    at_cell_start: bool
    short: bool  # a short label ("to", "re", "date") needs a colon unless its value is strict
    sure: float  # 1.0 for an exact match, lower for an OCR-folded or fuzzy one
    alone: bool = False  # nothing else in its cell: a column or box header
    bare: bool = False  # one plain word ("Contract", "Number"): a label only as a header or before a colon

    @property
    def set_name(self) -> str:
        return self.sets[0]

    def is_a(self, names: "tuple[str, ...] | frozenset[str] | set[str]") -> bool:
        return any(s in names for s in self.sets)


def _by_first_char(labels: list[tuple[str, str]]) -> dict[str, re.Pattern[str]]:
    """One alternation (longest first) per first character: a line is scanned once, and at each
    character only the labels that can start there are tried."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, label in labels:
        groups.setdefault(label.lower().strip()[0], []).append((name, label))
    return {ch: re.compile("|".join(f"(?P<{name}>{_label_pattern(label)})" for name, label in items))
            for ch, items in groups.items()}


def _scan(table: dict[str, re.Pattern[str]], text: str, start: int, end: int) -> "list[re.Match[str]]":
    """Non-overlapping label matches in text[start:end], leftmost first, longest at each position."""
    found = []
    pos = start
    while pos < end:
        pattern = table.get(text[pos])
        m = pattern.match(text, pos, end) if pattern is not None else None
        if m:
            found.append(m)
            pos = m.end()
        else:
            pos += 1
    return found


def cells_of(line: Line) -> tuple[Cell, ...]:
    """Runs of words separated by gaps wider than CELL_GAP: the columns of a table row or form. A
    table's ruling OCR read as a glyph ('V.012W_ | Xiamen, China') parts two cells and is in neither."""
    cells: list[Cell] = []
    parted = True  # the next word starts a cell
    glyph = _glyph_width(line)
    for s, e, word in line.spans():
        if word.source == "ocr" and word.text in _RULINGS:
            parted = True
        elif parted or _left_edge(word, glyph) - cells[-1].x1 > _cell_gap(word):
            cells.append(Cell(s, e, word.bbox.x0, word.bbox.x1))
            parted = False
        else:
            cells[-1] = Cell(cells[-1].start, e, cells[-1].x0, max(cells[-1].x1, word.bbox.x1))
    return tuple(cells)


_RULINGS = frozenset({"|", "│", "||", "¦"})


def _glyph_width(line: Line) -> float | None:
    """The width of one Chinese character on an OCR'd line: the median over its glued Chinese words
    (Chinese glyphs are set on one square body), or None on a line without them."""
    widths = sorted((w.bbox.x1 - w.bbox.x0) / len(w.text) for w in line.words
                    if w.glued and w.source == "ocr" and w.text and all(is_cjk(c) for c in w.text))
    return widths[len(widths) // 2] if len(widths) >= 3 else None


def _left_edge(word: Word, glyph: float | None) -> float:
    """Where a glued Chinese word starts: OCR cuts a misread character's box short from the left
    ('进出' 0.013 wide for two characters of 0.013 each, after '宁波东方纺织品' of the same name:
    a gap that parted the name), so it starts no later than its characters' width before its end."""
    if glyph is None or not word.glued or word.source != "ocr" or not all(is_cjk(c) for c in word.text):
        return word.bbox.x0
    return min(word.bbox.x0, word.bbox.x1 - glyph * len(word.text))


def _cell_gap(word: Word) -> float:
    """The gap before `word` that starts a new cell. Characters tesseract read as one Chinese run
    (glued) are one cell unless far apart: its boxes of a misread character are often narrow
    ('厦门' 0.024 page widths before '金鹭光伏…' on a scan, where CELL_GAP would cut the name)."""
    if word.glued and word.source == "ocr":
        return max(CELL_GAP, 2.5 * (word.bbox.y1 - word.bbox.y0))
    return CELL_GAP


COLUMN_ALIGN = 0.008  # words starting within this of each other (fraction of page width) are one column


def column_cells(lines: tuple[Line, ...]) -> tuple[tuple[Cell, ...], ...]:
    """Each line's cells, also cut where a word, after a wider gap than between words, starts a
    column that the rows around start: '... invoice date  22-Mar-2025' under 'Credit Terms | Payment Due'
    (a gap too narrow to split the cells by itself)."""
    cells = [cells_of(line) for line in lines]
    return tuple(_cut_at_columns(lines[j], cells[j], _column_edges(lines, cells, j)) for j in range(len(lines)))


def _column_edges(lines: tuple[Line, ...], cells: list[tuple[Cell, ...]], j: int) -> list[float]:
    """Column starts near line j: a later cell of the row above or below, or a cell start shared by
    two of the rows within two lines."""
    if not lines[j].words:
        return []
    left = lines[j].words[0].bbox.x0 + 0.05
    rows = [k for k in (j - 1, j + 1) if 0 <= k < len(lines)]
    edges = [c.x0 for k in rows for c in cells[k][1:] if c.x0 > left]
    around = sorted(c.x0 for k in range(max(0, j - 2), min(len(lines), j + 3)) if k != j for c in cells[k] if c.x0 > left)
    return edges + [x for i, x in enumerate(around) if i + 1 < len(around) and around[i + 1] - x <= COLUMN_ALIGN]


def _cut_at_columns(line: Line, cells: tuple[Cell, ...], edges: list[float]) -> tuple[Cell, ...]:
    if not edges or len(line.words) < 2:
        return cells
    wide = column_gap(line)
    out: list[Cell] = []
    spans = line.spans()
    for cell in cells:
        inside = [(s, e, w) for s, e, w in spans if cell.start <= s < cell.end]
        start, x0, end, x1 = inside[0][0], inside[0][2].bbox.x0, inside[0][1], inside[0][2].bbox.x1
        for (_, _, prev), (s, e, w) in zip(inside, inside[1:]):
            if w.bbox.x0 - prev.bbox.x1 >= wide and any(abs(w.bbox.x0 - x) <= COLUMN_ALIGN for x in edges):
                out.append(Cell(start, end, x0, x1))
                start, x0 = s, w.bbox.x0
            end, x1 = e, max(x1, w.bbox.x1)
        out.append(Cell(start, end, x0, x1))
    return tuple(out)


def column_gap(line: Line) -> float:
    """A gap between words wider than this (2.5 of the line's median word gap) may part columns."""
    gaps = sorted(b.bbox.x0 - a.bbox.x1 for a, b in zip(line.words, line.words[1:]))
    return max(gaps[len(gaps) // 2] * 2.5, 0.008) if gaps else 0.008


def _label_pattern(label: str) -> str:
    out: list[str] = []
    text = label.lower().strip()
    for i, ch in enumerate(text):
        if ch.isspace():
            out.append(r"[\s.]*")
        elif ch == "." and text[i + 1:].strip():
            out.append(r"[.,:;]?")  # a scan reads a dot inside the label as a comma or a colon ('No, of Invoice', 'No: of')
        elif ch == ".":
            out.append(r"[.,]?")  # ... and the last as a comma; a colon after the label is its own
        elif ch in "/-&":
            out.append(r"\s*" + re.escape(ch) + r"\s*")
        elif is_cjk(ch):
            out.append(re.escape(ch) + (r"\s*" if i + 1 < len(text) and is_cjk(text[i + 1]) else ""))
        else:
            out.append(re.escape(ch))
    body = "".join(out)
    if text[0].isascii() and text[0].isalnum():
        body = r"(?<![a-z0-9])" + body
    word_end = text.rstrip(".")
    if word_end and word_end[-1].isascii() and word_end[-1].isalpha():
        body += r"(?![a-z])"  # "no." is not the start of "not", nor "inv." of "invest"
    return body


class LabelIndex:
    """All labels of all sets compiled into one alternation (longest first) per spelling."""

    def __init__(self, rules: Rules) -> None:
        owners: dict[str, list[str]] = {}
        for s in rules.label_sets.values():
            for label in s.labels:
                names = owners.setdefault(" ".join(label.lower().split()), [])
                if s.name not in names:
                    names.append(s.name)
        entries = sorted(((label, tuple(names)) for label, names in owners.items()), key=lambda e: -len(e[0]))
        self.groups = {f"g{i}": names for i, (_, names) in enumerate(entries)}
        self.kinds = {s.name: s.kind for s in rules.label_sets.values()}
        self.exact = _by_first_char([(f"g{i}", l) for i, (l, _) in enumerate(entries)])
        self.folded = _by_first_char([(f"g{i}", ocr_fold(l)) for i, (l, _) in enumerate(entries)])
        self.fuzzy = [(ocr_fold(l.lower()), name) for l, name in entries if len(l) >= 6 and l.isascii()]
        self.fuzzy_cjk = [(l, name) for l, name in entries if len(l) >= 3 and all(is_cjk(c) for c in l)]
        # document titles are no misread labels: 'PURCHASE ORDER' is not 'Purchaser' with 'ORDER' for a name
        self.titles = frozenset({ocr_fold(" ".join(p.text.lower().split())) for t in rules.doc_types.values()
                                    for p in t.titles if p.text.isascii()})
        self.short = {name: {l.lower() for l in s.labels if len(l) <= 4 and l.isascii()} for name, s in
                      ((s.name, s) for s in rules.label_sets.values())}
        self.date_phrase_ends = tuple(rules.vocab.prose.get("date_label_in_phrase", ()))
        self.party_letters = frozenset(" ".join(l.lower().split()) for l in rules.vocab.prose.get("party_letters", ()))

    def hits(self, line_no: int, line: Line, cells: tuple[Cell, ...], ocr: bool) -> list[LabelHit]:
        text = line.text
        lowered = lower_in_place(text).replace("’", "'")  # a typographic apostrophe is one: "Buyer’s Name"
        # labels are matched cell by cell: a label never spans two columns ("Payment | Due on")
        raw: list[tuple[int, int, tuple[str, ...], float]] = [
            (m.start(), m.end(), self.groups[m.lastgroup or ""], 1.0)
            for cell in cells for m in _scan(self.exact, lowered, cell.start, cell.end)]
        if ocr:
            raw = self._ocr_hits(line, lowered, cells, raw)
        return self._resolve(line_no, line, cells, [hit for hit in raw if not self._date_in_phrase(lowered, hit)
                                                    and not _quoted_term(text, hit[1]) and not _possessive(lowered, hit[1])])

    def _date_in_phrase(self, text: str, hit: tuple[int, int, tuple[str, ...], float]) -> bool:
        """A date label that a phrase goes on from ('发票日期后30天' in the payment terms: 30 days
        after the invoice date) labels no date: the date under it is another field's."""
        _, end, names, _ = hit
        return all(self.kinds.get(n) == "date" for n in names) and text[end:].lstrip().startswith(self.date_phrase_ends)

    def _ocr_hits(self, line: Line, lowered: str, cells: tuple[Cell, ...],
                  exact: list[tuple[int, int, tuple[str, ...], float]]) -> list[tuple[int, int, tuple[str, ...], float]]:
        folded = ocr_fold(lowered)
        found = list(exact)
        for m in (m for cell in cells for m in _scan(self.folded, folded, cell.start, cell.end)):
            found = _take_if_longer(found, (m.start(), m.end(), self.groups[m.lastgroup or ""], 0.9))
        for cell in cells:
            # a later label in the cell does not stop a misread one at its head ('nvoice No :'), nor a
            # shorter one before a misread abbreviation ('Contract Ret.' is Contract Ref., not 'Contract'
            # and a value 'Ret.', nor 'Contract #' with its '#' lost); any other word after it is a value
            heading = max((e - s for s, e, _, _ in found if s == cell.start), default=0)
            head = folded[cell.start:cell.end]
            least = 0
            if heading:
                after = _ABBREVIATION_AFTER.match(head, heading)
                if after is None:
                    continue  # the label is whole: what follows it is the value ('Consignee To order')
                least = after.end()  # the misread label goes on past the abbreviation
            best = max(((fuzz.ratio(label, head[:n]), n, label, name) for label, name in self.fuzzy
                        for n in _misread_lengths(label) if n >= least and not _inside_a_word(head, n)),
                       default=(0.0, 0, "", ""))
            if best[0] >= 85 and not self._title_cell(head, best[2]):
                found = _take_if_longer(found, (cell.start, cell.start + best[1], best[3], 0.8))
        for twin in self._misread_twins(folded, cells, found):
            found = _take_if_longer(found, twin)
        for cell in cells:
            for near in self._cjk_near_label(lowered, cell, line):
                found = _take_if_longer(found, near)
        return sorted(found)

    def _misread_twins(self, folded: str, cells: tuple[Cell, ...], found: list[_RawHit]) -> list[_RawHit]:
        """A label's twin in the other language right after it, misread ('进口商 4mporter' for 进口商
        Importer) heading a column: only a label of a field the first one names (or of another
        date: '发票日期 ssued on:'), and only as the cell's last word or before a colon, so that a
        value after a label is never taken for its twin ('托运人 Hipper Ningbo ...' read surely may be
        a name); being a twin, one letter off is enough ('卖方 Wendor')."""
        twins = []
        starts = {start for start, _, _, _ in found}
        for start, end, names, _ in found:
            cell = next((c for c in cells if c.start <= start < c.end), None)
            at = end + len(folded[end:]) - len(folded[end:].lstrip(_SEPARATORS))
            if cell is None or at >= cell.end or at in starts:
                continue
            head = folded[at:cell.end]
            best = max(((fuzz.ratio(label, head[:n]), n, owners) for label, owners in self.fuzzy
                        if self._twins(names, owners) for n in _misread_lengths(label) if not _inside_a_word(head, n)),
                       default=(0.0, 0, ()))
            if best[0] >= _TWIN_RATIO and (not head[best[1]:].strip(_SEPARATORS) or _colon_after(head, best[1])):
                twins.append((at, at + best[1], best[2], 0.8))
        return twins

    def _twins(self, first: tuple[str, ...], second: tuple[str, ...]) -> bool:
        """Labels of one field, or two date labels ('发票日期 ssued on': an invoice's date and a
        date of issue label one date; a party's labels are never another party's)."""
        return bool(set(first) & set(second)) or (
            any(self.kinds.get(n) == "date" for n in first) and all(self.kinds.get(n) == "date" for n in second))

    def _title_cell(self, head: str, label: str) -> bool:
        """A cell headed by a document title is no misread label: 'PURCHASE ORDER' is not 'Purchaser'
        with 'ORDER' for a name, nor a cell 'Sales Contract' alone the label 'Sales Contract No.'."""
        return any(head.startswith(t) and (len(t) > len(label) or not head[len(t):].strip(" .:：")) for t in self.titles)

    def _cjk_near_label(self, text: str, cell: Cell, line: Line) -> list[tuple[int, int, tuple[str, ...], float]]:
        """A Chinese label with one character misread ('印货港' for '卸货港'), as the whole cell or
        before a colon ('To / 印货港 : Tema, Ghana'), or of four characters or more read doubtfully
        anywhere ('发村号码' at 0.12-0.38 for 发票号码 before 'invoice Date'): a label of every set it
        may be, so that it is never read as a value. Chinese read surely is text, not a label misread."""
        found = []
        inside = text[cell.start:cell.end]  # a cell's text only: glued Chinese of the cell before is no part of it
        for m in _CJK_LABEL_RUN.finditer(inside):
            whole = not inside[:m.start()].strip(_SEPARATORS) and not inside[m.end():].strip(_SEPARATORS)
            if not (whole or _colon_after(inside, m.end()) or len(m.group()) >= 4
                    and _read_doubtfully(line, cell.start + m.start(), cell.start + m.end())):
                continue  # the words' confidences are looked up last: most runs are whole cells or before a colon
            sets: list[str] = []
            for label, names in self.fuzzy_cjk:
                if _one_character_off(label, m.group()):
                    sets.extend(n for n in names if n not in sets)
            if sets:
                found.append((cell.start + m.start(), cell.start + m.end(), tuple(sets), _NEAR_LABEL_SURE))
        return found

    def _party_letter(self, label: str) -> bool:
        return " ".join(label.lower().split()).strip(" .:：") in self.party_letters

    def _resolve(self, line_no: int, line: Line, cells: tuple[Cell, ...],
                 raw: list[tuple[int, int, tuple[str, ...], float]]) -> list[LabelHit]:
        text = line.text
        hits: list[LabelHit] = []
        for start, end, name, sure in raw:
            cell = next((i for i, c in enumerate(cells) if c.start <= start < c.end), len(cells) - 1)
            between = text[hits[-1].value_start:start] if hits else ""
            garbled = bool(between.strip(_SEPARATORS)) and _unread(line, hits[-1].value_start, start) if hits else False
            if hits and hits[-1].cell == cell and (not between.strip(_SEPARATORS) or garbled) and (
                    set(hits[-1].sets) & set(name) or (not hits[-1].colon and ("/" in between or _colon_after(text, end)))):
                prev = hits.pop()  # "发票号码/Invoice No.:" - twin labels of one field
                common = tuple(n for n in prev.sets if n in name)
                if min(prev.sure, sure) <= _NEAR_LABEL_SURE and common:
                    name = common  # a misread twin ('印货港': 卸货港 or 装货港?) is what its partner says ('To')
                elif not common and self._party_letter(text[prev.start:prev.end]):
                    pass  # '甲方（买方）:', 'Party A (Buyer):': the role says who the party is; a letter may be either
                elif not common and self._party_letter(text[start:end]):
                    name = prev.sets  # '买方（甲方）:'
                else:  # "Dated / 开票日期:" - one field printed with two labels: the value belongs to both
                    name = common + tuple(n for n in prev.sets if n not in name) + tuple(n for n in name if n not in prev.sets)
                start, sure = prev.start, min(prev.sure, sure)
            value_start, colon = _after_label(text, end, cells[cell].end if cells else len(text))
            colon = colon and not _far_speck_colon(line, cells, cell, value_start)
            label_text = text[start:end].lower().strip(" .:：")
            hits.append(LabelHit(line_no, start, end, value_start, name, colon, cell,
                                 _heads_cell(line, cells[cell].start if cells else 0, start),
                                 any(label_text in self.short.get(n, ()) for n in name), sure,
                                 not text[value_start:cells[cell].end].strip() if cells else False,
                                 label_text.isascii() and label_text.isalpha()))
        return hits


_DOUBTFUL_RUN = 0.5  # a run of Chinese whose words OCR read below this, on average, is a guess


def _read_doubtfully(line: Line, start: int, end: int) -> bool:
    words = [w for w in line.words_in(start, end) if w.source == "ocr"]
    return bool(words) and sum(w.confidence for w in words) / len(words) < _DOUBTFUL_RUN


def _unread(line: Line, start: int, end: int) -> bool:
    """OCR read the words between two labels as no text ('发票号 1IBMMINVOICE NO.:', the '/' and the
    twin's first word garbled at 0.23): the labels are twins as if a slash stood between them."""
    words = [w for w in line.words_in(start, end) if w.text.strip(_SEPARATORS)]
    return all_unread(words)


_POSSESSIVE = re.compile(r"['’]s(?![a-z])")


def _possessive(text: str, end: int) -> bool:
    """A label word another word belongs to, no colon after it: "SHIPPER'S LOAD, COUNT AND SEAL." is a
    B/L clause; "Exporter's Name & Address:" is a label still (and "Shipper's Name" one of its own)."""
    return bool(_POSSESSIVE.match(text, end)) and not re.search(r"[:：]", text[end:end + 40])


def all_unread(words: Sequence[Word]) -> bool:
    """Words there are, and OCR read every one of them as no text (below UNREAD_BELOW)."""
    return bool(words) and all(w.source == "ocr" and w.confidence < UNREAD_BELOW for w in words)


def _quoted_term(text: str, end: int) -> bool:
    """A role a quote mark closes ('(the "Seller")', also heading a wrapped contract line, where OCR
    may take '"Seller' for a misread label) is a defined term, no label; but a quote mark a colon
    follows is a speck before the label's colon ("购货单位/Buyer' : Accra ...")."""
    return (text[end:end + 1] in _CLOSING_QUOTES and not text[end + 1:end + 2].isalpha()  # "Buyer's Name" is a label
            and not text[end + 1:].lstrip().startswith((":", "：")))


_CLOSING_QUOTES = frozenset("\"”’'")


def _heads_cell(line: Line, cell_start: int, start: int) -> bool:
    """Whether a label starts its cell: nothing but separators, a number, or specks OCR read as
    quote marks ('”CONSIGNEE') before it, or words OCR could not read (the rest of a garbled
    label: 'AFIRI Conraa No.' at 0.00 for 合同编号 Contract No.)."""
    if not line.text[cell_start:start].strip(_SEPARATORS + _SPECK_MARKS + "0123456789"):
        return True
    if twin_remnant_before(line.text[cell_start:start]):
        return True
    lead = line.words_in(cell_start, start)
    return all_unread(lead)


def twin_remnant_before(lead: str) -> bool:
    """A few Chinese characters, or two or three capitals, then a bracket or slash before the
    label: what OCR left of its Chinese twin ('运人 (Shipper/Exporter)' for 托运人, its first
    character lost; 'EA (THE BUYERS)', 'KÈ (Buyer)' for 买方 read as Latin)."""
    core = lead.rstrip(" ")
    if not core.endswith(("(", "（", "/")):
        return False
    core = core.rstrip(" (（/").lstrip(_SPECK_MARKS + " ")
    return ((1 <= len(core) <= _TWIN_REMNANT and all(is_cjk(c) for c in core))
            or (2 <= len(core) <= 3 and fold_accents(core).isascii() and core.isupper() and core.isalpha()))


_TWIN_REMNANT = 4  # characters of a Chinese label's remnant before its English twin
_ABBREVIATION_AFTER = re.compile(r" [a-z]{2,4}\.(?=\s|$)")  # 'contract ret.': a label's abbreviation misread
_TWIN_RATIO = 80  # a misread twin label: one letter off a six-letter one ('Wendor' for Vendor) scores 83
UNREAD_BELOW = 0.3  # an OCR'd word read below this is no text: garbled glyphs or specks


def _take_if_longer(found: list[_RawHit], hit: _RawHit) -> list[_RawHit]:
    """`hit` joins the found labels unless it overlaps one; a longer label wins over shorter ones
    inside it ('Contract Nọ.' over 'Contract', '合计人金额' over '合计' and '金额')."""
    start, end = hit[0], hit[1]
    overlapping = [h for h in found if h[0] < end and start < h[1]]
    if all(start <= s and e <= end and e - s < end - start for s, e, _, _ in overlapping):
        return [h for h in found if h not in overlapping] + [hit]
    return found


def _misread_lengths(label: str) -> tuple[int, ...]:
    """How long a misread label may be: as long as the label, or a glyph longer or shorter
    ('Comimercial Invóice No.': an m read as 'mi'), longest first so that a tie takes it whole."""
    return (len(label) + 1, len(label), len(label) - 1)


def _inside_a_word(text: str, end: int) -> bool:
    """Whether `end` cuts a word of `text`: a misread label ends where a word ends, so that
    'consigned to order of' is not found in '”consignee to order of shipper' (a speck before it
    shifts the head by one: the label would end in 'o|f' and leave 'f shipper' as the consignee)."""
    return 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum()


def _one_character_off(label: str, read: str) -> bool:
    """One character misread, unless it is one that names the role (供货单位 is the supplier,
    购货单位 the buyer: no slip may turn one into the other); in a label of three or more also one
    character too many inside it ('合计人金额' for '合计金额', '总人金额' for 总金额), none that names a
    role. One missing is not: a label less a
    character is often a word of its own (the title '销售合同' is '销售合同号' less its '号'), except
    the 号 of '编号' ('合同编' for 合同编号: no word ends in 编)."""
    if label.endswith("编号") and read == label[:-1] and len(read) >= 3:
        return True
    if len(label) == len(read):
        differ = [(a, b) for a, b in zip(label, read) if a != b]
        return len(differ) == 1 and not set(differ[0]) & ROLE_CHARACTERS
    return (len(label) >= 3 and len(read) == len(label) + 1 and read[0] == label[0] and read[-1] == label[-1]
            and Levenshtein.distance(label, read) == 1 and not (set(read) - set(label)) & ROLE_CHARACTERS)


_FAR_COLON = 0.2  # of the page's width between a label's cell and a lone colon ending the line


def _far_speck_colon(line: Line, cells: tuple[Cell, ...], cell: int, value_start: int) -> bool:
    """A colon alone in the line's last cell, far right of the label's cell: a speck OCR read as
    one ('SALES CONTRACT                :'), no colon making the title's word a label. A form's
    aligned colons sit nearer their labels, or have their value after them."""
    if not cells or cell + 1 != len(cells) - 1 or line.text[value_start:].strip():
        return False
    last = cells[-1]
    return line.text[last.start:last.end].strip() in (":", "：") and last.x0 - cells[cell].x1 > _FAR_COLON


def _colon_after(text: str, end: int) -> bool:
    return _after_label(text, end, len(text))[1]


def _after_label(text: str, end: int, cell_end: int) -> tuple[int, bool]:
    """Where a value starts after a label: past spaces, one colon and brackets such as '(USD)'."""
    i = end
    colon = False
    while i < len(text) and text[i] in " \t.#)）】'’\"”":  # a quote mark: a speck ("Buyer' :")
        i += 1
    if i < len(text) and text[i] in ":：":
        colon = True
        i += 1
    while i < len(text) and text[i] in " \t":
        i += 1
    return i, colon


def label_index(rules: Rules) -> LabelIndex:
    return rules.cached("labels", lambda: LabelIndex(rules))
