"""Undo and redo of any action, built on the `Changes` its use case returned.

`revert(session, actor, done)` applies the inverse of every change in `done`, newest first, and returns
the `Changes` of that inverse. Redo is the inverse of the inverse: `revert(session, actor, undone)`.
So an undo history keeps only the latest `Changes` of each action.

Per entity:
- `assignment` goes through the placement guard (unassign / restore / move / pin): an undo can never
  create a double booking and is refused with the guard's words;
- `setting` (the typed settings document) puts back the changed keys;
- `personnel` functions (the `functions` pseudo-field) are replaced as a set;
- every other table with the audited columns: a create is tombstoned, a tombstone restored, an update
  gets its old values back — through `audit`, so the undo itself is audited.

Safety: before anything is written, every row the action touched must still be as the action left it —
the same values and, when the caller passes `versions` (the row_version this desk last wrote, kept by the
undo history), the same `row_version`: a row another desk changed since (even in a field the action did
not touch) is never overwritten — the undo is refused with words naming it. An event or post that
gained live rows the action did not create is not tombstoned. All in the caller's transaction.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor, Permission, require
from db.models import Assignment, Base, Personnel, Post, SecurityRequest, Setting
from db.models.base import UTCDateTime

ENTITY_LABELS = {
    "event": T("kegiatan", "event"), "security_request": T("permohonan", "request"), "post": T("pos", "post"),
    "post_requirement": T("baris kebutuhan", "requirement line"), "event_template": T("templat", "template"),
    "personnel": T("personel", "person"), "availability": T("ketersediaan", "availability"),
    "assignment": T("penempatan", "placement"), "setting": T("pengaturan", "settings"),
    "news_post": T("tulisan portal", "portal post"), "news_attachment": T("lampiran tulisan", "post attachment"),
}
PERMISSIONS = {"event": Permission.EDIT_EVENTS, "security_request": Permission.EDIT_EVENTS,
               "post": Permission.PLAN, "post_requirement": Permission.PLAN, "assignment": Permission.PLAN,
               "event_template": Permission.EDIT_SETTINGS, "setting": Permission.EDIT_SETTINGS,
               "personnel": Permission.EDIT_PERSONNEL, "availability": Permission.EDIT_PERSONNEL,
               "news_post": Permission.PUBLISH_NEWS, "news_attachment": Permission.PUBLISH_NEWS}
_AUDIT_ONLY = {"updated_by", "row_version", "created_at", "updated_at"}
UNDO_NOTE = "urungkan"


def _label(entity: str):
    return ENTITY_LABELS.get(entity, entity)


def _models() -> dict[str, type]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers
            if hasattr(mapper.class_, "__tablename__")}


def _model(entity: str) -> type:
    model = _models().get(entity)
    if model is None or not hasattr(model, "deleted_at"):
        raise UserError(T("Tindakan pada {e} tidak dapat diurungkan.", "An action on {e} cannot be undone.",
                          e=_label(entity)))
    return model


def _decode(model: type, values: dict[str, Any]) -> dict[str, Any]:
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
    row = session.get(_model(change.entity), change.id)
    if row is None:
        raise UserError(T("Data {e} {i} sudah tidak ada.", "The {e} record {i} no longer exists.",
                          e=_label(change.entity), i=change.id))
    return row


def _changed_since(entity: str) -> UserError:
    return UserError(T("Data {e} telah diubah dari meja lain atau tindakan lain sejak itu; tidak dapat diurungkan.",
                       "The {e} record was changed since, by another desk or action; it cannot be undone.",
                       e=_label(entity)))


# ---- the state check, before anything is written
def _settings_now(session: Session) -> dict[str, Any]:
    from antasena_desktop.services.settings import KEY
    row = session.get(Setting, KEY)
    return json.loads(row.value_json) if row else {}


def _functions_now(session: Session, person_id: str) -> list[str]:
    from db.models import personnel_function
    return sorted(session.scalars(select(personnel_function.c.function_code)
                                  .where(personnel_function.c.personnel_id == person_id)))


def _left_as(session: Session, change: Change, version: int | None) -> bool:
    """Is the row still as `change` left it (values, and `row_version` when known)?"""
    if change.entity == "setting":
        now = _settings_now(session)
        return all(now.get(k) == v for k, v in (change.after or {}).items())
    row = _row(session, change)
    if version is not None and getattr(row, "row_version", None) is not None and row.row_version != version:
        return False
    if change.entity == "personnel" and set(change.after or {}) == {"functions"}:
        return _functions_now(session, change.id) == sorted(change.after["functions"])
    if change.action == "delete":
        return row.deleted_at is not None
    if change.action == "create":                 # later edits of other desks show in the version
        return row.deleted_at is None
    expected = _decode(type(row), change.after or {})
    return all(getattr(row, k) == v for k, v in expected.items())


def check_unchanged(session: Session, done: Changes, versions: dict[tuple[str, str], int] | None = None) -> None:
    """Refuse when a row touched by `done` was changed since (the last change of each row counts).
    `versions`: (entity, id) -> the row_version this desk last wrote; checked too when given."""
    last: dict[tuple[str, str], Change] = {}
    for change in done.items:
        key = (change.entity, change.id)
        if change.entity == "personnel" and set(change.after or {}) == {"functions"}:
            key = ("personnel.functions", change.id)
        last[key] = change
    for change in last.values():
        if not _left_as(session, change, (versions or {}).get((change.entity, change.id))):
            raise _changed_since(change.entity)


def _permitted(session: Session, actor: Actor, done: Changes) -> None:
    for change in done.items:
        permission = PERMISSIONS.get(change.entity)
        if permission is None:
            raise UserError(T("Tindakan pada {e} tidak dapat diurungkan.", "An action on {e} cannot be undone.",
                              e=_label(change.entity)))
        unit_id = None
        if change.entity == "personnel":
            person = session.get(Personnel, change.id)
            unit_id = person.unit_id if person else None
        elif change.entity == "availability":
            row = session.get(_model("availability"), change.id)
            person = session.get(Personnel, row.personnel_id) if row else None
            unit_id = person.unit_id if person else None
        require(actor, permission, unit_id=unit_id)


# ---- the inverse of one change
def _is_restore(change: Change) -> bool:
    return change.action == "update" and set(change.before or {}) == {"deleted_at"} \
        and (change.after or {}).get("deleted_at") is None


def _no_foreign_children(session: Session, change: Change, own: set[str]) -> None:
    """Refuse to tombstone an event/post that now carries live rows this action did not create."""
    if change.entity == "event":
        posts = set(session.scalars(select(Post.id).where(Post.event_id == change.id, Post.deleted_at.is_(None))))
        requests = set(session.scalars(select(SecurityRequest.id).where(
            SecurityRequest.event_id == change.id, SecurityRequest.deleted_at.is_(None))))
        if posts - own or requests - own:
            raise UserError(T("Kegiatan ini sudah punya pos atau permohonan baru; urungkan itu dahulu.",
                              "This event already has new posts or requests; undo those first."))
    if change.entity in ("event", "post"):
        query = select(Assignment.id).where(Assignment.deleted_at.is_(None))
        if change.entity == "post":
            query = query.where(Assignment.post_id == change.id)
        else:
            query = query.join(Post, Post.id == Assignment.post_id).where(Post.event_id == change.id)
        if session.scalar(query.limit(1)):
            raise UserError(T("Sudah ada personel yang ditempatkan; hapus penempatan dahulu.",
                              "People are already placed here; remove the placements first."))


def _invert_assignment(session: Session, actor: Actor, change: Change, changes: Changes) -> None:
    from antasena_desktop.planning import service
    if change.action == "create" or _is_restore(change):
        changes.extend(service.unassign(session, actor, change.id, UNDO_NOTE))
    elif change.action == "delete":
        changes.extend(service.restore(session, actor, change.id, UNDO_NOTE))
    elif change.action == "update":
        old = _decode(Assignment, change.before or {})
        if "post_id" in old or "requirement_id" in old:
            assignment = session.get(Assignment, change.id)
            changes.extend(service.move(session, actor, change.id, old.get("post_id", assignment.post_id),
                                        old.get("requirement_id", assignment.requirement_id),
                                        reason=old.get("reason") or UNDO_NOTE))
        if "pinned" in old:
            changes.extend(service.set_pinned(session, actor, change.id, bool(old["pinned"])))


def _invert_setting(session: Session, actor: Actor, change: Change, changes: Changes) -> None:
    from antasena_desktop.services import settings as settings_service
    current = _settings_now(session)
    restored = {**current, **(change.before or {})}
    changes.extend(settings_service.save(session, actor, settings_service.from_dict(restored), note=UNDO_NOTE))


def _invert_functions(session: Session, actor: Actor, change: Change, changes: Changes) -> None:
    from antasena_desktop.services.personnel import set_functions
    person = _row(session, change)
    set_functions(session, actor, person, change.before.get("functions") or [], changes, UNDO_NOTE)


def _invert_row(session: Session, actor: Actor, change: Change, own: set[str], changes: Changes) -> None:
    row = _row(session, change)
    if change.action == "create" or _is_restore(change):
        if row.deleted_at is None:
            _no_foreign_children(session, change, own)
            audit.tombstone(session, actor, row, changes, note=UNDO_NOTE)
    elif change.action == "delete":
        if row.deleted_at is not None:
            audit.update(session, actor, row, {"deleted_at": None}, changes, note=UNDO_NOTE)
    elif change.action == "update":
        audit.update(session, actor, row, _decode(type(row), change.before or {}), changes, note=UNDO_NOTE)


def revert(session: Session, actor: Actor, done: Changes,
           versions: dict[tuple[str, str], int] | None = None) -> Changes:
    """The inverse of `done` in the caller's transaction; its Changes (the next undo/redo reverts those)."""
    _permitted(session, actor, done)
    check_unchanged(session, done, versions)
    own = {c.id for c in done.items if c.action == "create"}
    changes = Changes(note=done.note)
    for change in reversed(done.items):
        if change.entity == "assignment":
            _invert_assignment(session, actor, change, changes)
        elif change.entity == "setting":
            _invert_setting(session, actor, change, changes)
        elif change.entity == "personnel" and set(change.before or change.after or {}) == {"functions"}:
            _invert_functions(session, actor, change, changes)
        else:
            _invert_row(session, actor, change, own, changes)
    return changes
