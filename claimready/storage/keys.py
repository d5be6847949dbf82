"""API keys: `cr_<id>_<secret>`; the database keeps the id, a per-key salt and sha256(salt + secret).

The secret (32 random bytes) is shown once, at creation. Each key has one tenant and one role.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimready.errors import InputError, NotFound
from claimready.storage.db import ROLES, ApiKey, Tenant, utcnow
from claimready.storage.repo import get_or_create_tenant

PREFIX = "cr"


@dataclass(frozen=True, slots=True)
class KeyIdentity:
    key_id: str
    tenant: str
    role: str


@dataclass(frozen=True, slots=True)
class KeyInfo:
    key_id: str
    tenant: str
    role: str
    created_at: datetime
    revoked_at: datetime | None


def _hash(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode()).hexdigest()


def create_key(session: Session, tenant: str, role: str) -> tuple[str, str]:
    """(key id, full key). The full key is not stored and cannot be shown again."""
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    tenant_row = get_or_create_tenant(session, tenant)
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    session.add(ApiKey(id=key_id, tenant_id=tenant_row.id, role=role, salt=salt, key_hash=_hash(salt, secret)))
    return key_id, f"{PREFIX}_{key_id}_{secret}"


def authenticate(session: Session, presented: str) -> KeyIdentity | None:
    """The identity behind a presented key; None for unknown, malformed or revoked keys."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    _, key_id, secret = parts
    row = session.execute(select(ApiKey, Tenant.name).join(Tenant, Tenant.id == ApiKey.tenant_id)
                          .where(ApiKey.id == key_id)).first()
    if row is None:
        _hash("00" * 16, secret)  # same work for unknown ids
        return None
    key, tenant_name = row
    if key.revoked_at is not None or not hmac.compare_digest(key.key_hash, _hash(key.salt, secret)):
        return None
    return KeyIdentity(key_id=key.id, tenant=tenant_name, role=key.role)


def list_keys(session: Session) -> list[KeyInfo]:
    rows = session.execute(select(ApiKey, Tenant.name).join(Tenant, Tenant.id == ApiKey.tenant_id)
                           .order_by(ApiKey.created_at)).all()
    return [KeyInfo(k.id, name, k.role, k.created_at, k.revoked_at) for k, name in rows]


def revoke_key(session: Session, key_id: str) -> None:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"no API key {key_id!r}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
