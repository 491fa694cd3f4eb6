"""Undo and redo of placement changes, built on the `Changes` each placement service returns.

`revert(changes)` applies the inverse of every assignment change, newest first, through the same
guarded services (so an undo can never create a double booking); `reapply(changes)` does it again.
Both run in the caller's single transaction: all or nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.planning import service
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor
from db.models import Assignment


def _restore_fields(session: Session, actor: Actor, change: Change, values: dict, changes: Changes) -> None:
    """Put back the fields of an assignment update (move or pin), checked by the guard when it moves."""
    assignment = session.get(Assignment, change.id)
    if assignment is None or assignment.deleted_at is not None:
        raise UserError(T("Penempatan {a} sudah tidak ada.", "Placement {a} no longer exists.", a=change.id))
    if "post_id" in values or "requirement_id" in values:
        post_id = values.get("post_id", assignment.post_id)
        line_id = values.get("requirement_id", assignment.requirement_id)
        changes.extend(service.move(session, actor, assignment.id, post_id, line_id,
                                    reason=values.get("reason") or "urungkan"))
    if "pinned" in values and values["pinned"] != assignment.pinned:
        changes.extend(service.set_pinned(session, actor, assignment.id, bool(values["pinned"])))


def revert(session: Session, actor: Actor, done: Changes) -> Changes:
    changes = Changes()
    for change in reversed(done.items):
        if change.entity != "assignment":
            continue
        if change.action == "create":
            changes.extend(service.unassign(session, actor, change.id, "urungkan"))
        elif change.action == "delete":
            changes.extend(service.restore(session, actor, change.id, "urungkan"))
        elif change.action == "update" and change.before:
            if set(change.before) == {"deleted_at"}:        # an undone removal that was restored
                changes.extend(service.unassign(session, actor, change.id, "urungkan"))
            else:
                _restore_fields(session, actor, change, _parse(change.before), changes)
    return changes


def reapply(session: Session, actor: Actor, done: Changes) -> Changes:
    changes = Changes()
    for change in done.items:
        if change.entity != "assignment":
            continue
        if change.action == "create":
            changes.extend(service.restore(session, actor, change.id, "ulangi"))
        elif change.action == "delete":
            changes.extend(service.unassign(session, actor, change.id, "ulangi"))
        elif change.action == "update" and change.after:
            if set(change.after) == {"deleted_at"}:
                changes.extend(service.restore(session, actor, change.id, "ulangi"))
            else:
                _restore_fields(session, actor, change, _parse(change.after), changes)
    return changes


def _parse(values: dict) -> dict:
    parsed = dict(values)
    for key in ("start_at", "end_at"):
        if isinstance(parsed.get(key), str):
            parsed[key] = datetime.fromisoformat(parsed[key])
    return parsed
