"""WBS accounts (separate from Bag Ops): login unlocks the account's private key into a Keyring.

The password is checked by unwrapping the private key (Argon2id-derived key + secret box): there is
no separate password hash to attack. Lockout after repeated failures, like the Bag Ops accounts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.auth import MIN_PASSWORD_LENGTH, check_password_strength
from antasena_desktop.timefmt import now_utc
from antasena_desktop.wbs import audit, crypto, keys
from antasena_desktop.wbs.keys import Keyring
from antasena_desktop.wbs.roles import SYSTEM, WILAYAH, WbsActor, WbsPermission, WbsRole, refuse, require
from db.wbs.models import WbsAccount, WbsCaseKey, WbsIdentityKey

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
__all__ = ["login", "create_account", "change_password", "reset_password_with_escrow", "list_accounts",
           "set_active", "LoginFailed", "AccountRow", "MIN_PASSWORD_LENGTH", "has_accounts"]


class LoginFailed(UserError):
    pass


@dataclass(frozen=True)
class AccountRow:
    id: str
    username: str
    full_name: str
    role: WbsRole
    wilayah: str | None
    active: bool
    last_login_at: object


def has_accounts(session: Session) -> bool:
    return session.scalar(select(WbsAccount.id).limit(1)) is not None


def _actor(account: WbsAccount, source: str) -> WbsActor:
    return WbsActor(account.username, WbsRole(account.role), account.id, source, account.wilayah)


def _find(session: Session, username: str) -> WbsAccount | None:
    return session.scalar(select(WbsAccount).where(WbsAccount.username == (username or "").strip()))


def login(session: Session, username: str, password: str, source: str = "gui") -> tuple[WbsActor, Keyring]:
    """Check a login; commits the attempt (failures count toward lockout) and audits it."""
    account = _find(session, username)
    now = now_utc()
    who = WbsActor((username or "").strip() or "?", WbsRole.PEMBINA, source=source)
    wrong = LoginFailed(T("Nama pengguna atau kata sandi salah.", "Wrong user name or password."))
    if account is None or not account.active:
        audit.record(session, who, "login_gagal", entity="wbs_account", note="pengguna tidak dikenal/nonaktif")
        session.commit()
        raise wrong
    if account.locked_until and account.locked_until > now:
        minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
        audit.record(session, who, "login_gagal", entity="wbs_account", entity_id=account.id, note="akun terkunci")
        session.commit()
        raise LoginFailed(T("Akun terkunci karena terlalu banyak percobaan gagal. Coba lagi dalam {m} menit.",
                            "The account is locked after too many failed attempts. Try again in {m} minutes.", m=minutes))
    try:
        private = keys.unwrap_private_key(account.private_key_ct, password or "", account.kdf_salt,
                                          crypto.KdfParams(account.kdf_ops, account.kdf_mem))
    except crypto.CryptoError:
        account.failed_attempts = (account.failed_attempts or 0) + 1
        note = f"percobaan gagal ke-{account.failed_attempts}"
        if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
            account.locked_until, account.failed_attempts = now + LOCKOUT, 0
            note += "; akun dikunci"
        audit.record(session, who, "login_gagal", entity="wbs_account", entity_id=account.id, note=note)
        session.commit()
        raise wrong from None
    account.failed_attempts, account.locked_until, account.last_login_at = 0, None, now
    actor = _actor(account, source)
    audit.record(session, actor, "login", entity="wbs_account", entity_id=account.id)
    session.commit()
    return actor, Keyring(account.id, account.username, private)


def _new_wrapped_key(password: str) -> tuple[crypto.PrivateKey, dict]:
    private = crypto.new_keypair()
    salt = crypto.new_salt()
    params = crypto.DEFAULT_KDF
    return private, {"public_key": bytes(private.public_key), "kdf_salt": salt, "kdf_ops": params.ops,
                     "kdf_mem": params.mem, "private_key_ct": keys.wrap_private_key(private, password, salt, params)}


def create_account(session: Session, actor: WbsActor, username: str, password: str, role: WbsRole,
                   full_name: str = "", wilayah: str | None = None) -> WbsActor:
    """A new Tim WBS account with its own key pair (Administrator sistem, or the system at init).
    New cases reach it by its role (intake roles) or by assignment. Caller commits."""
    if actor is not SYSTEM:
        require(actor, WbsPermission.MANAGE_ACCOUNTS, session)
    username = (username or "").strip()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise UserError(T("Nama pengguna hanya boleh huruf, angka, titik, garis bawah atau tanda hubung.",
                          "User names may contain only letters, digits, dots, underscores or hyphens."))
    if _find(session, username) is not None:
        raise UserError(T("Nama pengguna {u} sudah dipakai.", "The user name {u} is taken.", u=username))
    role = WbsRole(role)
    if role is WbsRole.PENELAAH and wilayah not in WILAYAH:
        raise UserError(T("Penelaah harus memiliki wilayah: {w}.", "A reviewer needs a region: {w}.",
                          w=", ".join(WILAYAH)))
    if role is not WbsRole.PENELAAH:
        wilayah = None
    check_password_strength(password)
    _private, values = _new_wrapped_key(password)
    account = WbsAccount(username=username, full_name=full_name, role=role.value, wilayah=wilayah, active=True,
                         **values)
    session.add(account)
    session.flush()
    audit.record(session, actor, "akun_baru", entity="wbs_account", entity_id=account.id, note=f"peran {role.value}")
    return _actor(account, actor.source)


def change_password(session: Session, actor: WbsActor, keyring: Keyring, old_password: str, new_password: str) -> None:
    """Re-wrap the same private key under the new password (no case key needs to change)."""
    account = session.get(WbsAccount, actor.user_id)
    try:
        keys.unwrap_private_key(account.private_key_ct, old_password, account.kdf_salt,
                                crypto.KdfParams(account.kdf_ops, account.kdf_mem))
    except crypto.CryptoError:
        refuse(session, actor, "ganti sandi: sandi lama salah")
        raise UserError(T("Kata sandi lama salah.", "The old password is wrong.")) from None
    check_password_strength(new_password)
    salt, params = crypto.new_salt(), crypto.DEFAULT_KDF
    account.private_key_ct = keys.wrap_private_key(keyring.private_key, new_password, salt, params)
    account.kdf_salt, account.kdf_ops, account.kdf_mem = salt, params.ops, params.mem
    account.row_version += 1
    audit.record(session, actor, "ganti_sandi", entity="wbs_account", entity_id=account.id)


def reset_password_with_escrow(session: Session, actor: WbsActor, username: str, recovery_key_text: str,
                               new_password: str) -> int:
    """A forgotten password: the account gets a new key pair; every case and identity key it held is
    re-sealed to it from the escrow copy (the recovery sheet). Returns the number of keys re-sealed."""
    require(actor, WbsPermission.MANAGE_ACCOUNTS, session)
    escrow = keys.escrow_keyring(session, recovery_key_text)
    account = _find(session, username)
    if account is None:
        raise UserError(T("Pengguna {u} tidak ada.", "No user {u}.", u=username))
    check_password_strength(new_password)
    _private, values = _new_wrapped_key(new_password)
    for key, value in values.items():
        setattr(account, key, value)
    account.failed_attempts, account.locked_until = 0, None
    account.row_version += 1
    count = 0
    for model, opener in ((WbsCaseKey, lambda cid: bytes(escrow.case_key(session, cid))),
                          (WbsIdentityKey, lambda cid: escrow.identity_key(session, cid))):
        for row in session.scalars(select(model).where(model.holder == account.id)).all():
            secret = opener(row.case_id)
            if secret is None:
                continue
            row.sealed_key = crypto.seal(account.public_key, secret)
            count += 1
    audit.record(session, actor, "reset_sandi_escrow", entity="wbs_account", entity_id=account.id,
                 note=f"kunci disegel ulang {count}")
    return count


def list_accounts(session: Session, actor: WbsActor) -> list[AccountRow]:
    require(actor, WbsPermission.MANAGE_ACCOUNTS, session)
    rows = session.scalars(select(WbsAccount).order_by(WbsAccount.username))
    return [AccountRow(a.id, a.username, a.full_name, WbsRole(a.role), a.wilayah, a.active, a.last_login_at)
            for a in rows]


def set_active(session: Session, actor: WbsActor, username: str, active: bool) -> None:
    require(actor, WbsPermission.MANAGE_ACCOUNTS, session)
    account = _find(session, username)
    if account is None:
        raise UserError(T("Pengguna {u} tidak ada.", "No user {u}.", u=username))
    account.active = active
    account.row_version += 1
    audit.record(session, actor, "akun_aktif" if active else "akun_nonaktif", entity="wbs_account",
                 entity_id=account.id)
