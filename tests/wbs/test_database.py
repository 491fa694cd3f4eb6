"""The WBS database: its own file and Alembic history, private file modes, SQLite hygiene, no Bag Ops mix."""
from __future__ import annotations

import stat

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from antasena_desktop.i18n import UserError
from db.wbs import migrate
from db.wbs.database import default_wbs_url, make_wbs_engine, open_wbs_database
from db.wbs.models import WbsBase


def test_own_history_up_down_up_and_models_agree(tmp_path):
    engine = make_wbs_engine(f"sqlite:///{tmp_path}/m.db")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert tables >= set(WbsBase.metadata.tables) and "alembic_version" not in tables
    assert not tables & {"user_account", "audit_log", "personnel", "event"}
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": migrate.VERSION_TABLE})
        assert compare_metadata(context, WbsBase.metadata) == []
    migrate.downgrade(engine, "base")
    assert "wbs_case" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_hygiene_pragmas_and_private_file(tmp_path):
    database = open_wbs_database(f"sqlite:///{tmp_path}/new/w.db")
    with database.engine.connect() as conn:
        assert conn.execute(text("pragma secure_delete")).scalar() == 1
        assert conn.execute(text("pragma auto_vacuum")).scalar() == 1      # FULL
        assert conn.execute(text("pragma trusted_schema")).scalar() == 0
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
    database.close()
    assert stat.S_IMODE((tmp_path / "new" / "w.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


def test_default_is_wbs_db_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path))
    assert default_wbs_url() == f"sqlite:///{tmp_path / 'wbs.db'}"


def test_a_bag_ops_database_is_refused(database, capsys):
    from db.wbs.database import ForeignDatabase
    with pytest.raises(ForeignDatabase, match="Bag Ops"):
        open_wbs_database(database.url)
    from antasena_desktop.cli import main
    assert main(["wbs", "case", "list", "--db", database.url, "--user", "admin"]) == 2
    assert "milik Bag Ops" in capsys.readouterr().err
