"""Every committed change appends one `change_log` row (and on PostgreSQL sends NOTIFY in the same
transaction, so listeners hear of it exactly when it is committed).

The rows say which tables and row ids changed; another desk turns them into a refresh of its open
views (`db/live.py`, `ui/live.py`) and, after a reconnect, reads every row after the last id it saw.
Hooked on the session factory (`install`), so no service has to remember it. On PostgreSQL the row is
appended under an advisory lock held until the commit, so ids become visible in id order and "everything
after the last id I saw" never skips a change that committed late.
"""
from __future__ import annotations

import json
import uuid

from sqlalchemy import event, inspect, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from db.models import Base, ChangeLog, utcnow

CHANNEL = "antasena_changes"
ORDER_LOCK = 0x616E7461                    # advisory lock key ("anta"): change-log ids in commit order
DESK_ID = uuid.uuid4().hex                 # this process; its own rows are not "another desk's change"
_KEY = "antasena_changed"
_NOT_LOGGED = {"change_log", "audit_log", "assignment_log", "sync_outbox", "sync_replica", "sync_applied"}   # logs themselves; they follow their rows
_MAX_IDS = 200
LOCK_ONLY = "antasena_lock_only"           # execution option of statements that only take a lock                             # beyond this a table is reported as "*" (refresh it all)


def _note(session: Session, table: str, row_id: str) -> None:
    if table in _NOT_LOGGED:
        return
    ids = session.info.setdefault(_KEY, {}).setdefault(table, set())
    if len(ids) < _MAX_IDS:
        ids.add(row_id)
    else:
        ids.clear()
        ids.add("*")


def _after_flush(session: Session, _context) -> None:
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is None or getattr(obj, "__table__", None) is None or obj.__table__.metadata is not Base.metadata:
            continue                              # not a Bag Ops table (the WBS database has no change log)
        state = inspect(obj)
        key = state.mapper.primary_key_from_instance(obj)
        _note(session, table, "/".join(str(part) for part in key) if None not in key else "*")


def _after_bulk(orm_execute_state) -> None:
    if orm_execute_state.is_insert or orm_execute_state.is_update or orm_execute_state.is_delete:
        table = getattr(orm_execute_state.statement, "table", None)
        if getattr(table, "metadata", None) is not Base.metadata:
            return
        name = getattr(table, "name", None)
        # A statement that only takes a lock (the planning lock row on SQLite) says so: not a change of data.
        if name and not orm_execute_state.execution_options.get(LOCK_ONLY):
            _note(orm_execute_state.session, name, "*")


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():       # a savepoint's release: the real commit comes later
        return
    session.flush()
    changed = session.info.pop(_KEY, None)
    if not changed:
        return
    entities = {table: sorted(ids) for table, ids in sorted(changed.items())}
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Ids must become visible in id order, or a reader that saw id 11 would skip a later-committed 10:
        # the id is taken under a lock held to the commit (only the last moment of each transaction waits).
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ORDER_LOCK})
    row_id = connection.execute(insert(ChangeLog).values(
        at=utcnow(), desk=DESK_ID, entities_json=json.dumps(entities)).returning(ChangeLog.id)).scalar_one()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                           {"channel": CHANNEL, "payload": str(row_id)})


def _after_transaction_end(session: Session, transaction) -> None:
    # Only the outermost transaction's end forgets the notes: a rolled-back SAVEPOINT (the guard's
    # `_written`, the sync apply's per-change savepoint) must not drop what the transaction changed before it.
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def install(factory: sessionmaker) -> sessionmaker:
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _after_bulk)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_transaction_end", _after_transaction_end)
    return factory


def last_change_id(session: Session) -> int:
    return session.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1)) or 0
