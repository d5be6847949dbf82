"""A second reader for lines of Chinese print: PP-OCRv4's text-line recogniser, an ONNX model
run with onnxruntime on one line image at a time.

Why: Debian ships only tesseract's fast chi_sim model, which misreads characters of company
names (鹭 as 玖, 函 as 郧, 口 as 喇) at low confidence on scans; the best model is not on our
package registries. The PP-OCRv4 recogniser reads those lines right (measured on our scanned
Chinese pages: 30-200 ms a line on one thread). Tesseract stays the page reader (boxes,
confidences, orientation); this model only re-reads lines tesseract doubted (ocr.py).

The model file comes from the `rapidocr-onnxruntime` wheel, installed without its
dependencies (it asks for opencv-python, which would shadow opencv-python-headless); none of
that package's code is imported. The character list is stored in the model's metadata.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

_HEIGHT = 48  # the model's input height
_MIN_WIDTH = 320  # ... and its narrowest input


@dataclass(frozen=True, slots=True)
class LineReading:
    text: str
    probabilities: tuple[float, ...]  # one per character of text, 0..1

    @property
    def confidence(self) -> float:
        return sum(self.probabilities) / len(self.probabilities) if self.probabilities else 0.0


class LineReader:
    """One onnxruntime session (one thread: pages are read in parallel by processes)."""

    def __init__(self, model_path: Path) -> None:
        import onnxruntime  # imported here: only OCR workers pay for it

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        characters = self._session.get_modelmeta().custom_metadata_map.get("character")
        if not characters:
            raise ValueError(f"{model_path} has no character list in its metadata")
        self._characters = ["", *characters.splitlines(), " "]  # CTC blank first, space last
        self._input = self._session.get_inputs()[0].name

    def read(self, image: np.ndarray) -> LineReading:
        """Read one line image (grey or BGR, dark text on light paper)."""
        if image.size == 0:
            return LineReading("", ())
        scores = self._session.run(None, {self._input: _as_input(image)})[0][0]
        best, probability = scores.argmax(axis=1), scores.max(axis=1)
        keep = np.ones(len(best), dtype=bool)
        keep[1:] = best[1:] != best[:-1]  # CTC: a character held over several columns counts once
        keep &= best != 0
        characters = [self._characters[i] for i in best[keep]]
        return LineReading("".join(characters), tuple(float(p) for p in probability[keep]))


def trim_to_ink(image: np.ndarray) -> np.ndarray:
    """The line's ink with a margin of a quarter of its height: blank paper beside a line is
    read as a stray character ('...有限责任公司關')."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ys, xs = np.nonzero(grey < 128)
    if len(xs) == 0:
        return image
    margin = max(2, (ys.max() - ys.min()) // 4)
    top, bottom = max(0, ys.min() - margin), ys.max() + margin + 1
    left, right = max(0, xs.min() - margin), xs.max() + margin + 1
    return image[top:bottom, left:right]


def _as_input(image: np.ndarray) -> np.ndarray:
    image = trim_to_ink(image)
    colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image
    height, width = colour.shape[:2]
    resized_width = max(1, math.ceil(_HEIGHT * width / max(1, height)))
    resized = cv2.resize(colour, (resized_width, _HEIGHT)).astype(np.float32)
    scaled = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    padded = np.zeros((3, _HEIGHT, max(_MIN_WIDTH, resized_width)), dtype=np.float32)
    padded[:, :, :resized_width] = scaled
    return padded[np.newaxis]


@lru_cache(maxsize=2)
def line_reader(model_path: str) -> LineReader:
    """One reader per process and model, loaded on first use (~0.3 s)."""
    return LineReader(Path(model_path))


__all__ = ["LineReader", "LineReading", "line_reader", "trim_to_ink"]
