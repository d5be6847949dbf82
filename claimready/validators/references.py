"""Reference numbers: every contract or invoice number a document cites must belong to a
document of the claim (compared strictly, ignoring only case, spaces, dashes and slashes);
the same file or the same invoice number twice is a duplicate."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz.distance import Levenshtein

from claimready.models import DocType, Discrepancy, ExtractedDocument
from claimready.validators.facts import ClaimFacts, letter_read_as_digit, ocr_key, ref_key
from claimready.validators.findings import Fact, fact_of, fail, finding, kind_of, low_confidence, missing_field

CONTRACT_CITERS = (DocType.INVOICE, DocType.AMENDMENT)
INVOICE_CITERS = {DocType.BILL_OF_LADING: "invoice_number", DocType.DELIVERY_RECEIPT: "invoice_number",
                  DocType.DUNNING_LETTER: "invoice_numbers", DocType.DEBT_ACKNOWLEDGEMENT: "invoice_numbers"}


def cited(doc: ExtractedDocument, field: str) -> list[Fact]:
    """One fact per number cited (a list field gives one per item, with the field's confidence)."""
    fact = fact_of(doc, field)
    if fact is None:
        return []
    items = fact.value if isinstance(fact.value, tuple) else (fact.value,)
    return [Fact(fact.document, fact.field, str(v), fact.confidence, fact.ocr) for v in items if ref_key(v)]


def carried(docs: tuple[ExtractedDocument, ...], field: str) -> dict[str, str]:
    """Normalised number -> the number as printed."""
    out: dict[str, str] = {}
    for doc in docs:
        number = doc.value(field)
        if number and ref_key(number):
            out.setdefault(ref_key(number), str(number))
    return out


def unknown_references(facts: ClaimFacts, citers: list[Fact], carriers: tuple[ExtractedDocument, ...], field: str,
                       what: str) -> Iterator[Discrepancy]:
    """REFERENCE_MISMATCH per cited number no carrier holds; doubtful readings on either side
    (the citation or a carrier's own number) give LOW_CONFIDENCE instead. None while a carrier's
    own number is missing: the cited number may be that one."""
    known = carried(carriers, field)
    if not known or any(not doc.value(field) for doc in carriers):
        return  # a carrier whose number could not be read may carry the cited one: MISSING_FIELD asks for it
    carrier_facts = [fact_of(d, field) for d in carriers]
    read_keys = {ref_key(f.value) for f in carrier_facts if f is not None and f.ocr}
    ocr_read = {ocr_key(k) for k in read_keys}
    ocr_all = {ocr_key(k) for k in known}
    for fact in citers:
        key = ref_key(fact.value)
        if key in known:
            continue
        folded = ocr_key(fact.value)
        if folded in ocr_read or (fact.ocr and folded in ocr_all):
            continue  # the same number, one side read by OCR as 'Cl2024…' for 'CI2024…'
        if (fact.ocr and _read_twice(key, ocr_all)) or any(_read_twice(read, {folded}) for read in read_keys):
            continue  # the same number, one glyph read twice on an OCR'd side: 'CI120244680', '2024S5C8715'
        pool = set(known) if fact.ocr else read_keys
        printed = [known[k] for k in pool if k in known]
        if (letter_read_as_digit(key, pool) or _thin_letter_skipped(key, pool) or _prefix_lost(key, pool)
                or _letters_misread(key, pool) or _slash_read_as_one(str(fact.value), printed)):
            continue  # the same number, an OCR'd glyph read as a digit, lost or misread: '20249C4045', 'C20245174'
        if _one_glyph_off(folded, ocr_all if fact.ocr else ocr_read):
            yield low_confidence(fact, "REFERENCE_MISMATCH")
            continue
        listed = ", ".join(sorted(known.values()))
        message = (f"{fact.document} refers to {what} {fact.value}, which no {what} of the claim carries "
                   f"(the claim's: {listed})")
        yield from fail("REFERENCE_MISMATCH", message, [fact, *carrier_facts], facts.settings, fact.field,
                        [str(fact.value)], [fact.document])


def _read_twice(key: str, folded_pool: set[str]) -> bool:
    """OCR reads one glyph as two beside each other far more often than a clerk types a doubled
    one: a thin upright glyph (I, l, 1) as two ('CI1' for 'CI'), or a letter as itself and its
    digit twin ('S5' for 'S', 'O0' for 'O'). The OCR'd number `key` with one of such a pair dropped
    is a number of the pool (folded). Any other extra character stays doubtful ('55' for '5' may be typed)."""
    folded = ocr_key(key)
    return any(folded[i] == folded[i + 1] and ((key[i] in _THIN and key[i + 1] in _THIN) or key[i].isalpha() != key[i + 1].isalpha())
               and folded[:i] + folded[i + 1:] in folded_pool for i in range(len(key) - 1))


_THIN = set("1il|")


def _thin_letter_skipped(key: str, pool: set[str]) -> bool:
    """An OCR'd number that is a claim's number less one thin capital beside another letter
    ('C20245174' for CI20245174, also where the claim's own scan read that I as 1: 'C120245174'):
    OCR loses an I or l set tight after a capital as often as it reads one twice (_read_twice).
    Another digit missing stays doubtful: a clerk drops digits too."""
    for known in pool:
        if len(known) != len(key) + 1 or len(known) < 6:
            continue
        for i, char in enumerate(known):
            if ((char in "il" or (char == "1" and i and known[i - 1].isalpha())) and known[:i] + known[i + 1:] == key
                    and ((i and known[i - 1].isalpha()) or (i + 1 < len(known) and known[i + 1].isalpha()))):
                return True
    return False


def _prefix_lost(key: str, pool: set[str]) -> bool:
    """One side is the other less its leading letters, every digit the same ('20240651' for
    CI20240651, '08459' for PO-08459): OCR loses a prefix set tight or blurred before the digits;
    a clerk's slip changes digits. At least five digits, so that a short number matches nothing
    by chance (a claim carries a few numbers; five digits leave one in 100,000 to collide)."""
    return any(_less_prefix(*sorted(pair, key=len)) for known in pool  # folded: '120243719' for CI20243719 (C lost, I read 1)
               for pair in ((key, known), (ocr_key(key), ocr_key(known))))


def _letters_misread(key: str, pool: set[str]) -> bool:
    """An OCR'd number with every digit of a claim's number, in the same groups, whose letters are
    a glyph or two off ('24HNV2935' for 24INV2935; 'Q20249084' for CI20249084, C and I run into a
    Q): OCR misreads letters set tight, a clerk's slip changes digits. Six digits or more; letters
    wholly other ones of the same length are another series ('PO-01147' is no 'SC-01147')."""
    digits = re.findall(r"\d+", key)
    if sum(len(run) for run in digits) < 6:
        return False
    ours = re.sub(r"[\d\W_]", "", key)
    for known in pool:
        theirs = re.sub(r"[\d\W_]", "", known)
        if re.findall(r"\d+", known) != digits or ours == theirs or Levenshtein.distance(ours, theirs) > 2:
            continue
        if len(ours) != len(theirs) or any(a == b for a, b in zip(ours, theirs)):
            return True
    return False


def _slash_read_as_one(value: str, printed: list[str]) -> bool:
    """A number one side of which OCR read with a slash between digits as 1 ('CT/202418250' for
    CT/2024/8250): the same number once such a slash is a 1 on both sides. A slash lost or read as
    another digit stays a mismatch."""
    def folded(number: str) -> str:
        return ref_key(re.sub(r"(?<=\d)/(?=\d)", "1", number))
    return any(folded(value) == folded(number) and ref_key(value) != ref_key(number) for number in printed)


_PREFIX_LOST_DIGITS = 5


def _less_prefix(short: str, long_: str) -> bool:
    prefix = long_[:len(long_) - len(short)]
    return short.isdigit() and len(short) >= _PREFIX_LOST_DIGITS and long_.endswith(short) and 1 <= len(prefix) <= 3 and prefix.isalpha()


def _one_glyph_off(folded: str, pool: set[str]) -> bool:
    """An OCR'd number one character off a claim's number ('CI120244680' for 'CI20244680': a
    glyph split in two, or two merged) cannot be told from a typo: doubtful, not a mismatch.
    Only a character more or less counts: another digit in its place, or a transposition,
    stays a mismatch."""
    return any(len(known) >= 6 and abs(len(known) - len(folded)) == 1 and Levenshtein.distance(folded, known) == 1
               for known in pool)


def carriers_missing_number(docs: tuple[ExtractedDocument, ...], field: str, needed_for: str
                            ) -> Iterator[Discrepancy]:
    for doc in docs:
        if not doc.value(field):
            yield missing_field(doc, field, needed_for)


def check_contract_references(facts: ClaimFacts) -> Iterator[Discrepancy]:
    citers = [f for d in facts.of_type(*CONTRACT_CITERS) for f in cited(d, "contract_number")]
    if not citers or not facts.contracts:
        return
    yield from carriers_missing_number(facts.contracts, "contract_number", "the contract numbers other documents cite")
    yield from unknown_references(facts, citers, facts.contracts, "contract_number", "contract")


def check_invoice_references(facts: ClaimFacts) -> Iterator[Discrepancy]:
    citers = [f for d in facts.of_type(*INVOICE_CITERS) for f in cited(d, INVOICE_CITERS[d.doc_type])]
    invoices = facts.of_type(DocType.INVOICE)
    if not citers or not invoices:
        return
    yield from carriers_missing_number(invoices, "invoice_number", "the invoice numbers other documents cite")
    yield from unknown_references(facts, citers, invoices, "invoice_number", "invoice")


def check_duplicate_files(facts: ClaimFacts) -> Iterator[Discrepancy]:
    by_hash: dict[str, list[str]] = defaultdict(list)
    for doc in facts.all_documents:
        by_hash[doc.file.sha256].append(doc.name)
    for sha, names in sorted(by_hash.items()):
        if len(names) > 1:
            yield finding("DUPLICATE_DOCUMENT", f"The same file was uploaded {len(names)} times: "
                          f"{', '.join(sorted(names))}", names, None, [sha])


def check_duplicate_invoice_numbers(facts: ClaimFacts) -> Iterator[Discrepancy]:
    by_number: dict[str, list[ExtractedDocument]] = defaultdict(list)
    for doc in facts.of_type(DocType.INVOICE):  # readable, each file once
        if doc.value("invoice_number") and ref_key(doc.value("invoice_number")):
            by_number[ref_key(doc.value("invoice_number"))].append(doc)
    for docs in by_number.values():
        if len(docs) > 1:
            number = str(docs[0].value("invoice_number"))
            yield from fail("DUPLICATE_DOCUMENT", f"Invoice number {number} appears on {len(docs)} different "
                            f"{kind_of(docs[0])}s: {', '.join(d.name for d in docs)}",
                            [fact_of(d, "invoice_number") for d in docs], facts.settings, "invoice_number", [number])
