"""Stage 4: SPEC section 3 fields of one document. PLACEHOLDER until the real extractor lands."""

from __future__ import annotations

from collections.abc import Mapping

from claimready.models import DocType, DocumentText, FieldValue
from claimready.rules import Rules


def extract_fields(text: DocumentText, doc_type: DocType, rules: Rules) -> Mapping[str, FieldValue]:
    return {}
