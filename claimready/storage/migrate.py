"""Run the bundled Alembic migrations programmatically (`claimready migrate`, service start)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from claimready.storage.db import engine_url, make_engine

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 72_61_2025  # PostgreSQL advisory lock id: API, workers and reconciler may start together


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine_url(database_url).replace("%", "%%"))
    return config


def migrate(database_url: str, revision: str = "head") -> None:
    """Upgrade the database to `revision`. Several services may start at once: on PostgreSQL
    they queue on an advisory lock and the later ones find the schema at head already."""
    config = alembic_config(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def current_revision(database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
