"""Open a database: engine, sessions, schema at head."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db import migrate
from db.engine import default_url, make_engine, make_session_factory, sqlite_path


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error (one transaction)."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def describe(self) -> str:
        path = sqlite_path(self.url)
        return f"SQLite: {path}" if path else self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, upgrade: bool = True) -> Database:
    url = url or default_url()
    engine = make_engine(url)
    if upgrade:
        migrate.upgrade(engine)
    return Database(url, engine, make_session_factory(engine))
