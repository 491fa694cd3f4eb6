"""Hearing other desks' changes: LISTEN on a background thread (psycopg 3), catch up from the change log.

`ChangeListener(url, on_changes)` starts a daemon thread that LISTENs on the change channel. Every
NOTIFY (or every second, as a safety net) it reads the change-log rows after the last id it has seen
and hands those of other desks to `on_changes` (on its own thread: the caller marshals to the UI). When
the connection drops it reconnects with a growing pause and catches up from the last seen id, so nothing
that was committed while it was away is missed. `on_status(connected: bool, message)` reports the link.
Plain Python, no Qt. SQLite databases have no server to listen to: `poll(session, after)` reads the same
change log directly (the desk calls it on a timer, `ui/live.py`).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db.changelog import CHANNEL, DESK_ID, last_change_id
from db.models import ChangeLog
from db.engine import normalise_url


@dataclass(frozen=True)
class RemoteChange:
    id: int
    desk: str
    entities: dict[str, list[str]]          # table → row ids ("*": the whole table)
    at: datetime | None = None              # when it was committed (UTC, just before the commit)


def libpq_params(url: str) -> dict:
    """psycopg connection parameters from a SQLAlchemy URL (host may be a socket folder in the query)."""
    parsed = make_url(normalise_url(url))
    params = {"dbname": parsed.database, "user": parsed.username, "password": parsed.password,
              "host": parsed.host, "port": parsed.port}
    params.update({k: v for k, v in parsed.query.items() if isinstance(v, str)})
    return {k: v for k, v in params.items() if v not in (None, "")}


def read_changes(conn: psycopg.Connection, after: int, limit: int = 1000) -> list[RemoteChange]:
    rows = conn.execute("SELECT id, desk, entities_json, at FROM change_log WHERE id > %s ORDER BY id LIMIT %s",
                        (after, limit)).fetchall()
    return [RemoteChange(row[0], row[1], json.loads(row[2]), row[3].replace(tzinfo=timezone.utc) if row[3] else None)
            for row in rows]


def poll(session: Session, after: int | None, own_desk: str = DESK_ID,
         limit: int = 1000) -> tuple[int, list[RemoteChange]]:
    """(last id now seen, other desks' change-log rows after `after`) — one indexed read, for SQLite.

    `after=None` (the first call) only learns where the log ends: what was committed before is already
    on screen."""
    if after is None:
        return last_change_id(session), []
    rows = session.execute(select(ChangeLog.id, ChangeLog.desk, ChangeLog.entities_json, ChangeLog.at)
                           .where(ChangeLog.id > after).order_by(ChangeLog.id).limit(limit)).all()
    if not rows:
        return after, []
    changes = [RemoteChange(row.id, row.desk, json.loads(row.entities_json),
                            row.at.replace(tzinfo=timezone.utc) if row.at and row.at.tzinfo is None else row.at)
               for row in rows]
    return changes[-1].id, [change for change in changes if change.desk != own_desk]


class ChangeListener:
    def __init__(self, url: str, on_changes: Callable[[list[RemoteChange]], None],
                 on_status: Callable[[bool, str], None] | None = None, last_seen: int | None = None,
                 own_desk: str = DESK_ID):
        self.params = libpq_params(url)
        self.on_changes = on_changes
        self.on_status = on_status or (lambda connected, message: None)
        self.last_seen = last_seen
        self.own_desk = own_desk
        self.connected = False
        self._stop = threading.Event()
        self._conn: psycopg.Connection | None = None
        self._thread = threading.Thread(target=self._run, name="antasena-listen", daemon=True)

    def start(self) -> "ChangeListener":
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def drop_connection(self) -> None:
        """Close the link as a network fault would (tests: the listener must reconnect and catch up)."""
        conn = self._conn
        if conn is not None:
            try:
                conn.pgconn.finish()
            except Exception:
                pass

    def _run(self) -> None:
        pause = 0.2
        while not self._stop.is_set():
            try:
                with psycopg.connect(autocommit=True, connect_timeout=5, **self.params) as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    if self.last_seen is None:
                        self.last_seen = conn.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]
                    self._set_status(True, "")
                    pause = 0.2
                    self._catch_up(conn)
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            pass                            # woken by a NOTIFY, or after 1 s (safety net)
                        self._catch_up(conn)
            except Exception as exc:                     # network fault, server restart: retry
                self._conn = None
                self._set_status(False, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
                self._stop.wait(pause)
                pause = min(pause * 2, 5.0)
        self._conn = None

    def _catch_up(self, conn: psycopg.Connection) -> None:
        while True:
            rows = read_changes(conn, self.last_seen or 0)
            if not rows:
                return
            self.last_seen = rows[-1].id
            others = [row for row in rows if row.desk != self.own_desk]
            if others:
                self.on_changes(others)

    def _set_status(self, connected: bool, message: str) -> None:
        if connected != self.connected or not connected:
            self.connected = connected
            self.on_status(connected, message)
