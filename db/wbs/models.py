"""The WBS schema. Its own declarative base and metadata: never mixed with the Bag Ops tables.

Only status, dates, deadlines, counters and routing labels are in clear; every column ending in `_ct`
is ciphertext (a libsodium sealed box to the case key or a secret box), see docs/wbs.md.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, ForeignKey, Integer, LargeBinary, MetaData, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.models.base import NAMING, UTCDateTime, new_id, utcnow


class WbsBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WbsAccount(WbsBase):
    """A Tim WBS member. The private key is wrapped with a key derived from the password (Argon2id);
    a wrong password fails to unwrap it, which is also the login check."""
    __tablename__ = "wbs_account"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(24))
    wilayah: Mapped[str | None] = mapped_column(String(16))          # penelaah: I..IV or investigasi
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    private_key_ct: Mapped[bytes] = mapped_column(LargeBinary)      # secret box under Argon2id(password)
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    kdf_ops: Mapped[int] = mapped_column(Integer)
    kdf_mem: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, default=1)


class WbsSetting(WbsBase):
    """Configuration (stages, deadlines, categories, routing, retention) and public system values."""
    __tablename__ = "wbs_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="system")


class WbsCase(WbsBase):
    __tablename__ = "wbs_case"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(24), unique=True)       # WBS/2026/0041
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32), index=True)         # coarse label, for counters
    stage: Mapped[str] = mapped_column(String(24), index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    follow_up: Mapped[str | None] = mapped_column(String(32))             # audit_investigasi | rekomendasi_ppk | rujukan_aph
    name_restored: Mapped[bool] = mapped_column(Boolean, default=False)    # pemulihan nama baik
    wilayah: Mapped[str | None] = mapped_column(String(16))               # routed Irban
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    has_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    stage_entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ack_due: Mapped[date] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_due: Mapped[date] = mapped_column(Date)
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stage_due: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purge_after: Mapped[date | None] = mapped_column(Date)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_update_at: Mapped[datetime] = mapped_column(UTCDateTime)
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    attachment_count: Mapped[int] = mapped_column(Integer, default=0)
    # keys: the case's public key; its private key wrapped for the reporter under Argon2id(receipt)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    receipt_lookup: Mapped[str | None] = mapped_column(String(8), index=True)   # short keyed hash, non-secret
    receipt_salt: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    receipt_verifier: Mapped[bytes | None] = mapped_column(LargeBinary(32))     # sha256 of half the Argon2id output
    receipt_key_ct: Mapped[bytes | None] = mapped_column(LargeBinary)           # case private key, secret box
    kdf_ops: Mapped[int] = mapped_column(Integer, default=2)
    kdf_mem: Mapped[int] = mapped_column(Integer, default=67108864)
    report_ct: Mapped[bytes | None] = mapped_column(LargeBinary)               # the form, sealed to the case key
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(64), default="system")


class WbsCaseKey(WbsBase):
    """The case private key sealed to one holder: a handler's public key or the escrow key."""
    __tablename__ = "wbs_case_key"
    __table_args__ = (UniqueConstraint("case_id", "holder", name="case_holder"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    holder: Mapped[str] = mapped_column(String(36))              # account id, or "escrow"
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WbsAssignment(WbsBase):
    __tablename__ = "wbs_assignment"
    __table_args__ = (UniqueConstraint("case_id", "account_id", name="case_account"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("wbs_account.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_by: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WbsAttachment(WbsBase):
    """An uploaded file: name, type and bytes encrypted (the attachment store is this table)."""
    __tablename__ = "wbs_attachment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    origin: Mapped[str] = mapped_column(String(16), default="reporter")   # reporter | tim_wbs
    meta_ct: Mapped[bytes] = mapped_column(LargeBinary)                  # {filename, content_type, size}
    data_ct: Mapped[bytes] = mapped_column(LargeBinary)


class WbsMessage(WbsBase):
    """Two-way messages with the reporter (what the reporter sees)."""
    __tablename__ = "wbs_message"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sender: Mapped[str] = mapped_column(String(16))                      # reporter | tim_wbs
    author: Mapped[str | None] = mapped_column(String(64))               # handler username (tim_wbs)
    text_ct: Mapped[bytes] = mapped_column(LargeBinary)


class WbsNote(WbsBase):
    """Internal notes, never shown to the reporter: note, telaahan, laporan tindak lanjut, checklist."""
    __tablename__ = "wbs_note"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="note")
    text_ct: Mapped[bytes] = mapped_column(LargeBinary)


class WbsHistory(WbsBase):
    """Status history: who, when, from/to in clear; why encrypted (a reason may quote the report)."""
    __tablename__ = "wbs_history"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    from_stage: Mapped[str | None] = mapped_column(String(24))
    to_stage: Mapped[str] = mapped_column(String(24))
    reason_ct: Mapped[bytes | None] = mapped_column(LargeBinary)


class WbsIdentity(WbsBase):
    """The reporter's identity: a secret box under its own key, which is sealed only to the Inspektur
    accounts, the escrow key and, per approved request, one handler."""
    __tablename__ = "wbs_identity"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    identity_ct: Mapped[bytes] = mapped_column(LargeBinary)


class WbsIdentityKey(WbsBase):
    __tablename__ = "wbs_identity_key"
    __table_args__ = (UniqueConstraint("case_id", "holder", name="identity_holder"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    holder: Mapped[str] = mapped_column(String(36))              # account id, or "escrow"
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)


class WbsIdentityRequest(WbsBase):
    __tablename__ = "wbs_identity_request"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("wbs_case.id"), index=True)
    requester_id: Mapped[str] = mapped_column(ForeignKey("wbs_account.id"))
    legal_basis: Mapped[str] = mapped_column(String(120))        # nomor surat tugas Wali Kota
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="pending")   # pending | approved | rejected
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note_ct: Mapped[bytes | None] = mapped_column(LargeBinary)


class WbsAuditLog(WbsBase):
    """Append-only, hash-chained (antasena_desktop/audit_chain.py). Never holds case content."""
    __tablename__ = "wbs_audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24), default="")
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(16), default="gui")
    note: Mapped[str] = mapped_column(String(400), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class WbsAuditHead(WbsBase):
    """One row: the chain's last hash. Writers update it first, so they take the write lock before
    reading the head and two writers never chain onto the same row."""
    __tablename__ = "wbs_audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer, default=0)


class WbsCounter(WbsBase):
    """Per-year case numbering (WBS/2026/0041)."""
    __tablename__ = "wbs_counter"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
