"""The optional claim manifest `claim.json` (SPEC section 1), validated at the edge."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from claimready.errors import InvalidManifest

MANIFEST_NAME = "claim.json"


class ClaimType(StrEnum):
    PROTRACTED_DEFAULT = "protracted_default"
    INSOLVENCY = "insolvency"
    POLITICAL = "political"


class Policy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_credit_days: int = Field(default=180, ge=0, le=3650)
    overdue_notification_days: int = Field(default=60, ge=0, le=3650)
    claim_filing_days: int = Field(default=150, ge=0, le=3650)
    approved_extensions: tuple[str, ...] = ()


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    claim_id: str | None = Field(default=None, max_length=200)
    policy_number: str | None = Field(default=None, max_length=200)
    claim_type: ClaimType = ClaimType.PROTRACTED_DEFAULT
    policyholder: str | None = Field(default=None, max_length=500)
    buyer: str | None = Field(default=None, max_length=500)
    claimed_amount: Decimal | None = None
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    overdue_notified_date: date | None = None
    filed_date: date | None = None
    policy: Policy = Policy()

    @field_validator("claimed_amount", mode="before")
    @classmethod
    def _amount_is_decimal_string(cls, value: object) -> object:
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError("must be a decimal string like \"48250.00\"")
        try:
            return Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValueError("must be a decimal string like \"48250.00\"") from exc

    @field_validator("currency")
    @classmethod
    def _currency_upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value


def parse_manifest(data: bytes, max_bytes: int = 1024 * 1024) -> Manifest:
    """Parse and validate `claim.json`; any problem is an InvalidManifest naming the key."""
    if len(data) > max_bytes:
        raise InvalidManifest(f"claim.json is {len(data)} bytes, more than the {max_bytes} allowed")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidManifest(f"claim.json is not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidManifest("claim.json is nested too deeply") from None
    if not isinstance(raw, dict):
        raise InvalidManifest("claim.json must hold a JSON object")
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise InvalidManifest(f"claim.json key '{key}': {first['msg']}") from None
