"""PARTY_MISMATCH: the buyer (and the seller) must be one company across the manifest and the
documents. Names are grouped into companies (validators/names.py); the company most documents
name is the reference, and every document naming a different company is reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from claimready.extractors.layout import is_cjk
from claimready.manifest import MANIFEST_NAME
from claimready.models import DocType, Discrepancy, ExtractedDocument
from claimready.validators.facts import ClaimFacts
from claimready.validators.findings import Fact, fact_of, fail, finding, manifest_fact, words
from claimready.validators.glyphs import GlyphJudge
from claimready.validators.names import (AliasBook, CompanyKey, LegalForms, company_key, compare_keys, doubted_words,
                                        is_not_a_party, is_to_order)

BUYER_FIELD = {DocType.CONTRACT: "buyer", DocType.AMENDMENT: "buyer", DocType.INVOICE: "buyer",
               DocType.DELIVERY_RECEIPT: "buyer", DocType.DUNNING_LETTER: "buyer",
               DocType.DEBT_ACKNOWLEDGEMENT: "buyer", DocType.BANKRUPTCY_RULING: "debtor"}
SELLER_FIELD = {DocType.CONTRACT: "seller", DocType.AMENDMENT: "seller", DocType.INVOICE: "seller",
                DocType.BILL_OF_LADING: "shipper", DocType.DUNNING_LETTER: "seller",
                DocType.DEBT_ACKNOWLEDGEMENT: "seller"}


@dataclass(frozen=True, slots=True)
class Mention:
    fact: Fact  # where the name is printed
    key: CompanyKey
    tolerant: bool  # read by OCR or with low confidence: forgive one-character slips
    doubted: frozenset[str] = frozenset()  # its words OCR doubted, as company keys spell them (names.doubted_words)


def bl_buyer(facts: ClaimFacts, bl: ExtractedDocument) -> Fact | None:
    """The consignee, or the notify party when the B/L is consigned to order."""
    consignee = fact_of(bl, "consignee")
    if consignee is not None and not is_to_order(str(consignee.value), facts.legal_forms):
        return consignee
    return fact_of(bl, "notify_party")


def party_facts(facts: ClaimFacts, role: str) -> list[Fact]:
    found = [manifest_fact(role, facts.manifest.buyer if role == "buyer" else facts.manifest.policyholder)]
    table = BUYER_FIELD if role == "buyer" else SELLER_FIELD
    for doc in facts.documents:
        if role == "buyer" and doc.doc_type == DocType.BILL_OF_LADING:
            found.append(bl_buyer(facts, doc))
        elif doc.doc_type in table:
            found.append(fact_of(doc, table[doc.doc_type]))
    return [f for f in found if f is not None and isinstance(f.value, str) and f.value.strip()
            and not is_not_a_party(f.value, facts.legal_forms)]


def alias_book(facts: ClaimFacts) -> AliasBook:
    names = party_facts(facts, "buyer") + party_facts(facts, "seller")
    return AliasBook.learn([company_key(str(f.value), facts.legal_forms) for f in names])


def mentions(facts: ClaimFacts, role: str, aliases: AliasBook) -> list[Mention]:
    out = []
    for fact in party_facts(facts, role):
        key = aliases.expand(company_key(str(fact.value), facts.legal_forms))
        if not key.empty:
            out.append(Mention(fact, key, fact.ocr or fact.confidence < facts.settings.low_confidence,
                               doubted_words(fact.doubtful)))
    return out


def compare(a: Mention, b: Mention, glyphs: GlyphJudge) -> bool | None:
    """Whether the two name one company; a Chinese character read for another counts as an OCR
    slip when OCR doubted it on either side or the glyphs look alike, a Latin word when doubted."""
    doubted = f"{a.fact.doubtful} {b.fact.doubtful}"

    def alike(x: str, y: str) -> bool:
        return x in doubted or y in doubted or glyphs.alike(x, y)

    return compare_keys(a.key, b.key, tolerant=a.tolerant or b.tolerant, alike=alike, doubted=a.doubted | b.doubted)


def companies(found: list[Mention], glyphs: GlyphJudge) -> list[list[Mention]]:
    """Group mentions naming the same company: sure readings first (union of every pair found
    equal); then each tolerant one (OCR'd or doubtful) joins the heaviest group it names, or starts
    its own. A scan that fits two names within its one-character slip ('上海锦程' in a text contract,
    '上海锦城' in a text invoice) cannot make them one company."""
    groups = _joined([m for m in found if not m.tolerant], glyphs)
    for mention in (m for m in found if m.tolerant):
        home = next((g for g in by_weight(groups) if any(compare(mention, other, glyphs) for other in g)), None)
        if home is None:
            groups.append([mention])
        else:
            home.append(mention)
    return groups


def _joined(found: list[Mention], glyphs: GlyphJudge) -> list[list[Mention]]:
    """The union of every pair found equal."""
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            if compare(found[i], found[j], glyphs):
                parent[root(j)] = root(i)
    groups: dict[int, list[Mention]] = {}
    for i, mention in enumerate(found):
        groups.setdefault(root(i), []).append(mention)
    return list(groups.values())


def by_weight(groups: list[list[Mention]]) -> list[list[Mention]]:
    """Most documents first; on a tie the manifest's company, then the first by file name."""
    def rank(group: list[Mention]) -> tuple[int, bool, str]:
        names = {m.fact.document for m in group}
        return (-len(names), MANIFEST_NAME not in names, min(names))
    return sorted(groups, key=rank)


def conflicts(group: list[Mention], reference: list[Mention], glyphs: GlyphJudge) -> bool:
    return any(compare(a, b, glyphs) is False for a in group for b in reference)


def check_party(facts: ClaimFacts, role: str) -> Iterator[Discrepancy]:
    """Companies are taken heaviest first; one that contradicts a company already accepted is
    reported against it, one that cannot be compared (another script) is accepted in turn."""
    glyphs = GlyphJudge(facts.settings.cjk_glyph_font, facts.settings.glyphs_alike_from)
    accepted: list[list[Mention]] = []
    for group in by_weight(companies(mentions(facts, role, alias_book(facts)), glyphs)):
        reference = next((r for r in accepted if conflicts(group, r, glyphs)), None)
        if reference is None:
            accepted.append(group)
            continue
        yield from mismatches(facts, role, group, reference)


def mismatches(facts: ClaimFacts, role: str, group: list[Mention], reference: list[Mention]) -> Iterator[Discrepancy]:
    shown = str(reference[0].fact.value)
    backers = sorted({m.fact.document for m in reference})
    for mention in group:
        odd = mention.fact
        where = odd.document if odd.field == role else f"{odd.document} ({words(odd.field)})"
        message = (f"The {role} on {where} is '{odd.value}', a different company from "
                   f"'{shown}' named by {', '.join(backers)}")
        documents = [odd.document, *backers]
        if all(differs_where_read_surely(mention, r, facts.legal_forms) for r in reference):
            yield finding("PARTY_MISMATCH", message, documents, role, [shown, str(odd.value)])
            continue
        yield from fail("PARTY_MISMATCH", message, [odd], facts.settings, role, [shown, str(odd.value)], documents)


def differs_where_read_surely(odd: Mention, other: Mention, forms: LegalForms) -> bool:
    """The name differs from the other in what OCR read surely: a distinctive word of it, read
    surely, that the other's company key lacks, not even one letter off ('Rio Verde Trading' for Rio
    Verde Importadora; 'Maller' for Müller is a letter misread, however surely), or
    Chinese characters read surely that no reading of the doubted ones makes the other's
    ('成都蕉发电气有限公司' with 蕉 doubted at 0.00: its 电气 is no 机电设备 of '成都蓉发机电设备有限公司').
    Low confidence on the doubted part cannot explain such a difference, so it is the check's own.
    A legal form's words are no distinctive words (a form OCR garbled, 'Sp. Zz 0.0..', stays a doubt);
    a name OCR doubted nothing of is no case."""
    doubted = odd.fact.doubtful.split()
    if not odd.fact.ocr or not doubted:
        return False
    compared = []
    if odd.key.latin and other.key.latin:
        form_words = {word for seq in (*forms.latin_suffixes, *forms.latin_prefixes) for word in seq}
        sure = [t for t in odd.key.latin if t not in odd.doubted and t not in form_words]
        compared.append(any(all(Levenshtein.distance(t, o) > 1 for o in other.key.latin) for t in sure))
    if odd.key.cjk and other.key.cjk:
        pattern = re.escape(odd.key.cjk)
        for piece in (d for d in doubted if all(is_cjk(c) for c in d)):
            pattern = pattern.replace(re.escape(piece), "." * len(piece))
        compared.append(re.fullmatch(pattern, other.key.cjk) is None)
    return bool(compared) and all(compared)


def check_buyer(facts: ClaimFacts) -> Iterator[Discrepancy]:
    yield from check_party(facts, "buyer")


def check_seller(facts: ClaimFacts) -> Iterator[Discrepancy]:
    yield from check_party(facts, "seller")
