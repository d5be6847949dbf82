from __future__ import annotations

import pytest

from claimready.rules import Rules, load_rules


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The shipped rule files, loaded once."""
    return load_rules()
