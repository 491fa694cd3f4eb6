"""The desk's conflict inbox: what the server refused, in words, and the operator's decision.

`list_conflicts(session, actor)` (VIEW) gives each open conflict with both versions; `resolve(session,
actor, conflict_id, keep, values=None)`:
* "theirs": the server's version stands (the desk already holds it since the sync); the conflict closes;
* "mine": the desk's version is written again as a new local change, through the guard for a placement
  (the placements of the same person that clash with it are removed first, then it is placed), so it
  goes to the server with the next sync and is checked there once more;
* "edit": as "mine" with the operator's corrected values.
Every desk's inbox shows every open conflict (the rows are pulled); on a desk that did not make the refused
change, "mine" is the server's version (which holds that desk's own write) — the same as "theirs".
Audited; the closing also travels to the server (an outbox row of op "resolve").
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError, current_language
from antasena_desktop.planning import service as guard
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.sync.apply import PERMISSIONS, RESOLVE
from antasena_desktop.sync.values import MODELS, decode
from db.models import Assignment, SyncConflict, SyncOutbox, SyncReplica, utcnow
from db.sync_outbox import FUNCTIONS, next_hlc

KEEP = ("mine", "theirs", "edit")
KIND_LABELS = {"fields": T("kolom yang sama diubah", "the same fields changed"),
               "rule": T("aturan penempatan", "placement rule"), "duplicate": T("nilai ganda", "duplicate value"),
               "deleted": T("sudah dihapus di server", "deleted on the server"),
               "missing": T("tidak ada di server", "missing on the server"),
               "refused": T("tidak berwenang", "not allowed")}


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    row_id: str
    kind: str
    message: str
    desk: str
    actor: str
    mine: dict
    theirs: dict | None
    created_at: Any
    status: str
    resolution: str
    own: bool = True                  # this desk made the refused change (else: another desk's, shown here too)

    def as_json(self) -> dict:
        return {"id": self.id, "table": self.table, "row_id": self.row_id, "kind": self.kind,
                "message": self.message, "desk": self.desk, "actor": self.actor, "mine": self.mine,
                "theirs": self.theirs, "created_at": self.created_at.isoformat() if self.created_at else None,
                "status": self.status, "resolution": self.resolution, "own": self.own}


def _view(row: SyncConflict, desk_id: str | None) -> ConflictView:
    return ConflictView(row.id, row.table_name, row.row_id, row.kind,
                        row.message_en if current_language() == "en" else row.message_id, row.desk_name, row.actor,
                        json.loads(row.mine_json), json.loads(row.theirs_json) if row.theirs_json else None,
                        row.created_at, row.status, row.resolution, own=desk_id is None or row.desk_id == desk_id)


def _desk_id(session: Session) -> str | None:
    state = session.get(SyncReplica, 1)
    return state.desk_id if state is not None else None


def list_conflicts(session: Session, actor: Actor, include_resolved: bool = False) -> list[ConflictView]:
    require(actor, Permission.VIEW)
    query = select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.id)
    if not include_resolved:
        query = query.where(SyncConflict.status == "open")
    desk_id = _desk_id(session)
    return [_view(row, desk_id) for row in session.scalars(query)]


def _conflict(session: Session, conflict_id: str) -> SyncConflict:
    row = session.get(SyncConflict, conflict_id)
    if row is None:
        matches = list(session.scalars(select(SyncConflict).where(SyncConflict.id.startswith(conflict_id))).all()) \
            if len(conflict_id) >= 4 else []
        row = matches[0] if len(matches) == 1 else None
    if row is None:
        raise UserError(T("Konflik {c} tidak ditemukan.", "Conflict {c} not found.", c=conflict_id))
    if row.status != "open":
        raise UserError(T("Konflik {c} sudah diselesaikan ({r}).", "Conflict {c} is already resolved ({r}).",
                          c=conflict_id, r=row.resolution))
    return row


def _keep_placement(session: Session, actor: Actor, wanted: dict, row: Assignment | None, reason: str) -> Changes:
    """The desk's placement wins: remove what clashes with it, then place it through the guard."""
    changes = Changes()
    if wanted.get("deleted_at"):
        if row is not None and row.deleted_at is None:
            changes.extend(guard.unassign(session, actor, row.id, reason))
        return changes
    person, post_id, line_id = wanted["personnel_id"], wanted["post_id"], wanted["requirement_id"]
    start, end = decode(Assignment, "start_at", wanted["start_at"]), decode(Assignment, "end_at", wanted["end_at"])
    clashing = session.scalars(select(Assignment).where(
        Assignment.personnel_id == person, Assignment.deleted_at.is_(None),
        Assignment.id != (row.id if row is not None else ""),
        Assignment.start_at < end, Assignment.end_at > start)).all()
    for other in clashing:
        changes.extend(guard.unassign(session, actor, other.id, reason))
    if row is not None and row.deleted_at is None:
        changes.extend(guard.move(session, actor, row.id, post_id, line_id, reason=reason))
    else:
        changes.extend(guard.place(session, actor, person, post_id, line_id, reason=reason,
                                   source=wanted.get("source") or "manual"))
    return changes


def _keep_row(session: Session, actor: Actor, table: str, row_id: str, wanted: dict) -> Changes:
    model = MODELS[table]
    changes = Changes()
    values = {k: decode(model, k, v) for k, v in wanted.items()
              if k not in (FUNCTIONS, "id", "row_version", "updated_at", "created_at", "updated_by")}
    row = session.get(model, row_id)
    if row is None:
        obj = model(**values)
        obj.id = row_id
        audit.create(session, actor, obj, changes, note="konflik sinkron: versi meja")
    else:
        audit.update(session, actor, row, values, changes, note="konflik sinkron: versi meja")
    if table == "personnel" and wanted.get(FUNCTIONS) is not None:
        from antasena_desktop.services.personnel import set_functions
        set_functions(session, actor, session.get(model, row_id), wanted[FUNCTIONS], changes,
                      note="konflik sinkron: versi meja")
    return changes


def resolve(session: Session, actor: Actor, conflict_id: str, keep: str, values: dict | None = None) -> Changes:
    """Close a conflict: keep "theirs", "mine", or "edit" (mine with `values` changed). Audited."""
    if keep not in KEEP:
        raise UserError(T("Pilihan {k} tidak dikenal (mine, theirs, edit).", "Unknown choice {k} (mine, theirs, edit).",
                          k=keep))
    conflict = _conflict(session, conflict_id)
    require(actor, PERMISSIONS.get(conflict.table_name, Permission.EDIT_SETTINGS))
    changes = Changes(note="sync_resolve")
    if keep == "mine" and conflict.desk_id != (_desk_id(session) or conflict.desk_id):
        keep = "theirs"               # another desk's refused change: this desk's own version is the server's
    if keep in ("mine", "edit"):
        wanted = json.loads(conflict.mine_json)
        if keep == "edit":
            if not values:
                raise UserError(T("Ubah: berikan nilai yang diperbaiki.", "Edit: give the corrected values."))
            wanted.update(values)
        if conflict.table_name not in MODELS:
            raise UserError(T("Konflik ini hanya dapat diterima versi server.", "Only the server's version can be kept."))
        reason = str(T("konflik sinkron: versi {d} dipertahankan", "sync conflict: {d}'s version kept",
                       d=conflict.desk_name))
        if conflict.table_name == "assignment":
            row = session.get(Assignment, conflict.row_id)
            base = {k: v for k, v in (json.loads(conflict.theirs_json) if conflict.theirs_json else {}).items()}
            changes.extend(_keep_placement(session, actor, {**base, **wanted}, row, reason))
        else:
            changes.extend(_keep_row(session, actor, conflict.table_name, conflict.row_id, wanted))
    before = {"status": conflict.status}
    conflict.status, conflict.resolution = "resolved", keep
    conflict.resolved_by, conflict.resolved_at = actor.username, utcnow()
    session.flush()
    audit.record(session, actor, "sync_resolve", "sync_conflict", conflict.id, before,
                 {"status": "resolved", "resolution": keep}, note=conflict.message_id[:300])
    state = session.get(SyncReplica, 1)
    if state is not None:
        hlc = next_hlc(state.hlc)
        state.hlc = hlc
        session.add(SyncOutbox(change_id=str(uuid.uuid4()), table_name="sync_conflict", row_id=conflict.id,
                               op=RESOLVE, base_version=None,
                               fields_json=json.dumps({"resolution": [None, keep]}), hlc=f"{hlc}-{state.desk_id[:8]}",
                               desk_id=state.desk_id, actor=actor.username, created_at=utcnow(), state="pending"))
    from antasena_desktop.services.changes import Change
    changes.add(Change("sync_conflict", conflict.id, "update", before, {"status": "resolved"}))
    return changes
