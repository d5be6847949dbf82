"""TERMS_EXCEED_POLICY and UNAPPROVED_EXTENSION."""

from claim_packets import check, clean_documents, clean_manifest, codes, edit, make_doc


def amendment(days: int = 90, approved: bool | None = None, number: str = "SC-2025-0147"):  # type: ignore[no-untyped-def]
    return make_doc("amend.pdf", "amendment", {"contract_number": number, "date": "2025-02-01",
                                               "payment_terms_days": days, "insurer_approved": approved})


def test_checks_terms_longer_than_policy_allows() -> None:
    found = check(edit(clean_documents(), "scan_0001.pdf", payment_terms_days=200))
    assert [(d.documents, d.values, d.severity) for d in found if d.code == "TERMS_EXCEED_POLICY"] == [
        (("scan_0001.pdf",), ("200", "180"), "major")]


def test_checks_terms_exactly_at_policy_limit_are_fine() -> None:
    docs = edit(clean_documents(), "scan_0001.pdf", payment_terms_days=180)
    assert "TERMS_EXCEED_POLICY" not in codes(check(docs))


def test_checks_policy_limit_from_manifest() -> None:
    manifest = clean_manifest(policy={"max_credit_days": 45})
    found = check(clean_documents(), manifest)
    assert {d.documents for d in found if d.code == "TERMS_EXCEED_POLICY"} == {("scan_0001.pdf",), ("scan_0002.pdf",)}


def test_checks_unapproved_extension_is_blocking() -> None:
    found = check([*clean_documents(), amendment()])
    assert [(d.code, d.severity, d.values) for d in found if d.code == "UNAPPROVED_EXTENSION"] == [
        ("UNAPPROVED_EXTENSION", "blocking", ("60", "90"))]


def test_checks_extension_approved_on_the_amendment() -> None:
    assert codes(check([*clean_documents(), amendment(approved=True)])) == set()


def test_checks_extension_approved_in_policy() -> None:
    manifest = clean_manifest(policy={"approved_extensions": ["sc 2025/0147"]})
    assert codes(check([*clean_documents(), amendment()], manifest)) == set()


def test_checks_amendment_not_extending_terms_needs_no_approval() -> None:
    assert codes(check([*clean_documents(), amendment(days=60)])) == set()


def test_checks_doubtful_approval_flag_is_low_confidence() -> None:
    docs = edit([*clean_documents(), amendment(approved=False)], "amend.pdf", doubtful=["insurer_approved"])
    found = check(docs)
    assert "UNAPPROVED_EXTENSION" not in codes(found)
    assert ("LOW_CONFIDENCE", "insurer_approved") in {(d.code, d.field) for d in found}
