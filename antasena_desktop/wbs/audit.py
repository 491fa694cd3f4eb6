"""The WBS audit log: append-only, hash-chained (antasena_desktop/audit_chain.py), no case content.

Every row names who (username, role, source), what (action), which case (its id) and a short note
made of codes (stage names, permission names) — never report text, reasons, file names or identities.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from antasena_desktop.audit_chain import GENESIS, BrokenLink, link_hash, verify_chain
from db.models.base import utcnow
from db.wbs.models import WbsAuditHead, WbsAuditLog


def _content(row: WbsAuditLog) -> dict:
    return {"at": row.at, "username": row.username, "role": row.role, "action": row.action,
            "case_id": row.case_id or "", "entity": row.entity, "entity_id": row.entity_id,
            "source": row.source, "note": row.note}


def write_lock(session: Session) -> None:
    """Take the database's write lock now, at the start of a mutating use case, so that what it reads
    next is current and no concurrent writer (desk, intake server, CLI) interleaves. On SQLite the
    driver begins the transaction at the first write statement; this UPDATE is that statement."""
    session.execute(update(WbsAuditHead).where(WbsAuditHead.id == 1).values(count=WbsAuditHead.count))


def record(session: Session, actor, action: str, case_id: str | None = None, entity: str = "",
           entity_id: str = "", note: str = "") -> WbsAuditLog:
    """Append one chained row. The head row is updated first: that takes the database's write lock
    before the last hash is read, so concurrent writers (desk, intake server) never fork the chain."""
    session.execute(update(WbsAuditHead).where(WbsAuditHead.id == 1)
                    .values(count=WbsAuditHead.count + 1))
    head = session.get(WbsAuditHead, 1, populate_existing=True)
    if head is None:
        head = WbsAuditHead(id=1, last_hash=GENESIS, count=1)
        session.add(head)
    role = getattr(getattr(actor, "role", None), "value", "") or ""
    row = WbsAuditLog(at=utcnow(), username=actor.username, role=role, action=action, case_id=case_id,
                      entity=entity, entity_id=str(entity_id or ""), source=actor.source, note=note[:400],
                      prev_hash=head.last_hash, row_hash="")
    row.row_hash = link_hash(row.prev_hash, _content(row))
    head.last_hash = row.row_hash
    session.add(row)
    session.flush()
    return row


def verify(session: Session) -> BrokenLink | None:
    """The first broken link of the whole log, or None when intact (also checks the head)."""
    rows = session.scalars(select(WbsAuditLog).order_by(WbsAuditLog.id)).all()
    broken = verify_chain((r.id, r.prev_hash, r.row_hash, _content(r)) for r in rows)
    if broken is not None:
        return broken
    head = session.get(WbsAuditHead, 1)
    last = rows[-1].row_hash if rows else GENESIS
    if head is not None and head.last_hash != last:
        return BrokenLink(rows[-1].id if rows else None, len(rows), "deleted-or-inserted")
    return None


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    username: str
    role: str
    action: str
    source: str
    note: str


def rows_for_case(session: Session, case_id: str) -> list[AuditRow]:
    rows = session.scalars(select(WbsAuditLog).where(WbsAuditLog.case_id == case_id).order_by(WbsAuditLog.id))
    return [AuditRow(r.at, r.username, r.role, r.action, r.source, r.note) for r in rows]
