"""The claim page's content: a report, the adjusters' decisions and the audit trail, arranged
for reading. For each discrepancy, its evidence: the value in every document it involves,
located on its page (field bbox) so the page can show the crops side by side."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

import yaml

from claimready.errors import RuleFileError
from claimready.manifest import MANIFEST_NAME
from claimready.models import BBox, Discrepancy, Severity
from claimready.report import DiscrepancyOut, DocumentOut, FieldOut, ReportOut
from claimready.review.evidence import bbox_param
from claimready.review.views import AuditEntry, Decision, DecisionAction, VerdictEntry

SEVERITY_ORDER = (Severity.BLOCKING, Severity.MAJOR, Severity.MINOR, Severity.INFO)
ALIASES_FILE = Path(__file__).with_name("evidence_fields.yaml")
FieldAliases = Mapping[str, Mapping[str, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class ReviewLinks:
    """URLs the pages link to; one place, so the routes and the templates agree."""

    prefix: str = "/review"

    def queue(self) -> str:
        return f"{self.prefix}/"

    def claim(self, claim_id: str) -> str:
        return f"{self.prefix}/claims/{quote(claim_id, safe='')}"

    def decide(self, claim_id: str) -> str:
        return f"{self.claim(claim_id)}/decisions"

    def report_json(self, claim_id: str) -> str:
        return f"/v1/claims/{quote(claim_id, safe='')}/report"

    def page_image(self, claim_id: str, document: str, page: int, bbox: BBox | None = None,
                   crop: bool = False) -> str:
        url = f"{self.claim(claim_id)}/documents/{quote(document, safe='')}/pages/{page}.png"
        if bbox is None:
            return url
        return f"{url}?bbox={bbox_param(bbox)}" + ("&crop=1" if crop else "")


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One document's side of a discrepancy: the value it states and where."""

    document: str
    doc_type: str
    field_name: str | None
    value: str
    raw: str
    page: int | None
    confidence: float | None
    source: str | None
    crop_url: str | None  # None: not located on a page (claim.json, field not found)
    page_url: str | None


@dataclass(frozen=True, slots=True)
class DiscrepancyView:
    key: str
    code: str
    severity: str
    message: str
    field: str | None
    values: tuple[str, ...]
    evidence: tuple[EvidenceView, ...]
    decision: Decision | None

    @property
    def waived(self) -> bool:
        return self.decision is not None and self.decision.action is DecisionAction.WAIVE


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    severity: str
    items: tuple[DiscrepancyView, ...]


@dataclass(frozen=True, slots=True)
class FieldRow:
    name: str
    value: str
    raw: str
    page: int
    confidence: float
    source: str
    page_url: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    name: str
    doc_type: str
    doc_type_confidence: float
    pages: int
    ocr_pages: tuple[int, ...]
    language: str
    fields: tuple[FieldRow, ...]
    errors: tuple[str, ...]
    page_urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimPageView:
    """Everything the claim page shows."""

    claim_id: str
    claim_type: str
    status: str  # after the adjusters' waivers
    score: int
    original_status: str  # as the pipeline decided
    original_score: int
    groups: tuple[SeverityGroup, ...]
    documents: tuple[DocumentView, ...]
    audit: tuple[AuditEntry, ...]
    history: tuple[VerdictEntry, ...]
    updated_at: datetime | None


# --- field aliases (data file) --------------------------------------------------------
@cache
def load_field_aliases(path: Path = ALIASES_FILE) -> FieldAliases:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot be read ({exc})") from None
    if not isinstance(raw, dict):
        raise RuleFileError(f"{path}: must map a field name to document types")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for field_name, per_type in raw.items():
        if not isinstance(per_type, dict) or not all(isinstance(v, list) for v in per_type.values()):
            raise RuleFileError(f"{path}: key {field_name!r} must map document types to lists of field names")
        out[str(field_name)] = {str(t): tuple(str(n) for n in names) for t, names in per_type.items()}
    return out


def candidate_fields(field_name: str, doc_type: str, aliases: FieldAliases) -> tuple[str, ...]:
    per_type = aliases.get(field_name, {})
    return (field_name, *per_type.get(doc_type, ()), *per_type.get("any", ()))


# --- evidence -----------------------------------------------------------------------------
def display_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _matches(fo: FieldOut, values: Sequence[str]) -> bool:
    wanted = {v.strip().casefold() for v in values}
    got = fo.value if isinstance(fo.value, list) else [fo.value]
    return any(str(v).strip().casefold() in wanted for v in got)


def locate_field(doc: DocumentOut, d: DiscrepancyOut, aliases: FieldAliases) -> tuple[str, FieldOut] | None:
    """The field of `doc` that carries the discrepancy's value: by name (or alias), preferring
    one whose value is among the discrepancy's values; without a field, by value alone."""
    if d.field:
        present = [(n, doc.fields[n]) for n in candidate_fields(d.field, doc.doc_type, aliases) if n in doc.fields]
    else:
        present = [(n, fo) for n, fo in doc.fields.items() if d.values]
    if not present:
        return None
    matching = [(n, fo) for n, fo in present if _matches(fo, d.values)]
    if matching:
        return matching[0]
    return present[0] if d.field else None


def _positional_value(d: DiscrepancyOut, document: str) -> str:
    """When values line up one per document, the value this document states."""
    if len(d.values) == len(d.documents) and document in d.documents:
        return d.values[d.documents.index(document)]
    return ""


def evidence_for(report: ReportOut, d: DiscrepancyOut, links: ReviewLinks,
                 aliases: FieldAliases) -> tuple[EvidenceView, ...]:
    docs = {doc.name: doc for doc in report.documents}
    out: list[EvidenceView] = []
    for name in d.documents:
        doc = docs.get(name)
        found = locate_field(doc, d, aliases) if doc else None
        if doc is None or found is None:
            kind = "manifest" if name == MANIFEST_NAME else (doc.doc_type if doc else "")
            value = _positional_value(d, name) or (" / ".join(d.values) if len(d.documents) == 1 else "")
            out.append(EvidenceView(name, kind, d.field, value, value, None, None, None, None, None))
            continue
        field_name, fo = found
        box = BBox(*fo.bbox)
        out.append(EvidenceView(
            document=name, doc_type=doc.doc_type, field_name=field_name, value=display_value(fo.value),
            raw=fo.raw, page=fo.page, confidence=fo.confidence, source=fo.source,
            crop_url=links.page_image(report.claim_id, name, fo.page, box, crop=True),
            page_url=links.page_image(report.claim_id, name, fo.page, box)))
    return tuple(out)


# --- the page -----------------------------------------------------------------------------
def discrepancy_model(d: DiscrepancyOut) -> Discrepancy:
    """The report's discrepancy back as the stage type (for keys and the verdict)."""
    return Discrepancy(code=d.code, severity=Severity(d.severity), message=d.message,
                       documents=tuple(d.documents), field=d.field, values=tuple(d.values))


def group_by_severity(items: Sequence[DiscrepancyView]) -> tuple[SeverityGroup, ...]:
    return tuple(SeverityGroup(s.value, tuple(i for i in items if i.severity == s.value))
                 for s in SEVERITY_ORDER if any(i.severity == s.value for i in items))


def document_view(claim_id: str, doc: DocumentOut, links: ReviewLinks) -> DocumentView:
    rows = tuple(FieldRow(name, display_value(fo.value), fo.raw, fo.page, fo.confidence, fo.source,
                          links.page_image(claim_id, doc.name, fo.page, BBox(*fo.bbox)))
                 for name, fo in doc.fields.items())
    return DocumentView(doc.name, doc.doc_type, doc.doc_type_confidence, doc.pages, tuple(doc.ocr_pages),
                        doc.language, rows, tuple(doc.errors),
                        tuple(links.page_image(claim_id, doc.name, p) for p in range(1, doc.pages + 1)))


def claim_page_view(report: ReportOut, *, status: str, score: int, key: Callable[[Discrepancy], str],
                    decisions: Sequence[Decision] = (), audit: Sequence[AuditEntry] = (),
                    history: Sequence[VerdictEntry] = (), updated_at: datetime | None = None,
                    links: ReviewLinks | None = None) -> ClaimPageView:
    """Arrange a claim for the page. `status`/`score` are the verdict after waivers; `key`
    gives a discrepancy's stable key (claimready.validators.verdict.discrepancy_key)."""
    links = links or ReviewLinks()
    aliases = load_field_aliases()
    latest = {dec.discrepancy_key: dec for dec in sorted(decisions, key=lambda x: x.decided_at)}
    views = []
    for d in report.discrepancies:
        k = key(discrepancy_model(d))
        views.append(DiscrepancyView(k, d.code, d.severity, d.message, d.field, tuple(d.values),
                                     evidence_for(report, d, links, aliases), latest.get(k)))
    return ClaimPageView(
        claim_id=report.claim_id, claim_type=report.claim_type, status=status, score=score,
        original_status=report.status, original_score=report.score, groups=group_by_severity(views),
        documents=tuple(document_view(report.claim_id, doc, links) for doc in report.documents),
        audit=tuple(sorted(audit, key=lambda a: a.at, reverse=True)),
        history=tuple(sorted(history, key=lambda h: h.at, reverse=True)), updated_at=updated_at)
