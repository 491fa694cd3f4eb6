"""Alembic on both engines: empty → head, down one step, up again; the schema at head matches the models."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from db import migrate
from db.engine import make_engine
from db.models import Base


def test_upgrade_downgrade_upgrade(make_database_url):
    engine = make_engine(make_database_url(empty=True))
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    head = migrate.head_revision()
    assert migrate.current_revision(engine) == head
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from rank")).scalar() == 39
    migrate.downgrade(engine, "-1")
    assert migrate.current_revision(engine) != head
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == head
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()


def test_models_and_migrations_agree(make_database_url):
    engine = make_engine(make_database_url(empty=True))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], f"models differ from the migrated schema: {diff}"


@pytest.mark.sqlite_only("SQLite connection pragmas")
def test_sqlite_pragmas(database_url):
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1
        assert conn.execute(text("pragma synchronous")).scalar() == 2  # FULL


@pytest.mark.sqlite_only("the pre-migration copy is a SQLite file backup (PostgreSQL: pg_dump, db/pg_backup.py)")
def test_upgrade_of_existing_data_makes_a_backup_first(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0001")
    backup = migrate.upgrade(engine)
    assert backup is not None and backup.endswith(".db")
    assert "pre-migrasi-0001" in backup
