"""Surat Perintah records and the numbering register."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, OperationalMixin, UTCDateTime


ORIGINAL_SPRIN = "parent_id IS NULL AND status = 'issued' AND deleted_at IS NULL"


class Sprin(OperationalMixin, Base):
    __tablename__ = "sprin"
    # One issued original per event, guaranteed by the database (amendments have a parent_id).
    __table_args__ = (Index("uq_sprin_one_original", "event_id", unique=True,
                            sqlite_where=text(ORIGINAL_SPRIN), postgresql_where=text(ORIGINAL_SPRIN)),)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("event.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24), default="pengamanan")
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | approved | issued | cancelled
    number: Mapped[str | None] = mapped_column(String(64), unique=True)
    content_json: Mapped[str] = mapped_column(Text, default="{}")      # frozen at issue
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("sprin.id"))  # Sprin perubahan
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_scan_path: Mapped[str] = mapped_column(String(400), default="")


class DocumentNumber(Base):
    """Numbering register: one row per number ever allocated; cancelled numbers stay with a reason."""
    __tablename__ = "document_number"
    __table_args__ = (UniqueConstraint("kind", "year", "seq", name="uq_document_number_kind_year_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(24))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    sprin_id: Mapped[str | None] = mapped_column(ForeignKey("sprin.id"))
    status: Mapped[str] = mapped_column(String(16), default="dipakai")  # dipakai | dibatalkan
    reason: Mapped[str] = mapped_column(String(300), default="")
    allocated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    allocated_by: Mapped[str] = mapped_column(String(64))
