"""The numbering register (agenda): one sequence per document kind and year, allocated atomically.

How atomicity is obtained:
* SQLite: the allocating transaction takes the database write lock *before* it reads the last
  sequence (`BEGIN IMMEDIATE` when the connection is not yet in a transaction; a connection that
  already wrote holds the lock anyway), so two desks/threads/processes serialise on the lock
  (busy_timeout waits) and each reads the other's committed number.
* PostgreSQL: a transaction-scoped advisory lock per (kind, year), released at commit/rollback.
* Everywhere: the unique constraints (kind, year, seq) and (number) make a duplicate impossible;
  `allocate_with_retry`/`workflow.issue_with_retry` retry a transaction that lost a race.
A number is allocated in the same transaction that issues the document, so a failed issue leaves
no gap. A cancelled number stays in the register, status "dibatalkan", with its reason.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor
from db.models import DocumentNumber, Sprin, utcnow

STATUS_USED = "dipakai"
STATUS_CANCELLED = "dibatalkan"


def lock_sequence(session: Session, kind: str, year: int) -> None:
    """Serialise allocations of (kind, year) until the end of the session's transaction."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # Already in a transaction: make sure it holds the write lock before reading.
            _touch_write_lock(connection)
    elif dialect == "postgresql":
        key = zlib.crc32(f"antasena:{kind}:{year}".encode()) & 0x7FFFFFFF
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _touch_write_lock(connection) -> None:
    # An UPDATE that matches no row still takes SQLite's RESERVED lock (waiting on busy_timeout).
    connection.exec_driver_sql("UPDATE document_number SET reason = reason WHERE id = -1")


def next_seq(session: Session, kind: str, year: int) -> int:
    last = session.scalar(select(func.max(DocumentNumber.seq)).where(DocumentNumber.kind == kind,
                                                                     DocumentNumber.year == year))
    return (last or 0) + 1


def allocate(session: Session, actor: Actor, kind: str, year: int,
             formatter: Callable[[int], str], sprin_id: str | None = None,
             changes: Changes | None = None) -> DocumentNumber:
    """Allocate the next number of (kind, year) inside the caller's transaction. The caller has
    checked the role (allocation is part of issuing). Audited."""
    lock_sequence(session, kind, year)
    seq = next_seq(session, kind, year)
    row = DocumentNumber(kind=kind, year=year, seq=seq, number=formatter(seq), sprin_id=sprin_id,
                         status=STATUS_USED, reason="", allocated_at=utcnow(), allocated_by=actor.username)
    session.add(row)
    session.flush()
    after = audit.snapshot(row)
    audit.record(session, actor, "create", "document_number", str(row.id), None, after)
    if changes is not None:
        changes.add(Change("document_number", str(row.id), "create", None, after))
    return row


def cancel_number(session: Session, actor: Actor, number: str, reason: str,
                  changes: Changes | None = None) -> DocumentNumber:
    """Mark a number "dibatalkan" with a reason; it stays in the register (no silent gap)."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError(T("Alasan pembatalan nomor wajib diisi.", "A reason is required to cancel a number."))
    row = session.scalar(select(DocumentNumber).where(DocumentNumber.number == number))
    if row is None:
        raise UserError(T("Nomor {n} tidak ada di register.", "Number {n} is not in the register.", n=number))
    before = {"status": row.status, "reason": row.reason}
    row.status = STATUS_CANCELLED
    row.reason = reason[:300]
    session.flush()
    after = {"status": row.status, "reason": row.reason}
    audit.record(session, actor, "update", "document_number", str(row.id), before, after, note=reason)
    if changes is not None:
        changes.add(Change("document_number", str(row.id), "update", before, after))
    return row


@dataclass
class RegisterEntry:
    kind: str
    year: int
    seq: int
    number: str
    status: str
    reason: str
    allocated_at: datetime
    allocated_by: str
    sprin_id: str | None
    sprin_status: str
    event_number: str
    event_title: str
    parent_number: str


def list_register(session: Session, kind: str | None = "sprin", year: int | None = None) -> list[RegisterEntry]:
    """The register, newest first, with the order and event each number belongs to."""
    from db.models import Event
    query = (select(DocumentNumber, Sprin, Event)
             .outerjoin(Sprin, Sprin.id == DocumentNumber.sprin_id)
             .outerjoin(Event, Event.id == Sprin.event_id)
             .order_by(DocumentNumber.year.desc(), DocumentNumber.kind, DocumentNumber.seq.desc()))
    if kind:
        query = query.where(DocumentNumber.kind == kind)
    if year:
        query = query.where(DocumentNumber.year == year)
    rows = session.execute(query).all()
    parents: dict[str, str] = {}
    parent_ids = {s.parent_id for _n, s, _e in rows if s is not None and s.parent_id}
    if parent_ids:
        for sid, number in session.execute(select(Sprin.id, Sprin.number).where(Sprin.id.in_(parent_ids))):
            parents[sid] = number or ""
    return [RegisterEntry(kind=n.kind, year=n.year, seq=n.seq, number=n.number, status=n.status, reason=n.reason,
                          allocated_at=n.allocated_at, allocated_by=n.allocated_by, sprin_id=n.sprin_id,
                          sprin_status=s.status if s else "", event_number=e.number if e else "",
                          event_title=e.title if e else "",
                          parent_number=parents.get(s.parent_id, "") if s is not None and s.parent_id else "")
            for n, s, e in rows]


def register_years(session: Session, kind: str | None = "sprin") -> list[int]:
    query = select(DocumentNumber.year).distinct().order_by(DocumentNumber.year.desc())
    if kind:
        query = query.where(DocumentNumber.kind == kind)
    return list(session.scalars(query))


def check_register(session: Session, kind: str, year: int) -> list[str]:
    """Problems in a register: gaps in the sequence, duplicates, cancelled numbers without reason.
    An empty list means every number from 1 to the last is accounted for."""
    rows = session.scalars(select(DocumentNumber).where(DocumentNumber.kind == kind, DocumentNumber.year == year)
                           .order_by(DocumentNumber.seq)).all()
    problems = []
    seqs = [r.seq for r in rows]
    if len(seqs) != len(set(seqs)):
        problems.append("duplikat nomor urut")
    if seqs:
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        if missing:
            problems.append("nomor urut hilang: " + ", ".join(map(str, missing[:20])))
    for r in rows:
        if r.status == STATUS_CANCELLED and not r.reason.strip():
            problems.append(f"{r.number} dibatalkan tanpa alasan")
    return problems
