"""Stakeholder accounts of the portal (Pemkot, satker, organiser, other Polri unit): managed on the desk,
separate from desk users — their own argon2id hashes, lockout and audit rows (source "portal").

Desk use cases are `(session, actor, …) -> Changes`, need MANAGE_STAKEHOLDERS and are audited.
`authenticate` is the portal's login: every attempt is audited and committed (failures count toward
the lockout), like the desk's own login (`services/auth.py`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.portal import policy
from antasena_desktop.portal.policy import Kind, Profile
from antasena_desktop.services import audit
from antasena_desktop.services.auth import _hasher, check_password_strength, hash_password
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.live import get_live
from antasena_desktop.services.server_data import refuse_on_replica
from antasena_desktop.services.security import Actor, Permission, Role, require
from db.models import Event, StakeholderAccount, Unit, stakeholder_event, utcnow

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
EDITABLE = ("display_name", "kind", "unit_id", "organiser", "pks_profile", "contact", "active")
PORTAL_SOURCE = "portal"


class PortalLoginFailed(UserError):
    pass


@dataclass(frozen=True)
class AccountRow:
    id: str
    username: str
    display_name: str
    kind: str
    unit_id: str | None
    unit_name: str
    organiser: str
    pks_profile: str
    contact: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    event_ids: tuple[str, ...]


def _portal_actor(username: str) -> Actor:
    """Who the audit names for a portal login: the account, marked as a portal account."""
    return Actor(f"portal:{username or '?'}"[:64], Role.VIEWER, source=PORTAL_SOURCE)


def _check_username(session: Session, username: str) -> str:
    username = username.strip()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum() or len(username) > 64:
        raise UserError(T("Nama akun hanya boleh huruf, angka, titik, garis bawah atau tanda hubung.",
                          "Account names may contain only letters, digits, dots, underscores or hyphens."))
    if session.scalar(select(StakeholderAccount.id).where(StakeholderAccount.username == username)):
        raise UserError(T("Nama akun {u} sudah dipakai.", "The account name {u} is taken.", u=username))
    return username


def _checked(session: Session, values: dict) -> dict:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise UserError(T("Kolom tidak dikenal: {c}", "Unknown field: {c}", c=", ".join(sorted(unknown))))
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    try:
        kind = Kind(values["kind"])
    except (KeyError, ValueError):
        raise UserError(T("Jenis akun tidak dikenal: {k}", "Unknown account kind: {k}", k=values.get("kind"))) from None
    try:
        profile = Profile(values.get("pks_profile") or Profile.COUNTS_ONLY.value)
    except ValueError:
        raise UserError(T("Profil PKS tidak dikenal: {p}", "Unknown PKS profile: {p}", p=values.get("pks_profile"))) from None
    if kind not in policy.UNIT_KINDS:
        values["unit_id"] = None
    if kind is not Kind.ORGANISER:
        values["organiser"] = ""
    policy.check_account_fields(kind, values.get("unit_id"), profile)
    if values.get("unit_id"):
        get_live(session, Unit, values["unit_id"], T("Satuan {u} tidak ditemukan.", "Unit {u} not found.",
                                                     u=values["unit_id"]))
    if kind is Kind.ORGANISER and not values.get("organiser"):
        raise UserError(T("Akun penyelenggara harus menyebut nama penyelenggara.",
                          "An organiser account needs the organiser's name."))
    values["kind"], values["pks_profile"] = kind.value, profile.value
    return values


def _set_events(session: Session, actor: Actor, account: StakeholderAccount, event_ids, changes: Changes) -> None:
    wanted = sorted(set(event_ids))
    for event_id in wanted:
        get_live(session, Event, event_id, T("Kegiatan {e} tidak ditemukan.", "Event {e} not found.", e=event_id))
    now = sorted(session.scalars(select(stakeholder_event.c.event_id)
                                 .where(stakeholder_event.c.account_id == account.id)))
    if now == wanted:
        return
    session.execute(delete(stakeholder_event).where(stakeholder_event.c.account_id == account.id))
    if wanted:
        session.execute(insert(stakeholder_event), [{"account_id": account.id, "event_id": e} for e in wanted])
    audit.record(session, actor, "update", "stakeholder_account", account.id, {"event_ids": now},
                 {"event_ids": wanted}, note="kegiatan akun portal")
    changes.add(Change("stakeholder_account", account.id, "update", {"event_ids": now}, {"event_ids": wanted},
                       account.row_version))


def create_account(session: Session, actor: Actor, username: str, password: str, values: dict,
                   event_ids: list[str] | tuple[str, ...] = ()) -> Changes:
    """A new portal account; the id is `changes.created("stakeholder_account")[0]`."""
    require(actor, Permission.MANAGE_STAKEHOLDERS)
    refuse_on_replica(session)
    username = _check_username(session, username)
    values = _checked(session, {"active": True, **values})
    check_password_strength(password)
    changes = Changes()
    account = audit.create(session, actor, StakeholderAccount(username=username, password_hash=hash_password(password),
                                                              **values), changes)
    _set_events(session, actor, account, event_ids, changes)
    return changes


def find_account(session: Session, ref: str) -> StakeholderAccount:
    account = session.get(StakeholderAccount, ref) or session.scalar(
        select(StakeholderAccount).where(StakeholderAccount.username == ref))
    if account is None or account.deleted_at is not None:
        raise UserError(T("Akun portal {a} tidak ditemukan.", "Portal account {a} not found.", a=ref))
    return account


def update_account(session: Session, actor: Actor, account_id: str, values: dict,
                   event_ids: list[str] | tuple[str, ...] | None = None) -> Changes:
    require(actor, Permission.MANAGE_STAKEHOLDERS)
    refuse_on_replica(session)
    account = find_account(session, account_id)
    merged = {k: getattr(account, k) for k in EDITABLE}
    merged.update(values)
    merged = _checked(session, merged)
    changes = Changes()
    audit.update(session, actor, account, {k: v for k, v in merged.items() if getattr(account, k) != v}, changes)
    if event_ids is not None:
        _set_events(session, actor, account, event_ids, changes)
    return changes


def set_account_password(session: Session, actor: Actor, account_id: str, password: str) -> Changes:
    """A new password (and the lockout lifted)."""
    require(actor, Permission.MANAGE_STAKEHOLDERS)
    refuse_on_replica(session)
    account = find_account(session, account_id)
    check_password_strength(password)
    account.password_hash = hash_password(password)
    account.failed_attempts, account.locked_until = 0, None
    account.row_version = (account.row_version or 0) + 1
    account.updated_by = actor.username
    audit.record(session, actor, "update", "stakeholder_account", account.id, {"password_hash": "***"},
                 {"password_hash": "***"}, note="kata sandi akun portal diganti")
    changes = Changes()
    changes.add(Change("stakeholder_account", account.id, "update", {"password_hash": "***"},
                       {"password_hash": "***"}, account.row_version))
    return changes


def delete_account(session: Session, actor: Actor, account_id: str) -> Changes:
    require(actor, Permission.MANAGE_STAKEHOLDERS)
    refuse_on_replica(session)
    changes = Changes()
    audit.tombstone(session, actor, find_account(session, account_id), changes)
    return changes


def list_accounts(session: Session, actor: Actor) -> list[AccountRow]:
    require(actor, Permission.MANAGE_STAKEHOLDERS)
    links: dict[str, list[str]] = {}
    for account_id, event_id in session.execute(select(stakeholder_event.c.account_id, stakeholder_event.c.event_id)):
        links.setdefault(account_id, []).append(event_id)
    rows = session.execute(select(StakeholderAccount, Unit.short_name).outerjoin(Unit, Unit.id == StakeholderAccount.unit_id)
                           .where(StakeholderAccount.deleted_at.is_(None)).order_by(StakeholderAccount.username))
    return [AccountRow(a.id, a.username, a.display_name, a.kind, a.unit_id, unit or "", a.organiser, a.pks_profile,
                       a.contact, a.active, a.locked_until, a.last_login_at, tuple(sorted(links.get(a.id, ()))))
            for a, unit in rows]


def authenticate(session: Session, username: str, password: str) -> str:
    """The account id for a right password; every attempt is audited and committed. Refusals do not say
    whether the name exists; after MAX_FAILED_ATTEMPTS the account is locked for LOCKOUT."""
    username = (username or "").strip()[:64]
    who = _portal_actor(username)
    account = session.scalar(select(StakeholderAccount).where(StakeholderAccount.username == username))
    now = utcnow()
    wrong = T("Nama akun atau kata sandi salah.", "Wrong account name or password.")
    if account is None or not account.active or account.deleted_at is not None:
        _hasher.hash(password or "-")              # the same cost as a real check: no timing hint
        audit.record(session, who, "portal_login_gagal", "stakeholder_account", "", note="akun tidak dikenal/nonaktif")
        session.commit()
        raise PortalLoginFailed(wrong)
    if account.locked_until and account.locked_until > now:
        minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
        audit.record(session, who, "portal_login_gagal", "stakeholder_account", account.id, note="akun terkunci")
        session.commit()
        raise PortalLoginFailed(T("Akun terkunci karena terlalu banyak percobaan gagal. Coba lagi dalam {m} menit.",
                                  "The account is locked after too many failed attempts. Try again in {m} minutes.",
                                  m=minutes))
    try:
        _hasher.verify(account.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        account.failed_attempts = (account.failed_attempts or 0) + 1
        note = f"percobaan gagal ke-{account.failed_attempts}"
        if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
            account.locked_until = now + LOCKOUT
            account.failed_attempts = 0
            note += "; akun dikunci"
        audit.record(session, who, "portal_login_gagal", "stakeholder_account", account.id, note=note)
        session.commit()
        raise PortalLoginFailed(wrong)
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.failed_attempts, account.locked_until, account.last_login_at = 0, None, now
    audit.record(session, who, "portal_login", "stakeholder_account", account.id)
    session.commit()
    return account.id


def record_logout(session: Session, username: str, account_id: str, note: str = "") -> None:
    audit.record(session, _portal_actor(username), "portal_logout", "stakeholder_account", account_id, note=note)
    session.commit()
