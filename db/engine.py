"""Engine and session setup. SQLite: WAL, foreign keys on, synchronous=FULL. Any SQLAlchemy URL works."""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "antasena-desktop"
APP_AUTHOR = "BagOpsPolrestabesPalembang"


def make_private(path: Path, create: bool = False) -> Path:
    """Mode 0600 for a file the app writes (POSIX); with `create`, make it empty first if absent."""
    path = Path(path)
    if create and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    if os.name == "posix" and path.exists():
        try:
            os.chmod(path, 0o600)
        except PermissionError:          # another account's file: leave it as it is
            pass
    return path


def private_dir(path: Path) -> Path:
    """A folder only the owner may enter (0700 on POSIX), created if needed."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def data_dir() -> Path:
    """The OS data directory (override with ANTASENA_DATA_DIR), private (0700)."""
    return private_dir(Path(os.environ.get("ANTASENA_DATA_DIR") or user_data_dir(APP_NAME, APP_AUTHOR)))


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'antasena.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    rest = rest.split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def normalise_url(url: str) -> str:
    """`postgresql://…` means psycopg 3 here (the driver we ship), not SQLAlchemy's psycopg2 default."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = normalise_url(url or default_url())
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            make_private(path, create=True)          # SQLite gives -wal/-shm the file's own mode
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 10})
    elif url.startswith("postgresql"):
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose commits append to the change log (and NOTIFY on PostgreSQL): db/changelog.py; on a
    desk replica also to the outbox, in the same transaction (db/sync_outbox.py)."""
    from db import changelog, sync_outbox
    return sync_outbox.install(changelog.install(sessionmaker(engine, expire_on_commit=False)))
