"""Values read from prose and page structure rather than from labels: letters, rulings, orders.

"on behalf of our client X", "We, X, hereby acknowledge that we owe Y the sum of ...",
"invoices INV-1 and INV-2 totalling USD 45,250.00", a ruling's court heading, an order's
authority, country and measure. Cue words are data (rules/vocab.yaml, `prose`).
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale
from rapidfuzz.distance import Levenshtein

from claimready.extractors.labels import UNREAD_BELOW, all_unread, lower_in_place, twin_remnant_before
from claimready.extractors.normalize import (Amount, Found, Terms, currency_finder, find_capital_amounts, find_dates,
                                             find_terms, words_amount)
from claimready.extractors.spans import DOUBTFUL_WORD, DocView, Span, accepted
from claimready.extractors.values import (Read, all_references, is_company_line, party_endings, read_chinese_case_number,
                                          read_party, without_accents)
from claimready.rules import Cue, Rules

if TYPE_CHECKING:
    from claimready.extractors.fields import Extraction
    from claimready.models import Line

Got = tuple[Read, list[Span], float]
HEURISTIC = 0.85  # a value read from prose or position, not from its label
ADDRESSED = 0.82  # a name after an addressee lead ('To:', 'Messrs.', '致：')
INVOICE_SETS = ("invoice_numbers", "invoice_number")
INVOICE_DATE_SETS = ("invoice_date", "generic_date")
CONTRACT_DATE_SETS = ("contract_date", "generic_date")
_PAY_CUES = re.compile(r"pay|terms|net\s*\d|d/a|o/a|t/t|credit|付款|支付|账期|结算", re.IGNORECASE)
_NEW_TERM_CUES = re.compile(r"\bto\b|amended|revised|new|extended|修改为|变更为|延长至|调整为|改为|延长为", re.IGNORECASE)


def _got(view: DocView, p: int, j: int, start: int, end: int, value: object, sure: float = HEURISTIC) -> Got:
    return Read(value, start, end, sure), [Span(p, j, start, end)], sure


def _top_lines(view: DocView, share: float = 0.45):
    if not view.pages:
        return
    pv = view.pages[0]
    for j, line in enumerate(pv.page.lines):
        if line.bbox.y0 <= share:
            yield 0, j, line


def _top_lines_under(view: DocView):
    """The top lines of page 1, each with the line above it as (page, line, text), or None."""
    above: tuple[int, int, str] | None = None
    for p, j, line in _top_lines(view):
        yield p, j, line, above
        above = (p, j, line.text)


# --- amounts, currencies, terms ----------------------------------------------------------------
def largest_amount(view: DocView, rules: Rules) -> Got | None:
    best: Got | None = None
    finder = currency_finder(rules)
    for p, j, line in view.lines():
        for f in finder.find(line.text):
            amount: Amount = f.value  # type: ignore[assignment]
            if amount.currency and (best is None or float(amount.amount) > float(best[0].value.amount)):  # type: ignore[union-attr]
                best = _got(view, p, j, f.start, f.end, amount, 0.8)
    return best


ITEMS_SURE = 0.9  # a total summed from its item rows: each row's quantity times price checked


def items_total(view: DocView, rules: Rules, total: str) -> tuple[str, list[Span]] | None:
    """The sum of an invoice's item rows, each row's amount its quantity times its unit price
    ('27 台 545.00 14,715.00'), when nothing else is added before the total (a row other than a
    subtotal of that sum, before the line that prints `total`, is freight or tax: no sum then)."""
    finder = currency_finder(rules)
    amounts: list[tuple[Decimal, Span]] = []
    for p, j, line in view.lines():
        found = [(Decimal(str(f.value.amount)), f) for f in finder.find(line.text)]  # type: ignore[union-attr]
        item = _item_amount(found)
        if item is not None:
            amounts.append((item[0], Span(p, j, item[1].start, item[1].end)))
            continue
        if not amounts:
            continue
        others = {value for value, _ in found} - {sum(a for a, _ in amounts)}
        if Decimal(total) in others:
            return f"{sum(a for a, _ in amounts):.2f}", [span for _, span in amounts]
        if others:
            return None
    return None


def _item_amount(found: list[tuple[Decimal, Found]]) -> tuple[Decimal, Found] | None:
    """A row's last figure, when two figures before it multiply to it (quantity, unit price)."""
    if len(found) < 3:
        return None
    amount, last = found[-1]
    before = [value for value, _ in found[:-1]]
    if amount > 0 and any(a * b == amount for i, a in enumerate(before) for b in before[i + 1:]):
        return amount, last
    return None


IN_WORDS_SURE = 0.9  # an amount in words: unambiguous, but OCR may drop a character


def amounts_in_words(view: DocView, rules: Rules) -> list[Got]:
    """Every amount the document writes out: in Chinese capitals ('大写:人民币叁万玖仟贰佰玖拾玖元整'),
    or in English words after a lead, to 'only' ('SAY US DOLLARS FORTY-EIGHT THOUSAND ... ONLY'),
    on its line or wrapped onto the next."""
    found = [_got(view, p, j, f.start, f.end, f.value, IN_WORDS_SURE)
             for p, j, line in view.lines() for f in find_capital_amounts(line.text)]
    lead = _words_lead(rules)
    for p, j, line in view.lines():
        m = lead.search(line.text)
        if m is None:
            continue
        text, spans = line.text[m.start():], [Span(p, j, m.start(), len(line.text))]
        lines = view.pages[p].page.lines
        if not _ONLY.search(text) and j + 1 < len(lines):
            text, spans = f"{text} {lines[j + 1].text}", [*spans, Span(p, j + 1, 0, len(lines[j + 1].text))]
        value = words_amount(text)
        if value is not None:
            found.append((Read(value, m.start(), len(line.text), IN_WORDS_SURE), spans, IN_WORDS_SURE))
    return found


_ONLY = re.compile(r"\bonly\b", re.IGNORECASE)


def _words_lead(rules: Rules) -> re.Pattern[str]:
    return rules.cached("prose:amount_in_words", lambda: re.compile(
        rf"(?<![A-Za-z])(?:{_alternation(rules.vocab.prose.get('amount_in_words', ()))})(?![A-Za-z])", re.IGNORECASE))


def first_currency(view: DocView, rules: Rules) -> Got | None:
    finder = currency_finder(rules)
    for p, j, line in view.lines():
        found = finder.find_currencies(line.text)
        if found:
            return _got(view, p, j, found[0].start, found[0].end, found[0].value, 0.8)
    return None


def terms_anywhere(view: DocView, rules: Rules) -> Got | None:
    """The first term on a line that speaks of paying, or goes on a sentence that does ('The buyer
    shall pay the invoice value' over 'one hundred and twenty (120) days after the date of the bill
    of lading'). A line giving the time to deliver ('交货期:收到预付款后45天内') is none."""
    delivery = rules.prose_cue("delivery_time_leads")
    for p, j, line in view.lines():
        if delivery.search(line.text):
            continue
        if _PAY_CUES.search(line.text) or _goes_on_paying(view.pages[p].page.lines, j):
            found = find_terms(line.text, rules)
            if found:
                return _got(view, p, j, found.start, found.end, found.value)
    return None


def _goes_on_paying(lines: tuple[Line, ...], j: int) -> bool:
    """The line before speaks of paying and its sentence has not ended."""
    if j == 0:
        return False
    before = lines[j - 1].text.rstrip()
    return bool(before) and before[-1] not in ".;:。；：" and _PAY_CUES.search(before) is not None


def new_terms(view: DocView, rules: Rules) -> Got | None:
    """An amendment's new term: the last term on a line that changes the terms ('from 60 to 120 days')."""
    for p, j, line in view.lines():
        text = line.text
        if not (_PAY_CUES.search(text) or "天" in text or "days" in text.lower()) or not _NEW_TERM_CUES.search(text):
            continue
        cue = list(_NEW_TERM_CUES.finditer(text))[-1]
        found = find_terms(text[cue.start():], rules)
        if found:
            basis_text = text[cue.start():]
            terms = Terms(found.value.days, found.value.basis)  # type: ignore[union-attr]
            if terms.basis == "invoice" and find_terms(basis_text, rules):
                terms = find_terms(basis_text, rules).value  # type: ignore[union-attr, assignment]
            return _got(view, p, j, cue.start() + found.start, cue.start() + found.end, terms, 0.95)
    return None


def new_total(view: DocView, rules: Rules) -> Got | None:
    """An amendment's new contract value: the last sum on a line that names the contract value and
    changes it ('The total contract value is increased to 61,092.00 USD', 'from X to Y', '合同总金额变更为')."""
    cue = rules.prose_cue("new_total")
    finder = currency_finder(rules)
    for p, j, line in view.lines():
        m = cue.search(line.text)
        if not m or not _NEW_TERM_CUES.search(line.text[m.end():]) and "increase" not in line.text.lower() \
                and "decrease" not in line.text.lower():
            continue
        rest = line.text[m.end():]
        found = finder.find(rest)
        sums = [f for f in found if f.value.currency]  # type: ignore[union-attr]
        sure = 0.9
        if not sums:  # the currency sign misread ('变更为 站 106,993.00' for ¥): a sum with cents still is one
            sums = [f for f in found if re.search(r"\d[.,]\d{2}$", rest[f.start:f.end])]
            sure = 0.7
        if sums:
            last = sums[-1]
            return _got(view, p, j, m.end() + last.start, m.end() + last.end, last.value, sure)
    return None


# --- dates ----------------------------------------------------------------------------------
def first_date(view: DocView, rules: Rules, context: str) -> Got | None:
    """The first date on a line that does not name another event (publication, due date, ...)."""
    excluded = rules.vocab.excluded_date_context.get(context if context != "receipt" else "letter", ())
    cues = rules.prose_cue(f"{context}_date_cues")
    other_event = rules.vocab.excluded_date_context.get("other_event", ())
    for p, j, line in view.lines():  # a line that says what the date is, e.g. "the Court, on ..., declares"
        if cues.search(line.text) and not any(w in line.text.lower() for w in other_event):
            lowered = lower_in_place(line.text)
            for f in find_dates(line.text):
                if not any(w in lowered[max(0, f.start - 25):f.start] for w in other_event):
                    return _got(view, p, j, f.start, f.end, f.value, 0.9 * f.sure)
    for p, j, line in view.lines():
        lowered = lower_in_place(line.text)
        for f in find_dates(line.text):
            before = lowered[max(0, f.start - 40):f.start]
            if _mentions(before, excluded) or _mentions(lowered, tuple(w for w in excluded if len(w) > 6)):
                continue
            return _got(view, p, j, f.start, f.end, f.value, 0.9 * f.sure)
    return None


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` names one of `words`: a Latin word whole ('by', not the 'by' of 'hereby')."""
    return any((re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) if w[:1].isascii() and w[:1].isalpha()
                else w in text) for w in words)


def only_date(view: DocView) -> Got | None:
    """The one date a document prints (once or more), when its label could not be read (a
    scan's garbled '已装船日期'): a bill of lading dates nothing else. None when dates differ."""
    found = [(p, j, f) for p, j, line in view.lines() for f in find_dates(line.text)]
    if not found or len({f.value for _, _, f in found}) != 1:
        return None
    p, j, f = found[0]
    return _got(view, p, j, f.start, f.end, f.value, 0.7 * f.sure)


def on_board_date(view: DocView, rules: Rules) -> Got | None:
    for p, j, line in view.lines():
        if re.search(r"on board|laden|shipped|装船|装运", line.text, re.IGNORECASE):
            dates = find_dates(line.text)
            if dates:
                return _got(view, p, j, dates[0].start, dates[0].end, dates[0].value, 0.9)
    return None


# --- parties ---------------------------------------------------------------------------------
def _party_after(view: DocView, p: int, j: int, text: str, start: int, rules: Rules,
                 end_cues: Cue | None = None) -> Got | None:
    """The party named after a cue; when the cue ends its line, the name opens the next one."""
    lines = view.pages[p].page.lines
    if not text[start:].strip() and j + 1 < len(lines):
        j, text, start = j + 1, lines[j + 1].text, 0
    region = text[start:]
    if end_cues is not None:
        m = end_cues.search(region)
        if m and m.start() > 1:
            region = region[:m.start()]
    read = read_party(region, rules)
    if read is None:
        return None
    return _got(view, p, j, start + read.start, start + read.end, read.value)


_BEHALF_END = re.compile(r"\s*(?:委托|（以下|\(hereinafter|\(the\b|,\s*(?:we|who|whose|the|and)\b|\s(?:we|to|in|for|regarding|has|have|is)\s)",
                         re.IGNORECASE)
_WE_END = re.compile(r"\s*(?:,?\s*hereby|,?\s*\(|（|确认|特此|承认|,\s*(?:with|a company|registered|having|located))", re.IGNORECASE)
_OWE_END = re.compile(r"\s*(?:,?\s*the\s+(?:sum|amount|total)|,?\s*a\s+total|,?\s*an?\s+amount|\s+(?:USD|EUR|CNY|RMB|US\$)|货款|款项|人民币|美元|欧元|金额|共计|合计|,\s*(?:with|a company|located))",
                     re.IGNORECASE)


def _company_after_cue(view: DocView, rules: Rules, cues: str, end_cues: Cue) -> Got | None:
    """The first company named after a cue of the vocab list `cues` (its name may open the next line)."""
    cue = rules.prose_cue(cues)
    for p, j, line in view.lines():
        for m in cue.finditer(line.text):
            got = _party_after(view, p, j, line.text, m.end(), rules, end_cues)
            if got and is_company_line(str(got[0].value), rules):
                return got
    return None


def on_behalf_of(view: DocView, rules: Rules) -> Got | None:
    """The creditor a lawyer or collection agency writes for ('on behalf of our client X')."""
    return _company_after_cue(view, rules, "on_behalf_of", _BEHALF_END)


def _address_lead(rules: Rules) -> re.Pattern[str]:
    """'To:', 'Messrs.', 'Account:', '致：' before an addressee's name (rules/vocab.yaml `prose.addressee_leads`)."""
    return rules.cached("prose:address_lead", lambda: _compile_address_lead(rules))


def _compile_address_lead(rules: Rules) -> re.Pattern[str]:
    leads = "|".join(sorted(rules.vocab.prose.get("addressee_leads", ()), key=len, reverse=True))
    return re.compile(
        r"(?:\s*(?:" + leads + r")\s*(?:[:：;]\s*|\.\s+|\s+|(?<=\.)(?=[^\W\d_]))"  # 'Messrs.Hangzhou': OCR lost the space;
        # 'Account; Ferramenta ...': its colon read as a semicolon
        r"|\s*[(（]\s*(?:" + leads + r")\s*[:：.]?\s*[)）]\s*"  # '（To:） Andes ...': the lead in brackets
        r"|\s*[/|•·]\s*[^\s:：]{1,2}\s*[:：]\s*"  # 'Messrs. / $ :': the twin lead (致：) misread
        r"|\s*[/|•·]\s+|\s*[(（]\s*[)）]\s*)+",  # 'Messrs. / X', '（） X': a bilingual lead whose other half is lost
        re.IGNORECASE)


_SALUTATION = re.compile(r"^\s*(?:dear|to whom|gentlemen|ladies|sirs|敬启者|尊敬的|您好)", re.IGNORECASE)


def _top_companies(view: DocView, rules: Rules) -> list[Got]:
    """Company names standing alone near the top of page 1, before the salutation (or the
    closing, in a letter without one: the name under 'Yours faithfully' is the writer's)."""
    out: list[Got] = []
    for p, j, line in _top_lines(view, 0.45):
        if _SALUTATION.search(line.text) or rules.prose_cue("letter_closings").search(line.text):
            break
        for cell in view.pages[p].cells[j]:
            text = line.text[cell.start:cell.end]
            cut = view.pages[p].page.source == "ocr" and _CHINESE_NAME_LESS_GONGSI.fullmatch(text) is not None
            if ((not is_company_line(text, rules) and not cut) or len(text.split()) > 12
                    or rules.prose_cue("on_behalf_of").search(text) or _CJK_CLAUSE.search(text.strip("，。；,. "))):
                continue  # a sentence ('本所受X委托…', 'on behalf of our client X', '截至本函发出之日，贵司仍欠X'), not a name block
            lead = _address_lead(rules).match(text)  # "To: Messrs. Ningbo Eastlink Trading Co., Ltd."
            skip = lead.end() if lead else 0
            read = Read(text, 0, len(text)) if cut else read_party(text[skip:], rules)
            if read and (cut or _more_than_a_legal_form(str(read.value), rules)):
                start = cell.start + skip
                out.append(_got(view, p, j, start + read.start, start + read.end, read.value, ADDRESSED if lead else 0.8))
    return out


_CJK_CLAUSE = re.compile("[，。；]")  # Chinese punctuation between clauses: inside a sentence, never inside a name
# a Chinese company name alone in its cell whose 公司 OCR lost at the line's end ('上海锦程贸易有限')
_CHINESE_NAME_LESS_GONGSI = re.compile(r"[\u4e00-\u9fff]{4,}有限")


def addressee(view: DocView, rules: Rules, avoid: tuple[object, ...] = ()) -> Got | None:
    """The company a letter is addressed to: a name block under the letterhead, not the sender."""
    companies = _top_companies(view, rules)
    if companies and companies[0][1][0].line <= 1:
        head, companies = companies[0], companies[1:]  # the letterhead: no writer addresses itself
        avoid = (*avoid, head[0].value)
    avoided = {_name_key(a) for a in avoid if a is not None}
    for got in companies:
        if _name_key(got[0].value) not in avoided:
            return got
    return None


def _name_key(value: object) -> str:
    """A name compared as OCR may vary it: accents, case and punctuation off ('Cò., Ltd.' is 'Co., Ltd.')."""
    return "".join(c for c in without_accents(str(value)).lower() if c.isalnum())


def case_number(view: DocView, rules: Rules) -> Got | None:
    for p, j, line in view.lines():
        read = read_chinese_case_number(line.text)
        if read:
            return _got(view, p, j, read.start, read.end, read.value, 0.9)
    return None


def letterhead(view: DocView, rules: Rules, avoid: object = None) -> Got | None:
    """The sender's name at the head of a letter: the first company name near the top of page 1."""
    avoid_value = getattr(avoid, "value", None)
    for p, j, line in _top_lines(view, 0.3):
        for cell in view.pages[p].cells[j]:
            text = line.text[cell.start:cell.end]
            if not is_company_line(text, rules) or any(h.start <= cell.start + 1 and accepted(h, "party")
                                                       for h in view.pages[p].hits[j] if h.end > cell.start):
                continue
            read = read_party(text, rules)
            if read and read.value != avoid_value and _more_than_a_legal_form(str(read.value), rules):
                return _got(view, p, j, cell.start + read.start, cell.start + read.end, read.value, 0.8)
    return None


def signer(view: DocView, rules: Rules, avoid: object = None) -> Got | None:
    """The company signing a letter: the first company name after its closing or sign-off
    ('Yours faithfully,', 'For and on behalf of', 'Authorised signatory'), on its line or the
    next three: the writer, even when its letterhead is misread ('Sp. Zz o.o.')."""
    cues = (rules.prose_cue("letter_closings"), rules.prose_cue("letter_signoffs"))
    lines = list(view.lines())
    for k, (p, j, line) in enumerate(lines):
        cue = next((m for m in (c.search(line.text) for c in cues) if m), None)
        if cue is None:
            continue
        for q, i, start, text in [(p, j, cue.end(), line.text[cue.end():]),
                                  *((q, i, 0, after.text) for q, i, after in lines[k + 1:k + 4])]:
            read = read_party(text, rules) if is_company_line(text, rules) else None
            if read and read.value != avoid and _more_than_a_legal_form(str(read.value), rules):
                return _got(view, q, i, start + read.start, start + read.end, read.value, 0.8)
    return None


def we_party(view: DocView, rules: Rules) -> Got | None:
    """The debtor speaking: 'We, Rio Verde Importadora Ltda., hereby acknowledge ...', a party named
    '("the Debtor")', or the writer of a letter addressed to its creditor (its letterhead)."""
    got = _company_after_cue(view, rules, "we_debtor", _WE_END)
    if got:
        return got
    stated = named_roles(view, rules).get("buyer")
    if stated:
        return stated
    writer, _ = _letter_ends(view, rules)
    return writer


def owed_party(view: DocView, rules: Rules) -> Got | None:
    """The creditor: '... that we owe Shenzhen Huaxin Machinery Co., Ltd. the sum of ...', a party
    named '("the Creditor")', or the addressee of the debtor's letter."""
    got = _company_after_cue(view, rules, "owe_creditor", _OWE_END)
    if got:
        return got
    stated = named_roles(view, rules).get("seller")
    if stated:
        return stated
    _, reader = _letter_ends(view, rules)
    return reader


def owing_party(view: DocView, rules: Rules) -> Got | None:
    """The debtor a creditor's letter names in its prose ('... to recover the debt owed by Şişli
    Tekstil Sanayi ve Ticaret A.Ş. under invoice(s) ...', the name opening the next line)."""
    return _company_after_cue(view, rules, "owed_by_debtor", _OWED_BY_END)


_OWED_BY_END = re.compile(r"\s*(?:[,;(]|\s(?:under|for|in respect|pursuant|regarding|as per|amounting|totall?ing|in the"
                          r" (?:amount|sum)|of (?:USD|EUR|CNY|RMB|US\$))\b)", re.IGNORECASE)


def _letter_ends(view: DocView, rules: Rules) -> tuple[Got | None, Got | None]:
    """A letter's writer (its letterhead) and reader (the name after 'To:' / 'Messrs.' / '致：'),
    only when an addressee is marked so: without one, a name block is no proof of who writes."""
    marked = [got for got in _top_companies(view, rules) if got[2] > 0.8]
    if not marked:
        return None, None
    reader = marked[0]
    writer = letterhead(view, rules, avoid=reader[0])
    return writer, reader


# --- roles named in prose: "X (hereinafter 'the Seller')", "甲方（买方）：X", "乙方向甲方供应" ------------
Role = str  # "seller" or "buyer"
NAME_REACH = 320  # a bracketed role names the party written at most this far before it
_CLAUSE_END = re.compile(r"\s*,\s*(?:whose|which|who|with|having|an?\s|registered|located|incorporated|organi[sz]ed|of\s|"
                         r"domiciled|residing|represented)|\s*[，,]?\s*(?:住所|地址|注册地)", re.IGNORECASE)
# a name opens a clause after one of these, or opens a line ('between i' over 'Xiamen Jinlu ... (the "Seller")':
# a speck read after the cue at the line's end)
_CANDIDATE_START = re.compile(r"(?:^|\b(?:between|and|to|by|of|with|from|for|we)\s+|[,，、:：;；]\s*|[与和由及向])",
                              re.IGNORECASE | re.MULTILINE)


def _role_words(rules: Rules) -> dict[str, Role]:
    def build() -> dict[str, Role]:
        words = {w.lower(): "seller" for w in rules.vocab.prose.get("seller_roles", ())}
        words.update({w.lower(): "buyer" for w in rules.vocab.prose.get("buyer_roles", ())})
        return words
    return rules.cached("prose:role_words", build)


def _role_of(word: str, rules: Rules) -> Role | None:
    """'SELLERS' -> seller, 'the Debtor' -> buyer, '卖方' -> seller."""
    words = _role_words(rules)
    word = re.sub(r"^the\s+", "", word.strip().lower())
    return words.get(word) or words.get(word[:-1] if word.endswith("s") else word)


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


def _role_mark(rules: Rules) -> re.Pattern[str]:
    """A bracketed role after a party's name: '(hereinafter referred to as "the Seller")', '("the Debtor")',
    '（以下简称"甲方"）'; group `role` is the role word or the party letter."""
    def build() -> re.Pattern[str]:
        words = _alternation([*_role_words(rules), *rules.vocab.prose.get("party_letters", ())])
        # the closing bracket as OCR may read it: '(the "Seller"}'
        return re.compile(r"[(（][^()（）]{0,50}?(?<![A-Za-z])(?P<role>" + words + r")s?(?![a-z])[\s\"'“”‘’」]*[)）}\]]", re.IGNORECASE)
    return rules.cached("prose:role_mark", build)


def _role_label(rules: Rules) -> re.Pattern[str]:
    return rules.cached("prose:role_label", lambda: re.compile(
        rf"[(（]\s*(?:the\s+)?(?P<role>{_alternation(_role_words(rules))})s?\s*[)）]\s*[:：]\s*", re.IGNORECASE))


def _label_before(rules: Rules) -> re.Pattern[str]:
    return rules.cached("prose:label_before", lambda: re.compile(
        rf"(?<![A-Za-z])(?:{_alternation([*_role_words(rules), *rules.vocab.prose.get('party_letters', ())])})s?\s*$", re.IGNORECASE))


def _line_starts(lines) -> tuple[str, list[int]]:
    starts, pieces, at = [], [], 0
    for line in lines:
        starts.append(at)
        pieces.append(line.text)
        at += len(line.text) + 1
    return "\n".join(pieces), starts


def _named_before(view: DocView, p: int, rules: Rules, joined: str, starts: list[int], lo: int, hi: int) -> Got | None:
    """The last company name that opens a clause between `lo` and `hi` of a page's joined text
    ('... between X, a company incorporated in ... ' -> X)."""
    best: Got | None = None
    for m in _CANDIDATE_START.finditer(joined, lo, hi):
        at = m.end()
        j = bisect.bisect_right(starts, at) - 1
        line = view.pages[p].page.lines[j]
        col = at - starts[j]
        region = line.text[col:min(len(line.text), hi - starts[j])]
        clause = _CLAUSE_END.search(region)
        read = read_party(region[:clause.start()] if clause else region, rules)
        if read and _more_than_a_legal_form(str(read.value), rules) and not _role_of(str(read.value), rules):
            best = _got(view, p, j, col + read.start, col + read.end, read.value)
    return best


def _more_than_a_legal_form(name: str, rules: Rules) -> bool:
    """'Xiamen Jinlu Co., Ltd.' is a name; 'Ltd.' (read after the comma inside it) is not."""
    if not is_company_line(name, rules):
        return False
    rest = party_endings(rules).sub("", name)
    return len(re.sub(r"[\W\d_]", "", rest)) >= 2


def _letter_roles(view: DocView, rules: Rules) -> dict[str, Role]:
    """Which party letter (甲方, Party A) is which role: '甲方（买方）', '乙方向甲方供应', 'Party B shall sell'."""
    letters = _alternation(rules.vocab.prose.get("party_letters", ()))
    words = _alternation(_role_words(rules))
    if not letters:
        return {}
    tagged = re.compile(rf"(?P<letter>{letters})\s*[（(]\s*(?:the\s+)?(?P<role>{words})s?\s*[)）]", re.IGNORECASE)
    acts = {"seller": _alternation(rules.vocab.prose.get("supply_verbs", ())), "buyer": _alternation(rules.vocab.prose.get("purchase_verbs", ()))}
    out: dict[str, Role] = {}
    for _, _, line in view.lines():
        for m in tagged.finditer(line.text):
            role = _role_of(m.group("role"), rules)
            if role:
                out.setdefault(m.group("letter").lower(), role)
        for role, verbs in acts.items():
            if not verbs:
                continue
            m = re.search(rf"(?P<a>{letters})\s*(?:向|为|shall|agrees to|will)?\s*(?P<b>{letters})?\s*(?:{verbs})", line.text, re.IGNORECASE)
            if m:
                other = "buyer" if role == "seller" else "seller"
                out.setdefault(m.group("a").lower(), role)
                if m.group("b"):
                    out.setdefault(m.group("b").lower(), other)
    return out


def named_roles(view: DocView, rules: Rules) -> dict[Role, Got]:
    """Parties whose role the text states: a bracketed role after the name, or a party letter
    ('甲方（买方）：X', 'Party A: X') whose role is stated somewhere in the text."""
    letter_role = _letter_roles(view, rules)
    out: dict[Role, Got] = {}
    for p, pv in enumerate(view.pages):
        joined, starts = _line_starts(pv.page.lines)
        lo = 0
        for m in _role_mark(rules).finditer(joined):
            word = m.group("role").lower()
            role = _role_of(word, rules) or letter_role.get(word)
            before, lo = max(lo, m.start() - NAME_REACH), m.end()
            line_start = starts[bisect.bisect_right(starts, m.start()) - 1]
            if (_label_before(rules).search(joined[before:m.start()]) or re.match(r"\s*[:：]", joined[m.end():])
                    or twin_remnant_before(joined[line_start:m.start() + 1])):
                continue  # '需方（THE BUYERS）', '甲方（买方）：' is a label, not a name's role; so is 'EA (THE BUYERS)'
            got = _named_before(view, p, rules, joined, starts, before, m.start())
            if role and got and role not in out:
                out[role] = got
    for p, j, line in view.lines():  # '甲方（买方）：X', '(Seller): X', '需方（THE BUYERS）：X', whatever heads the bracket
        for m in _role_label(rules).finditer(line.text):
            role = _role_of(m.group("role"), rules)
            read = read_party(line.text[m.end():], rules) if role and role not in out else None
            if read and _more_than_a_legal_form(str(read.value), rules):
                out[role] = _got(view, p, j, m.end() + read.start, m.end() + read.end, read.value)  # type: ignore[index]
    letters = _alternation(rules.vocab.prose.get("party_letters", ()))
    if letters:
        labelled = re.compile(rf"^\W*(?P<letter>{letters})\s*(?:[（(][^)）]{{0,16}}[)）])?\s*[:：]\s*", re.IGNORECASE)
        for p, j, line in view.lines():
            m = labelled.match(line.text)
            role = letter_role.get(m.group("letter").lower()) if m else None
            if m and role and role not in out:
                read = read_party(line.text[m.end():], rules)
                if read:
                    out[role] = _got(view, p, j, m.end() + read.start, m.end() + read.end, read.value)
    return out


def signature_columns(view: DocView, rules: Rules) -> dict[Role, Got]:
    """A signature block: role captions side by side ('For and on behalf of THE SELLER | ... THE BUYER'),
    each company name printed under its caption."""
    words = re.compile(rf"(?<![A-Za-z])(?:{_alternation(_role_words(rules))})s?(?![a-z])", re.IGNORECASE)
    out: dict[Role, Got] = {}
    for p, pv in enumerate(view.pages):
        lines = pv.page.lines
        for j, line in enumerate(lines):
            captions = []
            for m in words.finditer(line.text):
                ws = line.words_in(m.start(), m.end())
                if ws:
                    captions.append(((ws[0].bbox.x0 + ws[-1].bbox.x1) / 2, _role_of(m.group(0), rules)))
            if len({role for _, role in captions}) < 2:
                continue
            for k in range(j + 1, min(j + 3, len(lines))):
                for cell in pv.cells[k]:
                    read = read_party(lines[k].text[cell.start:cell.end], rules)
                    ws = lines[k].words_in(cell.start, cell.end)
                    if not read or not ws or not is_company_line(str(read.value), rules):
                        continue
                    x0 = ws[0].bbox.x0
                    role = min(captions, key=lambda c: abs(c[0] - x0) if c[0] >= x0 - 0.02 else 9.0)[1]
                    start = cell.start + read.start
                    out.setdefault(role, _got(view, p, k, start, start + len(str(read.value)), read.value, 0.8))
    return out


def contract_parties(ex: "Extraction") -> None:
    """Parties whose role the text states ('between X (hereinafter the Seller) and Y', '甲方（买方）：X')
    correct a labelled value that swapped them or is missing; then a signature block, then the
    letterhead of a confirmation the seller issues fill what is still missing."""
    stated = named_roles(ex.view, ex.rules)
    for role, got in stated.items():
        other = "buyer" if role == "seller" else "seller"
        have = ex.fields.get(role)
        if have is not None and have.value != got[0].value and (
                ex.fields.get(other) is not None and ex.fields[other].value == got[0].value
                or stated.get(other) is not None and stated[other][0].value == have.value
                or not is_company_line(str(have.value), ex.rules)):
            del ex.fields[role]  # a role-neutral label (甲方, Party A) read as the wrong role, or no company
            if ex.fields.get(other) is not None and ex.fields[other].value == got[0].value:
                del ex.fields[other]
        ex.put(role, got)
    for role, got in signature_columns(ex.view, ex.rules).items():
        if not any(f.value == got[0].value for f in (ex.fields.get("seller"), ex.fields.get("buyer")) if f is not None):
            ex.put(role, got)
    if "seller" not in ex.fields and not _buyer_issued(ex.view, ex.rules):
        buyer = ex.fields.get("buyer")
        ex.put("seller", letterhead(ex.view, ex.rules, avoid=buyer))


def _buyer_issued(view: DocView, rules: Rules) -> bool:
    """A purchase order or purchase contract: its letterhead is the buyer's."""
    cue = rules.prose_cue("buyer_issued_titles")
    return any(cue.search(line.text) for _, _, line in _top_lines(view, 0.3))


def debtor(view: DocView, rules: Rules) -> Got | None:
    cue = rules.prose_cue("debtor_cues")
    court = rules.prose_cue("court_words")
    for p, j, line in view.lines():
        for m in cue.finditer(line.text):
            got = _party_after(view, p, j, line.text, m.end(), rules, _BEHALF_END)
            name = re.sub(r"^the\s+", "", str(got[0].value), flags=re.IGNORECASE) if got else ""
            if cue.match(name):
                continue  # 'in the matter of THE INSOLVENCY OF X': the debtor follows the next cue
            if got and is_company_line(str(got[0].value), rules) and not court.search(str(got[0].value)):
                return got
    for p, j, line in view.lines():
        if is_company_line(line.text, rules) and not court.search(line.text):
            read = read_party(line.text, rules)
            if read:
                return _got(view, p, j, read.start, read.end, read.value, 0.7)
    return None


# --- references -----------------------------------------------------------------------------
def invoice_numbers(ex: "Extraction") -> None:
    """Every invoice number a letter names: after an invoice cue ('invoices INV-1 and INV-2'),
    or in the column under an 'Invoice No.' table header. Other references (contract, our ref)
    are skipped: each reference belongs to the nearest label before it."""
    view = ex.view
    found: list[tuple[str, Span]] = []
    for p, pv in enumerate(view.pages):
        carried = False  # the previous line ended on an invoice cue or an invoice number
        for j, line in enumerate(pv.page.lines):
            hits = pv.hits[j]
            last_end, last_is_invoice = -1, carried
            taken = [(d.start, d.end) for d in find_dates(line.text)]
            taken += [(a.start, a.end) for a in currency_finder(ex.rules).find(line.text)
                      if a.value.currency]  # type: ignore[union-attr]
            for ref in all_references(line.text):
                if any(start <= ref.start and ref.end <= end for start, end in taken):
                    continue  # "invoice EL-24-0917 of 17 September 2024 for USD 48,250.00": no invoice numbers
                owner = max((h for h in hits if h.start < ref.start), key=lambda h: h.start, default=None)
                if owner is not None:
                    mine = owner.is_a(INVOICE_SETS)
                elif carried:
                    mine = True
                else:
                    header = _column_header(view, p, j, ref.start)
                    mine = header is not None and header.is_a(INVOICE_SETS)
                if mine:
                    found.append((str(ref.value), Span(p, j, ref.start, ref.end)))
                if ref.end > last_end:
                    last_end, last_is_invoice = ref.end, mine
            last_hit = max(hits, key=lambda h: h.end, default=None)
            if last_hit is not None and last_hit.end > last_end:
                last_end, last_is_invoice = last_hit.end, last_hit.is_a(INVOICE_SETS)
            carried = last_is_invoice and _CONTINUES.fullmatch(line.text[max(last_end, 0):_end_less_specks(line)]) is not None
    if not found:
        found = _subject_references(ex) or _rows_under_unread_header(view)
    values: list[str] = []
    spans: list[Span] = []
    for value, span in found:
        if value not in values:
            values.append(value)
            spans.append(span)
    if values:
        ex.fields.setdefault("invoice_numbers", _field(view, spans, tuple(values)))


def _subject_references(ex: "Extraction") -> list[tuple[str, Span]]:
    """'Subject: Outstanding balance (CI-6 and CI-7)' ... 'still owing on the above invoice(s)': the
    numbers in a letter's subject line, when its body calls them the invoices above."""
    view, rules = ex.view, ex.rules
    if not any(rules.prose_cue("invoice_anaphora").search(line.text) for _, _, line in view.lines()):
        return []
    lead = rules.prose_cue("letter_subject_leads")
    for p, j, line in view.lines():
        m = lead.match(line.text)
        if not m:
            continue
        taken = [(d.start, d.end) for d in find_dates(line.text)]
        hits = view.pages[p].hits[j]
        refs = [r for r in all_references(line.text) if r.start >= m.end()
                and not any(a <= r.start < b for a, b in taken)
                and not any(_names_other_reference(h, rules) for h in hits if h.start < r.start)]
        return [(str(r.value), Span(p, j, r.start, r.end)) for r in refs]
    return []


def _names_other_reference(hit, rules: Rules) -> bool:
    """A label of another reference ('Contract No.', 'Our ref'): the numbers after it are not
    invoices. A document's own number label ('No.', '号码': the tail of a misread '发票号码') is none."""
    if hit.is_a(INVOICE_SETS) or hit.sets == (OWN_NUMBER_SET,):
        return False
    return any(rules.label_sets[name].kind in ("reference", "references") for name in hit.sets if name in rules.label_sets)


OWN_NUMBER_SET = "document_number"  # fields.yaml: 'No.', 'Number', '号码' with no document named


def _end_less_specks(line: Line) -> int:
    """Where the line's text ends less the specks OCR read at its end ('... under invoice(s) i', the
    'i' at 0.28: the numbers open the next line)."""
    end = len(line.text)
    for start, _, word in reversed(line.spans()):
        if word.source != "ocr" or word.confidence >= UNREAD_BELOW:
            break
        end = start
    return end


_CONTINUES = re.compile(r"(?:\(s\))?[\s,，、;:：/]*(?:and|&|和|及|与|nos?\.?)?[\s,，、:：]*", re.IGNORECASE)


def _field(view: DocView, spans: list[Span], value: tuple[str, ...]):
    from claimready.extractors.spans import field_value

    return field_value(view, spans, value, 1.0, raw=", ".join(view.span_text(s) for s in spans))


def _column_header(view: DocView, p: int, j: int, start: int):
    """The label heading the table column a value sits in (up to 12 rows above)."""
    pv = view.pages[p]
    words = pv.line(j).words_in(start, start + 1)
    if not words:
        return None
    x0, x1 = words[0].bbox.x0, words[0].bbox.x1
    for k in range(j - 1, max(-1, j - 13), -1):
        for h in pv.hits[k]:
            if not pv.cells[k] or _read_beside(pv.line(k), h.value_start, pv.cells[k][h.cell].end):
                continue  # a label with its value beside it is no column header
            hw = pv.line(k).words_in(h.start, h.end)
            if hw and hw[0].bbox.x0 - 0.04 <= x0 <= hw[-1].bbox.x1 + 0.04 or (hw and x0 <= hw[0].bbox.x0 <= x1):
                return h
    return None


def _read_beside(line: Line, start: int, end: int) -> bool:
    """Text after a label in its cell, more than specks OCR read as letters ('[invoice Sa' at 0.09)."""
    return any(w.source != "ocr" or w.confidence >= _UNREAD_WORD for w in line.words_in(start, end)
               if w.text.strip()) and bool(line.text[start:end].strip())


def invoice_shaped_number(view: DocView, rules: Rules) -> Got | None:
    """An invoice whose number's label OCR lost (a light, small '发票号/Inv. #' over '24INV9346'),
    or misread beyond the label index's reach ('发 头号 invoce No' over 'C120244457'): the first
    number in the top of page 1 with 'INV' in it and four digits or more, or of six digits or more
    (four with letters: 'EX-06947') on the line under such a misread label or under a header row
    whose first cell OCR garbled before the invoice date's label ('RRS 发票日期' for 发票号 发票日期)
    or a bare 'No' ('iwo No' for Invoice No), or heading a row with a date after it under a row OCR
    could not read at all, that no label of another reference owns ('Contract No. INV-…' would be
    the contract's)."""
    for p, j, line, above in _top_lines_under(view):
        under_label = above is not None and (_misread_invoice_label(above[2], rules)
                                             or _lost_label_in_header_row(view, *above, INVOICE_DATE_SETS, INVOICE_SETS[0]))
        under_unread = above is not None and _unread_header(view, above[0], above[1])
        for ref in all_references(line.text):
            value = str(ref.value)
            owners = [h for h in view.pages[p].hits[j] if h.start < ref.start]
            digits = sum(c.isdigit() for c in value)
            heads_dated_row = (_ruling_lead(line.text[:ref.start])
                               and (under_unread or (above is not None and _left_of_header_date(view, *above, line, ref)))
                               and bool(find_dates(line.text[ref.end:])))
            under = under_label or heads_dated_row
            if ((("inv" in value.lower() and digits >= 4) or (under and numbers_a_document(value)))
                    and not any(_names_other_reference(h, rules) for h in owners)):
                return _got(view, p, j, ref.start, ref.end, value, HEURISTIC)
    return None


GARBLED_LABEL_TOP = 0.3  # a document's own number is printed in the top of page 1
_GARBLED_LABEL = re.compile(r"\s*([A-Za-z]{2,6})\s*[:：;]\s*")


def number_after_garbled_label(view: DocView) -> Got | None:
    """A document's own number after its Chinese label OCR read as a few Latin letters, doubtfully
    ('RRS: EX-03716' for 发票号, 'ARAS: SC-2024-4959' for 合同编号), the first such line in the top of
    page 1, specks before it aside; a number no label owns, shaped as a document's."""
    for p, j, line in _top_lines(view, GARBLED_LABEL_TOP):
        if view.pages[p].page.source != "ocr" or view.pages[p].hits[j]:
            continue
        start = _start_less_specks(line)
        m = _GARBLED_LABEL.match(line.text, start)
        words = line.words_in(m.start(1), m.end(1)) if m else ()
        if not m or not words or min(w.confidence for w in words) >= DOUBTFUL_WORD:
            continue
        ref = next(iter(all_references(line.text[m.end():])), None)
        if ref is not None and ref.start == 0 and numbers_a_document(str(ref.value)):
            return _got(view, p, j, m.end() + ref.start, m.end() + ref.end, str(ref.value), GARBLED_LABEL_SURE)
    return None


GARBLED_LABEL_SURE = 0.6  # whose number it is, the label OCR garbled does not say: a check resting on it asks for an eye


def _start_less_specks(line: Line) -> int:
    """Where the line's text starts past the specks OCR read before it ('i ARAS: ...', the 'i' at 0.25)."""
    for start, _, word in line.spans():
        if word.source != "ocr" or word.confidence >= UNREAD_BELOW:
            return start
    return len(line.text)


def contract_number_under_lost_label(view: DocView) -> Got | None:
    """A contract's number under a header row whose first cell OCR garbled before the contract
    date's label ('CIOL] 合同日其' for 合同编号 合同日期 over 'SC-2024-1660 2024年07月10日'): the first
    number in the row under it, of six digits or more (four with letters)."""
    for p, j, line, above in _top_lines_under(view):
        if above is not None and _lost_label_in_header_row(view, *above, CONTRACT_DATE_SETS):
            ref = next((r for r in all_references(line.text) if numbers_a_document(str(r.value))), None)
            return _got(view, p, j, ref.start, ref.end, str(ref.value), HEURISTIC) if ref else None
    return None


def _left_of_header_date(view: DocView, p: int, j: int, text: str, line: Line, ref: Read) -> bool:
    """A number heading its row wholly left of the header row above, whose first label is the
    invoice date ('日 期 合同 号' over 'EX-02251 2024年09月16日 2024SC8131'): the first column's
    label, 发票号, OCR lost altogether."""
    hits = sorted(view.pages[p].hits[j], key=lambda h: h.start)
    if not hits or not hits[0].is_a(INVOICE_DATE_SETS) or text[:hits[0].start].strip():
        return False
    label_words = view.pages[p].line(j).words_in(hits[0].start, hits[0].end)
    ref_words = line.words_in(ref.start, ref.end)
    return bool(label_words and ref_words) and ref_words[-1].bbox.x1 < label_words[0].bbox.x0


def _rows_under_unread_header(view: DocView) -> list[tuple[str, Span]]:
    """A statement's table of invoices whose header row OCR could not read ('Wv o o o a ...' for
    Invoice No. / Due Date / Amount; 'JOSE' at 0.00 for all of it), or read but for the number's
    label ('Invoice date' over 'Due date', the first column's label lost): the number heading each
    row under it that has a date after its number (a speck may stand before it), row after row until
    one has not."""
    found: list[tuple[str, Span]] = []
    for p, pv in enumerate(view.pages):
        for j in range(len(pv.page.lines) - 1):
            if not (_unread_header(view, p, j) or _dates_header(view, p, j)):
                continue
            for k in range(j + 1, len(pv.page.lines)):
                if not found and _dates_header(view, p, k):
                    continue  # the header row's other labels, OCR'd a little lower
                text = pv.line(k).text
                ref = next(iter(all_references(text)), None)
                if (ref is None or not _ruling_lead(text[:ref.start]) or not numbers_a_document(str(ref.value))
                        or not find_dates(text[ref.end:])):
                    break
                found.append((str(ref.value), Span(p, k, ref.start, ref.end)))
            if found:
                return found
    return found


_UNREAD_WORD = 0.5  # an OCR'd word read below this is as good as unread


def _ruling_lead(lead: str) -> bool:
    """Nothing before a row's first number but specks, or a table's ruling OCR read as a letter ('l
    EX-01569 ...', '. INV-2024-3110')."""
    return re.fullmatch(r"[\W_]*[lI|i!]?[\W_]*", lead) is not None


def _unread_header(view: DocView, p: int, j: int) -> bool:
    """A row OCR could not read ('发 表态 号 ARNM Ren . i' for 发票号 Invoice No. at 0.00-0.41): no
    label of a number found (a date's or an amount's may be: 'Jexoice —— foice date [Due date
    Amount'), half its words or more read below 0.5. The row under it may head with the number
    and the date its labels named."""
    words = view.pages[p].page.lines[j].words
    unread = sum(w.source == "ocr" and w.confidence < _UNREAD_WORD for w in words)
    return ((len(words) >= 2 and 2 * unread >= len(words) or all_unread(words))  # or 'JOSE' at 0.00: the whole row
            and not any(view.kinds.get(h.set_name) in _NUMBER_KINDS for h in view.pages[p].hits[j]))


def _dates_header(view: DocView, p: int, j: int) -> bool:
    """A row of column labels alone, of dates and amounts only ('Invoice date', 'Due date'): the
    header of a table whose number column's label OCR lost."""
    hits = view.pages[p].hits[j]
    return (bool(hits) and all(h.alone and view.kinds.get(h.set_name) in _HEADER_KINDS for h in hits)
            and {h.cell for h in hits} == set(range(len(view.pages[p].cells[j]))))  # each cell a label alone


_NUMBER_KINDS = ("reference", "references")
_HEADER_KINDS = ("date", "amount")


def numbers_a_document(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    return digits >= 6 or (digits >= 4 and any(c.isalpha() for c in value))  # 'EX-06947'


_LOST_LABEL_CHARACTERS = 8  # at most this much unrecognised text before a header row's date label


def _lost_label_in_header_row(view: DocView, p: int, j: int, text: str, date_sets: tuple[str, ...],
                              word_set: str | None = None) -> bool:
    """A header row whose first recognised label is the document's date, or a bare 'No' before it,
    after a few characters no label index knows ('RRS 发票日期': the number's label read as Latin;
    'iwo No twoice Date' for Invoice No, Invoice Date), or after words OCR could not read at all
    ('w.e /MLRRG Date / 开票日期' at 0.00). A 'No.' heading a goods table ('和 No.
    Description of Goods') has no date label beside it. With `word_set`, also that document's word
    alone before the date's label ('发票 发票日其')."""
    hits = sorted(view.pages[p].hits[j], key=lambda h: h.start)
    if not hits:
        return False
    first, lead = hits[0], text[:hits[0].start].strip()
    before_date = len(hits) > 1 and hits[1].is_a(date_sets)
    if before_date and first.alone and word_set is not None and first.sets == (word_set,):
        return True  # '发票 发票日其' ('Invoice | Date'): the document's word alone, its '号'/'No.' lost
    dated = first.is_a(date_sets) or (first.sets == (OWN_NUMBER_SET,) and before_date)
    unread = all_unread(view.pages[p].page.lines[j].words_in(0, first.start))
    return dated and (0 < len(lead) <= _LOST_LABEL_CHARACTERS or unread) and any(c.isalpha() for c in lead)


def _misread_invoice_label(text: str, rules: Rules) -> bool:
    """A Latin invoice-number label of two words with its first word a letter off ('invoce No' for
    Invoice No), anywhere in the line."""
    pairs = rules.cached("invoice_number_word_pairs", lambda: frozenset(
        tuple(re.findall(r"[a-z#]+", label.lower())) for label in rules.label_sets["invoice_number"].labels
        if label.isascii() and len(label.split()) == 2 and len(label.split()[0]) >= 6))
    tokens = re.findall(r"[a-z#]+", text.lower())  # Latin words only: OCR glues them to Chinese ('头号invoce')
    return any(Levenshtein.distance(first, word) <= 1 and second == after
               for word, after in zip(tokens, tokens[1:]) for first, second in pairs)


def first_invoice_reference(view: DocView, rules: Rules) -> Got | None:
    for p, pv in enumerate(view.pages):
        for j, line in enumerate(pv.page.lines):
            for ref in all_references(line.text):
                owner = max((h for h in pv.hits[j] if h.start < ref.start), key=lambda h: h.start, default=None)
                if owner is not None and owner.is_a(INVOICE_SETS):
                    return _got(view, p, j, ref.start, ref.end, ref.value, 0.9)
    return None


# --- approvals, headings, countries, measures ------------------------------------------------------
def insurer_approval(ex: "Extraction") -> None:
    """Whether the insurer approved the change: a refusal or pending cue wins over an approval
    cue on the same line; a cue wrapped over two lines is read across the break."""
    no, yes = ex.rules.prose_cue("approval_no"), ex.rules.prose_cue("approval_yes")
    lines = list(ex.view.lines())
    for p, j, line in lines:
        for pattern, value in ((no, False), (yes, True)):
            m = pattern.search(line.text)
            if m:
                ex.put("insurer_approved", _got(ex.view, p, j, m.start(), m.end(), value, 0.9))
                return
    for (p, j, line), (q, _, after) in zip(lines, lines[1:]):
        joined = f"{line.text} {after.text}"
        for pattern, value in ((no, False), (yes, True)):
            m = pattern.search(joined)
            if m and p == q and m.start() < len(line.text) < m.end():
                ex.put("insurer_approved", _got(ex.view, p, j, m.start(), len(line.text), value, 0.85))
                return


def heading_with(view: DocView, rules: Rules, key: str) -> Got | None:
    """The first line near the top of page 1 naming a court / an authority: that cell, as printed."""
    cue = rules.prose_cue(key)
    for p, j, line in _top_lines(view, 0.5):
        for cell in view.pages[p].cells[j]:
            text = line.text[cell.start:cell.end]
            if cue.search(text) and len(text) <= 120 and not _is_title(text, rules):
                stripped = text.strip(" :：")
                start = cell.start + text.index(stripped[0])
                return _got(view, p, j, start, start + len(stripped), stripped, 0.85)
    return None


def _is_title(text: str, rules: Rules) -> bool:
    """A document title ('政府通告（译文）', 'DECREE'), not the name of who issued it."""
    from claimready.extractors.values import _title_pattern

    return bool(rules.cached("titles", lambda: _title_pattern(rules)).search(text))


def _countries(rules: Rules) -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    en = Locale("en").territories
    for code, name in Locale("zh").territories.items():
        if code.isalpha() and code in en:
            names[name] = en[code]
    for code, name in en.items():
        if code.isalpha() and len(name) > 3:
            names[name] = name
    names.update(rules.vocab.countries_extra)
    pattern = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(n)}(?![a-z])" for n in sorted(names, key=len, reverse=True)))
    return pattern, names


def read_country(text: str, rules: Rules) -> Read | None:
    """A country named in `text`, as its English short name (巴西 -> Brazil)."""
    pattern, names = rules.cached("countries", lambda: _countries(rules))
    m = pattern.search(text)
    return Read(names.get(m.group(0), m.group(0)), m.start(), m.end()) if m else None


def country(view: DocView, rules: Rules) -> Got | None:
    pattern, names = rules.cached("countries", lambda: _countries(rules))
    for p, j, line in view.lines():
        m = pattern.search(line.text)
        if m:
            return _got(view, p, j, m.start(), m.end(), names.get(m.group(0), m.group(0)), 0.8)
    return None


_MEASURE_LABEL = re.compile(r"^\s*[^\s:：,，.。][^:：,，.。]{0,24}[:：]\s*")


def measure(view: DocView, rules: Rules) -> Got | None:
    """The sentence or title that states the measure (a ban, a licence revoked, ...)."""
    cue = rules.prose_cue("measure_words")
    authority = rules.prose_cue("authority_words")
    for p, j, line in view.lines():
        text = line.text
        found = cue.search(text)
        if found and not (authority.search(text) and j < 2):
            label = _MEASURE_LABEL.match(text)  # 'Object: Suspension of ...', '事项：暂停...'
            start = label.end() if label and label.end() <= found.start() else 0
            stripped = text[start:].strip()
            at = text.index(stripped[0], start)
            return _got(view, p, j, at, at + len(stripped), stripped, 0.75)
    return None
