"""The claim's facts as the checks see them: readable documents by type, the policy terms, and
the links between documents (which contract an invoice falls under, which B/L ships it)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property

from claimready.manifest import Manifest
from claimready.models import DocType, ExtractedDocument, FieldScalar
from claimready.settings import Settings
from claimready.validators.findings import fact_of
from claimready.validators.names import LegalForms, load_legal_forms, rules_path

CENT = Decimal("0.01")
REF_NOISE = re.compile(r"[\s\-‐‑‒–—―/\\_]+")


def as_date(value: FieldScalar | None) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def as_amount(value: object) -> Decimal | None:
    if value is None or isinstance(value, (bool, tuple)):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount.quantize(CENT) if amount.is_finite() else None


def as_days(value: FieldScalar | None) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def ref_key(reference: object) -> str:
    """A reference number compared strictly: only case, spaces, dashes and slashes are ignored."""
    text = unicodedata.normalize("NFKC", str(reference)).casefold()
    return REF_NOISE.sub("", text)


def ref_keys(value: FieldScalar | None) -> tuple[str, ...]:
    items = value if isinstance(value, tuple) else (value,) if value else ()
    return tuple(k for k in (ref_key(v) for v in items) if k)


_OCR_LOOKALIKES = str.maketrans({"i": "1", "l": "1", "|": "1", "o": "0", "q": "0", "d": "0", "s": "5", "b": "8", "z": "2"})


def ocr_key(reference: object) -> str:
    """ref_key with the letters OCR confuses with digits folded (I/l/| -> 1, O/D/Q -> 0, S -> 5, B -> 8,
    Z -> 2). Used only when a side was OCR'd: typed numbers stay strict (a transposed digit, or a
    different digit, still differs)."""
    return ref_key(reference).translate(_OCR_LOOKALIKES)


def letter_read_as_digit(key: str, pool: set[str]) -> bool:
    """An OCR'd number that differs from a claim's number in one place only, a letter on one side
    and a digit on the other ('20249C4045' for 2024SC4045: OCR reads an S as 9 at high confidence
    on a noisy scan). A clerk's slip changes a digit for a digit or transposes two; a letter for a
    digit in one place is a reading, not another number."""
    for known in pool:
        if len(known) != len(key) or len(known) < 6:
            continue
        differ = [(a, b) for a, b in zip(key, known) if a != b]
        if len(differ) == 1 and differ[0][0].isdigit() != differ[0][1].isdigit():
            return True
    return False


def _folded_keys(value: FieldScalar | None) -> set[str]:
    return {ocr_key(key) for key in ref_keys(value)}


def _by_date(docs: "list[ExtractedDocument]") -> list[ExtractedDocument]:
    return sorted(docs, key=lambda d: (as_date(d.value("date")) or date.max, d.name))


def _earliest(docs: "list[ExtractedDocument]") -> ExtractedDocument | None:
    dated = _by_date([d for d in docs if as_date(d.value("date"))])
    return dated[0] if dated else (docs[0] if docs else None)


@dataclass(frozen=True)
class ClaimFacts:
    manifest: Manifest
    settings: Settings
    all_documents: tuple[ExtractedDocument, ...]
    manifest_error: str | None = None

    @cached_property
    def legal_forms(self) -> LegalForms:
        return load_legal_forms(rules_path(self.settings.rules_dir))

    @cached_property
    def documents(self) -> tuple[ExtractedDocument, ...]:
        """Readable documents, each file once (a second copy of the same bytes is left out)."""
        seen: set[str] = set()
        kept: list[ExtractedDocument] = []
        for doc in sorted(self.all_documents, key=lambda d: d.name):
            if doc.unreadable or doc.file.sha256 in seen:
                continue
            seen.add(doc.file.sha256)
            kept.append(doc)
        return tuple(kept)

    def of_type(self, *types: DocType) -> tuple[ExtractedDocument, ...]:
        return tuple(d for d in self.documents if d.doc_type in types)

    @cached_property
    def invoices(self) -> tuple[ExtractedDocument, ...]:
        """Invoices, one per invoice number (a re-scan of the same invoice counts once)."""
        seen: set[str] = set()
        kept: list[ExtractedDocument] = []
        for doc in self.of_type(DocType.INVOICE):
            key = ref_key(doc.value("invoice_number") or "")
            if key and key in seen:
                continue
            seen.add(key)
            kept.append(doc)
        return tuple(kept)

    @cached_property
    def contracts(self) -> tuple[ExtractedDocument, ...]:
        return self.of_type(DocType.CONTRACT)

    def contract_for(self, doc: ExtractedDocument) -> ExtractedDocument | None:
        """The contract a document cites by number, the number as OCR read it where the document
        was scanned ('20249C4135' for 2024SC4135: which contract an invoice goes with is no verdict
        on its citation, which REFERENCE_MISMATCH judges); the only contract when it cites none."""
        cited = fact_of(doc, "contract_number")
        if cited is None:
            return self.contracts[0] if len(self.contracts) == 1 else None
        key = ref_key(cited.value)
        keys = {ref_key(c.value("contract_number") or ""): c for c in self.contracts}
        if key in keys or not cited.ocr:
            return keys.get(key)
        read = {k: c for k, c in keys.items() if ocr_key(k) == ocr_key(key) or letter_read_as_digit(key, {k})}
        return next(iter(read.values())) if len(read) == 1 else None

    def amendments_of(self, contract: ExtractedDocument) -> tuple[ExtractedDocument, ...]:
        return tuple(a for a in self.of_type(DocType.AMENDMENT) if self.contract_for(a) is contract)

    def invoices_of(self, contract: ExtractedDocument) -> tuple[ExtractedDocument, ...]:
        return tuple(i for i in self.invoices if self.contract_for(i) is contract)

    def shipping_document(self, invoice: ExtractedDocument, doc_type: DocType) -> ExtractedDocument | None:
        """The B/L (or delivery receipt) naming this invoice; else the one paired with it in date
        order (_paired_in_date_order); else the earliest one naming no other invoice of the claim;
        else the claim's earliest one. Numbers are matched with OCR's lookalikes folded
        ('C120240193' on the invoice is the B/L's CI20240193): which B/L goes with which invoice is
        no verdict on either number."""
        candidates = self.of_type(doc_type)
        number = ocr_key(invoice.value("invoice_number") or "")
        named = [d for d in candidates if number and number in _folded_keys(d.value("invoice_number"))]
        paired = self._paired_in_date_order.get(doc_type, {}).get(invoice.name)
        if not named and paired is not None:
            return paired
        claimed = {ocr_key(i.value("invoice_number") or "") for i in self.invoices} - {"", number}
        unclaimed = [d for d in candidates if not claimed & _folded_keys(d.value("invoice_number"))]
        pool = named or unclaimed or list(candidates)
        return _earliest(pool)

    @cached_property
    def _paired_in_date_order(self) -> dict[DocType, dict[str, ExtractedDocument]]:
        """Per shipping document type, invoice name -> the document it ships on, by _pair_in_date_order."""
        return {t: self._pair_in_date_order(t) for t in (DocType.BILL_OF_LADING, DocType.DELIVERY_RECEIPT)}

    def _pair_in_date_order(self, doc_type: DocType) -> dict[str, ExtractedDocument]:
        """Invoices no B/L names and B/Ls naming no invoice of the claim, as many of each, every one
        dated: the k-th invoice by date ships on the k-th B/L by date (three invoices, three B/Ls,
        one naming its invoice: the other two are not both the earliest's). Any other count, or a
        date missing, pairs none: one B/L may ship several invoices."""
        candidates = self.of_type(doc_type)
        numbers = {ocr_key(i.value("invoice_number") or "") for i in self.invoices} - {""}
        named = set().union(*(_folded_keys(d.value("invoice_number")) for d in candidates))
        invoices = [i for i in self.invoices if ocr_key(i.value("invoice_number") or "") not in named]
        free = [d for d in candidates if not numbers & _folded_keys(d.value("invoice_number"))]
        dated = all(as_date(d.value("date")) for d in [*invoices, *free])
        if not dated or len(invoices) != len(free) or len(free) < 2:
            return {}
        return {i.name: d for i, d in zip(_by_date(invoices), _by_date(free))}
