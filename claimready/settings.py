"""The one settings object, built at start-up from CLAIMREADY_* variables and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
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
    ocr_languages: str = "eng+chi_sim"
    ocr_dpi: int = 300
    ocr_timeout_s: float = 120.0
    ocr_workers: int = 2
    min_text_chars_per_page: int = 20  # a text layer with fewer usable chars is treated as absent

    # verdict
    low_confidence: float = 0.60  # a value a check relies on below this yields LOW_CONFIDENCE
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


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
