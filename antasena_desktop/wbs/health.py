"""System health for the Administrator sistem: accounts, failed logins and receipt guesses, the audit
chain, database size — never case content."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.timefmt import now_utc
from antasena_desktop.wbs import audit
from antasena_desktop.wbs.roles import WbsActor, WbsPermission, require
from db.engine import sqlite_path
from db.wbs.models import WbsAccount, WbsAuditLog, WbsCase


@dataclass(frozen=True)
class Health:
    accounts: int
    active_accounts: int
    locked_accounts: int
    cases: int
    purged_cases: int
    failed_logins_24h: int
    failed_tracks_1h: int          # wrong receipts in the last hour (guessing shows here)
    failed_tracks_24h: int
    audit_rows: int
    audit_intact: bool
    audit_broken_at: object | None
    database_bytes: int | None
    checked_at: datetime


def health(session: Session, actor: WbsActor) -> Health:
    require(actor, WbsPermission.SYSTEM_HEALTH, session)
    now = now_utc()

    def count(model, *where) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    broken = audit.verify(session)
    path = sqlite_path(session.get_bind().url.render_as_string(hide_password=False))
    size = None
    if path is not None and path.exists():
        size = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    result = Health(
        accounts=count(WbsAccount), active_accounts=count(WbsAccount, WbsAccount.active.is_(True)),
        locked_accounts=count(WbsAccount, WbsAccount.locked_until > now),
        cases=count(WbsCase), purged_cases=count(WbsCase, WbsCase.purged_at.is_not(None)),
        failed_logins_24h=count(WbsAuditLog, WbsAuditLog.action == "login_gagal", WbsAuditLog.at > now - timedelta(days=1)),
        failed_tracks_1h=count(WbsAuditLog, WbsAuditLog.action == "lacak_gagal", WbsAuditLog.at > now - timedelta(hours=1)),
        failed_tracks_24h=count(WbsAuditLog, WbsAuditLog.action == "lacak_gagal", WbsAuditLog.at > now - timedelta(days=1)),
        audit_rows=count(WbsAuditLog), audit_intact=broken is None,
        audit_broken_at=None if broken is None else broken.row_id, database_bytes=size, checked_at=now)
    audit.record(session, actor, "periksa_kesehatan", note="audit utuh" if broken is None else "audit putus")
    return result
