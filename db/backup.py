"""Online backups of the SQLite file (sqlite3 backup API) and the checked restore steps.

Every file written here is private (0600) and written to a temporary name in the same folder, then
renamed, so a kill never leaves a half-written backup or database.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine

from db.engine import data_dir, make_private, private_dir, sqlite_path

# Tables a restorable Antasena backup must hold (the schema itself is checked by version).
REQUIRED_TABLES = ("alembic_version", "user_account", "audit_log", "personnel", "unit", "event", "setting")


def backup_dir() -> Path:
    return private_dir(data_dir() / "backups")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def copy_sqlite(source: Path, target: Path) -> Path:
    """Consistent copy of a live SQLite file (backup API) to `target`, private, via a temp name."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    make_private(partial, create=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst, pages=1024)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    partial.replace(target)
    make_private(target)
    return target


def backup_sqlite(engine: Engine, target: Path | None = None, reason: str = "manual") -> Path | None:
    """Copy the live database to `target` (default: the backups folder). None for non-SQLite databases."""
    source = sqlite_path(engine.url.render_as_string(hide_password=False))
    if source is None or not source.exists():
        return None
    if target is None:
        target = backup_dir() / f"{source.stem}-{_stamp()}-{reason}.db"
    return copy_sqlite(source, Path(target))


def backup_file(source: Path, reason: str) -> Path:
    """Backup of a SQLite file that no engine holds open (before demo --replace, before restore)."""
    return copy_sqlite(Path(source), backup_dir() / f"{Path(source).stem}-{_stamp()}-{reason}.db")


class BackupRefused(ValueError):
    """The file is not a restorable backup; `kind` says why (for the bilingual message)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass
class BackupInfo:
    path: Path
    revision: str | None


def inspect_backup(path: Path) -> BackupInfo:
    """Integrity, the required tables and the schema revision of a backup file; BackupRefused otherwise."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused("missing", str(path))
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupRefused("not-sqlite", str(path))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            revision = None
            if not missing:
                rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
                revision = rows[0][0] if len(rows) == 1 else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused("damaged", str(exc)) from exc
    if result != "ok":
        raise BackupRefused("damaged", result)
    if missing:
        raise BackupRefused("tables", ", ".join(missing))
    if revision is None:
        raise BackupRefused("version", "")
    return BackupInfo(path, revision)


def verify_sqlite(path: Path) -> None:
    """Raise ValueError unless `path` is an intact Antasena backup."""
    inspect_backup(path)


def working_copy(backup: Path, database: Path) -> Path:
    """The backup copied next to `database` (private), to be checked/upgraded before it replaces it."""
    return copy_sqlite(Path(backup), database.with_name(f"{database.name}.restoring"))


def swap_in(work: Path, database: Path) -> Path | None:
    """Keep the current file as a safety copy, then rename the prepared copy over it. Returns the safety copy."""
    safety = None
    if database.exists():
        safety = copy_sqlite(database, backup_dir() / f"{database.stem}-sebelum-restore-{_stamp()}.db")
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    os.replace(work, database)
    make_private(database)
    return safety


def restore_sqlite(backup: Path, database: Path) -> Path | None:
    """Replace `database` with `backup` (checked first) without the account checks of `antasena db restore`
    (first-run restore of a whole desk). The current file is kept as a safety copy."""
    inspect_backup(backup)
    return swap_in(working_copy(backup, Path(database)), Path(database))


def backup_database(engine: Engine, target: Path | None = None, reason: str = "manual") -> Path | None:
    """SQLite: the file backup above; PostgreSQL: pg_dump (db/pg_backup.py)."""
    if engine.dialect.name == "postgresql":
        from db.pg_backup import backup_postgres
        return backup_postgres(engine.url.render_as_string(hide_password=False), target, reason)
    return backup_sqlite(engine, target, reason)
