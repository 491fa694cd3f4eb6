"""The desk's sync client: join a server, push the outbox, pull the server's changes.

* `join(server_url, local_url, username, password, desk_name)`: log in on the server, create the local
  SQLite replica and copy every table but the logs in one consistent snapshot (REPEATABLE READ); the
  replica remembers the server's last change-log id.
* `DeskSync(local_db).sync()`: push, then pull. Push sends the pending outbox in batches; each batch is
  one server transaction (`apply.apply_batch`) whose commit is the acknowledgement; then the local
  outbox rows are marked applied / conflict and the conflict rows copied to the local inbox, and a
  refused row is set back to the server's version. A lost acknowledgement (the link broke after the
  server's COMMIT) leaves the rows pending: the next push finds their change ids in `sync_applied` and
  changes nothing. Pull reads the server's change log after the last seen id and copies those rows,
  except rows with a pending local change (the desk's version is still on its way).
An unreachable server raises `ServerUnreachable` (a UserError); nothing local is lost or half-written.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Table, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit, auth
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor
from antasena_desktop.sync.apply import apply_batch
from antasena_desktop.sync.values import PULLED, PULLED_NAMES, dumps
from db import sync_outbox
from db.copy import _parent_first
from db.database import Database, open_database
from db.engine import make_engine, make_session_factory, sqlite_path
from db.models import ChangeLog, SyncConflict, SyncOutbox, SyncReplica, utcnow
from db.sync_outbox import PULLING

BATCH = 200                      # changes per server transaction (the change log names ≤ 200 ids a table)
PULL_PAGE = 2000                 # change-log rows read per pull round


class ServerUnreachable(UserError):
    pass


class NotAReplica(UserError):
    pass


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    pulled: int = 0
    conflict_ids: list[str] = field(default_factory=list)
    entities: dict[str, set[str]] = field(default_factory=dict)     # what changed locally (for the views)

    def changes(self) -> Changes:
        changes = Changes(note="sinkron")
        for entity, ids in self.entities.items():
            for row_id in sorted(ids):
                changes.add(Change(entity, row_id, "update"))
        return changes


@dataclass(frozen=True)
class DeskStatus:
    server_url: str
    desk_id: str
    desk_name: str
    pending: int
    open_conflicts: int
    last_sync_at: Any
    last_error: str
    last_change_id: int

    @property
    def online(self) -> bool:
        return self.last_sync_at is not None and not self.last_error


def _unreachable(exc: BaseException) -> ServerUnreachable:
    first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
    return ServerUnreachable(T("Server tidak terjangkau ({e}); perubahan tetap tersimpan di meja ini dan dikirim "
                               "saat tersambung lagi.",
                               "The server cannot be reached ({e}); changes stay saved on this desk and are sent "
                               "when it is back.", e=first[:200]))


def server_database(url: str) -> Database:
    """The server, without pooling (a broken link leaves no dead connection behind) and quick to give up."""
    engine = make_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    return Database(url, engine, make_session_factory(engine))


def replica(session: Session) -> SyncReplica:
    row = session.get(SyncReplica, 1)
    if row is None:
        raise NotAReplica(T("Basis data ini bukan meja yang tergabung ke server (jalankan `antasena desk join`).",
                            "This database is not a desk joined to a server (run `antasena desk join`)."))
    return row


def status(session: Session) -> DeskStatus:
    row = replica(session)
    pending = session.scalar(select(func.count()).select_from(SyncOutbox).where(SyncOutbox.state == "pending")) or 0
    conflicts = session.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")) or 0
    return DeskStatus(row.server_url, row.desk_id, row.desk_name, pending, conflicts, row.last_sync_at,
                      row.last_error, row.last_change_id)


# ---------------------------------------------------------------- copying rows

def _pk(table: Table) -> list:
    return list(table.primary_key.columns)


def _upsert(session: Session, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    keys = [c.name for c in _pk(table)]
    statement = sqlite_insert(table)
    others = [c.name for c in table.columns if c.name not in keys]
    statement = (statement.on_conflict_do_update(index_elements=keys, set_={n: statement.excluded[n] for n in others})
                 if others else statement.on_conflict_do_nothing(index_elements=keys))
    session.execute(statement, rows)


def _write_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Upsert pulled rows: tombstones first (the placement triggers look at live rows), parents first;
    a placement that meets a not-yet-moved one is retried after the others. A placement that still
    clashes (with a local change made after the push) raises: the pull rolls back and is read again
    after the next push."""
    rows = sorted(rows, key=lambda r: r.get("deleted_at") is None)
    rows = _parent_first(table, rows) if any(fk.column.table is table for fk in table.foreign_keys) else rows
    if table.name != "assignment":
        _upsert(session, table, rows)
        return
    pending = rows
    for _round in range(5):
        failed = []
        for row in pending:
            try:
                with session.begin_nested():
                    _upsert(session, table, [row])
            except IntegrityError:
                failed.append(row)
        if not failed or len(failed) == len(pending):
            pending = failed
            break
        pending = failed
    if pending:
        _upsert(session, table, pending)


def _fetch(conn, table: Table, ids: set[str] | None) -> list[dict]:
    keys = _pk(table)
    if ids is None:
        return [dict(r._mapping) for r in conn.execute(select(table))]
    if len(keys) != 1:
        return [dict(r._mapping) for r in conn.execute(select(table))]
    found: list[dict] = []
    ordered = sorted(ids)
    if isinstance(keys[0].type, Integer):           # the change log names every key as text
        ordered = sorted(int(i) for i in ordered if str(i).lstrip("-").isdigit())
    for start in range(0, len(ordered), 500):
        found.extend(dict(r._mapping) for r in conn.execute(select(table).where(keys[0].in_(ordered[start:start + 500]))))
    return found


def _pending_rows(session: Session) -> set[tuple[str, str]]:
    return set(session.execute(select(SyncOutbox.table_name, SyncOutbox.row_id).where(SyncOutbox.state == "pending")).all())


def _copy_into_local(session: Session, conn, wanted: dict[str, set[str] | None], report: SyncReport) -> None:
    """Rows of the server (tables → ids, None = all) into the local replica, except pending local rows."""
    session.info[PULLING] = True
    pending = _pending_rows(session)
    touched_people: set[str] = set()
    for table in PULLED:
        if table.name not in wanted:
            continue
        if table.name == "personnel_function":
            continue                                      # follows its people (below)
        ids = wanted[table.name]
        rows = _fetch(conn, table, ids)
        keys = [c.name for c in _pk(table)]
        if len(keys) == 1:
            rows = [r for r in rows if (table.name, str(r[keys[0]])) not in pending]
        _write_rows(session, table, rows)
        for row in rows:
            report.entities.setdefault(table.name, set()).add(str(row[keys[0]]) if len(keys) == 1 else "*")
        report.pulled += len(rows)
        if table.name == "personnel":
            touched_people.update(str(r["id"]) for r in rows)
    if "personnel_function" in wanted or touched_people:
        _copy_functions(session, conn, None if "personnel_function" in wanted else touched_people, pending)


def _copy_functions(session: Session, conn, people: set[str] | None, pending: set[tuple[str, str]]) -> None:
    from db.models import personnel_function as pf
    query = select(pf)
    if people is not None:
        query = query.where(pf.c.personnel_id.in_(sorted(people)))
    rows = [dict(r._mapping) for r in conn.execute(query)]
    skip = {rid for t, rid in pending if t == "personnel"}
    rows = [r for r in rows if r["personnel_id"] not in skip]
    local = delete(pf).where(pf.c.personnel_id.notin_(sorted(skip))) if skip else delete(pf)
    if people is not None:
        local = local.where(pf.c.personnel_id.in_(sorted(people)))
    session.execute(local)
    if rows:
        session.execute(pf.insert(), rows)


def _lock_local(session: Session) -> None:
    """Take the local write lock first (SQLite): the pending set read next cannot change under us."""
    session.execute(update(SyncReplica).where(SyncReplica.id == 1).values(last_error=SyncReplica.last_error))


# ---------------------------------------------------------------- join

def join(server_url: str, local_url: str, username: str, password: str, desk_name: str = "") -> DeskStatus:
    """Join this desk to a server: a new local replica with a full copy (see the module doc)."""
    path = sqlite_path(local_url)
    if path is None:
        raise UserError(T("Meja luring memerlukan basis data SQLite lokal (--db sqlite:///meja.db).",
                          "An offline desk needs a local SQLite database (--db sqlite:///desk.db)."))
    if path.exists() and path.stat().st_size > 0:
        raise UserError(T("Berkas {p} sudah ada; pilih berkas baru untuk meja ini.",
                          "The file {p} already exists; choose a new file for this desk.", p=str(path)))
    server = server_database(server_url)
    try:
        try:
            with server.session() as session:
                actor = auth.authenticate(session, username, password, source="cli")
        except (OperationalError, DBAPIError) as exc:
            raise _unreachable(exc) from None
        local = open_database(local_url)
        try:
            desk_id = str(uuid.uuid4())
            name = (desk_name or "").strip() or f"Meja {desk_id[:4]}"
            with server.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, \
                    local.session() as session:
                session.info[PULLING] = True
                last = conn.execute(select(func.coalesce(func.max(ChangeLog.id), 0))).scalar()
                for table in reversed(PULLED):
                    session.execute(table.delete())
                for table in PULLED:
                    rows = _parent_first(table, [dict(r._mapping) for r in conn.execute(select(table))])
                    for start in range(0, len(rows), 2000):
                        session.execute(table.insert(), rows[start:start + 2000])
                session.add(SyncReplica(id=1, server_url=server_url, desk_id=desk_id, desk_name=name,
                                        last_change_id=last, hlc="", joined_at=utcnow(), last_sync_at=utcnow(),
                                        last_error=""))
                session.flush()
                audit.record(session, actor, "desk_join", "sync_replica", desk_id,
                             note=f"{name} tergabung ke server (perubahan terakhir {last})")
            sync_outbox.forget(local.engine)
            with local.session() as session:
                return status(session)
        finally:
            local.close()
    finally:
        server.close()


# ---------------------------------------------------------------- push / pull

def _as_dict(row: SyncOutbox) -> dict:
    return {"change_id": row.change_id, "table_name": row.table_name, "row_id": row.row_id, "op": row.op,
            "base_version": row.base_version, "fields_json": row.fields_json, "hlc": row.hlc, "actor": row.actor}


class DeskSync:
    """Push and pull for one local replica; keeps one server handle while it works."""

    def __init__(self, local: Database, server_url: str | None = None):
        self.local = local
        with local.session() as session:
            state = replica(session)
            self.desk_id, self.desk_name = state.desk_id, state.desk_name
            self.server_url = server_url or state.server_url
        self._server: Database | None = None

    @property
    def server(self) -> Database:
        if self._server is None:
            self._server = server_database(self.server_url)
        return self._server

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def sync(self) -> SyncReport:
        report = SyncReport()
        try:
            self.push(report)
            try:
                self.pull(report)
            except IntegrityError:             # a local write landed between push and pull: once more
                self.push(report)
                self.pull(report)
        except (OperationalError, InterfaceError) as exc:       # the link, not the data
            self.close()
            self._note_error(str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else "error")
            raise _unreachable(exc) from None
        with self.local.session() as session:
            session.info[PULLING] = True
            session.execute(update(SyncReplica).where(SyncReplica.id == 1).values(last_sync_at=utcnow(), last_error=""))
        return report

    def _note_error(self, message: str) -> None:
        with self.local.session() as session:
            session.info[PULLING] = True
            session.execute(update(SyncReplica).where(SyncReplica.id == 1).values(last_error=message[:400] or "error"))

    def push(self, report: SyncReport | None = None, batch: int = BATCH) -> SyncReport:
        report = report or SyncReport()
        after = 0
        while True:
            with self.local.session() as session:
                rows = [_as_dict(r) for r in session.scalars(select(SyncOutbox).where(
                    SyncOutbox.state == "pending", SyncOutbox.seq > after).order_by(SyncOutbox.seq).limit(batch))]
                seqs = list(session.scalars(select(SyncOutbox.seq).where(
                    SyncOutbox.state == "pending", SyncOutbox.seq > after).order_by(SyncOutbox.seq).limit(batch)))
            if not rows:
                return report
            after = seqs[-1]
            with self.server.session() as server_session:        # one transaction: its commit is the ack
                outcomes = apply_batch(server_session, self.desk_id, self.desk_name, rows)
            self._acknowledge(rows, outcomes, report)

    def _acknowledge(self, rows: list[dict], outcomes, report: SyncReport) -> None:
        conflicts = [o for o in outcomes if o.outcome == "conflict"]
        refused_rows = {(o.conflict["table_name"], o.conflict["row_id"]) for o in conflicts}
        server_rows: dict[str, set[str]] = {}
        for table, row_id in refused_rows:
            if table in PULLED_NAMES:
                server_rows.setdefault(table, set()).add(row_id)
        with self.local.session() as session:
            session.info[PULLING] = True
            _lock_local(session)
            now = utcnow()
            for outcome in outcomes:
                session.execute(update(SyncOutbox).where(SyncOutbox.change_id == outcome.change_id).values(
                    state="conflict" if outcome.outcome == "conflict" else "applied",
                    conflict_id=outcome.conflict["id"] if outcome.conflict else None, acked_at=now))
                report.pushed += 1
                if outcome.outcome == "conflict":
                    report.conflicts += 1
                    report.conflict_ids.append(outcome.conflict["id"])
                    if session.get(SyncConflict, outcome.conflict["id"]) is None:
                        session.add(SyncConflict(**outcome.conflict))
                elif outcome.outcome == "merged":
                    report.merged += 1
                    report.applied += 1
                else:
                    report.applied += 1
            session.flush()
            if server_rows:
                self._set_back(session, server_rows, report)

    def _set_back(self, session: Session, wanted: dict[str, set[str]], report: SyncReport) -> None:
        """Refused rows become the server's version again; a row the server never had is removed here."""
        pending = _pending_rows(session)
        with self.server.engine.connect() as conn:
            for table in PULLED:
                ids = wanted.get(table.name)
                if not ids:
                    continue
                rows = _fetch(conn, table, ids)
                found = {r["id"] for r in rows}
                missing = [i for i in ids if i not in found and (table.name, i) not in pending]
                rows = [r for r in rows if (table.name, r["id"]) not in pending]
                for row_id in missing:
                    try:
                        with session.begin_nested():
                            session.execute(delete(table).where(table.c.id == row_id))
                    except IntegrityError:          # something local still points at it: a tombstone then
                        session.execute(update(table).where(table.c.id == row_id).values(deleted_at=utcnow()))
                _write_rows(session, table, rows)
                report.entities.setdefault(table.name, set()).update(ids)
                if table.name == "personnel":
                    _copy_functions(session, conn, set(ids), pending)

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        while True:
            with self.local.session() as session:
                last = replica(session).last_change_id
            with self.server.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
                logs = conn.execute(select(ChangeLog.id, ChangeLog.entities_json).where(ChangeLog.id > last)
                                    .order_by(ChangeLog.id).limit(PULL_PAGE)).all()
                if not logs:
                    return report
                wanted: dict[str, set[str] | None] = {}
                for _id, entities_json in logs:
                    for table, ids in json.loads(entities_json).items():
                        if table not in PULLED_NAMES:
                            continue
                        if "*" in ids or wanted.get(table, set()) is None:
                            wanted[table] = None
                        else:
                            wanted.setdefault(table, set()).update(ids)
                with self.local.session() as session:
                    _lock_local(session)
                    _copy_into_local(session, conn, wanted, report)
                    session.execute(update(SyncReplica).where(SyncReplica.id == 1).values(last_change_id=logs[-1][0]))
            if len(logs) < PULL_PAGE:
                return report


def sync_database(local: Database) -> SyncReport:
    client = DeskSync(local)
    try:
        return client.sync()
    finally:
        client.close()
