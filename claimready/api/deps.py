"""Shared request-scoped pieces: the ServiceContext and Actors the app was created with."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from claimready.workers.actors import Actors
from claimready.workers.context import ServiceContext


def service_context(request: Request) -> ServiceContext:
    return request.app.state.ctx


def actors(request: Request) -> Actors:
    return request.app.state.actors


def db_session(request: Request) -> Iterator[Session]:
    with service_context(request).session() as session:
        yield session
