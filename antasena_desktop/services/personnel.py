"""Personnel roster: create / edit / deactivate / reactivate, field rules shared with the importer,
and the light query helpers the roster view and the planning board use.

Field rules (also applied by `antasena_desktop.importing.personnel_import`):
- NRP exactly 8 digits for police ranks, NIP exactly 18 digits for PNS grades (spaces, dots and
  dashes are ignored; an Excel number such as `84031122.0` is accepted);
- name required (kept as written, whitespace normalised);
- rank must exist; unit must exist and not be deleted; gender M/F;
- functions from the `function` catalogue; phone: digits, `+`, spaces (dashes, dots and brackets
  are tolerated and turned into spaces).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.personnel_fields import (clean_name, normalise_nrp, normalise_phone, nrp_problem,
                                                      parse_gender)
from antasena_desktop.domain.ranks import parse_rank
from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor, Permission, Role, require
from db import sync_outbox
from db.models import (Assignment, Event, Function, Personnel, Post, Rank, Unit, personnel_function)

EDITABLE = ("nrp", "name", "rank_code", "jabatan", "unit_id", "gender", "phone", "notes")

FIELD_LABELS: dict[str, Text] = {
    "nrp": T("NRP/NIP", "NRP/NIP"),
    "name": T("Nama", "Name"),
    "rank_code": T("Pangkat", "Rank"),
    "jabatan": T("Jabatan", "Position"),
    "unit_id": T("Kesatuan", "Unit"),
    "gender": T("Jenis kelamin", "Gender"),
    "phone": T("No. HP", "Phone"),
    "functions": T("Fungsi", "Functions"),
    "notes": T("Catatan", "Notes"),
    "active": T("Aktif", "Active"),
}


# ---------------------------------------------------------------------------------------------
# Field normalisers (pure; used by the service and the importer)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: Text


_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------
# Reference lookups (loaded once per operation; the importer reuses them)
# ---------------------------------------------------------------------------------------------

@dataclass
class References:
    ranks: dict[str, Rank]
    units: dict[str, Unit]          # id → unit (not deleted)
    functions: dict[str, Function]  # code → function (active)

    @classmethod
    def load(cls, session: Session) -> "References":
        ranks = {r.code: r for r in session.scalars(select(Rank))}
        units = {u.id: u for u in session.scalars(select(Unit).where(Unit.deleted_at.is_(None)))}
        functions = {f.code: f for f in session.scalars(select(Function).where(Function.active.is_(True)))}
        return cls(ranks, units, functions)


def validate(refs: References, values: dict[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Clean and check a full set of person values (keys of EDITABLE plus `functions`)."""
    clean: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    rank = refs.ranks.get(values.get("rank_code") or "")
    if rank is None and values.get("rank_code"):          # a spelling such as "Bripka." or "KBP"
        parsed = parse_rank(str(values["rank_code"]))
        rank = refs.ranks.get(parsed.code) if parsed else None
    if rank is None:
        problems.append(FieldProblem("rank_code", T("Pangkat tidak dikenal: {v}", "Unknown rank: {v}",
                                                    v=values.get("rank_code") or "")))
    clean["rank_code"] = rank.code if rank else values.get("rank_code")
    nrp = normalise_nrp(values.get("nrp"))
    problem = nrp_problem(nrp, rank.is_pns if rank else None)
    if problem:
        problems.append(FieldProblem("nrp", problem))
    clean["nrp"] = nrp
    name = clean_name(values.get("name"))
    if not name:
        problems.append(FieldProblem("name", T("Nama wajib diisi", "Name is required")))
    elif len(name) > 120:
        problems.append(FieldProblem("name", T("Nama terlalu panjang (maks. 120 huruf)",
                                               "Name too long (max. 120 characters)")))
    clean["name"] = name
    unit_id = values.get("unit_id")
    if unit_id not in refs.units:
        problems.append(FieldProblem("unit_id", T("Kesatuan tidak ada atau sudah dihapus",
                                                  "Unit does not exist or was deleted")))
    clean["unit_id"] = unit_id
    gender = parse_gender(values.get("gender"))
    if gender is None:
        problems.append(FieldProblem("gender", T("Jenis kelamin harus L/P (M/F): {v}",
                                                 "Gender must be M/F (L/P): {v}", v=values.get("gender") or "")))
    clean["gender"] = gender
    phone, problem = normalise_phone(values.get("phone"))
    if problem:
        problems.append(FieldProblem("phone", problem))
    clean["phone"] = phone
    jabatan = _SPACES.sub(" ", str(values.get("jabatan") or "")).strip()
    if len(jabatan) > 120:
        problems.append(FieldProblem("jabatan", T("Jabatan terlalu panjang (maks. 120 huruf)",
                                                  "Position too long (max. 120 characters)")))
    clean["jabatan"] = jabatan
    clean["notes"] = str(values.get("notes") or "")
    codes = sorted(set(values.get("functions") or ()))
    unknown = [c for c in codes if c not in refs.functions]
    if unknown:
        problems.append(FieldProblem("functions", T("Fungsi tidak dikenal: {v}", "Unknown function: {v}",
                                                    v=", ".join(unknown))))
    clean["functions"] = codes
    return clean, problems


def _raise_problems(problems: list[FieldProblem]) -> None:
    if problems:
        first = problems[0]
        raise UserError(T("{field}: {reason}", "{field}: {reason}", field=FIELD_LABELS[first.field],
                          reason=first.message))


# ---------------------------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------------------------

def _function_codes(session: Session, person_id: str) -> list[str]:
    return sorted(session.scalars(select(personnel_function.c.function_code)
                                  .where(personnel_function.c.personnel_id == person_id)))


def set_functions(session: Session, actor: Actor, person: Personnel, codes: Iterable[str],
                  changes: Changes, note: str = "") -> bool:
    """Replace a person's functions (audited as an update of the `functions` field)."""
    old = _function_codes(session, person.id)
    new = sorted(set(codes))
    if old == new:
        return False
    sync_outbox.note_functions(session, person, old)          # a desk replica pushes it (issue 17)
    session.execute(personnel_function.delete().where(personnel_function.c.personnel_id == person.id))
    if new:
        session.execute(personnel_function.insert(), [{"personnel_id": person.id, "function_code": c} for c in new])
    session.expire(person, ["functions"])
    audit.record(session, actor, "update", "personnel", person.id, {"functions": old}, {"functions": new}, note)
    changes.add(Change("personnel", person.id, "update", {"functions": old}, {"functions": new}))
    return True


def _get_person(session: Session, person_id: str) -> Personnel:
    return get_live(session, Personnel, person_id, T("Personel tidak ditemukan.", "Person not found."))


def _nrp_taken(session: Session, nrp: str, except_id: str | None = None) -> bool:
    query = select(Personnel.id).where(Personnel.nrp == nrp)
    if except_id:
        query = query.where(Personnel.id != except_id)
    return session.scalar(query) is not None


def create_personnel(session: Session, actor: Actor, values: dict[str, Any], note: str = "") -> Changes:
    """Create a person from `values` (nrp, name, rank_code, unit_id, gender, jabatan, phone, functions, notes).

    The new id is `changes.ids("personnel")[0]`.
    """
    require(actor, Permission.EDIT_PERSONNEL, unit_id=values.get("unit_id"))
    clean, problems = validate(References.load(session), values)
    _raise_problems(problems)
    if _nrp_taken(session, clean["nrp"]):
        raise UserError(T("NRP/NIP {nrp} sudah terdaftar.", "NRP/NIP {nrp} is already registered.", nrp=clean["nrp"]))
    changes = Changes()
    person = Personnel(**{k: clean[k] for k in EDITABLE}, active=True, updated_by=actor.username)
    session.add(person)
    session.flush()
    if clean["functions"]:
        session.execute(personnel_function.insert(),
                        [{"personnel_id": person.id, "function_code": c} for c in clean["functions"]])
    # one audit record for the whole person, functions included (audit.create sees columns only)
    after = {**audit.snapshot(person), "functions": clean["functions"]}
    audit.record(session, actor, "create", "personnel", person.id, None, after, note)
    changes.add(Change("personnel", person.id, "create", None, after))
    return changes


def edit_personnel(session: Session, actor: Actor, person_id: str, values: dict[str, Any],
                   note: str = "") -> Changes:
    """Change some fields (keys of EDITABLE and/or `functions`). A move needs rights on both units."""
    person = _get_person(session, person_id)
    unknown = set(values) - set(EDITABLE) - {"functions"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    require(actor, Permission.EDIT_PERSONNEL, unit_id=person.unit_id)
    if "unit_id" in values and values["unit_id"] != person.unit_id:
        require(actor, Permission.EDIT_PERSONNEL, unit_id=values["unit_id"])
    current = {k: getattr(person, k) for k in EDITABLE}
    current["functions"] = _function_codes(session, person.id)
    refs = References.load(session)
    if person.unit_id not in refs.units and "unit_id" not in values:
        refs.units[person.unit_id] = person.unit        # editing someone of a since-deleted unit
    clean, problems = validate(refs, {**current, **values})
    _raise_problems(problems)
    if clean["nrp"] != person.nrp and _nrp_taken(session, clean["nrp"], person.id):
        raise UserError(T("NRP/NIP {nrp} sudah terdaftar.", "NRP/NIP {nrp} is already registered.", nrp=clean["nrp"]))
    changes = Changes()
    audit.update(session, actor, person, {k: clean[k] for k in EDITABLE if k in values}, changes, note)
    if "functions" in values:
        set_functions(session, actor, person, clean["functions"], changes, note)
    return changes


def _set_active(session: Session, actor: Actor, person_id: str, active: bool, note: str) -> Changes:
    person = _get_person(session, person_id)
    require(actor, Permission.EDIT_PERSONNEL, unit_id=person.unit_id)
    changes = Changes()
    audit.update(session, actor, person, {"active": active}, changes, note)
    return changes


def deactivate_personnel(session: Session, actor: Actor, person_id: str, note: str = "") -> Changes:
    """Take a person out of the deployable pool (the row stays; history is kept)."""
    return _set_active(session, actor, person_id, False, note)


def reactivate_personnel(session: Session, actor: Actor, person_id: str, note: str = "") -> Changes:
    return _set_active(session, actor, person_id, True, note)


# ---------------------------------------------------------------------------------------------
# Queries for the UI
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PersonnelRow:
    id: str
    nrp: str
    name: str
    rank_code: str
    rank_group: str
    rank_seniority: int
    jabatan: str
    unit_id: str
    unit_short_name: str
    gender: str
    functions: tuple[str, ...]
    active: bool
    phone: str


@dataclass
class PersonnelFilter:
    text: str = ""                      # part of NRP or name
    unit_id: str | None = None
    rank_group: str | None = None       # Tamtama | Bintara | Pama | Pamen | Pati | PNS
    function_code: str | None = None
    gender: str | None = None
    active: bool | None = True          # None = both
    min_seniority: int | None = None


def list_personnel(session: Session, actor: Actor, filters: PersonnelFilter | None = None) -> list[PersonnelRow]:
    """Light roster rows, most senior first: one query for people, one for their functions.

    An Operator Satker only ever sees its own unit.
    """
    require(actor, Permission.VIEW)
    f = filters or PersonnelFilter()
    query = (select(Personnel.id, Personnel.nrp, Personnel.name, Personnel.rank_code, Rank.group, Rank.seniority,
                    Personnel.jabatan, Personnel.unit_id, Unit.short_name, Personnel.gender, Personnel.active,
                    Personnel.phone)
             .join(Rank, Rank.code == Personnel.rank_code)
             .join(Unit, Unit.id == Personnel.unit_id)
             .where(Personnel.deleted_at.is_(None)))
    if actor.role is Role.OPERATOR_SATKER:
        query = query.where(Personnel.unit_id == (actor.unit_id or ""))
    if f.unit_id:
        query = query.where(Personnel.unit_id == f.unit_id)
    if f.rank_group:
        query = query.where(Rank.group == f.rank_group)
    if f.gender:
        query = query.where(Personnel.gender == f.gender)
    if f.active is not None:
        query = query.where(Personnel.active.is_(f.active))
    if f.min_seniority is not None:
        query = query.where(Rank.seniority >= f.min_seniority)
    if f.text.strip():
        needle = f"%{f.text.strip().lower()}%"
        digits = normalise_nrp(f.text)
        conditions = [func.lower(Personnel.name).like(needle)]
        if digits.isdigit():
            conditions.append(Personnel.nrp.like(f"%{digits}%"))
        query = query.where(or_(*conditions))
    if f.function_code:
        query = query.where(Personnel.id.in_(select(personnel_function.c.personnel_id)
                                             .where(personnel_function.c.function_code == f.function_code)))
    query = query.order_by(Rank.seniority.desc(), Personnel.name)
    rows = session.execute(query).all()
    functions: dict[str, list[str]] = defaultdict(list)
    if rows:
        link = select(personnel_function.c.personnel_id, personnel_function.c.function_code)
        if len(rows) <= 900:
            link = link.where(personnel_function.c.personnel_id.in_([r[0] for r in rows]))
        else:   # the whole (filtered) roster: one scan is cheaper than a huge IN list
            link = link.where(personnel_function.c.personnel_id.in_(query.with_only_columns(Personnel.id)
                                                                    .order_by(None)))
        for pid, code in session.execute(link):
            functions[pid].append(code)
    return [PersonnelRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], r[9],
                         tuple(sorted(functions.get(r[0], ()))), bool(r[10]), r[11] or "") for r in rows]


@dataclass(frozen=True)
class PlacementRow:
    assignment_id: str
    event_id: str
    event_number: str
    event_title: str
    post_id: str
    post_name: str
    start: datetime
    end: datetime
    hours: float
    status: str
    source: str
    pinned: bool


@dataclass
class PlacementHistory:
    person_id: str
    assignments: list[PlacementRow] = field(default_factory=list)   # newest first
    hours_7d: float = 0.0
    hours_30d: float = 0.0
    events_served: int = 0


def _overlap_hours(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    seconds = (min(end, hi) - max(start, lo)).total_seconds()
    return max(0.0, seconds) / 3600.0


def placement_history(session: Session, person_id: str, now: datetime) -> PlacementHistory:
    """A person's assignments (not deleted) with event and post; hours worked within the last 7 and
    30 days before `now` (assignment time clipped to the window); events served = distinct events
    with an assignment that started before `now`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    rows = session.execute(
        select(Assignment.id, Event.id, Event.number, Event.title, Post.id, Post.name, Assignment.start_at,
               Assignment.end_at, Assignment.status, Assignment.source, Assignment.pinned)
        .join(Post, Post.id == Assignment.post_id).join(Event, Event.id == Post.event_id)
        .where(Assignment.personnel_id == person_id, Assignment.deleted_at.is_(None),
               Post.deleted_at.is_(None), Event.deleted_at.is_(None))
        .order_by(Assignment.start_at.desc())).all()
    history = PlacementHistory(person_id)
    served = set()
    for r in rows:
        start, end = r[6], r[7]
        history.assignments.append(PlacementRow(r[0], r[1], r[2], r[3], r[4], r[5], start, end,
                                                (end - start).total_seconds() / 3600.0, r[8], r[9], bool(r[10])))
        history.hours_7d += _overlap_hours(start, end, now - timedelta(days=7), now)
        history.hours_30d += _overlap_hours(start, end, now - timedelta(days=30), now)
        if start < now:
            served.add(r[1])
    history.events_served = len(served)
    return history
