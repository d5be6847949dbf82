"""Stage 5: cross-checks between documents, manifest and policy. PLACEHOLDER."""

from __future__ import annotations

from collections.abc import Sequence

from claimready.manifest import Manifest
from claimready.models import Discrepancy, ExtractedDocument
from claimready.settings import Settings


def cross_check(manifest: Manifest, documents: Sequence[ExtractedDocument], settings: Settings,
                manifest_error: str | None = None) -> tuple[Discrepancy, ...]:
    return ()
