"""Sprin workflow: draft → approved → issued (number assigned, content frozen); perubahan; cancel; signed scan.

Every function takes `(session, actor, …)`, checks the role, audits through `services.audit` and
returns `Changes`; the caller owns the transaction. `issue_with_retry` owns its own transactions
(one per attempt) for callers that hold a `Database`.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import can_move
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.services import audit
from antasena_desktop.services import settings as app_settings
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import format_date_id, now_utc, to_wib
from db import sync_outbox
from db.models import Event, Sprin

from . import numbering
from .model import SprinContent
from .plan import collect_plan, find_event
from .sprin import SPRIN_KIND, SprinOptions, build_content, format_sprin_number

DRAFT, APPROVED, ISSUED, CANCELLED = "draft", "approved", "issued", "cancelled"
PROVISIONAL = "SEMENTARA"            # the number prefix of an order issued on a desk replica (never final)
STATUS_LABELS = {DRAFT: T("Konsep", "Draft"), APPROVED: T("Disetujui", "Approved"),
                 ISSUED: T("Diterbitkan", "Issued"), CANCELLED: T("Dibatalkan", "Cancelled")}


def _get(session: Session, sprin_id: str) -> Sprin:
    return get_live(session, Sprin, sprin_id, T("Sprin {id} tidak ditemukan.", "Order {id} not found.", id=sprin_id))


def get_sprin(session: Session, sprin_id: str) -> Sprin:
    """The order (not deleted), or UserError."""
    return _get(session, sprin_id)


def _label(sprin: Sprin) -> str:
    return sprin.number or T("konsep", "draft").render()


def _store(content: SprinContent, options: SprinOptions, extra: dict | None = None) -> str:
    data = content.to_dict()
    data["_options"] = options.to_dict()
    data.update(extra or {})
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def options_of(sprin: Sprin) -> SprinOptions:
    return SprinOptions.from_dict(json.loads(sprin.content_json or "{}").get("_options"))


def content_of(sprin: Sprin) -> SprinContent:
    """The stored content: the frozen order once issued, the last generated draft before."""
    data = json.loads(sprin.content_json or "{}")
    if "signature" not in data:
        raise UserError(T("Sprin {n} belum memiliki isi.", "Order {n} has no content yet.", n=_label(sprin)))
    return SprinContent.from_dict(data)


def sprins_for_event(session: Session, event_ref: str) -> list[Sprin]:
    event = find_event(session, event_ref)
    return list(session.scalars(select(Sprin).where(Sprin.event_id == event.id, Sprin.deleted_at.is_(None))
                                .order_by(Sprin.created_at)))


def _generate(session: Session, event_id: str, options: SprinOptions) -> SprinContent:
    return build_content(collect_plan(session, event_id), app_settings.load(session), options)


def create_draft(session: Session, actor: Actor, event_ref: str, options: SprinOptions | None = None,
                 kind: str = "pengamanan") -> Changes:
    """A new draft generated from the event's current plan. The new id: `changes.ids("sprin")[0]`."""
    require(actor, Permission.PLAN)
    event = find_event(session, event_ref)
    options = options or SprinOptions()
    content = _generate(session, event.id, options)
    changes = Changes(note="sprin_draft")
    audit.create(session, actor, Sprin(event_id=event.id, kind=kind, status=DRAFT,
                                       content_json=_store(content, options)), changes,
                 note=f"konsep Sprin {event.number}")
    return changes


def update_draft(session: Session, actor: Actor, sprin_id: str, options: SprinOptions | None = None) -> Changes:
    """Regenerate a draft from the current plan with (new) options. An approved order goes back to draft."""
    require(actor, Permission.PLAN)
    sprin = _get(session, sprin_id)
    if sprin.status not in (DRAFT, APPROVED):
        raise UserError(T("Sprin {n} sudah {s}; isinya tidak dapat diubah. Buat Sprin perubahan.",
                          "Order {n} is already {s}; its content cannot change. Create an amending order.",
                          n=_label(sprin), s=STATUS_LABELS.get(sprin.status, T(sprin.status, sprin.status))))
    stored = json.loads(sprin.content_json or "{}")
    options = options or options_of(sprin)
    content = _generate(session, sprin.event_id, options)
    extra = {k: v for k, v in stored.items() if k.startswith("_") and k != "_options"}
    changes = Changes(note="sprin_update")
    audit.update(session, actor, sprin, {"content_json": _store(content, options, extra), "status": DRAFT,
                                         "approved_by": "", "approved_at": None}, changes)
    return changes


def approve(session: Session, actor: Actor, sprin_id: str) -> Changes:
    """Kabag Ops / Pimpinan approves the draft as it stands."""
    require(actor, Permission.APPROVE_SPRIN)
    sprin = _get(session, sprin_id)
    if sprin.status != DRAFT:
        raise UserError(T("Hanya konsep yang dapat disetujui (status sekarang: {s}).",
                          "Only a draft can be approved (status now: {s}).",
                          s=STATUS_LABELS.get(sprin.status, T(sprin.status, sprin.status))))
    changes = Changes(note="sprin_approve")
    audit.update(session, actor, sprin, {"status": APPROVED, "approved_by": actor.username,
                                         "approved_at": now_utc()}, changes, note="Sprin disetujui")
    return changes


def issue(session: Session, actor: Actor, sprin_id: str, issued_at: datetime | None = None) -> Changes:
    """Assign the next number, date the order and freeze its content. Same transaction as the number."""
    require(actor, Permission.ISSUE_SPRIN)
    moment = issued_at or now_utc()
    local = to_wib(moment)
    # Take the numbering lock first, then read the order fresh: two desks issuing the same
    # order at once cannot both see it "approved".
    numbering.lock_sequence(session, SPRIN_KIND, local.year)
    sprin = _get(session, sprin_id)
    session.refresh(sprin)
    if sprin.parent_id is None and sprin.event_id and sprin.status == APPROVED:
        other = session.scalar(select(Sprin.number).where(
            Sprin.event_id == sprin.event_id, Sprin.parent_id.is_(None), Sprin.status == ISSUED,
            Sprin.deleted_at.is_(None), Sprin.id != sprin.id))
        if other:
            raise UserError(T("Kegiatan ini sudah memiliki Sprin {n}; satu kegiatan hanya satu Sprin asli. "
                              "Buat Sprin perubahan atas {n}.",
                              "This event already has order {n}; an event has one original order only. "
                              "Create an amending order of {n}.", n=other))
    if sprin.status != APPROVED:
        raise UserError(T("Sprin harus disetujui Kabag Ops/Pimpinan sebelum diterbitkan (status sekarang: {s}).",
                          "The order must be approved by the Head of Operations before issue (status now: {s}).",
                          s=STATUS_LABELS.get(sprin.status, T(sprin.status, sprin.status))))
    stored = json.loads(sprin.content_json or "{}")
    if not stored.get("kepada") or (stored.get("kepada_lampiran") and not stored.get("lampiran")):
        raise UserError(T("Sprin tidak dapat diterbitkan: belum ada personel yang ditempatkan pada kegiatan ini. "
                          "Tempatkan personel lalu perbarui konsep.",
                          "The order cannot be issued: nobody is placed on this event yet. "
                          "Place personnel, then refresh the draft."))
    settings = app_settings.load(session)
    changes = Changes(note="sprin_issue")
    classification = settings.sprin_classification
    if sync_outbox.replica_of(session) is not None:
        # A desk replica never takes a register number: a provisional one, marked as such; the server
        # gives the final number when the change arrives (antasena_desktop/sync/apply.py).
        number = f"{PROVISIONAL}-{sprin.id[:8]}"
        stored["_provisional"] = True
    else:
        number = numbering.allocate(session, actor, SPRIN_KIND, local.year,
                                    lambda seq: format_sprin_number(seq, local.month, classification, local.year),
                                    sprin_id=sprin.id, changes=changes).number
    stored.update(number=number, date_text=format_date_id(moment),
                  number_blank=format_sprin_number(None, local.month, classification, local.year))
    stored["_issued"] = {"at": moment.isoformat(), "by": actor.username}
    audit.update(session, actor, sprin, {"status": ISSUED, "number": number, "issued_at": moment,
                                         "content_json": json.dumps(stored, ensure_ascii=False, sort_keys=True)},
                 changes, note=f"Sprin diterbitkan {number}")
    event = session.get(Event, sprin.event_id) if sprin.event_id else None
    if event is not None and event.status != "sprin_terbit" and can_move(event.status, "sprin_terbit"):
        audit.update(session, actor, event, {"status": "sprin_terbit"}, changes, note=number)
    return changes


def issue_with_retry(database, actor: Actor, sprin_id: str, attempts: int = 10,
                     issued_at: datetime | None = None) -> Changes:
    """`issue` in its own transaction, retried when another desk won the race for the number."""
    delay = 0.05
    for attempt in range(attempts):
        try:
            with database.session() as session:
                return issue(session, actor, sprin_id, issued_at)
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")


def prepare_for_issue(session: Session, actor: Actor, event_ref: str, options: SprinOptions,
                      perubahan: str | None = None) -> str:
    """The order `antasena sprin` issues for an event, approved and ready: the pending one (its draft
    regenerated), a new draft, or a new amendment of the last issued order. Refuses a second original."""
    orders = sprins_for_event(session, event_ref)
    issued = [s for s in orders if s.status == ISSUED]
    pending = [s for s in orders if s.status in (DRAFT, APPROVED)]
    if perubahan:
        if not issued:
            raise UserError(T("Belum ada Sprin terbit yang dapat diubah.", "No issued order to amend."))
        target_id = create_perubahan(session, actor, issued[-1].id, perubahan, options).ids("sprin")[0]
    elif pending:
        target_id = pending[-1].id
        if pending[-1].status == DRAFT:
            update_draft(session, actor, target_id, options)
    elif issued:
        raise UserError(T("Kegiatan ini sudah memiliki Sprin {n}. Pakai --reprint untuk cetak ulang atau "
                          "--perubahan ALASAN untuk Sprin perubahan.",
                          "This event already has order {n}. Use --reprint to print it again or "
                          "--perubahan REASON for an amending order.", n=issued[-1].number))
    else:
        target_id = create_draft(session, actor, event_ref, options).ids("sprin")[0]
    if _get(session, target_id).status == DRAFT:
        approve(session, actor, target_id)
    return target_id


def last_issued(session: Session, event_ref: str) -> str:
    """The id of the event's last issued order (for a reprint), or UserError."""
    issued = [s for s in sprins_for_event(session, event_ref) if s.status == ISSUED]
    if not issued:
        raise UserError(T("Belum ada Sprin terbit untuk kegiatan ini.", "No issued order for this event yet."))
    return issued[-1].id


def create_perubahan(session: Session, actor: Actor, parent_id: str, reason: str,
                     options: SprinOptions | None = None) -> Changes:
    """A draft "Sprin perubahan" linked to an issued order (`parent_id`), regenerated from the current plan."""
    require(actor, Permission.PLAN)
    parent = _get(session, parent_id)
    if parent.status != ISSUED:
        raise UserError(T("Perubahan hanya untuk Sprin yang sudah diterbitkan.",
                          "Only an issued order can be amended."))
    reason = (reason or "").strip()
    if not reason:
        raise UserError(T("Alasan perubahan wajib diisi.", "A reason for the amendment is required."))
    options = options or options_of(parent)
    options.parent_number = parent.number
    options.issue_date = None
    content = _generate(session, parent.event_id, options)
    changes = Changes(note="sprin_perubahan")
    audit.create(session, actor, Sprin(event_id=parent.event_id, kind=parent.kind, status=DRAFT,
                                       parent_id=parent.id,
                                       content_json=_store(content, options, {"_perubahan_reason": reason})),
                 changes, note=f"perubahan atas {parent.number}: {reason}")
    return changes


def cancel(session: Session, actor: Actor, sprin_id: str, reason: str) -> Changes:
    """Cancel an order. An issued order's number stays in the register as "dibatalkan" with the reason."""
    sprin = _get(session, sprin_id)
    require(actor, Permission.APPROVE_SPRIN if sprin.status == ISSUED else Permission.PLAN)
    reason = (reason or "").strip()
    if not reason:
        raise UserError(T("Alasan pembatalan wajib diisi.", "A reason for the cancellation is required."))
    if sprin.status == CANCELLED:
        return Changes()
    changes = Changes(note="sprin_cancel")
    if sprin.number and not sprin.number.startswith(PROVISIONAL):
        numbering.cancel_number(session, actor, sprin.number, reason, changes)
    audit.update(session, actor, sprin, {"status": CANCELLED}, changes, note=reason)
    return changes


def attach_signed_scan(session: Session, actor: Actor, sprin_id: str, source: str | Path) -> Changes:
    """Copy the signed scan into `<data dir>/lampiran/` and record its path on the issued order."""
    from db.engine import data_dir
    require(actor, Permission.ISSUE_SPRIN)
    sprin = _get(session, sprin_id)
    if sprin.status != ISSUED:
        raise UserError(T("Pindaian bertanda tangan hanya untuk Sprin yang sudah diterbitkan.",
                          "A signed scan can only be attached to an issued order."))
    source = Path(source)
    if not source.is_file():
        raise UserError(T("Berkas {p} tidak ada.", "File {p} does not exist.", p=str(source)))
    target_dir = data_dir() / "lampiran"
    target_dir.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9.]+", "_", sprin.number or sprin.id).strip("_")
    target = target_dir / f"{stem}_{sprin.id[:8]}{source.suffix.lower()}"
    from antasena_desktop.files import private_atomic_path
    with private_atomic_path(target) as temp:
        shutil.copyfile(source, temp)
    changes = Changes(note="sprin_scan")
    audit.update(session, actor, sprin, {"signed_scan_path": str(target)}, changes, note="pindaian bertanda tangan")
    return changes
