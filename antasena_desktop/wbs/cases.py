"""The handler's side (the desk and `antasena wbs case …`): list, open, move, assign, message, note,
identity requests, access history. Every function checks the role itself, audits what it did (or
refused) and commits nothing; content is decrypted only with the caller's Keyring.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.timefmt import now_utc
from antasena_desktop.wbs import audit, crypto, keys, settings, workflow as wf
from antasena_desktop.wbs.audit import AuditRow
from antasena_desktop.wbs.deadlines import (calendar_for, overdue_kinds, stage_due, today_wib, workflow_for)
from antasena_desktop.wbs.keys import Keyring, NoKey
from antasena_desktop.wbs.roles import (PermissionDenied, WbsActor, WbsPermission as P, WbsRole, refuse,
                                        require)
from db.wbs.models import (WbsAccount, WbsAssignment, WbsAttachment, WbsCase, WbsCaseKey, WbsHistory,
                           WbsIdentity, WbsIdentityRequest, WbsMessage, WbsNote)

NOTE_KINDS: dict[str, tuple[P, Text]] = {
    "note": (P.ADD_NOTE, T("Catatan internal", "Internal note")),
    "telaahan": (P.REVIEW, T("Telaahan", "Review memo")),
    "lhtl": (P.REVIEW, T("Laporan hasil tindak lanjut", "Follow-up report")),
    "verifikasi": (P.VERIFY, T("Hasil verifikasi laporan tindak lanjut", "Verification of the follow-up report")),
    "checklist": (P.VERIFY, T("Daftar periksa verifikasi", "Verification checklist")),
}
ASSIGNABLE = (WbsRole.PENELAAH, WbsRole.VERIFIKATOR, WbsRole.INSPEKTUR, WbsRole.PENANGGUNG_JAWAB)


# ---------------------------------------------------------------- read models

@dataclass(frozen=True)
class CaseRow:
    id: str
    reference: str
    category: str
    category_label: Text
    stage: str
    stage_label: Text
    received_at: datetime
    ack_due: date
    feedback_due: date
    stage_due: date | None
    assigned: list[str]
    overdue: bool
    overdue_kinds: list[str]
    wilayah: str | None
    outcome: str | None
    message_count: int
    attachment_count: int
    last_update_at: datetime
    can_open: bool
    purged: bool = False


@dataclass(frozen=True)
class AttachmentView:
    id: str
    filename: str
    content_type: str
    size: int
    at: datetime
    origin: str


@dataclass(frozen=True)
class MessageView:
    at: datetime
    sender: str               # reporter | tim_wbs
    author: str | None
    text: str


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str
    kind: str
    kind_label: Text
    text: str


@dataclass(frozen=True)
class HistoryView:
    at: datetime
    username: str
    from_stage: str | None
    to_stage: str
    to_label: Text
    reason: str


@dataclass(frozen=True)
class MoveOption:
    target: str
    label: Text
    needs_reason: bool


@dataclass(frozen=True)
class IdentityRequestView:
    id: str
    requester: str
    legal_basis: str
    requested_at: datetime
    status: str
    decided_by: str | None
    decided_at: datetime | None
    note: str


@dataclass(frozen=True)
class CaseView:
    row: CaseRow
    report: dict[str, Any]            # the form without the identity
    attachments: list[AttachmentView]
    messages: list[MessageView]
    notes: list[NoteView]
    history: list[HistoryView]
    moves: list[MoveOption]
    identity_requests: list[IdentityRequestView]
    has_identity: bool
    anonymous: bool
    follow_up: str | None
    name_restored: bool
    criteria: list[dict[str, str]] = field(default_factory=list)

    def __getattr__(self, name):          # row fields read through (view.reference, view.stage, …)
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


@dataclass(frozen=True)
class Identity:
    name: str
    nip: str
    contact: str


# ---------------------------------------------------------------- helpers

def _case(session: Session, case_id: str, allow_purged: bool = False) -> WbsCase:
    case = session.get(WbsCase, case_id)
    if case is None:
        case = session.scalar(select(WbsCase).where(WbsCase.reference == case_id))
    if case is None:
        raise UserError(T("Perkara {c} tidak ada.", "No case {c}.", c=case_id))
    if case.purged_at is not None and not allow_purged:
        raise UserError(T("Perkara {r} sudah dimusnahkan (masa retensi habis).",
                          "Case {r} has been purged (retention ended).", r=case.reference))
    return case


def find_case_id(session: Session, ref_or_id: str) -> str:
    return _case(session, ref_or_id).id


def _assigned_usernames(session: Session, case_id: str) -> list[str]:
    rows = session.execute(select(WbsAccount.username).join(WbsAssignment, WbsAssignment.account_id == WbsAccount.id)
                           .where(WbsAssignment.case_id == case_id, WbsAssignment.active.is_(True))
                           .order_by(WbsAccount.username))
    return [r[0] for r in rows]


def _is_assigned(session: Session, actor: WbsActor, case_id: str) -> bool:
    return session.scalar(select(WbsAssignment.id).where(WbsAssignment.case_id == case_id,
                                                         WbsAssignment.account_id == actor.user_id,
                                                         WbsAssignment.active.is_(True))) is not None


def _category_labels(session: Session) -> dict[str, Text]:
    return {c["code"]: T(c["id"], c["en"]) for c in settings.get(session, "categories")}


def _row(session: Session, case: WbsCase, today: date, labels, flow, holders,
         assigned: list[str] | None = None) -> CaseRow:
    kinds = overdue_kinds(case, today)
    return CaseRow(case.id, case.reference, case.category, labels.get(case.category, T(case.category, case.category)),
                   case.stage, flow.label(case.stage), case.received_at, case.ack_due, case.feedback_due,
                   case.stage_due, _assigned_usernames(session, case.id) if assigned is None else assigned, bool(kinds), kinds, case.wilayah,
                   case.outcome, case.message_count, case.attachment_count, case.last_update_at,
                   case.id in holders, case.purged_at is not None)


def _content_access(session: Session, actor: WbsActor, keyring: Keyring, case: WbsCase,
                    permission: P = P.READ_CASE) -> crypto.PrivateKey:
    """The case key for a content function, after the role and assignment checks (refusals audited)."""
    require(actor, permission, session, case.id)
    if actor.role is WbsRole.PENELAAH and not _is_assigned(session, actor, case.id):
        refuse(session, actor, "penelaah belum ditugaskan", case.id)
        raise PermissionDenied(T("Perkara {r} tidak ditugaskan kepada Anda.", "Case {r} is not assigned to you.",
                                 r=case.reference))
    if keyring is None or keyring.holder != actor.user_id:
        refuse(session, actor, "kunci tidak cocok dengan pengguna", case.id)
        raise PermissionDenied(T("Sesi kunci tidak cocok dengan pengguna ini; masuk ulang.",
                                 "The key session does not match this user; log in again."))
    try:
        return keyring.case_key(session, case.id)
    except NoKey:
        refuse(session, actor, "kunci perkara tidak dibagikan", case.id)
        raise


def _touch(case: WbsCase, actor: WbsActor, now: datetime) -> None:
    case.last_update_at = now
    case.updated_by = actor.username
    case.row_version = (case.row_version or 0) + 1


def _case_change(case: WbsCase, before: dict | None = None) -> Change:
    after = {"stage": case.stage, "row_version": case.row_version, "outcome": case.outcome,
             "message_count": case.message_count}
    return Change("wbs_case", case.id, "update", before, after)


# ---------------------------------------------------------------- list / open

def list_cases(session: Session, actor: WbsActor, *, stage: str | None = None, overdue: bool = False,
               assigned_to_me: bool = False, today: date | None = None) -> list[CaseRow]:
    """Metadata only. A penelaah sees the cases assigned to them; the others with list rights see all."""
    require(actor, P.LIST_CASES, session)
    query = select(WbsCase).where(WbsCase.purged_at.is_(None)).order_by(WbsCase.received_at.desc())
    if stage:
        workflow_for(session).stage(stage)
        query = query.where(WbsCase.stage == stage)
    if assigned_to_me or actor.role is WbsRole.PENELAAH:
        query = query.join(WbsAssignment, WbsAssignment.case_id == WbsCase.id).where(
            WbsAssignment.account_id == actor.user_id, WbsAssignment.active.is_(True))
    today = today or today_wib()
    labels, flow = _category_labels(session), workflow_for(session)
    holders = set(session.scalars(select(WbsCaseKey.case_id).where(WbsCaseKey.holder == actor.user_id)))
    assigned: dict[str, list[str]] = {}
    for case_id, username in session.execute(
            select(WbsAssignment.case_id, WbsAccount.username).join(WbsAccount, WbsAccount.id == WbsAssignment.account_id)
            .where(WbsAssignment.active.is_(True)).order_by(WbsAccount.username)):
        assigned.setdefault(case_id, []).append(username)
    rows = [_row(session, c, today, labels, flow, holders, assigned.get(c.id, [])) for c in session.scalars(query)]
    return [r for r in rows if r.overdue] if overdue else rows


def case_row(session: Session, actor: WbsActor, case_id: str) -> CaseRow:
    """One case's metadata row (as in list_cases), by id or reference."""
    require(actor, P.LIST_CASES, session)
    case = _case(session, case_id)
    if actor.role is WbsRole.PENELAAH and not _is_assigned(session, actor, case.id):
        refuse(session, actor, "penelaah belum ditugaskan", case.id)
        raise PermissionDenied(T("Perkara {r} tidak ditugaskan kepada Anda.", "Case {r} is not assigned to you.",
                                 r=case.reference))
    holders = set(session.scalars(select(WbsCaseKey.case_id).where(WbsCaseKey.holder == actor.user_id,
                                                                  WbsCaseKey.case_id == case.id)))
    return _row(session, case, today_wib(), _category_labels(session), workflow_for(session), holders)


def open_case(session: Session, actor: WbsActor, keyring: Keyring, case_id: str) -> CaseView:
    """Decrypt a case for the desk; audited as an opening."""
    case = _case(session, case_id)
    key = _content_access(session, actor, keyring, case)
    flow = workflow_for(session)
    report = crypto.unseal_json(key, case.report_ct)
    attachments = [AttachmentView(a.id, **_meta(key, a), at=a.at, origin=a.origin) for a in session.scalars(
        select(WbsAttachment).where(WbsAttachment.case_id == case.id).order_by(WbsAttachment.at))]
    messages = [MessageView(m.at, m.sender, m.author, crypto.unseal_json(key, m.text_ct)["text"]) for m in session.scalars(
        select(WbsMessage).where(WbsMessage.case_id == case.id).order_by(WbsMessage.at))]
    notes = [NoteView(n.at, n.author, n.kind, NOTE_KINDS.get(n.kind, NOTE_KINDS["note"])[1],
                      crypto.unseal_json(key, n.text_ct)["text"]) for n in session.scalars(
        select(WbsNote).where(WbsNote.case_id == case.id).order_by(WbsNote.at))]
    history = [HistoryView(h.at, h.username, h.from_stage, h.to_stage, flow.label(h.to_stage),
                           crypto.unseal_json(key, h.reason_ct)["reason"] if h.reason_ct else "")
               for h in session.scalars(select(WbsHistory).where(WbsHistory.case_id == case.id).order_by(WbsHistory.at))]
    requests = _identity_requests(session, case, key)
    moves = [MoveOption(t.target, t.label, t.needs_reason) for t in flow.allowed_moves(actor, case.stage)]
    holders = {case.id}
    row = _row(session, case, today_wib(), _category_labels(session), flow, holders)
    audit.record(session, actor, "buka_perkara", case_id=case.id, entity="wbs_case", entity_id=case.id)
    return CaseView(row, report, attachments, messages, notes, history, moves, requests, case.has_identity,
                    case.anonymous, case.follow_up, case.name_restored, settings.get(session, "criteria"))


def _meta(key, attachment: WbsAttachment) -> dict:
    meta = crypto.unseal_json(key, attachment.meta_ct)
    return {"filename": meta["filename"], "content_type": meta["content_type"], "size": int(meta["size"])}


def attachment_content(session: Session, actor: WbsActor, keyring: Keyring, attachment_id: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of one attachment; audited as an export."""
    attachment = session.get(WbsAttachment, attachment_id)
    if attachment is None:
        raise UserError(T("Lampiran tidak ada.", "No such attachment."))
    case = _case(session, attachment.case_id)
    key = _content_access(session, actor, keyring, case)
    meta = _meta(key, attachment)
    data = crypto.unseal(key, attachment.data_ct)
    audit.record(session, actor, "unduh_lampiran", case_id=case.id, entity="wbs_attachment", entity_id=attachment.id)
    return meta["filename"], meta["content_type"], data


def add_attachment(session: Session, actor: WbsActor, keyring: Keyring, case_id: str, attachment) -> Changes:
    """A document the team adds to the case file (e.g. a scanned letter); encrypted like the reporter's."""
    from antasena_desktop.wbs.intake import store_attachments
    audit.write_lock(session)
    case = _case(session, case_id)
    _content_access(session, actor, keyring, case, P.ADD_NOTE)
    store_attachments(session, case, [attachment], "tim_wbs")
    _touch(case, actor, now_utc())
    audit.record(session, actor, "lampiran_tim", case_id=case.id, entity="wbs_attachment")
    return Changes([_case_change(case)])


# ---------------------------------------------------------------- moves

def move_case(session: Session, actor: WbsActor, keyring: Keyring, case_id: str, to_stage: str, reason: str = "",
              **details: Any) -> Changes:
    """A guarded state transition (workflow.py) plus its effects. `details`: checklist {code: bool}
    (verifikasi → penelaahan), wilayah (routing override), outcome (→ ditolak / selesai),
    follow_up (persetujuan → tindak_lanjut), expected_version (refuse a stale desk)."""
    audit.write_lock(session)
    case = _case(session, case_id)
    flow = workflow_for(session)
    criteria = [c["code"] for c in settings.get(session, "criteria")]
    try:
        move = flow.check(actor, case.stage, to_stage, reason, details, criteria)
    except wf.IllegalMove:
        refuse(session, actor, f"pindah {case.stage}->{to_stage} ditolak", case.id)
        raise
    permission = next(p for p in move.permissions if actor.can(p))
    key = _content_access(session, actor, keyring, case, permission)
    expected = details.get("expected_version")
    if expected is not None and int(expected) != case.row_version:
        raise UserError(T("Perkara {r} telah diubah orang lain; muat ulang dulu.",
                          "Case {r} was changed by someone else; reload it first.", r=case.reference))
    if permission is P.REVIEW and not _is_assigned(session, actor, case.id):
        refuse(session, actor, "penelaah belum ditugaskan", case.id)
        raise PermissionDenied(T("Perkara {r} tidak ditugaskan kepada Anda.", "Case {r} is not assigned to you.",
                                 r=case.reference))
    source, now = case.stage, now_utc()
    changes = Changes()
    before = {"stage": source, "row_version": case.row_version}
    _require_documents(session, actor, case, source, to_stage)
    if (source, to_stage) == (wf.VERIFIKASI, wf.PENELAAHAN):
        _save_note(session, actor, case, "checklist", _checklist_text(session, details.get("checklist") or {}), now)
        routed = _route(session, actor, keyring, case, key, details.get("wilayah"))
        changes.extend(routed)
        changes.note = routed.note
    if to_stage == wf.TINDAK_LANJUT and source == wf.PERSETUJUAN:
        case.follow_up = details["follow_up"]
    if to_stage in wf.TERMINAL:
        _close(session, case, details["outcome"], now)
    if source == wf.DITERIMA and case.acknowledged_at is None:
        case.acknowledged_at = now
    session.add(WbsHistory(case_id=case.id, at=now, username=actor.username, from_stage=source, to_stage=to_stage,
                           reason_ct=crypto.seal_json(case.public_key, {"reason": reason.strip()}) if reason.strip() else None))
    case.stage, case.stage_entered_at = to_stage, now
    case.stage_due = stage_due(session, to_stage, now, flow)
    _touch(case, actor, now)
    audit.record(session, actor, "pindah_tahap", case_id=case.id, entity="wbs_case", entity_id=case.id,
                 note=f"{source}->{to_stage}" + (f" hasil {case.outcome}" if case.outcome else ""))
    changes.add(_case_change(case, before))
    return changes


def _require_documents(session: Session, actor: WbsActor, case: WbsCase, source: str, target: str) -> None:
    needed = {(wf.PENELAAHAN, wf.PERSETUJUAN): "telaahan", (wf.TINDAK_LANJUT, wf.VERIFIKASI_TL): "lhtl",
              (wf.VERIFIKASI_TL, wf.SELESAI): "verifikasi"}.get((source, target))
    if needed is None:
        return
    since = case.stage_entered_at
    exists = session.scalar(select(WbsNote.id).where(WbsNote.case_id == case.id, WbsNote.kind == needed,
                                                     WbsNote.at >= since).limit(1))
    if exists is None:
        refuse(session, actor, f"pindah {source}->{target}: {needed} belum ada", case.id)
        raise wf.IllegalMove(T("Belum ada {d} pada tahap ini; tulis dulu sebelum memindah perkara.",
                               "There is no {d} in this stage yet; write it before moving the case.",
                               d=NOTE_KINDS[needed][1]))


def _checklist_text(session: Session, checklist: dict) -> str:
    lines = []
    for c in settings.get(session, "criteria"):
        mark = "✓" if checklist.get(c["code"]) else "✗"
        lines.append(f"{mark} {c['id']}")
    return "\n".join(lines)


def _route(session: Session, actor: WbsActor, keyring: Keyring, case: WbsCase, key, wilayah: str | None) -> Changes:
    """Route to the Irban of the reported agency (editable table) and assign its penelaah accounts."""
    from antasena_desktop.wbs.roles import WILAYAH
    if wilayah is None:
        agency = (crypto.unseal_json(key, case.report_ct).get("reported_party") or {}).get("agency", "")
        wilayah = route_agency(session, agency)
    if wilayah not in WILAYAH:
        raise UserError(T("Wilayah {w} tidak dikenal; pilihan: {c}.", "Unknown region {w}; choices: {c}.",
                          w=wilayah, c=", ".join(WILAYAH)))
    case.wilayah = wilayah
    reviewers = session.scalars(select(WbsAccount.username).where(
        WbsAccount.role == WbsRole.PENELAAH.value, WbsAccount.wilayah == wilayah, WbsAccount.active.is_(True))).all()
    current = _assigned_usernames(session, case.id)
    changes = _assign(session, actor, keyring, case, key, sorted(set(current) | set(reviewers)))
    if not reviewers:
        changes.note = T("Belum ada akun penelaah untuk {w}: tugaskan penangan secara manual.",
                         "No reviewer account for {w} yet: assign a handler by hand.", w=WILAYAH[wilayah]).render()
    return changes


def route_agency(session: Session, agency: str) -> str:
    table = {k.casefold(): v for k, v in settings.get(session, "routing").items()}
    return table.get((agency or "").strip().casefold(), settings.get(session, "default_wilayah"))


def _close(session: Session, case: WbsCase, outcome: str, now: datetime) -> None:
    case.outcome = outcome
    case.name_restored = outcome == "tidak_terbukti"          # pemulihan nama baik when not proven
    case.closed_at = now                      # closing alone is not feedback: the team messages the reporter
    days = int(settings.get(session, "retention_days").get(outcome, 365))
    case.purge_after = calendar_for(session).next_working_day(date.fromordinal(today_wib(now).toordinal() + days))


# ---------------------------------------------------------------- assignment

def assign_handlers(session: Session, actor: WbsActor, keyring: Keyring, case_id: str,
                    usernames: list[str]) -> Changes:
    """Set the case's assigned handlers to `usernames` (the whole list): new ones get the case key
    sealed to them; removed ones lose their assignment and their copy of the key."""
    audit.write_lock(session)
    case = _case(session, case_id)
    require(actor, P.ASSIGN, session, case.id)
    key = _content_access(session, actor, keyring, case, P.ASSIGN)
    return _assign(session, actor, keyring, case, key, usernames)


def _assign(session: Session, actor: WbsActor, keyring: Keyring, case: WbsCase, key, usernames: list[str]) -> Changes:
    from antasena_desktop.wbs.roles import INTAKE_ROLES
    changes = Changes()
    wanted = []
    for username in dict.fromkeys(u.strip() for u in usernames if u.strip()):
        account = session.scalar(select(WbsAccount).where(WbsAccount.username == username))
        if account is None or not account.active:
            raise UserError(T("Pengguna {u} tidak ada atau nonaktif.", "User {u} does not exist or is inactive.", u=username))
        if WbsRole(account.role) not in ASSIGNABLE:
            raise UserError(T("{u} berperan {r} dan tidak dapat menangani perkara.",
                              "{u} has the role {r} and cannot handle cases.", u=username, r=account.role))
        _check_conflict(session, case, key, account)
        wanted.append(account)
    now = now_utc()
    wanted_ids = {a.id for a in wanted}
    for row in session.scalars(select(WbsAssignment).where(WbsAssignment.case_id == case.id)).all():
        if row.active and row.account_id not in wanted_ids:
            row.active = False
            holder = session.get(WbsAccount, row.account_id)
            if WbsRole(holder.role) not in INTAKE_ROLES:
                for k in session.scalars(select(WbsCaseKey).where(WbsCaseKey.case_id == case.id,
                                                                  WbsCaseKey.holder == row.account_id)).all():
                    session.delete(k)
            audit.record(session, actor, "lepas_tugas", case_id=case.id, entity="wbs_account", entity_id=row.account_id)
            changes.add(Change("wbs_assignment", row.id, "update", {"active": True}, {"active": False}))
    for account in wanted:
        row = session.scalar(select(WbsAssignment).where(WbsAssignment.case_id == case.id,
                                                         WbsAssignment.account_id == account.id))
        if row is not None and row.active:
            continue
        keys.seal_case_key(session, case.id, key, account.id, account.public_key)
        if row is None:
            row = WbsAssignment(case_id=case.id, account_id=account.id, assigned_at=now, assigned_by=actor.username)
            session.add(row)
        else:
            row.active, row.assigned_at, row.assigned_by = True, now, actor.username
        session.flush()
        audit.record(session, actor, "tugaskan", case_id=case.id, entity="wbs_account", entity_id=account.id)
        changes.add(Change("wbs_assignment", row.id, "create", None, {"case_id": case.id, "username": account.username}))
    _touch(case, actor, now)
    return changes


def _check_conflict(session: Session, case: WbsCase, key, account: WbsAccount) -> None:
    """A handler cannot be assigned a case that names them as the reported party."""
    party = (crypto.unseal_json(key, case.report_ct).get("reported_party") or {}).get("name", "")
    def norm(text: str) -> str:
        return " ".join(text.casefold().replace(",", " ").replace(".", " ").split())
    if account.full_name and norm(account.full_name) and norm(account.full_name) in norm(party):
        raise UserError(T("{u} tidak dapat ditugaskan: namanya tercantum sebagai terlapor (benturan kepentingan).",
                          "{u} cannot be assigned: their name appears as the reported party (conflict of interest).",
                          u=account.username))


# ---------------------------------------------------------------- messages and notes

def send_message(session: Session, actor: WbsActor, keyring: Keyring, case_id: str, text: str) -> Changes:
    """A message to the reporter (they read it with their receipt)."""
    audit.write_lock(session)
    case = _case(session, case_id)
    _content_access(session, actor, keyring, case, P.MESSAGE_REPORTER)
    text = _text(text)
    now = now_utc()
    message = WbsMessage(case_id=case.id, at=now, sender="tim_wbs", author=actor.username,
                         text_ct=crypto.seal_json(case.public_key, {"text": text}))
    session.add(message)
    case.message_count += 1
    if case.acknowledged_at is None:
        case.acknowledged_at = now
    if case.feedback_at is None and case.stage in (wf.TINDAK_LANJUT, wf.VERIFIKASI_TL, *wf.TERMINAL):
        case.feedback_at = now
    _touch(case, actor, now)
    session.flush()
    audit.record(session, actor, "pesan_ke_pelapor", case_id=case.id, entity="wbs_message", entity_id=message.id)
    return Changes([Change("wbs_message", message.id, "create", None, {"case_id": case.id}), _case_change(case)])


def add_note(session: Session, actor: WbsActor, keyring: Keyring, case_id: str, text: str, kind: str = "note") -> Changes:
    """An internal note, never shown to the reporter. Kinds: note, telaahan (penelaah), lhtl (penelaah),
    verifikasi (verifikator: the check of the follow-up report)."""
    if kind not in NOTE_KINDS or kind == "checklist":
        raise UserError(T("Jenis catatan {k} tidak dikenal.", "Unknown note kind {k}.", k=kind))
    audit.write_lock(session)
    case = _case(session, case_id)
    permission = NOTE_KINDS[kind][0]
    _content_access(session, actor, keyring, case, permission)
    if permission is P.REVIEW and not _is_assigned(session, actor, case.id):
        refuse(session, actor, "penelaah belum ditugaskan", case.id)
        raise PermissionDenied(T("Perkara {r} tidak ditugaskan kepada Anda.", "Case {r} is not assigned to you.",
                                 r=case.reference))
    now = now_utc()
    note = _save_note(session, actor, case, kind, _text(text), now)
    _touch(case, actor, now)
    audit.record(session, actor, "catatan", case_id=case.id, entity="wbs_note", entity_id=note.id, note=kind)
    return Changes([Change("wbs_note", note.id, "create", None, {"case_id": case.id, "kind": kind}), _case_change(case)])


def _save_note(session: Session, actor: WbsActor, case: WbsCase, kind: str, text: str, now: datetime) -> WbsNote:
    note = WbsNote(case_id=case.id, at=now, author=actor.username, kind=kind,
                   text_ct=crypto.seal_json(case.public_key, {"text": text}))
    session.add(note)
    session.flush()
    return note


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise UserError(T("Teks kosong.", "The text is empty."))
    if len(text) > 50_000:
        raise UserError(T("Teks terlalu panjang (maks. 50.000 karakter).", "The text is too long (at most 50,000)."))
    return text


# ---------------------------------------------------------------- identity

def request_identity(session: Session, actor: WbsActor, case_id: str, legal_basis: str) -> Changes:
    """Ask the Inspektur to release the reporter's identity, on a recorded legal basis (the number of
    a Wali Kota assignment letter)."""
    audit.write_lock(session)
    case = _case(session, case_id)
    require(actor, P.REQUEST_IDENTITY, session, case.id)
    basis = (legal_basis or "").strip()
    if len(basis) < 5 or not any(ch.isdigit() for ch in basis):
        raise UserError(T("Dasar hukum wajib: nomor surat tugas Wali Kota (mis. 800/123/ST/2026).",
                          "A legal basis is required: the Wali Kota assignment letter number (e.g. 800/123/ST/2026)."))
    if not case.has_identity:
        raise UserError(T("Pelapor perkara {r} tidak memberikan identitas.", "The reporter of case {r} gave no identity.",
                          r=case.reference))
    pending = session.scalar(select(WbsIdentityRequest.id).where(
        WbsIdentityRequest.case_id == case.id, WbsIdentityRequest.requester_id == actor.user_id,
        WbsIdentityRequest.status == "pending"))
    if pending:
        raise UserError(T("Permintaan Anda untuk perkara {r} masih menunggu keputusan Inspektur.",
                          "Your request for case {r} is still awaiting the Inspector's decision.", r=case.reference))
    request = WbsIdentityRequest(case_id=case.id, requester_id=actor.user_id, legal_basis=basis[:120],
                                 requested_at=now_utc(), status="pending")
    session.add(request)
    session.flush()
    audit.record(session, actor, "minta_identitas", case_id=case.id, entity="wbs_identity_request",
                 entity_id=request.id, note=f"dasar {basis[:120]}")
    return Changes([Change("wbs_identity_request", request.id, "create", None, {"case_id": case.id, "status": "pending"})])


def decide_identity_request(session: Session, actor: WbsActor, keyring: Keyring, request_id: str, approve: bool,
                            note: str = "") -> Changes:
    """The Inspektur approves (the identity key is sealed to the requester) or rejects a request."""
    audit.write_lock(session)
    request = session.get(WbsIdentityRequest, request_id)
    if request is None:
        raise UserError(T("Permintaan identitas tidak ada.", "No such identity request."))
    case = _case(session, request.case_id)
    require(actor, P.DECIDE_IDENTITY, session, case.id)
    if request.status != "pending":
        raise UserError(T("Permintaan ini sudah diputuskan ({s}).", "This request was already decided ({s}).",
                          s=request.status))
    identity_key = keyring.identity_key(session, case.id) if keyring and keyring.holder == actor.user_id else None
    if approve:
        if identity_key is None:
            refuse(session, actor, "kunci identitas tidak ada", case.id)
            raise PermissionDenied(T("Kunci identitas perkara ini tidak ada pada Anda.",
                                     "You do not hold this case's identity key."))
        requester = session.get(WbsAccount, request.requester_id)
        keys.seal_identity_key(session, case.id, identity_key, requester.id, requester.public_key)
    request.status = "approved" if approve else "rejected"
    request.decided_by, request.decided_at = actor.username, now_utc()
    request.note_ct = crypto.seal_json(case.public_key, {"note": (note or "").strip()}) if (note or "").strip() else None
    audit.record(session, actor, "identitas_dirilis" if approve else "identitas_ditolak", case_id=case.id,
                 entity="wbs_identity_request", entity_id=request.id, note=f"dasar {request.legal_basis}")
    return Changes([Change("wbs_identity_request", request.id, "update", {"status": "pending"}, {"status": request.status})])


def pending_identity_requests(session: Session, actor: WbsActor) -> list[tuple[str, str, IdentityRequestView]]:
    """(case id, reference, request) awaiting the Inspektur's decision — metadata only."""
    require(actor, P.DECIDE_IDENTITY, session)
    rows = session.execute(select(WbsIdentityRequest, WbsCase.reference, WbsAccount.username)
                           .join(WbsCase, WbsCase.id == WbsIdentityRequest.case_id)
                           .join(WbsAccount, WbsAccount.id == WbsIdentityRequest.requester_id)
                           .where(WbsIdentityRequest.status == "pending").order_by(WbsIdentityRequest.requested_at))
    return [(r.case_id, ref, IdentityRequestView(r.id, who, r.legal_basis, r.requested_at, r.status, None, None, ""))
            for r, ref, who in rows]


def _identity_requests(session: Session, case: WbsCase, key) -> list[IdentityRequestView]:
    rows = session.execute(select(WbsIdentityRequest, WbsAccount.username)
                           .join(WbsAccount, WbsAccount.id == WbsIdentityRequest.requester_id)
                           .where(WbsIdentityRequest.case_id == case.id).order_by(WbsIdentityRequest.requested_at))
    return [IdentityRequestView(r.id, who, r.legal_basis, r.requested_at, r.status, r.decided_by, r.decided_at,
                                crypto.unseal_json(key, r.note_ct)["note"] if r.note_ct else "") for r, who in rows]


def read_identity(session: Session, actor: WbsActor, keyring: Keyring, case_id: str) -> Identity | None:
    """The reporter's identity: the Inspektur, or a handler after an approved request. None when the
    reporter gave none. Every reading is audited; every refusal too."""
    case = _case(session, case_id)
    if actor.role is WbsRole.ADMIN or actor.role is WbsRole.PEMBINA:
        require(actor, P.DECIDE_IDENTITY, session, case.id)            # always refused, audited
    identity = session.scalar(select(WbsIdentity).where(WbsIdentity.case_id == case.id))
    if identity is None:
        return None
    identity_key = keyring.identity_key(session, case.id) if keyring and keyring.holder == actor.user_id else None
    approved = actor.role is WbsRole.INSPEKTUR or session.scalar(select(WbsIdentityRequest.id).where(
        WbsIdentityRequest.case_id == case.id, WbsIdentityRequest.requester_id == actor.user_id,
        WbsIdentityRequest.status == "approved")) is not None
    if identity_key is None or not approved:
        refuse(session, actor, "baca identitas tanpa persetujuan", case.id)
        raise PermissionDenied(T("Identitas pelapor hanya dibuka oleh Inspektur atau atas permintaan yang disetujui.",
                                 "The reporter's identity opens only for the Inspector or on an approved request."))
    data = json.loads(crypto.secret_decrypt(identity_key, identity.identity_ct))
    audit.record(session, actor, "baca_identitas", case_id=case.id, entity="wbs_identity")
    return Identity(data.get("name", ""), data.get("nip", ""), data.get("contact", ""))


def access_history(session: Session, actor: WbsActor, case_id: str) -> list[AuditRow]:
    """Everything the audit log holds about a case (openings, exports, moves, identity, purge) — Inspektur."""
    case = _case(session, case_id, allow_purged=True)
    require(actor, P.ACCESS_HISTORY, session, case.id)
    rows = audit.rows_for_case(session, case.id)
    audit.record(session, actor, "lihat_riwayat_akses", case_id=case.id)
    return rows


def share_cases_with(session: Session, actor: WbsActor, keyring: Keyring, username: str) -> int:
    """Give a new Verifikator/Inspektur account the keys of the existing cases it should see by its
    role (the intake roles receive new cases automatically, older ones only this way). The giver
    seals what its own keyring holds; an Inspektur giving to an Inspektur also passes the identity
    keys. Returns the number of cases shared; one audit row per case."""
    from antasena_desktop.wbs.roles import INTAKE_ROLES
    audit.write_lock(session)
    require(actor, P.ASSIGN, session)
    account = session.scalar(select(WbsAccount).where(WbsAccount.username == (username or "").strip()))
    if account is None or not account.active:
        raise UserError(T("Pengguna {u} tidak ada atau nonaktif.", "User {u} does not exist or is inactive.", u=username))
    if WbsRole(account.role) not in INTAKE_ROLES:
        raise UserError(T("Hanya Verifikator dan Inspektur menerima semua perkara; tugaskan {u} per perkara.",
                          "Only verifiers and the Inspector receive every case; assign {u} case by case.", u=username))
    if keyring is None or keyring.holder != actor.user_id:
        raise PermissionDenied(T("Sesi kunci tidak cocok dengan pengguna ini; masuk ulang.",
                                 "The key session does not match this user; log in again."))
    held = set(session.scalars(select(WbsCaseKey.case_id).where(WbsCaseKey.holder == account.id)))
    mine = session.scalars(select(WbsCaseKey.case_id).where(WbsCaseKey.holder == keyring.holder)).all()
    with_identity = actor.role is WbsRole.INSPEKTUR and account.role == WbsRole.INSPEKTUR.value
    shared = 0
    for case_id in mine:
        if case_id in held:
            continue
        keys.seal_case_key(session, case_id, keyring.case_key(session, case_id), account.id, account.public_key)
        identity_key = keyring.identity_key(session, case_id) if with_identity else None
        if identity_key is not None:
            keys.seal_identity_key(session, case_id, identity_key, account.id, account.public_key)
        audit.record(session, actor, "bagikan_kunci", case_id=case_id, entity="wbs_account", entity_id=account.id,
                     note="dengan identitas" if identity_key is not None else "")
        shared += 1
    return shared
