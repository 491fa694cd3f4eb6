"""The audit log and the three audited primitives every service uses: create, update, tombstone.

The log is hash-chained (`antasena_desktop/audit_chain.py`): each row stores the previous row's hash
and its own. "Previous" is the row with the highest id when the row is appended; to keep that well
defined with several writers (desks, CLI processes), the first audit row of a transaction takes the
database write lock before it reads the last hash (SQLite: RESERVED lock, waiting on busy_timeout;
PostgreSQL: a transaction advisory lock), so appends are strictly serial and ids follow the chain.

The core stays free of Qt but works on the db layer's ORM objects (db/ has no Qt either).
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterator

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from antasena_desktop import audit_chain

from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor
from db.models import AuditLog, utcnow

_SKIP = {"created_at", "updated_at", "row_version"}
_REDACT = {"password_hash"}


def snapshot(obj: Any) -> dict[str, Any]:
    """Column values of an ORM object, JSON-ready."""
    values = {}
    for attr in inspect(obj).mapper.column_attrs:
        if attr.key in _SKIP:
            continue
        value = getattr(obj, attr.key)
        if attr.key in _REDACT:
            value = "***"
        elif isinstance(value, bytes):          # file contents (news attachments): never into the log
            value = f"<{len(value)} bytes>"
        elif isinstance(value, (datetime, date)):
            value = value.isoformat()
        values[attr.key] = value
    return values


def _json(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


CHAINED_FIELDS = ("at", "username", "action", "entity", "entity_id", "before_json", "after_json", "source", "note")
_CHAIN_KEY = "audit_chain_tip"
_PG_LOCK_KEY = zlib.crc32(b"antasena:audit_log") & 0x7FFFFFFF


def chain_content(row: Any) -> dict[str, Any]:
    """The fields a row's hash covers (everything but id and the hashes)."""
    return {name: getattr(row, name) for name in CHAINED_FIELDS}


def _lock_log(session: Session) -> None:
    """Hold the database write lock until the end of the transaction (serialises audit appends)."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # An UPDATE matching no row takes SQLite's write lock (and opens the transaction if needed).
        connection.exec_driver_sql("UPDATE audit_log SET note = note WHERE id = -1")
    elif dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def _chain_tip(session: Session) -> str:
    """The hash the next row links to: cached for this transaction after the first, locked read."""
    transaction = session.get_transaction()
    cached = session.info.get(_CHAIN_KEY)
    if cached is not None and cached[0] is transaction:
        return cached[1]
    _lock_log(session)
    last = session.scalar(select(AuditLog.row_hash).order_by(AuditLog.id.desc()).limit(1))
    return last or audit_chain.GENESIS


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """Column values of a bulk-written row as `snapshot` would give them (audit-only columns dropped,
    dates as ISO text): what bulk writers put into their audit records and `Change.after`."""
    return {k: (v.isoformat() if isinstance(v, (datetime, date)) else ("***" if k in _REDACT else v))
            for k, v in values.items() if k not in _SKIP}


@dataclass(frozen=True)
class Entry:
    """One audit record of a bulk write (see `record_many`)."""
    action: str
    entity: str
    entity_id: str
    before: dict | None
    after: dict | None
    note: str = ""
    version: int | None = None




def record(session: Session, actor: Actor, action: str, entity: str, entity_id: str = "",
           before: dict | None = None, after: dict | None = None, note: str = "") -> AuditLog:
    """Append one audit row, chained to the previous one (see the module doc)."""
    row = AuditLog(at=utcnow(), username=actor.username, action=action, entity=entity,
                   entity_id=entity_id, before_json=_json(before), after_json=_json(after),
                   source=actor.source, note=note[:400])
    prev = _chain_tip(session)
    row.prev_hash = prev
    row.row_hash = audit_chain.link_hash(prev, chain_content(row))
    session.add(row)
    session.info[_CHAIN_KEY] = (session.get_transaction(), row.row_hash)
    return row


def record_many(session: Session, actor: Actor, entries: list[Entry], changes: Changes | None = None) -> None:
    """Many audit records in one INSERT, chained in order, for bulk writers (import, demo) that write their
    rows with Core statements; each entry also becomes a `Change` (with its row version) when `changes` is given."""
    if not entries:
        return
    session.flush()
    at = utcnow()
    rows = [{"at": at, "username": actor.username, "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
             "before_json": _json(e.before), "after_json": _json(e.after), "source": actor.source,
             "note": e.note[:400]} for e in entries]
    prev = _chain_tip(session)
    for row in rows:
        row["prev_hash"] = prev
        row["row_hash"] = prev = audit_chain.link_hash(prev, {name: row.get(name) for name in CHAINED_FIELDS})
    session.execute(AuditLog.__table__.insert(), rows)
    session.info[_CHAIN_KEY] = (session.get_transaction(), prev)
    if changes is not None:
        for e in entries:
            changes.add(Change(e.entity, e.entity_id, e.action, e.before, e.after, e.version))


def record_refusal(session: Session, actor: Actor, what: str, reason: str) -> AuditLog:
    """A refused action (wrong role, wrong unit, locked account): who tried what, and why it was refused."""
    return record(session, actor, "ditolak", "refusal", "", note=f"{what}: {reason}")


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken: audit_chain.BrokenLink | None


def _rows_in_order(session: Session, batch: int = 5000) -> Iterator[tuple[Any, str | None, str | None, dict]]:
    last_id = 0
    while True:
        rows = session.scalars(select(AuditLog).where(AuditLog.id > last_id).order_by(AuditLog.id)
                               .limit(batch)).all()
        if not rows:
            return
        for row in rows:
            yield row.id, row.prev_hash, row.row_hash, chain_content(row)
        last_id = rows[-1].id
        session.expunge_all()


def verify(session: Session) -> ChainReport:
    """Walk the whole log in id order; the first broken link (edited, deleted or inserted row), if any."""
    count = 0

    def counted():
        nonlocal count
        for item in _rows_in_order(session):
            count += 1
            yield item

    broken = audit_chain.verify_chain(counted())
    return ChainReport(count, broken)


def create(session: Session, actor: Actor, obj: Any, changes: Changes | None = None, note: str = "") -> Any:
    if hasattr(obj, "updated_by"):
        obj.updated_by = actor.username
    session.add(obj)
    session.flush()
    after = snapshot(obj)
    entity = obj.__tablename__
    record(session, actor, "create", entity, str(getattr(obj, "id", "")), None, after, note)
    if changes is not None:
        changes.add(Change(entity, str(obj.id), "create", None, after, getattr(obj, "row_version", None)))
    return obj


def create_many(session: Session, actor: Actor, objs: list[Any], changes: Changes | None = None,
                note: str = "") -> list[Any]:
    """`create` for a batch: one flush for all rows, then one audit record per row."""
    for obj in objs:
        if hasattr(obj, "updated_by"):
            obj.updated_by = actor.username
    session.add_all(objs)
    session.flush()
    for obj in objs:
        after = snapshot(obj)
        entity = obj.__tablename__
        record(session, actor, "create", entity, str(getattr(obj, "id", "")), None, after, note)
        if changes is not None:
            changes.add(Change(entity, str(obj.id), "create", None, after, getattr(obj, "row_version", None)))
    return objs


def update(session: Session, actor: Actor, obj: Any, values: dict[str, Any],
           changes: Changes | None = None, note: str = "") -> bool:
    """Apply `values`; audit only what really changed. Returns True when something changed."""
    before = snapshot(obj)
    for key, value in values.items():
        setattr(obj, key, value)
    session.flush()
    after = snapshot(obj)
    if after == before:
        return False
    if hasattr(obj, "row_version"):
        obj.updated_by = actor.username
        obj.row_version = (obj.row_version or 0) + 1
    diff_before = {k: v for k, v in before.items() if after.get(k) != v}
    diff_after = {k: after[k] for k in diff_before}
    entity = obj.__tablename__
    record(session, actor, "update", entity, str(obj.id), diff_before, diff_after, note)
    if changes is not None:
        changes.add(Change(entity, str(obj.id), "update", diff_before, diff_after, getattr(obj, "row_version", None)))
    return True


def tombstone(session: Session, actor: Actor, obj: Any, changes: Changes | None = None, note: str = "") -> None:
    """Soft delete: the row stays, marked deleted (so desks can reconcile)."""
    if obj.deleted_at is not None:
        return
    before = snapshot(obj)
    obj.deleted_at = utcnow()
    obj.updated_by = actor.username
    obj.row_version = (obj.row_version or 0) + 1
    session.flush()
    entity = obj.__tablename__
    record(session, actor, "delete", entity, str(obj.id), before, None, note)
    if changes is not None:
        changes.add(Change(entity, str(obj.id), "delete", before, None, obj.row_version))
