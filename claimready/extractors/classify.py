"""Stage 3: which SPEC document type a text is, from title and keyword evidence.

Every type is scored: a title phrase heading page 1 weighs most (fuzzily matched on OCR'd
pages, whose words may be misspelt), body keywords add up to a cap. A look-alike title
(`excludes`, e.g. "PROFORMA INVOICE" for invoice) cancels a type's title evidence, and
`other` has titles of its own (packing list, certificate of origin, ...). The confidence
grows with the winner's score and with its margin over the runner-up; a text with no
convincing evidence is `other`.

A letter is told from a form by its structure (salutation, closing, a Re:/Subject line, first-person
prose; cue words in rules/vocab.yaml `prose:`): a letter citing invoice numbers and amounts is no
invoice. A letter's subject line names its topic, so it gives title evidence to letter types only,
and prose lines (sentence fragments) are never titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claimready.extractors.labels import ROLE_CHARACTERS, UNREAD_BELOW, Cell, cells_of, label_index, ocr_fold
from claimready.extractors.spans import upright
from claimready.models import Classification, DocType, DocumentText, Line, Page
from claimready.rules import Phrase, Rules

TOP_SHARE = 0.33  # titles sit in the top third of page 1
MIN_SCORE = 5.0  # below this, nothing convincing: other
KEYWORD_CAP = 18.0
KEYWORD_SHARE = 0.8  # keywords count for this much of their weight
FUZZY_MIN = 88
TITLE_MAX_WORDS = 8  # a longer cell is a sentence or a letterhead, not a title
TITLE_MAX_CHARS = 60
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")


LETTER_MIN_CUES = 2  # this many kinds of letter structure make a text a letter
LETTER_BONUS = 2.5  # per kind of letter structure, to a letter type that has evidence of its own
FORM_DAMPING = 0.4  # a form type's score in a letter without form cues (line-item table, ...)
_SENTENCE_END = re.compile(r"(?:[a-z\u00c0-\u024f)\]]{2}[.;]|[，。；])\s*$")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str  # lower case, single spaces (CJK spaces dropped)
    ocr: bool
    subject: bool = False  # the topic after a letter's "Re:" / "Subject:" lead, not a title


def _norm(text: str) -> str:
    text = _SPACES.sub(" ", text.lower()).strip()
    return re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)


def headings(page: Page, rules: Rules | None = None) -> list[Heading]:
    """The cells of the top of the page: where a title is printed. Prose (a sentence or its
    continuation) is no title; a letter's subject line is kept, marked as such."""
    out: list[Heading] = []
    subject = rules.prose_cue("letter_subject_leads") if rules else None
    for number, line in enumerate(page.lines):
        if line.bbox.y0 > TOP_SHARE and len(out) >= 3:
            break
        text = line.text
        lead = subject.match(text) if subject else None
        if lead:
            out.append(Heading(_norm(text[lead.end():]), page.source == "ocr", subject=True))
            continue
        cells = cells_of(line)
        columns = _header_columns(number, line, cells, rules) if rules else frozenset()
        for index, cell in enumerate(cells):
            if index in columns:
                continue
            raw = text[cell.start:_without_trailing_specks(line, cell)].strip()
            if _letters(raw) < 2:
                continue  # a speck ('.', ';', 'p', '5' read off a scanned letterhead's rule): it titles nothing, and
                # fifteen of them must not use up the headings before the title
            if not _is_prose(raw):
                out.append(Heading(_norm(raw), page.source == "ocr"))
                out.extend(_title_glued_to_letterhead(raw, page, out))
        if len(out) > 14:
            break
    return out


HEADER_ROW_LABELS = 2  # label cells left of a label cell that make its line a table's header row


def _header_columns(number: int, line: Line, cells: tuple[Cell, ...], rules: Rules) -> frozenset[int]:
    """The cells of a table's header row that come after two or more column labels ('Inv. No. | DATE
    | CONTRACT' on an invoice whose title OCR lost): 'CONTRACT' heads the contract number's column,
    it titles nothing. A title beside labels ('COMMERCIAL INVOICE | No. | Date') comes first."""
    ocr = any(w.source == "ocr" for w in line.words)
    alone = sorted({hit.cell for hit in label_index(rules).hits(number, line, cells, ocr) if hit.alone})
    return frozenset(alone[HEADER_ROW_LABELS:])


def _without_trailing_specks(line: Line, cell: Cell) -> int:
    """Where the cell ends less the punctuation OCR read at its end as no text (below UNREAD_BELOW):
    a speck read as a comma after a title ('出口销售合同，' with '，' at 0.06) makes no sentence of it."""
    end = cell.end
    for start, stop, word in reversed(line.spans()):
        if stop > end or start < cell.start:
            continue
        if word.source != "ocr" or word.confidence >= UNREAD_BELOW or any(c.isalnum() for c in word.text):
            break
        end = start
    return end


def _title_glued_to_letterhead(cell: str, page: Page, found: list[Heading]) -> list[Heading]:
    """The last words of page 1's first cell, when OCR read a right-aligned title and the
    letterhead beside it as one long cell ('Ningbo Oriental Textile Import & Export
    Co.,LE®MMERCIAL INVOICE'), or the text layer ran them together ('Co., Ltd.Commercial
    Invoice'): too long to be a title itself, it ends in one."""
    words = _GLUED_AFTER_DOT.sub(" ", cell).split()
    if len(found) != 1 or not (len(words) > TITLE_MAX_WORDS or len(cell) > TITLE_MAX_CHARS):
        return []
    if page.source != "ocr" and not _GLUED_AFTER_DOT.search(" ".join(cell.split()[-3:])):
        return []  # typed with its spaces, a long cell is a sentence or a name that ends in a title's words
    return [Heading(_norm(" ".join(words[-n:])), page.source == "ocr") for n in (2, 3)]


_GLUED_AFTER_DOT = re.compile(r"(?<=[a-z]\.)(?=[A-Z])")  # 'Ltd.Commercial': two words the text layer ran together


def _is_prose(cell: str) -> bool:
    """A sentence or a piece of one: it goes on in lower case (a word alone is a title OCR read in
    small letters: 'invoice' at 0.62), or ends as sentences end."""
    return bool(cell) and (cell[0].islower() and len(cell.split()) > 1 or bool(_SENTENCE_END.search(cell)) and len(cell.split()) >= 3
                           or "，" in cell or "。" in cell)


def _title_strength(phrase: str, heading: Heading) -> float:
    """1.0 when the heading is the phrase; less when the phrase is part of a longer cell or a label."""
    text = heading.text
    if len(text.split()) > TITLE_MAX_WORDS or len(text) > TITLE_MAX_CHARS:
        return 0.0  # a sentence, not a title
    if _TERMS_IN.search(text):
        return 0.0  # 'Terms 30 days from bill of lading date', '见提单后90天': payment terms name a document, no title
    if phrase in text:
        found = 1.0
    elif (heading.ocr and len(phrase) >= 6 and len(text) >= 0.8 * len(phrase)
          and fuzz.partial_ratio(ocr_fold(phrase), ocr_fold(text)) >= FUZZY_MIN and _words_misread(phrase, text)):
        found = 0.85
    elif heading.ocr and _one_character_off(phrase, text):
        found = 0.75
    else:
        return 0.0
    if _labelled(phrase, text):
        return 0.0
    coverage = min(1.0, _letters(phrase) / (_letters(text) or 1))
    return found * (0.35 + 0.65 * coverage)


_CJK_TITLE = re.compile(r"[\u4e00-\u9fff]{4,}")


def _words_misread(phrase: str, text: str) -> bool:
    """Every Latin word of the phrase is in the text, or a word there is it with a letter or two
    misread ('BlLL 0F LADlNG'); 'credit terms' (a label) has no 'note' in it to be a credit note."""
    words = ocr_fold(text).split()
    return all(any(Levenshtein.distance(want, word) <= len(want) // 4 + 1 for word in words)
               for want in ocr_fold(phrase).split() if want.isascii())


def _one_character_off(phrase: str, text: str) -> bool:
    """A Chinese title of four characters or more OCR read with one of them wrong ('销售人同' for
    销售合同), as a run of Chinese of its length. Never a character that tells parties or documents
    apart (收货确认书 is a delivery receipt, 售货确认书 a contract: no slip turns one into the other)."""
    if not _CJK_TITLE.fullmatch(phrase):
        return False
    for run in _CJK_TITLE.findall(text):
        for i in range(len(run) - len(phrase) + 1):
            differ = [(a, b) for a, b in zip(phrase, run[i:i + len(phrase)]) if a != b]
            if len(differ) == 1 and not set(differ[0]) & ROLE_CHARACTERS:
                return True
    return False


def _labelled(phrase: str, text: str) -> bool:
    """The phrase is a label, not a title: 'Contract No.: ...', '发票号：...', and, colon or none,
    with its value: 'Contract Ref. PO-09724', 'Contract Number PO-07160'; but not with a one- or
    two-digit sequence number alone ('Supplementary Agreement No. 1')."""
    after = re.escape(phrase)
    if re.fullmatch(after + r"\s*(?:no\.?|number|#)\s*\d{1,2}\.?", text):
        return False  # 'SUPPLEMENTARY AGREEMENT No. 1': a title with its sequence number
    return bool(re.search(after + r"\s*(?:no\.?|number|#|date|号码|编号|号|日期)?\s*[:：]", text)
                or re.search(after + r"\s*(?:ref\b|reference\b|(?:no\.?|number|#|号码|编号|号)\s*[:：]?\s*\S*\d)", text))


_TERMS_IN = re.compile(r"\d+\s*(?:days?\b|天)")


def _letters(text: str) -> int:
    """Letters, a Chinese character counting as three (it carries about a short word)."""
    letters = re.sub(r"[\s\W\d_]", "", text)
    return len(letters) + 2 * len(_CJK.findall(letters))


def _title_score(phrases: tuple[Phrase, ...], heads: list[Heading], letter_type: bool = False) -> float:
    best = 0.0
    for h in heads:
        if h.subject and not letter_type:
            continue  # "Re: your invoices INV-1 and INV-2" is a letter about invoices
        for p in phrases:
            phrase = p.text.lower()
            if (h.ocr or phrase in h.text) and p.weight > best:
                best = max(best, p.weight * _title_strength(phrase, h))
        best = max(best, _bilingual_title(phrases, h))
    return best


def _bilingual_title(phrases: tuple[Phrase, ...], heading: Heading) -> float:
    """'销售合同 SALES CONTRACT': one title printed in two languages covers the whole heading."""
    found = [p for p in phrases if p.text.lower() in heading.text]
    found = [p for p in found if not any(p.text.lower() in q.text.lower() and p is not q for q in found)]
    if len(found) < 2 or _title_strength(found[0].text.lower(), heading) == 0.0:
        return 0.0
    coverage = min(1.0, sum(_letters(p.text.lower()) for p in found) / (_letters(heading.text) or 1))
    return min(p.weight for p in found) * (0.35 + 0.65 * coverage)


def _keyword_score(phrases: tuple[Phrase, ...], body: str) -> float:
    score = sum(p.weight * min(body.count(p.text.lower()), 2) for p in phrases)
    return min(score, KEYWORD_CAP) * KEYWORD_SHARE


def _excluded(excludes: tuple[str, ...], heads: list[Heading]) -> bool:
    return any(_title_strength(e.lower(), h) >= 0.6 for e in excludes for h in heads if not h.subject)


LETTER_CUES = ("letter_salutations", "letter_closings", "letter_subject_leads", "letter_addressee_leads", "letter_signoffs",
               "letter_first_person")


def letter_structure(text: str, rules: Rules) -> int:
    """How many kinds of letter structure a text shows (salutation, closing, subject line,
    addressee lead, sign-off, first-person prose at least twice)."""
    found = 0
    for key in LETTER_CUES:
        hits = len(rules.prose_cue(key).findall(text))
        found += hits >= (2 if key == "letter_first_person" else 1)
    return found


def _types_named(rules: Rules, key: str) -> set[DocType]:
    return {DocType(v) for v in rules.vocab.prose.get(key, ()) if v in DocType._value2member_map_}


def scores(text: DocumentText, rules: Rules) -> dict[DocType, float]:
    if not text.pages:
        return {}
    heads = headings(upright(text.pages[0]), rules)
    body = _norm(text.text)
    letter_types = _types_named(rules, "letter_types")
    out: dict[DocType, float] = {}
    for doc_type, evidence in rules.doc_types.items():
        title = 0.0 if _excluded(evidence.excludes, heads) else _title_score(evidence.titles, heads, doc_type in letter_types)
        out[doc_type] = title + _keyword_score(evidence.keywords, body)
    return _weigh_letter(out, text.text, rules, letter_types)


def _weigh_letter(out: dict[DocType, float], raw: str, rules: Rules, letter_types: set[DocType]) -> dict[DocType, float]:
    """A letter favours the letter types it has evidence for, and damps the form types it only
    quotes (invoice numbers and amounts) unless it carries form cues of its own."""
    cues = letter_structure(raw, rules)
    if cues < LETTER_MIN_CUES:
        return out
    form_cues = rules.prose_cue("form_cues").search(raw) is not None
    form_types = _types_named(rules, "form_types")
    for doc_type in out:
        if doc_type in letter_types and out[doc_type] > 0:
            out[doc_type] += LETTER_BONUS * cues
        elif doc_type in form_types and not form_cues:
            out[doc_type] *= FORM_DAMPING
    return out


def classify(text: DocumentText, rules: Rules) -> Classification:
    ranked = sorted(scores(text, rules).items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < MIN_SCORE:
        best = ranked[0][1] if ranked else 0.0
        return Classification(DocType.OTHER, round(0.5 + 0.4 * (1 - best / MIN_SCORE), 3))
    (best_type, best), runner = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    margin = (best - runner) / best
    strength = min(1.0, best / 18.0)
    confidence = max(0.05, min(1.0, strength * (0.45 + 0.55 * margin) + 0.25 * margin))
    return Classification(best_type, round(min(confidence, 0.99), 3))
