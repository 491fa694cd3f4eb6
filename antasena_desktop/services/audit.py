"""The audit log and the three audited primitives every service uses: create, update, tombstone.

The core stays free of Qt but works on the db layer's ORM objects (db/ has no Qt either).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

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
        elif isinstance(value, (datetime, date)):
            value = value.isoformat()
        values[attr.key] = value
    return values


def _json(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


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


def record_many(session: Session, actor: Actor, entries: list[Entry], changes: Changes | None = None) -> None:
    """Many audit records in one INSERT, for bulk writers (import, demo) that write their rows with Core
    statements; each entry also becomes a `Change` (with its row version) when `changes` is given."""
    if not entries:
        return
    at = utcnow()
    session.execute(AuditLog.__table__.insert(), [
        {"at": at, "username": actor.username, "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
         "before_json": _json(e.before), "after_json": _json(e.after), "source": actor.source, "note": e.note[:400]}
        for e in entries])
    if changes is not None:
        for e in entries:
            changes.add(Change(e.entity, e.entity_id, e.action, e.before, e.after, e.version))


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: str = "",
           before: dict | None = None, after: dict | None = None, note: str = "") -> None:
    session.add(AuditLog(at=utcnow(), username=actor.username, action=action, entity=entity,
                         entity_id=entity_id, before_json=_json(before), after_json=_json(after),
                         source=actor.source, note=note[:400]))


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
