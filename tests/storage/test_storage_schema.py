"""Database: migrations from empty (SQLite; PostgreSQL on a fresh database), unique constraints,
API keys, lossless ExtractedDocument storage."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from claimready.models import BBox, DocType, ExtractedDocument, FieldValue, FileKind, SourceFile, frozen_map
from claimready.settings import Settings
from claimready.storage import repo
from claimready.storage.db import make_engine, make_sessionmaker
from claimready.storage.keys import authenticate, create_key, revoke_key
from claimready.storage.migrate import current_revision, migrate
from claimready.storage.serialize import document_from_json, document_to_json

def _head() -> str | None:
    from alembic.script import ScriptDirectory

    from claimready.storage.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


TABLES = {"tenants", "claims", "documents", "extractions", "verdicts", "audit_log", "api_keys", "alembic_version"}


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path}/db.sqlite"
    migrate(url)
    with make_sessionmaker(Settings(database_url=url))() as s:
        yield s


def test_storage_migrate_sqlite_from_empty_creates_every_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/fresh.sqlite"
    migrate(url)
    migrate(url)  # a second run is a no-op
    assert TABLES <= set(inspect(make_engine(url)).get_table_names())
    assert current_revision(url) == _head()


@pytest.mark.postgres
def test_storage_migrate_postgres_fresh_database_from_empty() -> None:
    name = f"claimready_mig_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        migrate(url)
        engine = make_engine(url)
        tables = set(inspect(engine).get_table_names())
        uniques = {u["name"] for u in inspect(engine).get_unique_constraints("documents")}
        engine.dispose()
        assert TABLES <= tables and current_revision(url) == _head()
        assert uniques == {"uq_documents_object_version", "uq_documents_claim_sha256"}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_storage_same_object_version_is_registered_once(session: Session) -> None:
    claim = repo.get_or_create_claim(session, repo.get_or_create_tenant(session, "acme"), "CLM-1")
    first = repo.register_document(session, claim, "acme/CLM-1/a.pdf", "a.pdf", "e1", 10)
    again = repo.register_document(session, claim, "acme/CLM-1/a.pdf", "a.pdf", "e1", 10)
    assert first is not None and again is None


def test_storage_same_content_in_a_claim_is_a_duplicate(session: Session) -> None:
    claim = repo.get_or_create_claim(session, repo.get_or_create_tenant(session, "acme"), "CLM-1")
    a = repo.register_document(session, claim, "acme/CLM-1/a.pdf", "a.pdf", "e1", 10)
    b = repo.register_document(session, claim, "acme/CLM-1/b.pdf", "b.pdf", "e1", 10)
    assert a is not None and b is not None
    assert repo.set_content_hash(session, a, "f" * 64) is None
    original = repo.set_content_hash(session, b, "f" * 64)
    assert original is not None and original.id == a.id


def test_storage_api_key_authenticates_until_revoked(session: Session) -> None:
    key_id, key = create_key(session, "acme", "adjuster")
    session.commit()
    identity = authenticate(session, key)
    tampered = authenticate(session, key[:-2] + ("xx" if not key.endswith("xx") else "yy"))
    revoke_key(session, key_id)
    session.commit()
    assert identity is not None and (identity.tenant, identity.role) == ("acme", "adjuster")
    assert tampered is None and authenticate(session, key) is None
    secret = key.split("_", 2)[2]  # as authenticate parses it: the secret may hold '_' itself (token_urlsafe)
    assert secret not in repr(session.execute(__import__("sqlalchemy").text("SELECT * FROM api_keys")).all())


def test_storage_extracted_document_round_trips_with_internal_fields() -> None:
    box = BBox(0.1, 0.2, 0.3, 0.4)
    doc = ExtractedDocument(
        file=SourceFile("inv.pdf", "/tmp/x", "a" * 64, 123, FileKind.PDF), doc_type=DocType.INVOICE,
        doc_type_confidence=0.93, pages=2, ocr_pages=(2,), language="en+zh",
        fields=frozen_map({"total_amount": FieldValue("48250.00", "USD 48,250.00", 1, box, 0.99),
                           "payment_terms_days": FieldValue(60, "60 days", 1, box, 0.8, "ocr"),
                           "buyer": FieldValue("青鸟海天轮胎有限公司", "青鸟海天轮胎有限公司", 1, box, 0.5, "ocr", doubtful="青鸟"),
                           "insurer_approved": FieldValue(True, "approved", 2, box, 0.7),
                           "invoice_numbers": FieldValue(("INV-1", "INV-2"), "INV-1, INV-2", 1, box, 1.0),
                           "_payment_terms_basis": FieldValue("shipment", "after B/L date", 1, box, 1.0)}),
        errors=("page 2: low contrast",))
    back = document_from_json(document_to_json(doc), path="/tmp/x")
    assert back == doc
