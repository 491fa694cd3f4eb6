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


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]       # base → head


def test_every_revision_up_and_down(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/walk.db")
    revisions = _revisions()
    assert revisions[0] == "0001" and revisions[-1] == migrate.head_revision()
    for revision in revisions:                       # up one at a time; each step also goes down and up again
        migrate.upgrade(engine, revision, backup=False)
        assert migrate.current_revision(engine) == revision
        migrate.downgrade(engine, "-1")
        assert migrate.current_revision(engine) == (revisions[revisions.index(revision) - 1]
                                                     if revision != revisions[0] else None)
        migrate.upgrade(engine, revision, backup=False)
    for revision in reversed(revisions):             # and all the way down
        migrate.downgrade(engine, "-1")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}


def test_data_migrations_are_frozen():
    """0002/0003 carry their own rows: they import nothing of the application and read no resource file."""
    import ast
    from pathlib import Path
    folder = Path(migrate.MIGRATIONS) / "versions"
    for name in ("0002_reference_catalogues.py", "0003_event_templates.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
            {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m and m.split(".")[0] in ("antasena_desktop", "db", "ui") for m in imported), (name, imported)
        assert "resource_path" not in (folder / name).read_text(encoding="utf-8")


def test_0002_reference_data(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/r.db")
    migrate.upgrade(engine, "0002", backup=False)
    with engine.connect() as conn:
        ranks = {code: (level, is_pns) for code, level, is_pns in conn.execute(
            text('select code, level, is_pns from rank'))}
        functions = set(conn.execute(text("select code from function where active")).scalars())
    assert len(ranks) == 39 and ranks["BHARADA"] == (1, 0) and ranks["BRIPKA"] == (10, 0)
    assert max(level for level, pns in ranks.values() if not pns) == 22               # Jenderal Pol
    assert sum(1 for _level, pns in ranks.values() if pns) > 0                        # PNS grades mapped too
    assert {"samapta", "dalmas", "lantas"} <= functions and len(functions) == 13
    migrate.downgrade(engine, "0001")
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from rank")).scalar() == 0


def test_0003_templates_seeded_and_removed_exactly(tmp_path):
    import importlib.util
    import json
    import uuid
    from pathlib import Path

    from antasena_desktop.services.templates import validate_body
    path = Path(migrate.MIGRATIONS) / "versions" / "0003_event_templates.py"
    spec = importlib.util.spec_from_file_location("rev0003", path)
    rev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rev)
    frozen = rev._defaults()
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    migrate.upgrade(engine, "0003", backup=False)
    with engine.begin() as conn:
        rows = conn.execute(text("select id, kind, kerawanan_level, body_json from event_template")).all()
        conn.execute(text("insert into event_template (id, created_at, updated_at, updated_by, row_version, kind, "
                          "kerawanan_level, name, body_json) values ('own-template', '2026-01-01', '2026-01-01', "
                          "'op', 1, 'konser', 1, 'Templat sendiri', '{\"posts\": []}')"))
    assert len(rows) == len(frozen) > 0
    for row_id, kind, level, body in rows:
        assert row_id == str(uuid.uuid5(rev.NAMESPACE, f"event-template/{kind}/{level}"))
        validate_body(json.loads(body))                   # the current rules still accept every seeded body
    migrate.downgrade(engine, "0002")
    with engine.connect() as conn:
        left = conn.execute(text("select id from event_template")).scalars().all()
    assert left == ["own-template"]                       # only the seeded rows went
