"""Open the WBS database: its own file (wbs.db in the data folder), private file modes, SQLite hygiene
after GlobaLeaks (secure_delete, auto_vacuum=FULL, trusted_schema=OFF), schema at head."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, event, inspect

from db.database import Database
from db.engine import data_dir, make_engine, make_session_factory, sqlite_path


def default_wbs_url() -> str:
    return f"sqlite:///{data_dir() / 'wbs.db'}"


def _wbs_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")      # deleted content is overwritten with zeros
    cursor.execute("PRAGMA auto_vacuum=FULL")      # effective on a new file; freed pages are returned
    cursor.execute("PRAGMA trusted_schema=OFF")
    cursor.close()


def _private_file(path: Path) -> None:
    """Create the SQLite file 0600 (a new folder 0700) before SQLite does; its -wal/-shm copy the mode."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        con = sqlite3.connect(path)          # auto_vacuum only takes effect before the header is written
        try:
            con.execute("PRAGMA auto_vacuum=FULL")
            con.execute("PRAGMA journal_mode=WAL")
        finally:
            con.close()
    os.chmod(path, 0o600)


def make_wbs_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        _private_file(path)
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _wbs_pragmas)
    return engine


class ForeignDatabase(ValueError):
    """The URL points at a database that is not the WBS's (the Bag Ops one, typically)."""


def _refuse_foreign_database(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    if "alembic_version" in tables or "user_account" in tables:
        engine.dispose()
        raise ForeignDatabase("this is a Bag Ops database, not the WBS")


def open_wbs_database(url: str | None = None, upgrade: bool = True) -> Database:
    """The WBS workspace's database (default `wbs.db` in the data folder; any SQLAlchemy URL)."""
    from db.wbs import migrate

    url = url or default_wbs_url()
    engine = make_wbs_engine(url)
    _refuse_foreign_database(engine)
    if upgrade:
        migrate.upgrade(engine)
    return Database(url, engine, make_session_factory(engine))
