"""Administrative use cases behind the Settings view: settings, backups, accounts."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit, settings as settings_service
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor, Permission, require
from db.backup import backup_dir, backup_sqlite
from db.database import Database
from db.models import UserAccount

__all__ = ["Changes", "backup_now", "import_tiles", "list_users", "save_settings"]


def save_settings(database: Database, actor: Actor, updated: settings_service.AppSettings) -> Changes:
    with database.session() as session:
        return settings_service.save(session, actor, updated)


def backup_now(database: Database, actor: Actor, reason: str = "manual") -> Changes:
    require(actor, Permission.BACKUP)
    target = backup_sqlite(database.engine, reason=reason)
    if target is None:
        raise UserError(T("Cadangan online hanya untuk SQLite.", "Online backup is for SQLite only."))
    with database.session() as session:
        audit.record(session, actor, "backup", "database", note=str(target))
    prune_backups(keep=settings_keep(database))
    return Changes(note=str(target))


def import_tiles(database: Database, actor: Actor, path: str) -> Changes:
    """Copy a validated MBTiles file into the data folder and use it as the base map."""
    from dataclasses import replace

    from antasena_desktop.geo.mbtiles import import_mbtiles
    from db.engine import data_dir

    require(actor, Permission.EDIT_SETTINGS)
    info = import_mbtiles(path, data_dir() / "tiles", "basemap.mbtiles")
    with database.session() as session:
        current = settings_service.load(session)
        changes = settings_service.save(session, actor, replace(current, mbtiles_path=str(info.path)))
    if not changes:                      # the same path again: still tell the views
        changes.add(Change("setting", settings_service.KEY, "update"))
    changes.note = str(T("{n} ubin diimpor ke {p}", "{n} tiles imported into {p}", n=info.tile_count, p=info.path))
    return changes


def settings_keep(database: Database) -> int:
    with database.session() as session:
        return settings_service.load(session).backup_keep


def prune_backups(keep: int) -> None:
    """Keep the newest `keep` scheduled backups; manual and pre-migration copies are never pruned."""
    scheduled = sorted(backup_dir().glob("*-terjadwal.db"))
    for old in scheduled[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


def list_users(session: Session, actor: Actor) -> list[UserAccount]:
    if not actor.can(Permission.MANAGE_USERS):
        return []
    return list(session.scalars(select(UserAccount).where(UserAccount.deleted_at.is_(None))
                                .order_by(UserAccount.username)))
