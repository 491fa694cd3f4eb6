"""Key layout after GlobaLeaks (see docs/wbs.md):

- each case has an X25519 key pair; its content is sealed to the case public key;
- the case private key is sealed to each holder: the escrow key, the intake roles' accounts at
  submission, assigned handlers later (`wbs_case_key`), and wrapped for the reporter under
  Argon2id(receipt) (`wbs_case.receipt_key_ct`);
- each account's private key is wrapped under Argon2id(password) (`wbs_account.private_key_ct`);
- the escrow private key exists only on the recovery sheet printed at `wbs init`;
- the reporter's identity has its own secret key, sealed to the Inspektur accounts and the escrow key,
  and per approved request to one handler (`wbs_identity_key`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.wbs import crypto, settings
from antasena_desktop.wbs.crypto import PrivateKey
from db.wbs.models import WbsAccount, WbsCaseKey, WbsIdentityKey

ESCROW = "escrow"
ESCROW_PUBLIC = "escrow_public_key"
LOOKUP_KEY = "receipt_lookup_key"


class NoKey(UserError):
    pass


@dataclass
class Keyring:
    """A holder's unlocked private key, in memory only: a logged-in handler, or the escrow sheet."""
    holder: str                         # account id, or "escrow"
    username: str
    private_key: PrivateKey = field(repr=False)
    _cases: dict[str, PrivateKey] = field(default_factory=dict, repr=False)

    @property
    def public_key(self) -> bytes:
        return bytes(self.private_key.public_key)

    def has_case(self, session: Session, case_id: str) -> bool:
        return case_id in self._cases or _sealed(session, WbsCaseKey, case_id, self.holder) is not None

    def case_key(self, session: Session, case_id: str) -> PrivateKey:
        """The case's private key, unsealed with this holder's key; NoKey when not shared with it."""
        if case_id not in self._cases:
            row = _sealed(session, WbsCaseKey, case_id, self.holder)
            if row is None:
                raise NoKey(T("Kunci perkara ini tidak dibagikan kepada Anda (belum ditugaskan).",
                              "This case's key has not been shared with you (not assigned)."))
            self._cases[case_id] = PrivateKey(crypto.unseal(self.private_key, row.sealed_key))
        return self._cases[case_id]

    def identity_key(self, session: Session, case_id: str) -> bytes | None:
        row = _sealed(session, WbsIdentityKey, case_id, self.holder)
        return None if row is None else crypto.unseal(self.private_key, row.sealed_key)

    def forget(self) -> None:
        self._cases.clear()


def _sealed(session: Session, model, case_id: str, holder: str):
    return session.scalar(select(model).where(model.case_id == case_id, model.holder == holder))


def escrow_public_key(session: Session) -> bytes:
    key = settings.get_bytes(session, ESCROW_PUBLIC)
    if key is None:
        raise UserError(T("Basis data WBS belum disiapkan: jalankan `antasena wbs init`.",
                          "The WBS database is not set up: run `antasena wbs init`."))
    return key


def receipt_lookup_key(session: Session) -> bytes:
    key = settings.get_bytes(session, LOOKUP_KEY)
    if key is None:
        escrow_public_key(session)       # raises the "not set up" message
    return key


def create_system_keys(session: Session) -> PrivateKey:
    """At `wbs init`: the escrow key pair (public half stored, private half returned to be printed once)
    and the receipt lookup key (non-secret salt of the short receipt index)."""
    if settings.get_bytes(session, ESCROW_PUBLIC) is not None:
        raise UserError(T("Basis data WBS ini sudah disiapkan; kunci cadangan tidak dibuat ulang.",
                          "This WBS database is already set up; the escrow key is not made again."))
    escrow = crypto.new_keypair()
    settings.put_bytes(session, ESCROW_PUBLIC, bytes(escrow.public_key))
    settings.put_bytes(session, LOOKUP_KEY, crypto.random_bytes(32))
    return escrow


def escrow_keyring(session: Session, sheet_text: str) -> Keyring:
    """A keyring from the recovery sheet's key text; refused when it does not match this database."""
    try:
        private = PrivateKey(crypto.key_from_text(sheet_text))
    except Exception as exc:  # noqa: BLE001 - any decoding problem is the same operator error
        raise UserError(T("Kunci pemulihan tidak terbaca.", "The recovery key cannot be read.")) from exc
    if bytes(private.public_key) != escrow_public_key(session):
        raise UserError(T("Kunci pemulihan ini bukan milik basis data WBS ini.",
                          "This recovery key does not belong to this WBS database."))
    return Keyring(ESCROW, "escrow", private)


def seal_case_key(session: Session, case_id: str, case_key: PrivateKey, holder: str, public_key: bytes) -> None:
    row = _sealed(session, WbsCaseKey, case_id, holder)
    sealed = crypto.seal(public_key, bytes(case_key))
    if row is None:
        session.add(WbsCaseKey(case_id=case_id, holder=holder, sealed_key=sealed))
    else:
        row.sealed_key = sealed


def seal_identity_key(session: Session, case_id: str, identity_key: bytes, holder: str, public_key: bytes) -> None:
    row = _sealed(session, WbsIdentityKey, case_id, holder)
    sealed = crypto.seal(public_key, identity_key)
    if row is None:
        session.add(WbsIdentityKey(case_id=case_id, holder=holder, sealed_key=sealed))
    else:
        row.sealed_key = sealed


def intake_recipients(session: Session) -> list[tuple[str, bytes]]:
    """(holder, public key) of everyone a new case key is sealed to: escrow + intake roles' accounts."""
    from antasena_desktop.wbs.roles import INTAKE_ROLES
    rows = session.scalars(select(WbsAccount).where(WbsAccount.active.is_(True),
                                                    WbsAccount.role.in_([r.value for r in INTAKE_ROLES])))
    return [(ESCROW, escrow_public_key(session))] + [(a.id, a.public_key) for a in rows]


def identity_recipients(session: Session) -> list[tuple[str, bytes]]:
    """Escrow + the Inspektur accounts: the only holders of a reporter's identity by default."""
    from antasena_desktop.wbs.roles import WbsRole
    rows = session.scalars(select(WbsAccount).where(WbsAccount.active.is_(True),
                                                    WbsAccount.role == WbsRole.INSPEKTUR.value))
    return [(ESCROW, escrow_public_key(session))] + [(a.id, a.public_key) for a in rows]


def wrap_private_key(private_key: PrivateKey, password: str, salt: bytes, params: crypto.KdfParams) -> bytes:
    return crypto.secret_encrypt(crypto.derive_key(password, salt, params), bytes(private_key))


def unwrap_private_key(wrapped: bytes, password: str, salt: bytes, params: crypto.KdfParams) -> PrivateKey:
    """Raises crypto.CryptoError on a wrong password (the secret box does not authenticate)."""
    return PrivateKey(crypto.secret_decrypt(crypto.derive_key(password, salt, params), wrapped))
