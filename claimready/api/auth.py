"""Bearer API-key authentication: every portal call carries `Authorization: Bearer <key>`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from claimready.errors import Forbidden, Unauthorized
from claimready.api.deps import db_session
from claimready.storage.keys import KeyIdentity, authenticate


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_key(request: Request, session: Annotated[Session, Depends(db_session)]) -> KeyIdentity:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("send 'Authorization: Bearer <key>'")
    identity = authenticate(session, token)
    if identity is None:
        raise Unauthorized("unknown or revoked API key")
    return identity


def require_roles(*roles: str):  # type: ignore[no-untyped-def]
    def check(identity: Annotated[KeyIdentity, Depends(current_key)]) -> KeyIdentity:
        if identity.role not in roles:
            raise Forbidden(f"role '{identity.role}' may not do this")
        return identity

    return check
