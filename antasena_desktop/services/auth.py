"""Accounts: argon2 password hashes, login with lockout, user administration."""
from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import SYSTEM, Actor, Permission, Role, require
from db.models import UserAccount, utcnow

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()


class LoginFailed(UserError):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(T("Kata sandi minimal {n} karakter.", "The password needs at least {n} characters.",
                          n=MIN_PASSWORD_LENGTH))
    if password.isalpha() or password.isdigit():
        raise UserError(T("Kata sandi harus memuat huruf dan angka/simbol.",
                          "The password must mix letters with digits or symbols."))


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(UserAccount)))


def actor_for(user: UserAccount, source: str = "gui") -> Actor:
    return Actor(user.username, Role(user.role), user.id, user.unit_id, source)


def authenticate(session: Session, username: str, password: str, source: str = "gui") -> Actor:
    """Check a login; commits the attempt (failures count toward lockout) and audits it."""
    user = session.scalar(select(UserAccount).where(UserAccount.username == username.strip()))
    now = utcnow()
    who = Actor(username.strip() or "?", Role.VIEWER, source=source)
    if user is None or not user.active or user.deleted_at is not None:
        audit.record(session, who, "login_gagal", "user_account", "", note="pengguna tidak dikenal/nonaktif")
        session.commit()
        raise LoginFailed(T("Nama pengguna atau kata sandi salah.", "Wrong user name or password."))
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        audit.record(session, who, "login_gagal", "user_account", user.id, note="akun terkunci")
        session.commit()
        raise LoginFailed(T("Akun terkunci karena terlalu banyak percobaan gagal. Coba lagi dalam {m} menit.",
                            "The account is locked after too many failed attempts. Try again in {m} minutes.",
                            m=minutes))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts = (user.failed_attempts or 0) + 1
        note = f"percobaan gagal ke-{user.failed_attempts}"
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            note += "; akun dikunci"
        audit.record(session, who, "login_gagal", "user_account", user.id, note=note)
        session.commit()
        raise LoginFailed(T("Nama pengguna atau kata sandi salah.", "Wrong user name or password."))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    actor = actor_for(user, source)
    audit.record(session, actor, "login", "user_account", user.id)
    session.commit()
    return actor


def create_user(session: Session, actor: Actor, username: str, password: str, role: Role,
                full_name: str = "", unit_id: str | None = None) -> Changes:
    """Create an account (Admin only, or the system on first run). Caller commits."""
    if actor is not SYSTEM and has_users(session):
        require(actor, Permission.MANAGE_USERS)
    username = username.strip()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise UserError(T("Nama pengguna hanya boleh huruf, angka, titik, garis bawah atau tanda hubung.",
                          "User names may contain only letters, digits, dots, underscores or hyphens."))
    if session.scalar(select(UserAccount).where(UserAccount.username == username)):
        raise UserError(T("Nama pengguna {u} sudah dipakai.", "The user name {u} is taken.", u=username))
    if role is Role.OPERATOR_SATKER and not unit_id:
        raise UserError(T("Operator Satker harus terikat pada satu satuan.",
                          "A unit operator must belong to a unit."))
    check_password_strength(password)
    changes = Changes()
    user = UserAccount(username=username, full_name=full_name, password_hash=hash_password(password),
                       role=role.value, unit_id=unit_id, active=True)
    audit.create(session, actor, user, changes)
    return changes


def set_password(session: Session, actor: Actor, username: str, new_password: str) -> Changes:
    """A new password (own account, or any by an Admin); used by `antasena user passwd`."""
    user = session.scalar(select(UserAccount).where(UserAccount.username == username))
    if user is None:
        raise UserError(T("Pengguna {u} tidak ada.", "No user {u}.", u=username))
    if actor.username != username:
        require(actor, Permission.MANAGE_USERS)
    check_password_strength(new_password)
    changes = Changes()
    changed = audit.update(session, actor, user, {"password_hash": hash_password(new_password),
                                                  "failed_attempts": 0, "locked_until": None}, changes,
                           note="kata sandi diganti")
    if not changed:     # the hash is redacted in audit snapshots, so the diff alone would be empty
        user.row_version = (user.row_version or 0) + 1
        user.updated_by = actor.username
        audit.record(session, actor, "update", "user_account", user.id, {"password_hash": "***"},
                     {"password_hash": "***"}, note="kata sandi diganti")
    return changes
