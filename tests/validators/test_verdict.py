"""verdict.decide: status per SPEC, score bands, waived discrepancies, stable keys."""

import itertools

from claimready.models import Discrepancy, Severity, Status
from claimready.validators.verdict import decide, discrepancy_key


def disc(severity: str, code: str = "X", documents: tuple[str, ...] = ("a.pdf",), values: tuple[str, ...] = ()
         ) -> Discrepancy:
    return Discrepancy(code=code, severity=Severity(severity), message="m", documents=documents, values=values)


def many(severity: str, n: int) -> list[Discrepancy]:
    return [disc(severity, code=f"C{i}") for i in range(n)]


def test_verdict_empty_is_ready_100() -> None:
    verdict = decide([])
    assert (verdict.status, verdict.score) == (Status.READY, 100)


def test_verdict_status_follows_worst_severity() -> None:
    assert decide([disc("info"), disc("minor")]).status == Status.READY
    assert decide([disc("minor"), disc("major")]).status == Status.NEEDS_REVIEW
    assert decide([disc("major"), disc("blocking")]).status == Status.NOT_READY


def test_verdict_band_tops() -> None:
    assert decide([disc("info")]).score == 99
    assert decide([disc("major")]).score == 79
    assert decide([disc("blocking")]).score == 49


def test_verdict_score_falls_with_count_and_weight() -> None:
    assert decide(many("major", 2)).score < decide(many("major", 1)).score
    assert decide([*many("major", 1), *many("minor", 1)]).score < decide(many("major", 1)).score
    assert decide(many("blocking", 1) + many("major", 1)).score < decide(many("blocking", 1)).score
    assert decide(many("minor", 1)).score < decide(many("info", 1)).score


def test_verdict_bands_never_overlap() -> None:
    """Any ready claim outscores any needs_review one, which outscores any not_ready one."""
    scores: dict[Status, list[int]] = {s: [] for s in Status}
    for b, m, mi, i in itertools.product(range(0, 6), range(0, 8), range(0, 12), range(0, 3)):
        verdict = decide(many("blocking", b) + many("major", m) + many("minor", mi) + many("info", i))
        scores[verdict.status].append(verdict.score)
    assert min(scores[Status.READY]) >= 80 and max(scores[Status.READY]) == 100
    assert 50 <= min(scores[Status.NEEDS_REVIEW]) and max(scores[Status.NEEDS_REVIEW]) <= 79
    assert 0 <= min(scores[Status.NOT_READY]) and max(scores[Status.NOT_READY]) <= 49


def test_verdict_floors_hold_with_many_discrepancies() -> None:
    assert decide(many("minor", 50)).score == 80
    assert decide(many("major", 50)).score == 50
    assert decide(many("blocking", 50)).score == 0


def test_verdict_waived_discrepancies_count_for_nothing() -> None:
    blocking = disc("blocking", code="PARTY_MISMATCH")
    verdict = decide([blocking, disc("info")], waived={discrepancy_key(blocking)})
    assert (verdict.status, verdict.score) == (Status.READY, 99)
    assert blocking in verdict.discrepancies


def test_verdict_key_is_stable_and_ignores_message_and_document_order() -> None:
    a = Discrepancy("AMOUNT_MISMATCH", Severity.BLOCKING, "one wording", ("claim.json", "x.pdf"), "total_amount",
                    ("1.00", "2.00"))
    b = Discrepancy("AMOUNT_MISMATCH", Severity.BLOCKING, "other wording", ("x.pdf", "claim.json"), "total_amount",
                    ("1.00", "2.00"))
    assert discrepancy_key(a) == discrepancy_key(b) == "f261338d8213d3dd"  # pinned: stable across runs
    assert discrepancy_key(a) != discrepancy_key(disc("blocking", code="AMOUNT_MISMATCH"))
    assert len(discrepancy_key(a)) == 16
