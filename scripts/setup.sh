#!/usr/bin/env bash
# Installs everything ClaimReady needs on a fresh Debian machine: apt packages, a venv, pip packages.
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PKGS="tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd tesseract-ocr-script-latn fonts-wqy-zenhei poppler-utils"
if [ "${1:-}" = "--dev" ]; then APT_PKGS="$APT_PKGS chromium"; fi
missing=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# the OCR line model (PP-OCRv4 recogniser, claimready/extractors/linerec.py) ships in this wheel; installed
# without its dependencies, which ask for opencv-python (it would shadow opencv-python-headless)
LINE_MODEL_WHEEL="rapidocr-onnxruntime==1.4.4"
stamp=.venv/.installed-$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)${1:-}
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  if [ "${1:-}" = "--dev" ]; then .venv/bin/pip install -q -e '.[dev]'; else .venv/bin/pip install -q -e .; fi
  .venv/bin/pip install -q --no-deps "$LINE_MODEL_WHEEL"
  touch "$stamp"
fi
