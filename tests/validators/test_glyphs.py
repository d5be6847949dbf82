"""Whether two Chinese characters look alike to OCR (validators/glyphs.py)."""

from pathlib import Path

import pytest

from claimready.settings import Settings
from claimready.validators.glyphs import GlyphJudge


@pytest.fixture
def judge() -> GlyphJudge:
    settings = Settings()
    assert settings.cjk_glyph_font is not None and settings.cjk_glyph_font.is_file(), "setup installs fonts-wqy-zenhei"
    return GlyphJudge(settings.cjk_glyph_font, settings.glyphs_alike_from)


@pytest.mark.parametrize("pair", ["岛鸟", "瓷资", "汉双", "日曰", "未末"])
def test_glyphs_characters_ocr_confuses_look_alike(judge: GlyphJudge, pair: str) -> None:
    assert judge.alike(pair[0], pair[1])


@pytest.mark.parametrize("pair", ["程城", "华化", "信言", "鹭发"])
def test_glyphs_homophones_and_other_characters_do_not(judge: GlyphJudge, pair: str) -> None:
    assert not judge.alike(pair[0], pair[1])


def test_glyphs_without_the_font_every_pair_is_alike(tmp_path: Path) -> None:
    assert GlyphJudge(None, 0.5).alike("程", "城")
    assert GlyphJudge(tmp_path / "missing.ttc", 0.5).alike("程", "城")
