"""The event register (kegiatan): queries for the views and audited edits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, SCALE_BY_CODE
from antasena_desktop.domain.status import check_status_move
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
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
    return get_live(session, Event, ref, T("Kegiatan {ref} tidak ditemukan.", "Event {ref} not found.", ref=ref),
                    by=Event.number)


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


def create_event(session: Session, actor: Actor, values: dict) -> Changes:
    """The new event's id is `changes.created("event")[0]`."""
    require(actor, Permission.EDIT_EVENTS)
    validate_event_fields(values)
    changes = Changes()
    values = dict(values)
    values.setdefault("number", next_event_number(session, values["start_at"].year))
    audit.create(session, actor, Event(**values), changes)
    return changes


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
    check_status_move(event.status, status)
    changes = Changes()
    audit.update(session, actor, event, {"status": status}, changes)
    return changes


def lead_time_hours(request: SecurityRequest, event: Event) -> float:
    return (event.start_at - request.received_at).total_seconds() / 3600.0


def upcoming(session: Session, days: int = 14) -> list[EventRow]:
    from datetime import timedelta
    now = now_utc()
    return list_events(session, now, now + timedelta(days=days))


# ---------------------------------------------------------------- register: fields, location, duplicates, detail
#: Columns an operator may set through the editor (create_event/update_event accept these keys).
EDITABLE_FIELDS = ("number", "title", "kind", "pemilu_phase", "scale", "organiser", "venue_id", "address",
                   "kecamatan_code", "kelurahan_code", "lat", "lon", "start_at", "end_at", "expected_crowd",
                   "kerawanan_level", "kerawanan_assessed_at", "kerawanan_assessor", "description",
                   "budget_supported")

#: Duplicate detection thresholds (see `similar_events`).
NEAR_METRES = 300.0
NEAR_HOURS = 3.0
TITLE_SIMILARITY = 0.8


def _check_extra(session: Session, values: dict) -> None:
    """Checks that need the database or the settings: pemilu phase, kerawanan level, venue, point."""
    from antasena_desktop.domain.catalog import PEMILU_PHASES
    from antasena_desktop.services.settings import load as load_settings
    from db.models import Venue

    for key in ("start_at", "end_at", "kerawanan_assessed_at"):
        value = values.get(key)
        if value is not None and getattr(value, "tzinfo", None) is None:
            raise UserError(T("Waktu {f} harus memakai zona waktu (WIB).", "The time {f} needs a time zone (WIB).",
                              f=key))
    phase = values.get("pemilu_phase")
    if values.get("kind") == "pemilu":
        if phase not in {p.code for p in PEMILU_PHASES}:
            raise UserError(T("Tahapan pemilu wajib dipilih untuk kegiatan pemilu.",
                              "An election phase is required for an election event."))
    elif phase:
        raise UserError(T("Tahapan pemilu hanya untuk kegiatan berjenis pemilu.",
                          "An election phase only applies to election events."))
    levels = {int(k["level"]) for k in load_settings(session).kerawanan_scale}
    if int(values.get("kerawanan_level") or 1) not in levels:
        raise UserError(T("Tingkat kerawanan {k} tidak ada dalam skala pengaturan.",
                          "Kerawanan level {k} is not in the configured scale.", k=values.get("kerawanan_level")))
    venue_id = values.get("venue_id")
    if venue_id:
        get_live(session, Venue, venue_id, T("Tempat {v} tidak ada di gazetir.", "Venue {v} is not in the gazetteer.",
                                             v=venue_id))
    lat, lon = values.get("lat"), values.get("lon")
    if (lat is None) != (lon is None):
        raise UserError(T("Lintang dan bujur harus diisi keduanya.", "Latitude and longitude go together."))
    if lat is not None and not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
        raise UserError(T("Koordinat {lat}, {lon} tidak sah.", "Coordinates {lat}, {lon} are not valid.",
                          lat=lat, lon=lon))


def fill_location(session: Session, values: dict) -> dict:
    """Complete the place of an event: coordinates and address from the venue (gazetteer), then the
    kecamatan/kelurahan from the point via `geo.boundaries.locate()`. Codes unknown to the database
    are left empty (the reference tables may not be loaded yet)."""
    from antasena_desktop.geo.boundaries import locate
    from db.models import Kelurahan, Venue

    values = dict(values)
    venue = session.get(Venue, values["venue_id"]) if values.get("venue_id") else None
    if venue is not None:
        if values.get("lat") is None:
            values["lat"], values["lon"] = venue.lat, venue.lon
        if not values.get("address"):
            values["address"] = venue.address or venue.name
        if not values.get("kecamatan_code"):
            values["kecamatan_code"] = venue.kecamatan_code
        if not values.get("kelurahan_code"):
            values["kelurahan_code"] = venue.kelurahan_code
    if values.get("lat") is not None and not values.get("kecamatan_code"):
        where = locate(float(values["lat"]), float(values["lon"]))
        values["kecamatan_code"], values["kelurahan_code"] = where.kecamatan_code, where.kelurahan_code
    if values.get("kecamatan_code") and session.get(Kecamatan, values["kecamatan_code"]) is None:
        values["kecamatan_code"] = None
    if values.get("kelurahan_code") and session.get(Kelurahan, values["kelurahan_code"]) is None:
        values["kelurahan_code"] = None
    return values


def _clean(values: dict) -> dict:
    unknown = set(values) - set(EDITABLE_FIELDS) - {"status"}
    if unknown:
        raise UserError(T("Kolom tidak dikenal: {c}", "Unknown field: {c}", c=", ".join(sorted(unknown))))
    cleaned = dict(values)
    for key in ("title", "organiser", "address", "kerawanan_assessor", "description"):
        if isinstance(cleaned.get(key), str):
            cleaned[key] = cleaned[key].strip()
    return cleaned


def register_event(session: Session, actor: Actor, values: dict) -> Changes:
    """Create an event from the editor: full validation, location filled from venue/point, audited.
    The new id is `changes.created("event")[0]`."""
    require(actor, Permission.EDIT_EVENTS)
    values = _clean(values)
    values.setdefault("scale", "lokal")
    values.setdefault("kerawanan_level", 1)
    validate_event_fields(values)
    _check_extra(session, values)
    values = fill_location(session, values)
    if values.get("number"):
        if session.scalar(select(Event.id).where(Event.number == values["number"])):
            raise UserError(T("Nomor kegiatan {n} sudah dipakai.", "Event number {n} is already used.",
                              n=values["number"]))
    else:
        values.pop("number", None)
    return create_event(session, actor, values)


def edit_event(session: Session, actor: Actor, event_id: str, values: dict) -> Changes:
    """Edit an event from the editor: same checks as `register_event`; only changed fields are audited."""
    require(actor, Permission.EDIT_EVENTS)
    event = find_event(session, event_id)
    values = _clean(values)
    values.pop("status", None)              # status moves only through set_status
    merged = {c: getattr(event, c) for c in EDITABLE_FIELDS}
    merged.update(values)
    if "venue_id" in values or "lat" in values or "lon" in values:
        if "kecamatan_code" not in values:
            merged["kecamatan_code"] = None
            merged["kelurahan_code"] = None
        if values.get("venue_id") and "lat" not in values:
            merged["lat"] = merged["lon"] = None
    validate_event_fields(merged)
    _check_extra(session, merged)
    merged = fill_location(session, merged)
    if merged["number"] != event.number and session.scalar(
            select(Event.id).where(Event.number == merged["number"], Event.id != event.id)):
        raise UserError(T("Nomor kegiatan {n} sudah dipakai.", "Event number {n} is already used.", n=merged["number"]))
    changed = {k: v for k, v in merged.items() if getattr(event, k) != v}
    changes = Changes()
    if changed:
        audit.update(session, actor, event, changed, changes)
    return changes


@dataclass(frozen=True)
class SimilarEvent:
    row: EventRow
    reasons: tuple            # tuple[Text, ...], why it looks like the same event

    @property
    def reason_text(self) -> str:
        return "; ".join(str(r) for r in self.reasons)


def _norm_title(text: str) -> str:
    import re
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (text or "").lower()).split())


def _title_similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher
    a, b = _norm_title(a), _norm_title(b)
    if not a or not b:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    words_a, words_b = set(a.split()), set(b.split())
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    return max(ratio, jaccard)


def similar_events(session: Session, values: dict, exclude_id: str | None = None) -> list[SimilarEvent]:
    """Events that may be the same as `values` (an editor draft), each with the reasons.

    Same venue or within `NEAR_METRES`, with overlapping times or starts within `NEAR_HOURS`; or the
    same organiser on the same (WIB) day; or a very similar title on the same day. Cancelled events
    and `exclude_id` (the event being edited) are ignored.
    """
    from datetime import timedelta

    from antasena_desktop.geo.distance import haversine_km
    from antasena_desktop.timefmt import to_wib
    from db.models import Venue

    start, end = values.get("start_at"), values.get("end_at")
    if start is None:
        return []
    end = end or start
    lat, lon = values.get("lat"), values.get("lon")
    venue_id = values.get("venue_id")
    if lat is None and venue_id:
        venue = session.get(Venue, venue_id)
        if venue is not None:
            lat, lon = venue.lat, venue.lon
    day = to_wib(start).date()
    window = timedelta(hours=24)
    candidates = [r for r in list_events(session, start - window, end + window) if r.status != "dibatalkan"
                  and r.id != exclude_id]
    venue_of = {eid: vid for eid, vid in session.execute(select(Event.id, Event.venue_id).where(
        Event.id.in_([r.id for r in candidates])))} if candidates else {}
    organiser = _norm_title(values.get("organiser", ""))
    found = []
    for row in candidates:
        reasons = []
        near_time = (row.start_at < end + timedelta(hours=NEAR_HOURS) and start < row.end_at + timedelta(hours=NEAR_HOURS))
        same_place = bool(venue_id) and venue_of.get(row.id) == venue_id
        distance_m = None
        if lat is not None and row.lat is not None:
            distance_m = haversine_km(float(lat), float(lon), row.lat, row.lon) * 1000.0
        if near_time and same_place:
            reasons.append(T("tempat sama, waktu berdekatan", "same venue, close in time"))
        elif near_time and distance_m is not None and distance_m <= NEAR_METRES:
            reasons.append(T("lokasi berjarak {m} m, waktu berdekatan", "{m} m away, close in time",
                             m=int(round(distance_m))))
        same_day = to_wib(row.start_at).date() == day
        if same_day and organiser and _norm_title(row.organiser) == organiser:
            reasons.append(T("penyelenggara sama pada hari yang sama", "same organiser on the same day"))
        if same_day and _title_similarity(values.get("title", ""), row.title) >= TITLE_SIMILARITY:
            reasons.append(T("judul sangat mirip pada hari yang sama", "very similar title on the same day"))
        if reasons:
            found.append(SimilarEvent(row, tuple(reasons)))
    found.sort(key=lambda s: (-len(s.reasons), s.row.start_at))
    return found


@dataclass(frozen=True)
class PostSummary:
    id: str
    name: str
    type: str
    start_at: datetime
    end_at: datetime
    required: int
    filled: int


@dataclass(frozen=True)
class EventDetail:
    event: EventRow
    pemilu_phase: str | None
    venue_id: str | None
    address: str
    kelurahan: str
    kerawanan_assessed_at: datetime | None
    kerawanan_assessor: str
    description: str
    requests: list            # list[requests.RequestRow]
    posts: list[PostSummary]
    lead_time_hours: float | None     # shortest lead time over the linked requests
    dadakan: bool


def event_detail(session: Session, event_id: str) -> EventDetail:
    """Everything the detail panel shows: the row, linked requests (with lead time/dadakan), posts."""
    from antasena_desktop.services import requests as request_service
    from db.models import Kelurahan

    event = find_event(session, event_id)
    row = next(r for r in list_events(session, event.start_at, event.end_at) if r.id == event.id)
    requests = request_service.list_requests(session, event_id=event.id)
    posts = list(session.scalars(select(Post).where(Post.event_id == event.id, Post.deleted_at.is_(None))
                                 .order_by(Post.start_at, Post.name)))
    summaries = []
    for post in posts:
        required = sum(line.count for line in post.requirements if line.deleted_at is None)
        filled = session.scalar(select(func.count(Assignment.id)).where(
            Assignment.post_id == post.id, Assignment.deleted_at.is_(None))) or 0
        summaries.append(PostSummary(post.id, post.name, post.type, post.start_at, post.end_at, required, int(filled)))
    leads = [r.lead_time_hours for r in requests if r.lead_time_hours is not None]
    kelurahan = session.get(Kelurahan, event.kelurahan_code) if event.kelurahan_code else None
    return EventDetail(row, event.pemilu_phase, event.venue_id, event.address, kelurahan.name if kelurahan else "",
                       event.kerawanan_assessed_at, event.kerawanan_assessor, event.description, requests, summaries,
                       min(leads) if leads else None, any(r.dadakan for r in requests))


def event_values(session: Session, event_id: str) -> dict:
    """The editable fields of an event, as the editor dialog needs them."""
    event = find_event(session, event_id)
    values = {k: getattr(event, k) for k in EDITABLE_FIELDS}
    values["id"] = event.id
    values["status"] = event.status
    return values


def dadakan_event_ids(session: Session, event_ids: list[str] | None = None) -> set[str]:
    """Events with at least one linked request received with less than the dadakan threshold of notice."""
    from antasena_desktop.services.settings import load as load_settings
    threshold = load_settings(session).dadakan_threshold_hours
    query = select(SecurityRequest.event_id, SecurityRequest.received_at, Event.start_at) \
        .join(Event, Event.id == SecurityRequest.event_id) \
        .where(SecurityRequest.deleted_at.is_(None), Event.deleted_at.is_(None))
    if event_ids is not None:
        query = query.where(SecurityRequest.event_id.in_(event_ids))
    return {eid for eid, received, start in session.execute(query)
            if (start - received).total_seconds() / 3600.0 < threshold}


def venues(session: Session) -> list[tuple[str, str, float, float]]:
    """The gazetteer for pickers: (id, name, lat, lon), by name."""
    from db.models import Venue
    return [(v.id, v.name, v.lat, v.lon) for v in session.scalars(
        select(Venue).where(Venue.deleted_at.is_(None)).order_by(Venue.name))]
