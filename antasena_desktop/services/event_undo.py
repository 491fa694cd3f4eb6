"""Undo and redo of register actions (events, requests, posts/lines from a template, templates).

Built on the `Changes` the services return: `revert(changes)` applies the inverse of every change,
newest first — a created row is tombstoned, an updated row gets its old values back, a tombstoned
row is restored; `reapply(changes)` does the original again. Both go through the audited primitives
and run in the caller's transaction (all or nothing).

Safety: a row edited by someone else since (its current values differ from what the action left)
is not overwritten, and an event (or post) that has gained live rows the action did not create —
posts, assignments — is not tombstoned; both raise `UserError`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor, Permission, require
from db.models import Assignment, Event, EventTemplate, Post, PostRequirement, SecurityRequest
from db.models.base import UTCDateTime

MODELS = {"event": Event, "security_request": SecurityRequest, "post": Post, "post_requirement": PostRequirement,
          "event_template": EventTemplate}
PERMISSIONS = {"event": Permission.EDIT_EVENTS, "security_request": Permission.EDIT_EVENTS,
               "post": Permission.PLAN, "post_requirement": Permission.PLAN,
               "event_template": Permission.EDIT_SETTINGS}
_AUDIT_ONLY = {"updated_by", "row_version", "created_at", "updated_at"}


def _decode(model, values: dict[str, Any]) -> dict[str, Any]:
    """Snapshot values (JSON-ready) back to column values."""
    columns = inspect(model).columns
    decoded = {}
    for key, value in values.items():
        if key in _AUDIT_ONLY or key not in columns:
            continue
        if isinstance(value, str) and isinstance(columns[key].type, UTCDateTime):
            value = datetime.fromisoformat(value)
        decoded[key] = value
    return decoded


def _row(session: Session, change: Change):
    row = session.get(MODELS[change.entity], change.id)
    if row is None:
        raise UserError(T("Data {e} {i} sudah tidak ada.", "Record {e} {i} no longer exists.",
                          e=change.entity, i=change.id))
    return row


def _same(row, expected: dict[str, Any]) -> bool:
    return all(getattr(row, k) == v for k, v in _decode(type(row), expected).items())


def _check_no_foreign_children(session: Session, change: Change, own: set[str]) -> None:
    """Refuse to tombstone an event/post that now carries live rows this action did not create."""
    if change.entity == "event":
        ids = set(session.scalars(select(Post.id).where(Post.event_id == change.id, Post.deleted_at.is_(None))))
        requests = set(session.scalars(select(SecurityRequest.id).where(
            SecurityRequest.event_id == change.id, SecurityRequest.deleted_at.is_(None))))
        if ids - own or requests - own:
            raise UserError(T("Kegiatan ini sudah punya pos atau permohonan baru; urungkan itu dahulu.",
                              "This event already has new posts or requests; undo those first."))
    if change.entity in ("event", "post"):
        column = Assignment.post_id if change.entity == "post" else Post.event_id
        query = select(Assignment.id).where(Assignment.deleted_at.is_(None))
        query = query.where(Assignment.post_id == change.id) if change.entity == "post" else \
            query.join(Post, Post.id == Assignment.post_id).where(column == change.id)
        if session.scalar(query.limit(1)):
            raise UserError(T("Sudah ada personel yang ditempatkan; hapus penempatan dahulu.",
                              "People are already placed here; remove the placements first."))


def _tombstone(session: Session, actor: Actor, change: Change, own: set[str], changes: Changes) -> None:
    row = _row(session, change)
    if row.deleted_at is None:
        _check_no_foreign_children(session, change, own)
        audit.tombstone(session, actor, row, changes, note="urungkan")


def _restore(session: Session, actor: Actor, change: Change, changes: Changes) -> None:
    row = _row(session, change)
    if row.deleted_at is not None:
        audit.update(session, actor, row, {"deleted_at": None}, changes, note="pulihkan")


def _set(session: Session, actor: Actor, change: Change, expected: dict | None, values: dict | None,
         changes: Changes) -> None:
    row = _row(session, change)
    if expected and not _same(row, expected):
        raise UserError(T("Data {e} telah diubah oleh tindakan lain; tidak dapat diurungkan.",
                          "The {e} record was changed by another action; cannot undo.", e=change.entity))
    audit.update(session, actor, row, _decode(type(row), values or {}), changes, note="urungkan")


def _permitted(actor: Actor, done: Changes) -> None:
    for entity in done.entities() & set(PERMISSIONS):
        require(actor, PERMISSIONS[entity])


def revert(session: Session, actor: Actor, done: Changes) -> Changes:
    """The inverse of `done` (only the register entities; others are ignored)."""
    _permitted(actor, done)
    own = {c.id for c in done.items if c.action == "create"}
    changes = Changes()
    for change in reversed(done.items):
        if change.entity not in MODELS:
            continue
        if change.action == "create":
            _tombstone(session, actor, change, own, changes)
        elif change.action == "delete":
            _restore(session, actor, change, changes)
        elif change.action == "update":
            if set(change.before or {}) == {"deleted_at"}:          # a restore: delete again
                _tombstone(session, actor, change, own, changes)
            else:
                _set(session, actor, change, change.after, change.before, changes)
    return changes


def reapply(session: Session, actor: Actor, done: Changes) -> Changes:
    """Do `done` again after a `revert` (redo)."""
    _permitted(actor, done)
    own = {c.id for c in done.items if c.action == "create"}
    changes = Changes()
    for change in done.items:
        if change.entity not in MODELS:
            continue
        if change.action == "create":
            _restore(session, actor, change, changes)
        elif change.action == "delete":
            _tombstone(session, actor, change, own, changes)
        elif change.action == "update":
            if set(change.before or {}) == {"deleted_at"}:
                _restore(session, actor, change, changes)
            else:
                _set(session, actor, change, change.before, change.after, changes)
    return changes
