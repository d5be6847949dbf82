"""Group positioned words into lines and tell the language of a text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from claimready.models import Line, Word

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Words whose vertical centres fall within each other's height form one line."""
    ordered = sorted(words, key=lambda w: ((w.bbox.y0 + w.bbox.y1) / 2, w.bbox.x0))
    lines: list[list[Word]] = []
    for word in ordered:
        centre = (word.bbox.y0 + word.bbox.y1) / 2
        if lines:
            last = lines[-1]
            top = min(w.bbox.y0 for w in last)
            bottom = max(w.bbox.y1 for w in last)
            height = max(bottom - top, word.bbox.y1 - word.bbox.y0)
            line_centre = (top + bottom) / 2
            if abs(centre - line_centre) <= height * 0.5:
                last.append(word)
                continue
        lines.append([word])
    return tuple(Line(tuple(sorted(ws, key=lambda w: w.bbox.x0))) for ws in lines)


def detect_language(text: str) -> str:
    """'zh', 'en' or 'en+zh' by the share of CJK characters among letters."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0:
        return "en"
    # a Chinese character carries about as much as a 3-letter English word
    share = cjk * 3 / (cjk * 3 + latin)
    if share >= 0.8:
        return "zh"
    if share < 0.1:
        return "en"
    return "en+zh"


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))
