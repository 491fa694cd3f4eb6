"""The event register (kegiatan): queries for the views and audited edits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, EVENT_STATUS_BY_CODE, SCALE_BY_CODE, can_move
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import now_utc
from db.models import Assignment, Event, Kecamatan, Post, PostRequirement, SecurityRequest


@dataclass(frozen=True)
class EventRow:
    id: str
    number: str
    title: str
    kind: str
    scale: str
    organiser: str
    place: str
    kecamatan: str
    start_at: datetime
    end_at: datetime
    expected_crowd: int
    kerawanan_level: int
    status: str
    lat: float | None
    lon: float | None
    required: int
    filled: int


def list_events(session: Session, start: datetime | None = None, end: datetime | None = None,
                search: str = "", include_cancelled: bool = True) -> list[EventRow]:
    """Events overlapping [start, end), with required/filled counts, in one pass of three queries."""
    query = select(Event, Kecamatan.name).outerjoin(Kecamatan, Event.kecamatan_code == Kecamatan.code) \
        .where(Event.deleted_at.is_(None)).order_by(Event.start_at)
    if start is not None:
        query = query.where(Event.end_at > start)
    if end is not None:
        query = query.where(Event.start_at < end)
    if search:
        like = f"%{search.strip()}%"
        query = query.where(Event.title.ilike(like) | Event.number.ilike(like) | Event.organiser.ilike(like))
    if not include_cancelled:
        query = query.where(Event.status != "dibatalkan")
    rows = session.execute(query).all()
    ids = [event.id for event, _ in rows]
    required = dict(session.execute(
        select(Post.event_id, func.sum(PostRequirement.count)).join(PostRequirement, PostRequirement.post_id == Post.id)
        .where(Post.event_id.in_(ids), Post.deleted_at.is_(None), PostRequirement.deleted_at.is_(None))
        .group_by(Post.event_id)).all()) if ids else {}
    filled = dict(session.execute(
        select(Post.event_id, func.count(Assignment.id)).join(Assignment, Assignment.post_id == Post.id)
        .where(Post.event_id.in_(ids), Post.deleted_at.is_(None), Assignment.deleted_at.is_(None))
        .group_by(Post.event_id)).all()) if ids else {}
    result = []
    for event, kecamatan_name in rows:
        place = event.venue.name if event.venue else event.address
        result.append(EventRow(event.id, event.number, event.title, event.kind, event.scale, event.organiser,
                               place, kecamatan_name or "", event.start_at, event.end_at, event.expected_crowd,
                               event.kerawanan_level, event.status, event.lat, event.lon,
                               int(required.get(event.id) or 0), int(filled.get(event.id) or 0)))
    return result


def find_event(session: Session, ref: str) -> Event:
    """An event by UUID or by its number (KEG/2026/0001)."""
    event = session.get(Event, ref) or session.scalar(select(Event).where(Event.number == ref))
    if event is None or event.deleted_at is not None:
        raise UserError(T("Kegiatan {ref} tidak ditemukan.", "Event {ref} not found.", ref=ref))
    return event


def next_event_number(session: Session, year: int) -> str:
    prefix = f"KEG/{year}/"
    last = session.scalar(select(func.max(Event.number)).where(Event.number.like(prefix + "%")))
    seq = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def validate_event_fields(values: dict) -> None:
    if not str(values.get("title", "")).strip():
        raise UserError(T("Judul kegiatan wajib diisi.", "The event title is required."))
    if values.get("kind") not in EVENT_KIND_BY_CODE:
        raise UserError(T("Jenis kegiatan tidak dikenal: {k}", "Unknown event kind: {k}", k=values.get("kind")))
    if values.get("scale", "lokal") not in SCALE_BY_CODE:
        raise UserError(T("Skala tidak dikenal: {s}", "Unknown scale: {s}", s=values.get("scale")))
    start, end = values.get("start_at"), values.get("end_at")
    if start is None or end is None or end <= start:
        raise UserError(T("Waktu selesai harus setelah waktu mulai.", "The end must be after the start."))
    if int(values.get("expected_crowd") or 0) < 0:
        raise UserError(T("Perkiraan massa tidak boleh negatif.", "The expected crowd cannot be negative."))


def create_event(session: Session, actor: Actor, values: dict) -> tuple[Event, Changes]:
    require(actor, Permission.EDIT_EVENTS)
    validate_event_fields(values)
    changes = Changes()
    values = dict(values)
    values.setdefault("number", next_event_number(session, values["start_at"].year))
    event = audit.create(session, actor, Event(**values), changes)
    return event, changes


def update_event(session: Session, actor: Actor, event_id: str, values: dict) -> Changes:
    require(actor, Permission.EDIT_EVENTS)
    event = find_event(session, event_id)
    merged = {c: getattr(event, c) for c in ("title", "kind", "scale", "start_at", "end_at", "expected_crowd")}
    merged.update(values)
    validate_event_fields(merged)
    changes = Changes()
    audit.update(session, actor, event, values, changes)
    return changes


def set_status(session: Session, actor: Actor, event_id: str, status: str) -> Changes:
    require(actor, Permission.EDIT_EVENTS)
    event = find_event(session, event_id)
    if status not in EVENT_STATUS_BY_CODE:
        raise UserError(T("Status tidak dikenal: {s}", "Unknown status: {s}", s=status))
    if not can_move(event.status, status):
        raise UserError(T("Status {a} tidak dapat diubah menjadi {b}.", "Status {a} cannot change to {b}.",
                          a=EVENT_STATUS_BY_CODE[event.status].id, b=EVENT_STATUS_BY_CODE[status].id))
    changes = Changes()
    audit.update(session, actor, event, {"status": status}, changes)
    return changes


def requests_for(session: Session, event_id: str) -> list[SecurityRequest]:
    return list(session.scalars(select(SecurityRequest).where(SecurityRequest.event_id == event_id,
                                                              SecurityRequest.deleted_at.is_(None))))


def lead_time_hours(request: SecurityRequest, event: Event) -> float:
    return (event.start_at - request.received_at).total_seconds() / 3600.0


def upcoming(session: Session, days: int = 14) -> list[EventRow]:
    from datetime import timedelta
    now = now_utc()
    return list_events(session, now, now + timedelta(days=days))
