"""Online backups of the SQLite file (sqlite3 backup API) and restore."""
from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine

from db.engine import data_dir, sqlite_path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_sqlite(engine: Engine, target: Path | None = None, reason: str = "manual") -> Path | None:
    """Copy the live database to `target` (default: the backups folder). None for non-SQLite databases."""
    source = sqlite_path(engine.url.render_as_string(hide_password=False))
    if source is None or not source.exists():
        return None
    if target is None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = backup_dir() / f"{source.stem}-{stamp}-{reason}.db"
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst, pages=1024)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    partial.replace(target)
    return target


def verify_sqlite(path: Path) -> None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.execute("SELECT count(*) FROM alembic_version").fetchone()
    finally:
        con.close()
    if result != "ok":
        raise ValueError(f"backup {path} failed the integrity check: {result}")


def restore_sqlite(backup: Path, database: Path) -> Path | None:
    """Replace `database` with `backup` (checked first); the current file is kept as a safety copy."""
    backup = Path(backup)
    verify_sqlite(backup)
    safety = None
    if database.exists():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        safety = database.with_name(f"{database.stem}-sebelum-restore-{stamp}.db")
        src = sqlite3.connect(str(database))
        dst = sqlite3.connect(str(safety))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    tmp = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, tmp)
    tmp.replace(database)
    return safety


def backup_database(engine: Engine, target: Path | None = None, reason: str = "manual") -> Path | None:
    """SQLite: the file backup above; PostgreSQL: pg_dump (db/pg_backup.py)."""
    if engine.dialect.name == "postgresql":
        from db.pg_backup import backup_postgres
        return backup_postgres(engine.url.render_as_string(hide_password=False), target, reason)
    return backup_sqlite(engine, target, reason)
