"""The outbox of a desk that works offline: every local write also appends, in the same transaction,
one `sync_outbox` row per changed row (change id, table, row id, base row_version, the changed fields
old → new, a hybrid logical clock, the desk id, the actor). Hooked on the session factory next to the
change log (`install`), so no service has to remember it; it only writes on a database marked as a
replica (a `sync_replica` row, written by `antasena desk join`). Pulled server rows are written with
`session.info[PULLING] = True` and make no outbox rows.

Old values are taken from the attribute history at the first flush that touches a row in the
transaction; new values are read from the row at commit, so a rolled-back savepoint leaves nothing
behind (its objects are expired or expunged by SQLAlchemy).
"""
from __future__ import annotations

import json
import time
import uuid
import weakref
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, event, inspect, insert, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, sessionmaker

from db.models import Base, SyncOutbox, SyncReplica, utcnow

PULLING = "antasena_sync_pulling"        # session.info flag: rows written by a pull are not outbox changes
_KEY = "antasena_sync_touched"
# The tables a desk pushes (operational rows with a UUID and row_version). Accounts, settings, the
# numbering register and the logs are the server's: desks pull them, never push them.
PUSHED = ("unit", "venue", "personnel", "availability", "event", "security_request", "post",
          "post_requirement", "assignment", "event_template", "sprin")
FUNCTIONS = "_functions"                 # pseudo field: a person's function codes (personnel_function rows)
_NOT_FIELDS = {"id", "row_version", "updated_at", "updated_by"}   # the server sets these itself
_UNKNOWN = {"?": "unknown"}               # an old value that was not loaded: the server checks the version
_replica_cache: "weakref.WeakKeyDictionary[Engine, tuple[str, str] | None]" = weakref.WeakKeyDictionary()
_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def replica_of(session: Session) -> tuple[str, str] | None:
    """(desk id, desk name) when this session's database is a desk replica, else None (cached per engine)."""
    engine = session.get_bind()
    engine = getattr(engine, "engine", engine)
    if engine in _replica_cache:
        return _replica_cache[engine]
    try:                                  # its own connection: a failed read never spoils the caller's transaction
        with engine.connect() as connection:
            row = (connection.execute(select(SyncReplica.desk_id, SyncReplica.desk_name)).first()
                   if sa_inspect(connection).has_table("sync_replica") else None)
    except Exception:
        row = None
    value = (row[0], row[1]) if row else None
    _replica_cache[engine] = value
    return value


def forget(engine: Engine) -> None:
    """Forget what is known of `engine` (join just made it a replica)."""
    _replica_cache.pop(getattr(engine, "engine", engine), None)


def _functions(session: Session, person_id: str) -> list[str]:
    from db.models import personnel_function
    return sorted(session.connection().execute(select(personnel_function.c.function_code).where(
        personnel_function.c.personnel_id == person_id)).scalars())


def _entry(session: Session, touched: dict, table: str, obj, is_new: bool) -> dict:
    key = (table, obj.id)
    entry = touched.get(key)
    if entry is None:
        if is_new:
            base = None
        else:
            history = inspect(obj).attrs.row_version.history
            base = history.deleted[0] if history.deleted else obj.row_version
        entry = touched[key] = {"obj": obj, "base": base, "old": {}, "new_row": is_new, "order": len(touched)}
    return entry


def note_functions(session: Session, person, old_codes: list[str]) -> None:
    """A person's functions are about to be rewritten with Core statements (services/personnel.py):
    remember the old codes so the outbox carries the change."""
    if session.info.get(PULLING) or replica_of(session) is None:
        return
    entry = _entry(session, session.info.setdefault(_KEY, {}), "personnel", person, person in session.new)
    if not entry["new_row"]:
        entry["old"].setdefault(FUNCTIONS, sorted(old_codes))


def _after_flush(session: Session, _context) -> None:
    if session.info.get(PULLING):
        return
    objs = [obj for obj in list(session.new) + list(session.dirty)
            if getattr(obj, "__tablename__", None) in PUSHED and getattr(obj, "__table__", None) is not None
            and obj.__table__.metadata is Base.metadata]
    if not objs or replica_of(session) is None:
        return
    touched = session.info.setdefault(_KEY, {})
    for obj in objs:
        table = obj.__tablename__
        state = inspect(obj)
        entry = _entry(session, touched, table, obj, obj in session.new)
        if entry["new_row"]:
            continue
        for attr in state.mapper.column_attrs:
            if attr.key in _NOT_FIELDS or attr.key in entry["old"]:
                continue
            history = state.attrs[attr.key].history
            if history.added or history.deleted:
                entry["old"][attr.key] = jsonable(history.deleted[0]) if history.deleted else _UNKNOWN


def _current(session: Session, obj, fields) -> dict[str, Any]:
    return {name: (_functions(session, obj.id) if name == FUNCTIONS else jsonable(getattr(obj, name)))
            for name in fields}


def next_hlc(previous: str, now_ms: int | None = None) -> str:
    """Hybrid logical clock "wall-counter": later than `previous`, close to the wall clock."""
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    wall, counter = 0, 0
    if previous:
        wall_text, counter_text = previous.split("-")[:2]
        wall, counter = int(wall_text), int(counter_text)
    if now_ms > wall:
        return f"{now_ms:013d}-{0:05d}"
    return f"{wall:013d}-{counter + 1:05d}"


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()
    touched = session.info.pop(_KEY, None)
    if not touched:
        return
    replica = replica_of(session)
    if replica is None:
        return
    desk_id, _name = replica
    rows = []
    for (table, row_id), entry in sorted(touched.items(), key=lambda kv: (_ORDER.get(kv[0][0], 99), kv[1]["order"])):
        obj = entry["obj"]
        state = inspect(obj)
        if not state.persistent:                         # its savepoint was rolled back
            continue
        if entry["new_row"]:
            names = [a.key for a in state.mapper.column_attrs if a.key not in _NOT_FIELDS]
            if table == "personnel":
                names.append(FUNCTIONS)
            fields = {name: [None, value] for name, value in _current(session, obj, names).items()}
        else:
            now = _current(session, obj, entry["old"])
            fields = {name: [old, now[name]] for name, old in entry["old"].items() if old != now[name]}
            if not fields:
                continue
        rows.append({"change_id": str(uuid.uuid4()), "table_name": table, "row_id": row_id,
                     "op": "insert" if entry["new_row"] else "update", "base_version": entry["base"],
                     "fields_json": json.dumps(fields, ensure_ascii=False, sort_keys=True),
                     "actor": getattr(obj, "updated_by", "") or "system"})
    if not rows:
        return
    connection = session.connection()
    hlc = connection.execute(select(SyncReplica.hlc).where(SyncReplica.id == 1)).scalar() or ""
    at = utcnow()
    for row in rows:
        hlc = next_hlc(hlc)
        row.update(hlc=f"{hlc}-{desk_id[:8]}", desk_id=desk_id, created_at=at, state="pending")
    connection.execute(insert(SyncOutbox), rows)
    connection.execute(update(SyncReplica).where(SyncReplica.id == 1).values(hlc=hlc))


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:                     # the outermost one (a savepoint keeps what it saw)
        session.info.pop(_KEY, None)


def install(factory: sessionmaker) -> sessionmaker:
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_transaction_end", _after_transaction_end)
    return factory
