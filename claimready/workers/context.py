"""What a worker, the API and the reconciler share: settings, database sessions, the bucket, rules.

Built once at start-up from Settings (nothing connects at import time)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from claimready.errors import DatabaseUnavailable
from claimready.rules import Rules, load_rules
from claimready.settings import Settings
from claimready.storage.bucket import Bucket, open_bucket
from claimready.storage.db import make_sessionmaker


@dataclass
class ServiceContext:
    settings: Settings
    sessions: sessionmaker  # type: ignore[type-arg]
    bucket: Bucket
    _rules: Rules | None = field(default=None, repr=False)

    @cached_property
    def rules(self) -> Rules:
        return self._rules or load_rules(self.settings.rules_dir)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose connection failures are transient (retried), not bugs."""
        session = self.sessions()
        try:
            yield session
        except (OperationalError, DBAPIError) as exc:
            session.rollback()
            if isinstance(exc, DBAPIError) and not exc.connection_invalidated and not isinstance(exc, OperationalError):
                raise
            raise DatabaseUnavailable(f"database: {type(exc.orig).__name__}: {exc.orig}") from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def open_context(settings: Settings, bucket: Bucket | None = None) -> ServiceContext:
    return ServiceContext(settings=settings, sessions=make_sessionmaker(settings), bucket=bucket or open_bucket(settings))
