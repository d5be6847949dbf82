"""The one settings object, built at start-up from CLAIMREADY_* variables and passed down."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMREADY_", frozen=True, extra="ignore")

    # input guards
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_page_pixels: int = 60_000_000  # after rendering at ocr_dpi; bigger pages are refused
    max_manifest_bytes: int = 1024 * 1024

    # OCR
    ocr_enabled: bool = True
    # tesseract's Latin-script model reads the accents of buyers' names (Şişli, Müller, Thành Công) that eng
    # drops; measured on 20 scanned claims: fields 0.861 -> 0.909, ~30% more time per page
    ocr_languages: str = "Latin+chi_sim"
    ocr_dpi: int = 300
    ocr_timeout_s: float = 120.0
    ocr_workers: int = 2
    min_text_chars_per_page: int = 20  # a text layer with fewer usable chars is treated as absent
    # lines of Chinese print tesseract doubted are read again by PP-OCRv4's line recogniser (extractors/linerec.py)
    ocr_line_reader: bool = True
    ocr_line_model: Path | None = None  # that model's file; default: the one the rapidocr-onnxruntime wheel ships

    # verdict
    low_confidence: float = 0.60  # a value a check relies on below this yields LOW_CONFIDENCE
    # a Chinese name OCR read one character off a printed one is the same company only when OCR doubted
    # that character or the two glyphs look alike in this font (validators/glyphs.py; None: always forgiven)
    cjk_glyph_font: Path | None = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    glyphs_alike_from: float = 0.50
    rules_dir: Path | None = None  # override the bundled rule files

    # service mode
    tenant: str = "local"
    database_url: str = "sqlite:///claimready.db"
    redis_url: str = "redis://127.0.0.1:6379/0"
    broker: str = Field(default="stub", description="'redis', 'rabbitmq' or 'stub' (in-process)")
    bucket_url: str = Field(default="file://./bucket", description="file://DIR or s3://BUCKET")
    s3_endpoint: str = "127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    evaluate_debounce_s: float = 2.0
    reconcile_interval_s: float = 60.0
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    max_upload_bytes: int = 100 * 1024 * 1024
    # service mode: workers, broker, intake (added with service mode)
    broker_namespace: str = "claimready"
    broker_heartbeat_timeout_ms: int = 60_000  # a dead worker's unacked messages are requeued after this
    broker_maintenance_chance: int = 1000  # per million broker commands (dramatiq's default)
    worker_processes: int = 1
    worker_threads: int = 2
    max_retries: int = 8
    retry_min_backoff_ms: int = 1_000
    retry_max_backoff_ms: int = 120_000
    document_time_limit_s: float = 900.0  # hard limit per document job (OCR included)
    processing_lease_s: float = 1_200.0  # a document 'processing' longer than this is re-enqueued
    received_stale_s: float = 300.0  # a document 'received' longer than this is re-enqueued
    process_delay_s: float = 0.0  # injected delay before extraction (tests of crash recovery only)
    webhook_token: str = ""  # when set, event webhooks need 'Authorization: Bearer <token>'
    migrate_on_start: bool = True

    @model_validator(mode="after")
    def _line_model_is_there(self) -> Settings:
        if self.ocr_line_reader and self.line_model_path is None:
            where = self.ocr_line_model or f"the {LINE_MODEL_PACKAGE} package ({LINE_MODEL_FILE})"
            raise ValueError(f"the OCR line model is missing: {where}; run scripts/setup.sh to install it, point "
                             "CLAIMREADY_OCR_LINE_MODEL at the file, or set CLAIMREADY_OCR_LINE_READER=false")
        return self

    @property
    def line_model_path(self) -> Path | None:
        """The line recogniser's model file, or None when the line reader is off or the file is missing."""
        if not self.ocr_line_reader:
            return None
        path = self.ocr_line_model or packaged_line_model()
        return path if path is not None and path.is_file() else None


LINE_MODEL_PACKAGE = "rapidocr_onnxruntime"
LINE_MODEL_FILE = "models/ch_PP-OCRv4_rec_infer.onnx"


def packaged_line_model() -> Path | None:
    """The recogniser the rapidocr-onnxruntime wheel ships, found without importing the package
    (setup installs it without its dependencies; only the model file is used)."""
    spec = importlib.util.find_spec(LINE_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / LINE_MODEL_FILE


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
