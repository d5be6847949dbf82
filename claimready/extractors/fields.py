"""Stage 4: SPEC section 3 fields of one document, each with the evidence behind it.

Labelled values are found where real forms put them: after the label on the same line
(several label/value pairs may share a line), in the next cell of a table row, or in the
cell below the label (boxed grids, two-column party blocks). Letters, rulings and orders
are read from their prose (see `prose.py`). Label vocabularies live in rules/fields.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from claimready.extractors import prose
from claimready.extractors.labels import Cell, LabelHit, column_gap
from claimready.extractors.layout import is_cjk
from claimready.extractors.normalize import Amount, Terms, disambiguate_yen
from claimready.extractors.spans import DOUBTFUL_WORD, DocView, Span, accepted, build_view, doubtful_text, field_value
from claimready.extractors.values import (Read, is_company_line, is_misread_label, mend_ocr_capitals, misread_label_lead,
                                          party_endings, read_amount, read_case_number, read_currency, read_date, read_party,
                                          read_port, read_reference, read_terms, read_text, second_chinese_name)
from claimready.models import BBox, DocType, DocumentText, FieldValue, Line, Word
from claimready.rules import Rules

DOUBTFUL_LEAD_BELOW = 0.8  # an OCR'd party name read below this may start with a misread label ('Wendor' at 0.72)
BELOW_SURE = 0.97  # a value found under its label rather than beside it
MAX_BELOW_LINES = 3
COLUMN_SLACK = 0.03  # a cell starting this far left of its label still starts in the label's column
COLUMN_REACH = 0.08  # how far left of its label a word of the label's column may start (a scan's skew, a speck)
PARTY_SUBLABELS = ("party_name",)  # label sets of the name line inside a party's box
RUNNING_TEXT = 8  # more characters than this before a label in its cell: the label is part of a sentence

Reader = Callable[[str, Rules], Read | None]
READERS: dict[str, Reader] = {
    "date": read_date, "amount": read_amount, "reference": read_reference, "terms": read_terms,
    "party": read_party, "text": read_text, "port": read_port, "country": prose.read_country, "currency": read_currency,
    "references": read_reference, "bool": read_text,
}


# --- where a labelled value may be --------------------------------------------------------
def _next_hit_start(view: DocView, p: int, hit: LabelHit) -> int:
    kinds = view.kinds
    line_hits = view.pages[p].hits[hit.line]
    return min((h.start for h in line_hits if h.start >= hit.value_start and h is not hit
                and (h.colon or h.at_cell_start) and accepted(h, kinds.get(h.set_name, "text"))),
               default=len(view.pages[p].line(hit.line).text))


def beside(view: DocView, p: int, hit: LabelHit, whole_row: bool, figures: bool = False) -> Iterator[tuple[Span, float]]:
    """The rest of the label's cell, then the next cell (or the whole rest of the row). For a value
    printed with figures (a date, a number), a letter alone in a cell is passed over."""
    pv = view.pages[p]
    cells = pv.cells[hit.line]
    cell = cells[hit.cell]
    stop = _next_hit_start(view, p, hit)
    if hit.value_start < min(cell.end, stop):
        yield Span(p, hit.line, hit.value_start, min(cell.end, stop) if not whole_row else stop), 1.0
    text = pv.line(hit.line).text
    # the next cell that holds a value: a speck between label and value ('Invoice No: ` 24INV6987') is none, nor,
    # before figures, a lone letter OCR split off a label's end ('Contract Date /签订月 期 :2024年5月2日'); a name's
    # label over its box may have specks read as letters after it ('Notify Address 司 i o, zeal'): the name is below
    skip = _lone_letter_or_speck if figures else _no_letter_or_digit
    nxt = next((c for c in cells[hit.cell + 1:] if not skip(text[c.start:c.end])), None)
    if nxt is not None and nxt.start < stop:
        yield Span(p, hit.line, nxt.start, stop if whole_row else min(nxt.end, stop)), 1.0


def below(view: DocView, p: int, hit: LabelHit, lines: int = MAX_BELOW_LINES,
          cut_wide: bool = True, through: tuple[str, ...] = (), rules: Rules | None = None,
          note_wrapped: bool = False) -> Iterator[tuple[Span, float]]:
    """Cells under the label, in its column (bounded on the right by the next cell of the label's row).
    `note_wrapped`: the label's bracketed hint went on to the line below; its rest there is passed over."""
    pv = view.pages[p]
    label_line = pv.line(hit.line)
    cells = pv.cells[hit.line]
    first = cells[hit.cell].start  # "致： Sold To:" - twin labels of one box: its column starts at the first;
    # so it does at a label's garbled head ('AFIRI Conraa No.': what OCR could not read of 合同编号 Contract)
    twin = hit.start > first and (only_labels(view, Span(p, hit.line, first, hit.start)) or hit.at_cell_start)
    words = label_line.words_in(first if twin else hit.start, hit.end) or label_line.words
    lx0 = min(w.bbox.x0 for w in words)
    label_text = label_line.text
    right = next((c.x0 for c in cells[hit.cell + 1:] if not _speck(label_text[c.start:c.end])), 1.01)
    last_bottom = label_line.bbox.y1
    height = max(label_line.bbox.y1 - label_line.bbox.y0, 0.005)
    kinds = view.kinds
    for j in range(hit.line + 1, min(hit.line + 1 + lines, len(pv.page.lines))):
        line = pv.line(j)
        if line.bbox.y0 - last_bottom > 3.5 * height:
            return
        last_bottom = line.bbox.y1
        for cell in pv.cells[j]:
            inside = lx0 - COLUMN_SLACK <= cell.x0 < right - 0.005 or (cell.x0 < lx0 < cell.x1)
            if not inside:
                continue
            start = cell.start
            if note_wrapped and j == hit.line + 1:
                tail = _NOTE_WRAPPED_TAIL.match(line.text, cell.start, cell.end)
                start = tail.end() if tail else start
                if tail and _speck(line.text[start:cell.end]):
                    break  # 'address)': nothing but the hint's rest on this line (a speck alone is no rest: 'o - | QINGDAO ...')
            heads = [h for h in pv.hits[j] if h.start <= start + 1 and h.end > start
                     and (h.colon or not line.text[h.value_start:cell.end].strip(_NOT_A_VALUE))  # 'Place of Receipt -'
                     and accepted(h, kinds.get(h.set_name, "text"))]
            if heads and heads[0].is_a(through) and heads[0].value_start < cell.end:
                start = heads[0].value_start  # "名称：厦门...有限公司" under "销售方": the name after its sub-label
            elif heads:
                return
            if cut_wide and cell.x0 < lx0 - COLUMN_SLACK and start == cell.start:  # a wide cell under the label: from its column
                start = _column_start(line, cell, lx0)
                if start == cell.start and rules is not None:
                    start = _glued_name_at(line, cell, lx0, _party_columns(view, p, hit.line), rules) or start
            if _speck(line.text[start:cell.end]):
                continue  # a speck of a scan ('`', '， -') under the label is no cell of its column
            yield Span(p, j, start, cell.end), BELOW_SURE
            if cell.x0 >= lx0 - COLUMN_SLACK:
                parted = [c for c in pv.cells[j] if cell.x1 <= c.x0 < right - 0.005] if not cut_wide else []
                if parted:  # 'June i | 2024' under 'Invoice Date': OCR parted the value at a narrow glyph
                    yield Span(p, j, start, parted[0].end), BELOW_SURE
                break  # else the cell only reached into the column from the left: a cell starting in it may follow


def _glued_name_at(line: Line, cell: Cell, lx0: float, party_columns: list[float], rules: Rules) -> int | None:
    """Where the name under the label starts in a word OCR glued across columns
    ('深圳华信机械有限公司武汉长江建材有限责任公司' under '销货单位 | 进口商'): the word holds one name per
    party label over it, in their order (the gap between the names is lost with the word's spaces,
    so characters cannot be measured out), each after the legal form of the one before."""
    for start, end, word in line.spans():
        if not (cell.start <= start < cell.end and word.bbox.x0 < lx0 < word.bbox.x1):
            continue
        text = line.text[start:end]
        cuts = [m.end() for m in party_endings(rules).finditer(text) if second_chinese_name(text[m.end():], rules)]
        over = sorted(x for x in party_columns if word.bbox.x0 - COLUMN_SLACK <= x < word.bbox.x1)
        if not cuts or len(over) != len(cuts) + 1:
            continue
        k = min(range(len(over)), key=lambda i: abs(over[i] - lx0))  # which label's column this is
        if k > 0 and abs(over[k] - lx0) < COLUMN_SLACK:
            return start + cuts[k - 1]
    return None


def _party_columns(view: DocView, p: int, j: int) -> list[float]:
    """Where each party label of line j starts."""
    line = view.pages[p].line(j)
    return [words[0].bbox.x0 for h in view.pages[p].hits[j] if view.kinds.get(h.set_name) == "party"
            for words in [line.words_in(h.start, h.end)] if words]


def _chinese_twin(text: str) -> bool:
    """Two to five Chinese characters alone: the length of a label's Chinese twin, no value."""
    core = text.strip(_NOT_A_VALUE)
    return 2 <= len(core) <= 5 and all(is_cjk(c) for c in core)


def _no_letter_or_digit(text: str) -> bool:
    return not any(c.isalnum() for c in text)


def _lone_letter_or_speck(text: str) -> bool:
    """No letter or digit, or one letter alone: a single digit may be a value ('Copies: 3')."""
    alnum = [c for c in text if c.isalnum()]
    return not alnum or (len(alnum) == 1 and not alnum[0].isdigit())


def _speck(text: str) -> bool:
    """Fewer than two letters or digits: a scan's speck or a stray mark, not a cell of the form."""
    return sum(c.isalnum() for c in text) < 2


def _column_start(line: Line, cell: Cell, lx0: float) -> int:
    """Where a cell wider than the label's column starts in that column: at the first word from
    the label's edge, unless the whole cell is one run of words (word gaps, no column gap) that
    starts near the edge ('”Qingdao Haitian Tyre', whose quote speck widened its box left of
    'SHIPPER'): then the cell is the column's."""
    inside = [(s, w) for s, _, w in line.spans() if cell.start <= s < cell.end]
    first = next((k for k, (_, w) in enumerate(inside) if w.bbox.x0 >= lx0 - COLUMN_SLACK), None)
    if first is None:
        return cell.start
    wide = column_gap(line)
    run_on = all(b.bbox.x0 - a.bbox.x1 < wide for (_, a), (_, b) in zip(inside[:first], inside[1:first + 1]))
    return cell.start if run_on and cell.x0 >= lx0 - COLUMN_REACH else inside[first][0]


def labelled(view: DocView, set_names: tuple[str, ...], kind: str, rules: Rules,
             choose: str = "first", reader: Reader | None = None) -> tuple[Read, list[Span], float] | None:
    """The value of the first (or largest) accepted label hit of these sets, best set first."""
    read_fn = reader or READERS[kind]
    for set_name in set_names:
        found: list[tuple[Read, list[Span], float]] = []
        for p, pv in enumerate(view.pages):
            for line_hits in pv.hits:
                for hit in line_hits:
                    if set_name not in hit.sets or not accepted(hit, kind):
                        continue
                    got = _value_at(view, p, hit, kind, rules, read_fn)
                    if got:
                        if choose == "first":
                            return got
                        found.append(got)
        if found:  # the largest sum; one printed as money (currency, decimals) before a bare number '(202408847)'
            return max(found, key=lambda g: (g[0].sure >= 1.0, float(g[0].value.amount), g[2])
                       if isinstance(g[0].value, Amount) else (True, 0.0, g[2]))
    return None


_LABEL_NOTE = re.compile(r"\s*[(（{][^()（）{}]{0,80}[)）}]\s*")  # '{' and '}': brackets as a scan may read them
# ... its opening bracket and first word lost ('Shipper 1 and address)' for 'Shipper (Name and address)'), or
# the label matched inside its bracket, one word of letters of it left ('Æxporter)' of '(ShipperÆxporter)': '/E'
# read as Æ; 'US$127,787.50 )' is a value and a speck)
_NOTE_LOST_ITS_BRACKET = re.compile(r"\s*(?:[^()（）]{0,30}?\b(?:address|name|indicate)\w*|[^\W\d_]{1,20})\s*[)）]\s*",
                                    re.IGNORECASE)
# ... or wrapped in its box, its bracket left open at the line's end ('Shipper (complete name and' over 'address)'):
# the hint goes on at the start of the line below
_NOTE_WRAPPED = re.compile(r"\s*[(（{][^()（）{}]{0,80}$")
_NOTE_WRAPPED_TAIL = re.compile(r"\s*[^()（）]{0,40}[)）]\s*")


def _value_at(view: DocView, p: int, hit: LabelHit, kind: str, rules: Rules,
              read_fn: Reader) -> tuple[Read, list[Span], float] | None:
    whole_row = kind == "amount"
    tried_text = wrapped = False
    # a label inside running text ('45 days from date of invoice') has its value right after it, or none
    cell = view.pages[p].cells[hit.line][hit.cell]
    inline = (not hit.colon and not hit.at_cell_start  # (what OCR could not read before a label is no text)
              and len(view.pages[p].line(hit.line).text[cell.start:hit.start].strip()) > RUNNING_TEXT)
    for span, sure in beside(view, p, hit, whole_row, figures=kind in _FIGURES):
        if inline and span.start >= cell.end:
            return None
        text = view.span_text(span)
        if only_labels(view, span) or (kind == "party" and _ends_in_party_box_label(view, span)):
            continue  # "Notify Party | Place of Receipt": the next box's label is no value
        if _NOTE_WRAPPED.match(text):
            wrapped = True
            continue
        note = _LABEL_NOTE.match(text) or _NOTE_LOST_ITS_BRACKET.match(text)
        if note:  # "Consignee (if 'To Order' so indicate)": the form's hint, not the value
            span, text = Span(span.page, span.line, span.start + note.end(), span.end), text[note.end():]
            if not text.strip(_NOT_A_VALUE) or only_labels(view, span):
                continue
        other_label = _WORD_AND_COLON.match(view.pages[p].line(hit.line).text, span.start) if kind == "party" else None
        if other_label:  # 'Exporter . Bur :A i a' (Buyer: misread): a box's label is no name; its value may follow
            start = min(other_label.end(), span.end)
            span, text = Span(span.page, span.line, start, span.end), text[start - span.start:]
            if not text.strip(_NOT_A_VALUE):
                continue
        read = read_fn(text, rules) if kind != "amount" else read_amount(text, rules, last=True)
        if read and kind in ("party", "port") and _garbled_beside(view, span, read, rules):
            break  # 'Purchaser- ; VAERS j RE AEA' (0.30), '装货港二' (0.00): the value is under the label, if anywhere
        if read:
            if kind == "party":
                read = _without_specks_after(view, span, read, read_fn, rules)
            return _located(read, span, sure * hit.sure)
        if kind == "terms":
            return _terms_continued(view, span, rules, hit.sure)
        if (kind in _FIGURES or kind == "party" and text.lstrip().startswith("/")) and _chinese_twin(text):
            continue  # 'Contract Date /签订月 期 :2024年5月2日': the label's Chinese twin misread, the value after it;
            # 'Shipper (complete name and address) /托云人' (托运人): the name under it
        if kind in _FIGURES and _TWIN_BEFORE_COLON.fullmatch(text):
            continue  # '发票编号/Inv, #: | EX-01578', '发票号1IBMMINVOICE NO.: EX-08569': the label's twin, misread
        if sum(c.isalpha() for c in text) >= 3:
            if kind in ("party", "port") and _garbled_beside(view, span, Read(text, 0, len(text)), rules):
                break  # 'Sold To | knl' ('knl' at 0.10): noise, no name; the name is under the label
            tried_text = True
            break
    if inline or (tried_text and kind not in ("reference", "date")):
        return None
    loose = kind in ("party", "text", "port")
    through = PARTY_SUBLABELS if kind == "party" else ()
    for span, sure in below(view, p, hit, (1 if loose else MAX_BELOW_LINES) + wrapped, cut_wide=loose, through=through,
                            rules=rules, note_wrapped=wrapped):
        read = read_fn(view.span_text(span), rules)
        if read and kind == "party" and _garbled_beside(view, span, read, rules):
            continue  # 'DOE O a DES E S a' (0.04-0.32) under 'Consigned to': specks, no name
        if read:
            if kind == "party":
                read = _without_specks_after(view, span, read, read_fn, rules)
            result = _located(read, span, sure * hit.sure)
            return _bilingual_party(view, result, rules) if kind == "party" else result
    return None


_FIGURES = ("date", "amount", "reference", "references")  # kinds of value printed with figures
_TWIN_BEFORE_COLON = re.compile(r"\s*[^:：]{1,24}[:：]\s*")  # what ends in a colon beside a label and reads as no value
_WORD_AND_COLON = re.compile(r"[\s.,;:`'_|\-]*[^\W\d_]{1,12}\s*[:：]")  # one word and a colon: a label; one
# letter and a colon, a speck before the label's colon ('Consigned to / 收货人 A : Société ...')
_NOT_A_VALUE = " \t:：.-—_/|#;；,，()（）[]【】"
GARBLED_BELOW = 0.5  # an OCR'd party beside its label read below this on average, and no company name, is noise
GARBLED_ANY = 0.6  # ... every word of it read below this


def _garbled_beside(view: DocView, span: Span, read: Read, rules: Rules) -> bool:
    """A party 'name' or a port beside its label (or a name under it) OCR read doubtfully, every word
    (below GARBLED_ANY) and on average (below GARBLED_BELOW), and that names no company ('VAERS' at
    0.30 in a row of specks, '二' at 0.00, 'OR ACoragee' at 0.50 and 0.04): noise where the box's value
    is printed under its label, or no value. A name with one doubtful word ('... Ticaret A.Ș.' at 0.40)
    is the name."""
    words = view.pages[span.page].original.lines[span.line].words_in(span.start + read.start, span.start + read.end)
    return (bool(words) and all(w.source == "ocr" and w.confidence < GARBLED_ANY for w in words)
            and sum(w.confidence for w in words) / len(words) < GARBLED_BELOW
            and not is_company_line(str(read.value), rules))


SPECKS_AFTER_MEAN = 0.3  # words after a name read below GARBLED_BELOW each and below this on average: specks


def _without_specks_after(view: DocView, span: Span, read: Read, read_fn: Reader, rules: Rules) -> Read:
    """A company's name without the specks OCR read as letters after it in its box ('上海锦程贸有限公司
    EE E EEE a N E SE', 0.10-0.35): they would be part of the name, and its confidence theirs."""
    line = view.pages[span.page].line(span.line)
    start, end = span.start + read.start, span.start + read.end
    words = [(s, e, w) for s, e, w in line.spans() if s < end and e > start]
    sure = [i for i, (_, _, w) in enumerate(words) if w.confidence >= GARBLED_BELOW]
    if not sure or sure[-1] == len(words) - 1:
        return read
    tail = [w.confidence for _, _, w in words[sure[-1] + 1:]]
    if max(tail) >= GARBLED_BELOW or sum(tail) / len(tail) >= SPECKS_AFTER_MEAN:
        return read
    cut = read_fn(view.span_text(span)[:words[sure[-1]][1] - span.start], rules)
    return cut if cut is not None and is_company_line(str(cut.value), rules) else read


def _ends_in_party_box_label(view: DocView, span: Span) -> bool:
    """The span ends in a party label heading its box ('收货A/Consigned to', with 人 misread): the
    next box's header, whatever OCR made of the words before it."""
    text = view.span_text(span)
    return any(span.start <= h.start and h.alone and h.value_start >= span.end - 1
               and len(text[:h.start - span.start].replace(" ", "")) <= MISREAD_TWIN_LABEL
               and any(view.kinds.get(name) == "party" for name in h.sets)
               for h in view.pages[span.page].hits[span.line])


MISREAD_TWIN_LABEL = 5  # characters before a box label that may be its garbled twin ('收货A/'); 'TO ORDER OF' is more


def only_labels(view: DocView, span: Span) -> bool:
    """The span holds nothing but labels (of any field, in any language), with their bracketed
    translations and separators: '船名（Vessel）', '收货地点 Place of Receipt', '/ 收货人'."""
    text = view.span_text(span)
    rest = list(text)
    for h in view.pages[span.page].hits[span.line]:
        for i in range(max(h.start, span.start), min(h.end, span.end)):
            rest[i - span.start] = " "
    return any(c.isalnum() for c in text) and not any(c.isalnum() for c in rest)


def _located(read: Read, span: Span, sure: float) -> tuple[Read, list[Span], float]:
    return read, [Span(span.page, span.line, span.start + read.start, span.start + read.end)], sure * read.sure


def _terms_continued(view: DocView, span: Span, rules: Rules, sure: float) -> tuple[Read, list[Span], float] | None:
    """Payment terms that wrap: 'Payment: 100% T/T' / 'within 60 days after B/L date'."""
    pv = view.pages[span.page]
    for j in range(span.line + 1, min(span.line + 3, len(pv.page.lines))):
        text = pv.line(j).text
        read = read_terms(text, rules)
        if read:
            return _located(read, Span(span.page, j, 0, len(text)), 0.9 * sure)
    return None


def _bilingual_party(view: DocView, got: tuple[Read, list[Span], float], rules: Rules) -> tuple[Read, list[Span], float]:
    """'深圳华信机械有限公司' over 'Shenzhen Huaxin Machinery Co., Ltd.': keep both, as printed."""
    read, spans, sure = got
    span = spans[0]
    pv = view.pages[span.page]
    if span.line + 1 >= len(pv.page.lines):
        return got
    name = str(read.value)
    first_cjk = any("\u4e00" <= c <= "\u9fff" for c in name)
    for cell in pv.cells[span.line + 1]:
        this_x0 = pv.line(span.line).words_in(span.start, span.end)[0].bbox.x0
        if abs(cell.x0 - this_x0) > 0.03:
            continue
        text = pv.line(span.line + 1).text[cell.start:cell.end]
        other = read_party(text, rules)
        if other is None or not is_company_line(text, rules):
            break
        other_cjk = any("\u4e00" <= c <= "\u9fff" for c in str(other.value))
        if other_cjk != first_cjk and (first_cjk or is_company_line(name, rules)):
            both = Read(f"{name} {other.value}", read.start, read.end, read.sure)
            return both, [span, Span(span.page, span.line + 1, cell.start + other.start, cell.start + other.end)], sure
        break
    return got


# --- assembling a document's fields --------------------------------------------------------
class Extraction:
    """Collects FieldValues for one document; each `put_*` ignores a field already found."""

    def __init__(self, view: DocView, rules: Rules, doc_type: DocType) -> None:
        self.view, self.rules, self.doc_type = view, rules, doc_type
        self.fields: dict[str, FieldValue] = {}
        self.sets = rules.documents.get(doc_type, {})

    def put(self, name: str, got: tuple[Read, list[Span], float] | None, value: object | None = None) -> bool:
        if got is None or name in self.fields:
            return False
        read, spans, sure = got
        self.fields[name] = field_value(self.view, spans, value if value is not None else read.value, sure)  # type: ignore[arg-type]
        return True

    def label(self, name: str, kind: str, choose: str = "first") -> tuple[Read, list[Span], float] | None:
        return labelled(self.view, self.sets.get(name, ()), kind, self.rules, choose)


def extract_fields(text: DocumentText, doc_type: DocType, rules: Rules) -> Mapping[str, FieldValue]:
    if doc_type == DocType.OTHER:
        return {}
    ex = Extraction(build_view(text, rules), rules, doc_type)
    EXTRACTORS[doc_type](ex)
    mended = {name: _mended(name, value, rules) for name, value in ex.fields.items()}
    return {name: _surer_twin(name, _read_twice(name, value, ex.view, rules), ex.view, rules)
            for name, value in mended.items() if not _label_alone(name, value, rules)}


SECOND_READING_SURE = 0.8  # a name found again elsewhere counts as sure as a name block's (prose._top_companies)
_SECOND_READING_CHARACTERS = 6


def _read_twice(name: str, field: FieldValue, view: DocView, rules: Rules) -> FieldValue:
    """An OCR'd party name that OCR read letter for letter a second time elsewhere in the document
    ('... the debt owed by Şişli Tekstil Pazarlama Ltd. Şti.' under its address block, where 'Şti.'
    was read at 0.68): two readings that agree make the surer one's confidence the value's."""
    value = str(field.value)
    if not _ocr_party(name, field, rules) or len(value.replace(" ", "")) < _SECOND_READING_CHARACTERS:
        return field
    best = max([field.confidence, *(min(w.confidence for w in words) * SECOND_READING_SURE
                                    for _, _, words in _read_elsewhere(view, field, lambda text: _found_in(value, text)))])
    return replace(field, confidence=round(best, 4)) if best > field.confidence else field


TWIN_SURER_BY = 0.1  # a Chinese name's other reading is taken when read this much surer, and surely


def _surer_twin(name: str, field: FieldValue, view: DocView, rules: Rules) -> FieldValue:
    """An OCR'd Chinese company name read one character otherwise elsewhere in the document, and
    there more surely ('厦门金发光伏科技有限公司' at 0.65 in the seller's box, '厦门金鹭光伏科技有限公司'
    at 0.87 heading the page): one name, the character misread where it was read less surely."""
    value = str(field.value)
    if (not _ocr_party(name, field, rules) or len(value) < _SECOND_READING_CHARACTERS
            or not all(is_cjk(c) for c in value)):
        return field
    readings = [(min(w.confidence for w in words), twin, page, words)
                for twin, page, words in _read_elsewhere(view, field, lambda text: _one_character_off_in(value, text))]
    surer = [r for r in readings if r[0] >= DOUBTFUL_WORD and r[0] >= field.confidence + TWIN_SURER_BY]
    if not surer:
        return field
    sure, twin, page, words = max(surer, key=lambda r: r[0])
    return replace(field, value=twin, raw=twin, page=page, bbox=BBox.enclosing([w.bbox for w in words]),
                   confidence=round(sure * SECOND_READING_SURE, 4), doubtful=doubtful_text(list(words)))


def _read_elsewhere(view: DocView, field: FieldValue,
                    find: Callable[[str], Iterable[tuple[int, str]]]) -> Iterator[tuple[str, int, tuple[Word, ...]]]:
    """What `find` finds in the document's lines (offset, text) other than the field's own words:
    that text, its page number and its words."""
    for pv in view.pages:
        for line in pv.original.lines:
            for at, text in find(line.text):
                words = line.words_in(at, at + len(text))
                if words and not (pv.original.number == field.page and any(_overlap(w.bbox, field.bbox) for w in words)):
                    yield text, pv.original.number, words


def _found_in(value: str, text: str) -> list[tuple[int, str]]:
    """The value's first place in the text, if it is there."""
    at = text.find(value)
    return [(at, value)] if at >= 0 else []


def _one_character_off_in(value: str, text: str) -> Iterator[tuple[int, str]]:
    """Where `text` holds `value` with one character other (at its offset), and that reading."""
    n = len(value)
    for at in range(len(text) - n + 1):
        window = text[at:at + n]
        if window[0] == value[0] and sum(a != b for a, b in zip(value, window)) == 1 and all(is_cjk(c) for c in window):
            yield at, window


def _overlap(one: BBox, other: BBox) -> bool:
    return one.x0 < other.x1 and other.x0 < one.x1 and one.y0 < other.y1 and other.y0 < one.y1


def _label_alone(name: str, field: FieldValue, rules: Rules) -> bool:
    """An OCR'd party 'name' that is its box's label misread ('Wendor'): the name was not read."""
    return _ocr_party(name, field, rules) and is_misread_label(str(field.value), rules)


def _ocr_party(name: str, field: FieldValue, rules: Rules) -> bool:
    kind = rules.label_sets[name].kind if name in rules.label_sets else None
    return field.source == "ocr" and kind == "party" and isinstance(field.value, str)


def _mended(name: str, field: FieldValue, rules: Rules) -> FieldValue:
    """An OCR'd party name with its small-read capitals mended (values.mend_ocr_capitals) and
    without a first word that is a party label misread ('Wendor Shenzhen Huaxin Machinery Co.,
    Ltd.' at 0.41: the twin label 'Vendor' glued to the name; 'HIPPER: Ningbo ...' at 0.64)."""
    if not _ocr_party(name, field, rules):
        return field
    value = str(field.value)
    value = value[misread_label_lead(value, rules, doubtful=field.confidence < DOUBTFUL_LEAD_BELOW):]
    return replace(field, value=mend_ocr_capitals(value, rules))


def _parties(ex: Extraction, *names: str) -> None:
    for name in names:
        ex.put(name, ex.label(name, "party"))


def _money(ex: Extraction, amount_name: str, letter: bool = False) -> None:
    got = ex.label(amount_name, "amount", choose="max")
    if got is None or (letter and got[0].sure < 1.0):  # a letter's bare number '(202408847)' is a reference:
        got = prose.largest_amount(ex.view, ex.rules) or got  # the largest sum printed as money
    if got:
        amount: Amount = got[0].value  # type: ignore[assignment]
        ex.put(amount_name, _figures_only(ex.view, got) if amount.guessed else got, amount.amount)
        _figures_against_words(ex, amount_name)
    else:
        ex.put(amount_name, _one_amount_in_words(ex))  # '总计金额 #75,300.00' (¥ read as #) over '人民币柒万伍仟叁佰元整'
    cur = ex.label("currency", "currency")
    if cur:
        ex.put("currency", cur, disambiguate_yen(str(cur[0].value), ex.view.text, ex.rules))
    elif got and got[0].value.currency:  # type: ignore[union-attr]
        stated = prose.first_currency(ex.view, ex.rules) if got[0].value.guessed else None  # type: ignore[union-attr]
        if stated is not None and stated[0].value != got[0].value.currency:  # type: ignore[union-attr]
            ex.put("currency", stated)  # '发票总额E 95,840.50' over '大写:人民币玖万…': the E was no €
        else:
            ex.put("currency", got, disambiguate_yen(got[0].value.currency, ex.view.text, ex.rules))  # type: ignore[union-attr]
    else:
        ex.put("currency", prose.first_currency(ex.view, ex.rules) or _currency_by_format(ex.view, got))


BY_FORMAT_SURE = 0.5  # a currency guessed from how its figures are printed: a check resting on it asks for an eye
_EURO_FORMAT = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d{2}(?![\d.,])")


def _currency_by_format(view: DocView, got: tuple[Read, list[Span], float] | None) -> tuple[Read, list[Span], float] | None:
    """EUR, a guess, for an OCR'd amount printed as in the euro area ('956.986,00': dots between the
    thousands, a comma before the cents) on a document where OCR read no currency: chi_sim has no €
    ('货款956.986,00 €未付' read as '956.986,00 全'), and neither US dollars nor yuan are so printed."""
    if got is None or view.pages[got[1][0].page].page.source != "ocr":
        return None
    if not _EURO_FORMAT.search(" ".join(view.span_text(s) for s in got[1])):
        return None
    return Read("EUR", 0, 0, BY_FORMAT_SURE), got[1], BY_FORMAT_SURE


WORDS_OVER_FIGURES = 0.8  # an OCR'd figure read below this is doubtful against the amount in words
WORDS_SURE_FROM = 0.7  # an amount in words read at this or more (its words' least confidence x IN_WORDS_SURE)


def _figures_against_words(ex: Extraction, name: str) -> None:
    """An OCR'd amount in figures checked against the amount the document writes out (大写 in
    Chinese capitals, 'SAY ... ONLY' in English), when it writes out one amount only: read alike,
    the surer reading's confidence is the amount's. Read one digit apart, the words read surely
    are the amount when the figures lost a digit to a neighbour (')2 30.537.50' for 230,537.50,
    however surely read), or when the figures were doubtful ('339,299.00' at 0.31 by 叁万玖仟贰佰
    玖拾玖元整), or when the figures were doubtful and the words' amount is printed in figures
    elsewhere ('#51,066.00', ¥ read as #, by 伍万壹仟零陆拾陆元整; the doubtful figure was the tax).
    Otherwise the words are what OCR left of them ('拾捌元整' of 捌仟玖佰捌拾捌元整): the figures stay."""
    figure = ex.fields[name]
    if figure.source != "ocr":
        return
    written = [field_value(ex.view, got[1], got[0].value, got[2]) for got in prose.amounts_in_words(ex.view, ex.rules)]
    if not written:
        return
    same = [w for w in written if w.value == figure.value]
    if same:
        best = max(w.confidence for w in same)
        ex.fields[name] = replace(figure, confidence=max(best, figure.confidence))
        return
    if len({w.value for w in written}) != 1 or min(w.confidence for w in written) < WORDS_SURE_FROM:
        return
    figures, words = _digits(str(figure.value)), _digits(str(written[0].value))
    doubtful = figure.confidence < WORDS_OVER_FIGURES
    if (Levenshtein.distance(figures, words) == 1 and (len(figures) < len(words) or doubtful)
            or doubtful and _printed_in_figures(ex.view, words)):
        ex.fields[name] = max(written, key=lambda w: w.confidence)


def _total_against_items(ex: Extraction) -> None:
    """An invoice's OCR'd total read doubtfully (below WORDS_OVER_FIGURES) and one digit off the sum
    of its item rows, each row's quantity times price ('14,745.00' at 0.72 under '27 台 545.00
    14,715.00' at 0.93): a digit misread; the sum is the total, its evidence the rows."""
    figure = ex.fields.get("total_amount")
    if figure is None or figure.source != "ocr" or figure.confidence >= WORDS_OVER_FIGURES:
        return
    summed = prose.items_total(ex.view, ex.rules, str(figure.value))
    if summed is None or summed[0] == figure.value:
        return
    figures, items = _digits(str(figure.value)), _digits(summed[0])
    if len(figures) == len(items) and Levenshtein.distance(figures, items) == 1:
        ex.fields["total_amount"] = field_value(ex.view, summed[1], summed[0], prose.ITEMS_SURE)


def _digits(amount: str) -> str:
    return "".join(c for c in amount if c.isdigit())


def _figures_only(view: DocView, got: tuple[Read, list[Span], float]) -> tuple[Read, list[Span], float]:
    """The amount's reading from its first figure on: a currency symbol guessed from what OCR made of
    it ('半' at 0.00 in '共计半355,303.50') says nothing of how surely the figures were read; the
    currency keeps the whole reading, and its doubt."""
    read, spans, sure = got
    first = spans[0]
    text = view.span_text(first)
    digit = next((i for i, c in enumerate(text) if c.isdigit()), 0)
    return read, [replace(first, start=first.start + digit), *spans[1:]], sure


def _one_amount_in_words(ex: Extraction) -> tuple[Read, list[Span], float] | None:
    """The amount the document writes out, when it writes out one amount only and a number on it
    has the same figures ('#75,300.00', ¥ read as #): words OCR read in part ('拾捌元' of 捌仟玖佰
    捌拾捌元) are no amount on their own."""
    written = prose.amounts_in_words(ex.view, ex.rules)
    if len({got[0].value for got in written}) != 1:
        return None
    return written[0] if _printed_in_figures(ex.view, _digits(str(written[0][0].value))) else None


def _printed_in_figures(view: DocView, digits: str) -> bool:
    """Whether a number on the document has these figures, however its separators were read."""
    return digits in {_digits(number) for number in _NUMBER.findall(view.text)}


_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?(?!\d)|\d[\d,.]*\d")  # '49 438.95' is one number


def _terms(ex: Extraction, last: bool = False) -> None:
    got = prose.new_terms(ex.view, ex.rules) if last else None
    got = got or ex.label("payment_terms_days", "terms") or prose.terms_anywhere(ex.view, ex.rules)
    if got:
        terms: Terms = got[0].value  # type: ignore[assignment]
        ex.put("payment_terms_days", got, terms.days)
        ex.put("_payment_terms_basis", got, terms.basis)


def _date(ex: Extraction, context: str = "letter") -> None:
    got = ex.label("date", "date") or prose.first_date(ex.view, ex.rules, context)
    ex.put("date", got)


def _contract(ex: Extraction) -> None:
    ex.put("contract_number", ex.label("contract_number", "reference") or _heading_number(ex)
           or prose.contract_number_under_lost_label(ex.view) or prose.number_after_garbled_label(ex.view))
    _date(ex)
    _parties(ex, "seller", "buyer")
    prose.contract_parties(ex)
    _money(ex, "total_amount")
    _terms(ex)


def _amendment(ex: Extraction) -> None:
    ex.put("contract_number", ex.label("contract_number", "reference"))
    _date(ex)
    _parties(ex, "seller", "buyer")
    prose.contract_parties(ex)
    _terms(ex, last=True)
    prose.insurer_approval(ex)
    raised = prose.new_total(ex.view, ex.rules)
    if raised:  # not a SPEC field of amendments, but the contract's value for INVOICE_EXCEEDS_CONTRACT
        ex.put("_total_amount", raised, raised[0].value.amount)  # type: ignore[union-attr]


def _invoice(ex: Extraction) -> None:
    ex.put("invoice_number", ex.label("invoice_number", "reference") or prose.invoice_shaped_number(ex.view, ex.rules)
           or prose.number_after_garbled_label(ex.view))
    _date(ex)
    _parties(ex, "seller", "buyer")
    ex.put("buyer", _company_labelled(ex, "addressee"))  # "To: / 致：" over the buyer's name block
    ex.put("seller", prose.letterhead(ex.view, ex.rules, avoid=ex.fields.get("buyer")))  # the issuer heads the page
    ex.put("contract_number", ex.label("contract_number", "reference"))
    _money(ex, "total_amount")
    _total_against_items(ex)
    ex.put("due_date", ex.label("due_date", "date"))
    _terms(ex)


def _bill_of_lading(ex: Extraction) -> None:
    ex.put("bl_number", ex.label("bl_number", "reference"))
    ex.put("date", ex.label("date", "date") or prose.on_board_date(ex.view, ex.rules)
           or labelled(ex.view, ("bl_issue_date",), "date", ex.rules) or prose.only_date(ex.view))
    _parties(ex, "shipper", "consignee", "notify_party")
    ex.put("invoice_number", ex.label("invoice_number", "reference"))
    for name in ("port_of_loading", "port_of_discharge"):
        ex.put(name, ex.label(name, "port") or _routing_box(ex, name))


def _routing_box(ex: Extraction, name: str) -> tuple[Read, list[Span], float] | None:
    """'From Qingdao, China' / 'To Santos, Brazil' in a routing box: a short label with no colon,
    trusted only when the rest of its cell reads as a place (never 'To order of ...')."""
    for p, pv in enumerate(ex.view.pages):
        for line_hits in pv.hits:
            for hit in line_hits:
                if not (hit.at_cell_start and hit.short and any(s in ex.sets.get(name, ()) for s in hit.sets)):
                    continue
                line = pv.line(hit.line)
                end = pv.cells[hit.line][hit.cell].end
                region = line.text[hit.value_start:end]
                read = read_port(region, ex.rules)
                if read and "order" not in region.lower():
                    return read, [Span(p, hit.line, hit.value_start + read.start, hit.value_start + read.end)], 0.85
    return None


def _delivery_receipt(ex: Extraction) -> None:
    _date(ex, "receipt")
    ex.put("buyer", _company_first(ex, "buyer") or prose.we_party(ex.view, ex.rules))
    ex.put("invoice_number", ex.label("invoice_number", "reference") or prose.first_invoice_reference(ex.view, ex.rules))


def _heading_number(ex: Extraction) -> tuple[Read, list[Span], float] | None:
    """A contract's number printed as 'No.: EL2024-031' beside its title: a bare number label,
    trusted only in the top fifth of page 1 (elsewhere 'No.' numbers phones and accounts), and
    only for a number shaped as a document's ('Cad. No: 214' in an address numbers a house)."""
    got = labelled(ex.view, (prose.OWN_NUMBER_SET,), "reference", ex.rules)
    if got is None or got[1][0].page != 0 or not prose.numbers_a_document(str(got[0].value)):
        return None
    line = ex.view.pages[0].page.lines[got[1][0].line]
    return (got[0], got[1], got[2] * 0.9) if line.bbox.y0 < 0.2 else None


def _company_first(ex: Extraction, name: str) -> tuple[Read, list[Span], float] | None:
    """The first of the field's label sets whose value is a company ('Received by: Joao Silva
    (Warehouse)' names the clerk who signed; 'Deliver to: Atlantica Distribuidora S.A.' the buyer),
    else the first value found."""
    first = None
    for set_name in ex.sets.get(name, ()):
        got = labelled(ex.view, (set_name,), "party", ex.rules)
        if got is not None and is_company_line(str(got[0].value), ex.rules):
            return got
        first = first or got
    return first


def _company_labelled(ex: Extraction, set_name: str) -> tuple[Read, list[Span], float] | None:
    """The value of a looser label ('To:') only when it names a company ('To: Santos' names a port)."""
    got = labelled(ex.view, (set_name,), "party", ex.rules)
    return got if got is not None and is_company_line(str(got[0].value), ex.rules) else None


def _value(ex: Extraction, name: str) -> object:
    fv = ex.fields.get(name)
    return None if fv is None else fv.value


def _dunning_letter(ex: Extraction) -> None:
    _date(ex)
    agency = ex.put("seller", prose.on_behalf_of(ex.view, ex.rules))
    _parties(ex, "seller", "buyer")
    if not agency:
        ex.put("seller", prose.letterhead(ex.view, ex.rules, avoid=ex.fields.get("buyer")))
    ex.put("buyer", prose.addressee(ex.view, ex.rules, avoid=(_value(ex, "seller"),)))
    ex.put("buyer", prose.owing_party(ex.view, ex.rules))  # the addressee's name OCR garbled ('... Ticaret A.9.')
    prose.invoice_numbers(ex)
    _money(ex, "amount_due", letter=True)


def _debt_acknowledgement(ex: Extraction) -> None:
    _date(ex)
    ex.put("buyer", prose.we_party(ex.view, ex.rules))
    ex.put("seller", prose.owed_party(ex.view, ex.rules))
    _parties(ex, "buyer", "seller")
    ex.put("buyer", prose.signer(ex.view, ex.rules, avoid=_value(ex, "seller")))  # the debtor signs it
    ex.put("buyer", prose.letterhead(ex.view, ex.rules, avoid=ex.fields.get("seller")))
    ex.put("seller", prose.addressee(ex.view, ex.rules, avoid=(_value(ex, "buyer"),)))
    prose.invoice_numbers(ex)
    _money(ex, "amount", letter=True)


def _bankruptcy_ruling(ex: Extraction) -> None:
    court = ex.label("court", "text") or prose.heading_with(ex.view, ex.rules, "court_words")
    ex.put("court", _without_lead_in(ex.view, court))
    ex.put("case_number", labelled(ex.view, ex.sets.get("case_number", ()), "reference", ex.rules, reader=read_case_number)
           or prose.case_number(ex.view, ex.rules))
    ex.put("debtor", ex.label("debtor", "party") or prose.debtor(ex.view, ex.rules))
    ex.put("date", ex.label("date", "date") or prose.first_date(ex.view, ex.rules, "ruling"))


def _without_lead_in(view: DocView, got: tuple[Read, list[Span], float] | None) -> tuple[Read, list[Span], float] | None:
    """'IN THE TRIBUNAL DE COMMERCE DE LYON' names the 'TRIBUNAL DE COMMERCE DE LYON'."""
    if got is None:
        return None
    read, spans, sure = got
    span = spans[0]
    lead = next((h for h in view.pages[span.page].hits[span.line]
                 if h.is_a(("court_lead_in",)) and h.start == span.start and h.value_start < span.end), None)
    if lead is None:
        return got
    rest = Span(span.page, span.line, lead.value_start, span.end)
    return Read(view.span_text(rest).strip(), read.start, read.end, read.sure), [rest, *spans[1:]], sure


def _government_order(ex: Extraction) -> None:
    ex.put("authority", ex.label("authority", "text") or prose.heading_with(ex.view, ex.rules, "authority_words"))
    ex.put("country", ex.label("country", "country") or prose.country(ex.view, ex.rules))
    ex.put("date", ex.label("date", "date") or prose.first_date(ex.view, ex.rules, "order"))
    ex.put("measure", ex.label("measure", "text") or prose.measure(ex.view, ex.rules))


EXTRACTORS: dict[DocType, Callable[[Extraction], None]] = {
    DocType.CONTRACT: _contract, DocType.AMENDMENT: _amendment, DocType.INVOICE: _invoice,
    DocType.BILL_OF_LADING: _bill_of_lading, DocType.DELIVERY_RECEIPT: _delivery_receipt,
    DocType.DUNNING_LETTER: _dunning_letter, DocType.DEBT_ACKNOWLEDGEMENT: _debt_acknowledgement,
    DocType.BANKRUPTCY_RULING: _bankruptcy_ruling, DocType.GOVERNMENT_ORDER: _government_order,
}
