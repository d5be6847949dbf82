"""Rule files: label vocabularies, document-type keywords, legal forms. Data, not code.

PLACEHOLDER: the field-extraction work replaces this with the real loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rules:
    source: Path


def load_rules(rules_dir: Path | None = None) -> Rules:
    """Load and validate every rule file; a malformed one raises RuleFileError naming the file."""
    return Rules(source=rules_dir or Path(__file__).parent)
