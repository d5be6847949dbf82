"""OCR of page images with tesseract (pytesseract): one page at a time, each page in a pool
worker that renders or decodes its own image from the file path (no big arrays are pickled).

Per page: load -> cleanup (cleanup.py) -> tesseract `--psm 6` -> if the read looks like a
page upside down or sideways (low mean confidence), ask tesseract's OSD for the orientation
(falling back to trying 180 degrees when OSD cannot tell) and keep the better read -> words
mapped back onto the page as uploaded. Upright pages, the vast majority, pay for one
tesseract run only.

A page that fails (timeout, tesseract error, undecodable frame) becomes that page's error;
the other pages still count.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import Literal

import cv2
import numpy as np
import pytesseract
from rapidfuzz.distance import Indel, Levenshtein

from claimready.errors import ClaimReadyError, OcrTimeout, UnreadableDocument
from claimready.extractors import cleanup
from claimready.extractors.cleanup import CleanPage, Transform
from claimready.extractors.layout import is_cjk
from claimready.extractors.linerec import LineReader, LineReading, line_reader
from claimready.extractors.normalize import find_dates
from claimready.extractors.render import (check_pdf_page, load_image_frame, pdf_page_sizes, read_image_header,
                                          render_pdf_page)
from claimready.extractors.uncovered import Box, uncovered_regions
from claimready.models import FileKind, Line, Page, SourceFile, Word
from claimready.settings import Settings

log = logging.getLogger(__name__)

PSM = 6  # one uniform block: keeps table rows together; measured against 3 and 4 in bench/speed.py
RESCUE_BELOW = 0.62  # mean word confidence under which orientation is questioned
DOUBT_BELOW = 0.55  # a run of words read below this in the wrong script gets a second look
UNREAD_BELOW = 0.2  # ... even on a page without Chinese ('202411 H 30H' at 0.0 for '2024年11月30日')
SURE_INSIDE_CHINESE = 0.8  # letters between Chinese characters below this get a second look
REREAD_CHINESE_FLOOR = 0.6  # a second look in Chinese replaces the run only at this confidence or more
REREAD_LATIN_FLOOR = 0.8  # ... in Latin script
_MAX_REREADS = 16  # second looks per page (each ~0.2 s)
LINE_DOUBT_BELOW = 0.7  # a word read below this on a page with Chinese sends its line to the line recogniser,
LINE_SURE_FROM = 0.85  # whose reading may replace the line's words read below this
LINE_READ_FLOOR = 0.9  # ... where it reads them at this confidence or more
GIBBERISH_READ_FLOOR = 0.85  # ... or this for Chinese in place of doubtful letters
LINE_AGREEMENT = 0.8  # ... and it agrees with this share of the characters read surely (or, none being sure,
LINE_LIKENESS = 0.5  # with the whole line to this indel similarity, or the line, read below
UNREAD_LINE_BELOW = 0.5  # this by tesseract, is read at LINE_CLEAR_FROM or more by the line model)
LINE_CLEAR_FROM = 0.95
LINE_DISPUTED = 0.5  # a sure word the line model surely reads otherwise is doubtful (below settings.low_confidence)
_MAX_LINE_LOOKS = 24  # lines per page (each ~0.1 s)
SEGMENT_GAP_EMS = 1.5  # a gap this wide (in ems) parts a line into segments the line model reads apart
NAME_RUN_CHARACTERS = 8  # a line with this many Chinese characters and an unsure one gets a look too
_MIN_OSD_CONFIDENCE = 1.5
_FULLWIDTH_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
_LABEL_PUNCT = set(":：")


@dataclass(frozen=True, slots=True)
class PageJob:
    """Everything a worker needs to OCR one page, small enough to pickle."""

    path: str
    number: int  # 1-based page number in the document
    kind: Literal["pdf", "image"]
    languages: str
    dpi: int  # render dpi for PDF pages; target dpi for images
    timeout_s: float
    max_pixels: int
    page_width: float = 0.0  # points for PDF pages; images report their own pixel size
    page_height: float = 0.0
    line_model: str = ""  # the Chinese line recogniser (linerec.py); empty: no line second look


@dataclass(frozen=True, slots=True)
class PageOutcome:
    page: Page
    failure: str | None = None  # the error code when the page could not be read


@dataclass(frozen=True, slots=True)
class RawWord:
    """One tesseract word on the cleaned image (pixels) with its line key."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line_key: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class OcrRead:
    words: tuple[RawWord, ...]
    clean: CleanPage

    @property
    def mean_confidence(self) -> float:
        return weighted_confidence(self.words)


def weighted_confidence(words: Sequence[RawWord]) -> float:
    """Character-weighted mean confidence; 0 for no words."""
    weights = [len(w.text) for w in words]
    if not weights:
        return 0.0
    return sum(w.confidence * n for w, n in zip(words, weights)) / sum(weights)


# --- public entry points -----------------------------------------------------------------
def ocr_pdf_pages(file: SourceFile, numbers: list[int], settings: Settings) -> dict[int, Page]:
    """OCR the given 1-based pages of a PDF; raises TooLarge if any would render too big."""
    if not settings.ocr_enabled:
        return {n: _failed_page(n, "ocr", "no text layer and OCR is disabled").page for n in numbers}
    sizes = pdf_page_sizes(file.path)
    for number in numbers:
        check_pdf_page(sizes[number - 1], number, settings.ocr_dpi, settings.max_page_pixels)
    line_model = _line_model(settings)
    jobs = [PageJob(path=file.path, number=n, kind="pdf", languages=settings.ocr_languages, dpi=settings.ocr_dpi,
                    timeout_s=settings.ocr_timeout_s, max_pixels=settings.max_page_pixels,
                    page_width=sizes[n - 1].width, page_height=sizes[n - 1].height,
                    line_model=line_model) for n in numbers]
    return {outcome.page.number: outcome.page for outcome in run_jobs(jobs, settings.ocr_workers)}


def ocr_image_pages(file: SourceFile, settings: Settings) -> tuple[PageOutcome, ...]:
    """OCR every frame of an image file; raises TooLarge/CorruptFile from its header."""
    if file.kind not in (FileKind.PNG, FileKind.JPEG, FileKind.TIFF):
        raise UnreadableDocument(f"not an image: {file.kind}")
    header = read_image_header(file.path, settings.max_page_pixels, settings.max_pages)
    line_model = _line_model(settings)
    jobs = [PageJob(path=file.path, number=i + 1, kind="image", languages=settings.ocr_languages,
                    dpi=settings.ocr_dpi, timeout_s=settings.ocr_timeout_s, max_pixels=settings.max_page_pixels,
                    line_model=line_model)
            for i in range(header.frames)]
    return run_jobs(jobs, settings.ocr_workers)


def _line_model(settings: Settings) -> str:
    path = settings.line_model_path
    return str(path) if path is not None and "chi_sim" in settings.ocr_languages else ""


def run_jobs(jobs: Sequence[PageJob], workers: int) -> tuple[PageOutcome, ...]:
    """OCR pages, in parallel when there are several pages and workers; in page order."""
    if workers <= 1 or len(jobs) <= 1:
        return tuple(ocr_page(job) for job in jobs)
    context = get_context("forkserver")
    context.set_forkserver_preload(["claimready.extractors.ocr"])
    outcomes: list[PageOutcome] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        futures = [(job, pool.submit(ocr_page, job)) for job in jobs]
        for job, future in futures:
            outcomes.append(_collect(job, future))
    return tuple(outcomes)


def _collect(job: PageJob, future) -> PageOutcome:  # type: ignore[no-untyped-def]
    """A worker's answer; a worker that dies or hangs beyond the page budget fails that page only."""
    try:
        return future.result(timeout=job.timeout_s * 3 + 60)
    except FutureTimeout:
        future.cancel()
        return _failed_page(job.number, "ocr_timeout", f"OCR did not finish within {job.timeout_s:.0f} s")
    except Exception as exc:  # a crashed worker (BrokenProcessPool) or an unpicklable error
        return _failed_page(job.number, "ocr_failed", f"OCR failed ({type(exc).__name__}: {str(exc)[:200]})")


# --- one page ------------------------------------------------------------------------------
def ocr_page(job: PageJob) -> PageOutcome:
    """Load, clean, OCR one page; every failure becomes the page's error."""
    _limit_tesseract_threads()
    deadline = time.monotonic() + job.timeout_s
    try:
        clean, width, height = _load_and_clean(job)
        if is_blank(clean.image):
            return PageOutcome(Page(number=job.number, width=width, height=height, lines=(), source="ocr"))
        best = _read_upright(clean, job, deadline)
        if job.line_model:
            best = _line_look(best, job.line_model, deadline)
        best = reread_doubtful_runs(best, job.languages, deadline)
        return PageOutcome(Page(number=job.number, width=width, height=height, lines=build_lines(best.words, best.clean.transform),
                                source="ocr"))
    except OcrTimeout as exc:
        return _failed_page(job.number, exc.code, exc.reason)
    except ClaimReadyError as exc:
        return _failed_page(job.number, exc.code, exc.reason)
    except pytesseract.TesseractError as exc:
        return _failed_page(job.number, "ocr_failed", f"tesseract failed: {str(exc.message)[:200]}")
    except (MemoryError, cv2.error, ValueError, OSError) as exc:
        return _failed_page(job.number, "ocr_failed", f"OCR failed ({type(exc).__name__}: {str(exc)[:200]})")


def is_blank(image: np.ndarray, min_contrast: int = 24, min_side: int = 8) -> bool:
    """Nothing to read: a page with no contrast at all (white, or one flat tone) or too small
    to hold a character. Skipping tesseract here matters: an empty page otherwise costs two
    tesseract runs and an OSD pass (~2 s), and a 10 KB TIFF can hold hundreds of them."""
    if min(image.shape[:2]) < min_side:
        return True
    return int(image.max()) - int(image.min()) < min_contrast


def _failed_page(number: int, code: str, reason: str) -> PageOutcome:
    return PageOutcome(Page(number=number, width=0, height=0, lines=(), source="ocr", error=reason), failure=code)


def _limit_tesseract_threads() -> None:
    """Tesseract's OpenMP threads make it 4-5x slower on 2 shared cores. pytesseract passes
    os.environ to the tesseract subprocess, so the limit goes there (an operator's own value wins)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _load_and_clean(job: PageJob) -> tuple[CleanPage, float, float]:
    if job.kind == "pdf":
        image = render_pdf_page(job.path, job.number, job.dpi, job.max_pixels)
        clean = cleanup.start(np.asarray(image), float(job.dpi))
        width, height = job.page_width, job.page_height
    else:
        image, declared = load_image_frame(job.path, job.number - 1, job.max_pixels)
        clean = cleanup.start(np.asarray(image), cleanup.estimate_dpi(image.width, image.height, declared))
        width, height = float(image.width), float(image.height)
        clean = cleanup.resample(clean, job.max_pixels, job.dpi)
    image.close()
    return prepare(clean), width, height


def prepare(clean: CleanPage) -> CleanPage:
    """Cleanup steps that need no OCR: noise, lighting, sideways text, skew."""
    clean = cleanup.denoise(clean)
    clean = cleanup.flatten_background(clean)
    return cleanup.level(clean)


def _read_upright(clean: CleanPage, job: PageJob, deadline: float) -> OcrRead:
    """Read the page; if the read is poor, try it filtered one step harder (noise the speck survey
    missed, or blots a 3x3 median left), then the page as first cleaned in the orientation OSD
    suggests (or 180 degrees): a filter that did not make the read good was not the cure, and a
    5x5 median blurs small labels ('Notify Party' lost on a sideways B/L)."""
    first = best = tesseract_words(clean, job.languages, deadline)
    if best.mean_confidence >= RESCUE_BELOW:
        return best
    filtered = cleanup.stronger_filter(clean, "poor read")
    if filtered is not None:
        best = _better(best, tesseract_words(filtered, job.languages, deadline))
        if best.mean_confidence >= RESCUE_BELOW:
            return best
    turns = _osd_quarter_turns(first.clean, deadline)
    for quarter_turns in [turns] if turns else [2]:
        turned = cleanup.deskew(cleanup.turn(first.clean, quarter_turns))
        best = _better(best, tesseract_words(turned, job.languages, deadline))
    return best


def _better(one: OcrRead, other: OcrRead) -> OcrRead:
    return other if other.mean_confidence > one.mean_confidence else one


def _osd_quarter_turns(clean: CleanPage, deadline: float) -> int:
    """Clockwise quarter turns that make the page upright per tesseract OSD; 0 when OSD
    cannot tell (sparse pages make it fail or answer with low confidence)."""
    small = cleanup.shrink_for_osd(clean.image)
    try:
        osd = pytesseract.image_to_osd(small, config="--psm 0 --dpi 150", output_type=pytesseract.Output.DICT,
                                       timeout=_remaining(deadline))
    except pytesseract.TesseractError:
        return 0
    except RuntimeError as exc:
        raise _as_timeout(exc) from None
    if float(osd.get("orientation_conf", 0.0)) < _MIN_OSD_CONFIDENCE:
        return 0
    return (int(osd.get("rotate", 0)) // 90) % 4


def tesseract_words(clean: CleanPage, languages: str, deadline: float) -> OcrRead:
    """Words with boxes and confidences of the cleaned image (tesseract TSV)."""
    with tempfile.TemporaryDirectory(prefix="claimready-ocr-") as tmp:
        # uncompressed TIFF: 5x faster to write than PNG; tesseract (leptonica) reads it ~0.05-0.1 s
        # faster than PGM on an A4 page at 300 dpi, same pixels, same words
        path = os.path.join(tmp, "page.tif")
        cv2.imwrite(path, clean.image, [cv2.IMWRITE_TIFF_COMPRESSION, _TIFF_UNCOMPRESSED])
        try:
            data = pytesseract.image_to_data(path, lang=languages, config=f"--psm {PSM} --dpi {round(clean.dpi)}",
                                             output_type=pytesseract.Output.DICT, timeout=_remaining(deadline))
        except RuntimeError as exc:
            raise _as_timeout(exc) from None
    return OcrRead(tuple(_raw_words(data)), clean)


_TIFF_UNCOMPRESSED = 1  # libtiff's COMPRESSION_NONE


def _raw_words(data: dict) -> Iterable[RawWord]:  # type: ignore[type-arg]
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if int(data["level"][i]) != 5 or not text or conf < 0:
            continue
        yield RawWord(_fix_glyphs(text), int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
                      int(data["height"][i]), conf / 100.0,
                      (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])))


_YEN_AS_Y = re.compile(r"^Y(?=\d{1,3}(?:,\d{3})*\.\d{2}\W*$)")
_EURO_AS_E = re.compile(r"^C?E(?=\d{1,3}(?:[.,]\d{3})*[.,]\d{2}\W*$)")
_DOLLAR_AS_S = re.compile(r"^USS(?=\d{1,3}(?:[.,]\d{3})*[.,]\d{2}\W*$)")
_CODE_TWICE = re.compile(r"^([A-Z]+)([a-z])(?=[A-Z]*\d)")


def fix_money_glyphs(text: str) -> str:
    """An amount glued to its currency: '¥' read as 'Y' ('Y64,528.00' -> '¥64,528.00'), '€' as 'E'
    or 'CE' ('CE163.140,00' -> '€163.140,00'), the '$' of 'US$' as 'S' ('USS877,528.00'), and a
    capital of the code read twice, once small
    ('USsD683,402.50' -> 'USD683,402.50')."""
    text = _DOLLAR_AS_S.sub("US$", _EURO_AS_E.sub("€", _YEN_AS_Y.sub("¥", text)))
    twice = _CODE_TWICE.match(text)
    if twice and twice.group(2) == twice.group(1)[-1].lower():
        text = twice.group(1) + text[twice.end():]
    return text


_CODE_TOKEN = re.compile(r"[A-Z0-9l][A-Za-z0-9/.\-]{3,}")


def fix_code_glyphs(text: str) -> str:
    """Reference numbers are set in capitals and digits, where OCR's lookalikes are plain
    errors: in such a word (capitals, digits and a stray 'l', 'i' or 'o' only) 'l' and 'i' are
    'I' beside a capital and '1' otherwise ('Cl20244680' -> 'CI20244680', 'Ci…', '24iNV7664'), and
    'o'/'O' between digits is '0' ('2O25' -> '2025'), and an accent on a capital is a speck
    ('FHĊ/L/CP/5251' -> 'FHC/L/CP/5251').
    Words with other lower-case letters are words, and stay as read; so do names without digits.
    Punctuation around the word ('Cl20246656,' in a list, '(Cl20246656)') is kept and fixes nothing."""
    if text == "0.0.":
        return "o.o."  # 'Sp. z o.o.' read with zeros: '0.0.' is no number
    wrapped = _WRAPPED.fullmatch(text)
    if wrapped is not None and (wrapped.group(1) or wrapped.group(3)):
        return wrapped.group(1) + fix_code_glyphs(wrapped.group(2)) + wrapped.group(3)
    plain = _without_accents(text)
    if not _CODE_TOKEN.fullmatch(plain) or not any(c.isdigit() for c in plain):
        return text
    text = plain
    if any(c.islower() and c not in "loi" for c in text):
        return text
    chars = list(text)
    for i, char in enumerate(chars):
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        if char in "li":
            chars[i] = "I" if before.isupper() or after.isupper() else "1"
        elif char in "oO" and before.isdigit() and after.isdigit():
            chars[i] = "0"
    return "".join(chars)


_WRAPPED = re.compile(r"([(（\[]*)(.+?)([,;:)）\]]*)")


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OcrTimeout("OCR ran out of time on this page")
    return left


def _as_timeout(exc: RuntimeError) -> ClaimReadyError:
    if "timeout" in str(exc).lower():
        return OcrTimeout("OCR of this page timed out")
    return UnreadableDocument(f"OCR failed ({exc})")


# --- second look at words read in the wrong script -------------------------------------------
def reread_doubtful_runs(read: OcrRead, languages: str, deadline: float) -> OcrRead:
    """With Latin and chi_sim together, tesseract sometimes reads a Chinese company name as Latin
    gibberish ('BUN EKA FAL RB)' for 杭州联合泵业有限公司), or Latin as stray CJK, at near-zero
    confidence. Each such run of words is read again alone (`--psm 7`) in the other script;
    the second read replaces the run only when it is far more confident."""
    scripts = [lang for lang in languages.split("+") if lang]
    latin = "+".join(lang for lang in scripts if lang != "chi_sim")
    if "chi_sim" not in scripts or not latin:
        return read
    runs = doubtful_runs(read.words)[:_MAX_REREADS]
    if not runs:
        return read
    if not _reads_chinese(read.words):  # letters on a page without Chinese stay letters, unless unreadable
        runs = [run for run in runs if _is_cjk_word(run[0].text) or weighted_confidence(run) < UNREAD_BELOW]
        if not runs:
            return read
    replaced: dict[int, tuple[RawWord, ...]] = {}
    for run in runs:
        other = _second_look_latin(latin) if _is_cjk_word(run[0].text) else "chi_sim"
        better = _reread_run(read.clean.image, run, other, deadline)
        if better:
            replaced[id(run[0])] = better
    if not replaced:
        return read
    dropped = {id(word) for run in runs if id(run[0]) in replaced for word in run}
    first = [word for word in read.words if id(word) not in dropped]
    placed: dict[int, tuple[RawWord, ...]] = {}
    for key, second in replaced.items():
        kept, beaten = _merged_reading(second, first)
        placed[key] = kept
        dropped |= beaten
    words: list[RawWord] = []
    for word in read.words:
        words.extend(placed.get(id(word), ()))
        if id(word) not in dropped:
            words.append(word)
    return OcrRead(tuple(words), read.clean)


def _merged_reading(second: tuple[RawWord, ...], first: Sequence[RawWord]) -> tuple[tuple[RawWord, ...], set[int]]:
    """The words of a second reading to add, and the first reading's words they replace. The crop
    around a run whose box tesseract drew too large (a skewed sideways scan: 'ATEM' over all of
    签订日期) takes in text the first reading has: a place read twice keeps one reading, never both
    ('签签订日期::20242024年年…'): the same text stays as first read, a fuller one ('签订' over '签')
    replaces it, otherwise the surer reading wins ('月' at 0.96 over '有' at 0.50)."""
    kept: list[RawWord] = []
    beaten: set[int] = set()
    for word in second:
        under = [other for other in first if _same_place(word, other)]
        if any(other.text == word.text for other in under):
            continue
        if all(other.text in word.text or other.confidence < word.confidence for other in under):
            kept.append(word)
            beaten |= {id(other) for other in under}
    return tuple(kept), beaten


def _same_place(a: RawWord, b: RawWord) -> bool:
    """Two words on one place of a line: their boxes meet in height, and the middle of one lies
    within the other's width (a skewed line gives tall boxes that overlap their neighbours')."""
    if min(a.top + a.height, b.top + b.height) <= max(a.top, b.top):
        return False
    a_mid, b_mid = a.left + a.width / 2, b.left + b.width / 2
    return a.left <= b_mid <= a.left + a.width or b.left <= a_mid <= b.left + b.width


def _reads_chinese(words: Sequence[RawWord], least: int = 4) -> bool:
    """Whether tesseract read some Chinese on the page with fair confidence: a page without any
    (an English invoice) gets a Chinese second look only at Latin words it could not read at all;
    each costs ~0.25 s for the chi_sim model to load, and a merely unsure English word is English."""
    return sum(len(w.text) for w in words if w.confidence >= RESCUE_BELOW and _is_cjk_word(w.text)) >= least


def _second_look_latin(latin: str) -> str:
    """The Latin-script model takes ~0.4 s to load for each small crop, eng ~0.1 s; a stray-CJK
    run read back as Latin needs letters, not accents, so eng serves (setup installs it)."""
    return "eng" if "Latin" in latin.split("+") else latin


def _is_cjk_word(text: str) -> bool:
    return any(is_cjk(char) for char in text)


def doubtful_runs(words: Sequence[RawWord]) -> list[tuple[RawWord, ...]]:
    """Maximal runs of consecutive low-confidence words of one script on one tesseract line;
    single marks and bare numbers are left alone."""
    runs: list[tuple[RawWord, ...]] = []
    current: list[RawWord] = []
    for index, word in enumerate(words):
        doubtful = word.confidence < DOUBT_BELOW or _letters_inside_chinese(words, index)
        if current and (not doubtful or word.line_key != current[-1].line_key
                        or _is_cjk_word(word.text) != _is_cjk_word(current[-1].text)):
            runs.append(tuple(current))
            current = []
        if doubtful:
            current.append(word)
    if current:
        runs.append(tuple(current))
    return [run for run in runs if _worth_rereading("".join(word.text for word in run))
            and not any(_is_reference(word.text) for word in run)]


def _letters_inside_chinese(words: Sequence[RawWord], index: int) -> bool:
    """A not-quite-sure word of letters only, set tight between Chinese characters on both sides
    ('成都 SAA 机电' for 成都蓉发机电): Chinese print embeds codes ('DN50', 'EX-01288'), rarely bare
    words, so it gets a second look (which keeps it unless Chinese reads far better)."""
    word = words[index]
    if word.confidence >= SURE_INSIDE_CHINESE or not word.text.isalpha() or _is_cjk_word(word.text):
        return False
    if index == 0 or index + 1 >= len(words):
        return False
    before, after = words[index - 1], words[index + 1]
    if not (before.line_key == word.line_key == after.line_key and _is_cjk_word(before.text[-1])
            and _is_cjk_word(after.text[0])):
        return False
    tight = 0.5 * word.height
    return word.left - (before.left + before.width) < tight and after.left - (word.left + word.width) < tight


def _worth_rereading(text: str) -> bool:
    """A letter and at least two letters or digits: 'HTA' or 'p4}:' for a 3-character Chinese label."""
    return any(char.isalpha() for char in text) and sum(char.isalnum() for char in text) >= 2


def _is_reference(text: str) -> bool:
    """Letters with three digits or more in one word ('Cl20248338、Cl20248339'): no Chinese misread
    gives that ('202411 H 30H' for 2024年11月30日 has its letters apart from the year)."""
    return any(char.isalpha() for char in text) and sum(char.isdigit() for char in text) >= 3


def _reread_run(image: np.ndarray, run: tuple[RawWord, ...], language: str, deadline: float) -> tuple[RawWord, ...]:
    """The run's box read alone as one line in `language`; empty unless clearly better."""
    x0, y0 = min(w.left for w in run), min(w.top for w in run)
    x1, y1 = max(w.left + w.width for w in run), max(w.top + w.height for w in run)
    pad = max(6, (y1 - y0) // 3)
    left, top = max(0, x0 - pad), max(0, y0 - pad)
    crop = np.ascontiguousarray(image[top:y1 + pad, left:x1 + pad])
    try:
        data = pytesseract.image_to_data(crop, lang=language, config="--psm 7", output_type=pytesseract.Output.DICT,
                                         timeout=_remaining(deadline))
    except pytesseract.TesseractError:
        return ()
    except RuntimeError as exc:
        raise _as_timeout(exc) from None
    key = run[0].line_key
    words = tuple(w for w in (RawWord(w.text, w.left + left, w.top + top, w.width, w.height, w.confidence, key)
                              for w in _raw_words(data))
                  if x0 <= w.left + w.width / 2 <= x1)  # the padding shows neighbours: they are not the run
    if not words or (language == "chi_sim") != any(_is_cjk_word(w.text) for w in words):
        return ()
    old, new = weighted_confidence(run), weighted_confidence(words)
    # Latin read over Chinese print comes out as confident short gibberish ('SAA' at 0.62 for
    # 蓉发), so letters must be read far more surely than characters to replace them
    floor = REREAD_CHINESE_FLOOR if language == "chi_sim" else REREAD_LATIN_FLOOR
    return words if new >= floor and new >= old + 0.25 else ()


# --- a second look at doubtful lines (the line recogniser) --------------------------------
def reread_doubtful_lines(read: OcrRead, reader: LineReader, deadline: float) -> OcrRead:
    """Tesseract's chi_sim (the fast model Debian ships) misreads characters of names and labels
    at low confidence on scans ('进出喇有限公司' for 进出口有限公司, 'EH]' for 买方), and unsure
    reference numbers lose letters ('2025808951' for 2025SC8951). Each line holding such a word
    is read again, part by part, by the line recogniser (linerec.py); its reading replaces the
    unsure words it lines up with, never a word tesseract was sure of, and only where it is sure
    itself and matches the rest of the line. On a page without Chinese, a doubtful word that is
    no figure is only confirmed (made surer where both readers agree), never replaced: the
    model drops accents and may read a blurred Latin word as Chinese."""
    chinese = _reads_chinese(read.words)
    replaced: dict[int, RawWord | None] = {}
    for line in doubtful_lines(read.words, chinese)[:_MAX_LINE_LOOKS]:
        em = _em(line)
        if not all(_unsure(word) for word in line):
            for segment in look_segments(line, chinese, em):
                replaced.update(_looked(read, reader, segment, em, False, chinese, deadline))
            continue
        # a line tesseract read nothing of is read whole (its boxes may be specks strewn along a
        # bold title), then, if that reading is not of it, part by part ('合同号码   合同日期')
        found = _looked(read, reader, tuple(line), em, True, chinese, deadline)
        parts = split_at_gaps(line, em)
        for part in parts if not found and len(parts) > 1 else ():
            found.update(_looked(read, reader, part, em, True, chinese, deadline))
        replaced.update(found)
    if not replaced:
        return read
    words = [replaced.get(id(word), word) for word in read.words]
    return OcrRead(tuple(word for word in words if word is not None), read.clean)


def _looked(read: OcrRead, reader: LineReader, segment: tuple[RawWord, ...], em: float, unread: bool,
            chinese: bool, deadline: float) -> dict[int, RawWord | None]:
    _remaining(deadline)
    found = corrected_words(segment, reader.read(_line_crop(read.clean.image, segment)), em, unread)
    if chinese or any(_figure_doubt(word) for word in segment):
        return found
    texts = {id(word): word.text for word in segment}
    return {key: word for key, word in found.items() if word is not None and word.text == texts[key]}


def _line_look(read: OcrRead, model: str, deadline: float) -> OcrRead:
    """The line model's looks (lines tesseract doubted, then text it dropped), or tesseract's read
    as it stands when the model fails: a second opinion must never cost the page."""
    for look in (reread_doubtful_lines, read_dropped_text):
        try:
            read = look(read, line_reader(model), deadline)
        except ClaimReadyError:
            raise  # the page's deadline
        except Exception as exc:  # onnxruntime's errors (InvalidProtobuf, Fail, ...) derive from Exception only
            log.warning("OCR %s skipped: %s: %s", look.__name__, type(exc).__name__, str(exc)[:200])
            return read
    return read


# --- text tesseract dropped (uncovered.py finds it, the line model reads it) --------------
DROPPED_READ_FLOOR = 0.9  # a region's reading is taken at this mean confidence or more,
DROPPED_CHAR_FLOOR = 0.5  # ... no character below this
DROPPED_MIN_EMS = 2.0  # ... and at least this wide: a character dropped inside a line is the line look's
DROPPED_WIDTH_RATIO = (0.5, 2.0)  # ... its text as wide as the ink within this ratio (by the page's type size:
# a value in a smaller face than the body reads wider than its ink; a scribble read as a character or two, narrower)
_MAX_DROPPED_LOOKS = 12  # regions per page (each ~0.05-0.1 s)


def read_dropped_text(read: OcrRead, reader: LineReader, deadline: float) -> OcrRead:
    """Ink no word covers, read by the line model and added as words where it reads text
    surely and as wide as the ink: on noisy scans tesseract's layout analysis loses a whole
    line or a value beside its label ('Invoice Date:' read, '12 March 2025' not at all)."""
    if not read.words:
        return read
    em = _page_em(read.words)
    boxes = [Box(w.left, w.top, w.width, w.height) for w in read.words]
    added: list[RawWord] = []
    regions = [region for region in uncovered_regions(read.clean.image, boxes, em) if region.width >= DROPPED_MIN_EMS * em]
    for number, region in enumerate(regions[:_MAX_DROPPED_LOOKS]):
        _remaining(deadline)
        reading = reader.read(_uncovered_crop(read.clean.image, region, boxes))
        line_key = _line_key_at(read.words, region, number)
        if not _read_already(reading.text, [w for w in read.words if w.line_key == line_key]):
            added.extend(_dropped_words(region, reading, em, line_key))
    if not added:
        return read
    return OcrRead(read.words + tuple(added), read.clean)


def _read_already(text: str, line: Sequence[RawWord]) -> bool:
    """The reading is in the text tesseract gave the line: a word boxed short of its ink (the box
    of '202407415、202407416、202407417' starts at the second number) leaves ink uncovered that it
    did read."""
    bare = "".join(c for c in _aligned(text) if c.isalnum())
    return bool(bare) and bare in "".join(c for w in line for c in _aligned(w.text) if c.isalnum())


def _page_em(words: Sequence[RawWord]) -> float:
    """The page's body type size: the median height of the words tesseract was sure of."""
    heights = sorted(w.height for w in words if w.confidence >= LINE_SURE_FROM) or sorted(w.height for w in words)
    return float(max(1, heights[len(heights) // 2]))


def _uncovered_crop(image: np.ndarray, region: Box, words: Sequence[Box]) -> np.ndarray:
    """The region with a margin, the words tesseract read there painted out: a neighbour's
    edge in the crop is read as a character of its own ('义解' for 解 beside 争议)."""
    crop, top, left = _padded_crop(image, region.left, region.top, region.right, region.bottom)
    crop = crop.copy()
    for word in words:
        if word.right > left and word.left < left + crop.shape[1] and word.bottom > top and word.top < top + crop.shape[0]:
            crop[max(0, word.top - top):max(0, word.bottom - top), max(0, word.left - left):max(0, word.right - left)] = 255
    return crop


def _line_key_at(words: Sequence[RawWord], region: Box, number: int) -> tuple[int, int, int]:
    """The key of the tesseract line the region sits on (its middle within a word's height and
    the word's middle within the region's), nearest first; a line of its own when none."""
    middle = region.top + region.height / 2
    on_line = [w for w in words if w.top <= middle <= w.top + w.height
               and region.top <= w.top + w.height / 2 <= region.bottom]
    if not on_line:
        return (-1, number, 0)
    nearest = min(on_line, key=lambda w: min(abs(w.left - region.right), abs(region.left - (w.left + w.width))))
    return nearest.line_key


def _dropped_words(region: Box, reading: LineReading, em: float, line_key: tuple[int, int, int]) -> list[RawWord]:
    """The reading as words over the region, or none: not sure enough, or not as wide as the ink
    (a stamp's ring or a signature read as a character or two)."""
    text = reading.text.strip()
    if (not any(c.isalnum() for c in text) or reading.confidence < DROPPED_READ_FLOOR
            or min(reading.probabilities) < DROPPED_CHAR_FLOOR):
        return []
    wide = sum(1.0 if _cjkish(char) else 0.55 for char in text)
    if not DROPPED_WIDTH_RATIO[0] <= wide / (region.width / em) <= DROPPED_WIDTH_RATIO[1]:
        return []
    words, x = [], float(region.left)
    pieces = _spaced_pieces(reading)
    units = [sum(2 if _cjkish(c) else 1 for c in piece) for piece, _ in pieces]
    scale = region.width / (sum(units) + len(pieces) - 1)
    for (piece, probabilities), unit in zip(pieces, units):
        words.append(RawWord(piece, round(x), region.top, max(1, round(unit * scale)), region.height,
                             sum(probabilities) / len(probabilities), line_key))
        x += (unit + 1) * scale
    return words


def _spaced_pieces(reading: LineReading) -> list[tuple[str, list[float]]]:
    """The reading's words (split at its spaces), each with its characters' probabilities."""
    pieces: list[tuple[str, list[float]]] = [("", [])]
    for char, probability in zip(reading.text, reading.probabilities):
        if char.isspace():
            pieces.append(("", []))
        else:
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1] + [probability])
    return [piece for piece in pieces if piece[0]]


def doubtful_lines(words: Sequence[RawWord], chinese: bool = True) -> list[tuple[RawWord, ...]]:
    """Tesseract lines worth a second look, least sure first, each left to right: with a doubtful
    word, with an unsure reference number, amount or number, or, on a page with Chinese, with
    a few capitals read unsurely or an unsure Chinese name."""
    lines: dict[tuple[int, int, int], list[RawWord]] = {}
    for word in words:
        lines.setdefault(word.line_key, []).append(word)
    found = [tuple(sorted(line, key=lambda w: w.left)) for line in lines.values() if _worth_a_look(line, chinese)]
    return sorted(found, key=lambda line: min(w.confidence for w in line))


def _worth_a_look(words: Sequence[RawWord], chinese: bool) -> bool:
    """Whether a line, or a part of one, holds a word the line model should read again."""
    return (any(_doubted(w) or (chinese and _latin_guess(w)) or _figure_doubt(w) for w in words)
            or (chinese and _unsure_chinese_name(words)))


def _figure_doubt(word: RawWord) -> bool:
    return _unsure(word) and (_is_figure(word.text) or _digit_heavy(word.text))


def look_segments(line: Sequence[RawWord], chinese: bool, em: float) -> list[tuple[RawWord, ...]]:
    """The parts of a line the line model reads: those holding a word worth a look. The model
    reads a text line, not a form row: across a column gap it drops characters ('合同编签' for
    '合同编号   签订日期'; alone, '合同编号' is read at 1.00)."""
    return [part for part in split_at_gaps(line, em) if _worth_a_look(part, chinese)]


def split_at_gaps(line: Sequence[RawWord], em: float) -> list[tuple[RawWord, ...]]:
    """The runs of a line's words between gaps wider than SEGMENT_GAP_EMS. A gap is measured from
    the furthest right edge so far: a speck's box inside a word's ('H' inside '20248', the box
    of 2024年8月21) ends short of that word, and no gap opens after it."""
    parts: list[list[RawWord]] = [[line[0]]]
    right = line[0].left + line[0].width
    for word in line[1:]:
        if word.left - right > SEGMENT_GAP_EMS * em:
            parts.append([])
        parts[-1].append(word)
        right = max(right, word.left + word.width)
    return [tuple(part) for part in parts]


_LATIN_GUESS = re.compile(r"[A-Z]{2,5}[:：]?")


def _latin_guess(word: RawWord) -> bool:
    """A few capitals read unsurely on a page with Chinese ('RR' at 0.74 for the title 发票, 'RRS:'
    for 发票号): chi_sim's Latin guess at a bold Chinese word, above the doubt threshold."""
    return word.confidence < LINE_SURE_FROM and bool(_LATIN_GUESS.fullmatch(word.text))


def _unsure_chinese_name(line: Sequence[RawWord]) -> bool:
    """A run of Chinese long enough for a company name ('佛山美达陶瓷有限公司') with a character
    tesseract was unsure of: chi_sim reads 瓷 as 资 at 0.75, which no doubt threshold catches."""
    return (sum(_cjk_count(w.text) for w in line) >= NAME_RUN_CHARACTERS
            and any(_is_cjk_word(w.text) and _unsure(w) for w in line))


def _doubted(word: RawWord) -> bool:
    return word.confidence < LINE_DOUBT_BELOW and any(char.isalpha() for char in word.text)


def _em(line: Sequence[RawWord]) -> float:
    """The line's type size in pixels: the median height of its Chinese words (a Chinese
    character is one em wide), else of all its words."""
    heights = sorted(w.height for w in line if _is_cjk_word(w.text)) or sorted(w.height for w in line)
    return float(max(1, heights[(len(heights) - 1) // 2]))  # the lower median: of two, a box twice too tall ('期' 19x70) is not the em


def _fits(text: str, word: RawWord, em: float, own_height: bool = True) -> bool:
    """Whether `text` fills the word's box: the line model, sure of the characters it reads,
    sometimes skips one ('厦门金光伏' for 厦门金鹭光伏); a box two characters wide then holds one.
    A reading with Chinese in it is measured by the word's own height where that is more than the
    line's em: a squashed box ('”日期' 24 px high beside a 37 px figure) makes the em too small.
    A box spanning several words (`own_height` False) is as tall as its tallest, which is no type size."""
    wide = sum(1.0 if _cjkish(char) else 0.55 for char in text)
    if own_height and any(_cjkish(char) for char in text):
        em = max(em, float(word.height))
    have = word.width / em
    return abs(wide - have) <= max(0.75, 0.35 * have)


def _unsure(word: RawWord) -> bool:
    """Read below LINE_SURE_FROM, or a number in no shape numbers are printed in, however sure
    tesseract was of it ('28.55.0' for 28,551.00)."""
    return word.confidence < LINE_SURE_FROM or _malformed_number(word.text) or _malformed_date(word.text)


def _malformed_date(text: str) -> bool:
    """A year, a slash or dash, then a run of digits no date has ('2024/12116': the second slash of
    2024/12/16 read as 1, however surely)."""
    return _MALFORMED_DATE.fullmatch(text.strip(".,，。:;")) is not None


_MALFORMED_DATE = re.compile(r"(?:19|20)\d{2}([/-])(?:\d{3,}|\d{1,2}\1\d{3,})")


def _malformed_number(text: str) -> bool:
    groups = _NUMBER_GROUPS.fullmatch(text.strip(".,，。:;"))
    if groups is None:
        return False
    number = groups.group("number")
    return not any(shape.fullmatch(number) for shape in _NUMBER_SHAPES)


_CURRENCY_PREFIX = r"(?:[A-Z]{1,3}\$?|[$€¥£])?"  # 'USD', 'US$', '€' glued before a figure
_NUMBER_GROUPS = re.compile(_CURRENCY_PREFIX + r"(?P<number>\d+(?:[.,]\d+)+)")
_NUMBER_SHAPES = (re.compile(r"\d+[.,]\d{1,2}"),  # 2.5, 13.50, 312000,00
                  re.compile(r"\d{1,3}(?:([.,])\d{3})+(?:(?!\1)[.,]\d{2})?"),  # 1,118,175.00 / 163.140,00 / 1.000.000
                  re.compile(r"\d{4}([./-])\d{1,2}\1\d{1,2}|\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2})"))  # 2024.03.25, 25.03.2024


def _same_length_number(old: str, new: str) -> bool:
    """A number read with another digit ('2024年03月49日' for 19日): digits for digits only."""
    return old.isdigit() and new.isdigit() and len(old) == len(new)


def _number_less_a_glyph(word: RawWord, ours: str, theirs: str, probabilities: list[float]) -> bool:
    """A short number tesseract doubted with a digit too many that the model reads clearly without
    it ('416' at 0.48 for the 16 of 2024年6月16日: its box ran into the 日)."""
    return ours.isdigit() and theirs.isdigit() and _extra_glyph(word, ours, theirs, probabilities)


def _digit_heavy(text: str) -> bool:
    """Mostly digits: a number, or a date or figure whose other glyphs tesseract misread
    ('202543)' for 2025年3月, '28:01:2025'), worth the line model's look on any page."""
    digits = sum(c.isdigit() for c in text)
    return digits == len(text) > 0 or (digits >= 4 and digits >= 0.6 * len(text))


def _is_figure(text: str) -> bool:
    """A reference-like word (capitals, digits and separators with three digits or more), a list
    of them glued by punctuation ('Cl20248264、Cl20248265'), or an amount ('USD1,118,175.00')."""
    if _AMOUNT_WORD.fullmatch(text.rstrip(".,，。")):
        return True
    pieces = [piece for piece in _LIST_PUNCT.split(text) if piece]
    return bool(pieces) and all(_CODE_TOKEN.fullmatch(piece) and sum(c.isdigit() for c in piece) >= 3
                                for piece in pieces)


_LIST_PUNCT = re.compile(r"[、，,;；]+")
_AMOUNT_WORD = re.compile(_CURRENCY_PREFIX + r"(?:\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{2})?|\d{3,}[.,]\d{2})")


def _line_crop(image: np.ndarray, line: Sequence[RawWord]) -> np.ndarray:
    x0, y0 = min(w.left for w in line), min(w.top for w in line)
    x1, y1 = max(w.left + w.width for w in line), max(w.top + w.height for w in line)
    return np.ascontiguousarray(_padded_crop(image, x0, y0, x1, y1)[0])


def _padded_crop(image: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> tuple[np.ndarray, int, int]:
    """The box with a margin of a quarter of its height (4 px at least) for the line model, and
    the crop's top and left on the page."""
    pad = max(4, (y1 - y0) // 4)
    top, left = max(0, y0 - pad), max(0, x0 - pad)
    return image[top:y1 + pad, left:x1 + pad], top, left


def _aligned_form(char: str) -> str:
    """One character as both readers are compared: full-width forms as ASCII ('：' is ':'),
    accents off (the line model reads 'Müller' as 'Muller'); always one character."""
    folded = unicodedata.normalize("NFKC", char)
    folded = folded if len(folded) == 1 else char
    bare = _without_accents(folded)
    return bare if len(bare) == 1 else folded


def _aligned(text: str) -> str:
    return "".join(_aligned_form(char) for char in text)


def corrected_words(line: Sequence[RawWord], reading: LineReading, em: float | None = None,
                    unread: bool | None = None) -> dict[int, RawWord | None]:
    """The unsure words of a line (or of a segment of one: `em` and `unread` are then the whole
    line's) as the line reading has them (None: not there at all), by id of the word; empty when
    the reading does not match the line."""
    owner = [k for k, word in enumerate(line) for _ in word.text]
    ours = "".join(_aligned(word.text) for word in line)
    kept = [(c, p) for c, p in zip(reading.text, reading.probabilities) if not c.isspace()]
    theirs = _aligned("".join(c for c, _ in kept))
    operations = Levenshtein.opcodes(ours, theirs)
    em = _em(line) if em is None else em
    if _date_for_gibberish(line, reading, em):
        return _as_one_word(line, reading)
    if not _matches(line, owner, operations, ours, reading, theirs, em):
        return {}
    taken = _characters_taken(line, owner, operations)
    unread = all(_unsure(word) for word in line) if unread is None else unread
    # a segment of guessed letters that the model surely reads as Chinese filling its span ('RUR WEAR E'
    # for 佛山美达陶瓷有限公司 beside a sure English name) is taken whole, as a line read of nothing
    unread = unread or (_all_unsure_but_punctuation(line) and _chinese_filling(line, reading, em))
    out: dict[int, RawWord | None] = {}
    agreed: dict[int, RawWord | None] = {}
    shares = []
    for k, word in enumerate(line):
        indices = _without_stray_lead([j for i, o in enumerate(owner) if o == k for j in taken[i]], theirs, word)
        shares.append(("".join(theirs[j] for j in indices), [kept[j][1] for j in indices]))
    head = _figure_head_read_as_a_character(line, shares, em)
    for k, word in enumerate(line):
        if id(word) in head:
            continue
        text, probabilities = shares[k]
        aligned = _aligned(word.text)
        if text and text == aligned:
            if _unsure(word):
                agreed[id(word)] = _agreed(word, probabilities)
            continue
        if not _unsure(word):
            if _chinese_for_letters(aligned, text, probabilities):
                out[id(word)] = RawWord(_fix_glyphs(text), word.left, word.top, word.width, word.height,
                                        round(sum(probabilities) / len(probabilities), 4), word.line_key)
            elif _disputed(word, text, probabilities):
                out[id(word)] = replace(word, confidence=LINE_DISPUTED)
            continue
        if not text:
            if (_doubted(word) and not _is_cjk_word(word.text) and not _is_figure(word.text)
                    and reading.confidence >= LINE_READ_FLOOR):
                out[id(word)] = None  # specks or a seal's scribble read as letters ('eted pi La'), never
                # a figure the model passed over ('USD106,542.00' at 0.65: the amount a letter claims)
            continue
        if not (_compared(word.text, text) or _same_length_number(word.text, text)
                or _number_less_a_glyph(word, aligned, text, probabilities)):
            continue  # words stay tesseract's: the line model drops accents
        if (_is_figure(word.text) and _only_skipped(aligned, text)
                and not _extra_glyph(word, aligned, text, probabilities)):
            continue  # a figure less a thin glyph or separator: not another reading ('”数量' less its speck is)
        confidence = sum(probabilities) / len(probabilities)
        if confidence >= _read_floor(word, text) and (_same_figure_less_its_lead(aligned, text)
                                                      or _takes_place(text, word, em, unread)):
            out[id(word)] = RawWord(_fix_glyphs(text), word.left, word.top, word.width, word.height,
                                    round(confidence, 4), word.line_key)
    return {**agreed, **(_joined(line, out) if unread else out), **head}


def _figure_head_read_as_a_character(line: Sequence[RawWord], shares: list[tuple[str, list[float]]], em: float
                                     ) -> dict[int, RawWord | None]:
    """A figure whose first digit tesseract read, with the currency sign before it, as a Chinese
    character set tight before it ('是 40,960.00' at 0.36 for ¥540,960.00): where the line model
    surely reads that character's place as digits and the figure as tesseract did, the digits head
    the figure, one word over both boxes. Otherwise the total loses its first digit."""
    for word, after, (text, probabilities), (figure, sureness) in zip(line, line[1:], shares, shares[1:]):
        digits = text.lstrip("".join(_CURRENCY_SIGNS))
        digits_read = min(probabilities[len(text) - len(digits):], default=0.0)
        if (_is_cjk_word(word.text) and _unsure(word) and digits.isdigit() and len(digits) <= 2
                and digits_read >= LINE_READ_FLOOR
                and figure == _aligned(after.text) and _AMOUNT_WORD.fullmatch(figure)
                and after.left - (word.left + word.width) <= 0.3 * em):
            confidence = min(digits_read, _agreed(after, sureness).confidence)
            return {id(word): None, id(after): _spanning((word, after), text + after.text, confidence)}
    return {}


_CURRENCY_SIGNS = frozenset("¥￥$€£")


def _without_stray_lead(indices: list[int], theirs: str, word: RawWord) -> list[int]:
    """A word's share of the reading less punctuation before it that the word does not start
    with: the line model's extra '：' after 'Shipment:' falls to the unsure word after it."""
    if not word.text or not word.text[0].isalnum():
        return indices
    lead = 0
    while lead < len(indices) and unicodedata.category(theirs[indices[lead]]).startswith("P"):
        lead += 1
    return indices[lead:]


def _agreed(word: RawWord, probabilities: list[float]) -> RawWord:
    """An unsure word the line model reads the same: two readers that work differently agree
    on it, so it is wrong only if both are ('蓉' at 0.14 by tesseract, 0.82 by the model: 0.85)."""
    theirs = sum(probabilities) / len(probabilities)
    return replace(word, confidence=round(1 - (1 - word.confidence) * (1 - theirs), 4))


def _read_floor(word: RawWord, text: str) -> float:
    """How sure the line model must be to replace a word: LINE_READ_FLOOR, or less for Chinese
    in place of letters tesseract could barely read ('ARRI' at 0.39 for 发票编号, which the model
    read at 0.89: the letters are worth nothing, the Chinese is most likely right)."""
    if _doubted(word) and not _is_cjk_word(word.text) and _chinese_only(text):
        return GIBBERISH_READ_FLOOR
    return LINE_READ_FLOOR


def _joined(line: Sequence[RawWord], out: dict[int, RawWord | None]) -> dict[int, RawWord | None]:
    """On a line tesseract could not read, its word boxes are of specks strewn along it (a bold
    title '销售合同' read as four letters a column apart): consecutive words the line model read
    become one word over their boxes, so that the title is not cut into cells."""
    joined = dict(out)
    runs: list[list[RawWord]] = [[]]
    for word in line:
        if id(word) not in out:
            runs.append([])  # a word kept as tesseract read it ends the run
        elif out[id(word)] is not None:
            runs[-1].append(word)
    for run in (r for r in runs if len(r) > 1):
        new = [out[id(w)] for w in run]
        joined[id(run[0])] = _spanning(run, "".join(w.text for w in new if w), min(w.confidence for w in new if w))
        joined.update({id(w): None for w in run[1:]})
    return joined


def _disputed(word: RawWord, text: str, probabilities: list[float]) -> bool:
    """A word tesseract was sure of that the line model, as sure, reads otherwise ('起' for 武汉):
    two readers disagree, so neither is taken and the word is doubtful (LOW_CONFIDENCE asks for an
    eye instead of a confident mismatch on it). Chinese and figures only: accents differ by design.
    The model must be sure of each character it reads otherwise: '236.832.50' with its '.' at 0.50
    disputes no '236,832.50'."""
    if not probabilities or sum(probabilities) / len(probabilities) < LINE_READ_FLOOR:
        return False
    ours = _aligned(word.text)
    if not _compared(word.text, text) or text == ours or _only_skipped(ours, text):
        return False
    differing = [probabilities[j] for op in Levenshtein.opcodes(ours, text) if op.tag in ("replace", "insert")
                 for j in range(op.dest_start, op.dest_end)]
    return bool(differing) and min(differing) >= LINE_READ_FLOOR


def _only_skipped(ours: str, theirs: str) -> bool:
    """The line model's text is ours less some characters: it skips thin glyphs and separators
    ('C-20248460' for SC-2024-8460, '20240525' for 2024-05-25, '厦门金光伏' for 厦门金鹭光伏), which
    is no other reading of the word, neither to take nor to dispute."""
    if len(theirs) >= len(ours):
        return False
    rest = iter(ours)
    return all(char in rest for char in theirs)


def _same_figure_less_its_lead(ours: str, theirs: str) -> bool:
    """Both readers read the same figure, tesseract with specks or a garbled currency code glued
    before it ('”|2024' at 0.14 for the 2024 of 2024年7月17日, '”UspD5,856.00' at 0.03 for
    USD5,856.00): the model's reading is taken however wide the box, stretched over the specks."""
    return _specks_before(ours, theirs) or _garbled_currency_before(ours, theirs)


def _specks_before(ours: str, theirs: str) -> bool:
    """The line model reads a figure less the quote marks and strokes OCR read before it."""
    lead = ours[:len(ours) - len(theirs)]
    return (bool(theirs) and theirs[0].isdigit() and ours.endswith(theirs)
            and bool(lead) and all(char in _SPECK_GLYPHS for char in lead))


_SPECK_GLYPHS = set("”“\"'‘’`|,.:;")


def _extra_glyph(word: RawWord, ours: str, theirs: str, probabilities: list[float]) -> bool:
    """A doubtful figure with one letter or digit more than the line model reads, every character
    of which it reads clearly ('20259SC3880' at 0.61 for 2025SC3880, each read at 0.97 or more):
    tesseract added a glyph. The model drops separators and thin glyphs, never such a one so surely."""
    if word.confidence >= LINE_DOUBT_BELOW or len(ours) != len(theirs) + 1 or min(probabilities) < LINE_CLEAR_FROM:
        return False
    extra = next((char for k, char in enumerate(ours) if k >= len(theirs) or theirs[k] != char), "")
    return extra.isalnum() and (extra not in _THIN_GLYPHS or _only_theirs_a_date(ours, theirs))


def _only_theirs_a_date(ours: str, theirs: str) -> bool:
    """The model's reading is a date and tesseract's none ('2024/10/24' against '2024/10/124'):
    a thin glyph too many is then tesseract's."""
    found = find_dates(theirs)
    return bool(found) and found[0].start == 0 and found[0].end == len(theirs) and not find_dates(ours)


_THIN_GLYPHS = set("1Iil|")


def _compared(ours: str, theirs: str) -> bool:
    """Words the two readers are compared on: Chinese on either side, or figures on both (ours
    may be a figure garbled to mostly digits: '11512:2024' for 11.12.2024, or an amount whose
    currency code OCR garbled: '”UspD5,856.00' for USD5,856.00)."""
    return (_is_cjk_word(ours) or _is_cjk_word(theirs)
            or ((_is_figure(ours) or _digit_heavy(ours) or _garbled_currency_before(ours, theirs))
                and _is_figure(theirs)))


def _garbled_currency_before(ours: str, theirs: str) -> bool:
    """The model reads an amount with its currency ('USD5,856.00') and ours ends in the same figure."""
    if _AMOUNT_WORD.fullmatch(theirs) is None:
        return False
    figure = theirs[next(k for k, char in enumerate(theirs) if char.isdigit()):]
    return len(figure) >= 4 and ours.endswith(figure)


def _takes_place(text: str, word: RawWord, em: float, unread: bool) -> bool:
    """Whether the line model's `text` may stand for the word. It is sure of the characters it
    reads but sometimes skips one ('厦门金光伏' for 厦门金鹭光伏), so Chinese characters are only
    substituted one for one (tesseract splits Chinese into characters well, even misread); other
    words must fill their box, unless tesseract read nothing on the line (its boxes then are of specks)."""
    if _is_cjk_word(word.text) and not any(c.isascii() and c.isalnum() for c in word.text):
        return _cjk_count(text) == _cjk_count(word.text)
    return unread or _fits(text, word, em) or _chinese_one_for_one(word.text, text) or _date_one_for_one(word.text, text)


def _chinese_one_for_one(ours: str, theirs: str) -> bool:
    """The line model's text is tesseract's with some characters, one for one, Chinese instead
    ('20244128278' for 2024年12月27日: 年月日 read as digits). No width test is needed: nothing is
    skipped or added."""
    return _one_for_one(ours, theirs, is_cjk)


def _date_one_for_one(ours: str, theirs: str) -> bool:
    """The line model reads a whole date where tesseract read the same glyphs but a separator, one
    for one, and no date ('2024/12116' for 2024/12/16: the slash read as 1). No width test is needed
    (a box as tall as a table's ruling makes the line's em too large to measure by): nothing is
    skipped or added, and every digit is read alike."""
    return _one_for_one(ours, theirs, lambda char: not char.isalnum()) and _only_theirs_a_date(ours, theirs)


def _one_for_one(ours: str, theirs: str, stands_in: Callable[[str], bool]) -> bool:
    """The line model's text is tesseract's with some characters, one for one, read as characters
    `stands_in` accepts: nothing skipped or added."""
    return len(ours) == len(theirs) and ours != theirs and all(a == b or stands_in(b) for a, b in zip(ours, theirs))


def _cjk_count(text: str) -> int:
    return sum(is_cjk(char) for char in text)


def _matches(line: Sequence[RawWord], owner: list[int], operations: Iterable, ours: str,  # type: ignore[type-arg]
             reading: LineReading, theirs: str, em: float) -> bool:
    """Whether the line reading is of this line: it has most characters tesseract read surely,
    or, none being sure, it is like the whole line, or tesseract read nothing there and the
    line model reads it clearly (a bold Chinese title read 'JA pre ER')."""
    sure = [not _unsure(line[o]) for o in owner]
    total = sum(sure)
    if total == 0:
        return (Indel.normalized_similarity(ours, theirs) >= LINE_LIKENESS
                or (weighted_confidence(line) < UNREAD_LINE_BELOW and reading.confidence >= LINE_CLEAR_FROM)
                or _chinese_for_gibberish(line, reading, em))
    matched = sum(sure[i] for op in operations for i in range(op.src_start, op.src_end)
                  if op.tag == "equal" or _letter_for_chinese(op, i, ours, theirs))
    return matched >= LINE_AGREEMENT * total


def _letter_for_chinese(op, i: int, ours: str, theirs: str) -> bool:  # type: ignore[no-untyped-def]
    """Our character i is a Latin letter the line reading has as a Chinese character, one for one:
    chi_sim's Latin guess at a Chinese glyph ('20A' for 20日), no disagreement about the line."""
    if op.tag != "replace" or op.src_end - op.src_start != op.dest_end - op.dest_start:
        return False
    return ours[i].isascii() and ours[i].isalpha() and is_cjk(theirs[op.dest_start + i - op.src_start])


def _chinese_for_letters(ours: str, theirs: str, probabilities: list[float]) -> bool:
    """A figure tesseract was sure of with Latin letters where the line model surely reads
    Chinese, one for one, the digits the same ('20A' at 0.89 for 20日, '2024448H' for 2024年8月):
    the date's 年月日 guessed as letters. Other words keep tesseract's reading."""
    if len(ours) != len(theirs) or len(probabilities) != len(theirs) or not any(c.isdigit() for c in ours):
        return False
    differ = [(a, b, p) for a, b, p in zip(ours, theirs, probabilities) if a != b]
    return bool(differ) and all(a.isascii() and a.isalpha() and is_cjk(b) and p >= LINE_READ_FLOOR for a, b, p in differ)


def _chinese_for_gibberish(line: Sequence[RawWord], reading: LineReading, em: float) -> bool:
    """A line of doubtful letters or unsure capitals only, read as words (not the specks of a line
    read below UNREAD_LINE_BELOW), that the line model surely reads as Chinese only, as many
    characters as the words' span holds ('RAR' at 0.66 for the label 付款方式, 'RR' at 0.74 for the
    title 发票; 'RRS:' for the label 发票号:): chi_sim's Latin guess at a bold or blurred Chinese word."""
    return (weighted_confidence(line) >= UNREAD_LINE_BELOW
            and all((_doubted(w) or _latin_guess(w)) and not _is_cjk_word(w.text) for w in line)
            and _chinese_filling(line, reading, em))


def _date_for_gibberish(line: Sequence[RawWord], reading: LineReading, em: float) -> bool:
    """Unsure words that are no date ('Jana t972025' at 0.18) where the line model clearly reads a
    date and nothing else ('Jan. 19, 2025' at 0.99) with the year tesseract saw, as wide as the
    words' span: the date, whatever the script (on a page without Chinese, too)."""
    if reading.confidence < LINE_CLEAR_FROM or not all(_unsure(w) for w in line):
        return False
    text = reading.text.strip()
    found = find_dates(text)
    ours = " ".join(w.text for w in line)
    if not found or find_dates(ours) or found[0].sure < 1.0 or found[0].start > 0 or text[found[0].end:].strip(".,;: "):
        return False
    year = str(found[0].value)[:4]
    # by the line's em: a garbled year's box also holding the 年 and 月 it lost is taller than the
    # digits beside it ('2024410' 58 px high, '25A' 39 px: '2024年10月25日' would not fit by 58)
    return year in ours.replace(" ", "") and _fits(text, _spanning(line, text, reading.confidence), em, own_height=False)


def _as_one_word(line: Sequence[RawWord], reading: LineReading) -> dict[int, RawWord | None]:
    """The line model's reading as one word over the words' boxes, which it replaces."""
    word = _spanning(line, reading.text.strip(), round(reading.confidence, 4))
    return {id(line[0]): word, **{id(w): None for w in line[1:]}}


def _spanning(line: Sequence[RawWord], text: str, confidence: float) -> RawWord:
    left, right = min(w.left for w in line), max(w.left + w.width for w in line)
    top, bottom = min(w.top for w in line), max(w.top + w.height for w in line)
    return RawWord(text, left, top, right - left, bottom - top, confidence, line[0].line_key)


def _chinese_filling(line: Sequence[RawWord], reading: LineReading, em: float) -> bool:
    """The line model surely reads Chinese (and punctuation) only, as many characters as the
    words' span holds."""
    return (reading.confidence >= LINE_READ_FLOOR and _chinese_only(reading.text)
            and _fills_span(line, reading.text, em))


def _chinese_only(text: str) -> bool:
    """Chinese characters and punctuation only ('发票号:', '…委托，就贵司…')."""
    return _cjk_count(text) > 0 and all(is_cjk(c) or unicodedata.category(c).startswith("P") for c in text)


def _all_unsure_but_punctuation(line: Sequence[RawWord]) -> bool:
    """Every word of letters or digits unsure: a sure ':' anchors no reading."""
    words = [word for word in line if any(c.isalnum() for c in word.text)]
    return bool(words) and all(_unsure(word) for word in words)


def _fills_span(line: Sequence[RawWord], text: str, em: float) -> bool:
    """Whether Chinese `text` is as long as the words' span holds characters."""
    span = max(w.left + w.width for w in line) - min(w.left for w in line)
    return abs(len(text) - span / em) <= max(0.75, 0.35 * len(text))


def _characters_taken(line: Sequence[RawWord], owner: list[int], operations: Iterable) -> list[list[int]]:  # type: ignore[type-arg]
    """For each of our characters, the indices of the line reading's characters in its place;
    characters the line reading has and we lack go to a neighbouring unsure word."""
    taken: list[list[int]] = [[] for _ in owner]
    for op in operations:
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if op.tag in ("equal", "replace"):
            for k in range(i2 - i1):
                taken[i1 + k].extend(range(j1 + k * (j2 - j1) // (i2 - i1), j1 + (k + 1) * (j2 - j1) // (i2 - i1)))
        elif op.tag == "insert":
            if i1 > 0 and _unsure(line[owner[i1 - 1]]):
                taken[i1 - 1].extend(range(j1, j2))
            elif i1 < len(owner) and _unsure(line[owner[i1]]):
                taken[i1][:0] = range(j1, j2)
    return taken


# --- words and lines -----------------------------------------------------------------------
def build_lines(words: Sequence[RawWord], transform: Transform) -> tuple[Line, ...]:
    """Tesseract's own lines (block, paragraph, line), in reading order on the cleaned image,
    each word's box mapped back to the page as uploaded."""
    grouped: dict[tuple[int, int, int], list[RawWord]] = {}
    for word in words:
        grouped.setdefault(word.line_key, []).append(word)
    ordered = sorted(grouped.values(), key=lambda ws: (min(w.top for w in ws), min(w.left for w in ws)))
    lines = []
    for raw_line in ordered:
        line_words = _line_words(sorted(raw_line, key=lambda w: w.left), transform)
        if line_words:
            lines.append(Line(tuple(line_words)))
    return tuple(lines)


def _line_words(raw: Sequence[RawWord], transform: Transform) -> list[Word]:
    heights = sorted(w.height for w in raw)
    line_height = heights[len(heights) // 2]
    out: list[Word] = []
    previous: RawWord | None = None
    for word in raw:
        glued = previous is not None and _glued(previous, word, line_height)
        for piece_index, (text, x0, x1) in enumerate(_split_mixed(word)):
            box = transform.to_original(x0, word.top, x1, word.top + word.height)
            out.append(Word(text=_fix_glyphs(text), bbox=box, confidence=round(word.confidence, 4), source="ocr",
                            glued=glued if piece_index == 0 else True))
        previous = word
    return out


def _fix_glyphs(text: str) -> str:
    """Lookalike fixes per piece, not per tesseract word: a list glued by full-width
    punctuation ('Cl20248338、Cl20248339') is two numbers, each fixed on its own."""
    return fix_code_glyphs(fix_money_glyphs(text))


def _cjkish(char: str) -> bool:
    return is_cjk(char) or bool(_FULLWIDTH_PUNCT.match(char))


def _glued(previous: RawWord, word: RawWord, line_height: int) -> bool:
    """No space between two tesseract words: CJK next to CJK or full-width punctuation, and
    a value right after a label colon that follows CJK ('发票号码：INV-1'), a word whose box lies
    in the end of a number before it (tesseract's split of one number). Latin or digits
    next to CJK are glued only when set close, as Chinese print does ('2025年3月')."""
    last, first = previous.text[-1], word.text[0]
    if _cjkish(last) and _cjkish(first):
        return True
    if last.isdigit() and word.text.isdigit() and previous.left + previous.width - word.left >= 0.5 * word.width:
        return True  # digits boxed inside the end of a number: its tail ('INV-2024-21' + '84')
    if first in _LABEL_PUNCT and _cjkish(last):
        return True
    if last in _LABEL_PUNCT and (len(previous.text) == 1 or _cjkish(previous.text[-2])):
        return True
    if _cjkish(last) or _cjkish(first):
        gap = word.left - (previous.left + previous.width)
        return gap < 0.6 * line_height
    return False


def _split_mixed(word: RawWord) -> list[tuple[str, float, float]]:
    """Split a tesseract word at CJK/Latin boundaries and after label colons, like the text
    reader does, with each piece's share of the box by its width in half-width units."""
    pieces: list[str] = []
    kind_of_last: str | None = None
    for char in word.text:
        kind = "punct" if char in _LABEL_PUNCT else ("cjk" if _cjkish(char) else "latin")
        if pieces and (kind != kind_of_last or kind == "punct" or kind_of_last == "punct"):
            pieces.append(char)
        elif pieces:
            pieces[-1] += char
        else:
            pieces.append(char)
        kind_of_last = kind
    if len(pieces) == 1:
        return [(word.text, float(word.left), float(word.left + word.width))]
    units = [sum(2 if _cjkish(c) else 1 for c in piece) for piece in pieces]
    scale = word.width / sum(units)
    out = []
    x = float(word.left)
    for piece, unit in zip(pieces, units):
        out.append((piece, x, x + unit * scale))
        x += unit * scale
    return out


__all__ = ["ocr_pdf_pages", "ocr_image_pages", "ocr_page", "run_jobs", "PageJob", "PageOutcome"]
