"""The server's side of a desk's push: apply each change conditionally, or record a conflict.

`apply_batch(session, desk_id, desk_name, changes)` runs in ONE server transaction (the desk's sync
client commits it; the commit is the acknowledgement). Per change, in its own SAVEPOINT:
* already in `sync_applied` (a retry after a lost acknowledgement, a replay) → its stored outcome, nothing changes;
* the actor must exist on the server, be active and hold the permission (checked again here);
* each changed field is compared with the old value the desk saw: untouched on the server → applied
  ("merged" when the base row_version is stale, i.e. other fields changed on the server meanwhile);
  changed on the server to something else → a `sync_conflict` row (kind "fields") with both versions;
* a placement that would break a hard rule of the guard (overlap, rest, 24-h cap, availability, rank,
  a full line), the exclusion constraint, or a unique constraint (a second original Sprin, a taken
  number) → a conflict row with the guard's words;
* a Sprin issued offline carries a provisional number ("SEMENTARA/…"): the final number is allocated
  here from the register (`documents/numbering.py`), unique by its constraint.
Either way the change is recorded in `sync_applied`, so the queue never stalls. Audit rows are written
outside the savepoints (the hash chain's tip must never point at a rolled-back row).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.planning import rules
from antasena_desktop.planning import service as guard
from antasena_desktop.services import audit
from antasena_desktop.services.security import Actor, Permission, Role
from antasena_desktop.sync.values import MODELS, UNKNOWN, decode, dumps, row_values
from db.models import (Assignment, AssignmentLog, Event, Personnel, Post, PostRequirement, Sprin, SyncApplied,
                       SyncConflict, UserAccount, personnel_function, utcnow)
from db.sync_outbox import FUNCTIONS

PROVISIONAL = "SEMENTARA"
RESOLVE = "resolve"                       # op of an outbox row that closes a conflict on the server
PERMISSIONS = {"assignment": Permission.PLAN, "post": Permission.PLAN, "post_requirement": Permission.PLAN,
               "sprin": Permission.PLAN, "event": Permission.EDIT_EVENTS, "security_request": Permission.EDIT_EVENTS,
               "event_template": Permission.EDIT_EVENTS, "venue": Permission.EDIT_EVENTS,
               "personnel": Permission.EDIT_PERSONNEL, "availability": Permission.EDIT_PERSONNEL,
               "unit": Permission.EDIT_SETTINGS}
_PLACEMENT_FIELDS = {"personnel_id", "requirement_id", "post_id", "start_at", "end_at", "deleted_at", "rest_minutes"}


@dataclass
class Outcome:
    change_id: str
    outcome: str                      # applied | merged | conflict
    conflict: dict | None = None      # the conflict row's values (for the desk's inbox)


class _Refused(Exception):
    def __init__(self, kind: str, message: Text):
        super().__init__(message.render("en"))
        self.kind = kind
        self.message = message


def is_provisional(number: str | None) -> bool:
    return bool(number) and number.startswith(PROVISIONAL)


def _actor(session: Session, username: str, cache: dict) -> Actor | None:
    if username not in cache:
        user = session.scalar(select(UserAccount).where(UserAccount.username == username,
                                                        UserAccount.deleted_at.is_(None)))
        cache[username] = (Actor(user.username, Role(user.role), user.id, user.unit_id, source="sync")
                           if user is not None and user.active else None)
    return cache[username]


def _check_role(actor: Actor | None, username: str, table: str, values: dict) -> None:
    if actor is None:
        raise _Refused("refused", T("Akun {u} tidak ada atau nonaktif di server.",
                                    "The account {u} does not exist or is inactive on the server.", u=username))
    needed = [PERMISSIONS.get(table, Permission.EDIT_SETTINGS)]
    if table == "sprin" and values.get("status") == "approved":
        needed.append(Permission.APPROVE_SPRIN)
    if table == "sprin" and values.get("status") == "issued":
        needed.append(Permission.ISSUE_SPRIN)
    for permission in needed:
        if not actor.can(permission):
            raise _Refused("refused", T("Peran {u} tidak berwenang untuk perubahan ini di server.",
                                        "The role of {u} may not make this change on the server.", u=username))
    if actor.role is Role.OPERATOR_SATKER and table == "personnel" and values.get("unit_id") not in (None, actor.unit_id):
        raise _Refused("refused", T("Operator Satker hanya dapat mengubah personel satuannya sendiri.",
                                    "A unit operator may only change personnel of their own unit."))


def _desk_of(session: Session, table: str, row_id: str) -> str:
    """Which desk last wrote a row through sync (for the words of a clash), else "server"."""
    name = session.scalar(select(SyncApplied.desk_name).where(SyncApplied.table_name == table,
                                                             SyncApplied.row_id == row_id,
                                                             SyncApplied.outcome != "conflict")
                          .order_by(SyncApplied.applied_at.desc()).limit(1))
    return name or "server"


def _clash_sentence(session: Session, values: dict, desk_name: str, row_id: str) -> Text | None:
    """"BRIPTU X ditempatkan di Pos A oleh Meja 1 dan di Pos B oleh Meja 2 pada 08.00–12.00 WIB"."""
    person = session.get(Personnel, values["personnel_id"])
    post = session.get(Post, values["post_id"])
    if person is None or post is None:
        return None
    start, end = values["start_at"], values["end_at"]
    other = session.execute(
        select(Assignment.id, Post.name, Assignment.start_at, Assignment.end_at)
        .join(Post, Assignment.post_id == Post.id)
        .where(Assignment.personnel_id == person.id, Assignment.deleted_at.is_(None), Assignment.id != row_id,
               Assignment.start_at < end, Assignment.end_at > start).order_by(Assignment.start_at).limit(1)).first()
    if other is None:
        return None
    return T("{n} ditempatkan di {a} oleh {da} dan di {b} oleh {db} pada {w}.",
             "{n} was placed at {a} by {da} and at {b} by {db} on {w}.",
             n=f"{person.rank_code} {person.name}", a=other[1], da=_desk_of(session, "assignment", other[0]),
             b=post.name, db=desk_name, w=rules._when(max(start, other[2]), min(end, other[3])))


def _check_placement(session: Session, row_id: str, values: dict, desk_name: str) -> None:
    """The guard's hard rules for a placement as the desk wants it (ignoring the row itself)."""
    person = session.get(Personnel, values["personnel_id"])
    line = session.get(PostRequirement, values["requirement_id"])
    if person is None or line is None or line.deleted_at is not None:
        raise _Refused("missing", T("Personel atau baris kebutuhan penempatan ini tidak ada lagi di server.",
                                    "The person or requirement line of this placement no longer exists on the server."))
    guard.lock_for_placement(session, [person.id], [line.id])
    found = rules.hard(guard.check_placement(session, person, line, ignore=row_id))
    if found:
        sentence = _clash_sentence(session, values, desk_name, row_id) if any(c.code == "overlap" for c in found) else None
        words = [c.message for c in found if not (sentence and c.code == "overlap")]     # the sentence says it
        raise _Refused("rule", guard.join_messages(([sentence] if sentence else []) + words))


def _final_number(session: Session, actor: Actor, sprin: Sprin) -> None:
    """Replace an offline desk's provisional number by the register's next one (unique by constraint)."""
    from antasena_desktop.documents import numbering
    from antasena_desktop.documents.sprin import SPRIN_KIND, format_sprin_number
    from antasena_desktop.services import settings as app_settings
    from antasena_desktop.timefmt import format_date_id, to_wib
    moment = sprin.issued_at or utcnow()
    local = to_wib(moment)
    classification = app_settings.load(session).sprin_classification
    row = numbering.allocate(session, actor, SPRIN_KIND, local.year,
                             lambda seq: format_sprin_number(seq, local.month, classification, local.year),
                             sprin_id=sprin.id)
    stored = json.loads(sprin.content_json or "{}")
    stored.update(number=row.number, date_text=format_date_id(moment))
    stored.pop("_provisional", None)
    sprin.number = row.number
    sprin.content_json = json.dumps(stored, ensure_ascii=False, sort_keys=True)


def _apply_values(session: Session, change: dict, actor: Actor, desk_name: str) -> tuple[str, Any, dict, dict]:
    """Inside the savepoint: the row as the desk wants it, or _Refused. Returns (outcome, row, before, after)."""
    table, row_id = change["table_name"], change["row_id"]
    model = MODELS.get(table)
    if model is None:
        raise _Refused("refused", T("Tabel {t} tidak disinkronkan.", "Table {t} is not synchronised.", t=table))
    fields: dict[str, list] = json.loads(change["fields_json"])
    wanted = {name: pair[1] for name, pair in fields.items()}
    _check_role(actor, change["actor"], table, wanted)
    row = session.get(model, row_id, with_for_update=session.get_bind().dialect.name == "postgresql")
    columns = {name: value for name, value in wanted.items() if name != FUNCTIONS}
    outcome = "applied"
    if row is None:
        if change["op"] != "insert":
            raise _Refused("missing", T("Baris ini tidak ada di server.", "This row does not exist on the server."))
        row = model(**{name: decode(model, name, value) for name, value in columns.items()})
        row.id = row_id
        row.row_version = 1
        before: dict = {}
    else:
        current = row_values(row)
        if table == "personnel":
            current[FUNCTIONS] = sorted(session.scalars(select(personnel_function.c.function_code).where(
                personnel_function.c.personnel_id == row_id)))
        # Row versions of a desk and the server part ways as soon as the desk writes offline, so a base
        # version that happens to match proves nothing: each field is compared with the value the desk
        # saw (a version match only decides for a field whose old value the desk did not know).
        stale = change["base_version"] is None or row.row_version != change["base_version"]
        clashing = []
        for name, (old, new) in fields.items():
            theirs = current.get(name)
            if theirs == new:
                continue
            if old == UNKNOWN or change["op"] == "insert":
                if stale:
                    clashing.append(name)
            elif theirs != old:
                clashing.append(name)
        if clashing:
            raise _Refused("fields", T("Kolom {f} diubah di server dan di meja ini sejak versi {v}.",
                                       "Field(s) {f} were changed on the server and on this desk since version {v}.",
                                       f=", ".join(sorted(clashing)), v=change["base_version"] or 0))
        if row.deleted_at is not None and "deleted_at" not in fields:
            raise _Refused("deleted", T("Baris ini sudah dihapus di server.", "This row was deleted on the server."))
        outcome = "merged" if stale else "applied"
        before = {name: current.get(name) for name in wanted}
        for name, value in columns.items():
            setattr(row, name, decode(model, name, value))
        row.row_version = (row.row_version or 0) + 1
    row.updated_by = actor.username
    row.updated_at = utcnow()
    if table == "assignment" and row.deleted_at is None and (change["op"] == "insert" or set(fields) & _PLACEMENT_FIELDS):
        _check_placement(session, row_id, {"personnel_id": row.personnel_id, "requirement_id": row.requirement_id,
                                           "post_id": row.post_id, "start_at": row.start_at, "end_at": row.end_at},
                         desk_name)
    if table == "sprin" and row.status == "issued" and is_provisional(row.number):
        _final_number(session, actor, row)
    session.add(row)
    session.flush()
    if FUNCTIONS in wanted:
        session.execute(personnel_function.delete().where(personnel_function.c.personnel_id == row_id))
        if wanted[FUNCTIONS]:
            session.execute(personnel_function.insert(),
                            [{"personnel_id": row_id, "function_code": code} for code in wanted[FUNCTIONS]])
    return outcome, row, before, wanted


def _integrity_words(session: Session, change: dict, exc: IntegrityError, desk_name: str) -> _Refused:
    text = str(exc.orig)
    if guard.BUSY_CONSTRAINT in text and change["table_name"] == "assignment":
        values = {name: decode(Assignment, name, pair[1]) for name, pair in json.loads(change["fields_json"]).items()}
        row = session.get(Assignment, change["row_id"])
        merged = {k: values.get(k, getattr(row, k, None)) for k in ("personnel_id", "post_id", "start_at", "end_at")}
        sentence = _clash_sentence(session, merged, desk_name, change["row_id"]) if None not in merged.values() else None
        return _Refused("rule", sentence or T("Personel sudah ditempatkan pada jam yang sama.",
                                              "The person is already placed at the same time."))
    if "uq_sprin_one_original" in text:
        return _Refused("duplicate", T("Kegiatan ini sudah memiliki Sprin asli yang terbit di server.",
                                       "This event already has an issued original order on the server."))
    return _Refused("duplicate", T("Server menolak perubahan ini (nilai ganda atau rujukan hilang): {e}",
                                   "The server refused this change (a duplicate value or a missing reference): {e}",
                                   e=text.strip().splitlines()[0][:200]))


def _resolve_on_server(session: Session, change: dict) -> None:
    fields = json.loads(change["fields_json"])
    conflict = session.get(SyncConflict, change["row_id"])
    if conflict is not None and conflict.status != "resolved":
        conflict.status = "resolved"
        conflict.resolution = fields.get("resolution", [None, ""])[1]
        conflict.resolved_by = change["actor"]
        conflict.resolved_at = utcnow()


def _stored(session: Session, applied: SyncApplied) -> Outcome:
    conflict = session.get(SyncConflict, applied.conflict_id) if applied.conflict_id else None
    return Outcome(applied.change_id, applied.outcome, conflict_dict(conflict) if conflict else None)


def conflict_dict(conflict: SyncConflict) -> dict:
    return {column.key: getattr(conflict, column.key) for column in SyncConflict.__table__.columns}


def apply_batch(session: Session, desk_id: str, desk_name: str, changes: list[dict]) -> list[Outcome]:
    """Apply a desk's changes (outbox rows as dicts, in their order) in the caller's server transaction."""
    outcomes: list[Outcome] = []
    actors: dict[str, Actor | None] = {}
    seen = {row.change_id: row for row in session.scalars(select(SyncApplied).where(
        SyncApplied.change_id.in_([c["change_id"] for c in changes])))}
    for change in changes:
        if change["change_id"] in seen:                 # a replay: nothing changes
            outcomes.append(_stored(session, seen[change["change_id"]]))
            continue
        actor = _actor(session, change["actor"], actors)
        conflict = None
        if change["op"] == RESOLVE:
            _resolve_on_server(session, change)
            result = "applied"
        else:
            try:
                with session.begin_nested():
                    result, row, before, after = _apply_values(session, change, actor, desk_name)
            except _Refused as refused:
                conflict = _record_conflict(session, change, desk_id, desk_name, refused)
                result = "conflict"
            except IntegrityError as exc:
                session.info.pop("audit_chain_tip", None)
                conflict = _record_conflict(session, change, desk_id, desk_name,
                                            _integrity_words(session, change, exc, desk_name))
                result = "conflict"
            except UserError as exc:
                session.info.pop("audit_chain_tip", None)
                conflict = _record_conflict(session, change, desk_id, desk_name,
                                            _Refused("rule", T("{e}", "{e}", e=str(exc))))
                result = "conflict"
            else:
                _audit_applied(session, actor, change, desk_name, row, before, after, result)
        if conflict is not None:
            session.info.pop("audit_chain_tip", None)
            if actor is not None:
                audit.record(session, actor, "sync_conflict", change["table_name"], change["row_id"],
                             note=f"{desk_name}: {conflict.message_id}")
        session.add(SyncApplied(change_id=change["change_id"], desk_id=desk_id, desk_name=desk_name,
                                table_name=change["table_name"], row_id=change["row_id"], outcome=result,
                                conflict_id=conflict.id if conflict else None, applied_at=utcnow()))
        session.flush()
        outcomes.append(Outcome(change["change_id"], result, conflict_dict(conflict) if conflict else None))
    return outcomes


def _record_conflict(session: Session, change: dict, desk_id: str, desk_name: str, refused: _Refused) -> SyncConflict:
    model = MODELS.get(change["table_name"])
    theirs = session.get(model, change["row_id"]) if model is not None else None
    if theirs is not None:
        session.refresh(theirs)
    fields = json.loads(change["fields_json"])
    conflict = SyncConflict(
        id=str(uuid.uuid4()), change_id=change["change_id"], desk_id=desk_id, desk_name=desk_name,
        actor=change["actor"], table_name=change["table_name"], row_id=change["row_id"], kind=refused.kind,
        mine_json=dumps({name: pair[1] for name, pair in fields.items()}),
        theirs_json=dumps(row_values(theirs)) if theirs is not None else None,
        base_version=change["base_version"], server_version=getattr(theirs, "row_version", None),
        message_id=refused.message.render("id"), message_en=refused.message.render("en"),
        created_at=utcnow(), status="open", resolution="", resolved_by="")
    session.add(conflict)
    session.flush()
    return conflict


def _audit_applied(session: Session, actor: Actor, change: dict, desk_name: str, row, before: dict, after: dict,
                   result: str) -> None:
    note = f"sinkron dari {desk_name} ({result}), perubahan {change['change_id'][:8]}"
    audit.record(session, actor, "create" if not before else "update", change["table_name"], change["row_id"],
                 before or None, after, note)
    if change["table_name"] == "assignment":
        post = session.get(Post, row.post_id)
        action = "remove" if row.deleted_at is not None else ("place" if not before else "move")
        session.add(AssignmentLog(at=utcnow(), username=actor.username, action=action, assignment_id=row.id,
                                  event_id=post.event_id if post else None, personnel_id=row.personnel_id,
                                  source=row.source, before_json=json.dumps(before, default=str) if before else None,
                                  after_json=json.dumps(after, default=str), reason=f"sinkron {desk_name}"[:300]))
