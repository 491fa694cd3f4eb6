"""The request register (permohonan pengamanan): one intake through the single door.

A request is numbered `PMH/<year>/<seq:04d>` (year of receipt, WIB) unless the operator gives a
number. Its **lead time** is the linked event's start minus the time it was received, in hours; it
is **dadakan** (short notice) when the lead time is below `AppSettings.dadakan_threshold_hours`
(72 h by default, the notice period for demonstrations). A request not yet linked to an event has
no lead time and is never dadakan.

Status flow: the request follows the event lifecycle of `domain.catalog` (`EVENT_STATUSES`,
`can_move`): Diterima → Dinilai → Direncanakan → Sprin terbit → Berlangsung → Selesai → Dilaporkan,
with Dibatalkan/Ditunda from any open state (and Ditunda back to Diterima/Dinilai/Direncanakan).
"""
from __future__ import annotations

import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import REQUEST_CHANNELS
from antasena_desktop.domain.status import check_status_move
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import WIB, to_wib
from db.models import Event, SecurityRequest

CHANNEL_CODES = {c.code for c in REQUEST_CHANNELS}
EDITABLE_FIELDS = ("intake_number", "received_at", "channel", "requester_name", "requester_org",
                   "requester_contact", "subject", "letter_number", "event_id")
ATTACHMENT_DIR = ("lampiran", "permohonan")


@dataclass(frozen=True)
class RequestRow:
    id: str
    intake_number: str
    received_at: datetime
    channel: str
    requester_name: str
    requester_org: str
    subject: str
    letter_number: str
    attachment_path: str
    event_id: str | None
    event_number: str
    event_title: str
    event_start: datetime | None
    lead_time_hours: float | None
    dadakan: bool
    status: str


def lead_time(received_at: datetime, event_start: datetime | None) -> float | None:
    """Hours from receipt to the event start (negative when received after the start)."""
    if event_start is None:
        return None
    return (event_start - received_at).total_seconds() / 3600.0


def is_dadakan(lead_hours: float | None, threshold_hours: float) -> bool:
    return lead_hours is not None and lead_hours < threshold_hours


def _threshold(session: Session) -> int:
    from antasena_desktop.services.settings import load as load_settings
    return load_settings(session).dadakan_threshold_hours


def next_intake_number(session: Session, year: int) -> str:
    prefix = f"PMH/{year}/"
    numbers = session.scalars(select(SecurityRequest.intake_number)
                              .where(SecurityRequest.intake_number.like(prefix + "%")))
    seqs = [int(n.rsplit("/", 1)[1]) for n in numbers if n.rsplit("/", 1)[1].isdigit()]
    return f"{prefix}{(max(seqs) if seqs else 0) + 1:04d}"


def find_request(session: Session, ref: str) -> SecurityRequest:
    return get_live(session, SecurityRequest, ref, T("Permohonan {ref} tidak ditemukan.", "Request {ref} not found.",
                                                     ref=ref), by=SecurityRequest.intake_number)


def _aware(value: datetime | None, field: str) -> datetime:
    if value is None:
        raise UserError(T("Waktu diterima wajib diisi.", "The time received is required."))
    if not isinstance(value, datetime):
        raise UserError(T("Isian {f} bukan tanggal dan jam.", "The field {f} is not a date and time.", f=field))
    return value if value.tzinfo else value.replace(tzinfo=WIB)      # WIB input


def _validate(session: Session, values: dict, own_id: str | None = None) -> dict:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise UserError(T("Kolom tidak dikenal: {c}", "Unknown field: {c}", c=", ".join(sorted(unknown))))
    values = dict(values)
    for key in ("intake_number", "requester_name", "requester_org", "requester_contact", "subject", "letter_number"):
        if isinstance(values.get(key), str):
            values[key] = values[key].strip()
    if "received_at" in values:
        values["received_at"] = _aware(values["received_at"], "received_at")
    if "channel" in values and values["channel"] not in CHANNEL_CODES:
        raise UserError(T("Saluran permohonan tidak dikenal: {c}", "Unknown request channel: {c}",
                          c=values["channel"]))
    if "requester_name" in values and not values["requester_name"]:
        raise UserError(T("Nama pemohon wajib diisi.", "The requester's name is required."))
    number = values.get("intake_number")
    if number:
        clash = session.scalar(select(SecurityRequest.id).where(SecurityRequest.intake_number == number))
        if clash and clash != own_id:
            raise UserError(T("Nomor agenda {n} sudah dipakai.", "Intake number {n} is already used.", n=number))
    if values.get("event_id"):
        get_live(session, Event, values["event_id"],
                 T("Kegiatan {e} tidak ditemukan.", "Event {e} not found.", e=values["event_id"]))
    return values


def store_attachment(source: str | Path, intake_number: str) -> str:
    """Copy a scanned letter into the data folder (`lampiran/permohonan/`); returns the stored path."""
    from db.engine import data_dir

    source = Path(source)
    if not source.is_file():
        raise UserError(T("Berkas lampiran {p} tidak ditemukan.", "Attachment file {p} not found.", p=str(source)))
    folder = data_dir().joinpath(*ATTACHMENT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^0-9A-Za-z]+", "-", intake_number).strip("-") or "permohonan"
    target = folder / f"{stem}_{uuid.uuid4().hex[:8]}{source.suffix.lower()}"
    shutil.copy2(source, target)
    return str(target)


def create_request(session: Session, actor: Actor, values: dict,
                   attachment: str | Path | None = None) -> Changes:
    """Register a request. `received_at` is aware (a naive value is taken as WIB).
    The new id is `changes.created("security_request")[0]`."""
    require(actor, Permission.EDIT_EVENTS)
    values = _validate(session, values)
    values.setdefault("channel", "surat")
    if "received_at" not in values:
        _aware(None, "received_at")
    if not values.get("requester_name"):
        raise UserError(T("Nama pemohon wajib diisi.", "The requester's name is required."))
    if not values.get("intake_number"):
        values["intake_number"] = next_intake_number(session, to_wib(values["received_at"]).year)
    if attachment:
        values["attachment_path"] = store_attachment(attachment, values["intake_number"])
    changes = Changes()
    audit.create(session, actor, SecurityRequest(**values), changes)
    return changes


def update_request(session: Session, actor: Actor, request_id: str, values: dict,
                   attachment: str | Path | None = None) -> Changes:
    require(actor, Permission.EDIT_EVENTS)
    request = find_request(session, request_id)
    values = _validate(session, values, own_id=request.id)
    if "intake_number" in values and not values["intake_number"]:
        values.pop("intake_number")
    if attachment:
        values["attachment_path"] = store_attachment(attachment, values.get("intake_number", request.intake_number))
    changed = {k: v for k, v in values.items() if getattr(request, k) != v}
    changes = Changes()
    if changed:
        audit.update(session, actor, request, changed, changes)
    return changes


def link_event(session: Session, actor: Actor, request_id: str, event_id: str | None) -> Changes:
    """Link a request to its event (or unlink with None)."""
    return update_request(session, actor, request_id, {"event_id": event_id})


def set_request_status(session: Session, actor: Actor, request_id: str, status: str) -> Changes:
    require(actor, Permission.EDIT_EVENTS)
    request = find_request(session, request_id)
    check_status_move(request.status, status)
    changes = Changes()
    audit.update(session, actor, request, {"status": status}, changes)
    return changes


def delete_request(session: Session, actor: Actor, request_id: str) -> Changes:
    require(actor, Permission.EDIT_EVENTS)
    changes = Changes()
    audit.tombstone(session, actor, find_request(session, request_id), changes)
    return changes


def list_requests(session: Session, search: str = "", event_id: str | None = None,
                  start: datetime | None = None, end: datetime | None = None,
                  only_dadakan: bool = False) -> list[RequestRow]:
    """Light rows for the register, newest first; [start, end) filters on the time received."""
    threshold = _threshold(session)
    query = select(SecurityRequest, Event.number, Event.title, Event.start_at) \
        .outerjoin(Event, (Event.id == SecurityRequest.event_id) & Event.deleted_at.is_(None)) \
        .where(SecurityRequest.deleted_at.is_(None)) \
        .order_by(SecurityRequest.received_at.desc(), SecurityRequest.intake_number.desc())
    if event_id is not None:
        query = query.where(SecurityRequest.event_id == event_id)
    if start is not None:
        query = query.where(SecurityRequest.received_at >= start)
    if end is not None:
        query = query.where(SecurityRequest.received_at < end)
    if search:
        like = f"%{search.strip()}%"
        query = query.where(SecurityRequest.intake_number.ilike(like) | SecurityRequest.requester_name.ilike(like)
                            | SecurityRequest.requester_org.ilike(like) | SecurityRequest.subject.ilike(like)
                            | SecurityRequest.letter_number.ilike(like))
    rows = []
    for request, number, title, event_start in session.execute(query):
        lead = lead_time(request.received_at, event_start)
        row = RequestRow(request.id, request.intake_number, request.received_at, request.channel,
                         request.requester_name, request.requester_org, request.subject, request.letter_number,
                         request.attachment_path, request.event_id if number else None, number or "", title or "",
                         event_start, lead, is_dadakan(lead, threshold), request.status)
        if not only_dadakan or row.dadakan:
            rows.append(row)
    return rows


def request_values(session: Session, request_id: str) -> dict:
    request = find_request(session, request_id)
    values = {k: getattr(request, k) for k in EDITABLE_FIELDS}
    values.update(id=request.id, status=request.status, attachment_path=request.attachment_path)
    return values
