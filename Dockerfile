# ClaimReady service image: API (`claimready serve`), workers (`claimready worker`),
# reconciler (`claimready reconcile`), migrations (`claimready migrate`) and the CLI.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 OMP_THREAD_LIMIT=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd tesseract-ocr-script-latn \
      poppler-utils fonts-wqy-zenhei curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY claimready ./claimready
# the OCR line model ships in the rapidocr-onnxruntime wheel; no deps (they ask for opencv-python)
RUN pip install . && pip install --no-deps rapidocr-onnxruntime==1.4.4 && useradd --system --uid 10001 --home /app claimready
USER claimready

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/health || exit 1
ENTRYPOINT ["claimready"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
