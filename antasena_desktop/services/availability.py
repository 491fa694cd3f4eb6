"""Availability periods: when a person cannot be deployed (cuti, sakit, dik, piket, BKO).

Periods are half-open [start, end). Two periods of the same person and the same kind may not
overlap (touching is fine); periods of different kinds may (sakit during cuti is still recorded).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import AVAILABILITY_BY_CODE
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import format_datetime_wib
from db.models import Availability, Personnel, Unit

_CHUNK = 900   # keep IN lists under SQLite's variable limit on old builds


@dataclass(frozen=True, slots=True)
class Interval:
    start: datetime
    end: datetime
    kind: str
    availability_id: str
    note: str = ""


def _check_period(kind: str, start: datetime, end: datetime) -> None:
    if kind not in AVAILABILITY_BY_CODE:
        raise UserError(T("Jenis ketersediaan tidak dikenal: {k}", "Unknown availability kind: {k}", k=kind))
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("availability periods need timezone-aware datetimes")
    if end <= start:
        raise UserError(T("Waktu selesai harus setelah waktu mulai.", "The end must be after the start."))


def _overlapping(session: Session, person_ids: list[str], kind: str, start: datetime, end: datetime,
                 except_id: str | None = None) -> list[Availability]:
    found: list[Availability] = []
    for i in range(0, len(person_ids), _CHUNK):
        query = select(Availability).where(
            Availability.personnel_id.in_(person_ids[i:i + _CHUNK]), Availability.kind == kind,
            Availability.deleted_at.is_(None), Availability.start_at < end, Availability.end_at > start)
        if except_id:
            query = query.where(Availability.id != except_id)
        found.extend(session.scalars(query))
    return found


def _overlap_error(other: Availability, person: Personnel | None = None) -> UserError:
    return UserError(T("{who}: sudah ada periode {kind} {start} s.d. {end} yang bertumpang tindih.",
                       "{who}: there is already an overlapping {kind_en} period {start} to {end}.",
                       who=person.name if person else other.personnel.name,
                       kind=AVAILABILITY_BY_CODE[other.kind].id, kind_en=AVAILABILITY_BY_CODE[other.kind].en,
                       start=format_datetime_wib(other.start_at), end=format_datetime_wib(other.end_at)))


def _person(session: Session, person_id: str) -> Personnel:
    return get_live(session, Personnel, person_id, T("Personel tidak ditemukan.", "Person not found."))


def _period(session: Session, availability_id: str) -> Availability:
    return get_live(session, Availability, availability_id,
                    T("Periode ketersediaan tidak ditemukan.", "Availability period not found."))


def add_availability(session: Session, actor: Actor, person_id: str, kind: str, start: datetime, end: datetime,
                     note: str = "") -> Changes:
    person = _person(session, person_id)
    require(actor, Permission.EDIT_PERSONNEL, unit_id=person.unit_id)
    _check_period(kind, start, end)
    clash = _overlapping(session, [person_id], kind, start, end)
    if clash:
        raise _overlap_error(clash[0], person)
    changes = Changes()
    audit.create(session, actor, Availability(personnel_id=person_id, kind=kind, start_at=start, end_at=end,
                                              note=note[:200]), changes)
    return changes


def edit_availability(session: Session, actor: Actor, availability_id: str, *, kind: str | None = None,
                      start: datetime | None = None, end: datetime | None = None,
                      note: str | None = None) -> Changes:
    row = _period(session, availability_id)
    person = _person(session, row.personnel_id)
    require(actor, Permission.EDIT_PERSONNEL, unit_id=person.unit_id)
    new_kind, new_start, new_end = kind or row.kind, start or row.start_at, end or row.end_at
    _check_period(new_kind, new_start, new_end)
    clash = _overlapping(session, [row.personnel_id], new_kind, new_start, new_end, except_id=row.id)
    if clash:
        raise _overlap_error(clash[0], person)
    values = {"kind": new_kind, "start_at": new_start, "end_at": new_end}
    if note is not None:
        values["note"] = note[:200]
    changes = Changes()
    audit.update(session, actor, row, values, changes)
    return changes


def remove_availability(session: Session, actor: Actor, availability_id: str, note: str = "") -> Changes:
    row = _period(session, availability_id)
    require(actor, Permission.EDIT_PERSONNEL, unit_id=_person(session, row.personnel_id).unit_id)
    changes = Changes()
    audit.tombstone(session, actor, row, changes, note)
    return changes


def add_for_unit(session: Session, actor: Actor, unit_id: str, kind: str, start: datetime, end: datetime,
                 note: str = "", person_ids: Iterable[str] | None = None, skip_conflicts: bool = False) -> Changes:
    """Bulk entry: the same period for every active person of a unit (or the given subset of it).

    One transaction: a person with an overlapping period of the same kind fails the whole entry,
    unless `skip_conflicts` (then that person is left out and named in `changes.note`).
    """
    require(actor, Permission.EDIT_PERSONNEL, unit_id=unit_id)
    unit = get_live(session, Unit, unit_id, T("Kesatuan tidak ditemukan.", "Unit not found."))
    _check_period(kind, start, end)
    query = select(Personnel).where(Personnel.unit_id == unit_id, Personnel.deleted_at.is_(None),
                                    Personnel.active.is_(True)).order_by(Personnel.name)
    people = list(session.scalars(query))
    if person_ids is not None:
        wanted = set(person_ids)
        outside = wanted - {p.id for p in people}
        if outside:
            raise UserError(T("Ada {n} personel yang bukan anggota aktif {unit}.",
                              "{n} people are not active members of {unit}.", n=len(outside), unit=unit.short_name))
        people = [p for p in people if p.id in wanted]
    clashes = {a.personnel_id: a for a in _overlapping(session, [p.id for p in people], kind, start, end)}
    if clashes and not skip_conflicts:
        first = next(p for p in people if p.id in clashes)
        raise _overlap_error(clashes[first.id], first)
    changes = Changes()
    for person in people:
        if person.id in clashes:
            continue
        audit.create(session, actor, Availability(personnel_id=person.id, kind=kind, start_at=start, end_at=end,
                                                  note=note[:200]), changes, note="massal")
    if clashes:
        changes.note = ", ".join(p.name for p in people if p.id in clashes)
    return changes


def list_availability(session: Session, person_id: str) -> list[Availability]:
    return list(session.scalars(select(Availability).where(Availability.personnel_id == person_id,
                                                           Availability.deleted_at.is_(None))
                                .order_by(Availability.start_at)))


def unavailable_intervals(session: Session, person_ids: Iterable[str], start: datetime,
                          end: datetime) -> dict[str, list[Interval]]:
    """For each person, the (non-deleted) periods intersecting [start, end), sorted by start.

    People without any period are absent from the result. Used by the allocator and the board.
    """
    ids = list(dict.fromkeys(person_ids))
    result: dict[str, list[Interval]] = defaultdict(list)
    for i in range(0, len(ids), _CHUNK):
        query = (select(Availability.personnel_id, Availability.start_at, Availability.end_at, Availability.kind,
                        Availability.id, Availability.note)
                 .where(Availability.personnel_id.in_(ids[i:i + _CHUNK]), Availability.deleted_at.is_(None),
                        Availability.start_at < end, Availability.end_at > start)
                 .order_by(Availability.personnel_id, Availability.start_at))
        for pid, s, e, kind, aid, note in session.execute(query):
            result[pid].append(Interval(s, e, kind, aid, note or ""))
    return dict(result)
