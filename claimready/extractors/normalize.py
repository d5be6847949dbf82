"""Normalise values as printed into SPEC form: dates, amounts, currencies, payment terms.

Each `find_*` function returns matches with their character span, so that the caller can
point at the words behind a value (bbox, confidence). Patterns are compiled once at import;
vocabularies (currency symbols, month names, term bases) come from the rule files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from text_to_num import alpha2digit

from claimready.rules import Rules, fold_accents

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}


def _as_ocr_reads(name: str) -> set[str]:
    """A month name as a scan may read it: l as i, 1, t or ! ('6 Apri! 2024'), o as 0 ('30 Jui 2024', '13 juty 2024', '0ct'),
    'il' as one dotted glyph ('Aprü 17, 2024')."""
    forms = {""}
    for char in name:
        forms = {f + alt for f in forms for alt in {"l": "li1t!", "o": "o0"}.get(char, char)}
    return (forms | {form.replace("il", glyph) for form in forms if "il" in form for glyph in "üu"}) - {name}  # 'u': ü folded


MONTH_READINGS = {**{form: n for name, n in MONTHS.items() for form in _as_ocr_reads(name)}, **MONTHS}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTH_READINGS, key=len, reverse=True)) + r")\.{0,2}"  # 'Sep..18': a speck read as a dot
_ZH_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ZHN = "[〇○零一二三四五六七八九十０]"
_ZERO_MISREAD = re.compile("[@Q]{1,2}")  # the round 〇 of a year as OCR may read it
_ZHY = f"(?:{_ZHN}|{_ZERO_MISREAD.pattern})"

_DAY_LOOKALIKES = {"T": 7, "I": 1, "l": 1, "i": 1, "S": 5, "Z": 2, "B": 8}  # a digit OCR read as a letter
_ORDINAL_DAY = r"(?-i:[123lI]?[lI]|[lI]\d)"  # a day of the month with a 1 read as l or I ('lst', '2lst', 'llth', 'l2th')
_GLYPH = r"(?:[^\w\s.,:;/()\-]|(?-i:[A-Z]))"  # a Chinese character read as a Latin capital or a symbol

DATE_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    # a space OCR put inside the day or month ('2025年1月3 0日') is no end of it: 日 and 月 end them; a speck
    # read as a colon before the day, or a 1 read as '!' before 日 ('2025 年 4 月 : ! 日') is no other date;
    # a colon alone between 月 and 日 is that 1 ('2024年10月:日': a thin 1 read as two specks)
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d \d(?=\s*月)|\d{1,2})\s*月\s*[:：;]?\s*"
    r"(?P<d>\d \d(?=\s*日)|\d{1,2}|(?P<one>[!|lI:：;])(?=\s*日))\s*日?",
    # ... its 月 read as another character between 年 and 日 ('2024年11有16日', a guess: sure 0.8)
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*(?P<garbled>[\u4e00-\u9fff])\s*(?P<d>\d{1,2})\s*日",
    # ... its 〇 read as glyphs ('二@Q二四年五月四日') or, after the 二 of 20xx, as any character ('二的二四年')
    # ... or read twice ('二〇O二四年': 〇 and O, a guess)
    rf"(?P<zy>{_ZHY}\s*{_ZHY}\s*{_ZHY}\s*{_ZHY}|二\s*[^\s\d年月日]\s*{_ZHY}\s*{_ZHY}|二(?:\s*(?:{_ZHY}|O)){{4}})\s*年\s*"
    rf"(?P<zm>{_ZHN}{{1,3}})\s*月\s*(?P<zd>{_ZHN}{{1,3}})\s*日",
    # '2024/1 2/22': an OCR space; '2025:01-20': a dash read as a colon (no time has its year first)
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)[-/.:](?P<m>\d \d(?=[-/.])|\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])",
    # '7:Oct 2024': a speck read as a colon after the day; '214 April 2024': as a third digit (a guess)
    rf"(?<![\d])(?P<d>\d{{1,2}})(?P<stray>\d)?(?:st|nd|rd|th)?[\s\-/.:]*(?:day\s+of\s+|of\s+)?{_MONTH}[\s\-/.,]*(?P<y>(?:19|20)\d\d)(?!\d)",
    # 'Oct. 7, 2024' as a scan may read it: 'Oct : 7 : 2024', 'Oct, 7, 2024' (its dot read as a comma)
    rf"(?<![a-z]){_MONTH}[\s:;,]*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*[,.:;]?\s*(?P<y>(?:19|20)\d\d)(?!\d)",
    rf"(?<![\d])(?P<d>\d{{1,2}})(?P<sep>[\-/]){_MONTH}(?P=sep)(?P<yy>\d\d)(?!\d|:\d)",  # 12-Jun-24, 24/JAN/25
    # '28.01.2025'; a scan may read its dots as colons ('28 : 01 : 2025': no time has a year in it)
    r"(?<![\d.:])(?P<a>\d{1,2})\s*[./:;-]\s*(?P<b>\d{1,2})\s*[./:;-]\s*(?P<y>(?:19|20)\d\d)(?!\d)",
    # '2024年11月19日' as tesseract's Latin reading leaves it: '2024£11A 19A', '202411 H 30H', or its 年 read and
    # its 月 not ('2024 年 9 H28,') (a guess: sure 0.8)
    rf"(?<![\w.])(?P<y>(?:19|20)\d\d)(?:\s*年\s*|\s?(?P<garbled>{_GLYPH}{{1,2}})\s?|(?=\d))(?P<m>\d{{1,2}})\s?{_GLYPH}{{1,2}}\s?"
    rf"(?P<d>\d{{1,2}})(?!\d|[.,]\d)",
    # a day with its ordinal, a 1 of it read as l or I ('lst June 2025', 'June llth, 2025'; the ordinal says day: sure 0.9)
    rf"(?<!\w)(?P<do>{_ORDINAL_DAY})(?:st|nd|rd|th)[\s\-/.:]*(?:day\s+of\s+|of\s+)?{_MONTH}[\s\-/.,]*(?P<y>(?:19|20)\d\d)(?!\d)",
    rf"(?<![a-z]){_MONTH}[\s:;,]*(?P<do>{_ORDINAL_DAY})(?:st|nd|rd|th)\s*[,.:;]?\s*(?P<y>(?:19|20)\d\d)(?!\d)",
    # ... its 年 read as a digit or lost, 月 and 日 read ('202447月29日': 2024年7月; a guess: sure 0.7 or 0.8)
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<ym>\d{1,3})\s*月\s*(?P<d>\d{1,2})\s*日",
    # ... a speck read as a character between its year and 年 ('2024 个 年 12 月 24 日'; a guess: sure 0.8)
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?P<garbled>[^\s\d年月日])\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日",
    # a month's abbreviation with one letter misread between a day and a year ('22 OCR 2024'; a guess: sure 0.7)
    r"(?<![\d.,])(?P<d>\d{1,2})\s+(?P<mon3>[A-Za-z]{3})\.?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    # ... or a month's full name so, before the day ('Judy 6, 2024' for July 6, 2024; a guess: sure 0.7)
    r"(?<![A-Za-z])(?P<mon3>[A-Za-z]{4,9})\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    # a day of one digit read as its lookalike capital ('T March 2025' for 7 March 2025; a guess: sure 0.7)
    rf"(?<!\w)(?P<dl>(?-i:[{''.join(_DAY_LOOKALIKES)}]))\s+{_MONTH}[\s\-/.,]*(?P<y>(?:19|20)\d\d)(?!\d)",
    # ... after the month ('June i 2024'; a guess: sure 0.7)
    rf"(?<!\w){_MONTH}\.?\s+(?P<dl>(?-i:[{''.join(_DAY_LOOKALIKES)}]))\s*,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
))


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in a string: normalised value, and the span of the text it came from."""

    value: object
    start: int
    end: int
    sure: float = 1.0  # how unambiguous the reading is (e.g. a day-first guess lowers it)


# --- dates --------------------------------------------------------------------------------
def _zh_number(text: str) -> int | None:
    chars = [c for c in text if not c.isspace()]
    if not chars or any(c not in _ZH_DIGITS for c in chars):
        return None
    if "十" in chars:  # 十四 = 14, 二十 = 20, 二十三 = 23, 十 = 10
        i = chars.index("十")
        tens = _ZH_DIGITS[chars[i - 1]] if i else 1
        units = _ZH_DIGITS[chars[i + 1]] if i + 1 < len(chars) else 0
        return tens * 10 + units
    return int("".join(str(_ZH_DIGITS[c]) for c in chars))


def _date_from_match(m: re.Match[str]) -> tuple[date, float] | None:
    groups = m.groupdict()
    try:
        if groups.get("zy"):
            year_read = _ZERO_MISREAD.sub("〇", re.sub(r"\s", "", groups["zy"]))
            if len(year_read) == 5:  # a 〇 read twice ('二〇O二四'): one of them
                zeros = re.sub("[〇○零Oo０]", "〇", year_read)
                if "〇〇" not in zeros:
                    return None
                year_read = zeros.replace("〇〇", "〇", 1)
            if year_read[1] not in _ZH_DIGITS:  # the century's 〇 of 二〇二四 read as another character
                year_read = "二〇" + year_read[2:]
            y, mo, d = (_zh_number(g) for g in (year_read, groups["zm"], groups["zd"]))
            if None in (y, mo, d):
                return None
            return date(y, mo, d), (1.0 if year_read == groups["zy"] else 0.8)  # type: ignore[arg-type]
        year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
        if groups.get("ym"):
            return _month_after_lost_nian(year, groups["ym"], int(groups["d"]))
        if groups.get("dl"):
            return date(year, MONTH_READINGS[groups["mon"].lower()], _DAY_LOOKALIKES[groups["dl"]]), 0.7
        if groups.get("mon3"):
            month = _one_letter_off_month(groups["mon3"])
            return (date(year, month, int(groups["d"])), 0.7) if month else None
        if groups.get("do"):
            return date(year, MONTH_READINGS[groups["mon"].lower()], int(re.sub("[lI]", "1", groups["do"]))), 0.9
        if groups.get("mon"):
            sure = 0.7 if groups.get("stray") else 1.0
            day = int(groups["d"])
            if day > 31 and not groups.get("stray"):  # 'Apr. 37 2025': the comma after 'Apr. 3' read as 7 (a guess)
                day, sure = day // 10, 0.7
            return date(year, MONTH_READINGS[groups["mon"].lower()], day), sure
        if groups.get("a"):
            a, b = int(groups["a"]), int(groups["b"])
            if a > 12 >= b:
                return date(year, b, a), 1.0
            if b > 12 >= a:
                return date(year, a, b), 1.0  # month-first, the only possible reading
            return date(year, b, a), (1.0 if a == b else 0.9)  # day-first unless impossible
        if groups.get("one"):  # '!' before 日: the day 1, read as a lookalike
            return date(year, int(groups["m"].replace(" ", "")), 1), 0.8
        month, day = (int(groups[k].replace(" ", "")) for k in ("m", "d"))
        year_read_as_digit = groups.get("garbled") is None and "年" not in m.group(0) and len(groups["m"]) == 2
        if "garbled" in groups and year_read_as_digit and month > 12:
            return date(year, month % 10, day), 0.7  # '202445A3A': 年 read as a digit before the month (5月)
        return date(year, month, day), (0.8 if "garbled" in groups else 1.0)
    except ValueError:
        return None


def _month_after_lost_nian(year: int, digits: str, day: int) -> tuple[date, float] | None:
    """The month in the figures between a year and 月 whose 年 OCR lost ('202411月': 11, sure 0.8)
    or read as a digit ('202447月': 7, sure 0.7; '2024411月': 11)."""
    if len(digits) <= 2 and 1 <= int(digits) <= 12:
        return date(year, int(digits), day), 0.8
    month = int(digits[1:])
    return (date(year, month, day), 0.7) if 1 <= month <= 12 else None


def _one_letter_off_month(word: str) -> int | None:
    """The month whose name or three-letter abbreviation the word is, one letter other than its first
    misread ('OCR' for Oct, 'Judy' for July), when only one month is so near."""
    near = {n for name, n in MONTHS.items() if len(name) == len(word) >= 3 and name[0] == word[0].lower()
            and sum(a != b for a, b in zip(name, word.lower())) == 1}
    return near.pop() if len(near) == 1 else None


def find_dates(text: str) -> list[Found]:
    """Every date in `text`, left to right, as ISO strings; overlapping readings keep the first pattern."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    text = fold_accents(text)  # a speck over a letter reads as an accent ('Jūl. 12; 2024'); offsets stay
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            parsed = _date_from_match(m)
            if parsed:
                taken.append((m.start(), m.end()))
                found.append(Found(parsed[0].isoformat(), m.start(), m.end(), parsed[1]))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> str | None:
    dates = find_dates(text)
    return str(dates[0].value) if dates else None


# --- amounts and currencies -----------------------------------------------------------------
# groups of three after a separator, a space (48 250,00) or, as OCR reads a comma, a separator
# with a space beside it before the last group and its cents ('US$70, 119.00', 'USD837 ,358.50';
# a list '3, 400' has no cents), or a separator doubled by a speck ('1,.371,421.00'), or a semicolon
# or colon before groups with cents ('1;072,692.50', 'US$ 201 : 109.00'); first, millions with the
# separator between two groups lost ('1.031798.50'), or a space OCR put inside the last group
# ('1,360,61 1.00': the same separator before it as before the others, so no cents; 'CNY 364,1 54.00',
# '2,7 13,884.50': a group parted 1 + 2, before the last group or not; the thousands and the decimal
# separators differ, so no two figures of one style; 'USD808.41 1.00' for 808,411.00: tesseract parts a
# narrow 1 from the digits before it, the only figure it so splits with one separator for both)
_NUMBER = (r"(?P<num>\d{1,3}[.,]\d{6}[.,]\d{2}(?!\d)|\d{3}[.,]\d{2} 1[.,]\d{2}(?!\d)|\d{1,3}(?:,\d{3})*,(?:\d \d{2}|\d{2} \d)(?:,\d{3})*\.\d{2}(?!\d)|\d{1,3}(?:,\d{3})+ \.\d{2}(?!\d)|\d{1,3}(?:\.\d{3})+ ,\d{2}(?!\d)|\d{1,3}(?:\.\d{3})*\.(?:\d \d{2}|\d{2} \d)(?:\.\d{3})*,\d{2}(?!\d)|\d{1,3}(?:(?:[,.]{1,2}|\s?[;:]\s?(?=\d{3}(?:[.,]\d{3})*[.,]\d{2}(?!\d))|['\u00a0\u202f]|\s(?=\d{3}(?!\d))|\s?[,.]\s?(?=\d{3}[.,]\d{2}(?!\d)))\d{3})+"
           r"(?:[.,]\d{1,2}|:\d{2}(?!\d))?|\d+(?:[.,]\d{1,2})?)")  # '456,440:00': a decimal point read as a colon


@dataclass(frozen=True, slots=True)
class Amount:
    amount: str  # "48250.00"
    currency: str | None  # ISO 4217 when the text names one
    guessed: bool = False  # the currency is a capital OCR read for its symbol (vocab symbols_misread)


_GROUP_PARTED = re.compile(r"\d{1,3}([.,])(?:\d{3}\1)*(?:\d \d{2}|\d{2} \d)(?:\1\d{3})*(?!\1)[.,]\d{2}")


_SPACE_BEFORE_CENTS = re.compile(r"^(\d{1,3}(?:([.,])\d{3})+) ((?!\2)[.,]\d{2})$")


def decimal_string(number: str) -> str | None:
    """'48,250.00' / '48.250,00' / '48 250,00' / '312000' -> '48250.00'; the locale from the separators."""
    s = number.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ").strip()
    s = re.sub(r"\s?[;:]\s?(?=\d{3}(?:[.,]\d{3})*[.,]\d{2}$)", ",", s)  # '395;896.00', '201 : 109.00', '1;072,692.50':
    # a scan's comma read as a semicolon or a colon
    colon_cents = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})+):(\d{2})", s)  # '456,440:00' after groups: its decimal point
    if colon_cents:
        s = colon_cents.group(1) + ("," if colon_cents.group(2) == "." else ".") + colon_cents.group(3)
    s = re.sub(r"\s", "", s) if re.fullmatch(r"\d{1,3}(\s\d{3})+([.,]\d{1,2})?", s) else s
    s = re.sub(r"\s?([,.])\s?(?=\d{3}[.,]\d{2}$)", r"\1", s)  # '70, 119.00', '837 ,358.50': OCR's spaces
    s = re.sub(r"([,.])[,.](?=\d{3})", r"\1", s)  # '1,.371,421.00': a speck read as a second separator
    s = re.sub(r"^(\d{1,3})([.,])(\d{3})(\d{3})([.,]\d{2})$", r"\1\2\3\2\4\5", s)  # '1.031798.50': a separator lost
    if _GROUP_PARTED.fullmatch(s):  # '1,360,61 1.00', '364,1 54.00', '2,7 13,884.50': a space in a group
        s = s.replace(" ", "")
    s = _SPACE_BEFORE_CENTS.sub(r"\1\3", s)  # '340.041 ,00': a space before the cents
    s = re.sub(r"^(\d{3}[.,]\d{2}) (1[.,]\d{2})$", r"\1\2", s)  # '808.41 1.00': the same in the only group
    if " " in s:
        return None
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0 and _GROUPS_AND_CENTS.fullmatch(s):
        s = re.sub(r"[.,]", "", s[:-3]) + "." + s[-2:]  # '1,048.413.00': a scan's comma read as a dot, cents clear
    elif last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
        group_sep = "," if decimal_sep == "." else "."
        s = s.replace(group_sep, "").replace(decimal_sep, ".")
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        tail = s[s.rfind(sep) + 1:]
        if s.count(sep) == 1 and len(tail) in (1, 2):
            s = s.replace(sep, ".")
        elif re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+\{sep}\d{{2}}", s):
            head, _, cents = s.rpartition(sep)  # '485.840.00': grouping and decimal alike, as OCR reads a comma
            s = head.replace(sep, "") + "." + cents
        else:
            s = s.replace(sep, "")  # 48.250 / 1,250 / 1,000,000: grouping
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return f"{value:.2f}"


_FORMAL_NUMERALS = frozenset("零壹贰貳叁參肆伍陆陸柒捌玖拾佰仟万萬亿億")  # of an amount in Chinese capitals (大写)
_GARBLED_BEFORE = re.compile(r"[A-Za-z]{2,}\s*$")  # Latin letters OCR made of a Chinese word


def _currency_name_lost_before_capitals(text: str, yuan: int) -> bool:
    start = yuan
    while start > 0 and text[start - 1] in _FORMAL_NUMERALS:
        start -= 1
    return start < yuan and _GARBLED_BEFORE.search(text, 0, start) is not None
_ENDS_IN_CENTS = re.compile(r"[.,]\d{2}$")
_ISO_CODE = re.compile(r"[A-Z]{3}")
_GROUPS_AND_CENTS = re.compile(r"\d{1,3}(?:[.,]\d{3})+[.,]\d{2}")


class MoneyFinder:
    """Finds amounts with an optional currency before or after them, per the rule files' symbols."""

    def __init__(self, currency_symbols: dict[str, str], after_only: tuple[str, ...] = (),
                 misread: dict[str, str] | None = None) -> None:
        self.symbols = {self._key(k): v for k, v in currency_symbols.items()}
        self.misread = {k: self.currency_of(v) for k, v in (misread or {}).items()}
        # a capital stands alone before the figure ('共计 Y 203,091.00'); a Chinese character may be glued to
        # both sides ('共计半355,303.50': chi_sim reads ¥ as 半), never so before a figure with cents
        alone = "".join(re.escape(k) for k in self.misread if k.isascii())
        glued = "".join(re.escape(k) for k in self.misread if not k.isascii())
        ways = [rf"(?<![\w.,])(?P<alone>[{alone}])\s" if alone else "", rf"(?P<glued>[{glued}])\s?" if glued else ""]
        self.misread_before = re.compile(f"(?:{'|'.join(w for w in ways if w)})$") if self.misread else None
        # codes are matched in capitals only ("Cad." in an address is no Canadian dollar); words in any case
        alts = "|".join(re.escape(k) if k.isupper() else f"(?i:{re.escape(k)})"
                        for k in sorted(currency_symbols, key=len, reverse=True))
        # a Latin code or word starts a word ('Cad.' is no CAD); '美元' may follow a word directly
        # ('amount of美元13,158.00' as OCR glues it), and must not leave its '元' to be read as CNY
        def leading(keys: list[str]) -> str:
            return "|".join((r"(?<![A-Za-z])" if k[:1].isascii() and k[:1].isalpha() else "")
                            + (re.escape(k) if k.isupper() else f"(?i:{re.escape(k)})")
                            for k in sorted(keys, key=len, reverse=True))
        # a symbol printed only after figures ('元') before one is another symbol misread: no currency
        # a dash or a speck between the symbol and the figure ('US$ -2,044,062.00') is no part of either
        pre = rf"(?:(?P<pre>{leading([k for k in currency_symbols if k not in after_only])})\s*[:：]?\s*(?:[-–~]\s*)?)?"
        # ... or after them, bracketed or not ('$ 1,266,707.87 (USD)')
        post = rf"(?:\s*(?P<open>[(（]\s*)?(?P<post>{alts})(?![A-Za-z])(?(open)\s*[)）])(?!\s*\d))?"
        # a number goes on neither in digits nor in another group ('28.55.0' is no amount of 28.55)
        self.pattern = re.compile(pre + _NUMBER + r"(?![\d/]|-\w|[.,]\d)" + post)  # a speck read as a dash after it is no range
        self.currency_pattern = re.compile(rf"(?P<cur>{leading(list(currency_symbols))})(?![A-Za-z])")

    @staticmethod
    def _key(symbol: str) -> str:
        return symbol.lower()

    def currency_of(self, symbol: str | None) -> str | None:
        return self.symbols.get(self._key(symbol)) if symbol else None

    def find(self, text: str) -> list[Found]:
        out: list[Found] = []
        for m in self.pattern.finditer(text):
            start = m.start("num")
            before = text[start - 1] if start else " "
            if not m.group("pre") and ((before.isascii() and before.isalnum()) or before in "-/#"
                                       or (before in ".," and start >= 2 and text[start - 2].isdigit())):
                garbled = _symbol_garbled_before(text, start, m.group("num"))
                if garbled is not None:  # '6E1.799.672,00': the E is a misread €
                    guessed = self.misread.get(text[start - 1])
                    currency = guessed or self.currency_of(m.group("post"))
                    out.append(Found(Amount(garbled, currency, guessed is not None), start, m.end()))
                    continue
                out.extend(self._after_a_stray_figure(text, m))  # '#7 647,801.00': the '#7' is
                continue  # a piece of a reference such as INV-2025-0042, or of a number ('28.55.0')
            if _figures_of_a_code(text, m):
                continue  # '24INV9693': a reference's figures, no amount
            amount = decimal_string(m.group("num"))
            if amount is None:
                out.extend(self._after_a_stray_figure(text, m))
                continue
            currency = self._currency_of_both(m.group("pre"), m.group("post"))
            start_at, guessed = m.start(), False
            if currency is None and (symbol := self._misread_before(text, start, m.group("num"))):
                currency, start_at, guessed = self.misread[symbol[symbol.lastgroup or 0]], symbol.start(), True
            found = Found(Amount(amount, currency, guessed), start_at, m.end(),
                          HEADLESS_SURE if _head_lost(text, start) else 1.0)
            if out and _stray_digit_took_currency(out[-1], m, text):
                out[-1] = Found(Amount(out[-1].value.amount, currency), out[-1].start, m.end("pre"))
                continue
            out.append(found)
        return out

    def _currency_of_both(self, pre: str | None, post: str | None) -> str | None:
        """The currency printed before the figure, unless the figure is followed by an ISO code that
        says otherwise: '$' read as 'S$' (Singapore dollars) in 'S$ 1,266,707.87 (USD)'; a code's
        three capitals are no symbol's stroke to misread."""
        before, after = self.currency_of(pre), self.currency_of(post)
        if (before and after and before != after and _ISO_CODE.fullmatch(post or "")
                and not _ISO_CODE.fullmatch(pre or "")):
            return after
        return before or after

    def _misread_before(self, text: str, start: int, number: str) -> re.Match[str] | None:
        """A capital OCR reads for a currency symbol, alone before a figure with cents ('共计 Y
        203,091.00': ¥), or a Chinese character, glued or not ('共计半355,303.50'), per the vocab's
        `symbols_misread`."""
        if self.misread_before is None or not _ENDS_IN_CENTS.search(number):
            return None
        return self.misread_before.search(text, 0, start)

    def _after_a_stray_figure(self, text: str, m: re.Match[str]) -> list[Found]:
        """A figure that is no number as a whole because a stray digit joins it across a space
        ('7 647,801.00': a speck or a garbled '$' read as 7 before the total) holds its number after
        the space."""
        gap = re.search(r"\s+", m.group("num"))
        if gap is None or gap.start() > 2:
            return []  # '2025 0042' is a reference's pieces, no stray figure and an amount
        start = m.start("num") + gap.end()
        rest = text[start:m.end()]
        return [Found(f.value, f.start + start, f.end + start, f.sure) for f in self.find(rest) if printed_as_money(f, rest)]

    def find_currencies(self, text: str) -> list[Found]:
        """Every currency named in the text; not the 元 that counts the units of an amount in Chinese
        capitals whose currency's name OCR garbled into letters ('RTERAA 陆拾叁元伍角' for 美元…): 元 is
        written so in any currency. With nothing lost before them ('(大写)贰拾陆万…伍元整') the capitals
        are yuan."""
        return [Found(self.currency_of(m.group("cur")), m.start(), m.end())
                for m in self.currency_pattern.finditer(text) if self.currency_of(m.group("cur"))
                and not (m.group("cur") == "元" and _currency_name_lost_before_capitals(text, m.start()))]


def _symbol_garbled_before(text: str, start: int, number: str) -> str | None:
    """The amount of a figure in groups with cents glued to one or two glyphs OCR made of a
    currency symbol ('6E1.799.672,00' for €1.799.672,00); None for a reference's pieces
    ('INV-2024-...', 'No.', '#') and longer words before a figure, which are no symbol."""
    lead = re.search(r"[^\s\u3400-\u9fff]*$", text[:start]).group()  # type: ignore[union-attr]  # always matches
    # (after Chinese text the glyphs are glued to it: '货款Y1;422,846.50元')
    grouped = _SPACE_BEFORE_CENTS.sub(r"\1\3", re.sub(r"\s?[;:]\s?", ",", number))  # 'Y1;422,846.50': a comma
    # read as a semicolon too; 'E340.041 ,00': a space before the cents
    if 0 < len(lead) <= 2 and not set(lead) & set("-/#.,") and _GROUPS_AND_CENTS.fullmatch(grouped):
        return decimal_string(number)
    return None


def _stray_digit_took_currency(previous: Found, m: re.Match[str], text: str) -> bool:
    """A lone digit or two after a currency code that follows a figure with cents ('44,175.00 USD 3':
    a speck OCR read as 3) took the code, which is the figure's: the code after a figure is its
    currency unless a number follows, and here the number is the speck."""
    return (isinstance(previous.value, Amount) and previous.value.currency is None and bool(m.group("pre"))
            and re.fullmatch(r"\d{1,2}", m.group("num")) is not None
            and _ENDS_IN_CENTS.search(text[previous.start:previous.end]) is not None
            and text[previous.end:m.start("pre")].strip() == "")


HEADLESS_SURE = 0.3  # a figure OCR read without its first digits: a check resting on it asks for an eye


def _head_lost(text: str, start: int) -> bool:
    """The figure at `start` lost its first digits to OCR: it begins with a zero before a group
    ('057,059.00'), or a group separator is glued before it ('济,057,059.00': 1 read as 济 at 0.00;
    ',257,059.00')."""
    group = re.match(r"(\d{3})[.,' ]\d{3}", text[start:])
    return group is not None and (group.group(1)[0] == "0" or start > 0 and text[start - 1] == ",")


def printed_as_money(found: Found, text: str) -> bool:
    """An amount found in `text` with a currency or decimals, not a bare run of digits (a reference)."""
    return isinstance(found.value, Amount) and bool(
        found.value.currency or "." in found.value.amount and not text[found.start:found.end].isdigit())


def _figures_of_a_code(text: str, m: re.Match[str]) -> bool:
    """A figure with no currency nor cents that letters follow directly ('24INV9693', '3,752m2'):
    the head of a reference or a quantity with its unit. '1,200.00USD' is money (its code is `post`)."""
    after = text[m.end():m.end() + 1]
    return (not m.group("pre") and not m.group("post") and after.isascii() and after.isalpha()
            and not _ENDS_IN_CENTS.search(m.group("num")))


def currency_finder(rules: Rules) -> MoneyFinder:
    return rules.cached("money", lambda: MoneyFinder(dict(rules.vocab.currency_symbols), rules.vocab.symbols_after_only,
                                                    dict(rules.vocab.symbols_misread)))


def disambiguate_yen(currency: str | None, document_text: str, rules: Rules) -> str | None:
    """¥ alone is CNY unless the document shows Japanese-yen evidence."""
    if currency == "CNY" and any(w in document_text for w in rules.vocab.jpy_evidence):
        return "JPY"
    return currency


# --- payment terms --------------------------------------------------------------------------
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD = "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True))
_EN_COUNT = rf"(?:(?:{_WORD})[\s-]+hundred(?:[\s-]+and)?[\s-]+)?(?:{_WORD})(?:[\s-]+(?:{_WORD}))?|(?:{_WORD})[\s-]+hundred"
_ZH_COUNT = "[一二两三四五六七八九十百〇零]+"
_TERM_DAYS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"(?<![\d.])(?P<n>\d{1,3})\)?[\s.]*(?:calendar\s+|business\s+|working\s+)?days?(?![a-z])",  # sixty (60) days, 60.days (OCR)
    r"(?<![a-z])net\s*(?P<n>\d{1,3})(?!\d)",
    r"(?<![a-z])(?:D/A|DA|O/A|OA)\s*(?:at\s*)?(?P<n>\d{1,3})(?!\d)",
    r"(?<![\d.月])(?<!月\s)(?P<n>\d{1,3})\s*(?:天|日|个?自然日|(?P<fu>夫))(?![期])",  # 90天, not 9月17日; '60夫': 天 misread
    rf"(?<![a-z])(?P<w>{_EN_COUNT})\s*(?:calendar\s+|business\s+|working\s+)?days?(?![a-z])",  # ninety days
    rf"(?<![月一二两三四五六七八九十百〇零])(?P<z>{_ZH_COUNT})\s*(?:个?自然)?(?:天|日)(?![期])",  # 九十天, 一百二十日
))


@dataclass(frozen=True, slots=True)
class Terms:
    days: int
    basis: str  # "shipment" | "delivery" | "invoice"


def find_terms(text: str, rules: Rules) -> Found | None:
    """The payment term in days and its basis ('60 days after B/L date' -> 60, shipment)."""
    best: re.Match[str] | None = None
    for pattern in _TERM_DAYS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    days = _term_count(best)
    if days is None or not 0 < days <= 720:
        return None
    return Found(Terms(days, term_basis(text, rules)), best.start(), best.end(), 0.8 if best.groupdict().get("fu") else 1.0)


def _term_count(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("n"):
        return int(groups["n"])
    if groups.get("w"):
        return _en_count(groups["w"].lower())
    return _zh_count(groups["z"])


def _en_count(words: str) -> int:
    """'one hundred and twenty' -> 120, 'forty-five' -> 45."""
    total = 0
    for word in re.split(r"[\s-]+", words):
        if word == "hundred":
            total = max(total, 1) * 100
        elif word != "and":
            total += _UNITS.get(word, 0) + _TENS.get(word, 0)
    return total


def _zh_count(text: str) -> int | None:
    """'一百二十' -> 120, '九十' -> 90, '四十五' -> 45, '一百零五' -> 105."""
    total, digit = 0, None
    for c in text:
        if c in "百十":
            total += (1 if digit is None else digit) * (100 if c == "百" else 10)
            digit = None
        elif c == "两":
            digit = 2
        elif c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        else:
            return None
    return total + (digit or 0)


def term_basis(text: str, rules: Rules) -> str:
    lowered = text.lower()
    for basis in ("shipment", "delivery"):
        if any(word in lowered for word in rules.vocab.term_basis.get(basis, ())):
            return basis
    return "invoice"


# --- amounts in Chinese capitals (大写) ---------------------------------------------------------
_CAPITAL_DIGITS = {**dict.fromkeys("零〇", 0), **dict.fromkeys("壹一", 1), **dict.fromkeys("贰貳二两", 2),
                   **dict.fromkeys("叁參参三", 3), **dict.fromkeys("肆四", 4), **dict.fromkeys("伍五", 5),
                   **dict.fromkeys("陆陸六", 6), **dict.fromkeys("柒七", 7), **dict.fromkeys("捌八", 8),
                   **dict.fromkeys("玖九", 9)}
_CAPITAL_UNITS = {**dict.fromkeys("拾十", 10), **dict.fromkeys("佰百", 100), **dict.fromkeys("仟千", 1000)}
_CAPITAL_SECTIONS = {**dict.fromkeys("万萬", 10_000), **dict.fromkeys("亿億", 100_000_000)}
_CAPITAL_NUMERAL = "".join([*_CAPITAL_DIGITS, *_CAPITAL_UNITS, *_CAPITAL_SECTIONS])
_DIGIT = "".join(_CAPITAL_DIGITS)
# spaces allowed between characters: OCR gives each character a word of its own
_CAPITALS_BROKEN_BEFORE = re.compile(rf"[{_CAPITAL_NUMERAL}]\s?(?:[^\s\d{_CAPITAL_NUMERAL}元圆]\s?){{1,2}}$")
_CAPITAL_AMOUNT = re.compile(rf"(?P<whole>(?:[{_CAPITAL_NUMERAL}]\s?)+)[元圆](?:\s?(?P<jiao>[{_DIGIT}])\s?角)?"
                             rf"(?:\s?(?P<fen>[{_DIGIT}])\s?分)?")


def find_capital_amounts(text: str) -> list[Found]:
    """Amounts written in Chinese capitals ('人民币叁万玖仟贰佰玖拾玖元整' -> '39299.00'), as Chinese
    invoices and contracts print the total beside its figures. A run that is no well-formed
    numeral (two digits with no unit between them) is passed over, as is the tail of a run OCR broke
    with a misread character ('肆万玖件肆佰叁拾捌元…', 仟 read as 件: 438 is no amount written)."""
    out = []
    for m in _CAPITAL_AMOUNT.finditer(text):
        if _CAPITALS_BROKEN_BEFORE.search(text, 0, m.start()):
            continue
        whole = _capital_integer(re.sub(r"\s", "", m.group("whole")))
        if whole is None:
            continue
        jiao, fen = (_CAPITAL_DIGITS[d] if d else 0 for d in (m.group("jiao"), m.group("fen")))
        out.append(Found(f"{Decimal(whole) + Decimal(jiao) / 10 + Decimal(fen) / 100:.2f}", m.start(), m.end()))
    return out


def _capital_integer(numeral: str) -> int | None:
    total = section = 0
    digit: int | None = None
    for char in numeral:
        if char in _CAPITAL_DIGITS:
            if _CAPITAL_DIGITS[char] == 0:
                continue  # 零 marks a gap ('叁万零伍佰'); OCR also puts it out of place
            if digit is not None:
                return None
            digit = _CAPITAL_DIGITS[char]
        elif char in _CAPITAL_UNITS:
            section += (1 if digit is None else digit) * _CAPITAL_UNITS[char]
            digit = None
        else:
            section += digit or 0
            digit = None
            if _CAPITAL_SECTIONS[char] > 10_000:
                total, section = (total + section) * _CAPITAL_SECTIONS[char], 0
            else:
                total, section = total + section * _CAPITAL_SECTIONS[char], 0
    whole = total + section + (digit or 0)
    return whole or None


# --- amounts in English words ------------------------------------------------------------------
_WORDS_AMOUNT = re.compile(
    r"^[^\d]*?(?P<whole>\d+)(?:\s+[a-z.$]+){0,3}?"
    r"(?:\s+and\s+(?:cents?\s+(?P<c1>\d{1,2})|(?P<c2>\d{1,2})(?:\s+cents?|/100)))?(?:\s+[a-z.$]+){0,3}?\s+only\b")


def words_amount(text: str) -> str | None:
    """The amount of an amount in words, from its lead on ('say us dollars forty-eight thousand two
    hundred and fifty and cents fifty only' -> '48250.50'), or None. Every word between the
    currency and 'only' must be part of the number: a word OCR misread splits it, and a part of a
    number is no amount."""
    digits = alpha2digit(text.lower().replace("-", " "), "en")
    m = _WORDS_AMOUNT.match(digits)
    if m is None:
        return None
    cents = m.group("c1") or m.group("c2") or "0"
    return f"{Decimal(m.group('whole')) + Decimal(cents) / 100:.2f}"
