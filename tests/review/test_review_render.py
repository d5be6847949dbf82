"""The review pages as HTML: queue rows and filters, discrepancies grouped by severity with
their evidence crops side by side, decisions, audit trail, English and Chinese text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimready.errors import RuleFileError
from claimready.models import Discrepancy
from claimready.review.page import ReviewLinks, claim_page_view, load_field_aliases
from claimready.review.render import age_text, render_claim, render_queue
from claimready.review.views import (AuditEntry, ClaimSummary, Decision, DecisionAction, QueueFilter,
                                     SeverityCounts, VerdictEntry)
from review_samples import CONTRACT_BUYER, INVOICE_BUYER, ZH_SELLER, SampleClaim, make_sample_claim

NOW = datetime(2025, 9, 10, 12, 0, tzinfo=UTC)


def key(d: Discrepancy) -> str:
    return f"{d.code}|{d.field}|{'/'.join(d.documents)}"


class Images(HTMLParser):
    """Collects <img src> of evidence crops."""

    def __init__(self) -> None:
        super().__init__()
        self.crops: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img" and a.get("data-testid") == "crop":
            self.crops.append(a["src"] or "")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleClaim:
    return make_sample_claim(tmp_path_factory.mktemp("claim") / "CLM-REVIEW-1")


def _crops(html: str) -> list[str]:
    parser = Images()
    parser.feed(html)
    return parser.crops


def test_claim_page_shows_both_buyers_as_highlighted_crops(sample: SampleClaim) -> None:
    view = claim_page_view(sample.report, status="not_ready", score=20, key=key)
    party = next(d for g in view.groups for d in g.items if d.code == "PARTY_MISMATCH")
    assert [e.value for e in party.evidence] == [CONTRACT_BUYER, INVOICE_BUYER]
    assert all(e.crop_url and "crop=1" in e.crop_url and "bbox=" in e.crop_url for e in party.evidence)
    html = render_claim(view, can_decide=True, csrf_token="tok")
    assert CONTRACT_BUYER in html and INVOICE_BUYER in html
    crops = _crops(html)
    assert any("/documents/scan_0002.pdf/pages/1.png?bbox=" in c for c in crops)
    assert any("/documents/scan_0001.pdf/pages/1.png?bbox=" in c for c in crops)


def test_claim_page_groups_discrepancies_by_severity_in_order(sample: SampleClaim) -> None:
    view = claim_page_view(sample.report, status="not_ready", score=20, key=key)
    assert [g.severity for g in view.groups] == ["blocking", "minor"]
    html = render_claim(view, can_decide=False)
    assert html.index('data-testid="group-blocking"') < html.index('data-testid="group-minor"')
    assert "decide-form" not in html  # a portal key reads, it does not decide


def test_manifest_side_of_a_discrepancy_shows_its_value_without_a_crop(sample: SampleClaim) -> None:
    view = claim_page_view(sample.report, status="not_ready", score=20, key=key)
    amount = next(d for g in view.groups for d in g.items if d.code == "AMOUNT_MISMATCH")
    manifest, dunning = amount.evidence
    assert (manifest.document, manifest.value, manifest.crop_url) == ("claim.json", "50000.00", None)
    assert dunning.field_name == "amount_due" and dunning.value == "48250.00" and dunning.crop_url


def test_claim_page_shows_chinese_values_and_utf8(sample: SampleClaim) -> None:
    html = render_claim(claim_page_view(sample.report, status="not_ready", score=20, key=key), can_decide=True)
    assert ZH_SELLER in html and '<meta charset="utf-8">' in html
    assert "Noto Sans CJK SC" in html and "WenQuanYi Zen Hei" in html


def test_waived_discrepancy_shows_decision_and_verdict_after_waivers(sample: SampleClaim) -> None:
    party = next(d for d in sample.report.discrepancies if d.code == "PARTY_MISMATCH")
    from claimready.review.page import discrepancy_model

    k = key(discrepancy_model(party))
    decision = Decision(k, DecisionAction.WAIVE, "Same buyer: renamed in 2024, see registry extract", "ana",
                        NOW - timedelta(minutes=5))
    audit = (AuditEntry(NOW - timedelta(minutes=5), "ana", "waive", "PARTY_MISMATCH: renamed in 2024", k),
             AuditEntry(NOW - timedelta(hours=1), "system", "verdict", "not_ready 20"))
    history = (VerdictEntry(NOW - timedelta(hours=1), "not_ready", 20, "evaluation"),
               VerdictEntry(NOW - timedelta(minutes=5), "needs_review", 70, "waive PARTY_MISMATCH"))
    view = claim_page_view(sample.report, status="needs_review", score=70, key=key, decisions=[decision],
                           audit=audit, history=history)
    waived = next(d for g in view.groups for d in g.items if d.code == "PARTY_MISMATCH")
    assert waived.waived and waived.decision == decision
    assert view.audit[0].action == "waive"  # newest first
    html = render_claim(view, can_decide=True)
    assert "renamed in 2024, see registry extract" in html and f"before waivers: Not ready, {sample.report.score}" in html
    assert html.count('data-testid="decision-state">waived') == 1


def test_html_escapes_values_from_documents(sample: SampleClaim) -> None:
    hostile = sample.report.model_copy(deep=True)
    hostile.discrepancies[0].message = "<script>alert(1)</script>"
    html = render_claim(claim_page_view(hostile, status="not_ready", score=20, key=key), can_decide=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def _row(claim_id: str, status: str, score: int, hours: int) -> ClaimSummary:
    return ClaimSummary(claim_id, status, score, SeverityCounts(blocking=1 if status == "not_ready" else 0, major=2),
                        3, 0, NOW - timedelta(hours=hours), NOW - timedelta(hours=hours))


def test_queue_lists_rows_with_counts_and_age() -> None:
    rows = [_row("CLM-1", "not_ready", 20, 50), _row("CLM-2", "ready", 95, 2)]
    html = render_queue(rows, QueueFilter(), now=NOW)
    assert 'data-claim="CLM-1"' in html and 'data-claim="CLM-2"' in html
    assert ">2 d<" in html and ">2 h<" in html
    assert 'href="/review/claims/CLM-1"' in html


def test_queue_filter_keeps_status_score_and_search() -> None:
    rows = [_row("CLM-1", "not_ready", 20, 5), _row("CLM-2", "ready", 95, 2), _row("XYZ-3", "ready", 80, 1)]
    kept = [r.claim_id for r in rows if QueueFilter(status="ready", min_score=90).keeps(r)]
    assert kept == ["CLM-2"]
    assert [r.claim_id for r in rows if QueueFilter(search="clm", max_score=50).keeps(r)] == ["CLM-1"]
    html = render_queue([], QueueFilter(status="ready"), now=NOW)
    assert "No claim matches" in html and '<option value="ready" selected>' in html


def test_age_text_reads_minutes_hours_days() -> None:
    assert age_text(NOW - timedelta(minutes=7), NOW) == "7 min"
    assert age_text(NOW - timedelta(hours=5), NOW) == "5 h"
    assert age_text((NOW - timedelta(days=3)).replace(tzinfo=None), NOW) == "3 d"


def test_links_quote_claim_ids_and_document_names() -> None:
    links = ReviewLinks()
    assert links.claim("A/B 1") == "/review/claims/A%2FB%201"
    assert links.page_image("C", "发票 1.pdf", 2) == "/review/claims/C/documents/%E5%8F%91%E7%A5%A8%201.pdf/pages/2.png"


def test_field_aliases_file_rejects_bad_shape(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.yaml"
    bad.write_text("buyer: [consignee]\n")
    with pytest.raises(RuleFileError, match="aliases.yaml"):
        load_field_aliases(bad)
