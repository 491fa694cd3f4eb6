"""Read an event's plan (posts → requirement lines → assignments → personnel) into a `PlanSnapshot`."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, FUNCTION_BY_CODE
from antasena_desktop.i18n import T, UserError
from antasena_desktop.timefmt import format_date_id, format_time_wib, to_wib
from db.models import Assignment, Event, Personnel, Post, PostRequirement, SecurityRequest

from .model import PersonRow, PlanSnapshot, PostBlock


def find_event(session: Session, ref: str) -> Event:
    """An event by its UUID or its number (KEG/2026/0001); deleted events are not found."""
    ref = (ref or "").strip()
    event = session.scalar(select(Event).where(or_(Event.id == ref, Event.number == ref),
                                               Event.deleted_at.is_(None)))
    if event is None:
        raise UserError(T("Kegiatan {ref} tidak ditemukan.", "Event {ref} not found.", ref=ref))
    return event


def time_range_text(start: datetime, end: datetime) -> str:
    """`08.00 WIB s.d. 17.00 WIB`, with dates when the range crosses midnight."""
    if to_wib(start).date() == to_wib(end).date():
        return f"{format_time_wib(start)} s.d. {format_time_wib(end)}"
    return f"{format_date_id(start)} {format_time_wib(start)} s.d. {format_date_id(end)} {format_time_wib(end)}"


def date_range_text(start: datetime, end: datetime) -> str:
    """`Sabtu, 14 Februari 2024 pukul 08.00 WIB s.d. 17.00 WIB` or a multi-day range."""
    if to_wib(start).date() == to_wib(end).date():
        return f"{format_date_id(start, with_day=True)} pukul {format_time_wib(start)} s.d. {format_time_wib(end)}"
    return f"{format_date_id(start, with_day=True)} s.d. {format_date_id(end, with_day=True)}"


def _task_label(requirement: PostRequirement | None) -> str:
    if requirement is None:
        return "Anggota"
    if requirement.role_label:
        return requirement.role_label
    if requirement.function_code and requirement.function_code in FUNCTION_BY_CODE:
        return short_function_label(FUNCTION_BY_CODE[requirement.function_code].id)
    return "Anggota"


def short_function_label(label: str) -> str:
    """`Pengendalian Massa (Dalmas)` → `Dalmas`; `Samapta (Sabhara)` → `Samapta` (fits a narrow column)."""
    if " (" in label and label.endswith(")"):
        head, tail = label[:-1].split(" (", 1)
        return head if len(head) <= 12 else tail
    return label


def _unit_label(person: Personnel) -> str:
    unit = person.unit
    if unit is None:
        return ""
    return (unit.short_name or unit.name or "").upper()


def collect_plan(session: Session, event_ref: str) -> PlanSnapshot:
    """Posts (not deleted) with their assignments (not deleted, any status), people ordered by
    rank seniority (senior first), then name; posts ordered by start time, then name."""
    event = find_event(session, event_ref)
    posts = session.scalars(
        select(Post).where(Post.event_id == event.id, Post.deleted_at.is_(None))
        .order_by(Post.start_at, Post.name)).all()
    post_ids = [p.id for p in posts]
    assignments: list[Assignment] = []
    if post_ids:
        assignments = list(session.scalars(
            select(Assignment).where(Assignment.post_id.in_(post_ids), Assignment.deleted_at.is_(None))
            .options(selectinload(Assignment.personnel).selectinload(Personnel.rank),
                     selectinload(Assignment.personnel).selectinload(Personnel.unit),
                     selectinload(Assignment.requirement))).all())
    by_post: dict[str, list[PersonRow]] = {pid: [] for pid in post_ids}
    post_by_id = {p.id: p for p in posts}
    for a in assignments:
        person = a.personnel
        post = post_by_id[a.post_id]
        note = ""
        if (a.start_at, a.end_at) != (post.start_at, post.end_at):
            note = time_range_text(a.start_at, a.end_at)
        rank = person.rank
        by_post[a.post_id].append(PersonRow(
            name=person.name, nrp=person.nrp, rank_code=person.rank_code,
            rank_name=rank.name if rank else person.rank_code, seniority=rank.seniority if rank else 0,
            jabatan=person.jabatan or "", unit=_unit_label(person), phone=person.phone or "",
            post_id=post.id, post_name=post.name, task=_task_label(a.requirement),
            time_text=time_range_text(a.start_at, a.end_at), status=a.status or "", note=note))
    blocks = []
    for post in posts:
        rows = sorted(by_post[post.id], key=lambda r: (-r.seniority, r.name.upper(), r.nrp))
        blocks.append(PostBlock(id=post.id, name=post.name, type=post.type,
                                time_text=time_range_text(post.start_at, post.end_at),
                                lat=post.lat, lon=post.lon, notes=post.notes or "", rows=rows))
    requests = []
    for req in session.scalars(select(SecurityRequest).where(SecurityRequest.event_id == event.id,
                                                             SecurityRequest.deleted_at.is_(None))
                               .order_by(SecurityRequest.received_at)):
        requests.append({
            "requester": (req.requester_org or req.requester_name).strip(),
            "letter_number": req.letter_number.strip(),
            "subject": (req.subject or "permohonan pengamanan").strip(),
            "received_date": format_date_id(req.received_at),
        })
    kind = EVENT_KIND_BY_CODE.get(event.kind)
    place_parts = [event.venue.name if event.venue else "", event.address or ""]
    place = ", ".join(p for p in place_parts if p) or "wilayah hukum Polrestabes Palembang"
    return PlanSnapshot(
        event_id=event.id, event_number=event.number, title=event.title, kind=event.kind,
        kind_label=kind.id if kind else event.kind, organiser=event.organiser or "panitia penyelenggara",
        place=place, date_range=date_range_text(event.start_at, event.end_at),
        start_date=format_date_id(event.start_at), end_date=format_date_id(event.end_at),
        year=to_wib(event.start_at).year, posts=blocks, requests=requests)
