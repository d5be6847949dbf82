"""Stage 3: which SPEC document type a text is. PLACEHOLDER until the real classifier lands."""

from __future__ import annotations

from claimready.models import Classification, DocType, DocumentText
from claimready.rules import Rules


def classify(text: DocumentText, rules: Rules) -> Classification:
    return Classification(DocType.OTHER, 0.0)
