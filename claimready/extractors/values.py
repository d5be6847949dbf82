"""Read one kind of value at a place on a line: dates, amounts, references, parties, terms.

Each reader takes the text of a candidate region and returns the value with the
sub-range it came from (relative to the region), or None when the region holds no such value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from claimready.extractors.layout import is_cjk
from claimready.extractors.normalize import Amount, Terms, currency_finder, find_dates, find_terms, printed_as_money
from claimready.rules import Rules

_REFERENCE = re.compile(
    r"[(（]\s*(?:19|20)\d\d\s*[)）]\s*[\u4e00-\u9fff\w\-]+?号"  # (2025)粤03破12号
    r"|(?<![A-Za-z0-9])(?<!\d[,.])(?=[A-Za-z0-9\-/_.#]*\d)[A-Za-z0-9][A-Za-z0-9\-/_.#]*[A-Za-z0-9](?![A-Za-z0-9])"  # not '277' of '3,277'
    r"|(?<![A-Za-z0-9\-])\d(?![A-Za-z0-9\-])")
CHINESE_CASE_NUMBER = re.compile(r"[(（]\s*(?:19|20)\d\d\s*[)）]\s*[\u4e00-\u9fff\w\-]{1,16}?号")
_TRAILING = " .,;:，。；：)）"
_BRANCH = re.compile(r"[,，]?\s*[\w .'-]{1,40}?\s(?:Branch|Sub-branch|Office)\b|[\u4e00-\u9fff]{1,10}(?:分行|支行|分公司)",
                     re.IGNORECASE)
_ROLE_PREFIX = re.compile(r"^\s*(?:(?:债权人|委托人|申请人|our client|client|the creditor|creditor)[\s:：,]*|(?:messrs\.?|m/s)\s+"
                          r"|(?:the\s+)?(?:insolvency|bankruptcy|liquidation|winding[\s-]up|administration)\s+of\s+)",
                          re.IGNORECASE)  # "致：Messrs. X" names X; "In the matter of THE INSOLVENCY OF X" too
_LEADING_SPECKS = re.compile(r"^(?:\s*[-–—_~`”’|=<>©®.,;:!*+»]+)+\s*")  # specks OCR reads before a name: '- 上海锦程', '” 武汉', '. . Qingdao'
_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class Read:
    value: object
    start: int  # within the region
    end: int
    sure: float = 1.0


def read_date(text: str, rules: Rules) -> Read | None:
    dates = find_dates(text)
    return Read(dates[0].value, dates[0].start, dates[0].end, dates[0].sure) if dates else None


def read_amount(text: str, rules: Rules, last: bool = False) -> Read | None:
    """An amount: one with a currency or decimals is preferred; `last` takes the rightmost (total rows)."""
    found = currency_finder(rules).find(text)
    good = [f for f in found if printed_as_money(f, text)]
    pool = good or found
    if not pool:
        return None
    pick = pool[-1] if last else pool[0]
    return Read(pick.value, pick.start, pick.end, min(pick.sure, 1.0 if good else 0.9))


def read_currency(text: str, rules: Rules) -> Read | None:
    found = currency_finder(rules).find_currencies(text)
    return Read(found[0].value, found[0].start, found[0].end) if found else None


def read_reference(text: str, rules: Rules) -> Read | None:
    in_dates = [(d.start, d.end) for d in find_dates(text)]
    for m in _REFERENCE.finditer(text):
        token = _without_prose_tail(m.group(0).rstrip(_TRAILING))
        if any(start <= m.start() and m.start() + len(token) <= end for start, end in in_dates):
            continue  # '29th', '2024' of 'July 29th, 2024': a date's piece (the row under a number's label
            # whose own cell OCR lost holds the date's column too)
        dates = find_dates(token)
        if dates and (not re.search(r"[A-Za-z]", token) or any(d.start == 0 and d.end == len(token) for d in dates)):
            continue  # '2024-05-01', '19-Jan-2025': a date, under a header row's number label or not
        if len(token) < 3:
            continue  # "7", "No": OCR noise or a clause number, not a document reference
        if _WORD_IN.search(token):
            continue  # 'R#9/Date' (签订日期/Date misread): a word in it, so a label, not a number
        if sum(c.isdigit() for c in token) < 2 and (any(c.islower() for c in token) or re.search(r"[A-Z]{3}$", token)):
            continue  # '4nv' ('Inv.#' misread), '1INV' (the number after 'INV' lost): a word, not a number ('INV-7' is)
        if _BEFORE_A_COLONED_NUMBER.match(text, m.start() + len(token)):
            continue  # '& 543 : HX244720' (合同号 misread): what a colon follows is a label, the number after it the value
        if _in_a_chinese_date(text, m.start() + len(token)):
            continue  # '2024年02月20日INV-2024-1126': a Chinese date's year, glued before the number
        head = _CARRIER_CODE_BEFORE.search(text, 0, m.start()) if _CARRIER_DIGITS.fullmatch(token) else None
        if head:  # 'EGLV 195572847673': a carrier's code OCR parted from its B/L number's digits
            return Read(head.group(1) + token, head.start(1), m.start() + len(token))
        return _with_split_tail(token, text, m.start()) or Read(token, m.start(), m.start() + len(token))
    return None


_CARRIER_DIGITS = re.compile(r"\d{9,12}")  # not eight: a date (20241011) after a word in capitals
_CARRIER_CODE_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z]{4}) $")


def _with_split_tail(token: str, text: str, start: int) -> Read | None:
    """The number at `start` joined to the rest OCR split off it (_split_tail), or None if none was."""
    tail = _split_tail(token, text, start + len(token))
    return Read(token + tail.group(1), start, tail.end(1)) if tail else None


def _split_tail(token: str, text: str, end: int) -> re.Match[str] | None:
    """The rest of a number OCR split at a wider gap, after a space: digits after a number that
    ends in two letters or more ('24INV 4675'; 'SC2025A 120 sets' keeps its quantity apart), digits after
    a carrier's code and its first digits, eight to twelve digits in all ('HLCU1 028971381'), or a
    hyphened group after a hyphened number whose last group is short ('INV-202 4-3792' into a group
    of four digits at most; 'INV-2024-3792 1-100' and a date after a number stay apart)."""
    if token[-2:].isalpha():
        return _SPLIT_TAIL.match(text, end)
    if _CARRIER_HEAD.fullmatch(token):
        tail = _SPLIT_TAIL.match(text, end)
        return tail if tail and 8 <= len(token) - 4 + len(tail.group(1)) <= 12 else None
    group = token.rsplit("-", 1)[-1]
    if "-" in token and group.isdigit() and len(group) < 4:
        tail = _SPLIT_GROUP.match(text, end)
        if tail:
            return tail if len(group) + tail.group(1).index("-") <= 4 else None  # a group split, not a range
        tail = _SPLIT_BY_SPECK.match(text, end)  # 'SC-2024-293 和 4': a speck read as a character in the gap
        return tail if tail and len(group) + len(tail.group(1)) <= 4 else None
    return None


_SPLIT_TAIL = re.compile(r" (\d{3,})\b(?![\-/.,]\w)")
_CARRIER_HEAD = re.compile(r"[A-Z]{4}\d{1,5}")  # a carrier's code and the first digits of its B/L number ('HLCU1 028971381')
_SPLIT_GROUP = re.compile(r" (\d{1,4}-\d{3,})\b(?![\-/.,]\w)")
_SPLIT_BY_SPECK = re.compile(r"\s?[^\x00-\x7f]\s?(\d{1,3})\s*$")  # the last digits after one non-Latin character, ending the text


_BEFORE_A_COLONED_NUMBER = re.compile(r"\s*[:：]\s*(?:[A-Za-z0-9]*\d[A-Za-z0-9\-/]*|$)")  # or the cell's end
_WORD_IN = re.compile(r"[a-z]{3,}")  # reference numbers are capitals and digits; OCR slips are single letters


# a short prefix, after a division in Roman figures ('XIV GU 628/24'), then the number's pieces
_CASE = re.compile(r"(?:(?<![^\s:：])(?:[IVXL]{1,5}\s+(?=[A-Z]))?[A-Za-z][A-Za-z.]{0,5}\s+)?[^\s,;，；]*\d[^\s,;，；]*"
                   r"(?:\s+(?:[A-Z]{1,3}\s+)?[^\s,;，；]*\d[^\s,;，；]*)*"  # "1472 IN 24/2024"
                   r"(?:\s+[A-Z]{1,2}\.(?![A-Za-z]))?")  # "2025/3315 E." (Esas), "2024/88 K."
_ABBREVIATION_END = re.compile(r"\s[A-Z]{1,2}\.$")


_FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")


def read_chinese_case_number(text: str) -> Read | None:
    """A Chinese case number ('（2024）川01破3232号'), as printed: with full-width brackets and no
    spaces, however OCR read them ('(2024) 川01破3232号')."""
    m = CHINESE_CASE_NUMBER.search(text)
    return Read(re.sub(r"\s", "", m.group(0)).translate(_FULL_WIDTH_BRACKETS), m.start(), m.end()) if m else None


def read_case_number(text: str, rules: Rules) -> Read | None:
    """A court's case number as printed, with a short prefix: 'R.G. 4874/2024', 'Exp. 4980-2024-0-1817'."""
    chinese = read_chinese_case_number(text)
    if chinese:
        return chinese
    m = _CASE.search(text)
    if m is None:
        return None
    token = m.group(0) if _ABBREVIATION_END.search(m.group(0)) else m.group(0).rstrip(_TRAILING)
    return Read(token, m.start(), m.start() + len(token))


def all_references(text: str) -> list[Read]:
    out: list[Read] = []
    resume = 0
    for m in _REFERENCE.finditer(text):
        if m.start() < resume:
            continue  # the tail of a number split by OCR, joined to it below
        token = _without_prose_tail(m.group(0).rstrip(_TRAILING))
        joined = _with_split_tail(token, text, m.start())
        if joined:  # 'INV-2 024-1903', '24INV 4426' in a list: one number each
            out.append(joined)
            resume = joined.end
        elif (len(token) >= 4 and re.search(r"\d", token) and not (find_dates(token) and not re.search(r"[A-Za-z]", token))
              and not _in_a_chinese_date(text, m.start() + len(token))):
            out.extend(_listed(token, m.start()))
    return _letters_of_siblings(_split_in_a_list(out, text))


def _without_prose_tail(token: str) -> str:
    """A number less the word OCR glued after it with a speck for the space ('INV-2025-3003.and
    INV-2025-3004'): reference numbers are capitals and digits, a word of small letters is prose."""
    return _PROSE_TAIL.sub("", token)


_PROSE_TAIL = re.compile(r"(?<=\d)[.,;:][a-z]{2,}$")


def _shape(reference: str) -> str:
    return re.sub(r"[A-Za-z]", "A", re.sub(r"\d", "9", reference))


_LIST_TAIL = re.compile(r"(?: (?:[:;.] ?)?|[:;] ?)(-?\d{1,4})(?![\dA-Za-z])")  # after a speck read as a colon too ('INV-2024:-5820')


def _split_in_a_list(found: list[Read], text: str) -> list[Read]:
    """A number of a list OCR split before its last digits ('24INV1308 and 24INV1 309.'): joined to
    the digits after it when that makes it of another listed number's shape (letters and digits in
    the same places); a number's shape is what its list shows."""
    out: list[Read] = []
    skip_from = -1
    for read in found:
        if read.start < skip_from:
            continue
        tail = _LIST_TAIL.match(text, read.end)
        joined = str(read.value) + tail.group(1) if tail else ""
        if tail and any(o is not read and _shape(str(o.value)) == _shape(joined) for o in found):
            out.append(Read(joined, read.start, tail.end(1), read.sure))
            skip_from = tail.end(1)
        else:
            out.append(read)
    return out


_DIGIT_FOR_LETTER = {"1": "IL", "0": "O", "5": "S", "8": "B", "2": "Z"}  # a capital OCR may read as a digit


def _letters_of_siblings(found: list[Read]) -> list[Read]:
    """A number of a list whose letter OCR read as its look-alike digit ('1NV-2024-8553' beside
    INV-2024-8552 and INV-2024-8554): the letters its siblings have there, when they all agree."""
    shapes = [_shape(str(r.value)) for r in found]
    out = []
    for read, shape in zip(found, shapes):
        value = str(read.value)
        siblings = {str(o.value) for o, s in zip(found, shapes) if s != shape and len(s) == len(shape)
                    and all(a == b or (a, b) == ("9", "A") for a, b in zip(shape, s))}
        mended = {_with_letters_of(value, sibling) for sibling in siblings}
        out.append(Read(mended.pop(), read.start, read.end, read.sure) if len(mended) == 1 and None not in mended else read)
    return out


def _with_letters_of(value: str, sibling: str) -> str | None:
    letters = []
    for mine, theirs in zip(value, sibling):
        if mine.isdigit() and theirs.isalpha():
            if theirs.upper() not in _DIGIT_FOR_LETTER.get(mine, ""):
                return None
            letters.append(theirs)
        else:
            letters.append(mine)
    return "".join(letters)


def _in_a_chinese_date(text: str, end: int) -> bool:
    """A figure 年, 月 or 日 follows is a date's, no reference ('2024年02月20日INV-2024-1126')."""
    return text.startswith(("年", "月", "日"), end)


def _listed(token: str, start: int) -> list[Read]:
    """A token that is a list of numbers of one shape glued by dots ('CI20242894.CI20242895': OCR
    read the list's commas as dots, or lost the space after them) is those numbers."""
    pieces = token.split(".")
    if (len(pieces) > 1 and len({len(p) for p in pieces}) == 1 and len(pieces[0]) >= 6
            and all(sum(c.isdigit() for c in p) >= 4 for p in pieces)):
        offsets = [start + sum(len(p) + 1 for p in pieces[:k]) for k in range(len(pieces))]
        return [Read(p, at, at + len(p)) for p, at in zip(pieces, offsets)]
    return [Read(token, start, start + len(token))]


def read_terms(text: str, rules: Rules) -> Read | None:
    found = find_terms(text, rules)
    if found is None:
        return None
    assert isinstance(found.value, Terms)
    return Read(found.value, found.start, found.end, found.sure)


def read_text(text: str, rules: Rules) -> Read | None:
    stripped = text.strip(" :：;,")
    if not _LETTERS.search(stripped):
        return None
    start = text.index(stripped[0])
    return Read(stripped, start, start + len(stripped))


_TRAILING_SPECKS = re.compile(r"(?:\s+[^\w\s]+)+$")  # ' -', ' `', ' ?': specks after a value


def read_port(text: str, rules: Rules) -> Read | None:
    read = read_text(text, rules)
    if read is None or not (str(read.value)[0].isupper() or is_cjk(str(read.value)[0])):
        return None  # "order" in "To order" is no port
    if str(read.value).rstrip(" (（{[") in _port_label_tails(rules):
        return None  # '装货港货港', '货港(Port of Discharge)': the next box's label 卸货港 glued on, its first character lost
    # 'Apapa, Lagos, Nigeria.': the sentence's stop, not the name's; 'Sydney, Australia `': a speck
    value = _TRAILING_SPECKS.sub("", str(read.value)).rstrip(" .,;:，。")
    return Read(value, read.start, read.start + len(value)) if value else None


def _port_label_tails(rules: Rules) -> frozenset[str]:
    """The Chinese port labels less their first characters, two characters at least ('货港')."""
    return rules.cached("values:port_label_tails", lambda: frozenset(
        label[i:] for s in rules.label_sets.values() if s.kind == "port" for label in s.labels
        if all(is_cjk(c) for c in label) for i in range(1, len(label) - 1)))


def without_accents(text: str) -> str:
    """Latin letters without their accents (Ş -> S, é -> e), as OCR often reads them; CJK kept."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def party_endings(rules: Rules) -> re.Pattern[str]:
    """Legal forms and other company-name endings (vocab.yaml), as written, accent-folded and upper case."""
    return rules.cached("party_endings", lambda: _ending_pattern(rules))


_COMMA_BELOW = str.maketrans("ŞşŢţ", "ȘșȚț")


def _ending_pattern(rules: Rules) -> re.Pattern[str]:
    def one(e: str) -> str:
        body = re.escape(e)
        return (r"(?<![A-Za-z])" + body + r"(?![A-Za-z])") if e[0].isascii() else body
    written = set(rules.vocab.party_name_endings) | set(rules.vocab.party_name_endings_misread)
    written |= {e.translate(_COMMA_BELOW) for e in written}  # OCR reads A.Ş. (a cedilla) as A.Ș. (a comma below)
    written |= {" ".join(w.upper() if len(w) == 1 else w for w in e.split(" ")) for e in written}  # 'Sp. Z o.o.'
    # (a one-letter word OCR read in capitals: z and Z differ in size only)
    folded = {f for f in (without_accents(e) for e in written) if len(f) > 2}  # OCR reads A.Ş. as A.S.
    endings = sorted(written | folded | {e.upper() for e in written | folded}, key=len, reverse=True)  # 'CO., LTD'
    undotted = sorted({e[:-1] for e in endings if _dotted(e)} - set(endings), key=len, reverse=True)
    return re.compile("|".join([*(one(e) for e in endings),
                                *(r"(?<![A-Za-z.])" + re.escape(e) + r"(?![A-Za-z.])" for e in undotted)]))


def _dotted(ending: str) -> bool:
    """A dotted abbreviation ('A.Ş.', 'S.A.'): OCR often loses its last dot ('A.Ş :'), which
    still ends a name ('U.S.A' does not: no letter or dot may stand before it)."""
    return ending.endswith(".") and "." in ending[:-1] and ending[0].isascii()


def _stop_pattern(rules: Rules) -> re.Pattern[str]:
    words = sorted(rules.vocab.party_stop_words, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![A-Za-z]){re.escape(w)}" + (r"(?![a-z])" if w[-1].isalpha() else "")
                               for w in words), re.IGNORECASE)


_OCR_CO_LTD = re.compile(r"\bCo\s*(?:\.\s*)?(?:[:;][.,:;]*|[,，]{2,})\s*Ltd|\bCo\.\s?\.\s*Ltd")  # 'Co: Ltd.', 'Co.;: Ltd.',
# 'Co,， Ltd.', 'Co.. Ltd.': OCR's 'Co., Ltd.'


def second_chinese_name(rest: str, rules: Rules) -> bool:
    """What follows a name's legal form is another Chinese company's name: two columns' names OCR
    glued into one word ('深圳华信机械有限公司武汉长江建材有限责任公司')."""
    rest = rest.strip()
    return len(rest) >= _CHINESE_NAME_CHARACTERS and is_cjk(rest[0]) and is_company_line(rest, rules)


_CHINESE_NAME_CHARACTERS = 4


def read_party(text: str, rules: Rules) -> Read | None:
    """A company or person name as printed: the address, phone, etc. after it are cut off."""
    prefix = _ROLE_PREFIX.match(text) or _LEADING_SPECKS.match(text)
    offset = prefix.end() if prefix else 0
    region = text[offset:]
    stop = rules.cached("party_stop", lambda: _stop_pattern(rules)).search(region)
    if stop:
        region = region[:stop.start()]
    endings = list(party_endings(rules).finditer(region))
    for m in endings:
        rest = region[m.end():]
        branch = _BRANCH.match(rest)
        if branch:  # "Industrial and Commercial Bank of China Ltd., Ningbo Branch"
            region = region[:m.end() + branch.end()]
            break
        # nothing after it but specks ('Ltd. -'), or an address, a bracket, a sentence going on
        if (not re.search(r"[^\W_]", rest) or re.search(r"\d", rest) or rest.lstrip().startswith((",", ";", "，", "；", "。", "(", "（", "【", "[", "〔", "「", "〈", "<", "“", '"'))
                or rest.startswith(".") or re.match(r"\s+[a-z]", rest) or second_chinese_name(rest, rules)):
            region = region[:m.end()]
            break
    read = read_text(region, rules)
    if read is None or len(str(read.value)) < 2:
        return None
    read = Read(read.value, read.start + offset, read.end + offset)
    value = _OCR_CO_LTD.sub("Co., Ltd", str(read.value).rstrip(" ,;，；"))
    if not (value[0].isupper() or value[0].isdigit() or is_cjk(value[0]) or value[0] in "\"'“(（"):
        return None
    company = is_company_line(value, rules)
    if company and _only_a_legal_form(value, rules):
        return None  # 'Ltd.': the tail of a name cut by a column edge, no name
    if not _NAME_WORD.search(value) or (not company and _ends_in_party_label(value, rules)):
        return None  # 'A e', '全 E': specks read as letters; 'BA Purchaser': a label OCR garbled, no name
    if not company and (not re.search(r"[A-Za-z]", value)
                        or rules.cached("titles", lambda: _title_pattern(rules)).search(value)):
        return None  # Chinese text without 公司/厂/..., or a document title: not a name
    return Read(value, read.start, read.start + len(value))


def misread_label_lead(value: str, rules: Rules, doubtful: bool = True) -> int:
    """Where the name starts after a first word that is a one-word party label with one letter
    misread ('Wendor' for Vendor: only in a doubtful reading, a sure one is a name's, as Bayer's),
    or with a colon after it, a letter misread or lost ('HIPPER:' for Shipper, however sure), when
    the rest is a company name on its own; 0 if none."""
    m = re.match(r"([A-Za-z]{5,})[\'’`\"”]?\s*([:：]?)\s+", value)  # "Wendor':": a speck before the colon
    colon = bool(m and m.group(2))
    if not m or not (doubtful or colon) or not is_company_line(value[m.end():], rules):
        return 0
    return m.end() if _one_letter_off_label(m.group(1).lower(), rules, lost=colon) else 0


def is_misread_label(value: str, rules: Rules) -> bool:
    """A one-word party label with one letter misread, alone ('Wendor' for Vendor), two in a long
    one ('Exponer' for Exporter), a label of two words run together and a letter off ('Bilto' for
    Bill to), or with its first letter lost behind a stray Chinese character ('上mporter' for 'The
    Importer'): no name."""
    word = value.strip(" :：.,;").lower()
    if re.fullmatch(r"[\u3400-\u9fff]{1,2}\s?[a-z]{6,}", word):
        word = re.sub(r"^[\u3400-\u9fff]+\s?", "", word)
        return any(len(label) == len(word) + 1 and label.endswith(word) for label in _party_label_words(rules))
    if re.fullmatch(r"[a-z]{5,}", word) and (word in _party_label_words(rules) or _one_letter_off_label(word, rules)
                                                   or _near_long_or_run_together_label(word, rules)):
        return True
    return _label_and_specks(word, rules)


_LONG_LABEL = 6  # letters of a one-word party label OCR may misread two of ('Exponer' for Exporter, 'Notty' for Notify)


def _near_long_or_run_together_label(word: str, rules: Rules) -> bool:
    return (any(len(label) >= _LONG_LABEL and Levenshtein.distance(label, word) <= 2 for label in _party_label_words(rules))
            or any(Levenshtein.distance(label, word) <= 1 for label in _party_labels_run_together(rules)))


def _party_labels_run_together(rules: Rules) -> frozenset[str]:
    """Latin party labels of two words or more with their spaces lost ('billto', 'soldto')."""
    return rules.cached("party_labels_run_together", lambda: frozenset(
        phrase.replace(" ", "") for phrase in _party_label_phrases(rules) if len(phrase.replace(" ", "")) >= 5))


def _label_and_specks(value: str, rules: Rules) -> bool:
    """A party label misread (a letter off or lost) and what follows it only specks or the rest of
    the label: 'NOTIPY PARTY', 'Consigne 玉避' (the box's label over a name OCR did not read)."""
    parts = value.split()
    if len(parts) != 2 or not re.fullmatch(r"[a-z]{6,}", parts[0]):
        return False
    near = parts[0] in _party_label_words(rules) or _one_letter_off_label(parts[0], rules, lost=True)
    return near and (parts[1] in _party_label_tokens(rules) or bool(re.fullmatch(r"[\u3400-\u9fff]{1,2}", parts[1])))


def _party_label_tokens(rules: Rules) -> frozenset[str]:
    """Words of the party labels ('party' of 'Notify Party')."""
    return rules.cached("party_label_tokens", lambda: frozenset(
        token for s in rules.label_sets.values() if s.kind == "party" for label in s.labels
        for token in re.findall(r"[a-z]{4,}", label.lower())))


def _one_letter_off_label(word: str, rules: Rules, lost: bool = False) -> bool:
    """A party label with one letter misread, or (`lost`) also one letter lost or read twice."""
    return any((len(label) == len(word) or (lost and abs(len(label) - len(word)) == 1))
               and Levenshtein.distance(label, word) == 1 for label in _party_label_words(rules))


def _only_a_legal_form(value: str, rules: Rules) -> bool:
    rest = party_endings(rules).sub(" ", value)
    return not re.search(r"[^\W\d_]{2}", rest)


_SMALL_CAPITAL = re.compile(r"(?<![^\s(])([ij])(?=[a-z]{2,}\b)")


def mend_ocr_capitals(name: str, rules: Rules) -> str:
    """OCR reads a capital 'I' or 'J' starting a word as small ('Xiamen jinlu Solar', 'Pump
    industry'): in a name whose words are capitalised, such a word gets its capital back, unless
    it is a particle names keep small (vocab.yaml party_name_particles: 'i', 'in', 'ile')."""
    name = _written_ending(name, rules)
    words = re.findall(r"[^\W\d_]{3,}", name)
    if sum(w[0].isupper() for w in words) < 2:
        return name

    def capital(m: re.Match[str]) -> str:
        word = re.match(r"[a-z]+", name[m.start():])
        small = word is not None and word.group(0) in rules.vocab.party_name_particles
        return m.group(1) if small else m.group(1).upper()

    return _SMALL_CAPITAL.sub(capital, name)


def _written_ending(name: str, rules: Rules) -> str:
    """An OCR'd name ending in a legal form as OCR misreads it ('Ticaret A.9.') ends in the form
    itself ('A.Ş.'; vocab.yaml party_name_endings_misread)."""
    for misread, form in rules.vocab.party_name_endings_misread.items():
        if name.endswith(misread) and (len(name) == len(misread) or not name[-len(misread) - 1].isalnum()):
            return name[:-len(misread)] + form
    return name


def _ends_in_party_label(value: str, rules: Rules) -> bool:
    """The value ends in a party label ('Purchaser', 'Consignee', 'Consigned to'), maybe behind a
    speck read as a capital ('VNotify'): read on a value without a legal form."""
    words = re.findall(r"[A-Za-z]+", value)
    if not words or "order" in (w.lower() for w in words):  # 'To order of shipper'
        return False
    last, labels = words[-1], _party_label_words(rules)
    tail = " ".join(w.lower() for w in words[-4:])
    return (last.lower() in labels or (last[:2].isupper() and last[1:].lower() in labels)
            or any(tail.endswith(phrase) or _phrase_misread_at_end(tail, phrase) for phrase in _party_label_phrases(rules)))


def _phrase_misread_at_end(tail: str, phrase: str) -> bool:
    """The tail ends in a label of several words whose last word is whole and the word before it
    misread ('WNA BIN to' for 买方 Bill to): a box's label, not the end of a name."""
    words, label = tail.split(), phrase.split()
    if len(words) < len(label) or words[-1] != label[-1]:
        return False
    before, want = words[-len(label)], label[0]
    return len(label) == 2 and len(before) >= 3 and before[0] == want[0] and Levenshtein.distance(before, want) <= 2


def _party_label_phrases(rules: Rules) -> tuple[str, ...]:
    """Latin labels of several words of the party label sets ('consigned to', 'sold to')."""
    return rules.cached("party_label_phrases", lambda: tuple(sorted({
        " ".join(re.findall(r"[a-z]+", label.lower())) for s in rules.label_sets.values() if s.kind == "party"
        for label in s.labels if label.isascii() and len(re.findall(r"[a-z]+", label.lower())) >= 2})))


def _party_label_words(rules: Rules) -> frozenset[str]:
    """One-word Latin labels of the party label sets (fields.yaml); not prose's role words."""
    return rules.cached("party_label_words", lambda: frozenset(
        label.lower() for s in rules.label_sets.values() if s.kind == "party" for label in s.labels
        if re.fullmatch(r"[A-Za-z]{4,}", label)))


_NAME_WORD = re.compile(r"[^\W\d_]{3}|[\u3400-\u4dbf\u4e00-\u9fff]{2}")  # a word of 3 letters, or 2 Chinese characters


def _title_pattern(rules: Rules) -> re.Pattern[str]:
    titles = {p.text.lower() for t in rules.doc_types.values() for p in t.titles if len(p.text) >= 2}
    return re.compile("|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)), re.IGNORECASE)


def is_company_line(text: str, rules: Rules) -> bool:
    """A name with a legal form and no figure (an address has some); a form OCR misread with a digit
    ('Ticaret A.9.') is no figure."""
    endings = party_endings(rules)
    return bool(endings.search(text)) and not re.search(r"\d", endings.sub("", text))
