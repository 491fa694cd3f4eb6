"""Retention per outcome and purge: a purged case loses its keys and every ciphertext; its row keeps
only clear metadata (reference, stage, outcome, dates) for the counters, and the audit rows stay.
Afterwards `secure_vacuum` rewrites the SQLite file (secure_delete is on) and empties the WAL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.timefmt import now_utc
from antasena_desktop.wbs import audit, workflow as wf
from antasena_desktop.wbs.deadlines import today_wib
from antasena_desktop.wbs.roles import WbsActor, WbsPermission, require
from db.database import Database
from db.wbs.models import (WbsAssignment, WbsAttachment, WbsCase, WbsCaseKey, WbsHistory, WbsIdentity,
                           WbsIdentityKey, WbsIdentityRequest, WbsMessage, WbsNote)

CONTENT_TABLES = (WbsAttachment, WbsMessage, WbsNote, WbsHistory, WbsIdentity, WbsIdentityKey,
                  WbsIdentityRequest, WbsCaseKey, WbsAssignment)


@dataclass(frozen=True)
class DueForPurge:
    case_id: str
    reference: str
    outcome: str | None
    purge_after: date


def due_for_purge(session: Session, actor: WbsActor, today: date | None = None) -> list[DueForPurge]:
    require(actor, WbsPermission.PURGE, session)
    today = today or today_wib()
    rows = session.scalars(select(WbsCase).where(WbsCase.purged_at.is_(None), WbsCase.purge_after.is_not(None),
                                                 WbsCase.purge_after <= today).order_by(WbsCase.purge_after))
    return [DueForPurge(c.id, c.reference, c.outcome, c.purge_after) for c in rows]


def purge_case(session: Session, actor: WbsActor, case_id: str, today: date | None = None, force: bool = False) -> None:
    """Destroy a closed case's keys and ciphertext (caller commits, then runs secure_vacuum)."""
    require(actor, WbsPermission.PURGE, session)
    audit.write_lock(session)
    case = session.get(WbsCase, case_id) or session.scalar(select(WbsCase).where(WbsCase.reference == case_id))
    if case is None:
        raise UserError(T("Perkara {c} tidak ada.", "No case {c}.", c=case_id))
    if case.purged_at is not None:
        return
    today = today or today_wib()
    if wf.is_open(case.stage):
        raise UserError(T("Perkara {r} masih berjalan; hanya perkara yang ditutup yang dapat dimusnahkan.",
                          "Case {r} is still open; only closed cases can be purged.", r=case.reference))
    if not force and (case.purge_after is None or case.purge_after > today):
        raise UserError(T("Masa retensi perkara {r} belum habis (sampai {d}).",
                          "The retention of case {r} has not ended (until {d}).", r=case.reference,
                          d=case.purge_after.isoformat() if case.purge_after else "-"))
    for model in CONTENT_TABLES:
        session.execute(delete(model).where(model.case_id == case.id))
    case.report_ct = None
    case.public_key = None
    case.receipt_key_ct = case.receipt_verifier = case.receipt_salt = case.receipt_lookup = None
    case.purged_at = now_utc()
    case.row_version += 1
    session.flush()
    audit.record(session, actor, "musnahkan", case_id=case.id, entity="wbs_case", entity_id=case.id,
                 note=f"retensi habis; hasil {case.outcome}" if not force else f"dimusnahkan lebih awal; hasil {case.outcome}")


def purge_due(session: Session, actor: WbsActor, today: date | None = None) -> list[str]:
    """Purge every case whose retention has ended; the references purged."""
    due = due_for_purge(session, actor, today)
    for item in due:
        purge_case(session, actor, item.case_id, today)
    return [d.reference for d in due]


def secure_vacuum(database: Database) -> None:
    """After a purge is committed: rewrite the file (no free page keeps old bytes) and empty the WAL."""
    if not database.is_sqlite:
        return
    with database.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("PRAGMA secure_delete=ON"))
        conn.execute(text("VACUUM"))
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
