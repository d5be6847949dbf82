"""Is this the same company? Company names reduced to their distinctive words.

A name is split into its Latin-script and Chinese parts; each part drops its legal form
("Co., Ltd.", "Ltda.", "S.A.", "GmbH", "有限公司", ... from rules/legal_forms.yaml), accents, case
and punctuation. Two names are the same company when, in a script both carry, the distinctive
words are equal (in any order, or equal once spaces are ignored). One-character OCR slips are
forgiven only for values read with low confidence or by OCR. Names in different scripts are
compared through aliases learned from documents that print both ("深圳华信机械有限公司 Shenzhen
Huaxin Machinery Co., Ltd."); without one they cannot be compared and never count as different.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from cleanco.clean import remove_accents
from rapidfuzz.distance import Levenshtein

from claimready.errors import RuleFileError

RULE_FILE = "legal_forms.yaml"
BUNDLED_RULES = Path(__file__).resolve().parent.parent / "rules"
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff()（）]+")
BRACKETED = re.compile(r"\(([^()]*)\)")
AMBIGUOUS_FAMILIES = {"company"}  # "Co." may sit inside a name: "ABC Company Holdings Ltd"


@dataclass(frozen=True, slots=True)
class LegalForms:
    latin_suffixes: tuple[tuple[str, ...], ...]  # token sequences, longest first
    name_enders: tuple[tuple[str, ...], ...]  # forms that end a name even mid-value ("... Ltda, Rua X")
    latin_prefixes: tuple[tuple[str, ...], ...]
    cjk_suffixes: tuple[str, ...]  # longest first
    cjk_filler: tuple[str, ...]
    cjk_generic: tuple[str, ...]  # trade words: a name of these alone names no company
    filler_words: frozenset[str]
    to_order_consignee: tuple[re.Pattern[str], ...]
    not_a_party: tuple[re.Pattern[str], ...]
    latin_labels: tuple[tuple[str, ...], ...]
    cjk_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompanyKey:
    """A name's distinctive part per script: Latin words (in printed order) and Chinese text."""

    latin: tuple[str, ...] = ()
    cjk: str = ""
    cjk_places: tuple[str, ...] = ()  # bracketed parts of the Chinese name: 华信机械（深圳）有限公司
    latin_less_slip: tuple[str, ...] = ()  # latin less a last word one letter off a legal form ('ttda'), if any
    cjk_less_slip: str = ""  # cjk less what OCR made of its legal form's head one character off ('有人限'), if any

    @property
    def empty(self) -> bool:
        return not self.latin and not self.cjk


# --- rule file ---------------------------------------------------------------------------
def rules_path(rules_dir: Path | None = None) -> Path:
    if rules_dir is not None and (Path(rules_dir) / RULE_FILE).is_file():
        return Path(rules_dir) / RULE_FILE
    return BUNDLED_RULES / RULE_FILE


@lru_cache(maxsize=8)
def load_legal_forms(path: Path | None = None) -> LegalForms:
    """Load and validate legal_forms.yaml; any malformed key raises RuleFileError naming it."""
    path = path or rules_path()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot be read as YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: must hold a mapping of keys")
    suffix_families = _mapping_of_lists(data, "latin_suffixes", path)
    suffixes = {form for forms in suffix_families.values() for form in forms}
    enders = {form for family, forms in suffix_families.items() if family not in AMBIGUOUS_FAMILIES
              for form in forms if len(form.replace(" ", "")) >= 3}  # "as", "me", "ag" are words too
    return LegalForms(
        latin_suffixes=_token_sequences(suffixes),
        name_enders=_token_sequences(enders),
        latin_prefixes=_token_sequences(_list_of_strings(data, "latin_prefixes", path)),
        cjk_suffixes=tuple(sorted(set(_list_of_strings(data, "cjk_suffixes", path)), key=len, reverse=True)),
        cjk_filler=tuple(_list_of_strings(data, "cjk_filler", path)),
        cjk_generic=tuple(sorted(_list_of_strings(data, "cjk_generic", path), key=len, reverse=True))
        if "cjk_generic" in data else (),  # optional: rule files written before it still load
        filler_words=frozenset(_list_of_strings(data, "filler_words", path)),
        to_order_consignee=_patterns(data, "to_order_consignee", path),
        not_a_party=_patterns(data, "not_a_party", path),
        latin_labels=_token_sequences(_list_of_strings(data, "latin_labels", path)),
        cjk_labels=tuple(sorted(_list_of_strings(data, "cjk_labels", path), key=len, reverse=True)),
    )


def _list_of_strings(data: dict, key: str, path: Path) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleFileError(f"{path}: key '{key}' must be a non-empty list of strings")
    return value


def _mapping_of_lists(data: dict, key: str, path: Path) -> dict[str, list[str]]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise RuleFileError(f"{path}: key '{key}' must map family names to lists of forms")
    for family in value:
        _list_of_strings(value, family, path)
    return value


def _token_sequences(forms: object) -> tuple[tuple[str, ...], ...]:
    sequences = {tuple(_latin_tokens(form)) for form in forms}  # type: ignore[union-attr]
    return tuple(sorted((s for s in sequences if s), key=lambda s: (-len(s), s)))


def _patterns(data: dict, key: str, path: Path) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in _list_of_strings(data, key, path))
    except re.error as exc:
        raise RuleFileError(f"{path}: key '{key}' holds a bad regular expression: {exc}") from None


# --- normalisation -----------------------------------------------------------------------
DEFINED_TERM = re.compile(r"\(\s*(?:the|hereinafter|hereafter)\b[^)]*\)", re.IGNORECASE)  # (the "Debtor")


def _latin_tokens(text: str) -> list[str]:
    """Lower-case, accent-free words; dots deleted (a dot run into the next word parts them:
    'Ceramics.Co.' as OCR reads 'Ceramics Co.'), capitals glued to a word part from it ('SupplyLLC'
    as OCR reads 'Supply LLC', 'HaitianTyreCo'), other punctuation splits, single letters joined."""
    text = _DOT_BETWEEN_WORDS.sub(" ", DEFINED_TERM.sub(" ", unicodedata.normalize("NFKC", text)))
    text = _CAPITALS_GLUED.sub(" ", _WORDS_GLUED.sub(" ", text))
    text = remove_accents(text).replace("&", " and ")
    text = text.replace(".", "").replace("'", "").replace("\u2019", "")
    tokens = re.sub(r"[^\w]+|_", " ", text).split()
    return _join_single_letters(tokens)


_DOT_BETWEEN_WORDS = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
_CAPITALS_GLUED = re.compile(r"(?<=[a-z]{2})(?=[A-Z]{2,}\.?(?:[^\w.]|$))")
# words OCR ran together ('QingdaoHaitianTyreCo.,Ltd.': the spaces lost) part where a capital follows two small
# letters; a name printed so ('PayPal') still matches itself and its spaced or unspaced forms (same_latin joins them)
_WORDS_GLUED = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")


def _join_single_letters(tokens: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if token:
            out.append(token)
    return out


def _cut_after_legal_form(tokens: list[str], forms: LegalForms) -> list[str]:
    """A legal form ends the name: drop what was printed after it (an address, a branch)."""
    for i in range(1, len(tokens)):
        for seq in forms.name_enders:
            if tuple(tokens[i:i + len(seq)]) == seq and i + len(seq) < len(tokens):
                return tokens[:i + len(seq)]
    return tokens


def _drop_label(tokens: list[str], forms: LegalForms) -> list[str]:
    for seq in forms.latin_labels:
        if len(seq) < len(tokens) and tuple(tokens[:len(seq)]) == seq:
            return tokens[len(seq):]
    return tokens


def _strip_latin_forms(tokens: list[str], forms: LegalForms) -> tuple[str, ...]:
    tokens = _cut_after_legal_form(_drop_label(list(tokens), forms), forms)
    tokens = _strip_comma_read_as_letter(tokens, forms)
    changed = True
    while changed and tokens:
        changed = False
        for seq in forms.latin_suffixes:
            if len(seq) < len(tokens) and tuple(t.translate(_DIGITS_AS_LETTERS) for t in tokens[-len(seq):]) == seq:
                del tokens[-len(seq):]  # 'sp z o0': 'Sp. z o.0.' as OCR reads Sp. z o.o.
                changed = True
                break
    tokens = _strip_misread_form(tokens, forms)
    for seq in forms.latin_prefixes:
        if len(seq) < len(tokens) and tuple(tokens[:len(seq)]) == seq:
            del tokens[:len(seq)]
            break
    return tuple(t for t in tokens if t not in forms.filler_words) or tuple(tokens)


_DIGITS_AS_LETTERS = str.maketrans("01", "ol")  # a legal form's letters as OCR may read them
_COMMA_AS_LETTER = set("sijl")  # the letters a blurred comma or dot is read as


def _strip_comma_read_as_letter(tokens: list[str], forms: LegalForms) -> list[str]:
    """'COS Ltd.' for 'Co., Ltd.': the comma after the first word of a two-word legal form read as
    a letter. Taken off before the exact forms are, which would take 'Ltd.' alone and leave 'COS'
    in the name; 'Acme Go Ltd' and 'Baker Cox Ltd' keep their last word."""
    for seq in forms.latin_suffixes:
        if (len(seq) == 2 and len(tokens) > 2 and tokens[-1] == seq[1] and len(tokens[-2]) == len(seq[0]) + 1
                and tokens[-2].startswith(seq[0]) and tokens[-2][-1] in _COMMA_AS_LETTER):
            return tokens[:-2]
    return tokens


def _strip_misread_form(tokens: list[str], forms: LegalForms) -> list[str]:
    """A legal form of several words with one character misread ('Sp. zZ o.o.', 'Co., Lld.')
    still ends the name. Single-word forms must match exactly: 'Coop' is not 'Corp'; but a digit
    read for a letter makes no word ('A.9.' for A.Ş.), so that one slip ends the name too."""
    last = tokens[-1] if len(tokens) > 1 else ""
    if any(c.isdigit() for c in last) and any(
            len(seq) == 1 and len(seq[0]) == len(last) and Levenshtein.distance(seq[0], last) == 1
            and not any(c.isdigit() for c in seq[0]) for seq in forms.latin_suffixes):
        return tokens[:-1]
    for seq in forms.latin_suffixes:
        joined = "".join(seq)
        if len(seq) < 2 or len(joined) < 5:  # 'sp j' is too short to tell from a word
            continue
        for n in (len(seq), len(seq) + 1, len(seq) - 1):
            if 0 < n < len(tokens) and Levenshtein.distance("".join(tokens[-n:]), joined) <= 1:
                return tokens[:-n]
    return tokens


def _cjk_key(text: str, forms: LegalForms) -> tuple[str, tuple[str, ...]]:
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    places = tuple(p for p in BRACKETED.findall(text) if p)
    text = BRACKETED.sub("", text)
    text = re.sub(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", "", text)
    label = next((lb for lb in forms.cjk_labels if text.startswith(lb) and len(text) > len(lb) + 1), None)
    text = text[len(label):] if label else text
    changed = True
    while changed:
        changed = False
        for suffix in forms.cjk_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    for filler in forms.cjk_filler:
        text = text.replace(filler, "")
        places = tuple(p.replace(filler, "") for p in places)
    return text, places


def company_key(name: str, forms: LegalForms) -> CompanyKey:
    """The distinctive words of a company name, per script."""
    cjk_part = "".join(CJK_RUN.findall(name)) if CJK_CHAR.search(name) else ""
    latin_part = CJK_RUN.sub(" ", name) if cjk_part else name
    if len(cjk_part) == 1 and len(_latin_tokens(latin_part)) >= 2:
        cjk_part = ""  # '0dzkie上 Hurtownie ...': a Latin letter's accent OCR read as a Chinese character
    latin = _strip_latin_forms(_latin_tokens(latin_part), forms)
    cjk, places = _cjk_key(cjk_part, forms) if cjk_part else ("", ())
    if _only_generic(cjk, forms):
        cjk, places = "", ()
    return CompanyKey(latin=latin, cjk=cjk, cjk_places=places, latin_less_slip=_less_form_slip(latin, forms),
                      cjk_less_slip=_less_cjk_form_slip(cjk, forms))


_SLIP_FORM_MIN = 4  # letters of a one-word legal form a misread of which is still taken for it


def _less_form_slip(latin: tuple[str, ...], forms: LegalForms) -> tuple[str, ...]:
    """The name less a last word that is a one-word legal form of four letters or more with one
    letter misread ('Importadora ttda.' for Importadora Ltda.), or its last words that are a form of
    several words with one letter misread ('Sp. Zz 0.0..' for Sp. z o.o.), or () if it has none. Only OCR'd
    names are compared without it (compare_keys, tolerant): typed, 'Golden Corn' is no 'Golden Corp'."""
    last = latin[-1] if len(latin) > 1 else ""
    if not last or any(seq == (last,) for seq in forms.latin_suffixes):
        return ()
    for seq in forms.latin_suffixes:
        if len(seq) == 1 and len(seq[0]) >= _SLIP_FORM_MIN and _form_misread(seq[0], last):
            return _strip_latin_forms(list(latin[:-1]), forms)  # 'Company Umited': the form's other words too
    for seq in forms.latin_suffixes:
        form = "".join(seq)
        if len(seq) < 2 or len(form) < _SLIP_FORM_MIN:
            continue
        for words in (len(seq), len(seq) - 1, len(seq) + 1):
            tail = "".join(latin[-words:]).translate(_DIGITS_AS_LETTERS) if 0 < words < len(latin) else ""
            if tail and Levenshtein.distance(form, tail) == 1:
                return latin[:-words]  # 'Sp. Zz 0.0..': a form of several words with one letter misread
    return ()


_TWO_GLYPHS_FORM_MIN = 6  # letters of a form OCR may misread two glyphs of as one ('UMITED' for LIMITED: LI as U)


def _form_misread(form: str, word: str) -> bool:
    """The word is the legal form with one letter misread, or, in a long form, two letters read as one."""
    if len(form) == len(word):
        return Levenshtein.distance(form, word) == 1
    return len(form) >= _TWO_GLYPHS_FORM_MIN and len(word) == len(form) - 1 and Levenshtein.distance(form, word) == 2


_CJK_SLIP_MIN_NAME = 4  # characters of a Chinese name left after its misread legal form
_CJK_FORM_SUBSTITUTED = 4  # characters of a form's head ('有限责任') one of which OCR may misread: '有色' is no '有限'


def _less_cjk_form_slip(cjk: str, forms: LegalForms) -> str:
    """The name less a tail that is the head of a legal form ending in 公司 with one character more ('有人限' in
    成都蓉发机电设备有人限公司: a speck read as 人 inside 有限公司, so only 公司 came off), or one of four or
    more characters with one misread ('有限贵任' of 有限责任公司), or "" if none.
    Only OCR'd names are compared without it (same_cjk, tolerant)."""
    for suffix in forms.cjk_suffixes:
        head = suffix.removesuffix("公司")
        if head == suffix or len(head) < 2 or cjk.endswith(head):
            continue
        for tail in (cjk[-len(head) - 1:], cjk[-len(head):] if len(head) >= _CJK_FORM_SUBSTITUTED else ""):
            if tail and len(cjk) - len(tail) >= _CJK_SLIP_MIN_NAME and Levenshtein.distance(tail, head) == 1:
                return cjk[:-len(tail)]
    return ""


def _only_generic(cjk: str, forms: LegalForms) -> bool:
    """'进出口' (of '进出口有限公司'): trade words alone name no company."""
    rest = cjk
    for word in forms.cjk_generic:
        rest = rest.replace(word, "")
    return bool(cjk) and not rest


# --- comparison --------------------------------------------------------------------------
def _slip_allowance(length: int) -> int:
    """How many characters an OCR slip may change: one, two in long names."""
    return 1 if length < 24 else 2


def same_latin(a: tuple[str, ...], b: tuple[str, ...], tolerant: bool) -> bool:
    if sorted(a) == sorted(b) or "".join(a) == "".join(b):
        return True
    if not tolerant:
        return False
    (a, folds_a), (b, folds_b) = _glyph_pairs_folded(a), _glyph_pairs_folded(b)
    allowance = _slip_allowance(max(len("".join(a)), len("".join(b)))) - abs(folds_a - folds_b)
    return (Levenshtein.distance("".join(a), "".join(b)) <= allowance
            or Levenshtein.distance(" ".join(sorted(a)), " ".join(sorted(b))) <= allowance)


_GLYPH_PAIRS = (("rn", "m"), ("vv", "w"))  # two glyphs OCR reads for one ('Cerarnics' for Ceramics)


def _glyph_pairs_folded(words: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """Words with each pair of glyphs OCR makes of one letter read as that letter, and how many
    were folded: 'rn' for 'm' is one slip, not two edits."""
    out, folds = [], 0
    for word in words:
        for pair, letter in _GLYPH_PAIRS:
            folds += word.count(pair)
            word = word.replace(pair, letter)
        out.append(word)
    return tuple(out), folds


_GARBLED_FORM_WORDS = 2  # short words after a name that OCR made of its legal form ('Co Ita' for Co., Ltd.)
_GARBLED_FORM_LETTERS = 3


def _garbled_form_after(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other and one or two short words after it, what OCR left of a legal form
    it garbled past recognising ('Pump Industry Co Ita' for Pump Industry Co., Ltd.). The name
    must have two words or more: 'Acme' is no 'Acme Co Ita'."""
    short, long_ = sorted((a, b), key=len)
    tail = long_[len(short):]
    return (len(short) >= 2 and long_[:len(short)] == short and 0 < len(tail) <= _GARBLED_FORM_WORDS
            and all(len(word) <= _GARBLED_FORM_LETTERS for word in tail))


Alike = Callable[[str, str], bool]  # whether OCR may have read one character for the other


def doubted_words(text: str) -> frozenset[str]:
    """The words of a value OCR read with doubt (FieldValue.doubtful), as company keys spell them."""
    return frozenset(_latin_tokens(text))


_DOUBTED_NAME_MIN = 3  # words a Latin name must have for one of them, doubted, to stand for another


def _doubted_word_for_another(a: tuple[str, ...], b: tuple[str, ...], doubted: frozenset[str]) -> bool:
    """The names differ in one word of three or more, and OCR doubted that word on one side
    ('Ningbo Oriental Textile Import & REEN' at 0.16 for ... & Export): the rest is the name."""
    if len(a) != len(b) or len(a) < _DOUBTED_NAME_MIN or not doubted:
        return False
    differing = [(x, y) for x, y in zip(a, b) if x != y]
    return len(differing) == 1 and bool(set(differing[0]) & doubted)


def same_cjk(a: CompanyKey, b: CompanyKey, tolerant: bool, alike: Alike | None = None) -> bool:
    left, right = _with_places(a, b.cjk_places), _with_places(b, a.cjk_places)
    if left == right:
        return True
    if tolerant and (a.cjk_less_slip or b.cjk_less_slip):
        a_less = replace(a, cjk=a.cjk_less_slip or a.cjk, cjk_less_slip="")
        b_less = replace(b, cjk=b.cjk_less_slip or b.cjk, cjk_less_slip="")
        if same_cjk(a_less, b_less, tolerant=False):  # the form's slip is the one slip allowed
            return True
    return (tolerant and left[1] == right[1] and min(len(left[0]), len(right[0])) >= 4
            and (_one_slip(left[0], right[0], alike) or _place_lost(left[0], right[0])
                 or _specks_read_inside(left[0], right[0])))


def _one_slip(one: str, other: str, alike: Alike | None) -> bool:
    """The names differ by one character OCR may have slipped on: one more or less (a speck, a
    lost stroke), or one read for another that `alike` allows (doubted by OCR or alike in shape:
    青鸟 for 青岛, not 锦城 for 锦程). Without `alike` every such character is allowed."""
    if Levenshtein.distance(one, other) > 1:
        return False
    if len(one) != len(other) or alike is None:
        return True
    differing = [(x, y) for x, y in zip(one, other) if x != y]
    return all(alike(x, y) for x, y in differing)


_SPECKS_MIN_NAME = 6  # characters of a Chinese name that OCR may read with two specks inside as characters


def _specks_read_inside(one: str, other: str) -> bool:
    """One name is the other with two characters more inside it, every character of the other in
    order ('成成者都蓉发机电设备' for 成都蓉发机电设备): OCR read specks as characters. A name of six
    characters or more; another company's name has characters of its own, not only extra ones."""
    short, long_ = sorted((one, other), key=len)
    if len(short) < _SPECKS_MIN_NAME or len(long_) - len(short) != 2:
        return False
    rest = iter(long_)
    return all(char in rest for char in short)  # a subsequence: each character found after the last


def _place_lost(one: str, other: str) -> bool:
    """One name is the other less its first two characters, the city a Chinese name most often
    starts with (蓉发机电设备 for 成都蓉发机电设备): OCR lost them, or the name is printed without its
    city, as it often is; or OCR read the two as one ('起长江建材' for 武汉长江建材: the rest is the
    name, so another city would be two characters of its own). Only where a side was OCR'd: typed,
    the two may be two companies."""
    short, long_ = sorted((one, other), key=len)
    return len(short) >= 4 and (len(long_) - len(short) == 2 and long_.endswith(short)
                                or len(long_) - len(short) == 1 and long_[2:] == short[1:])


def _with_places(key: CompanyKey, other_places: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """Name and place parts, taking out of the name a place the other side prints in brackets
    (深圳华信机械 vs 华信机械（深圳）)."""
    name, places = key.cjk, set(key.cjk_places)
    for place in other_places:
        if place not in places and place in name and place != name:
            name = name.replace(place, "", 1)
            places.add(place)
    return name, frozenset(places)


def compare_keys(a: CompanyKey, b: CompanyKey, tolerant: bool = False, alike: Alike | None = None,
                 doubted: frozenset[str] = frozenset()) -> bool | None:
    """True: same company; False: different; None: no script in common, cannot tell. `alike`
    narrows which Chinese characters a tolerant comparison forgives one for another (_one_slip);
    a Latin word in `doubted` (doubted_words) may stand for any one word (_doubted_word_for_another)."""
    verdicts: list[bool] = []
    if a.latin and b.latin:
        verdicts.append(same_latin(a.latin, b.latin, tolerant)
                        or (tolerant and (same_latin(a.latin_less_slip or a.latin, b.latin_less_slip or b.latin, True)
                                          or _garbled_form_after(a.latin, b.latin)
                                          or _doubted_word_for_another(a.latin, b.latin, doubted))))
    if a.cjk and b.cjk:
        verdicts.append(same_cjk(a, b, tolerant, alike))
    if not verdicts:
        return None
    return any(verdicts)


@dataclass(frozen=True, slots=True)
class AliasBook:
    """Pairs of one company's Latin and Chinese names, learned from bilingual party values."""

    pairs: tuple[CompanyKey, ...] = ()

    @staticmethod
    def learn(keys: "list[CompanyKey] | tuple[CompanyKey, ...]") -> AliasBook:
        return AliasBook(tuple(k for k in keys if k.latin and k.cjk))

    def expand(self, key: CompanyKey) -> CompanyKey:
        """The key with its other-script name filled in from a matching alias, if any."""
        for pair in self.pairs:
            if key.latin and not key.cjk and same_latin(key.latin, pair.latin, False):
                return CompanyKey(latin=key.latin, cjk=pair.cjk, cjk_places=pair.cjk_places)
            if key.cjk and not key.latin and same_cjk(key, pair, False):
                return CompanyKey(latin=pair.latin, cjk=key.cjk, cjk_places=key.cjk_places)
        return key


def same_company(a: str, b: str, tolerant: bool = False, forms: LegalForms | None = None,
                 aliases: AliasBook | None = None) -> bool | None:
    """Convenience wrapper: compare two printed names (see compare_keys)."""
    forms = forms or load_legal_forms()
    aliases = aliases or AliasBook()
    return compare_keys(aliases.expand(company_key(a, forms)), aliases.expand(company_key(b, forms)), tolerant)


def is_not_a_party(value: str, forms: LegalForms) -> bool:
    """A party field that names nobody: "SAME AS CONSIGNEE", "N/A", "同收货人"."""
    return any(p.search(value) for p in forms.not_a_party)


def is_to_order(consignee: str, forms: LegalForms) -> bool:
    """A consignee like "TO ORDER" / "to the order of XYZ Bank" / "凭指示" names no buyer; OCR's
    accents are no letters of it ('To ordèr')."""
    plain = remove_accents(consignee)
    return any(p.search(consignee) or p.search(plain) for p in forms.to_order_consignee)
